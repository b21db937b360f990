"""Stored scores: recomputed in the same transaction as the change that moves them.

``KpiReport.score`` (and ``level`` for computed scale kinds) are stored so that dashboards
and list endpoints read numbers instead of re-running the engine. Every write path that can
move a score calls one of these functions inside its transaction (the signal handlers in
``scoring.signals`` cover the admin and any direct ORM save), so a reader never sees a
score from before a saved report, rubric or weight.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Prefetch

from kpis.models import Kpi, ScaleKind
from progress.models import KpiReport, KpiReportStep

from . import engine
from .adapters import KPI_SCALE_PREFETCH, kpi_scale, report_measurement

CHOSEN_LEVEL_KINDS = frozenset({ScaleKind.RUBRIC, ScaleKind.MANUAL})
REPORT_PREFETCH = (
    Prefetch("steps_done", queryset=KpiReportStep.objects.select_related("step")),
    "parts",
)


@dataclass(frozen=True)
class StoredScore:
    level: Decimal | None
    score: Decimal | None


def stored_values(kpi: Kpi, scale: engine.Scale, report: KpiReport) -> StoredScore:
    """What to store on a report: the score (only for weighted KPIs) and the level.

    For rubric/manual scales the level is the evaluator's choice and stays as entered; for
    computed kinds it is the level reached (bands/points) or the equivalent level.
    """
    result = engine.score(scale, report_measurement(report, kpi))
    if kpi.scale_kind in CHOSEN_LEVEL_KINDS:
        level = report.level
    elif not result.scored:
        level = None
    else:
        level = result.reached_level if result.reached_level is not None else result.level
    score = result.score if (result.scored and kpi.weight is not None) else None
    return StoredScore(level=level, score=score)


def _kpis_with_scales(kpi_ids: Iterable[int]):
    return (
        Kpi.objects.filter(pk__in=list(kpi_ids))
        .select_related("plan__framework")
        .prefetch_related(*KPI_SCALE_PREFETCH)
    )


def _write(values: dict[int, StoredScore]) -> int:
    """One UPDATE … FROM (VALUES …) per chunk; far cheaper than bulk_update's CASE."""
    if not values:
        return 0
    table = KpiReport._meta.db_table
    items = list(values.items())
    with connection.cursor() as cursor:
        for start in range(0, len(items), 5000):
            chunk = items[start : start + 5000]
            rows = ",".join(["(%s::bigint, %s::numeric, %s::numeric)"] * len(chunk))
            params = [p for pk, v in chunk for p in (pk, v.score, v.level)]
            cursor.execute(
                f"UPDATE {table} AS r SET score = v.score, level = v.level "
                f"FROM (VALUES {rows}) AS v(id, score, level) WHERE r.id = v.id "
                f"AND (r.score IS DISTINCT FROM v.score OR r.level IS DISTINCT FROM v.level)",
                params,
            )
    return len(items)


def _recompute(kpis, reports) -> int:
    scales = {
        k.id: (k, kpi_scale(k, interpolate_default=k.plan.framework.interpolate_levels))
        for k in kpis
    }
    values = {}
    for report in reports:
        kpi, scale = scales[report.kpi_id]
        values[report.id] = stored_values(kpi, scale, report)
        report.score, report.level = values[report.id].score, values[report.id].level
    return _write(values)


@transaction.atomic
def recompute_report_score(report: KpiReport) -> KpiReport:
    """Recompute one report's stored score after it was saved (same transaction)."""
    kpis = _kpis_with_scales([report.kpi_id])
    fresh = KpiReport.objects.prefetch_related(*REPORT_PREFETCH).get(pk=report.pk)
    _recompute(kpis, [fresh])
    report.score, report.level = fresh.score, fresh.level
    return report


@transaction.atomic
def recompute_kpi_scores(*, kpi_ids: Iterable[int]) -> int:
    """Recompute every report of these KPIs (a rubric row, weight or scale kind changed)."""
    kpi_ids = list(kpi_ids)
    reports = list(KpiReport.objects.filter(kpi_id__in=kpi_ids).prefetch_related(*REPORT_PREFETCH))
    if not reports:
        return 0
    return _recompute(_kpis_with_scales(kpi_ids), reports)


@transaction.atomic
def recompute_all(*, fiscal_year: int | None = None) -> int:
    """Recompute every stored score (of one fiscal year); used after imports and upgrades."""
    kpis = Kpi.objects.select_related("plan__framework").prefetch_related(*KPI_SCALE_PREFETCH)
    reports = KpiReport.objects.prefetch_related(*REPORT_PREFETCH)
    if fiscal_year is not None:
        kpis = kpis.filter(plan__fiscal_year=fiscal_year)
        reports = reports.filter(kpi__plan__fiscal_year=fiscal_year)
    return _recompute(kpis, reports.iterator(chunk_size=5000))
