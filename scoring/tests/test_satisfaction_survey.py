"""Satisfaction surveys: respondent means, share satisfied at ≥ 3.51, Thai mean bands."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scoring.engine import (
    is_satisfied,
    respondent_mean,
    satisfaction_band_th,
    satisfaction_result,
)


def test_respondent_mean():
    assert respondent_mean([4, 4, 3, 5]) == Decimal("4.00")
    assert respondent_mean([4, 3, 4]) == Decimal("3.67")
    assert respondent_mean([5, None, 4]) == Decimal("4.50")  # blank answers are skipped


@pytest.mark.parametrize("bad", [[], [None], [0, 3], [6]])
def test_bad_answers(bad):
    with pytest.raises(ValueError):
        respondent_mean(bad)


@pytest.mark.parametrize(
    ("mean", "satisfied"), [("3.51", True), ("3.505", True), ("3.50", False), ("5", True)]
)
def test_satisfied_threshold(mean, satisfied):
    assert is_satisfied(Decimal(mean)) is satisfied


def test_share_of_satisfied_respondents():
    respondents = [
        [5, 5, 4],  # 4.67 satisfied
        [4, 4, 3],  # 3.67 satisfied
        [3, 4, 3, 4],  # 3.50 not satisfied
        [2, 3, 2],  # 2.33 not satisfied
        [4, 4, 4],  # 4.00 satisfied
    ]
    share, mean = satisfaction_result(respondents)
    assert share == Decimal("60.00")
    assert mean == Decimal("3.63")  # (4.67 + 3.67 + 3.50 + 2.33 + 4.00) / 5 = 3.634


def test_share_with_thirds():
    share, _ = satisfaction_result([[5], [5], [1]])
    assert share == Decimal("66.67")


def test_no_respondents():
    with pytest.raises(ValueError):
        satisfaction_result([])


@pytest.mark.parametrize(
    ("mean", "label"),
    [
        ("5.00", "มากที่สุด"),
        ("4.51", "มากที่สุด"),
        ("4.50", "มาก"),
        ("3.51", "มาก"),
        ("3.50", "ปานกลาง"),
        ("2.51", "ปานกลาง"),
        ("2.50", "น้อย"),
        ("1.51", "น้อย"),
        ("1.50", "น้อยที่สุด"),
        ("1.00", "น้อยที่สุด"),
        ("4.505", "มากที่สุด"),  # rounds half up to 4.51 first
    ],
)
def test_mean_bands(mean, label):
    assert satisfaction_band_th(Decimal(mean)) == label


@pytest.mark.parametrize("bad", ["0.99", "5.01"])
def test_mean_out_of_range(bad):
    with pytest.raises(ValueError):
        satisfaction_band_th(Decimal(bad))
