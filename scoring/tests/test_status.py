"""KPI status: no_data / on_track / at_risk / off_track (rule in status.kpi_status)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scoring.engine import Measurement, ScoreResult, expected_level, kpi_status, score

from .seed002 import rubric_scale


def _at(level: str) -> ScoreResult:
    return score(rubric_scale(10), Measurement(level=Decimal(level)))


def test_no_report_is_no_data():
    assert kpi_status(result=None, period_index=6) == "no_data"
    unscored = score(rubric_scale(10), Measurement())
    assert kpi_status(result=unscored, period_index=6, steps_planned_done=5, steps_done=0) == (
        "no_data"
    )


def test_expected_level_is_pro_rated():
    assert expected_level(5, 6) == Decimal("2.5")
    assert expected_level(5, 12) == Decimal(5)
    assert expected_level(Decimal(4), 3) == Decimal(1)


@pytest.mark.parametrize(
    ("month", "level", "status"),
    [
        # Month 1 (Oct): expected 0.42, anything goes.
        (1, "0", "on_track"),
        # Month 3 (Dec): expected 1.25 → on ≥ 0.75, at risk ≥ −0.25.
        (3, "1", "on_track"),
        (3, "0", "at_risk"),
        # Month 6 (Mar): expected 2.5 → on ≥ 2, at risk ≥ 1, else off.
        (6, "2", "on_track"),
        (6, "1", "at_risk"),
        (6, "0", "off_track"),
        # Month 9 (Jun): expected 3.75 → on ≥ 3.25, at risk ≥ 2.25.
        (9, "4", "on_track"),
        (9, "3", "at_risk"),
        (9, "2", "off_track"),
        # Month 12 (Sep, year end): compare with the target, no tolerance.
        (12, "5", "on_track"),
        (12, "4", "at_risk"),
        (12, "3", "off_track"),
    ],
)
def test_level_against_pro_rated_expectation(month, level, status):
    assert kpi_status(result=_at(level), period_index=month) == status


def test_lower_target():
    assert kpi_status(result=_at("4"), target_level=4, period_index=12) == "on_track"
    assert kpi_status(result=_at("3"), target_level=4, period_index=12) == "at_risk"


@pytest.mark.parametrize(
    ("planned", "done", "status"),
    [
        (5, 5, "on_track"),
        (5, 4, "on_track"),
        (5, 3, "at_risk"),
        (5, 2, "at_risk"),
        (5, 1, "off_track"),
        (3, 6, "on_track"),
    ],
)
def test_schedule_check(planned, done, status):
    result = _at("3")  # on track by level in month 6
    assert kpi_status(
        result=result, period_index=6, steps_planned_done=planned, steps_done=done
    ) == (status)


def test_worse_of_level_and_schedule():
    result = _at("1")  # at risk by level in month 6
    assert (
        kpi_status(result=result, period_index=6, steps_planned_done=4, steps_done=4) == "at_risk"
    )
    assert kpi_status(result=result, period_index=6, steps_planned_done=4, steps_done=0) == (
        "off_track"
    )


def test_target_reached_is_on_track_whatever_the_schedule():
    assert kpi_status(result=_at("5"), period_index=6, steps_planned_done=9, steps_done=0) == (
        "on_track"
    )


def test_equivalent_level_is_used_for_every_kind():
    points_like = ScoreResult(
        level=Decimal("3.00"),
        score=Decimal("6.00"),
        max_score=Decimal("10.00"),
        scored=True,
        reached_level=Decimal("1.00"),
    )
    assert kpi_status(result=points_like, period_index=6) == "on_track"


def test_custom_tolerance():
    assert kpi_status(result=_at("2"), period_index=6, tolerance=0) == "at_risk"


@pytest.mark.parametrize("month", [0, 13])
def test_bad_month(month):
    with pytest.raises(ValueError):
        kpi_status(result=_at("3"), period_index=month)
