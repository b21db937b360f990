"""Step rubric: 100 points over ordered steps, optional no-skip rule, deadlines."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from scoring.engine import Measurement, Scale, Step, StepDone, score

STEPS = (
    Step(order=1, name_th="จัดทำแผนการดำเนินงาน", points=Decimal(20), deadline=date(2023, 11, 30)),
    Step(order=2, name_th="เสนอแผนให้ผู้บริหารเห็นชอบ", points=Decimal(20), deadline=date(2023, 12, 31)),
    Step(order=3, name_th="ดำเนินการตามแผน", points=Decimal(40), deadline=date(2024, 6, 30)),
    Step(order=4, name_th="รายงานผลต่อผู้บริหาร", points=Decimal(20), deadline=date(2024, 9, 30)),
)
NO_SKIP = Scale(kind="steps", weight=Decimal(10), steps=STEPS, no_skip=True)
MAY_SKIP = Scale(kind="steps", weight=Decimal(10), steps=STEPS)

ON_TIME = {
    1: date(2023, 11, 15),
    2: date(2023, 12, 20),
    3: date(2024, 6, 1),
    4: date(2024, 9, 15),
}


def _done(*orders: int, late: tuple[int, ...] = ()) -> Measurement:
    return Measurement(
        steps_done=tuple(
            StepDone(order=o, done_on=date(2024, 12, 1) if o in late else ON_TIME[o])
            for o in orders
        )
    )


@pytest.mark.parametrize(
    ("scale", "measurement", "expected"),
    [
        (NO_SKIP, _done(1, 2, 3, 4), "10.00"),
        (NO_SKIP, _done(1, 2, 3), "8.00"),
        (NO_SKIP, _done(1), "2.00"),
        (NO_SKIP, _done(), "0.00"),
        (NO_SKIP, _done(1, 3, 4), "2.00"),  # step 2 skipped: 3 and 4 earn nothing
        (MAY_SKIP, _done(1, 3, 4), "8.00"),  # without the rule they count
        (NO_SKIP, _done(2, 3), "0.00"),
        (NO_SKIP, _done(1, 2, 3, 4, late=(3,)), "6.00"),  # late step 3 earns nothing
        (MAY_SKIP, _done(1, 2, 3, 4, late=(3,)), "6.00"),
    ],
)
def test_step_scores(scale, measurement, expected):
    result = score(scale, measurement)
    assert result.scored
    assert result.score == Decimal(expected)
    assert result.level == result.score / scale.weight * 5


def test_late_step_is_not_a_skip():
    """A step done late is still done, so later steps keep their points under no-skip."""
    result = score(NO_SKIP, _done(1, 2, 3, 4, late=(2,)))
    assert result.score == Decimal("8.00")
    assert len(result.notes) == 1 and "หลังกำหนด" in result.notes[0]


def test_notes_explain_forfeited_steps():
    result = score(NO_SKIP, _done(1, 3))
    assert result.notes == ("ขั้นตอนที่ 3 ดำเนินการโดยข้ามขั้นตอนที่ 2 จึงไม่ได้คะแนน",)


def test_done_on_deadline_day_counts():
    m = Measurement(steps_done=(StepDone(order=1, done_on=date(2023, 11, 30)),))
    assert score(NO_SKIP, m).score == Decimal("2.00")


def test_unknown_completion_date_counts_as_on_time():
    m = Measurement(steps_done=(StepDone(order=1), StepDone(order=2)))
    assert score(NO_SKIP, m).score == Decimal("4.00")


def test_steps_without_deadlines():
    scale = Scale(
        kind="steps",
        weight=Decimal(20),
        steps=(Step(1, "ก", Decimal("33.33")), Step(2, "ข", Decimal("66.67"))),
    )
    assert score(scale, Measurement(steps_done=(StepDone(1),))).score == Decimal("6.67")


def test_bad_step_reports_are_rejected():
    with pytest.raises(ValueError):
        score(NO_SKIP, Measurement(steps_done=(StepDone(order=9),)))
    with pytest.raises(ValueError):
        score(NO_SKIP, Measurement(steps_done=(StepDone(order=1), StepDone(order=1))))


def test_no_report_is_unscored():
    assert score(NO_SKIP, None).scored is False
