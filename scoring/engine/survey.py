"""Satisfaction surveys, used as the measured value of many KPIs.

A respondent's score is the mean of their 1–5 answers; a respondent is satisfied at a
mean of 3.51 or more (the lower edge of the "มาก" band); the KPI's value is the share
of satisfied respondents in %. Means are rounded to two decimals *before* they are
compared with the bands, because the bands (3.51–4.50 …) are printed to two decimals
and a mean of 3.505 is reported as 3.51.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from ._num import HUNDRED, ZERO, Number, q2, to_decimal

SATISFIED_FROM = Decimal("3.51")

SATISFACTION_BANDS_TH: tuple[tuple[Decimal, str], ...] = (
    (Decimal("4.51"), "มากที่สุด"),
    (Decimal("3.51"), "มาก"),
    (Decimal("2.51"), "ปานกลาง"),
    (Decimal("1.51"), "น้อย"),
    (Decimal("1.00"), "น้อยที่สุด"),
)
"""Lower edge of each band of the mean, best first (upper band edge is 5.00)."""


def respondent_mean(answers: Iterable[Number | None]) -> Decimal:
    """Mean of one respondent's answers (1–5), two decimals; blank answers are skipped."""
    values = [to_decimal(a, "answer") for a in answers if a is not None]
    if not values:
        raise ValueError("a respondent needs at least one answer")
    for value in values:
        if not 1 <= value <= 5:
            raise ValueError(f"answers must be between 1 and 5, got {value}")
    return q2(sum(values, ZERO) / len(values))


def is_satisfied(mean: Number) -> bool:
    """Satisfied at a (two-decimal) mean of 3.51 or more."""
    return q2(to_decimal(mean, "mean")) >= SATISFIED_FROM


def satisfaction_result(
    respondents: Sequence[Iterable[Number | None]],
) -> tuple[Decimal, Decimal]:
    """(share of satisfied respondents in %, mean of the respondents' means), two decimals.

    Each respondent counts once whatever the number of questions they answered.
    """
    means = [respondent_mean(r) for r in respondents]
    if not means:
        raise ValueError("no respondents")
    satisfied = sum(1 for m in means if m >= SATISFIED_FROM)
    share = q2(Decimal(satisfied) * HUNDRED / len(means))
    return share, q2(sum(means, ZERO) / len(means))


def satisfaction_band_th(mean: Number) -> str:
    """Thai label of a mean: 4.51–5.00 มากที่สุด … 1.00–1.50 น้อยที่สุด."""
    value = q2(to_decimal(mean, "mean"))
    if value > 5 or value < 1:
        raise ValueError(f"a mean must be between 1.00 and 5.00, got {value}")
    for lower, label in SATISFACTION_BANDS_TH:
        if value >= lower:
            return label
    raise AssertionError("unreachable: the bands cover 1.00–5.00")  # pragma: no cover
