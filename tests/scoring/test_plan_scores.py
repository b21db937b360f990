"""Stored scores and the plan roll-up reproduce 002's worked example through the database."""

from decimal import Decimal

import pytest

from kpis.models import ScaleKind, ScaleLevel
from progress.models import KpiReport, ReportStatus
from scoring.selectors import plan_scores
from tests.factories import ComponentFactory, KpiFactory, PlanFactory, rubric

pytestmark = pytest.mark.django_db

WEIGHTS = {"1.1": ["10", "10", "10"], "1.2": ["20"], "1.3": ["10", "10"]}
LEVELS = [5, 4, 3, 4, 5, 2]


@pytest.fixture
def agreement():
    plan = PlanFactory(fiscal_year=2567)
    parent = ComponentFactory(plan=plan, code="1", weight=Decimal("70"), order=0)
    kpis = []
    for order, (code, weights) in enumerate(WEIGHTS.items(), start=1):
        total = sum(Decimal(w) for w in weights)
        comp = ComponentFactory(plan=plan, code=code, weight=total, parent=parent, order=order)
        for i, w in enumerate(weights, start=1):
            kpi = KpiFactory(plan=plan, component=comp, weight=Decimal(w), code=f"{code}-{i}")
            rubric(kpi)
            kpis.append(kpi)
    return plan, kpis


def report(kpi, level, period="2024-03", status=ReportStatus.SUBMITTED):
    return KpiReport.objects.create(kpi=kpi, period=period, level=level, status=status)


def test_worked_example_54_of_70(agreement):
    plan, kpis = agreement
    for kpi, level in zip(kpis, LEVELS, strict=True):
        report(kpi, level)
    scores = plan_scores(plan, "2024-03")
    assert scores["total_score"] == "54.00"
    assert scores["max_score"] == "70.00"
    assert scores["weighted_level"] == "3.86"
    by_code = {c["code"]: c for c in scores["components"]}
    assert by_code["1.1"]["score"] == "24.00"
    assert by_code["1.2"]["score"] == "16.00"
    assert by_code["1.3"]["score"] == "14.00"
    assert by_code["1"]["score"] == "54.00"
    assert [k["score"] for k in by_code["1.1"]["kpis"]] == ["10.00", "8.00", "6.00"]
    assert scores["unscored_kpis"] == []


def test_stored_score_is_weight_times_level_over_5(agreement):
    _, kpis = agreement
    r = report(kpis[3], 4)  # weight 20
    r.refresh_from_db()
    assert r.score == Decimal("16.00")


def test_drafts_and_returned_reports_do_not_count(agreement):
    plan, kpis = agreement
    report(kpis[0], 5, status=ReportStatus.DRAFT)
    report(kpis[1], 5, status=ReportStatus.RETURNED)
    scores = plan_scores(plan, "2024-03")
    assert scores["total_score"] == "0.00"
    assert set(scores["unscored_kpis"]) == {k.id for k in kpis}


def test_latest_report_at_or_before_period_counts(agreement):
    plan, kpis = agreement
    report(kpis[0], 2, period="2023-12")
    report(kpis[0], 4, period="2024-02")
    report(kpis[0], 5, period="2024-05")
    kpi_row = lambda s: s["components"][1]["kpis"][0]  # noqa: E731 - component 1.1, first KPI
    assert kpi_row(plan_scores(plan, "2024-03"))["level"] == "4.00"
    assert kpi_row(plan_scores(plan, "2024-01"))["level"] == "2.00"
    assert kpi_row(plan_scores(plan))["level"] == "5.00"


def test_unscored_kpis_are_listed_not_zero(agreement):
    plan, kpis = agreement
    report(kpis[0], 5)
    scores = plan_scores(plan, "2024-03")
    assert scores["total_score"] == "10.00"
    assert scores["weighted_level"] == "5.00"
    assert set(scores["unscored_kpis"]) == {k.id for k in kpis[1:]}


def test_rubric_change_refreshes_stored_score_in_same_transaction(agreement):
    _, kpis = agreement
    r = report(kpis[0], 4)
    row = ScaleLevel.objects.get(kpi=kpis[0], level=4)
    row.score = Decimal("7.50")
    row.save()
    r.refresh_from_db()
    assert r.score == Decimal("7.50")


def test_weight_change_refreshes_stored_score(agreement):
    _, kpis = agreement
    r = report(kpis[0], 4)
    kpis[0].weight = Decimal("15")
    kpis[0].save()
    r.refresh_from_db()
    assert r.score == Decimal("12.00")


def test_bands_level_is_computed_from_actual_value():
    kpi = KpiFactory(scale_kind=ScaleKind.BANDS, weight=Decimal("10"))
    for level, low in zip(range(1, 6), (60, 65, 70, 75, 80), strict=True):
        ScaleLevel.objects.create(kpi=kpi, level=level, min_value=low)
    r = KpiReport.objects.create(kpi=kpi, period="2024-03", actual_value=Decimal("77.3"))
    r.refresh_from_db()
    assert r.level == Decimal("4.00")
    assert r.score == Decimal("8.00")
    r.actual_value = Decimal("59")
    r.save()
    r.refresh_from_db()
    assert (r.level, r.score) == (Decimal("0.00"), Decimal("0.00"))


def test_period_outside_plan_year_is_refused(agreement):
    plan, _ = agreement
    with pytest.raises(ValueError, match="ไม่อยู่ในปีงบประมาณ"):
        plan_scores(plan, "2024-10")


def test_query_count_does_not_grow_with_kpis(agreement, django_assert_max_num_queries):
    plan, kpis = agreement
    for kpi, level in zip(kpis, LEVELS, strict=True):
        report(kpi, level)
    with django_assert_max_num_queries(6):
        plan_scores(plan, "2024-03")
    for i in range(20):
        kpi = KpiFactory(plan=plan, component=kpis[0].component, weight=Decimal("1"), code=f"x{i}")
        report(kpi, 3)
    with django_assert_max_num_queries(6):
        plan_scores(plan, "2024-03")
