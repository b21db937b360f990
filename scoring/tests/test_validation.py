"""Validation helpers: weights, rubric levels, band edges, step points, composites."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from scoring.engine import (
    LevelRow,
    Part,
    Scale,
    Step,
    validate_bands,
    validate_component_weights,
    validate_composite,
    validate_points,
    validate_project_steps,
    validate_rubric_levels,
    validate_scale,
    validate_steps,
)

from .seed002 import COMPONENT_WEIGHTS, KPI_ROWS, rubric_scale


def _codes(issues):
    return [i.code for i in issues]


def test_seed002_component_weights_add_up():
    for component, weight in COMPONENT_WEIGHTS.items():
        weights = [w for _, comp, w, _ in KPI_ROWS if comp == component]
        assert validate_component_weights(weight, weights) == []
    assert validate_component_weights(70, COMPONENT_WEIGHTS.values()) == []


def test_component_weight_mismatch():
    issues = validate_component_weights(30, [10, 10], path="components[0]")
    assert _codes(issues) == ["component_weight_mismatch"]
    assert issues[0].path == "components[0]"
    assert "20" in issues[0].message_th and "30" in issues[0].message_th
    assert _codes(validate_component_weights(0, [10, -10])) == ["weight_negative"]


def test_seed002_rubrics_are_valid():
    for _code, _comp, weight, scores in KPI_ROWS:
        assert validate_scale(rubric_scale(weight, scores)) == []


def test_rubric_levels_missing_duplicate_out_of_range():
    rows = (LevelRow(1), LevelRow(2), LevelRow(2), LevelRow(4), LevelRow(6))
    codes = _codes(validate_rubric_levels(rows))
    assert codes.count("level_out_of_range") == 1
    assert codes.count("level_duplicate") == 1
    assert codes.count("level_missing") == 2  # 3 and 5


def test_rubric_scores_within_weight_and_increasing():
    rows = tuple(
        LevelRow(lvl, score=Decimal(s)) for lvl, s in [(1, 2), (2, 4), (3, 3), (4, 8), (5, 12)]
    )
    codes = _codes(validate_rubric_levels(rows, weight=10))
    assert codes == ["score_out_of_range", "score_not_increasing"]


def _higher(*mins: int) -> tuple[LevelRow, ...]:
    return tuple(LevelRow(level=i + 1, min=Decimal(m)) for i, m in enumerate(mins))


def test_bands_ordered():
    assert validate_bands(_higher(60, 65, 70, 75, 80), "higher") == []
    issues = validate_bands(_higher(60, 65, 75, 70, 80), "higher")
    assert _codes(issues) == ["band_order"]
    assert issues[0].path == "levels[3].min"


def test_bands_overlap_and_inverted():
    rows = (
        LevelRow(1, min=Decimal(0), max=Decimal(10)),
        LevelRow(2, min=Decimal(10), max=Decimal(20)),  # 10 belongs to both
        LevelRow(3, min=Decimal(30), max=Decimal(25)),  # empty
        LevelRow(4, min=Decimal(40), max=Decimal(50), max_inclusive=False),
        LevelRow(5, min=Decimal(50)),  # fine: 50 excluded from level 4
    )
    assert _codes(validate_bands(rows, "higher")) == ["band_inverted", "band_overlap"]


def test_lower_is_better_bands():
    rows = tuple(
        LevelRow(level=lvl, max=Decimal(m))
        for lvl, m in [(5, 60), (4, 70), (3, 80), (2, 90), (1, 100)]
    )
    assert validate_bands(rows, "lower") == []
    assert _codes(validate_bands(rows, "higher")) == ["band_edge_missing"] * 4


def test_only_the_lowest_level_may_be_open():
    rows = (LevelRow(1), LevelRow(2, min=Decimal(5)), LevelRow(3))
    assert _codes(validate_bands(rows, "higher")) == ["band_edge_missing"]


def test_points_rows():
    rows = tuple(
        LevelRow(level=lvl, min=Decimal(m), points=None if p is None else Decimal(p))
        for lvl, m, p in [(1, 90, 60), (2, 92, 50), (3, 95, None), (4, 97, 90), (5, 100, 120)]
    )
    assert _codes(validate_points(rows)) == [
        "points_not_increasing",
        "points_missing",
        "points_out_of_range",
    ]


def test_step_points_sum_to_100():
    good = (Step(1, "ก", Decimal(40)), Step(2, "ข", Decimal(60), date(2024, 3, 31)))
    assert validate_steps(good) == []
    bad = (Step(1, "ก", Decimal(40)), Step(1, "ข", Decimal(50)))
    assert _codes(validate_steps(bad)) == ["step_order_duplicate", "step_points_sum"]


def test_project_step_weights():
    assert validate_project_steps([(1, 10), (2, 10), (3, 60), (4, 20)]) == []
    # Seed 000 L11689: the last cumulative value reads 55 instead of 100.
    issues = validate_project_steps([(1, 10), (2, 20), (3, 25)])
    assert _codes(issues) == ["step_weights_sum"]
    assert "55" in issues[0].message_th


def test_composite_part_weights():
    part = Scale(kind="manual", weight=Decimal(5), levels=tuple(LevelRow(i) for i in range(1, 6)))
    good = Scale(
        kind="composite", weight=Decimal(10), parts=(Part("ก", 5, part), Part("ข", 5, part))
    )
    assert validate_composite(good) == []
    bad = Scale(
        kind="composite", weight=Decimal(10), parts=(Part("ก", 5, part), Part("ข", 4, part))
    )
    assert _codes(validate_composite(bad)) == [
        "composite_weight_sum",
        "composite_part_weight_mismatch",
    ]
    assert _codes(validate_scale(Scale(kind="composite", weight=Decimal(10)))) == [
        "composite_no_parts"
    ]


def test_nested_part_issues_carry_their_path():
    broken = Scale(kind="steps", weight=Decimal(5), steps=(Step(1, "ก", Decimal(90)),))
    scale = Scale(kind="composite", weight=Decimal(5), parts=(Part("ก", 5, broken),))
    issues = validate_scale(scale, path="kpis[3].scale")
    assert [(i.code, i.path) for i in issues] == [
        ("step_points_sum", "kpis[3].scale.parts[0].scale.steps")
    ]


def test_weight_must_be_positive():
    assert "weight_not_positive" in _codes(validate_scale(rubric_scale(0)))
