"""CSV and XLSX for tabular exports (``?format=csv|xlsx``), with Thai headers.

A view answers a tabular request with ``Table(columns, rows)``; the renderers write it. The
CSV starts with a UTF-8 byte-order mark so Excel opens Thai text correctly; the XLSX is built
with openpyxl (numbers stay numbers). Error answers (a dict) become a two-column table.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal

from rest_framework.renderers import BaseRenderer

TABULAR_FORMATS = ("csv", "xlsx")


@dataclass
class Table:
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    title: str = "bmaplan"


def _as_table(data) -> Table:
    if isinstance(data, Table):
        return data
    if isinstance(data, dict):
        return Table(["รายการ", "ข้อความ"], [[k, _flat(v)] for k, v in data.items()])
    return Table(["ข้อมูล"], [[_flat(data)]])


def _flat(value):
    if isinstance(value, (list, tuple)):
        return "; ".join(str(_flat(v)) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_flat(v)}" for k, v in value.items())
    return value


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        table = _as_table(data)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(table.columns)
        for row in table.rows:
            writer.writerow(["" if v is None else _flat(v) for v in row])
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")


class XLSXRenderer(BaseRenderer):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        from openpyxl import Workbook
        from openpyxl.styles import Font

        table = _as_table(data)
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = table.title[:31]
        sheet.append(table.columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([_cell(v) for v in row])
        sheet.freeze_panes = "A2"
        for index, header in enumerate(table.columns, start=1):
            letter = sheet.cell(row=1, column=index).column_letter
            sheet.column_dimensions[letter].width = max(12, min(60, len(str(header)) + 4))
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()


def _cell(value):
    if isinstance(value, Decimal):
        return float(value) if value == value else None
    if isinstance(value, (list, tuple, dict)):
        return _flat(value)
    return value


def tabular_response(table: Table, request, filename: str):
    """A Response for ``?format=csv|xlsx`` with a download file name."""
    from rest_framework.response import Response

    fmt = request.accepted_renderer.format
    response = Response(table)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
