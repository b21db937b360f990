"""From a measured value to a level, and from a level to a score.

Band rule: a level is *reached* when the value passes that row's edge on the "good"
side — its ``min`` for higher-is-better, its ``max`` for lower-is-better (``None`` =
open, always passed). The level is the highest one reached, 0 when none is. Using
only the good-side edge keeps the result monotone even when the far edges leave gaps
(count bands 28 → 5, 21–27 → 4 with a value of 27.5 still gives 4).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from ._num import CENT, FIVE, HUNDRED, ZERO, Number, is_whole, q2, to_decimal
from .model import Direction, LevelRow, Scale

MAX_LEVEL = FIVE

LEVEL_KINDS = frozenset({"rubric", "manual", "bands", "points"})


def _edge(row: LevelRow, direction: Direction) -> tuple[Decimal | None, bool]:
    """The good-side edge of a row and whether it is inclusive."""
    if direction == "higher":
        return row.min, row.min_inclusive
    return row.max, row.max_inclusive


def _reaches(value: Decimal, row: LevelRow, direction: Direction) -> bool:
    """Whether ``value`` passes the row's good-side edge."""
    edge, inclusive = _edge(row, direction)
    if edge is None:
        return True
    if value == edge:
        return inclusive
    return value > edge if direction == "higher" else value < edge


def _check_direction(direction: str) -> None:
    if direction not in ("higher", "lower"):
        raise ValueError(f"direction must be 'higher' or 'lower', got {direction!r}")


def level_from_bands(
    value: Number,
    levels: Sequence[LevelRow],
    direction: Direction = "higher",
    interpolate: bool = False,
) -> Decimal:
    """Level (0–5, two decimals) of a measured value against band rows.

    Without interpolation the result is a whole level; below level 1 it is 0.
    With interpolation the level moves linearly from the reached row's edge towards the
    next row's edge (satisfaction 75 → 4, 80 → 5, so 77.5 → 4.50). At an edge it equals
    the plain level; it is capped at 5, never extrapolated below level 1, and never
    rounds up to the next whole level before that level's edge is actually passed
    (79.999 stays 4.99), so a rounded level never promises a band not reached.
    """
    _check_direction(direction)
    val = to_decimal(value, "value")
    reached = [row for row in levels if _reaches(val, row, direction)]
    if not reached:
        return q2(ZERO)
    current = max(reached, key=lambda r: r.level)
    level = Decimal(current.level)
    if not interpolate or level >= MAX_LEVEL:
        return q2(min(level, MAX_LEVEL))
    above = [row for row in levels if row.level > current.level]
    if not above:
        return q2(level)
    nxt = min(above, key=lambda r: r.level)
    here, _ = _edge(current, direction)
    there, _ = _edge(nxt, direction)
    if here is None or there is None or here == there:
        return q2(level)
    span = there - here
    fraction = (val - here) / span
    if fraction <= 0:
        return q2(level)
    nxt_level = Decimal(nxt.level)
    result = q2(min(level + (nxt_level - level) * fraction, MAX_LEVEL))
    if result >= nxt_level:  # edge not passed (else nxt would be reached): stay below it
        result = nxt_level - CENT
    return result


def _check_level(scale: Scale, level: Decimal) -> None:
    if level < 0 or level > MAX_LEVEL:
        raise ValueError(f"level must be between 0 and 5, got {level}")
    if not is_whole(level) and not scale.interpolate:
        raise ValueError(f"level {level} is fractional but the scale does not interpolate")


def _points_for_level(scale: Scale, level: Decimal) -> Decimal:
    """Fixed points (out of 100) for a level, interpolated between rows if fractional."""
    if level == 0:
        return ZERO
    table = sorted((r.level, r.points) for r in scale.levels if r.points is not None)
    below = [(lvl, pts) for lvl, pts in table if lvl <= level]
    if not below:
        raise ValueError(f"points scale has no row with points at or below level {level}")
    low_level, low_points = below[-1]
    if is_whole(level):
        if low_level != level:
            raise ValueError(f"points scale has no row for level {level}")
        return low_points
    above = [(lvl, pts) for lvl, pts in table if lvl > level]
    if not above:
        return low_points
    high_level, high_points = above[0]
    share = (level - low_level) / (high_level - low_level)
    return low_points + (high_points - low_points) * share


def exact_score_from_level(scale: Scale, level: Number) -> Decimal:
    """Unrounded score for a level; see :func:`score_from_level`."""
    lvl = to_decimal(level, "level")
    if scale.kind not in LEVEL_KINDS:
        raise ValueError(f"a {scale.kind!r} scale is not scored from a level")
    _check_level(scale, lvl)
    if lvl == 0:
        return ZERO
    if scale.kind == "points":
        return _points_for_level(scale, lvl) * scale.weight / HUNDRED
    if is_whole(lvl):
        row = scale.row(int(lvl))
        if row is not None and row.score is not None:
            return row.score
    return scale.weight * lvl / FIVE


def score_from_level(scale: Scale, level: Number) -> Decimal:
    """Score (two decimals) for a level on a rubric, manual, bands or points scale.

    rubric/manual/bands: the row's own ``score`` when the data gives one, else
    weight × level / 5 (weight 10 → 2/4/6/8/10); a fractional level (interpolation
    only) always uses weight × level / 5. points: the reached row's points × weight
    / 100. Level 0 scores 0. Raises ``ValueError`` for levels outside 0–5 or
    fractional levels on a scale that does not interpolate.
    """
    return q2(exact_score_from_level(scale, level))


def equivalent_level(score: Decimal, weight: Decimal) -> Decimal | None:
    """score / weight × 5, the level every kind reports; ``None`` for a zero weight."""
    if weight == 0:
        return None
    return q2(score / weight * FIVE)
