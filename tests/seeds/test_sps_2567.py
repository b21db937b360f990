"""Acceptance facts of seeds 000 and 002 (สำนักพัฒนาสังคม, แผนปฏิบัติราชการ 2567 + คำรับรอง).

``fixtures/sps-2567.json`` is imported once per module with the interchange importer (inside a
transaction that is rolled back at the end), then checked against the facts listed in the
digests (seed-000 §9, seed-002 §9): framework counts, targets, the summary project list and its
stated/computed totals, the agreement KPIs with their rubrics and weights, and the narrative.
"""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import transaction

from frameworks.models import Framework, FrameworkNode, Policy
from kpis.models import Kpi
from orgs.models import OrgUnit
from plans.interchange.importer import import_plan_document
from plans.models import Adoption, Component, Plan, PlanSection, SwotItem, TowsStrategy
from plans.selectors import plan_budget_totals
from projects.models import Project

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "sps-2567.json"
AGREEMENT = ["1.1-1", "1.1-2", "1.1-3", "1.2-1", "1.3-1", "1.3-2"]
D = Decimal

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def report(django_db_setup, django_db_blocker):
    """Import the fixture once for the module; everything is rolled back afterwards."""
    document = json.loads(FIXTURE.read_text(encoding="utf-8"))
    with django_db_blocker.unblock(), transaction.atomic():
        result = import_plan_document(document=document)
        assert result.ok, result.errors
        yield result
        transaction.set_rollback(True)


@pytest.fixture
def plan(report):
    return Plan.objects.get(org_unit__code="สพส.", fiscal_year=2567)


def nodes(level, framework="BMA-2567"):
    return FrameworkNode.objects.filter(framework__code=framework, level__key=level)


def kpi(plan, code):
    return Kpi.objects.get(plan=plan, code=code)


def year_text(k, kind, year):
    return k.year_values.get(kind=kind, fiscal_year=year).text


def amount(project):
    line = project.budget_lines.get(fiscal_year=2567)
    return line.status, line.amount


def flags(report, code):
    return [f for f in report.flags if f["code"] == code]


# --- seed 000 §9 -----------------------------------------------------------------------------


def test_01_agency_and_fiscal_year(plan):
    assert plan.org_unit.name_th == "สำนักพัฒนาสังคม"
    assert plan.org_unit.parent.code == "กทม."
    assert plan.fiscal_year == 2567
    assert plan.status == "approved"
    assert plan.framework.code == "BMA-2567"
    assert list(plan.related_frameworks.values_list("code", flat=True)) == ["SPS-2567"]
    divisions = set(OrgUnit.objects.filter(parent__code="สพส.").values_list("code", flat=True))
    assert {"สสส.", "สสช.", "สพช.", "กน."} <= divisions
    assert OrgUnit.objects.get(code="สนข.").kind == "group"
    assert OrgUnit.objects.get(code="พอช.").kind == "external"


def test_02_staffing_491_424_67(plan):
    table = PlanSection.objects.get(plan=plan, key="profile").table
    rows = {row[0]: row[1:] for row in table["rows"]}
    assert rows["อัตรากำลัง"] == [205, 121, 115, 50, 491]
    assert rows["ผู้ครอง"][-1] == 424
    assert rows["อัตราว่าง"] == [23, 40, 0, 4, 67]


def test_03_vision_and_four_missions(plan):
    vision = PlanSection.objects.get(plan=plan, kind="vision").body_html
    assert ("สำนักพัฒนาสังคม เป็นองค์กรที่เป็นเลิศในการพัฒนาคุณภาพชีวิตและเสริมสร้างความเข้มแข็งทางสังคม") in vision
    missions = PlanSection.objects.filter(plan=plan, kind="mission").order_by("order")
    assert missions.count() == 4
    assert "ความเสมอภาคและเคารพในศักดิ์ศรีของความเป็นมนุษย์" in missions[0].body_html


def test_04_cascade_9_subs_18_krs_26_tactics_49_kpis(plan):
    subs = set(nodes("substrategy").values_list("code", flat=True))
    assert subs == {"1.5", "3.1", "3.2", "3.3", "3.4", "4.2", "5.2", "6.1", "7.3", "6.2"}
    assert nodes("strategy").count() == 6
    assert nodes("objective").count() == 10
    assert nodes("kr").count() == 18
    assert nodes("tactic").count() == 26
    part1 = Kpi.objects.filter(plan=plan, part=1)
    assert part1.count() == 49
    assert part1.filter(code__startswith="3.").count() == 33
    assert part1.filter(code__startswith="6.").count() == 12
    s7 = nodes("strategy").get(code="7")
    assert "การสร้างความเป็นมืออาชีพในการบริหารจัดการมหานคร" in s7.aliases
    assert nodes("kr").filter(adoptions__plan=plan).count() == 18


