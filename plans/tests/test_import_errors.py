"""A bad field anywhere: every problem reported with its JSON path, nothing written."""

import pytest

from plans.interchange.importer import import_plan_document
from plans.models import Plan
from plans.tests.documents import build_document, table_counts

pytestmark = pytest.mark.django_db


def _set(path, value):
    """Return a function that sets document[path...] = value."""

    def apply(document):
        target = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return apply


CASES = {
    "bad enum": (_set(["projects", 0, "kind"], "programme"), "projects[0].kind"),
    "unknown KPI in a project": (_set(["projects", 0, "kpis", 1], "9.9-9"), "projects[0].kpis[1]"),
    "rubric level 7": (
        _set(["kpis", 0, "scale", "levels", 2, "level"], 7),
        "kpis[0].scale.levels[2].level",
    ),
    "month outside the fiscal year": (
        _set(["projects", 0, "steps", 2, "planned_months", 0], "2024-10"),
        "projects[0].steps[2].planned_months[0]",
    ),
    "money abc": (
        _set(["projects", 0, "budget_lines", 0, "amount"], "abc"),
        "projects[0].budget_lines[0].amount",
    ),
    "money as a number": (
        _set(["projects", 1, "budget_lines", 0, "amount"], 500000),
        "projects[1].budget_lines[0].amount",
    ),
    "missing required key": (
        lambda d: d["kpis"][2]["scale"].pop("kind"),
        "kpis[2].scale.kind",
    ),
    "unknown key": (_set(["plan", "colour"], "red"), "plan.colour"),
    "unknown node reference": (_set(["kpis", 0, "nodes", 0], "9.9"), "kpis[0].nodes[0]"),
    "unknown related node": (
        _set(["projects", 3, "nodes", 0], "SPS-2567/7.7"),
        "projects[3].nodes[0]",
    ),
    "unknown policy": (_set(["kpis", 0, "policies", 0], "777"), "kpis[0].policies[0]"),
    "unknown component": (_set(["kpis", 0, "component"], "9"), "kpis[0].component"),
    "adoption not in plan": (_set(["kpis", 0, "adoption"], "3.1"), "kpis[0].adoption"),
    "duplicate rubric level": (
        _set(["kpis", 0, "scale", "levels", 4, "level"], 4),
        "kpis[0].scale.levels[4].level",
    ),
    "budget status with amount": (
        _set(["projects", 2, "budget_lines", 0, "amount"], "10.00"),
        "projects[2].budget_lines[0].amount",
    ),
    "amount status without amount": (
        _set(["projects", 0, "budget_lines", 0, "amount"], None),
        "projects[0].budget_lines[0].amount",
    ),
    "child before parent": (
        lambda d: d["framework"]["nodes"].insert(0, d["framework"]["nodes"].pop(2)),
        "framework.nodes[0].parent_code",
    ),
    "duplicate project code": (_set(["projects", 1, "code"], "P1-001"), "projects[1].code"),
    "unknown plan unit": (_set(["org_unit"], "สยป."), "org_unit"),
    "framework outside the year": (_set(["fiscal_year"], 2569), "framework.fiscal_year"),
    "swot code in the wrong quadrant": (
        _set(["plan", "swot", 0, "code"], "W9.9"),
        "plan.swot[0].code",
    ),
}


@pytest.mark.parametrize(("break_it", "path"), CASES.values(), ids=CASES.keys())
def test_bad_field_is_reported_with_its_path_and_nothing_changes(imported, break_it, path):
    document = build_document()
    document["plan"]["title_th"] = "ชื่อใหม่ที่ไม่ควรถูกบันทึก"
    break_it(document)
    before = table_counts()

    report = import_plan_document(document=document)

    assert report.ok is False
    assert path in [e["path"] for e in report.errors], report.errors
    assert all(e["message"] for e in report.errors)
    assert (report.created, report.updated, report.deleted) == ({}, {}, {})
    assert report.plan_id is None
    assert table_counts() == before
    assert not Plan.objects.filter(title_th="ชื่อใหม่ที่ไม่ควรถูกบันทึก").exists()


def test_bad_document_into_an_empty_database_writes_nothing(db, document):
    document["kpis"][0]["scale"]["levels"][2]["level"] = 7
    before = table_counts()

    report = import_plan_document(document=document)

    assert not report.ok
    assert table_counts() == before


def test_every_error_is_collected_not_just_the_first(db, document):
    document["projects"][0]["kind"] = "programme"
    document["projects"][0]["budget_lines"][0]["amount"] = "abc"
    document["kpis"][0]["scale"]["levels"][2]["level"] = 7
    document["kpis"][3]["scale"]["steps"][0]["deadline"] = "2024-02-30"
    document["projects"][4]["steps"] = [
        {"order": 1, "name_th": "ซื้อ", "weight": "100.00", "planned_months": ["2567-01"]}
    ]

    report = import_plan_document(document=document)

    paths = [e["path"] for e in report.errors]
    assert set(paths) >= {
        "projects[0].kind",
        "projects[0].budget_lines[0].amount",
        "kpis[0].scale.levels[2].level",
        "kpis[3].scale.steps[0].deadline",
        "projects[4].steps[0].planned_months[0]",
    }
    by_path = {e["path"]: e["message"] for e in report.errors}
    assert "1–5" in by_path["kpis[0].scale.levels[2].level"]
    assert "ค.ศ." in by_path["projects[4].steps[0].planned_months[0]"]


def test_not_a_document(db):
    report = import_plan_document(document=["not", "an", "object"])
    assert not report.ok
    assert report.errors[0]["path"] == "$"

    report = import_plan_document(document={"format": "other/2"})
    assert not report.ok
    assert "format" in [e["path"] for e in report.errors]


def test_moving_a_node_under_its_own_descendant_is_refused(imported):
    document = build_document()
    nodes = document["framework"]["nodes"]
    # "3.1" under its stored descendant "3.1.1", which this document no longer lists
    document["framework"]["nodes"] = [n for n in nodes if n["code"] in ("1", "3", "3.1")]
    document["framework"]["nodes"][2]["parent_code"] = "3.1.1"
    document["framework"]["nodes"][2]["level"] = "kpi"
    before = table_counts()

    report = import_plan_document(document=document)

    assert not report.ok
    assert [e["path"] for e in report.errors] == ["framework.nodes[2].parent_code"]
    assert table_counts() == before
