"""Acceptance facts of seed 003 (Bang Na District Office, action plan FY 2569).

The fixture ``fixtures/bangna-2569.json`` is imported with the interchange importer and checked
against the facts listed in the seed's digest (§9): framework counts, budgets over distinct
projects, BMA versus district targets, roles, evaluation weights and the narrative.
"""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from frameworks.models import FrameworkNode
from kpis.models import Kpi
from plans.interchange.importer import import_plan_document
from plans.models import Adoption, Component, Plan, PlanSection
from projects.models import BudgetLine, Project

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "bangna-2569.json"
DISTRICT = "สนข.บางนา"
AGENDA_BASE = {"41101", "4.1.2:KR1", "42308", "61107", "82205", "82210", "83104", "92202"}

pytestmark = pytest.mark.django_db


def load_document():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture
def report():
    result = import_plan_document(document=load_document())
    assert result.ok, result.errors
    return result


@pytest.fixture
def plan(report):
    return Plan.objects.get(org_unit__code=DISTRICT, fiscal_year=2569)


def nodes(level):
    return FrameworkNode.objects.filter(framework__code="BMA-2569", level__key=level)


def project_named(plan, fragment):
    return Project.objects.get(plan=plan, part=1, name_th__contains=fragment)


def plan_year_amount(project):
    line = project.budget_lines.get(fiscal_year=2569)
    return line.status, line.amount


def test_import_reports_no_errors_and_no_flags(report, plan):
    assert report.errors == []
    assert report.flags == []  # stated totals agree with the computed ones
    assert plan.status == "approved"
    assert plan.framework.code == "BMA-2569"
    assert list(plan.related_frameworks.values_list("code", flat=True)) == ["BMA-20Y"]


def test_cascade_counts_9_21_34_77_71(plan):
    # Fact 1 (line 508) and fact 19: issue 1.3 is absent, like 7.2 and 9.1.1.
    assert nodes("side").count() == 9
    assert nodes("issue").count() == 21
    assert nodes("super_okr").count() == 34
    assert nodes("kr").count() == 77
    assert Project.objects.filter(plan=plan, part=1).count() == 71
    codes = set(
        FrameworkNode.objects.filter(framework__code="BMA-2569").values_list("code", flat=True)
    )
    assert {"1.1", "1.2", "1.4"} <= codes
    assert not {"1.3", "7.2", "9.1.1"} & codes
    assert Adoption.objects.filter(plan=plan).count() == 77


@pytest.mark.parametrize(
    ("side", "issues", "super_okrs", "krs", "projects"),
    [("4", 2, 6, 17, 18), ("7", 2, 2, 2, 2)],  # fact 2 (lines 502 and 505)
)
def test_side_counts(plan, side, issues, super_okrs, krs, projects):
    assert nodes("issue").filter(parent__code=side).count() == issues
    assert nodes("super_okr").filter(parent__parent__code=side).count() == super_okrs
    assert nodes("kr").filter(parent__parent__parent__code=side).count() == krs
    primary = Project.objects.filter(
        plan=plan,
        part=1,
        kpi_links__is_primary=True,
        kpi_links__kpi__adoption__node__parent__parent__parent__code=side,
    )
    assert primary.count() == projects


def test_budget_totals_over_distinct_projects(plan):
    # Facts 3 and 4: 16,867,765 over 71 key projects (7 with a figure); 148,449,240 over 47
    # routine projects, counting only the FY 2569 instalment of the office building.
    from plans.selectors import plan_budget_totals

    totals = plan_budget_totals(plan)
    assert totals["part1"] == Decimal("16867765.00")
    assert totals["part3"] == Decimal("148449240.00")
    assert plan.stated_totals["key_projects"] == "16867765.00"
    assert plan.stated_totals["routine"] == "148449240.00"
    assert Project.objects.filter(plan=plan, part=3).count() == 47
    numeric = BudgetLine.objects.filter(
        project__plan=plan, project__part=1, fiscal_year=2569, status="amount"
    )
    assert numeric.count() == 7
    statuses = set(
        BudgetLine.objects.filter(project__plan=plan, project__part=1).values_list(
            "status", flat=True
        )
    )
    assert statuses == {"amount", "no_budget", "as_allocated", "as_repaired"}


