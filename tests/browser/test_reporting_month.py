"""A month of reporting for the สพส. FY 2567 plan in the browser.

The evaluator types into the whole-plan grid (keyboard, saved cell by cell), reports a KPI
through its form with an evidence file, a project through its form, and submits the month;
the analyst returns one KPI, the evaluator corrects it, the analyst verifies it: the month
locks and the plan's scores show the verified month.
"""

import re
from decimal import Decimal

import pytest

from .conftest import ROOT, load_seed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PERIOD = "2024-01"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@pytest.fixture
def sps():
    if not (ROOT / "fixtures" / "sps-2567.json").exists():
        pytest.skip("seed plan fixtures/sps-2567.json is not there")
    from core.demo import create_demo_users
    from plans.interchange.importer import import_plan_document
    from plans.models import Plan

    assert import_plan_document(document=load_seed("sps-2567.json")).ok
    create_demo_users()
    return Plan.objects.get(org_unit__code="สพส.", fiscal_year=2567)


def test_evaluator_reports_analyst_returns_and_verifies_month_locks(login, sps):
    from django.contrib.auth import get_user_model

    from kpis.models import Kpi
    from progress import services
    from progress.models import KpiReport, ProjectReport
    from projects.models import Project

    kpis = list(Kpi.objects.filter(plan=sps, scale_kind="rubric", weight__isnull=False)
                .order_by("order", "code"))  # fmt: skip
    first, second = kpis[0], kpis[1]
    project = Project.objects.filter(plan=sps, kind="project", steps__isnull=False).first()

    ev = login("evaluator_sps")
    p = ev.page
    p.on("dialog", lambda d: d.accept())
    p.goto(f"/reporting/?period={PERIOD}")
    assert p.get_by_test_id("todo-table").is_visible()
    ev.shot("reporting-todo")
    p.get_by_test_id(f"grid-link-{sps.pk}").click()
    # -- the grid: type, Enter moves down and saves each cell --
    cell = p.get_by_label(f"ค่าจริง {first.code}", exact=True)
    cell.fill("abc")
    cell.press("Tab")
    row = p.locator(f"#row-kpi-{first.pk}")
    assert "ไม่ใช่ตัวเลข" in row.get_by_test_id("cell-error").inner_text()
    cell.fill("85")
    cell.press("Enter")
    p.get_by_label(f"ระดับ {first.code}", exact=True).select_option("4")
    p.get_by_label(f"ระดับ {second.code}", exact=True).select_option("5")
    p.get_by_label(f"ผลการดำเนินงาน {second.code}", exact=True).fill("ดำเนินการครบ")
    p.get_by_label(f"ผลการดำเนินงาน {second.code}", exact=True).press("Enter")
    p.evaluate("() => window.bmaplanGridIdle()")
    row.locator("[data-score]").wait_for()
    ev.shot("reporting-grid")
    r1 = KpiReport.objects.get(kpi=first, period=PERIOD)
    assert r1.actual_value == 85 and r1.level == 4 and r1.score == first.weight * 4 / 5
    assert KpiReport.objects.get(kpi=second).narrative_th == "ดำเนินการครบ"

    # -- the KPI form with evidence --
    p.goto(f"/reporting/kpi/{first.pk}/{PERIOD}/")
    p.fill("#id_narrative_th", "ปรับปรุงศูนย์ครบตามแผน")
    p.fill("#id_problems_th", "ผู้รับจ้างล่าช้า")
    p.locator("input[name=level][value='5']").check()
    p.get_by_test_id("preview-score").wait_for()
    p.get_by_test_id("preview-level").filter(has_text="5").wait_for()
    p.set_input_files("#id_evidence", files=[{"name": "photo.png", "mimeType": "image/png",
                                               "buffer": PNG}])  # fmt: skip
    ev.shot("reporting-kpi-form")
    p.get_by_test_id("save").click()
    assert "photo.png" in p.get_by_test_id("evidence-list").inner_text()

    # -- the project form: tick steps, live %, disbursed --
    p.goto(f"/reporting/project/{project.pk}/{PERIOD}/")
    p.locator("#step-1").check()
    p.locator("#step-2").check()
    steps = list(project.steps.order_by("order"))
    assert Decimal(p.get_by_test_id("cum").inner_text()) == steps[0].weight + steps[1].weight
    p.fill("#id_disbursed", "12500")
    ev.shot("reporting-project-form")
    p.get_by_test_id("save").click()
    assert ProjectReport.objects.get(project=project).disbursed == 12500

    # everything else of the month is drafted directly (58 KPIs + 60 projects in all)
    user = get_user_model().objects.get(username="evaluator_sps")
    for k in Kpi.objects.filter(plan=sps).exclude(reports__period=PERIOD):
        services.kpi_report_create(kpi=k, period=PERIOD, user=user, level=Decimal(3))
    for pr in (
        Project.objects.filter(plan=sps)
        .exclude(kind="routine_item")
        .exclude(reports__period=PERIOD)
    ):
        services.project_report_create(project=pr, period=PERIOD, user=user)
    p.goto(f"/reporting/plans/{sps.pk}/{PERIOD}/")
    p.get_by_test_id("submit-month").click()
    p.wait_for_load_state()
    assert not KpiReport.objects.filter(period=PERIOD, status="draft").exists()

    # -- analyst returns one KPI --
    an = login("analyst")
    a = an.page
    a.goto(f"/reporting/review/?period={PERIOD}")
    a.get_by_test_id("review-units").get_by_role("link", name="ตรวจสอบ").first.click()
    a.get_by_test_id(f"comment-{first.code}").fill("หลักฐานไม่สนับสนุนระดับ 5")
    a.get_by_test_id(f"return-{first.code}").click()
    a.wait_for_load_state()
    an.shot("reporting-review")
    assert KpiReport.objects.get(kpi=first).status == "returned"
    for model in (KpiReport, ProjectReport):
        for rep in model.objects.filter(period=PERIOD, status="submitted"):
            services.report_set_status(report=rep, status="verified")

    # -- evaluator corrects it --
    p.goto(f"/reporting/kpi/{first.pk}/{PERIOD}/")
    assert "หลักฐานไม่สนับสนุน" in p.get_by_test_id("review-comment").inner_text()
    p.locator("input[name=level][value='4']").check()
    p.get_by_test_id("submit").click()
    assert p.get_by_test_id("report-status").inner_text() == "ส่งแล้ว"

    # -- analyst verifies: the month locks --
    a.reload()
    a.get_by_test_id(f"verify-{first.code}").click()
    a.get_by_test_id("locked").wait_for()
    assert "ปิดงวด" in a.get_by_test_id("lock-history").inner_text()
    p.goto(f"/reporting/kpi/{first.pk}/{PERIOD}/")
    assert p.get_by_test_id("locked").is_visible()
    assert p.get_by_test_id("save").count() == 0

    # -- the plan page shows the verified month's scores --
    from scoring.selectors import plan_scores

    scores = plan_scores(sps, PERIOD)
    p.goto(f"/reporting/plans/{sps.pk}/{PERIOD}/")
    assert p.get_by_test_id("total-score").inner_text() == scores["total_score"]
    row = p.get_by_test_id(f"score-{first.code}").inner_text()
    assert re.search(r"4\.00", row) and f"{first.weight * 4 / 5:.2f}" in row
    assert p.get_by_test_id("locked").is_visible()
    ev.shot("reporting-plan-locked", full_page=True)
