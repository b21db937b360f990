"""Import is idempotent by codes: a second import updates, never duplicates."""

import pytest

from frameworks.models import FrameworkLevel, FrameworkNode
from kpis.models import Kpi, ScaleLevel
from plans.interchange.importer import import_plan_document
from plans.models import Plan
from plans.tests.documents import build_document, table_counts
from projects.models import BudgetLine, Project, WorkStep

pytestmark = pytest.mark.django_db


def _ids(model):
    return sorted(model.objects.values_list("pk", flat=True))


def test_second_import_changes_nothing(imported):
    counts = table_counts()
    ids = {m: _ids(m) for m in (Plan, Kpi, Project, ScaleLevel, BudgetLine, WorkStep)}
    versions = dict(Kpi.objects.values_list("code", "version"))

    report = import_plan_document(document=build_document())

    assert report.ok, report.errors
    assert report.plan_id == imported.plan_id
    assert (report.created, report.updated, report.deleted) == ({}, {}, {})
    assert table_counts() == counts
    assert {m: _ids(m) for m in ids} == ids
    assert dict(Kpi.objects.values_list("code", "version")) == versions


def test_changed_field_is_updated_in_place(imported):
    document = build_document()
    document["kpis"][1]["name_th"] = "ร้อยละความพึงพอใจของผู้รับบริการศูนย์"
    document["projects"][0]["budget_lines"][0]["amount"] = "1300000.00"
    document["plan"]["stated_totals"]["part1"] = "1800000.00"
    kpi = Kpi.objects.get(code="1.1-2")
    counts = table_counts(history=False)

    report = import_plan_document(document=document)

    assert report.ok, report.errors
    assert report.created == {}
    assert report.updated == {"plans": 1, "kpis": 1, "budget_lines": 1, "projects": 1}
    assert table_counts(history=False) == counts
    kpi_after = Kpi.objects.get(pk=kpi.pk)
    assert kpi_after.name_th == "ร้อยละความพึงพอใจของผู้รับบริการศูนย์"
    assert kpi_after.version == kpi.version + 1


def test_rows_the_document_no_longer_names_are_deleted(imported):
    document = build_document()
    document["projects"] = [p for p in document["projects"] if p["code"] != "P1-003"]
    document["kpis"] = [k for k in document["kpis"] if k["code"] != "1.2-1"]
    document["components"] = [c for c in document["components"] if c["code"] != "1.2"]
    document["plan"]["sections"].pop()
    document["plan"]["tows"].pop()
    document["projects"][0]["steps"].pop()

    report = import_plan_document(document=document)

    assert report.ok, report.errors
    assert report.deleted == {
        "sections": 1,
        "tows_strategies": 1,
        "work_steps": 1,
        "projects": 1,
        "kpis": 1,
        "components": 1,
    }
    plan = Plan.objects.get(pk=imported.plan_id)
    assert not plan.projects.filter(code="P1-003").exists()
    assert not plan.kpis.filter(code="1.2-1").exists()


def test_moved_primary_kpi_and_reordered_nodes(imported):
    document = build_document()
    project = document["projects"][0]
    project["primary_kpi"] = "1.1-2"
    # move tactic 3.1.1 directly under strategy 3 (its subtree follows)
    document["framework"]["nodes"][4]["parent_code"] = "3"

    report = import_plan_document(document=document)

    assert report.ok, report.errors
    saved = Project.objects.get(code="P1-001")
    assert saved.kpi_links.get(is_primary=True).kpi.code == "1.1-2"
    strategy = FrameworkNode.objects.get(framework__code="BMA-2567", code="3")
    kpi_node = FrameworkNode.objects.get(framework__code="BMA-2567", code="3.1.1.2")
    assert kpi_node.path.startswith(strategy.path) and kpi_node.depth == 3
    assert report.updated["framework_nodes"] == 1


def test_new_framework_level_in_the_middle_shifts_the_others(imported):
    document = build_document()
    levels = document["framework"]["levels"]
    levels.insert(3, {"key": "objective", "label_th": "วัตถุประสงค์หลัก", "label_en": ""})

    report = import_plan_document(document=document)

    assert report.ok, report.errors
    assert report.created == {"framework_levels": 1}
    stored = FrameworkLevel.objects.filter(framework__code="BMA-2567").order_by("order")
    assert [lv.key for lv in stored] == [lv["key"] for lv in levels]
