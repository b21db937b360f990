"""Roll-ups: component score, plan total and the weighted average level.

Only scored KPIs contribute a score; the maximum still counts every KPI, so a plan with
missing reports reads "40 of 70" rather than pretending to be complete. When nothing is
scored the total is ``None`` (no data), not 0.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from ._num import ZERO, Number, q2, to_decimal
from .model import PlanTotals, ScoreResult


def component_total(kpi_results: Iterable[ScoreResult]) -> Decimal | None:
    """Σ of the scored KPIs' scores (two decimals); ``None`` if none is scored."""
    scores = [r.score for r in kpi_results if r.scored and r.score is not None]
    if not scores:
        return None
    return q2(sum(scores, ZERO))


def plan_totals(kpis: Iterable[tuple[Number, ScoreResult]]) -> PlanTotals:
    """Totals of ``(weight, result)`` pairs.

    ``total_score`` = Σ scores of scored KPIs; ``max_score`` = Σ weights of all KPIs;
    ``weighted_level`` = Σ wᵢ·Lᵢ / Σ wᵢ over the scored KPIs (seed 002: levels
    5,4,3,4,5,2 with weights 10,10,10,20,10,10 → 54 of 70, 270 / 70 = 3.857 → 3.86).
    """
    total = ZERO
    max_score = ZERO
    weighted = ZERO
    level_weight = ZERO
    scored = unscored = 0
    for raw_weight, result in kpis:
        weight = to_decimal(raw_weight, "weight")
        max_score += weight
        if not result.scored or result.score is None:
            unscored += 1
            continue
        scored += 1
        total += result.score
        if result.level is not None:
            weighted += weight * result.level
            level_weight += weight
    return PlanTotals(
        total_score=q2(total) if scored else None,
        max_score=q2(max_score),
        weighted_level=q2(weighted / level_weight) if level_weight else None,
        scored_count=scored,
        unscored_count=unscored,
    )
