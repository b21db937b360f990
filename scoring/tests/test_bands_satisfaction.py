"""Numeric bands, higher is better: satisfaction ≥80 → 5, ≥75 → 4, ≥70 → 3, ≥65 → 2, ≥60 → 1."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scoring.engine import LevelRow, Measurement, Scale, level_from_bands, score

# Closed lower edge, open upper edge, as printed "ร้อยละ 75 – 79.99".
SATISFACTION = (
    LevelRow(level=5, threshold_text="ร้อยละ 80 ขึ้นไป", min=Decimal(80)),
    LevelRow(level=4, min=Decimal(75), max=Decimal(80), max_inclusive=False),
    LevelRow(level=3, min=Decimal(70), max=Decimal(75), max_inclusive=False),
    LevelRow(level=2, min=Decimal(65), max=Decimal(70), max_inclusive=False),
    LevelRow(level=1, min=Decimal(60), max=Decimal(65), max_inclusive=False),
)


@pytest.mark.parametrize(
    ("value", "level"),
    [
        ("100", "5"),
        ("80", "5"),
        ("79.99", "4"),
        ("75", "4"),
        ("74.5", "3"),
        ("70", "3"),
        ("65", "2"),
        ("64.99", "1"),
        ("60", "1"),
        ("59.99", "0"),
        ("0", "0"),
    ],
)
def test_plain_levels(value, level):
    assert level_from_bands(Decimal(value), SATISFACTION, "higher") == Decimal(level)


@pytest.mark.parametrize(
    ("value", "level"),
    [
        ("77.5", "4.50"),
        ("76", "4.20"),
        ("62.5", "1.50"),
        ("81", "5.00"),  # capped at 5
        ("150", "5.00"),
        ("59", "0.00"),  # never extrapolated below level 1
        ("79.999", "4.99"),  # would round to 5.00, but band 5 is not reached
    ],
)
def test_interpolated_levels(value, level):
    assert level_from_bands(Decimal(value), SATISFACTION, "higher", interpolate=True) == Decimal(
        level
    )


@pytest.mark.parametrize("edge", ["60", "65", "70", "75", "80"])
def test_interpolation_equals_plain_level_at_the_edges(edge):
    plain = level_from_bands(Decimal(edge), SATISFACTION, "higher")
    assert level_from_bands(Decimal(edge), SATISFACTION, "higher", interpolate=True) == plain


def test_threshold_style_rows_give_the_same_levels():
    """Rows with only a ``min`` ("≥ 75 → 4") work the same as closed ranges."""
    rows = tuple(
        LevelRow(level=lvl, min=Decimal(m))
        for lvl, m in zip(range(1, 6), range(60, 81, 5), strict=True)
    )
    for value in ("59", "60", "64.9", "77", "80", "95"):
        assert level_from_bands(Decimal(value), rows) == level_from_bands(
            Decimal(value), SATISFACTION
        )


def test_exclusive_lower_edge():
    """ "More than 80" → 5: exactly 80 stays at 4."""
    rows = (
        LevelRow(level=4, min=Decimal(75)),
        LevelRow(level=5, min=Decimal(80), min_inclusive=False),
    )
    assert level_from_bands(Decimal(80), rows) == Decimal(4)
    assert level_from_bands(Decimal("80.01"), rows) == Decimal(5)


def test_bands_scale_scores_weight_times_level_over_5():
    scale = Scale(kind="bands", weight=Decimal(10), levels=SATISFACTION)
    for value, expected in (("85", "10.00"), ("77", "8.00"), ("66", "4.00"), ("50", "0.00")):
        result = score(scale, Measurement(actual_value=Decimal(value)))
        assert result.scored and result.score == Decimal(expected)


def test_bands_scale_with_interpolation():
    scale = Scale(kind="bands", weight=Decimal(10), levels=SATISFACTION, interpolate=True)
    result = score(scale, Measurement(actual_value=Decimal("77.5")))
    assert (result.level, result.score, result.reached_level) == (
        Decimal("4.50"),
        Decimal("9.00"),
        Decimal("4.50"),
    )


def test_bands_without_actual_value_are_unscored():
    result = score(
        Scale(kind="bands", weight=Decimal(10), levels=SATISFACTION), Measurement(level=5)
    )
    assert not result.scored and result.reason == "no_actual_value" and result.score is None


def test_actual_value_accepts_thai_digits():
    scale = Scale(kind="bands", weight=Decimal(10), levels=SATISFACTION)
    assert score(scale, Measurement(actual_value="๘๒")).score == Decimal("10.00")