def test_office_building_is_split_over_three_years(plan):
    # Fact 5 (line 949).
    building = Project.objects.get(
        plan=plan, part=3, name_th__contains="ก่อสร้างอาคารสำนักงานเขตบางนา"
    )
    lines = list(building.budget_lines.order_by("fiscal_year").values_list("fiscal_year", "amount"))
    assert lines == [
        (2569, Decimal("14050000.00")),
        (2570, Decimal("210750000.00")),
        (2571, Decimal("56200000.00")),
    ]
    assert sum(amount for _, amount in lines) == Decimal("281000000.00")
    assert "โอนงบประมาณไปสำนักการโยธา" in building.status_note


def test_bma_and_district_targets_on_the_same_kr(plan):
    # Fact 6: KR 41101, 250,000 trees across BMA (H = สสล.) and 4,900 in Bang Na (R).
    tree = FrameworkNode.objects.get(framework__code="BMA-2569", code="41101")
    assert tree.target_text == "250,000 ต้น"
    assert list(tree.host_units.values_list("code", flat=True)) == ["สสล."]
    adoption = Adoption.objects.get(plan=plan, node=tree)
    assert (adoption.role, adoption.local_target_text) == ("R", "4,900 ต้น")
    kpi = Kpi.objects.get(plan=plan, code="41101")
    assert kpi.year_values.get(kind="target", fiscal_year=2569).text == "4,900 ต้น"
    activity = project_named(plan, "กิจกรรมการปลูกต้นไม้รวมทุกประเภท")
    assert list(activity.owner_units.values_list("code", flat=True)) == ["บน.ฝ่ายรักษาความสะอาดฯ"]
    assert plan_year_amount(activity) == ("no_budget", None)
    # Fact 7: KR 42105; fact 18: KR 92202.
    for code, bma_target, district_target in (
        ("42105", "ลดลง 1,000 ตัน/วัน", "ลดลง 21.629 ตัน/วัน"),
        ("92202", "ไม่น้อยกว่า 15,000,000 ครั้ง", "ไม่น้อยกว่า 300,000 ครั้ง"),
    ):
        adoption = Adoption.objects.get(plan=plan, node__code=code)
        assert adoption.node.target_text == bma_target
        assert adoption.local_target_text == district_target


def test_51201_is_the_only_co_host(plan):
    # Fact 8 (lines 633 and 1085).
    roles = dict(Adoption.objects.filter(plan=plan).values_list("node__code", "role"))
    assert roles["51201"] == "CO-H"
    assert [code for code, role in roles.items() if role != "R"] == ["51201"]


def test_named_key_projects(plan):
    # Fact 9: drain cleaning, 2,522,500, ฝ่ายโยธา, KR 14101, policies 166 168 172.
    drains = project_named(plan, "โดยการล้างทำความสะอาด")
    assert plan_year_amount(drains) == ("amount", Decimal("2522500.00"))
    assert list(drains.owner_units.values_list("code", flat=True)) == ["บน.ฝ่ายโยธา"]
    assert drains.kpi_links.get(is_primary=True).kpi.code == "14101"
    assert sorted(drains.policies.values_list("code", flat=True)) == ["166", "168", "172"]
    # Fact 10: project 40, the health fund, 11,923,245, KR 51101, policy 174.
    fund = Project.objects.get(plan=plan, part=1, priority=40)
    assert "กองทุนหลักประกันสุขภาพ" in fund.name_th
    assert plan_year_amount(fund) == ("amount", Decimal("11923245.00"))
    assert fund.kpi_links.get(is_primary=True).kpi.code == "51101"
    assert list(fund.policies.values_list("code", flat=True)) == ["174"]
    # Fact 16: project 2 (15-minute parks) carries policies 108 109 110.
    parks = Project.objects.get(plan=plan, part=1, priority=2)
    assert "สวน 15 นาที" in parks.name_th
    assert sorted(parks.policies.values_list("code", flat=True)) == ["108", "109", "110"]
    # 68 distinct 3-digit policy codes over the key projects.
    used = set(Project.objects.filter(plan=plan).values_list("policies__code", flat=True))
    used.discard(None)
    assert len(used) == 68


