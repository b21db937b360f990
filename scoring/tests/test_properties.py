"""Hypothesis properties of the engine (bounds, monotonicity, sums, edges)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.engine import (
    LevelRow,
    Measurement,
    Part,
    Scale,
    ScoreResult,
    Step,
    StepDone,
    component_total,
    level_from_bands,
    plan_totals,
    score,
)

settings.register_profile("engine", deadline=None, max_examples=200)
settings.load_profile("engine")

weights = st.integers(min_value=1, max_value=10_000).map(lambda n: Decimal(n) / 100)
values = st.decimals(min_value=-50, max_value=250, places=2, allow_nan=False, allow_infinity=False)
directions = st.sampled_from(["higher", "lower"])
edges = st.lists(st.integers(0, 2000), min_size=5, max_size=5, unique=True).map(
    lambda xs: [Decimal(x) / 10 for x in sorted(xs)]
)


@st.composite
def band_rows(draw, direction: str) -> tuple[LevelRow, ...]:
    """Five valid bands; far edges sometimes open (threshold style)."""
    e = draw(edges)
    closed = draw(st.booleans())
    rows = []
    if direction == "higher":
        for i in range(5):
            top = e[i + 1] if i < 4 and closed else None
            rows.append(LevelRow(level=i + 1, min=e[i], max=top, max_inclusive=False))
    else:
        for i in range(5):  # level 5 has the smallest max
            bottom = e[i - 1] if i > 0 and closed else None
            rows.append(LevelRow(level=5 - i, max=e[i], min=bottom, min_inclusive=False))
    return tuple(rows)


@st.composite
def direction_and_rows(draw):
    direction = draw(directions)
    return direction, draw(band_rows(direction))


@st.composite
def points_rows(draw, direction: str) -> tuple[LevelRow, ...]:
    pts = sorted(draw(st.lists(st.integers(0, 100), min_size=5, max_size=5)))
    rows = draw(band_rows(direction))
    return tuple(
        LevelRow(
            level=r.level,
            min=r.min,
            max=r.max,
            min_inclusive=r.min_inclusive,
            max_inclusive=r.max_inclusive,
            points=Decimal(pts[r.level - 1]),
        )
        for r in rows
    )


@st.composite
def step_scales(draw) -> Scale:
    n = draw(st.integers(1, 8))
    cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=n - 1, max_size=n - 1)))
    points = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    start = date(2023, 10, 1)
    steps = tuple(
        Step(
            order=i + 1,
            name_th=f"ขั้นตอน {i + 1}",
            points=Decimal(p),
            deadline=draw(st.none() | st.just(start + timedelta(days=30 * (i + 1)))),
        )
        for i, p in enumerate(points)
    )
    return Scale(kind="steps", weight=draw(weights), steps=steps, no_skip=draw(st.booleans()))


@st.composite
def step_reports(draw, scale: Scale) -> tuple[StepDone, ...]:
    orders = draw(st.sets(st.sampled_from([s.order for s in scale.steps])))
    return tuple(
        StepDone(order=o, done_on=date(2023, 10, 1) + timedelta(days=draw(st.integers(0, 400))))
        for o in sorted(orders)
    )


def _in_bounds(result: ScoreResult, weight: Decimal) -> bool:
    return result.scored and Decimal(0) <= result.score <= weight  # type: ignore[operator]


# --- a score is between 0 and the weight -------------------------------------------------


@given(weight=weights, level=st.integers(0, 500).map(lambda n: Decimal(n) / 100))
def test_rubric_score_within_weight(weight, level):
    scale = Scale(kind="rubric", weight=weight, interpolate=True)
    result = score(scale, Measurement(level=level))
    assert _in_bounds(result, weight)
    assert result.level == level


@given(weight=weights, dr=direction_and_rows(), value=values, interpolate=st.booleans())
def test_bands_score_within_weight(weight, dr, value, interpolate):
    direction, rows = dr
    scale = Scale(
        kind="bands", weight=weight, levels=rows, direction=direction, interpolate=interpolate
    )
    assert _in_bounds(score(scale, Measurement(actual_value=value)), weight)


@given(
    data=st.data(), weight=weights, direction=directions, value=values, interpolate=st.booleans()
)
def test_points_score_within_weight(data, weight, direction, value, interpolate):
    rows = data.draw(points_rows(direction))
    scale = Scale(
        kind="points", weight=weight, levels=rows, direction=direction, interpolate=interpolate
    )
    assert _in_bounds(score(scale, Measurement(actual_value=value)), weight)


@given(data=st.data())
def test_steps_score_within_weight(data):
    scale = data.draw(step_scales())
    report = data.draw(step_reports(scale))
    assert _in_bounds(score(scale, Measurement(steps_done=report)), scale.weight)


# --- never decreases when the actual improves ---------------------------------------------


@given(dr=direction_and_rows(), a=values, b=values, interpolate=st.booleans())
def test_band_level_monotone(dr, a, b, interpolate):
    direction, rows = dr
    worse, better = (min(a, b), max(a, b)) if direction == "higher" else (max(a, b), min(a, b))
    assert level_from_bands(worse, rows, direction, interpolate) <= level_from_bands(
        better, rows, direction, interpolate
    )


@given(data=st.data(), direction=directions, a=values, b=values, interpolate=st.booleans())
def test_points_score_monotone(data, direction, a, b, interpolate):
    rows = data.draw(points_rows(direction))
    scale = Scale(
        kind="points", weight=Decimal(10), levels=rows, direction=direction, interpolate=interpolate
    )
    worse, better = (min(a, b), max(a, b)) if direction == "higher" else (max(a, b), min(a, b))
    assert (
        score(scale, Measurement(actual_value=worse)).score
        <= score(  # type: ignore[operator]
            scale, Measurement(actual_value=better)
        ).score
    )


@given(data=st.data())
def test_more_steps_done_never_lowers_the_score(data):
    scale = data.draw(step_scales())
    report = data.draw(step_reports(scale))
    extra = data.draw(step_reports(scale))
    done = {s.order: s for s in extra} | {s.order: s for s in report}
    fewer = score(scale, Measurement(steps_done=report)).score
    more = score(scale, Measurement(steps_done=tuple(done.values()))).score
    assert fewer <= more  # type: ignore[operator]


# --- totals equal the sum of parts --------------------------------------------------------


@given(st.lists(st.tuples(weights, st.integers(0, 5) | st.none()), min_size=1, max_size=12))
def test_plan_totals_are_sums(kpis):
    pairs = [
        (w, score(Scale(kind="rubric", weight=w), None if lvl is None else Measurement(level=lvl)))
        for w, lvl in kpis
    ]
    totals = plan_totals(pairs)
    scored = [(w, r) for w, r in pairs if r.scored]
    assert totals.max_score == sum(w for w, _ in pairs)
    assert totals.scored_count + totals.unscored_count == len(pairs)
    if scored:
        assert totals.total_score == sum(r.score for _, r in scored)
        assert totals.total_score == component_total(r for _, r in pairs)
        expected = sum(w * r.level for w, r in scored) / sum(w for w, _ in scored)
        assert abs(totals.weighted_level - expected) <= Decimal("0.005")
    else:
        assert totals.total_score is None and totals.weighted_level is None


@given(
    parts=st.lists(
        st.tuples(st.integers(1, 50).map(Decimal), st.integers(0, 5)), min_size=1, max_size=5
    )
)
def test_composite_is_the_sum_of_its_parts(parts):
    scale = Scale(
        kind="composite",
        weight=sum(w for w, _ in parts),
        parts=tuple(
            Part(f"ส่วน {i}", w, Scale(kind="manual", weight=w)) for i, (w, _) in enumerate(parts)
        ),
    )
    result = score(scale, Measurement(parts=tuple(Measurement(level=lvl) for _, lvl in parts)))
    assert result.score == sum(p.score for p in result.parts)
    assert Decimal(0) <= result.score <= scale.weight


# --- interpolation agrees with the band edges at the edges ---------------------------------


@given(dr=direction_and_rows())
def test_interpolation_matches_plain_level_at_edges(dr):
    direction, rows = dr
    for row in rows:
        edge = row.min if direction == "higher" else row.max
        plain = level_from_bands(edge, rows, direction)
        assert plain == row.level
        assert level_from_bands(edge, rows, direction, interpolate=True) == plain


@given(dr=direction_and_rows(), value=values)
def test_interpolated_level_stays_within_its_band(dr, value):
    direction, rows = dr
    plain = level_from_bands(value, rows, direction)
    smooth = level_from_bands(value, rows, direction, interpolate=True)
    assert plain <= smooth < plain + 1 or smooth == plain == 5
