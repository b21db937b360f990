"""BMA fiscal calendar: fiscal years, monthly reporting periods and Thai date labels.

The fiscal year (ปีงบประมาณ) runs 1 October – 30 September and is named by the Buddhist Era year
in which it ends: FY 2567 = 2023-10-01 … 2024-09-30 (DOMAIN.md §1). Reporting periods are calendar
months written "YYYY-MM" in the Christian Era, so they sort and parse like ISO dates; the Thai
labels are produced only for display. Pure Python: no Django imports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from core.thai import ARABIC, to_arabic_digits, to_thai_digits

__all__ = [
    "BANGKOK_TZ",
    "BE_OFFSET",
    "FiscalMonth",
    "be_to_ce",
    "ce_to_be",
    "current_period",
    "data_due_date",
    "fiscal_month",
    "fiscal_months",
    "fiscal_year_bounds",
    "fiscal_year_of",
    "format_period",
    "gantt_year_headers",
    "parse_period",
    "period_fiscal_year",
    "period_in_fiscal_year",
    "period_index",
    "period_of",
    "periods_until",
    "report_due_date",
    "thai_date",
]

BE_OFFSET = 543
FISCAL_START_MONTH = 10
#: Thailand has no daylight saving time, so a fixed offset avoids a tzdata dependency.
BANGKOK_TZ = timezone(timedelta(hours=7), "Asia/Bangkok")

#: Day of the following month by which unit staff enter a month's data (DOMAIN.md §7).
DATA_DUE_DAY = 5
#: Day of the following month by which the monthly report is due.
REPORT_DUE_DAY = 15

MONTH_NAMES_TH = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
MONTH_ABBRS_TH = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip
MONTH_ABBRS_EN = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip

_PERIOD_RE = re.compile(r"([0-9]{4})-([0-9]{1,2})")
_MIN_CE_YEAR = 1900
_MAX_CE_YEAR = 2399  # anything later is almost certainly a BE year typed by mistake


def be_to_ce(year: int) -> int:
    """Buddhist Era year → Christian Era year (2567 → 2024)."""
    return int(year) - BE_OFFSET


def ce_to_be(year: int) -> int:
    """Christian Era year → Buddhist Era year (2024 → 2567)."""
    return int(year) + BE_OFFSET


def fiscal_year_of(d: date) -> int:
    """Fiscal year (BE) that contains date *d*: October starts the next fiscal year."""
    ce_year = d.year + 1 if d.month >= FISCAL_START_MONTH else d.year
    return ce_to_be(ce_year)


def fiscal_year_bounds(fy_be: int) -> tuple[date, date]:
    """First and last day of fiscal year *fy_be*: 2567 → (2023-10-01, 2024-09-30)."""
    end_ce = be_to_ce(fy_be)
    return date(end_ce - 1, FISCAL_START_MONTH, 1), date(end_ce, 9, 30)


@dataclass(frozen=True)
class FiscalMonth:
    """One month column of a fiscal year, with the labels documents print over it."""

    index: int  # 1 = October … 12 = September
    period: str  # "YYYY-MM" in the Christian Era
    ce_year: int
    month: int  # calendar month 1..12
    be_year: int  # calendar year of this month in BE (not the fiscal year)
    abbr_th: str  # "ต.ค."
    name_th: str  # "ตุลาคม"
    abbr_en: str  # "Oct"
    fiscal_year: int  # BE fiscal year the month belongs to


def fiscal_month(period: str) -> FiscalMonth:
    """The :class:`FiscalMonth` for a "YYYY-MM" period."""
    ce_year, month = parse_period(period)
    return FiscalMonth(
        index=(month - FISCAL_START_MONTH) % 12 + 1,
        period=format_period(ce_year, month),
        ce_year=ce_year,
        month=month,
        be_year=ce_to_be(ce_year),
        abbr_th=MONTH_ABBRS_TH[month - 1],
        name_th=MONTH_NAMES_TH[month - 1],
        abbr_en=MONTH_ABBRS_EN[month - 1],
        fiscal_year=ce_to_be(ce_year + 1 if month >= FISCAL_START_MONTH else ce_year),
    )


def fiscal_months(fy_be: int) -> list[FiscalMonth]:
    """The twelve months of fiscal year *fy_be* in fiscal order, ต.ค. … ก.ย."""
    start, _ = fiscal_year_bounds(fy_be)
    months = []
    for offset in range(12):
        month0 = start.month - 1 + offset
        months.append(fiscal_month(format_period(start.year + month0 // 12, month0 % 12 + 1)))
    return months


def format_period(ce_year: int, month: int) -> str:
    """Build a "YYYY-MM" period from a CE year and a month."""
    return f"{int(ce_year):04d}-{int(month):02d}"


def period_of(d: date) -> str:
    """The reporting period ("YYYY-MM") that contains date *d*."""
    return format_period(d.year, d.month)


def parse_period(s: str) -> tuple[int, int]:
    """Read a "YYYY-MM" period (CE year) into (year, month); Thai digits are accepted.

    Raises ValueError with a Thai message for anything else, including a BE year ("2567-01"),
    so that a wrong year never silently lands 543 years away.
    """
    if not isinstance(s, str):
        raise ValueError(f"งวดรายงานต้องเป็นข้อความรูปแบบ ปปปป-ดด (ค.ศ.) เช่น 2024-01 ไม่ใช่ {s!r}")
    m = _PERIOD_RE.fullmatch(to_arabic_digits(s.strip()))
    if not m:
        raise ValueError(f"รูปแบบงวดรายงานไม่ถูกต้อง: {s!r} (ต้องเป็น ปปปป-ดด เช่น 2024-01)")
    year, month = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12:
        raise ValueError(f"เดือนของงวดรายงานต้องอยู่ระหว่าง 1 ถึง 12: {s!r}")
    if year > _MAX_CE_YEAR:
        raise ValueError(
            f"ปีของงวดรายงานต้องเป็น ค.ศ.: {s!r} ดูเหมือนเป็นปี พ.ศ. "
            f"(ใช้ {format_period(be_to_ce(year), month)})"
        )
    if year < _MIN_CE_YEAR:
        raise ValueError(f"ปีของงวดรายงานไม่ถูกต้อง: {s!r}")
    return year, month


def period_fiscal_year(period: str) -> int:
    """Fiscal year (BE) of a "YYYY-MM" period: "2023-10" → 2567."""
    year, month = parse_period(period)
    return fiscal_year_of(date(year, month, 1))


def period_in_fiscal_year(period: str, fy: int) -> bool:
    """Whether the period belongs to fiscal year *fy* (BE)."""
    return period_fiscal_year(period) == int(fy)


def period_index(period: str) -> int:
    """Position of the period within its fiscal year: October = 1 … September = 12."""
    _, month = parse_period(period)
    return (month - FISCAL_START_MONTH) % 12 + 1


def periods_until(period: str) -> list[str]:
    """Periods of the same fiscal year from October up to and including *period*."""
    months = fiscal_months(period_fiscal_year(period))
    return [m.period for m in months[: period_index(period)]]


def current_period(today: date | None = None) -> str:
    """The period containing *today* (default: today's date in Bangkok, not the server's zone)."""
    if today is None:
        today = datetime.now(BANGKOK_TZ).date()
    return period_of(today)


def _next_month(period: str) -> tuple[int, int]:
    year, month = parse_period(period)
    return (year + 1, 1) if month == 12 else (year, month + 1)


def data_due_date(period: str) -> date:
    """Deadline for entering a period's data: the 5th of the following month."""
    year, month = _next_month(period)
    return date(year, month, DATA_DUE_DAY)


