"""Lower is better: road drainage time, ≤60 min → 5, ≤70 → 4, ≤80 → 3, ≤90 → 2, ≤100 → 1."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scoring.engine import LevelRow, Measurement, Scale, level_from_bands, score

DRAINAGE_MINUTES = (
    LevelRow(level=5, threshold_text="ไม่เกิน 60 นาที", max=Decimal(60)),
    LevelRow(level=4, min=Decimal(60), min_inclusive=False, max=Decimal(70)),
    LevelRow(level=3, min=Decimal(70), min_inclusive=False, max=Decimal(80)),
    LevelRow(level=2, min=Decimal(80), min_inclusive=False, max=Decimal(90)),
    LevelRow(level=1, min=Decimal(90), min_inclusive=False, max=Decimal(100)),
)


@pytest.mark.parametrize(
    ("minutes", "level"),
    [
        ("0", "5"),
        ("45", "5"),
        ("60", "5"),
        ("60.5", "4"),
        ("70", "4"),
        ("71", "3"),
        ("80", "3"),
        ("90", "2"),
        ("100", "1"),
        ("100.01", "0"),
        ("240", "0"),
    ],
)
def test_plain_levels(minutes, level):
    assert level_from_bands(Decimal(minutes), DRAINAGE_MINUTES, "lower") == Decimal(level)


@pytest.mark.parametrize(
    ("minutes", "level"),
    [("65", "4.50"), ("68", "4.20"), ("95", "1.50"), ("30", "5.00"), ("60.001", "4.99")],
)
def test_interpolated_levels(minutes, level):
    got = level_from_bands(Decimal(minutes), DRAINAGE_MINUTES, "lower", interpolate=True)
    assert got == Decimal(level)


@pytest.mark.parametrize("edge", ["60", "70", "80", "90", "100"])
def test_interpolation_equals_plain_level_at_the_edges(edge):
    plain = level_from_bands(Decimal(edge), DRAINAGE_MINUTES, "lower")
    assert level_from_bands(Decimal(edge), DRAINAGE_MINUTES, "lower", interpolate=True) == plain


def test_scale_uses_its_direction():
    scale = Scale(kind="bands", weight=Decimal(10), levels=DRAINAGE_MINUTES, direction="lower")
    assert score(scale, Measurement(actual_value=55)).score == Decimal("10.00")
    assert score(scale, Measurement(actual_value=75)).score == Decimal("6.00")
    assert score(scale, Measurement(actual_value=120)).score == Decimal("0.00")


def test_unknown_direction_is_rejected():
    with pytest.raises(ValueError):
        level_from_bands(Decimal(1), DRAINAGE_MINUTES, "sideways")  # type: ignore[arg-type]
