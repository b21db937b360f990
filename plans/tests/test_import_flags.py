"""Flags are facts the data contradicts: imported anyway and reported."""

import pytest

from kpis.models import Kpi, KpiResponsibility
from orgs.models import OrgUnit
from plans.interchange.importer import import_plan_document
from projects.models import Project

pytestmark = pytest.mark.django_db


def _flags(report, code):
    return [f for f in report.flags if f["code"] == code]


def test_stated_total_that_disagrees_with_computed_total(document):
    document["plan"]["stated_totals"]["part1"] = "1700000.00"

    report = import_plan_document(document=document)

    assert report.ok, report.errors
    [flag] = _flags(report, "total_mismatch")
    assert flag["path"] == "plan.stated_totals.part1"
    assert "1,700,000.00" in flag["message"] and "1,727,200.00" in flag["message"]


def test_stated_total_counts_a_project_once_and_only_this_years_amount(document):
    # P1-002 also has a 2568 instalment; P2-001's not-funded request is excluded.
    document["plan"]["stated_totals"] = {"part1": "2027200.00", "part2": "250000.00"}

    report = import_plan_document(document=document)

    assert [f["path"] for f in _flags(report, "total_mismatch")] == [
        "plan.stated_totals.part1",
        "plan.stated_totals.part2",
    ]


def test_step_weights_that_do_not_reach_100(document):
    document["projects"][0]["steps"][2]["weight"] = "40.00"
    document["projects"][0]["steps"][2]["stated_cumulative"] = "90.00"

    report = import_plan_document(document=document)

    assert report.ok, report.errors
    [flag] = _flags(report, "step_weights")
    assert flag["path"] == "projects[0].steps"
    assert "90" in flag["message"]
    assert _flags(report, "cumulative_mismatch") == []
    assert Project.objects.get(code="P1-001").steps.count() == 3


def test_stated_cumulative_that_disagrees_with_the_running_sum(document):
    document["projects"][0]["steps"][1]["stated_cumulative"] = "60.00"

    report = import_plan_document(document=document)

    assert report.ok, report.errors
    [flag] = _flags(report, "cumulative_mismatch")
    assert flag["path"] == "projects[0].steps[1].stated_cumulative"
    assert "60" in flag["message"] and "50" in flag["message"]


def test_unknown_unit_abbreviation_is_kept_as_text(document):
    document["projects"][0]["owner_units"] = ["สพข."]
    document["projects"][0]["owner_text"] = ""
    document["kpis"][0]["responsibilities"][0]["unit"] = "สพข."

    report = import_plan_document(document=document)

    assert report.ok, report.errors
    paths = [f["path"] for f in _flags(report, "unknown_unit")]
    assert paths == ["kpis[0].responsibilities[0].unit", "projects[0].owner_units[0]"]
    assert not OrgUnit.objects.filter(code="สพข.").exists()
    project = Project.objects.get(code="P1-001")
    assert project.owner_text == "สพข." and project.owner_units.count() == 0
    lead = KpiResponsibility.objects.get(kpi__code="1.1-1", order=0)
    assert (lead.org_unit, lead.unit_text) == (None, "สพข.")


def test_unit_matched_by_alias_is_not_flagged(document):
    document["projects"][0]["owner_units"] = ["สำนักพัฒนาสังคม"]

    report = import_plan_document(document=document)

    assert _flags(report, "unknown_unit") == []
    owners = Project.objects.get(code="P1-001").owner_units.values_list("code", flat=True)
    assert list(owners) == ["สพส."]


def test_kpi_code_used_twice_is_merged_into_the_first(document):
    duplicate = {
        **document["kpis"][0],
        "name_th": "ชื่อซ้ำ",
        "nodes": ["3.1"],
        "targets": [{"year": 2568, "text": "ร้อยละ 100"}],
        "conditions_th": "เงื่อนไขจากแถวที่สอง",
    }
    document["kpis"].append(duplicate)

    report = import_plan_document(document=document)

    assert report.ok, report.errors
    [flag] = _flags(report, "duplicate_kpi_code")
    assert flag["path"] == "kpis[7].code"
    kpi = Kpi.objects.get(code="1.1-1")
    assert Kpi.objects.filter(code="1.1-1").count() == 1
    assert kpi.name_th.startswith("ร้อยละความสำเร็จ")  # the first row wins
    assert kpi.conditions_th == "เงื่อนไขจากแถวที่สอง"  # empty there, filled from the later row
    assert sorted(kpi.nodes.values_list("code", flat=True)) == ["3.1", "3.1.1", "3.1.1.2"]
    assert sorted(kpi.year_values.filter(kind="target").values_list("fiscal_year", flat=True)) == [
        2567,
        2568,
    ]


def test_unparsed_target_and_other_weights(document):
    document["kpis"][0]["targets"][0]["text"] = "ดีขึ้นมาก ๆ"
    document["kpis"][3]["scale"]["steps"][0]["points"] = "10.00"
    document["components"][1]["weight"] = "35.00"
    document["plan"]["tows"][0]["factor_codes"].append("S9.9")
    document["plan"]["sections"][0]["body_html"] = "<p>ก</p><script>alert(1)</script>"

    report = import_plan_document(document=document)

    assert report.ok, report.errors
    codes = {f["code"]: f["path"] for f in report.flags}
    assert codes["unparsed_target"] == "kpis[0].targets[0].text"
    assert codes["scale_points"] == "kpis[3].scale.steps"
    assert codes["unknown_swot_code"] == "plan.tows[0].factor_codes[2]"
    assert codes["html_sanitised"] == "plan.sections[0].body_html"
    assert "components[1].weight" in [f["path"] for f in _flags(report, "component_weights")]
    assert Kpi.objects.get(code="1.1-1").year_values.get(kind="target").flagged
