"""Chart specs: one small dict per chart, drawn by static/dashboards/charts.js (ECharts), shown
as a table by the 'data' toggle and served as CSV — all three from the same rows."""

import csv
from decimal import Decimal
from io import StringIO

from django.http import HttpResponse

# Accessible palette (Okabe–Ito); charts.js also adds decal patterns and value labels so
# colour is never the only cue.
STATUS_COLOURS = {
    "on_track": "#009E73",
    "at_risk": "#E69F00",
    "off_track": "#D55E00",
    "no_data": "#999999",
}


def month_label(m) -> str:
    """Thai month abbreviation with the two-digit BE year: ``ต.ค. 66``."""
    return f"{m.abbr_th} {str(m.be_year)[-2:]}"


def _num(v):
    if v is None:
        return None
    if isinstance(v, Decimal | int | float):
        return float(v)
    try:
        return float(Decimal(str(v)))
    except ArithmeticError:
        return None


def chart(
    chart_id: str,
    title: str,
    kind: str,
    categories: list[str],
    series: list[dict],
    *,
    unit: str = "",
    links: list[str] | None = None,
    stacked: bool = False,
) -> dict:
    """``series`` = [{"name", "data", "color"?}]; ``links``: a URL per category (click-down)."""
    return {
        "id": chart_id,
        "title": title,
        "kind": kind,  # bar | hbar | line | pie
        "categories": [str(c) for c in categories],
        "series": [
            {**s, "data": [_num(v) for v in s["data"]], "raw": [v for v in s["data"]]}
            for s in series
        ],
        "unit": unit,
        "links": links or [],
        "stacked": stacked,
    }


def js_spec(spec: dict) -> dict:
    """What json_script ships to the browser (no raw Decimal values)."""
    return {
        **spec,
        "series": [{k: v for k, v in s.items() if k != "raw"} for s in spec["series"]],
    }


def table_rows(spec: dict) -> list[list]:
    rows = []
    for i, cat in enumerate(spec["categories"]):
        rows.append([cat, *[s["raw"][i] for s in spec["series"]]])
    return rows


def csv_response(spec: dict) -> HttpResponse:
    out = StringIO()
    out.write("\ufeff")  # Excel opens UTF-8 Thai text correctly with a BOM
    w = csv.writer(out)
    w.writerow(["", *[s["name"] for s in spec["series"]]])
    for row in table_rows(spec):
        w.writerow(["" if v is None else v for v in row])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{spec["id"]}.csv"'
    return response