def test_05_substrategy_3_2_objectives_and_kr1(plan):
    assert nodes("objective").filter(parent__code="3.2").count() == 2
    krs = nodes("kr").filter(path__startswith=nodes("substrategy").get(code="3.2").path)
    assert krs.count() == 5
    kr1 = krs.get(code="3.2:KR1")
    assert kr1.short_code == "KR 1"
    assert kr1.target_text == "20,000 คน"
    adoption = Adoption.objects.get(plan=plan, node=kr1)
    assert adoption.role == "H"
    assert list(adoption.lead_units.values_list("code", flat=True)) == ["สพส."]
    assert list(adoption.supporting_units.values_list("code", flat=True)) == ["สนข."]


def test_06_kpi_3_1_1_2_targets(plan):
    k = kpi(plan, "3.1.1.2")
    assert year_text(k, "target", 2567) == "30 เขต"
    assert year_text(k, "target", 2566) == "-"
    value = k.year_values.get(kind="target", fiscal_year=2567).value
    assert value["parts"][0]["value"] == "30" and value["parts"][0]["unit"] == "เขต"
    assert k.nodes.filter(code="3.1.1").exists()


def test_07_kpi_6_1_9_2_target_and_formula(plan):
    k = kpi(plan, "6.1.9.2")
    assert year_text(k, "target", 2567) == "ร้อยละ 55"
    assert "มูลค่าเพิ่มขึ้น x 100" in k.calculation_th
    assert "จำนวนผลิตภัณฑ์ที่เข้าร่วมโครงการทั้งหมด" in k.calculation_th


def test_08_summary_list_55_rows_and_totals(report, plan):
    assert Project.objects.filter(plan=plan, part=1).count() == 55
    assert plan.stated_totals["part1"] == "543335900.00"
    assert plan_budget_totals(plan)["part1"] == D("548660000.00")
    [flag] = [f for f in flags(report, "total_mismatch") if f["path"].endswith("part1")]
    assert "543,335,900" in flag["message"] and "548,660,000" in flag["message"]


def test_09_strong_community_project_552001(plan):
    p = Project.objects.get(plan=plan, strategy_codes=["552001"])
    assert p.name_th == "โครงการชุมชนเข้มแข็งพัฒนาตนเองตามหลักปรัชญาเศรษฐกิจ"
    assert amount(p) == ("amount", D("401800000.00"))
    assert sorted(p.policies.values_list("code", flat=True)) == ["046", "205"]
    assert list(p.owner_units.values_list("code", flat=True)) == ["สพช."]
    assert p.kpi_links.get(is_primary=True).kpi.code == "5.2.2.2"


def test_10_bkk_food_bank(plan):
    p = Project.objects.get(plan=plan, part=1, name_th__contains="BKK Food Bank")
    assert p.strategy_codes == ["331005", "331006"]
    assert amount(p) == ("amount", D("1227200.00"))
    assert list(p.policies.values_list("code", flat=True)) == ["148"]
    assert "150,000 มื้อ" in p.status_note


def test_11_integrated_plan_two_projects_146500(plan):
    integrated = Project.objects.filter(plan=plan, part=1, is_integrated=True)
    assert integrated.count() == 2
    total = sum((line.amount or 0) for p in integrated for line in p.budget_lines.all())
    assert total == D("146500.00")


def test_12_part2_five_projects_stated_4845300(report, plan):
    assert Project.objects.filter(plan=plan, part=2).count() == 5
    assert plan.stated_totals["part2"] == "4845300.00"
    assert plan_budget_totals(plan)["part2"] == D("6834000.00")
    assert any(f["path"].endswith("part2") for f in flags(report, "total_mismatch"))
    okr = nodes("kr", framework="SPS-2567").get(code="8.3.04")
    assert okr.parent.parent.code == "1"  # ประเด็นการพัฒนาที่ 1
    assert Framework.objects.get(code="SPS-2567").kind == "agency"


def test_13_part3_routine_items(plan):
    routine = Project.objects.filter(plan=plan, part=3)
    assert routine.count() >= 124
    tractor = routine.get(name_th__contains="รถแทรกเตอร์")
    assert amount(tractor) == ("amount", D("2100000.00"))
    fund = routine.get(name_th__contains="เงินสมทบกองทุนสวัสดิการชุมชน")
    assert amount(fund)[1] == D("15000000.00")
    table = routine.get(name_th__contains="โต๊ะตัดขนสุนัข")
    assert amount(table)[1] is None


