"""Export → import into an empty database → export is byte-identical."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from frameworks.models import Framework, FrameworkNode, Policy
from kpis.models import Kpi
from orgs.models import OrgUnit
from plans.interchange.exporter import dumps_document, export_plan_document
from plans.interchange.importer import import_plan_document
from plans.interchange.validate import validate_document
from plans.models import Plan
from plans.tests.documents import _project, build_document, table_counts
from projects.models import ExpenseClass, Project

pytestmark = pytest.mark.django_db


def _delete_tree(model):
    """Leaves first: a tree's parent link is PROTECT."""
    for depth in sorted(set(model.objects.values_list("depth", flat=True)), reverse=True):
        model.objects.filter(depth=depth).delete()


def _wipe_everything():
    Project.objects.all().delete()
    Kpi.objects.all().delete()
    Plan.objects.all().delete()
    for tree in (ExpenseClass, FrameworkNode):
        _delete_tree(tree)
    Framework.objects.all().delete()
    Policy.objects.all().delete()
    _delete_tree(OrgUnit)
    leftovers = table_counts(history=False)
    assert {
        t: n for t, n in leftovers.items() if n and not t.startswith(("auth_", "django_"))
    } == {}


def _export(plan_id):
    return dumps_document(export_plan_document(Plan.objects.get(pk=plan_id)))


def test_export_import_empty_database_export_is_byte_identical(imported):
    first = _export(imported.plan_id)

    _wipe_everything()
    report = import_plan_document(document=json.loads(first))
    assert report.ok, report.errors
    assert report.flags == []
    second = _export(report.plan_id)

    assert second == first


def test_export_is_canonical_text(imported):
    text = _export(imported.plan_id)
    document = json.loads(text)

    assert text.endswith("}\n") and "\\u0e" not in text
    assert text == json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    assert list(document) == [
        "format", "org_unit", "fiscal_year", "org_units", "framework", "related_frameworks",
        "policies", "plan", "components", "kpis", "projects",
    ]  # fmt: skip
    assert validate_document(document).errors == []
    kpi = document["kpis"][0]
    assert kpi["weight"] == "10.00"
    assert kpi["targets"][0]["value"]["parts"][0]["value"] == "100"
    assert list(kpi["targets"][0]["value"]) == [
        "text", "normalized", "empty", "flagged", "notes", "parts",
    ]  # fmt: skip
    assert document["kpis"][4]["scale"]["parts"][0]["scale"]["levels"][0]["min"] == "3.51"
    assert document["projects"][0]["budget_lines"][0]["amount"] == "1227200.00"
    assert document["projects"][4]["expense_class"][-1] == "ค่าครุภัณฑ์"
    assert [u["code"] for u in document["org_units"]] == ["กทม.", "สพส.", "สพช.", "สนข."]


def test_exported_document_reimports_without_changes(imported):
    text = _export(imported.plan_id)
    counts = table_counts()

    report = import_plan_document(document=json.loads(text))

    assert report.ok, report.errors
    assert (report.created, report.updated, report.deleted) == ({}, {}, {})
    assert table_counts() == counts


def test_original_document_round_trips_through_export(imported, document):
    exported = export_plan_document(Plan.objects.get(pk=imported.plan_id))
    for kpi in exported["kpis"]:
        for item in kpi["baselines"] + kpi["targets"]:
            item.pop("value")
    assert exported == document


def test_export_query_count_does_not_grow_with_the_plan(imported, django_assert_num_queries):
    plan = Plan.objects.get(pk=imported.plan_id)
    with CaptureQueriesContext(connection) as small:
        export_plan_document(plan)

    document = build_document()
    document["projects"] += [
        _project(
            f"P1-{n:03d}",
            f"โครงการเพิ่ม {n}",
            1,
            owner_units=["สพช."],
            kpis=["1.1-1"],
            nodes=["3.1"],
            policies=["099"],
            budget_lines=[{"fiscal_year": 2567, "amount": "0.00", "status": "amount"}],
            steps=[{"order": 1, "name_th": "ทำ", "weight": "100.00"}],
        )
        for n in range(10, 40)
    ]
    assert import_plan_document(document=document).ok

    with django_assert_num_queries(len(small)):
        export_plan_document(plan)
    assert len(small) <= 32