def report_due_date(period: str) -> date:
    """Deadline for the period's monthly report: the 15th of the following month."""
    year, month = _next_month(period)
    return date(year, month, REPORT_DUE_DAY)


def _digits(text: str, digits: str) -> str:
    if digits == "arabic":
        return text
    if digits == "thai":
        return to_thai_digits(text)
    raise ValueError(f"รูปแบบตัวเลขไม่ถูกต้อง: {digits!r} (ใช้ 'arabic' หรือ 'thai')")


def thai_date(d: date, *, style: str = "long", digits: str = ARABIC) -> str:
    """Thai date with a BE year: long "30 กันยายน 2567", short "30 ก.ย. 67"."""
    be_year = ce_to_be(d.year)
    if style == "long":
        text = f"{d.day} {MONTH_NAMES_TH[d.month - 1]} {be_year}"
    elif style == "short":
        text = f"{d.day} {MONTH_ABBRS_TH[d.month - 1]} {be_year % 100:02d}"
    else:
        raise ValueError(f"รูปแบบวันที่ไม่ถูกต้อง: {style!r} (ใช้ 'long' หรือ 'short')")
    return _digits(text, digits)


def gantt_year_headers(fy: int, *, digits: str = ARABIC) -> list[tuple[str, int]]:
    """Calendar-year banners over the Gantt month columns.

    FY 2567 → [("พ.ศ. 2566", 3), ("พ.ศ. 2567", 9)]: October–December belong to the previous
    calendar year, which is how the seed plans print their Gantt headers.
    """
    headers: list[tuple[str, int]] = []
    for month in fiscal_months(fy):
        label = _digits(f"พ.ศ. {month.be_year}", digits)
        if headers and headers[-1][0] == label:
            headers[-1] = (label, headers[-1][1] + 1)
        else:
            headers.append((label, 1))
    return headers