def test_14_agreement_weights_10_10_10_20_10_10(plan):
    ks = [kpi(plan, c) for c in AGREEMENT]
    assert [k.weight for k in ks] == [D(10), D(10), D(10), D(20), D(10), D(10)]
    assert sum(k.weight for k in ks) == D(70)
    assert all(k.part is None for k in ks)


def test_15_kpi1_rubric_and_13_centres(plan):
    k = kpi(plan, "1.1-1")
    levels = {lv.level: lv for lv in k.levels.all()}
    assert (levels[5].threshold_text, levels[5].score) == ("ร้อยละ ๑๐๐", D(10))
    assert (levels[4].threshold_text, levels[4].score) == ("ร้อยละ ๘๐", D(8))
    assert levels[3].score == D(6) and levels[2].score == D(4)
    assert (levels[1].threshold_text, levels[1].score) == ("ร้อยละ ๒๐", D(2))
    assert "จำนวน ๑๓ ศูนย์" in k.definition_th and "(๑๓)" in k.definition_th


def test_16_kpi4_creative_districts(plan):
    k = kpi(plan, "1.2-1")
    assert [lv.score for lv in k.levels.order_by("-level")] == [D(x) for x in (20, 16, 12, 8, 4)]
    assert year_text(k, "target", 2567) == "ระดับ ๕ (๖ ย่าน)"
    assert "ขั้นตอนที่ ๑ - ๒ จะอยู่ในระดับความสำเร็จ ๑" in k.notes_th
    assert "ขั้นตอนที่ ๖ - ๗ จะอยู่ในระดับความสำเร็จ ๕" in k.notes_th
    assert k.nodes.filter(code="6.2").exists()
    assert list(k.policies.values_list("code", flat=True)) == ["036"]


def test_17_kpi5_one_map_baseline(plan):
    k = kpi(plan, "1.3-1")
    assert "๓๖๘ ชุมชน" in year_text(k, "baseline", 2566)
    assert "๒๓ สิงหาคม ๒๕๖๖" in year_text(k, "baseline", 2566)
    assert "๒,๐๑๐ ชุมชน" in k.definition_th


def test_18_kpi6_baseline_one_regulation_per_year(plan):
    k = kpi(plan, "1.3-2")
    for year in (2564, 2565, 2566):
        assert year_text(k, "baseline", year) == "๑ ฉบับ"
    assert year_text(k, "target", 2567) == "ระดับ ๕"


def test_19_policies_of_table_ng(plan):
    table_ng = {
        "204",
        "157",
        "209",
        "233",
        "234",
        "101",
        "099",
        "122",
        "133",
        "135",
        "213",
        "036",
        "030",
        "123",
        "124",
        "129",
        "139",
        "140",
        "141",
        "142",
        "143",
        "144",
        "148",
        "153",
        "160",
        "163",
        "151",
        "029",
        "188",
        "205",
        "211",
    }
    assert len(table_ng) == 31
    assert table_ng <= set(Policy.objects.values_list("code", flat=True))
    assert Policy.objects.get(code="029").name_th.startswith("อาสาสมัครเทคโนโลยี (อสท.)")
    assert Policy.objects.get(code="099").dimension_th == "เรียนดี"
    volunteers = Project.objects.get(plan=plan, part=1, policies__code="029")
    assert amount(volunteers) == ("amount", D("23642500.00"))
    assert "1,500 คน" in volunteers.status_note  # ตาราง ง: KR จำนวน อสท.


def test_20_volunteer_step_plan(plan):
    p = Project.objects.get(plan=plan, part=1, name_th="โครงการจ้างอาสาสมัครพัฒนาชุมชน")
    weights = list(p.steps.order_by("order").values_list("weight", flat=True))
    assert weights == [D(10), D(10), D(60), D(20)]
    running, cumulative = D(0), []
    for w in weights:
        running += w
        cumulative.append(running)
    assert cumulative == [D(10), D(20), D(80), D(100)]
    with_steps = Project.objects.filter(plan=plan, part__in=(1, 2), steps__isnull=False)
    assert with_steps.distinct().count() == 55  # 58 plans, 3 printed twice


# --- seed 002 §9 -----------------------------------------------------------------------------


