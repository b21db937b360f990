"""Five-level rubric: seed 002's printed scores and the weight × level / 5 default."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scoring.engine import LevelRow, Measurement, Scale, score, score_from_level

from .seed002 import KPI_ROWS, rubric_scale

CASES = [
    (code, weight, level, printed)
    for code, _component, weight, scores in KPI_ROWS
    for level, printed in scores.items()
]


@pytest.mark.parametrize(("code", "weight", "level", "printed"), CASES)
def test_default_formula_reproduces_printed_score(code, weight, level, printed):
    scale = rubric_scale(weight)
    assert score_from_level(scale, level) == Decimal(printed)


@pytest.mark.parametrize(("code", "weight", "level", "printed"), CASES)
def test_rows_with_their_own_score(code, weight, level, printed):
    scores = dict(next(s for c, _, _, s in KPI_ROWS if c == code))
    scale = rubric_scale(weight, scores)
    result = score(scale, Measurement(level=Decimal(level)))
    assert result.scored
    assert result.score == Decimal(printed)
    assert result.max_score == Decimal(weight)
    assert result.level == Decimal(level)  # equivalent level = score / weight × 5
    assert str(result.score) == f"{printed}.00"


@pytest.mark.parametrize(
    ("weight", "expected"),
    [
        (10, ["2.00", "4.00", "6.00", "8.00", "10.00"]),
        (20, ["4.00", "8.00", "12.00", "16.00", "20.00"]),
    ],
)
def test_weight_10_and_20_series(weight, expected):
    scale = rubric_scale(weight)
    assert [str(score_from_level(scale, lvl)) for lvl in range(1, 6)] == expected


def test_threshold_label_is_not_the_multiplier():
    """Another year labels levels 60–100 % yet scores weight × level / 5 (30/24/18/12/6)."""
    labels = {5: "ร้อยละ 100", 4: "ร้อยละ 90", 3: "ร้อยละ 80", 2: "ร้อยละ 70", 1: "ร้อยละ 60"}
    scale = Scale(
        kind="rubric",
        weight=Decimal(30),
        levels=tuple(LevelRow(level=lvl, threshold_text=t) for lvl, t in labels.items()),
    )
    assert [score_from_level(scale, lvl) for lvl in (5, 4, 3, 2, 1)] == [30, 24, 18, 12, 6]


def test_row_score_overrides_default():
    rows = (LevelRow(level=3, score=Decimal("7")),)
    scale = Scale(kind="rubric", weight=Decimal(10), levels=rows)
    result = score(scale, Measurement(level=3))
    assert result.score == Decimal("7.00")
    assert result.level == Decimal("3.50")  # equivalent level follows the score
    assert result.reached_level == Decimal("3.00")


def test_level_zero_scores_zero_but_is_scored():
    result = score(rubric_scale(10), Measurement(level=0))
    assert result.scored and result.score == Decimal("0.00") and result.level == Decimal("0.00")


def test_manual_behaves_like_rubric():
    scale = Scale(kind="manual", weight=Decimal(20))
    assert score(scale, Measurement(level=4)).score == Decimal("16.00")


def test_missing_level_is_unscored_not_zero():
    result = score(rubric_scale(10), Measurement())
    assert not result.scored
    assert result.score is None and result.level is None
    assert result.reason == "no_level"
    assert result.max_score == Decimal("10.00")


def test_no_report_is_unscored():
    result = score(rubric_scale(10), None)
    assert (result.scored, result.score, result.reason) == (False, None, "no_report")


@pytest.mark.parametrize("bad", [Decimal(6), Decimal(-1)])
def test_level_out_of_range_is_rejected(bad):
    with pytest.raises(ValueError):
        score_from_level(rubric_scale(10), bad)


def test_fractional_level_needs_interpolation():
    with pytest.raises(ValueError):
        score_from_level(rubric_scale(10), Decimal("4.5"))
    scale = Scale(kind="rubric", weight=Decimal(10), interpolate=True)
    assert score_from_level(scale, Decimal("4.5")) == Decimal("9.00")
    assert score_from_level(scale, Decimal("3.33")) == Decimal("6.66")


def test_fractional_level_ignores_row_scores():
    """With interpolation a fractional level is weight × level / 5 even if rows have scores."""
    scale = Scale(
        kind="rubric",
        weight=Decimal(10),
        levels=(LevelRow(level=4, score=Decimal(9)), LevelRow(level=5, score=Decimal(10))),
        interpolate=True,
    )
    assert score_from_level(scale, Decimal("4.50")) == Decimal("9.00")
    assert score_from_level(scale, 4) == Decimal("9.00")


def test_steps_scale_is_not_scored_from_a_level():
    with pytest.raises(ValueError):
        score_from_level(Scale(kind="steps", weight=Decimal(10)), 3)
