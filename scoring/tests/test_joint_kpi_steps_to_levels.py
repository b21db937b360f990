"""Joint KPI 1.2-1: completed steps → level (steps 1–2 → 1, 3 → 2, 4 → 3, 5 → 4, 6–7 → 5).

Expressed as bands over the number of steps done, weight 20 (20/16/12/8/4).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from scoring.engine import LevelRow, Measurement, Scale, StepDone, score, validate_scale

STEP_BANDS = (
    LevelRow(level=1, threshold_text="ขั้นตอนที่ ๑ - ๒", min=Decimal(1), max=Decimal(2)),
    LevelRow(level=2, threshold_text="ขั้นตอนที่ ๓", min=Decimal(3), max=Decimal(3)),
    LevelRow(level=3, threshold_text="ขั้นตอนที่ ๔", min=Decimal(4), max=Decimal(4)),
    LevelRow(level=4, threshold_text="ขั้นตอนที่ ๕", min=Decimal(5), max=Decimal(5)),
    LevelRow(level=5, threshold_text="ขั้นตอนที่ ๖ - ๗", min=Decimal(6), max=Decimal(7)),
)
JOINT_KPI = Scale(kind="bands", weight=Decimal(20), levels=STEP_BANDS)


@pytest.mark.parametrize(
    ("steps_done", "level", "points"),
    [(0, 0, 0), (1, 1, 4), (2, 1, 4), (3, 2, 8), (4, 3, 12), (5, 4, 16), (6, 5, 20), (7, 5, 20)],
)
def test_steps_done_to_level_and_score(steps_done, level, points):
    report = tuple(StepDone(order=n) for n in range(1, steps_done + 1))
    result = score(JOINT_KPI, Measurement(actual_value=Decimal(len(report)), steps_done=report))
    assert result.reached_level == Decimal(level)
    assert result.score == Decimal(points)


def test_the_band_table_is_valid():
    assert validate_scale(JOINT_KPI) == []
