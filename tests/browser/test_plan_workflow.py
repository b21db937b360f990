"""The whole life of a plan in the browser, from last year's plan to a revised version.

A planner creates FY 2570 from the Bang Na FY 2569 seed plan, adopts a framework KR, adds a
KPI with a five-level rubric and a project with steps and budget, sees the totals move and
submits; an analyst returns it with a comment; the planner fixes and resubmits; the analyst
approves; the plan is read-only; a revision shows a diff. Screenshots of the main pages are
saved to artifacts/screenshots/ along the way.
"""

import re
from decimal import Decimal
from pathlib import Path

import pytest

from .conftest import ROOT, load_seed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED = "bangna-2569.json"


def _money(text: str) -> Decimal:
    return Decimal(re.sub(r"[^0-9.]", "", text) or "0")


@pytest.fixture
def bangna():
    if not (ROOT / "fixtures" / SEED).exists():
        pytest.skip("seed plan fixtures/bangna-2569.json is not there")
    from core.demo import create_demo_users
    from frameworks.models import Framework
    from plans.interchange.importer import import_plan_document

    report = import_plan_document(document=load_seed(SEED))
    assert report.ok, report.errors[:3]
    # สยป. extends the FY 2569 framework to FY 2570 (frameworks may span years).
    Framework.objects.filter(code="BMA-2569").update(last_fiscal_year=2570)
    create_demo_users()
    from orgs.models import OrgUnit

    return OrgUnit.objects.get(code="สนข.บางนา")


