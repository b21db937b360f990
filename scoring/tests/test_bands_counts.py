"""Count bands (28 → 5, 21–27 → 4 …): gaps between whole-number bands still work."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scoring.engine import LevelRow, level_from_bands

COUNTS = (
    LevelRow(level=5, min=Decimal(28)),
    LevelRow(level=4, min=Decimal(21), max=Decimal(27)),
    LevelRow(level=3, min=Decimal(14), max=Decimal(20)),
    LevelRow(level=2, min=Decimal(7), max=Decimal(13)),
    LevelRow(level=1, min=Decimal(1), max=Decimal(6)),
)


@pytest.mark.parametrize(
    ("count", "level"),
    [(30, 5), (28, 5), (27, 4), (21, 4), (20, 3), (13, 2), (7, 2), (6, 1), (1, 1), (0, 0)],
)
def test_counts(count, level):
    assert level_from_bands(count, COUNTS) == Decimal(level)


def test_value_in_a_gap_takes_the_band_below():
    assert level_from_bands(Decimal("27.5"), COUNTS) == Decimal(4)
