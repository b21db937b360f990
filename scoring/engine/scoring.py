"""Score one KPI report against its scale, whatever the scale's kind.

Unscored reasons (``ScoreResult.reason``) are stable codes the API and UI translate:
``no_report`` (no measurement at all), ``no_level`` (rubric/manual without a chosen
level), ``no_actual_value`` (bands/points without a measured value) and
``part_unscored`` (a composite part has no data, so the whole KPI waits for it rather
than showing a partial sum that looks like a low score).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal

from ._num import HUNDRED, ZERO, q2
from .levels import equivalent_level, exact_score_from_level, level_from_bands
from .model import Measurement, Scale, ScoreResult, StepDone

NO_REPORT = "no_report"
NO_LEVEL = "no_level"
NO_ACTUAL_VALUE = "no_actual_value"
PART_UNSCORED = "part_unscored"


def unscored(scale: Scale, reason: str, parts: tuple[ScoreResult, ...] = ()) -> ScoreResult:
    """A result that says "no data" explicitly instead of pretending to be 0."""
    return ScoreResult(
        level=None,
        score=None,
        max_score=q2(scale.weight),
        scored=False,
        reason=reason,
        parts=parts,
    )


def _scored(
    scale: Scale,
    exact: Decimal,
    *,
    reached_level: Decimal | None = None,
    parts: tuple[ScoreResult, ...] = (),
    notes: tuple[str, ...] = (),
) -> ScoreResult:
    level = equivalent_level(exact, scale.weight)  # from the exact score: no double rounding
    return ScoreResult(
        level=level if level is not None else reached_level,
        score=q2(exact),
        max_score=q2(scale.weight),
        scored=True,
        reason=None,
        reached_level=reached_level,
        parts=parts,
        notes=notes,
    )


def step_points_earned(scale: Scale, steps_done: Iterable[StepDone]) -> tuple[Decimal, list[str]]:
    """Points (out of 100) earned by the reported steps, plus notes on forfeited ones.

    A step earns its points when done on or before its deadline (an unknown date counts
    as on time; the evaluator checks the evidence). With ``no_skip``, once a step is not
    done every later step earns nothing, because the rubric forbids skipping. A late step
    earns nothing but is not "skipped": later steps still count.
    """
    done: dict[int, StepDone] = {}
    for item in steps_done:
        if item.order in done:
            raise ValueError(f"step {item.order} reported twice")
        done[item.order] = item
    unknown = set(done) - {s.order for s in scale.steps}
    if unknown:
        raise ValueError(f"unknown step order(s): {sorted(unknown)}")
    earned = ZERO
    notes: list[str] = []
    skipped: int | None = None
    for step in sorted(scale.steps, key=lambda s: s.order):
        item = done.get(step.order)
        if item is None:
            if skipped is None:
                skipped = step.order
            continue
        if scale.no_skip and skipped is not None:
            notes.append(f"ขั้นตอนที่ {step.order} ดำเนินการโดยข้ามขั้นตอนที่ {skipped} จึงไม่ได้คะแนน")
            continue
        if step.deadline is not None and item.done_on is not None and item.done_on > step.deadline:
            notes.append(
                f"ขั้นตอนที่ {step.order} แล้วเสร็จ {item.done_on.isoformat()} "
                f"หลังกำหนด {step.deadline.isoformat()} จึงไม่ได้คะแนน"
            )
            continue
        earned += step.points
    return earned, notes


def score_steps(scale: Scale, steps_done: Iterable[StepDone]) -> ScoreResult:
    """Step rubric: points earned × weight / 100 (a report with no steps done scores 0)."""
    earned, notes = step_points_earned(scale, steps_done)
    return _scored(scale, earned * scale.weight / HUNDRED, notes=tuple(notes))


def score_composite(scale: Scale, measurement: Measurement) -> ScoreResult:
    """Sum of the parts' (rounded) scores, so the printed parts add up to the total.

    Each part is scored with the part's weight. If any part has no data the KPI is
    unscored (``part_unscored``) and the part results are still returned for display.
    """
    if len(measurement.parts) > len(scale.parts):
        raise ValueError(f"{len(measurement.parts)} part measurements for {len(scale.parts)} parts")
    results: list[ScoreResult] = []
    for index, part in enumerate(scale.parts):
        part_scale = part.scale
        if part_scale.weight != part.weight:
            part_scale = replace(part_scale, weight=part.weight)
        part_measurement = measurement.parts[index] if index < len(measurement.parts) else None
        results.append(score(part_scale, part_measurement))
    parts = tuple(results)
    if not parts or any(not r.scored for r in parts):
        return unscored(scale, PART_UNSCORED, parts)
    total = sum((r.score for r in parts if r.score is not None), ZERO)
    return _scored(scale, total, parts=parts)


def score(scale: Scale, measurement: Measurement | None) -> ScoreResult:
    """Score a report on any scale kind; the result's level is score / weight × 5.

    rubric/manual use the evaluator's ``level``; bands/points compute the level from
    ``actual_value``; steps use ``steps_done``; composite sums its parts. Missing data
    gives an unscored result with a reason code, never a silent 0.
    """
    if measurement is None:
        return unscored(scale, NO_REPORT)
    kind = scale.kind
    if kind in ("rubric", "manual"):
        if measurement.level is None:
            return unscored(scale, NO_LEVEL)
        exact = exact_score_from_level(scale, measurement.level)
        return _scored(scale, exact, reached_level=q2(measurement.level))
    if kind in ("bands", "points"):
        if measurement.actual_value is None:
            return unscored(scale, NO_ACTUAL_VALUE)
        level = level_from_bands(
            measurement.actual_value, scale.levels, scale.direction, scale.interpolate
        )
        return _scored(scale, exact_score_from_level(scale, level), reached_level=level)
    if kind == "steps":
        return score_steps(scale, measurement.steps_done)
    return score_composite(scale, measurement)
