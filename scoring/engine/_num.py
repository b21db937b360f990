"""Decimal helpers shared by the engine.

Scores are money-like figures printed in official documents, so every result is a
``Decimal`` quantised to two places with ROUND_HALF_UP (the rounding Thai officials
use on paper), and floats are refused at the door instead of being rounded silently.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TypeAlias

Number: TypeAlias = Decimal | int | str
"""What the engine accepts where a number is expected (never ``float``)."""

ZERO = Decimal(0)
ONE = Decimal(1)
FIVE = Decimal(5)
TWELVE = Decimal(12)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def thai_to_arabic(text: str) -> str:
    """Replace Thai digits (๐–๙) by Arabic ones; seed 002 writes every number in Thai."""
    return text.translate(_THAI_DIGITS)


def q2(value: Decimal) -> Decimal:
    """Quantise to two decimals, half up, as printed on score sheets."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def to_decimal(value: object, name: str = "value") -> Decimal:
    """Coerce ``Decimal | int | str`` to a finite ``Decimal``.

    Floats (and bools) are rejected: a float has already lost the exact value the
    user typed, and the engine promises exact two-decimal results.
    """
    if isinstance(value, (bool, float)):
        raise TypeError(f"{name}: use Decimal, int or str, not {type(value).__name__}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        text = thai_to_arabic(value).strip().replace(",", "")
        try:
            result = Decimal(text)
        except InvalidOperation as exc:
            raise ValueError(f"{name}: not a number: {value!r}") from exc
    else:
        raise TypeError(f"{name}: use Decimal, int or str, not {type(value).__name__}")
    if not result.is_finite():
        raise ValueError(f"{name}: must be finite, got {value!r}")
    return result


def to_optional_decimal(value: object, name: str = "value") -> Decimal | None:
    """Like :func:`to_decimal` but keeps ``None`` ("no figure" is not zero)."""
    return None if value is None else to_decimal(value, name)


def is_whole(value: Decimal) -> bool:
    """True for 4 and 4.00, false for 4.5; levels with rows are whole numbers."""
    return value == value.to_integral_value()
