"""Level → fixed points: disbursement 90/92.5/95/97.5/100 % → 60/70/80/90/100 points."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scoring.engine import LevelRow, Measurement, Scale, score, score_from_level

DISBURSEMENT = tuple(
    LevelRow(level=level, threshold_text=f"ร้อยละ {pct}", min=Decimal(pct), points=Decimal(pts))
    for level, pct, pts in [
        (1, "90", 60),
        (2, "92.5", 70),
        (3, "95", 80),
        (4, "97.5", 90),
        (5, "100", 100),
    ]
)

# Seed 003: indicator 2.1 "ร้อยละของการเบิกจ่ายงบประมาณในภาพรวม" weighs 10.
SCALE = Scale(kind="points", weight=Decimal(10), levels=DISBURSEMENT)


@pytest.mark.parametrize(
    ("disbursed", "band", "points", "score_", "level"),
    [
        ("100", "5", 100, "10.00", "5.00"),
        ("99.99", "4", 90, "9.00", "4.50"),
        ("97.5", "4", 90, "9.00", "4.50"),
        ("96", "3", 80, "8.00", "4.00"),
        ("95", "3", 80, "8.00", "4.00"),
        ("92.5", "2", 70, "7.00", "3.50"),
        ("92.49", "1", 60, "6.00", "3.00"),
        ("90", "1", 60, "6.00", "3.00"),
        ("89.99", "0", 0, "0.00", "0.00"),
    ],
)
def test_disbursement_points(disbursed, band, points, score_, level):
    result = score(SCALE, Measurement(actual_value=Decimal(disbursed)))
    assert result.reached_level == Decimal(band)
    assert result.score == Decimal(score_)
    assert result.score == Decimal(points) * SCALE.weight / 100
    assert result.level == Decimal(level)  # equivalent level = score / weight × 5


def test_points_times_weight_over_100_for_another_weight():
    scale = Scale(kind="points", weight=Decimal(20), levels=DISBURSEMENT)
    assert [score_from_level(scale, lvl) for lvl in range(1, 6)] == [12, 14, 16, 18, 20]


def test_interpolated_points():
    scale = Scale(kind="points", weight=Decimal(10), levels=DISBURSEMENT, interpolate=True)
    result = score(scale, Measurement(actual_value=Decimal(96)))
    assert result.reached_level == Decimal("3.40")
    assert result.score == Decimal("8.40")  # 80 + 0.4 × 10 points
    at_edge = score(scale, Measurement(actual_value=Decimal("97.5")))
    assert at_edge.score == Decimal("9.00")


def test_points_level_without_row_is_an_error():
    scale = Scale(kind="points", weight=Decimal(10), levels=DISBURSEMENT[:2])
    with pytest.raises(ValueError):
        score_from_level(scale, 4)
