"""Suggesting a rubric level from plan progress where a row says "plan executed ร้อยละ X"."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scoring.engine import LevelRow, progress_threshold, suggest_level_from_progress

from .seed002 import CRITERIA_1_1_1, CRITERIA_1_1_2, CRITERIA_1_2_1, rubric_rows

ROWS_1_1_1 = rubric_rows(CRITERIA_1_1_1)
ROWS_1_1_2 = rubric_rows(CRITERIA_1_1_2)
ROWS_1_2_1 = rubric_rows(CRITERIA_1_2_1)


def _thresholds(rows):
    return {row.level: progress_threshold(row) for row in rows}


def test_thresholds_read_from_the_criteria():
    # The level label (ร้อยละ ๘๐ for level 4) is not the plan progress (๑๐๐).
    assert _thresholds(ROWS_1_1_1) == {5: None, 4: 100, 3: 80, 2: 60, 1: None}
    # Satisfaction "ไม่น้อยกว่าร้อยละ ๘๐" in level 5 is ignored; the plan clause says ๑๐๐.
    assert _thresholds(ROWS_1_1_2) == {5: 100, 4: 80, 3: 60, 2: None, 1: None}
    assert _thresholds(ROWS_1_2_1) == {5: 100, 4: 80, 3: 60, 2: 40, 1: None}


@pytest.mark.parametrize(
    ("rows", "progress", "level"),
    [
        (ROWS_1_1_1, "100", 4),  # seed 002 §4.2: 100 % → level 4
        (ROWS_1_1_1, "85", 3),
        (ROWS_1_1_1, "80", 3),  # … and 80 % → level 3
        (ROWS_1_1_1, "60", 2),
        (ROWS_1_1_1, "59.99", None),  # levels 1 is a milestone the evaluator judges
        (ROWS_1_1_2, "100", 5),
        (ROWS_1_1_2, "70", 3),
        (ROWS_1_2_1, "45", 2),
        (ROWS_1_2_1, "100", 5),
        (ROWS_1_2_1, "10", None),
    ],
)
def test_suggestion_from_rubric_rows(rows, progress, level):
    assert suggest_level_from_progress(Decimal(progress), rows) == level


def test_explicit_thresholds():
    assert suggest_level_from_progress(75, [(2, 40), (3, 60), (4, 80), (5, 100)]) == 3
    assert suggest_level_from_progress(Decimal(80), {4: 80, 5: 100}) == 4
    assert suggest_level_from_progress(Decimal(10), {4: 80, 5: 100}) is None


def test_arabic_digits_and_decomposed_sara_am():
    row = LevelRow(level=3, criterion_th="มีผลการด\u0e4d\u0e32เนินงานตามแผน ร้อยละ 70")
    assert progress_threshold(row) == Decimal(70)


def test_a_bare_label_is_not_progress():
    assert progress_threshold(LevelRow(level=4, threshold_text="ร้อยละ ๘๐")) is None
