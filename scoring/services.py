"""Stored scores: recomputed in the same transaction as the change that moves them.

``KpiReport.score`` (and ``level`` for computed scale kinds) are stored so that dashboards
and list endpoints read numbers instead of re-running the engine. Every write path that can
move a score calls one of these functions inside its transaction (the signal handlers in
``scoring.signals`` cover the admin and any direct ORM save), so a reader never sees a
score from before a saved report, rubric or weight.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction

from kpis.models import ScaleKind
from progress.models import KpiReport, KpiReportPart, KpiReportStep

from . import engine
from .adapters import KpiScale, load_scales, measurement

CHOSEN_LEVEL_KINDS = frozenset({ScaleKind.RUBRIC, ScaleKind.MANUAL})
# Kinds whose score depends only on (level or actual value): results can be memoised.
SIMPLE_KINDS = frozenset({ScaleKind.RUBRIC, ScaleKind.MANUAL, ScaleKind.BANDS, ScaleKind.POINTS})


@dataclass(frozen=True)
class StoredScore:
    level: Decimal | None
    score: Decimal | None


def stored_values(info: KpiScale, m: engine.Measurement) -> StoredScore:
    """What to store on a report: the score (only for weighted KPIs) and the level.

    For rubric/manual scales the level is the evaluator's choice and stays as entered; for
    computed kinds it is the level reached (bands/points) or the equivalent level.
    """
    result = engine.score(info.scale, m)
    if info.kind in CHOSEN_LEVEL_KINDS:
        level = m.level
    elif not result.scored:
        level = None
    else:
        level = result.reached_level if result.reached_level is not None else result.level
    if level is not None:
        level = Decimal(level).quantize(Decimal("0.01"))
    score = result.score if (result.scored and info.weight is not None) else None
    return StoredScore(level=level, score=score)


def _write(values: dict[int, StoredScore]) -> None:
    """One UPDATE … FROM unnest(arrays): three parameters whatever the number of rows."""
    if not values:
        return
    table = KpiReport._meta.db_table
    ids = list(values)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS r SET score = v.score, level = v.level "
            "FROM unnest(%s::bigint[], %s::numeric[], %s::numeric[]) AS v(id, score, level) "
            "WHERE r.id = v.id "
            "AND (r.score IS DISTINCT FROM v.score OR r.level IS DISTINCT FROM v.level)",
            [ids, [values[i].score for i in ids], [values[i].level for i in ids]],
        )


def _recompute(kpi_filter: dict, report_filter: dict) -> dict[int, StoredScore]:
    """Score the reports matching ``report_filter`` with plain rows, not model instances.

    Reports of rubric/bands/points KPIs (almost all) depend only on (level, actual value),
    so results are memoised per KPI and value; step and composite children are fetched in
    two queries for just the reports that need them.
    """
    rows = list(
        KpiReport.objects.filter(**report_filter).values_list(
            "id", "kpi_id", "actual_value", "level"
        )
    )
    if not rows:
        return {}
    scales = load_scales(kpi_filter)
    complex_ids = [r[0] for r in rows if scales[r[1]].kind not in SIMPLE_KINDS]
    steps = defaultdict(list)
    parts = defaultdict(dict)
    if complex_ids:
        for report_id, order, part_id, done_on in KpiReportStep.objects.filter(
            report_id__in=complex_ids
        ).values_list("report_id", "step__order", "step__part_id", "done_on"):
            steps[report_id].append((order, part_id, done_on))
        for report_id, part_id, actual, level in KpiReportPart.objects.filter(
            report_id__in=complex_ids
        ).values_list("report_id", "part_id", "actual_value", "level"):
            parts[report_id][part_id] = (actual, level)
    memo: dict[tuple, StoredScore] = {}
    values = {}
    for report_id, kpi_id, actual, level in rows:
        info = scales[kpi_id]
        if info.kind in SIMPLE_KINDS:
            key = (kpi_id, actual, level)
            if key not in memo:
                memo[key] = stored_values(info, measurement(info, actual_value=actual, level=level))
            values[report_id] = memo[key]
        else:
            m = measurement(
                info, actual_value=actual, level=level,
                steps_done=steps[report_id], parts=parts[report_id],
            )  # fmt: skip
            values[report_id] = stored_values(info, m)
    _write(values)
    return values


@transaction.atomic
def recompute_report_score(report: KpiReport) -> KpiReport:
    """Recompute one report's stored score after it was saved (same transaction)."""
    values = _recompute({"pk": report.kpi_id}, {"pk": report.pk})
    if report.pk in values:
        report.score, report.level = values[report.pk].score, values[report.pk].level
    return report


@transaction.atomic
def recompute_kpi_scores(*, kpi_ids: Iterable[int]) -> int:
    """Recompute every report of these KPIs (a rubric row, weight or scale kind changed)."""
    kpi_ids = list(kpi_ids)
    if not KpiReport.objects.filter(kpi_id__in=kpi_ids).exists():
        return 0
    return len(_recompute({"pk__in": kpi_ids}, {"kpi_id__in": kpi_ids}))


@transaction.atomic
def recompute_all(*, fiscal_year: int | None = None) -> int:
    """Recompute every stored score (of one fiscal year); used after imports and upgrades."""
    if fiscal_year is None:
        return len(_recompute({}, {}))
    return len(
        _recompute({"plan__fiscal_year": fiscal_year}, {"kpi__plan__fiscal_year": fiscal_year})
    )
