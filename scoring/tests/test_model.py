"""Value types: coercion to Decimal, floats refused, immutability."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from scoring.engine import LevelRow, Measurement, Scale, to_decimal


def test_ints_strings_and_thai_digits_become_decimals():
    row = LevelRow(level=1, min="92.5", max=100, points="๖๐")
    assert (row.min, row.max, row.points) == (Decimal("92.5"), Decimal(100), Decimal(60))
    assert Scale(kind="rubric", weight="1,000").weight == Decimal(1000)


@pytest.mark.parametrize("bad", [0.1, True])
def test_floats_and_bools_are_refused(bad):
    with pytest.raises(TypeError):
        Measurement(actual_value=bad)


@pytest.mark.parametrize("bad", ["abc", "NaN", "Infinity"])
def test_non_numbers_are_refused(bad):
    with pytest.raises(ValueError):
        to_decimal(bad)


def test_frozen():
    scale = Scale(kind="rubric", weight=10)
    with pytest.raises(dataclasses.FrozenInstanceError):
        scale.weight = Decimal(20)  # type: ignore[misc]


def test_lists_become_tuples():
    scale = Scale(kind="rubric", weight=10, levels=[LevelRow(1)])  # type: ignore[arg-type]
    assert isinstance(scale.levels, tuple)
    hash(scale)


@pytest.mark.parametrize(
    "kwargs",
    [{"kind": "stars"}, {"kind": "bands", "direction": "up"}, {"kind": "rubric", "weight": -1}],
)
def test_bad_scale(kwargs):
    with pytest.raises(ValueError):
        Scale(**{"weight": 10, **kwargs})


def test_level_must_be_int():
    with pytest.raises(TypeError):
        LevelRow(level=Decimal(1))  # type: ignore[arg-type]


def test_none_stays_none():
    m = Measurement()
    assert m.actual_value is None and m.level is None
