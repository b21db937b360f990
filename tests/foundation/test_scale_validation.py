"""Scale problems of a plan's KPIs are listed with Thai messages before submission."""

from decimal import Decimal

import pytest

from kpis.models import ScaleKind, ScaleLevel, ScaleStep
from plans.validation import scale_issues
from tests.factories import KpiFactory, rubric

pytestmark = pytest.mark.django_db


def codes(plan):
    return {(i.code, i.severity) for i in scale_issues(plan)}


def test_complete_rubric_is_clean():
    kpi = KpiFactory(weight=Decimal("10"))
    rubric(kpi)
    assert scale_issues(kpi.plan) == []


def test_missing_rubric_level_is_an_error():
    kpi = KpiFactory(code="1.1-1", weight=Decimal("10"))
    for level in (1, 2, 3, 5):
        ScaleLevel.objects.create(kpi=kpi, level=level)
    issues = scale_issues(kpi.plan)
    assert issues and all(i.severity == "error" for i in issues)
    assert any("1.1-1" in i.message and "4" in i.message for i in issues)


def test_overlapping_bands_are_an_error():
    kpi = KpiFactory(scale_kind=ScaleKind.BANDS, weight=Decimal("10"))
    for level, (low, high) in enumerate([(0, 60), (55, 70), (70, 80), (80, 90), (90, 100)], 1):
        ScaleLevel.objects.create(kpi=kpi, level=level, min_value=low, max_value=high,
                                  max_inclusive=False)  # fmt: skip
    assert scale_issues(kpi.plan)


def test_step_points_must_reach_100():
    kpi = KpiFactory(scale_kind=ScaleKind.STEPS, weight=Decimal("10"))
    for order, points in enumerate((20, 30, 40), start=1):
        ScaleStep.objects.create(kpi=kpi, order=order, name_th="ขั้นตอน", points=points)
    [issue] = scale_issues(kpi.plan)
    assert "100" in issue.message


def test_manual_kpi_without_criteria_is_only_a_warning():
    kpi = KpiFactory(scale_kind=ScaleKind.MANUAL, weight=None)
    assert codes(kpi.plan) == {("manual_without_criteria", "warning")}
