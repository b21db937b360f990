"""Project progress from work steps (Table จ) and the planned schedule."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from scoring.engine import (
    PlannedStep,
    fiscal_period_index,
    parse_period,
    planned_progress,
    project_progress,
    steps_behind,
    steps_planned_by,
)

# Seed 000, "โครงการจ้างอาสาสมัครพัฒนาชุมชน": weights 10/10/60/20, cumulative 10/20/80/100.
VOLUNTEERS = [(1, 10), (2, 10), (3, 60), (4, 20)]


@pytest.mark.parametrize(
    ("done", "progress"),
    [
        ((), "0.00"),
        ((1,), "10.00"),
        ((1, 2), "20.00"),
        ((1, 2, 3), "80.00"),
        ((1, 2, 3, 4), "100.00"),
    ],
)
def test_cumulative_percent_of_done_steps(done, progress):
    assert project_progress(VOLUNTEERS, done) == Decimal(progress)


def test_out_of_order_completion_sums_weights():
    assert project_progress(VOLUNTEERS, [3]) == Decimal("60.00")


def test_unknown_step_is_an_error():
    with pytest.raises(ValueError):
        project_progress(VOLUNTEERS, [5])


# Seed 002 KPI 1.1-3 Gantt: six steps in Oct, Nov, Dec, Jan, Aug, Sep (weights invented).
CURRICULA = [
    PlannedStep(1, Decimal(10), ("2023-10",)),
    PlannedStep(2, Decimal(10), ("2023-11",)),
    PlannedStep(3, Decimal(10), ("2023-12",)),
    PlannedStep(4, Decimal(40), ("2024-01",)),
    PlannedStep(5, Decimal(15), ("2024-08",)),
    PlannedStep(6, Decimal(15), ("2024-09",)),
]


@pytest.mark.parametrize(
    ("period", "planned", "count"),
    [
        ("2023-09", "0.00", 0),
        ("2023-10", "10.00", 1),
        ("2023-12", "30.00", 3),
        ("2024-03", "70.00", 4),
        ("2024-08", "85.00", 5),
        ("2024-09", "100.00", 6),
    ],
)
def test_planned_progress_by_period(period, planned, count):
    assert planned_progress(CURRICULA, period) == Decimal(planned)
    assert steps_planned_by(CURRICULA, period) == count


def test_a_step_spanning_months_is_due_at_its_last_month():
    steps = [PlannedStep(1, Decimal(100), ("2023-12", "2024-01", "2024-02"))]
    assert planned_progress(steps, "2024-01") == Decimal("0.00")
    assert planned_progress(steps, date(2024, 2, 10)) == Decimal("100.00")


def test_steps_without_months_are_never_due():
    assert planned_progress([PlannedStep(1, Decimal(100))], "2024-09") == Decimal("0.00")


def test_steps_behind():
    assert steps_behind(CURRICULA, [1, 2], "2024-03") == 2
    assert steps_behind(CURRICULA, [1, 2, 3, 4], "2024-03") == 0
    assert steps_behind(CURRICULA, [1, 2, 3, 4, 5], "2024-03") == 0  # ahead is not negative


@pytest.mark.parametrize(
    ("period", "index"),
    [("2023-10", 1), ("2023-12", 3), ("2024-01", 4), ("2024-03", 6), ("2024-09", 12)],
)
def test_fiscal_period_index(period, index):
    assert fiscal_period_index(period) == index


@pytest.mark.parametrize("bad", ["2024-13", "March 2024", "2024/03"])
def test_bad_period(bad):
    with pytest.raises(ValueError):
        parse_period(bad)