def test_bkk_food_bank_is_one_project_counted_once(plan):
    food = Project.objects.filter(plan=plan, name_th__contains="BKK Food Bank")
    assert food.count() == 1
    project = food.get()
    assert sorted(project.kpis.values_list("code", flat=True)) == ["82204", "82205"]
    assert project.kpi_links.get(is_primary=True).kpi.code == "82205"
    # Both KRs are served by a project whose 50,000 baht appears once in the total.
    serving = Project.objects.filter(plan=plan, kpis__code__in=["82204", "82205"]).distinct()
    amounts = BudgetLine.objects.filter(project__in=serving, fiscal_year=2569, status="amount")
    assert [line.amount for line in amounts] == [Decimal("50000.00")]


def test_evaluation_scheme(plan):
    # Fact 11: Performance Base 70, Potential Base 30 with 5 indicators 10/5/5/5/5.
    weights = dict(Component.objects.filter(plan=plan).values_list("code", "weight"))
    assert weights == {"1": Decimal("70.00"), "2": Decimal("30.00")}
    potential = Kpi.objects.filter(plan=plan, component__code="2").order_by("code")
    assert [(k.code, k.weight) for k in potential] == [
        ("2.1", Decimal("10.00")),
        ("2.2", Decimal("5.00")),
        ("2.3", Decimal("5.00")),
        ("2.4", Decimal("5.00")),
        ("2.5", Decimal("5.00")),
    ]
    assert sum(k.weight for k in potential) == Decimal("30.00")
    assert "การเบิกจ่ายงบประมาณ" in potential[0].name_th
    # Indicator 2.4 reuses Function Base item 65's activity (BMA Policy Tracking).
    tracking = Project.objects.get(plan=plan, kpis__code="2.4")
    assert tracking.part == 1
    assert set(tracking.kpis.values_list("code", flat=True)) == {"91313", "2.4"}
    # Fact 12: Agenda Base holds 8 KRs (the first 8 key projects), Function Base the other 69.
    # The plan gives no per-KR weights, so the KR KPIs carry none.
    krs = Kpi.objects.filter(plan=plan, adoption__isnull=False)
    assert krs.count() == 77
    assert all(k.weight is None for k in krs)
    agenda = {k.code for k in krs if "(Agenda Base)" in k.notes_th}
    function = {k.code for k in krs if "(Function Base)" in k.notes_th}
    assert agenda == AGENDA_BASE
    assert len(function) == 69
    first_eight = Project.objects.filter(plan=plan, part=1, priority__lte=8)
    primaries = {p.kpi_links.get(is_primary=True).kpi.code for p in first_eight}
    assert primaries == AGENDA_BASE


def test_narrative_sections(plan):
    sections = {s.key: s for s in PlanSection.objects.filter(plan=plan)}
    # Fact 13: vision and 8 missions.
    assert "บางนาเมืองน่าอยู่ ด้วยความร่วมมือของทุกภาคส่วน" in sections["vision"].body_html
    assert plan.slogan_th == "บางนาเมืองน่าอยู่ ด้วยความร่วมมือของทุกภาคส่วน"
    assert sum(1 for s in sections.values() if s.kind == "mission") == 8
    # Fact 14: 84,653 people and 83,281 households as of 1 October 2568.
    population = sections["statistics-population"]
    assert population.table["footer"] == ["รวม", "18.789", "83,281", "38,914", "45,739", "84,653"]
    assert "1 ตุลาคม 2568" in population.body_html
    # Fact 15: staffing 1,073 / 998 / 75.
    assert sections["statistics-staff"].table["footer"] == ["รวม", "1,073", "998", "75"]
    # Fact 17: Part 1.2 and Part 2 are empty.
    assert sections["part1-2"].table["rows"] == [["-"] * 6]
    assert sections["part2"].table["rows"] == [["-"] * 6]
    assert not Project.objects.filter(plan=plan, part=2).exists()


def test_reimport_is_idempotent(plan):
    counts = (
        Project.objects.filter(plan=plan).count(),
        Kpi.objects.filter(plan=plan).count(),
        BudgetLine.objects.filter(project__plan=plan).count(),
    )
    again = import_plan_document(document=load_document())
    assert again.ok, again.errors
    assert again.created == {}
    assert again.deleted == {}
    assert counts == (
        Project.objects.filter(plan=plan).count(),
        Kpi.objects.filter(plan=plan).count(),
        BudgetLine.objects.filter(project__plan=plan).count(),
    )