def test_21_components_30_20_20_make_70(plan):
    comps = {c.code: c for c in Component.objects.filter(plan=plan)}
    assert comps["1"].weight == D(70) and comps["1"].parent is None
    for code, n_kpis, weight in (("1.1", 3, 30), ("1.2", 1, 20), ("1.3", 2, 20)):
        assert comps[code].parent == comps["1"]
        assert comps[code].weight == D(weight)
        assert comps[code].kpis.count() == n_kpis
        assert sum(k.weight for k in comps[code].kpis.all()) == D(weight)
    assert "Function Base" in comps["1.1"].name_th
    assert "Joint KPIs" in comps["1.2"].name_th
    assert "Agenda Base" in comps["1.3"].name_th


def test_22_every_rubric_5_to_1_with_thresholds_and_weight_times_level(plan):
    thresholds = {5: "ร้อยละ ๑๐๐", 4: "ร้อยละ ๘๐", 3: "ร้อยละ ๖๐", 2: "ร้อยละ ๔๐", 1: "ร้อยละ ๒๐"}
    for code in AGREEMENT:
        k = kpi(plan, code)
        assert k.scale_kind == "rubric"
        rows = list(k.levels.order_by("-level"))
        assert [r.level for r in rows] == [5, 4, 3, 2, 1]
        for r in rows:
            assert r.threshold_text == thresholds[r.level]
            assert r.score == k.weight * r.level / 5


def test_23_kpi_1_1_3_baseline_and_target(plan):
    k = kpi(plan, "1.1-3")
    assert year_text(k, "baseline", 2566) == "๑ หลักสูตร (พนักงานแม่บ้านโรงแรม)"
    assert year_text(k, "target", 2567) == "ร้อยละ ๑๐๐ (จำนวนไม่น้อยกว่า ๒ หลักสูตร)"
    assert k.adoption.node.code == "3.2:KR2"


def test_24_links_of_1_1_1_and_1_3_1(plan):
    k1 = kpi(plan, "1.1-1")
    assert list(k1.policies.values_list("code", flat=True)) == ["099"]
    assert k1.adoption.node.code == "3.1:KR3"
    k5 = kpi(plan, "1.3-1")
    assert list(k5.policies.values_list("code", flat=True)) == ["211"]
    assert Policy.objects.get(code="211").dimension_th == "สังคมดี"
    assert k5.nodes.filter(code="3.3").exists()


def test_25_kpi_1_1_2_roles_and_cut_off_date(plan):
    k = kpi(plan, "1.1-2")
    assert "ณ วันที่ ๓๐ กันยายน ๒๕๖๗" in k.definition_th
    roles = list(k.responsibilities.order_by("order").values_list("org_unit__code", "role"))
    assert roles[0] == ("สพส.", "lead")
    assert roles[1] == ("สนข.", "support")  # หน่วยงานรอง
    supporting = [code for code, role in roles[2:] if role == "support"]
    assert supporting == ["สงม.", "สกค.", "สจส.", "สปภ.", "สนอ."]


def test_26_satisfaction_in_level5_of_four_kpis_only(plan):
    for code in AGREEMENT:
        level5 = kpi(plan, code).levels.get(level=5).criterion_th
        has_satisfaction = "พึงพอใจ" in level5
        assert has_satisfaction == (code in {"1.1-1", "1.1-2", "1.1-3", "1.2-1"}), code


def test_27_worked_example_54_of_70(plan):
    achieved = dict(zip(AGREEMENT, (5, 4, 3, 4, 5, 2), strict=True))
    total = D(0)
    weighted = D(0)
    for code, level in achieved.items():
        k = kpi(plan, code)
        total += k.levels.get(level=level).score
        weighted += k.weight * level
    assert total == D(54)
    assert (weighted / D(70)).quantize(D("0.001")) == D("3.857")


def test_28_joint_kpi_units_and_narrative(plan):
    k = kpi(plan, "1.2-1")
    joint = set(k.responsibilities.filter(role="joint").values_list("org_unit__code", flat=True))
    assert joint == {"สวท.", "สพส.", "สปส.", "สนศ.", "สป."}
    assert SwotItem.objects.filter(plan=plan).count() == 110
    assert SwotItem.objects.get(plan=plan, code="T6.3").quadrant == "T"
    so1 = TowsStrategy.objects.get(plan=plan, code="SO1")
    assert so1.factor_codes == ["S1.2", "S2.6", "S5.1", "O3.3", "O2.2"]
    assert so1.node_tag == "3.1"
    situation = PlanSection.objects.get(plan=plan, key="situation-3")
    assert situation.framework_node.code == "3"