def test_plan_from_last_year_to_approved_revision(login, bangna):
    from frameworks.models import Framework, FrameworkNode
    from kpis.models import Kpi
    from plans.models import Plan
    from projects.models import Project

    planner = login("planner_bangna")
    p = planner.page
    p.on("dialog", lambda d: d.accept())
    planner.shot("home-planner")
    p.goto("/plans/")
    planner.shot("plan-list")

    # -- create FY 2570 from last year's plan --
    p.goto("/plans/new/")
    p.select_option("#id_org_unit", str(bangna.pk))
    p.fill("#id_fiscal_year", "2570")
    p.select_option("#id_framework", str(Framework.objects.get(code="BMA-2569").pk))
    assert p.is_checked("#id_from_last_year")
    planner.shot("plan-create")
    p.click("[data-testid=create-plan]")
    p.wait_for_url(re.compile(r"/plans/\d+/$"))
    plan = Plan.objects.get(org_unit=bangna, fiscal_year=2570)
    old = Plan.objects.get(org_unit=bangna, fiscal_year=2569)
    assert plan.status == "draft"
    assert plan.kpis.count() == old.kpis.count()
    assert plan.projects.count() == old.projects.count()
    assert plan.revisit_marks.exists()
    planner.shot("editor")
    part1_before = _money(p.inner_text("[data-testid=total-part1]"))

    # -- adopt a KR from the framework tree --
    adopted = set(plan.adoptions.values_list("node_id", flat=True))
    node = (
        FrameworkNode.objects.filter(framework__code="BMA-2569", level__key__in=["kr", "super_okr"])
        .exclude(pk__in=adopted)
        .order_by("path")
        .first()
    )
    p.click("[data-testid=open-adopt]")
    p.fill("[data-testid=tree-search]", node.code)
    p.click(f'[data-testid="adopt-{node.code}"]')
    form = p.wait_for_selector("[data-testid=adoption-form]")
    p.select_option("[data-testid=adoption-form] select[name=role]", "H")
    p.fill("[data-testid=adoption-target]", "ร้อยละ 80")
    p.wait_for_selector("[data-testid=adoption-form] [data-testid=parsed]:has-text('80')")
    planner.shot("adopt")
    form.query_selector("[data-testid=save]").click()
    p.wait_for_selector(f'[data-testid="adoption-{node.code}"]')
    assert plan.adoptions.filter(node=node, role="H", local_target_text="ร้อยละ 80").exists()

    # -- add a KPI with a five-level rubric; first an empty save shows Thai messages --
    p.click("[data-testid=add-kpi-1]")
    p.wait_for_selector("[data-testid=kpi-form]")
    p.fill("#id_code", "")
    p.click("[data-testid=save-kpi]")
    p.wait_for_selector("[data-testid=form-errors]")
    assert "กรุณากรอกข้อมูลช่องนี้" in p.inner_text("#kpi-general")
    assert not Kpi.objects.filter(plan=plan, code="บน-ทดสอบ-1").exists()
    p.fill("#id_code", "บน-ทดสอบ-1")
    p.fill("#id_name_th", "ร้อยละของครัวเรือนที่คัดแยกขยะอินทรีย์")
    p.fill("#id_unit_th", "ร้อยละ")
    p.fill("input[name=targets-0-text]", "ร้อยละ 60 (2 แห่ง)")
    p.wait_for_selector("#kpi-years [data-testid=parsed]:has-text('60')")
    for i, threshold in enumerate(["ร้อยละ 20", "ร้อยละ 30", "ร้อยละ 40", "ร้อยละ 50", "ร้อยละ 60"]):
        p.fill(f"input[name=levels-{i}-threshold_text]", threshold)
        p.fill(f"textarea[name=levels-{i}-criterion_th]", f"ดำเนินการได้{threshold}")
    planner.shot("kpi-new")
    p.click("[data-testid=save-kpi]")
    p.wait_for_url(re.compile(r"/kpis/\d+/page/$"))
    kpi = Kpi.objects.get(plan=plan, code="บน-ทดสอบ-1")
    assert kpi.levels.count() == 5
    assert kpi.year_values.get(kind="target", fiscal_year=2570).value["parts"][0]["value"] == "60"
    p.locator("#kpi-scale").scroll_into_view_if_needed()
    planner.shot("kpi-rubric")

    # -- add a project with a budget line and steps; cumulative % and totals are live --
    p.goto(f"/plans/{plan.pk}/projects/add/?part=1")
    p.fill("#id_code", "บน-P-ทดสอบ")
    p.fill("#id_name_th", "โครงการส่งเสริมการคัดแยกขยะอินทรีย์ในชุมชน")
    picker = p.locator("[data-testid=picker-kpis]")
    picker.locator(".picker-search").fill("บน-ทดสอบ-1")
    picker.locator("label:visible", has_text="บน-ทดสอบ-1").locator("input").check()
    p.fill("input[name=budget-0-amount]", "1500000")
    p.click("[data-testid=add-steps]")
    p.click("[data-testid=add-steps]")
    p.fill("textarea[name=steps-0-name_th]", "ประชาสัมพันธ์และจัดอบรม")
    p.fill("input[name=steps-0-weight]", "40")
    p.fill("textarea[name=steps-1-name_th]", "ติดตั้งถังขยะอินทรีย์และติดตามผล")
    p.fill("input[name=steps-1-weight]", "60")
    p.check("input[name=steps-0-planned_months][value='2026-10']")
    p.check("input[name=steps-0-planned_months][value='2026-11']")
    for month in ("2026-12", "2027-01", "2027-02", "2027-03"):
        p.check(f"input[name=steps-1-planned_months][value='{month}']")
    assert p.inner_text("[data-testid=steps-total]") == "100.00"
    cum = p.locator("table.steps .cum").all_inner_texts()
    assert cum[:2] == ["40.00", "100.00"]
    p.locator("#p-steps").scroll_into_view_if_needed()
    planner.shot("project-steps")
    p.click("[data-testid=save-project]")
    p.wait_for_url(re.compile(r"/projects/\d+/page/$"))
    project = Project.objects.get(plan=plan, code="บน-P-ทดสอบ")
    assert project.steps.count() == 2
    assert project.kpis.filter(pk=kpi.pk).exists()
    part1_after = _money(p.inner_text("[data-testid=total-part1]"))
    assert part1_after - part1_before == Decimal("1500000")
    planner.shot("project")

    # -- submit --
    p.goto(f"/plans/{plan.pk}/check/")
    planner.shot("check")
    p.click("[data-testid=submit-plan]")
    p.wait_for_url(re.compile(r"/plans/\d+/$"))
    assert "ส่งพิจารณา" in p.inner_text("[data-testid=plan-status]")

    # -- the analyst returns it with a comment on the KPI --
    analyst = login("analyst")
    a = analyst.page
    a.on("dialog", lambda d: d.accept())
    a.goto("/")
    assert plan.title_th in a.inner_text("[data-testid=waiting-plans]")
    analyst.shot("home-analyst")
    a.goto(f"/plans/{plan.pk}/kpis/{kpi.pk}/page/")
    a.click("[data-testid=add-comment]")
    a.fill("[data-testid=comment-text]", "ค่าเป้าหมายควรท้าทายขึ้น กรุณาทบทวนเป็นร้อยละ 70")
    a.click("[data-testid=comment-save]")
    a.wait_for_selector("[data-testid=comment]:has-text('ร้อยละ 70')")
    a.goto(f"/plans/{plan.pk}/check/")
    a.fill("[data-testid=return-note]", "โปรดแก้ไขตามความเห็นรายข้อ")
    analyst.shot("review")
    a.click("[data-testid=return-plan]")
    a.wait_for_url(re.compile(r"/plans/\d+/$"))
    assert "ส่งกลับแก้ไข" in a.inner_text("[data-testid=plan-status]")

    # -- the planner fixes and resubmits --
    p.goto(f"/plans/{plan.pk}/")
    assert "ร้อยละ 70" in p.inner_text("[data-testid=open-comments]")
    planner.shot("editor-returned")
    p.goto(f"/plans/{plan.pk}/kpis/{kpi.pk}/page/")
    p.fill("input[name=targets-0-text]", "ร้อยละ 70 (2 แห่ง)")
    p.click("[data-testid=save-kpi]")
    p.wait_for_selector("[data-testid=saved]")
    p.click("[data-testid=resolve-comment]")
    p.wait_for_selector(".comment.resolved")
    p.goto(f"/plans/{plan.pk}/check/")
    p.click("[data-testid=submit-plan]")
    p.wait_for_url(re.compile(r"/plans/\d+/$"))

    # -- the analyst approves; the plan is read-only --
    a.goto(f"/plans/{plan.pk}/check/")
    a.click("[data-testid=approve-plan]")
    a.wait_for_url(re.compile(r"/plans/\d+/$"))
    plan.refresh_from_db()
    assert plan.status == "approved" and plan.revisions.filter(number=0).exists()
    p.goto(f"/plans/{plan.pk}/")
    assert p.is_visible("[data-testid=readonly]")
    assert p.locator("[data-testid=edit-section]").count() == 0
    planner.shot("editor-approved")
    p.goto(f"/plans/{plan.pk}/kpis/{kpi.pk}/page/")
    assert p.locator("[data-testid=save-kpi]").count() == 0
    assert p.is_disabled("#id_name_th")

    # -- a revision makes a new version; the diff shows what changed --
    p.goto(f"/plans/{plan.pk}/")
    p.click("[data-testid=revise]")
    p.wait_for_selector("[data-testid=plan-status]:has-text('ร่าง')")
    p.goto(f"/plans/{plan.pk}/projects/{project.pk}/page/")
    p.fill("input[name=budget-0-amount]", "2000000")
    p.click("[data-testid=save-project]")
    p.wait_for_selector("[data-testid=saved]")
    p.goto(f"/plans/{plan.pk}/versions/")
    planner.shot("versions")
    p.select_option("#a", "0")
    p.select_option("#b", "current")
    p.click("[data-testid=compare]")
    p.wait_for_selector("[data-testid=diff]")
    diff = p.inner_text("[data-testid=diff]")
    assert "บน-P-ทดสอบ" in diff and "2,000,000.00" in diff
    planner.shot("diff")

    p.goto(f"/plans/{plan.pk}/history/")
    assert "ผู้จัดทำแผน เขตบางนา" in p.inner_text("[data-testid=history]")
    assert "นักวิเคราะห์" in p.inner_text("[data-testid=history]")
    planner.shot("history")
    p.goto(f"/plans/{plan.pk}/projects/{project.pk}/history/")
    assert p.locator("[data-testid=history-entry]").count() >= 2
    assert Path(ROOT / "artifacts" / "screenshots" / "diff.png").exists()
