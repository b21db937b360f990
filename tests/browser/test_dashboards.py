"""Executive dashboards in the browser: the FY 2567 seed plan (สพส.) with generated monthly
reports; overview → unit → KPI → evidence file, numbers checked against the API's scores.
Screenshots go to artifacts/screenshots/dashboard-*.png."""

import re

import pytest

from .conftest import ROOT, load_seed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED = "sps-2567.json"
Q = "year=2567&month=2024-03"


@pytest.fixture
def sps(settings):
    if not (ROOT / "fixtures" / SEED).exists():
        pytest.skip("seed plan fixtures/sps-2567.json is not there")
    from core.demo import create_demo_users
    from dashboards.demo import generate_reports
    from plans.interchange.importer import import_plan_document
    from plans.models import Plan

    settings.BMAPLAN_PUBLIC_VIEW = True
    report = import_plan_document(document=load_seed(SEED))
    assert report.ok, report.errors[:3]
    Plan.objects.filter(fiscal_year=2567).update(status="approved")
    plan = Plan.objects.get(fiscal_year=2567)
    generate_reports([plan], "2024-03", skip_last_for=0)
    create_demo_users()
    return plan


def _charts_ready(page):
    page.wait_for_selector("body[data-charts-ready]")


def test_executive_clicks_down_to_evidence(login, sps):
    from progress.models import EvidenceFile

    s = login("executive")
    p = s.page
    # home → dashboard link
    p.click("[data-testid=home-executive] a.btn")
    p.wait_for_url(re.compile(r"/dashboards/"))
    p.goto(f"/dashboards/?{Q}")
    _charts_ready(p)
    assert p.locator("[data-chart=ranking] svg").count() == 1
    api = p.request.get(f"/api/v1/plans/{sps.pk}/scores/?period=2024-03").json()
    row = p.locator(f"[data-testid=unit-row][data-plan='{sps.pk}']")
    assert row.locator("[data-testid=unit-level]").inner_text() == api["weighted_level"]
    s.shot("dashboard-overview", full_page=True)
    # data toggle shows the numbers as a table
    p.click("[data-testid=data-ranking] summary")
    assert api["weighted_level"] in p.inner_text("[data-testid=data-ranking] table")

    # → unit
    row.locator("[data-testid=unit-link]").click()
    p.wait_for_url(re.compile(rf"/dashboards/units/{sps.pk}/"))
    _charts_ready(p)
    assert p.inner_text("[data-testid=weighted-level]") == api["weighted_level"]
    assert p.inner_text("[data-testid=total-score]") == api["total_score"]
    api_kpis = {k["kpi"]: k for c in api["components"] for k in c["kpis"]}
    for r in p.locator("[data-testid=kpi-row]").all()[:10]:
        k = api_kpis[int(r.get_attribute("data-kpi"))]
        assert r.locator("[data-testid=kpi-level]").inner_text() == (k["level"] or "–")
        assert r.locator("[data-testid=kpi-score]").inner_text() == (k["score"] or "–")
    s.shot("dashboard-unit", full_page=True)

    # → KPI with evidence
    evidence = EvidenceFile.objects.select_related("kpi_report").first()
    kpi_id = evidence.kpi_report.kpi_id
    p.click(f"[data-testid=kpi-row][data-kpi='{kpi_id}'] [data-testid=kpi-link]")
    p.wait_for_url(re.compile(rf"/dashboards/kpis/{kpi_id}/"))
    _charts_ready(p)
    assert p.inner_text("[data-testid=kpi-level]") == api_kpis[kpi_id]["level"]
    assert p.locator("[data-testid=report]").count() == 6  # ต.ค.–มี.ค.
    s.shot("dashboard-kpi", full_page=True)

    # → evidence file
    with p.expect_download() as dl:
        p.click("[data-testid=evidence-link]")
    path = dl.value.path()
    assert "หลักฐานผลการดำเนินงาน" in path.read_text(encoding="utf-8")

    # framework and policy views
    p.goto(f"/dashboards/framework/?{Q}")
    _charts_ready(p)
    assert p.locator("[data-testid=node-row]").count() > 0
    s.shot("dashboard-framework", full_page=True)
    p.locator("[data-testid=node-row] a").first.click()
    _charts_ready(p)
    assert "node=" in p.url  # the filter is in the URL, shareable
    s.shot("dashboard-framework-node", full_page=True)
    p.goto(f"/dashboards/policies/?{Q}")
    _charts_ready(p)
    s.shot("dashboard-policies", full_page=True)


def test_public_view(browser, live_server, sps):
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, base_url=live_server.url)
    try:
        p = ctx.new_page()
        p.goto(f"/public/?{Q}")
        _charts_ready(p)
        assert "ข้อมูลเปิดเผย" in p.inner_text("h1")
        # the last month's reports are only submitted: the public sees verified ones only
        assert p.inner_text("[data-testid=stat-reported]").startswith("0 /")
        from .conftest import SHOTS

        SHOTS.mkdir(parents=True, exist_ok=True)
        p.screenshot(path=str(SHOTS / "dashboard-public.png"), full_page=True)
        assert p.locator("form[method=post] input[name=x]").count() == 0
    finally:
        ctx.close()
