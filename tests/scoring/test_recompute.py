"""Step and composite KPIs score through the database, and a full recompute agrees."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from kpis.models import CompositePart, ScaleKind, ScaleLevel, ScaleStep
from progress.models import KpiReport, KpiReportPart, KpiReportStep
from scoring.services import recompute_all
from tests.factories import KpiFactory

pytestmark = pytest.mark.django_db


def test_step_rubric_with_no_skip_and_deadline():
    kpi = KpiFactory(scale_kind=ScaleKind.STEPS, weight=Decimal("20"), no_skip=True)
    steps = [
        ScaleStep.objects.create(kpi=kpi, order=i, name_th=f"ขั้นที่ {i}", points=p,
                                 deadline=date(2024, 3, 31))
        for i, p in enumerate((20, 30, 50), start=1)
    ]  # fmt: skip
    report = KpiReport.objects.create(kpi=kpi, period="2024-03")
    KpiReportStep.objects.create(report=report, step=steps[0], done_on=date(2024, 1, 10))
    KpiReportStep.objects.create(report=report, step=steps[2], done_on=date(2024, 2, 1))
    report.refresh_from_db()
    assert report.score == Decimal("4.00")  # step 3 after skipped step 2 earns nothing
    KpiReportStep.objects.create(report=report, step=steps[1], done_on=date(2024, 4, 2))
    report.refresh_from_db()
    # step 2 is done now, though late: it earns nothing, but it is no longer skipped, so
    # step 3 counts: (20 + 50) × 20 / 100
    assert report.score == Decimal("14.00")


def test_composite_of_two_five_point_parts():
    kpi = KpiFactory(scale_kind=ScaleKind.COMPOSITE, weight=Decimal("10"))
    survey = CompositePart.objects.create(
        kpi=kpi, index=1, name_th="ความพึงพอใจ", weight=5, scale_kind=ScaleKind.BANDS
    )
    sla = CompositePart.objects.create(
        kpi=kpi, index=2, name_th="ระยะเวลาให้บริการ", weight=5, scale_kind=ScaleKind.RUBRIC
    )
    for level, low in zip(range(1, 6), (60, 65, 70, 75, 80), strict=True):
        ScaleLevel.objects.create(kpi=kpi, part=survey, level=level, min_value=low)
        ScaleLevel.objects.create(kpi=kpi, part=sla, level=level)
    report = KpiReport.objects.create(kpi=kpi, period="2024-06")
    KpiReportPart.objects.create(report=report, part=survey, actual_value=Decimal("81"))
    report.refresh_from_db()
    assert report.score is None  # one part missing: unscored, not a partial sum
    KpiReportPart.objects.create(report=report, part=sla, level=3)
    report.refresh_from_db()
    assert report.score == Decimal("8.00")  # 5 + 3
    assert report.level == Decimal("4.00")  # equivalent level 8 / 10 × 5


def test_full_recompute_restores_every_score():
    kpi = KpiFactory(weight=Decimal("10"))
    for level in range(1, 6):
        ScaleLevel.objects.create(kpi=kpi, level=level)
    for month, level in (("2023-10", 1), ("2023-11", 3), ("2023-12", 5)):
        KpiReport.objects.create(kpi=kpi, period=month, level=level)
    KpiReport.objects.update(score=None)
    assert recompute_all(fiscal_year=2567) == 3
    assert list(KpiReport.objects.order_by("period").values_list("score", flat=True)) == [
        Decimal("2.00"),
        Decimal("6.00"),
        Decimal("10.00"),
    ]
    KpiReport.objects.update(score=None)
    call_command("recompute_scores", year=2567)
    assert not KpiReport.objects.filter(score__isnull=True).exists()


def test_kpi_without_weight_stores_level_but_no_score():
    kpi = KpiFactory(scale_kind=ScaleKind.BANDS, weight=None)
    for level, low in zip(range(1, 6), (60, 65, 70, 75, 80), strict=True):
        ScaleLevel.objects.create(kpi=kpi, level=level, min_value=low)
    report = KpiReport.objects.create(kpi=kpi, period="2024-01", actual_value=72)
    report.refresh_from_db()
    assert (report.level, report.score) == (Decimal("3.00"), None)
