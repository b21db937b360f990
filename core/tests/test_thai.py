"""Tests for core.thai: PDF-text normalisation, digits and baht formatting."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.thai import (
    ARABIC,
    THAI,
    DigitStyle,
    baht_text,
    digits_style,
    format_baht,
    format_number,
    normalize_thai,
    to_arabic_digits,
    to_decimal,
    to_thai_digits,
)

SEEDS = Path("/work/shared/seeds")

# (raw as extracted, expected after normalisation). Raw strings use explicit escapes where the
# broken mark order would otherwise be invisible in an editor.
NORMALIZE_CASES = [
    # Tone mark stored before the upper vowel (seed-000 digest §8.1).
    ("เพ\u0e48\u0e37อ", "เพื่อ"),
    ("เพ่ือ", "เพื่อ"),
    ("เพ่ิม", "เพิ่ม"),
    ("พ้ืน", "พื้น"),
    ("ข้ึน", "ขึ้น"),
    ("ท่ี", "ที่"),
    ("ข้ัน", "ขั้น"),
    ("เก่ียว", "เกี่ยว"),
    ("ก่ี", "กี่"),
    ("เพ่ิมข้ึนร้อยละ 10 จากปีที่ผ่านมา", "เพิ่มขึ้นร้อยละ 10 จากปีที่ผ่านมา"),
    ("สร้างระบบเครือข่ายในพ้ืนท่ีจัดการ", "สร้างระบบเครือข่ายในพื้นที่จัดการ"),
    # Tone before a lower vowel and thanthakhat before a vowel.
    ("ก\u0e48\u0e38", "ก\u0e38\u0e48"),
    ("ศักด\u0e4c\u0e34", "ศักดิ์"),
    # Decomposed sara am (§8.3), with and without a tone mark between.
    ("ด\u0e4d\u0e32เนิน", "ดำเนิน"),
    ("ส\u0e4d\u0e32เร็จ", "สำเร็จ"),
    ("ดําเนินงาน", "ดำเนินงาน"),
    ("น\u0e4d\u0e49\u0e32", "น้ำ"),
    ("น\u0e49\u0e4d\u0e32", "น้ำ"),
    ("ท\u0e4d\u0e32", "ทำ"),
    # Stray spaces before combining marks (§8.2).
    ("ได้ร ับ", "ได้รับ"),
    ("ที ่", "ที่"),
    ("จ ัดสวัสดิการ", "จัดสวัสดิการ"),
    ("ยุทธศาสตร์ที ่1", "ยุทธศาสตร์ที่1"),
    ("ย ุทธศาสตร ์ท ี ่  6", "ยุทธศาสตร์ที่ 6"),
    ("ด ำเนิน", "ดำเนิน"),
    ("จัดท ำแผน", "จัดทำแผน"),
    # Plain split words and lost sara am are left alone on purpose.
    ("แผนง าน", "แผนง าน"),
    ("การด าเนินงาน", "การด าเนินงาน"),
    ("สาหรับ", "สาหรับ"),
    # Whitespace and invisible characters.
    ("  ร้อยละ\t\n 80  ", "ร้อยละ 80"),
    ("ร้อยละ\u00a080", "ร้อยละ 80"),
    ("กรุงเทพ\u200bมหานคร", "กรุงเทพมหานคร"),
    ("", ""),
    ("   ", ""),
    # A combining mark after a space but not after Thai text is not glued to Latin letters.
    ("abc \u0e48", "abc \u0e48"),
    # Latin text and digits pass through.
    ("KPI 3.1.1.2 : DP.bangkok.go.th", "KPI 3.1.1.2 : DP.bangkok.go.th"),
]


@pytest.mark.parametrize(("raw", "expected"), NORMALIZE_CASES)
def test_normalize_thai(raw: str, expected: str) -> None:
    assert normalize_thai(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), NORMALIZE_CASES)
def test_normalize_thai_is_idempotent_on_cases(raw: str, expected: str) -> None:
    assert normalize_thai(expected) == normalize_thai(raw)


_THAI_ALPHABET = st.sampled_from(
    [chr(c) for c in range(0x0E01, 0x0E5C)] + [" ", "  ", "\t", "a", "1", "\u200b", "\u00a0"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_THAI_ALPHABET, max_size=40).map("".join))
def test_normalize_thai_idempotent_and_nfc(text: str) -> None:
    once = normalize_thai(text)
    assert normalize_thai(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert once == once.strip()
    assert "  " not in once
    # No tone mark is left in front of an upper or lower vowel.
    assert not re.search("[\u0e48-\u0e4c][\u0e31\u0e34-\u0e3a]", once)
    assert "\u0e4d\u0e32" not in once


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_normalize_thai_never_raises(text: str) -> None:
    assert isinstance(normalize_thai(text), str)


@pytest.mark.skipif(not (SEEDS / "000_dfb9de0c87f81871.txt").exists(), reason="seed not present")
def test_normalize_thai_repairs_seed_000() -> None:
    raw = (SEEDS / "000_dfb9de0c87f81871.txt").read_text(encoding="utf-8")
    broken = ["เพ่ือ", "เพ่ิม", "พ้ืน", "ข้ึน", "ท่ี", "ข้ัน", "เก่ียว", "\u0e4d\u0e32"]
    assert all(raw.count(b) for b in broken)
    normalized = normalize_thai(raw)
    assert [normalized.count(b) for b in broken] == [0] * len(broken)
    assert normalized.count("เพื่อ") >= raw.count("เพ่ือ")
    assert not re.search("[\u0e01-\u0e5b] [\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]", normalized)


@pytest.mark.parametrize(
    ("value", "thai", "arabic"),
    [
        ("2567", "๒๕๖๗", "2567"),
        ("๒,๐๑๐", "๒,๐๑๐", "2,010"),
        ("2๐", "๒๐", "20"),
        ("๑๐0", "๑๐๐", "100"),
        ("P๐๓๖", "P๐๓๖", "P036"),
        ("ร้อยละ 80", "ร้อยละ ๘๐", "ร้อยละ 80"),
        (2567, "๒๕๖๗", "2567"),
        (Decimal("1227200.50"), "๑๒๒๗๒๐๐.๕๐", "1227200.50"),
        ("", "", ""),
    ],
)
def test_digit_conversion(value: object, thai: str, arabic: str) -> None:
    assert to_thai_digits(value) == thai
    assert to_arabic_digits(value) == arabic
    assert to_arabic_digits(to_thai_digits(value)) == to_arabic_digits(value)


def test_digit_style_constants() -> None:
    assert ARABIC == "arabic" and THAI == "thai"
    assert digits_style.ARABIC == ARABIC and digits_style.THAI == THAI
    assert digits_style is DigitStyle
    assert {s.value for s in DigitStyle} == {"arabic", "thai"}


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        (1227200, {}, "1,227,200"),
        (548660000, {}, "548,660,000"),
        (Decimal("543335900"), {}, "543,335,900"),
        (0, {}, "0"),
        (999, {}, "999"),
        (-1234567, {}, "-1,234,567"),
        (1234.5, {}, "1,235"),
        (Decimal("2.5"), {}, "3"),
        (Decimal("21.629"), {"decimals": 3}, "21.629"),
        (Decimal("15.1"), {"decimals": 2}, "15.10"),
        ("๒,๐๑๐", {}, "2,010"),
        ("1,406,100.-", {}, "1,406,100"),
        (2010, {"digits": "thai"}, "๒,๐๑๐"),
        (Decimal("3.857"), {"decimals": 2, "digits": THAI}, "๓.๘๖"),
        (Decimal("-0.001"), {"decimals": 2}, "0.00"),
        (None, {}, "-"),
    ],
)
def test_format_number(value: object, kwargs: dict, expected: str) -> None:
    assert format_number(value, **kwargs) == expected


@pytest.mark.parametrize(
    ("amount", "kwargs", "expected"),
    [
        (1227200, {}, "1,227,200"),
        (Decimal("23642500"), {}, "23,642,500"),
        (2500000, {"suffix": ".-"}, "2,500,000.-"),
        (Decimal("1227200.50"), {}, "1,227,200.50"),
        (1227200.5, {}, "1,227,200.50"),
        (Decimal("146500.00"), {}, "146,500"),
        (0, {}, "0"),
        (None, {}, "-"),
        (None, {"suffix": ".-"}, "-"),
        (401800000, {"digits": "thai"}, "๔๐๑,๘๐๐,๐๐๐"),
        (15000000, {"suffix": " บาท"}, "15,000,000 บาท"),
        ("23,642,500", {}, "23,642,500"),
    ],
)
def test_format_baht(amount: object, kwargs: dict, expected: str) -> None:
    assert format_baht(amount, **kwargs) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (548660000, "ห้าร้อยสี่สิบแปดล้านหกแสนหกหมื่นบาทถ้วน"),
        (Decimal("548660000"), "ห้าร้อยสี่สิบแปดล้านหกแสนหกหมื่นบาทถ้วน"),
        (1227200.50, "หนึ่งล้านสองแสนสองหมื่นเจ็ดพันสองร้อยบาทห้าสิบสตางค์"),
        (Decimal("1227200.50"), "หนึ่งล้านสองแสนสองหมื่นเจ็ดพันสองร้อยบาทห้าสิบสตางค์"),
        (1227200, "หนึ่งล้านสองแสนสองหมื่นเจ็ดพันสองร้อยบาทถ้วน"),
        (21, "ยี่สิบเอ็ดบาทถ้วน"),
        (101, "หนึ่งร้อยเอ็ดบาทถ้วน"),
        (11, "สิบเอ็ดบาทถ้วน"),
        (0, "ศูนย์บาทถ้วน"),
        (Decimal("0.50"), "ห้าสิบสตางค์"),
        (Decimal("0.01"), "หนึ่งสตางค์"),
        (Decimal("0.005"), "หนึ่งสตางค์"),
        (Decimal("1.005"), "หนึ่งบาทหนึ่งสตางค์"),
        (-3, "ลบสามบาทถ้วน"),
        ("2,500,000.-", "สองล้านห้าแสนบาทถ้วน"),
        (Decimal("10000000000000.25"), "สิบล้านล้านบาทยี่สิบห้าสตางค์"),
        (None, "-"),
    ],
)
def test_baht_text(amount: object, expected: str) -> None:
    assert baht_text(amount) == expected


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=10**15, places=2, allow_nan=False))
def test_baht_text_always_ends_with_baht_or_satang(amount: Decimal) -> None:
    text = baht_text(amount)
    assert text.endswith(("บาทถ้วน", "สตางค์"))
    assert not re.search("[0-9]", text)


@pytest.mark.parametrize("bad", ["abc", "", "1,2,x", float("nan"), float("inf"), True, object()])
def test_to_decimal_rejects_non_numbers_with_thai_message(bad: object) -> None:
    with pytest.raises(ValueError, match="ไม่ใช่ตัวเลข"):
        to_decimal(bad)


def test_invalid_digit_style_raises() -> None:
    with pytest.raises(ValueError, match="รูปแบบตัวเลข"):
        format_number(1, digits="roman")
