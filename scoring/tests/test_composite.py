"""Composite KPI: satisfaction part (max 5) + SLA part (max 5) = 10."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scoring.engine import LevelRow, Measurement, Part, Scale, score

SATISFACTION_BANDS = tuple(
    LevelRow(level=lvl, min=Decimal(m)) for lvl, m in [(1, 60), (2, 65), (3, 70), (4, 75), (5, 80)]
)
# Share of requests handled within the service-level time.
SLA_BANDS = tuple(
    LevelRow(level=lvl, min=Decimal(m)) for lvl, m in [(1, 75), (2, 80), (3, 85), (4, 90), (5, 95)]
)
COMPOSITE = Scale(
    kind="composite",
    weight=Decimal(10),
    parts=(
        Part(
            "ความพึงพอใจ",
            Decimal(5),
            Scale(kind="bands", weight=Decimal(5), levels=SATISFACTION_BANDS),
        ),
        Part(
            "ระยะเวลาตามมาตรฐาน (SLA)",
            Decimal(5),
            Scale(kind="bands", weight=Decimal(5), levels=SLA_BANDS),
        ),
    ),
)


@pytest.mark.parametrize(
    ("satisfaction", "sla", "parts", "total", "level"),
    [
        ("82", "96", ("5.00", "5.00"), "10.00", "5.00"),
        ("82", "91", ("5.00", "4.00"), "9.00", "4.50"),
        ("71", "86", ("3.00", "3.00"), "6.00", "3.00"),
        ("50", "74", ("0.00", "0.00"), "0.00", "0.00"),
    ],
)
def test_total_is_sum_of_parts(satisfaction, sla, parts, total, level):
    m = Measurement(
        parts=(
            Measurement(actual_value=Decimal(satisfaction)),
            Measurement(actual_value=Decimal(sla)),
        )
    )
    result = score(COMPOSITE, m)
    assert tuple(str(p.score) for p in result.parts) == parts
    assert result.score == Decimal(total) == sum(p.score for p in result.parts)
    assert result.level == Decimal(level)
    assert result.max_score == Decimal("10.00")


def test_missing_part_makes_the_kpi_unscored():
    result = score(COMPOSITE, Measurement(parts=(Measurement(actual_value=Decimal(82)),)))
    assert not result.scored and result.score is None and result.reason == "part_unscored"
    assert result.parts[0].score == Decimal("5.00")
    assert result.parts[1].reason == "no_report"


def test_part_weight_is_authoritative():
    scale = Scale(
        kind="composite",
        weight=Decimal(10),
        parts=(
            Part("ก", Decimal(4), Scale(kind="manual", weight=Decimal(0))),
            Part("ข", Decimal(6), Scale(kind="manual", weight=Decimal(0))),
        ),
    )
    m = Measurement(parts=(Measurement(level=5), Measurement(level=Decimal("2.5"))))
    with pytest.raises(ValueError):  # fractional level without interpolation
        score(scale, m)
    result = score(scale, Measurement(parts=(Measurement(level=5), Measurement(level=3))))
    assert [p.score for p in result.parts] == [Decimal("4.00"), Decimal("3.60")]
    assert result.score == Decimal("7.60")


def test_too_many_part_measurements_is_an_error():
    with pytest.raises(ValueError):
        score(COMPOSITE, Measurement(parts=(Measurement(),) * 3))
