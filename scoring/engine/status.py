"""Traffic-light status of a KPI in a reporting month."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal, TypeAlias

from ._num import FIVE, ONE, TWELVE, ZERO, Number, to_decimal
from .model import ScoreResult

Status: TypeAlias = Literal["on_track", "at_risk", "off_track", "no_data"]

DEFAULT_TOLERANCE = Decimal("0.5")
STEPS_BEHIND_AT_RISK = 2
STEPS_BEHIND_OFF_TRACK = 4

_RANK: dict[str, int] = {"on_track": 0, "at_risk": 1, "off_track": 2}


def expected_level(target_level: Number, period_index: int) -> Decimal:
    """Level expected by fiscal month ``period_index`` (Oct = 1): target × month / 12."""
    return to_decimal(target_level, "target_level") * period_index / TWELVE


def kpi_status(
    *,
    result: ScoreResult | None,
    target_level: Number = FIVE,
    period_index: int,
    steps_planned_done: int | None = None,
    steps_done: int | None = None,
    tolerance: Number = DEFAULT_TOLERANCE,
) -> Status:
    """Status of a KPI at fiscal month ``period_index`` (October = 1 … September = 12).

    Rule (the user guide, docs/scoring.md, says the same):

    1. No report, or a report that cannot be scored → ``no_data``.
    2. Level reached ≥ target level → ``on_track`` (nothing left to catch up).
    3. Level check. expected = target × month / 12 (pro-rated; at month 12 it is the
       target itself). on_track when level ≥ expected − tolerance (0.5 during the year,
       0 at month 12); at_risk when level ≥ expected − tolerance − 1 (within one level
       below); off_track otherwise.
    4. Schedule check, when both step counts are given: steps behind = steps planned to be
       done by now − steps done. ≥ 2 behind (more than one) → at_risk, ≥ 4 behind (more
       than three) → off_track.
    5. The status is the worse of the level check and the schedule check.

    ``result.level`` is the equivalent level (score / weight × 5), so every scale kind is
    compared on the same 0–5 line.
    """
    if not 1 <= period_index <= 12:
        raise ValueError(f"period_index must be 1..12, got {period_index}")
    target = to_decimal(target_level, "target_level")
    if not ZERO < target <= FIVE:
        raise ValueError(f"target_level must be in (0, 5], got {target}")
    tol = to_decimal(tolerance, "tolerance")
    if tol < 0:
        raise ValueError("tolerance must not be negative")
    if result is None or not result.scored or result.level is None:
        return "no_data"
    level = result.level
    if level >= target:
        return "on_track"

    expected = expected_level(target, period_index)
    allowance = tol if period_index < 12 else ZERO
    if level >= expected - allowance:
        by_level: Status = "on_track"
    elif level >= expected - allowance - ONE:
        by_level = "at_risk"
    else:
        by_level = "off_track"

    by_schedule: Status = "on_track"
    if steps_planned_done is not None and steps_done is not None:
        behind = steps_planned_done - steps_done
        if behind >= STEPS_BEHIND_OFF_TRACK:
            by_schedule = "off_track"
        elif behind >= STEPS_BEHIND_AT_RISK:
            by_schedule = "at_risk"

    return by_level if _RANK[by_level] >= _RANK[by_schedule] else by_schedule
