"""Thai text and number helpers shared by importers, forms and document generators.

Pure Python: no Django imports, so importers and tests can use it without settings.

PDF extractions of Thai documents (see spec/DOMAIN.md §8) store tone marks before the upper
vowel, split sara am into NIKHAHIT + SARA AA and insert stray spaces before combining marks.
:func:`normalize_thai` repairs those so that text can be matched; it never guesses at plain split
words ("แผนง าน") or at a lost sara am ("การด าเนินงาน"), because any rejoining rule would also
glue together words that are meant to be separate. Such text is left for a person to fix.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from pythainlp.util import bahttext, num_to_thaiword

__all__ = [
    "ARABIC",
    "THAI",
    "DigitStyle",
    "baht_text",
    "digits_style",
    "format_baht",
    "format_number",
    "normalize_thai",
    "to_arabic_digits",
    "to_decimal",
    "to_thai_digits",
]


class DigitStyle(StrEnum):
    """How digits are rendered; stored numbers are always numbers (DOMAIN.md §1)."""

    ARABIC = "arabic"
    THAI = "thai"


#: Name used in the brief: ``digits_style.ARABIC`` / ``digits_style.THAI``.
digits_style = DigitStyle
ARABIC = DigitStyle.ARABIC
THAI = DigitStyle.THAI

_ARABIC_DIGITS = "0123456789"
_THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_THAI = str.maketrans(_ARABIC_DIGITS, _THAI_DIGITS)
_TO_ARABIC = str.maketrans(_THAI_DIGITS, _ARABIC_DIGITS)

# --- normalisation -------------------------------------------------------------------------

NIKHAHIT = "\u0e4d"
SARA_AA = "\u0e32"
SARA_AM = "\u0e33"
# Tone marks (mai ek … mai chattawa) and thanthakhat: written after any upper/lower vowel.
_TONES = "\u0e48-\u0e4c"
# Upper vowels (mai han-akat, sara i/ii/ue/uee) and lower vowels (sara u/uu, phinthu).
_VOWELS = "\u0e31\u0e34-\u0e37\u0e38-\u0e3a"
# Everything that cannot start a syllable: combining marks plus sara am (which carries nikhahit).
_NON_INITIAL = "\u0e31\u0e33\u0e34-\u0e3a\u0e47-\u0e4e"

_ZERO_WIDTH_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SPACE_BEFORE_MARK_RE = re.compile(f"(?<=[\u0e01-\u0e5b])\\s+(?=[{_NON_INITIAL}])")
_SARA_AM_RE = re.compile(f"{NIKHAHIT}([\u0e48-\u0e4b]?){SARA_AA}")
_TONE_VOWEL_RE = re.compile(f"([{_TONES}]+)([{_VOWELS}]+)")
_WHITESPACE_RE = re.compile(r"\s+")


def _normalize_once(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = _ZERO_WIDTH_RE.sub("", text)
    text = _SPACE_BEFORE_MARK_RE.sub("", text)
    text = _SARA_AM_RE.sub(lambda m: m.group(1) + SARA_AM, text)
    text = _TONE_VOWEL_RE.sub(lambda m: m.group(2) + m.group(1), text)
    text = _WHITESPACE_RE.sub(" ", text).strip()
    return unicodedata.normalize("NFC", text)


def normalize_thai(text: str) -> str:
    """Return *text* in the form importers match on (NFC, marks reordered, spaces collapsed).

    Steps: Unicode NFC; drop zero-width characters and soft hyphens; remove whitespace that sits
    between a Thai character and a combining mark or sara am ("ได้ร ับ" → "ได้รับ",
    "ที ่" → "ที่"); recompose NIKHAHIT + [tone] + SARA AA into [tone] + SARA AM; move tone marks
    and thanthakhat after an upper or lower vowel ("เพ่ือ" → "เพื่อ", "ข้ัน" → "ขั้น"); collapse
    whitespace runs to one space and strip. Plain split words ("แผนง าน") are deliberately left
    alone (see module docstring). The result is idempotent.
    """
    if not text:
        return ""
    previous, current = None, str(text)
    # One pass is normally enough; repeat so odd inputs still reach a fixed point.
    for _ in range(4):
        previous, current = current, _normalize_once(current)
        if current == previous:
            break
    return current


# --- digits and numbers --------------------------------------------------------------------


def to_thai_digits(s: object) -> str:
    """Render every Arabic digit in ``str(s)`` as a Thai digit (๐–๙)."""
    return str(s).translate(_TO_THAI)


def to_arabic_digits(s: object) -> str:
    """Render every Thai digit in ``str(s)`` as an Arabic digit (0–9)."""
    return str(s).translate(_TO_ARABIC)


def _apply_digits(text: str, digits: str) -> str:
    if digits == DigitStyle.ARABIC:
        return text
    if digits == DigitStyle.THAI:
        return to_thai_digits(text)
    raise ValueError(f"รูปแบบตัวเลขไม่ถูกต้อง: {digits!r} (ใช้ 'arabic' หรือ 'thai')")


_NUMBER_TEXT_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def to_decimal(value: object) -> Decimal:
    """Read *value* (int, float, Decimal or text such as "๑,๒๒๗,๒๐๐.-") as a finite Decimal.

    Raises ValueError with a Thai message when it is not a number.
    """
    if isinstance(value, bool):
        raise ValueError(f"ไม่ใช่ตัวเลข: {value!r}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    elif isinstance(value, str):
        cleaned = to_arabic_digits(value).strip().replace(",", "").replace(" ", "")
        cleaned = cleaned.removesuffix("บาท").removesuffix(".-").removesuffix(".")
        if not _NUMBER_TEXT_RE.fullmatch(cleaned):
            raise ValueError(f"ไม่ใช่ตัวเลข: {value!r}")
        result = Decimal(cleaned)
    else:
        raise ValueError(f"ไม่ใช่ตัวเลข: {value!r}")
    if not result.is_finite():
        raise ValueError(f"ไม่ใช่ตัวเลข: {value!r}")
    return result


def _quantize(value: Decimal, decimals: int) -> Decimal:
    if decimals < 0:
        raise ValueError("จำนวนทศนิยมต้องไม่ติดลบ")
    q = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return q.copy_abs() if q.is_zero() else q


def format_number(value: object, *, decimals: int = 0, digits: str = ARABIC) -> str:
    """Format *value* with thousands separators, rounded half-up ("1,227,200"); None → "-"."""
    if value is None:
        return "-"
    q = _quantize(to_decimal(value), decimals)
    return _apply_digits(f"{q:,.{decimals}f}", digits)


def format_baht(amount: object, *, digits: str = ARABIC, suffix: str = "") -> str:
    """Format a baht amount as the documents do: "1,227,200"; satang only when present.

    ``suffix`` is appended verbatim (".-" for the whole-baht convention, or " บาท").
    None means "no budget" and renders as "-", which is not the same as 0.
    """
    if amount is None:
        return "-"
    value = _quantize(to_decimal(amount), 2)
    decimals = 0 if value == value.to_integral_value() else 2
    return format_number(value, decimals=decimals, digits=digits) + suffix


def baht_text(amount: object) -> str:
    """Spell a baht amount in Thai words ("…บาทถ้วน" / "…บาท…สตางค์"); None → "-".

    Uses :func:`pythainlp.util.bahttext` for the usual case; handles what it does not: Decimal
    input, half-up rounding of satang, negative amounts, amounts under one baht ("ห้าสิบสตางค์")
    and amounts too large for a float to hold exactly.
    """
    if amount is None:
        return "-"
    value = _quantize(to_decimal(amount), 2)
    if value < 0:
        return "ลบ" + baht_text(-value)
    baht = int(value)
    satang = int((value - baht) * 100)
    if baht == 0 and satang == 0:
        return "ศูนย์บาทถ้วน"
    if baht == 0:
        return f"{num_to_thaiword(satang)}สตางค์"
    if value < Decimal(10) ** 12:
        return bahttext(float(value) if satang else baht)
    words = f"{num_to_thaiword(baht)}บาท"
    return words + (f"{num_to_thaiword(satang)}สตางค์" if satang else "ถ้วน")
