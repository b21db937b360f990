"""Tests for core.fiscal: fiscal years (BE), monthly periods, Thai dates and deadlines."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import pytest

from core.fiscal import (
    FiscalMonth,
    be_to_ce,
    ce_to_be,
    current_period,
    data_due_date,
    fiscal_month,
    fiscal_months,
    fiscal_year_bounds,
    fiscal_year_of,
    gantt_year_headers,
    parse_period,
    period_fiscal_year,
    period_in_fiscal_year,
    period_index,
    period_of,
    periods_until,
    report_due_date,
    thai_date,
)

THAI_CHAR = "[\u0e01-\u0e5b]"


@pytest.mark.parametrize(("be", "ce"), [(2567, 2024), (2566, 2023), (2569, 2026), (2543, 2000)])
def test_be_ce_conversion(be: int, ce: int) -> None:
    assert be_to_ce(be) == ce
    assert ce_to_be(ce) == be


@pytest.mark.parametrize(
    ("d", "fy"),
    [
        (date(2023, 10, 1), 2567),
        (date(2023, 12, 31), 2567),
        (date(2024, 1, 1), 2567),
        (date(2024, 9, 30), 2567),
        (date(2024, 10, 1), 2568),
        (date(2023, 9, 30), 2566),
        (date(2025, 10, 1), 2569),
        (date(2026, 9, 30), 2569),
        (datetime(2024, 2, 29, 23, 59), 2567),
    ],
)
def test_fiscal_year_of(d: date, fy: int) -> None:
    assert fiscal_year_of(d) == fy


@pytest.mark.parametrize(
    ("fy", "bounds"),
    [
        (2567, (date(2023, 10, 1), date(2024, 9, 30))),
        (2569, (date(2025, 10, 1), date(2026, 9, 30))),
        (2565, (date(2021, 10, 1), date(2022, 9, 30))),
    ],
)
def test_fiscal_year_bounds(fy: int, bounds: tuple[date, date]) -> None:
    assert fiscal_year_bounds(fy) == bounds
    start, end = bounds
    assert fiscal_year_of(start) == fiscal_year_of(end) == fy


FY2567_MONTHS = [
    (1, "2023-10", 2566, "ต.ค.", "ตุลาคม", "Oct"),
    (2, "2023-11", 2566, "พ.ย.", "พฤศจิกายน", "Nov"),
    (3, "2023-12", 2566, "ธ.ค.", "ธันวาคม", "Dec"),
    (4, "2024-01", 2567, "ม.ค.", "มกราคม", "Jan"),
    (5, "2024-02", 2567, "ก.พ.", "กุมภาพันธ์", "Feb"),
    (6, "2024-03", 2567, "มี.ค.", "มีนาคม", "Mar"),
    (7, "2024-04", 2567, "เม.ย.", "เมษายน", "Apr"),
    (8, "2024-05", 2567, "พ.ค.", "พฤษภาคม", "May"),
    (9, "2024-06", 2567, "มิ.ย.", "มิถุนายน", "Jun"),
    (10, "2024-07", 2567, "ก.ค.", "กรกฎาคม", "Jul"),
    (11, "2024-08", 2567, "ส.ค.", "สิงหาคม", "Aug"),
    (12, "2024-09", 2567, "ก.ย.", "กันยายน", "Sep"),
]


def test_fiscal_months_2567() -> None:
    months = fiscal_months(2567)
    assert len(months) == 12
    got = [(m.index, m.period, m.be_year, m.abbr_th, m.name_th, m.abbr_en) for m in months]
    assert got == FY2567_MONTHS
    for m in months:
        assert m.period == f"{m.ce_year:04d}-{m.month:02d}"
        assert m.be_year == m.ce_year + 543
        assert m.fiscal_year == 2567
    assert " ".join(m.abbr_th for m in months) == (
        "ต.ค. พ.ย. ธ.ค. ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย."
    )


def test_fiscal_month_is_frozen() -> None:
    m = fiscal_months(2567)[0]
    assert isinstance(m, FiscalMonth)
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.index = 5  # type: ignore[misc]
    assert fiscal_month("2023-10") == m


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01", (2024, 1)),
        ("2023-10", (2023, 10)),
        (" 2024-09 ", (2024, 9)),
        ("2024-1", (2024, 1)),
        ("๒๐๒๔-๐๓", (2024, 3)),
    ],
)
def test_parse_period(text: str, expected: tuple[int, int]) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    "bad",
    ["", "2024", "2024-13", "2024-00", "2024/01", "01-2024", "2567-01", "abc", "2024-01-05",
     "1800-01", None, 202401],
)  # fmt: skip
def test_parse_period_rejects_bad_input_with_thai_message(bad: object) -> None:
    with pytest.raises(ValueError, match=THAI_CHAR):
        parse_period(bad)  # type: ignore[arg-type]


def test_parse_period_explains_be_year() -> None:
    with pytest.raises(ValueError, match=r"พ\.ศ\.") as info:
        parse_period("2567-01")
    assert "2024-01" in str(info.value)


@pytest.mark.parametrize(
    ("period", "fy", "index"),
    [
        ("2023-10", 2567, 1),
        ("2023-12", 2567, 3),
        ("2024-01", 2567, 4),
        ("2024-09", 2567, 12),
        ("2024-10", 2568, 1),
        ("2025-10", 2569, 1),
        ("2026-03", 2569, 6),
    ],
)
def test_period_fiscal_year_and_index(period: str, fy: int, index: int) -> None:
    assert period_fiscal_year(period) == fy
    assert period_index(period) == index
    assert period_in_fiscal_year(period, fy)
    assert not period_in_fiscal_year(period, fy + 1)
    assert not period_in_fiscal_year(period, fy - 1)


@pytest.mark.parametrize("fn", [period_fiscal_year, period_index, periods_until, data_due_date])
def test_period_functions_reject_bad_periods(fn) -> None:
    with pytest.raises(ValueError, match=THAI_CHAR):
        fn("2024-13")


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2023-10", ["2023-10"]),
        ("2023-12", ["2023-10", "2023-11", "2023-12"]),
        ("2024-02", ["2023-10", "2023-11", "2023-12", "2024-01", "2024-02"]),
        ("2024-09", [m[1] for m in FY2567_MONTHS]),
    ],
)
def test_periods_until(period: str, expected: list[str]) -> None:
    assert periods_until(period) == expected


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2024, 3, 15), "2024-03"),
        (date(2023, 10, 1), "2023-10"),
        (date(2024, 12, 31), "2024-12"),
    ],
)
def test_current_period(today: date, expected: str) -> None:
    assert current_period(today) == expected
    assert period_of(today) == expected


def test_current_period_default_is_a_valid_period() -> None:
    parse_period(current_period())


@pytest.mark.parametrize(
    ("period", "data_due", "report_due"),
    [
        ("2024-01", date(2024, 2, 5), date(2024, 2, 15)),
        ("2023-10", date(2023, 11, 5), date(2023, 11, 15)),
        ("2023-12", date(2024, 1, 5), date(2024, 1, 15)),
        ("2024-09", date(2024, 10, 5), date(2024, 10, 15)),
    ],
)
def test_due_dates(period: str, data_due: date, report_due: date) -> None:
    assert data_due_date(period) == data_due
    assert report_due_date(period) == report_due


@pytest.mark.parametrize(
    ("d", "kwargs", "expected"),
    [
        (date(2024, 9, 30), {}, "30 กันยายน 2567"),
        (date(2024, 9, 30), {"style": "short"}, "30 ก.ย. 67"),
        (date(2023, 8, 23), {}, "23 สิงหาคม 2566"),
        (date(2022, 4, 8), {"style": "short"}, "8 เม.ย. 65"),
        (date(2025, 10, 1), {}, "1 ตุลาคม 2568"),
        (date(2024, 9, 30), {"digits": "thai"}, "๓๐ กันยายน ๒๕๖๗"),
        (date(2024, 9, 30), {"style": "short", "digits": "thai"}, "๓๐ ก.ย. ๖๗"),
        (date(2043, 1, 5), {"style": "short"}, "5 ม.ค. 86"),
        (date(2057, 1, 5), {"style": "short"}, "5 ม.ค. 00"),
    ],
)
def test_thai_date(d: date, kwargs: dict, expected: str) -> None:
    assert thai_date(d, **kwargs) == expected


def test_thai_date_rejects_unknown_style() -> None:
    with pytest.raises(ValueError, match=THAI_CHAR):
        thai_date(date(2024, 1, 1), style="medium")


@pytest.mark.parametrize(
    ("fy", "kwargs", "expected"),
    [
        (2567, {}, [("พ.ศ. 2566", 3), ("พ.ศ. 2567", 9)]),
        (2569, {}, [("พ.ศ. 2568", 3), ("พ.ศ. 2569", 9)]),
        (2567, {"digits": "thai"}, [("พ.ศ. ๒๕๖๖", 3), ("พ.ศ. ๒๕๖๗", 9)]),
    ],
)
def test_gantt_year_headers(fy: int, kwargs: dict, expected: list[tuple[str, int]]) -> None:
    headers = gantt_year_headers(fy, **kwargs)
    assert headers == expected
    assert sum(span for _, span in headers) == 12
