"""Executive dashboards: pinned query counts, read-only, public view, numbers = API scores."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from progress.models import KpiReport, ProjectReport, ReportStatus
from tests.factories import (
    BudgetLineFactory,
    ComponentFactory,
    FrameworkFactory,
    KpiFactory,
    OrgUnitFactory,
    PlanFactory,
    PolicyFactory,
    ProjectFactory,
    WorkStepFactory,
    node,
    rubric,
    user_with_role,
)

pytestmark = pytest.mark.django_db
Q = "?year=2567&month=2024-03"


@pytest.fixture
def world(bma):
    fw = FrameworkFactory(code="BMA-2567")
    strategy = node(fw, "strategy", "3")
    sub = node(fw, "substrategy", "3.1", parent=strategy)
    policy = PolicyFactory(code="148", dimension_th="สังคมดี")
    state = {"fw": fw, "strategy": strategy, "sub": sub, "policy": policy, "plans": []}

    def add_units(n: int, *, status: str = "approved"):
        start = len(state["plans"])
        for i in range(start, start + n):
            unit = OrgUnitFactory(code=f"หน่วย{i}", parent=bma)
            plan = PlanFactory(org_unit=unit, framework=fw, status=status)
            comp = ComponentFactory(plan=plan, code="1", weight=Decimal("20"))
            project = ProjectFactory(plan=plan, code=f"P{i}")
            project.nodes.add(sub)
            project.policies.add(policy)
            BudgetLineFactory(project=project, amount=Decimal("1000"))
            WorkStepFactory(
                project=project, order=1, weight=Decimal("50"), planned_months=["2023-11"]
            )
            WorkStepFactory(
                project=project, order=2, weight=Decimal("50"), planned_months=["2024-09"]
            )
            ProjectReport.objects.create(
                project=project, period="2024-02", status=ReportStatus.VERIFIED,
                disbursed=Decimal("400"),
            )  # fmt: skip
            for j, (level, st) in enumerate(((4, "verified"), (1, "submitted"))):
                kpi = KpiFactory(plan=plan, component=comp, weight=Decimal("10"), code=f"k{j}")
                rubric(kpi)
                kpi.nodes.add(sub)
                kpi.policies.add(policy)
                KpiReport.objects.create(
                    kpi=kpi, period="2024-03", level=level, status=st,
                    problems_th="ขาดงบประมาณ" if level == 1 else "",
                )  # fmt: skip
            state["plans"].append(plan)
        return state

    state["add_units"] = add_units
    return state


@pytest.fixture
def executive(client):
    user = user_with_role(Role.EXECUTIVE, username="exec")
    client.force_login(user)
    return client


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["overview", "framework", "policies"])
def test_query_count_does_not_grow_with_units(
    world, executive, django_assert_max_num_queries, name
):
    world["add_units"](2)
    url = reverse(f"dashboards:{name}") + Q
    two = _count(executive, url)
    assert two <= 30, two  # pinned
    world["add_units"](8)
    with django_assert_max_num_queries(two):
        assert executive.get(url).status_code == 200


def test_query_count_with_node_and_policy_filters(world, executive, django_assert_max_num_queries):
    world["add_units"](2)
    urls = [
        reverse("dashboards:framework") + Q + f"&node={world['strategy'].pk}",
        reverse("dashboards:policies") + Q + "&policy=148",
        reverse("dashboards:overview") + Q + "&policy=148&unit=กทม.",
    ]
    counts = [_count(executive, u) for u in urls]
    world["add_units"](8)
    for url, n in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(n):
            assert executive.get(url).status_code == 200


def test_unit_and_kpi_pages_pinned(world, executive, django_assert_max_num_queries):
    world["add_units"](2)
    plan = world["plans"][0]
    kpi = plan.kpis.first()
    unit_url = reverse("dashboards:unit", args=[plan.pk]) + Q
    kpi_url = reverse("dashboards:kpi", args=[kpi.pk]) + Q
    with django_assert_max_num_queries(30):
        assert executive.get(unit_url).status_code == 200
    with django_assert_max_num_queries(25):
        assert executive.get(kpi_url).status_code == 200


def test_overview_numbers(world, executive):
    world["add_units"](2)
    r = executive.get(reverse("dashboards:overview") + Q)
    data = r.context["data"]
    assert data["unit_count"] == 2 and data["kpi_count"] == 4
    # per unit: level 4 (score 8) + level 1 (score 2) → weighted 2.50
    assert [row["weighted_level"] for row in data["rows"]] == ["2.50", "2.50"]
    assert data["money"].allocated == Decimal("2000") and data["money"].disbursed == Decimal("800")
    assert sum(data["status_counts"].values()) == 4
    assert data["missing"] == []  # both units reported both KPIs for 2024-03
    r = executive.get(reverse("dashboards:overview") + "?year=2567&month=2024-04")
    assert len(r.context["data"]["missing"]) == 2


def test_unit_page_matches_api_scores(world, executive):
    world["add_units"](1)
    plan = world["plans"][0]
    api = executive.get(f"/api/v1/plans/{plan.pk}/scores/?period=2024-03").json()
    page = executive.get(reverse("dashboards:unit", args=[plan.pk]) + Q)
    scores = page.context["data"]["scores"]
    assert scores["weighted_level"] == api["weighted_level"] == "2.50"
    assert scores["total_score"] == api["total_score"]
    html = page.content.decode()
    assert 'data-testid="weighted-level">2.50<' in html
    assert page.context["data"]["trend"][-1]["weighted_level"] == api["weighted_level"]
    assert page.context["data"]["at_risk"][0]["problems"] == "ขาดงบประมาณ"
    assert page.context["data"]["behind"][0]["planned"] == Decimal("50.00")


def test_csv_download(world, executive):
    world["add_units"](2)
    r = executive.get(reverse("dashboards:overview") + Q + "&csv=ranking")
    assert r["Content-Type"].startswith("text/csv")
    text = r.content.decode("utf-8-sig")
    assert "ระดับถ่วงน้ำหนัก" in text and "2.50" in text
    assert executive.get(reverse("dashboards:overview") + Q + "&csv=nope").status_code == 404


def test_executive_cannot_post_anything(world, executive):
    world["add_units"](1)
    plan = world["plans"][0]
    kpi = plan.kpis.first()
    urls = [
        reverse("dashboards:overview"),
        reverse("dashboards:framework"),
        reverse("dashboards:policies"),
        reverse("dashboards:unit", args=[plan.pk]),
        reverse("dashboards:kpi", args=[kpi.pk]),
    ]
    for url in urls:
        assert executive.post(url, {"x": "1"}).status_code == 405, url
    report = KpiReport.objects.filter(kpi=kpi).first()
    r = executive.patch(
        f"/api/v1/kpi-reports/{report.pk}/", {"narrative_th": "x", "version": report.version},
        content_type="application/json",
    )  # fmt: skip
    assert r.status_code in (403, 405)
    html = executive.get(reverse("dashboards:unit", args=[plan.pk]) + Q).content.decode()
    assert 'method="post"' not in html.split("<main", 1)[1]


def test_login_required(world, client):
    world["add_units"](1)
    r = client.get(reverse("dashboards:overview"))
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_public_view_off_is_404(world, client, settings):
    settings.BMAPLAN_PUBLIC_VIEW = False
    world["add_units"](1)
    plan = world["plans"][0]
    for url in ["/public/", "/public/framework/", f"/public/units/{plan.pk}/"]:
        assert client.get(url).status_code == 404


def test_public_view_shows_only_approved_and_verified(world, client, settings):
    settings.BMAPLAN_PUBLIC_VIEW = True
    world["add_units"](1)
    world["add_units"](1, status="draft")
    approved, draft = world["plans"]
    r = client.get("/public/" + Q)
    assert r.status_code == 200
    html = r.content.decode()
    assert approved.org_unit.code in html
    assert draft.org_unit.code not in html
    data = r.context["data"]
    # only the verified report (level 4) counts; the submitted one is "no data"
    assert data["kpi_count"] == 2
    assert data["status_counts"]["no_data"] == 1
    assert data["rows"][0]["weighted_level"] == "4.00"
    assert client.get(f"/public/units/{draft.pk}/").status_code == 404
    unit = client.get(f"/public/units/{approved.pk}/" + Q)
    assert unit.context["data"]["scores"]["total_score"] == "8.00"
    kpi = approved.kpis.get(code="k1")  # only a submitted report
    page = client.get(f"/public/kpis/{kpi.pk}/" + Q)
    assert page.status_code == 200 and page.context["data"]["reports"] == []
    assert client.post("/public/" + Q).status_code == 405
    assert 'data-testid="evidence-link"' not in page.content.decode()


def test_evidence_download_checks_scope(world, client, executive):
    from django.core.files.base import ContentFile

    from progress.models import EvidenceFile

    world["add_units"](1)
    report = KpiReport.objects.filter(status="verified").first()
    e = EvidenceFile(kpi_report=report, original_name="หลักฐาน.txt", content_type="text/plain",
                     size=3, sha256="x")  # fmt: skip
    e.file.save("x.txt", ContentFile(b"abc"), save=True)
    page = executive.get(reverse("dashboards:kpi", args=[report.kpi_id]) + Q).content.decode()
    assert 'data-testid="evidence-link"' in page
    url = reverse("dashboards:evidence", args=[e.pk])
    r = executive.get(url)
    assert r.status_code == 200 and b"".join(r.streaming_content) == b"abc"
    other = user_with_role(Role.PLANNER, OrgUnitFactory(code="อื่น"), username="other")
    client.force_login(other)
    assert client.get(url).status_code in (200, 404)  # approved plan + verified: published
    report.plan = None
    KpiReport.objects.filter(pk=report.pk).update(status="draft")
    assert client.get(url).status_code == 404
