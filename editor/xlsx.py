"""A plan's KPIs and projects as an Excel workbook planners can edit, and back.

Export writes one sheet per kind of row (KPIs, their targets, scale levels, scale steps,
composite parts, responsible units; projects, budget lines, steps with a 12-month Gantt). Row 1
holds Thai headings, row 2 (hidden) the field keys the importer reads, data starts at row 3.
Import rebuilds the ``kpis`` and ``projects`` of the plan's ``bmaplan/1`` document, keeps
everything else of the plan as it is, and goes through the interchange validator and importer,
so the rules are the same as for a whole-plan import. Every problem is reported with its cell.
Export → import → export is lossless (tests/ui/test_xlsx.py).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.fiscal import fiscal_months
from kpis.models import Direction, ResponsibilityRole, ScaleKind
from projects.models import BudgetCategory, BudgetStatus, ProjectKind

CENT = Decimal("0.01")
YES, NO = "ใช่", "ไม่ใช่"
HEAD_FILL = PatternFill("solid", fgColor="DCE6F2")
FIRST_DATA_ROW = 3


def _choices(choices) -> dict[str, str]:
    return {str(v): str(label) for v, label in choices}


DIRECTION = _choices(Direction.choices)
SCALE_KIND = _choices(ScaleKind.choices)
RESP_ROLE = _choices(ResponsibilityRole.choices)
BUDGET_STATUS = _choices(BudgetStatus.choices)
BUDGET_CATEGORY = _choices(BudgetCategory.choices)
PROJECT_KIND = _choices(ProjectKind.choices)
YEAR_KIND = {"baseline": "ข้อมูลพื้นฐาน", "target": "ค่าเป้าหมาย"}


@dataclass(frozen=True)
class Col:
    key: str
    label: str
    kind: str = "text"  # text | ref | int | dec | bound | bool | nullbool | list | date | choice
    choices: dict[str, str] | None = None
    width: int = 14


KPI_COLS = [
    Col("code", "รหัสตัวชี้วัด", width=10), Col("name_th", "ชื่อตัวชี้วัด", width=50),
    Col("name_en", "ชื่อภาษาอังกฤษ", width=20), Col("unit_th", "หน่วยนับ", width=10),
    Col("direction", "ทิศทาง", "choice", DIRECTION), Col("part", "ส่วนที่", "int", width=7),
    Col("adoption", "รับจากตัววัดผล", "ref"), Col("nodes", "เชื่อมโยงยุทธศาสตร์", "list"),
    Col("policies", "นโยบายผู้ว่าฯ", "list"), Col("component", "องค์ประกอบ", "ref", width=9),
    Col("weight", "น้ำหนัก", "dec", width=8), Col("target_level", "ระดับเป้าหมาย", "dec", width=8),
    Col("scale_kind", "รูปแบบเกณฑ์", "choice", SCALE_KIND),
    Col("interpolate", "คำนวณแบบเส้นตรง", "nullbool", width=9),
    Col("no_skip", "ห้ามข้ามขั้นตอน", "bool", width=9),
    Col("definition_th", "นิยาม", width=40), Col("calculation_th", "วิธีคำนวณ", width=40),
    Col("evidence_th", "วิธีเก็บข้อมูล/หลักฐาน", width=30), Col("conditions_th", "เงื่อนไข", width=20),
    Col("notes_th", "หมายเหตุ", width=20),
]  # fmt: skip
YEAR_COLS = [
    Col("kpi", "รหัสตัวชี้วัด", width=10), Col("kind", "ประเภท", "choice", YEAR_KIND),
    Col("year", "ปี พ.ศ.", "int", width=8), Col("text", "ค่าตามเอกสาร", width=40),
]  # fmt: skip
LEVEL_COLS = [
    Col("kpi", "รหัสตัวชี้วัด", width=10), Col("part", "ส่วนที่ (ตัวชี้วัดประกอบ)", "int", width=8),
    Col("level", "ระดับ", "int", width=6), Col("threshold_text", "เกณฑ์", width=20),
    Col("criterion_th", "รายละเอียด", width=50), Col("score", "คะแนน", "dec", width=8),
    Col("min", "ค่าต่ำสุด", "bound", width=9), Col("max", "ค่าสูงสุด", "bound", width=9),
    Col("min_inclusive", "รวมค่าต่ำสุด", "bool", width=8),
    Col("max_inclusive", "รวมค่าสูงสุด", "bool", width=8),
    Col("points", "คะแนนคงที่", "dec", width=8),
]  # fmt: skip
SCALE_STEP_COLS = [
    Col("kpi", "รหัสตัวชี้วัด", width=10), Col("part", "ส่วนที่ (ตัวชี้วัดประกอบ)", "int", width=8),
    Col("order", "ขั้นที่", "int", width=6), Col("name_th", "ขั้นตอน", width=50),
    Col("points", "คะแนน", "dec", width=8), Col("deadline", "กำหนดเสร็จ", "date", width=12),
]  # fmt: skip
PART_COLS = [
    Col("kpi", "รหัสตัวชี้วัด", width=10), Col("index", "ส่วนที่", "int", width=6),
    Col("name_th", "ชื่อส่วน", width=40), Col("weight", "น้ำหนัก", "dec", width=8),
    Col("direction", "ทิศทาง", "choice", DIRECTION),
    Col("scale_kind", "รูปแบบเกณฑ์", "choice", SCALE_KIND),
    Col("no_skip", "ห้ามข้ามขั้นตอน", "bool", width=8),
]  # fmt: skip
RESP_COLS = [
    Col("kpi", "รหัสตัวชี้วัด", width=10), Col("unit", "หน่วยงาน (อักษรย่อ)", "ref"),
    Col("unit_text", "ชื่อหน่วยงานตามเอกสาร", width=30), Col("role", "บทบาท", "choice", RESP_ROLE),
    Col("duties_th", "ภารกิจ", width=50),
]  # fmt: skip
PROJECT_COLS = [
    Col("code", "รหัสโครงการ", width=10), Col("name_th", "ชื่อโครงการ/กิจกรรม", width=50),
    Col("kind", "ประเภท", "choice", PROJECT_KIND), Col("part", "ส่วนที่", "int", width=7),
    Col("priority", "ลำดับความสำคัญ", "int", width=8), Col("strategy_codes", "รหัสยุทธศาสตร์", "list"),
    Col("owner_units", "หน่วยงาน (อักษรย่อ)", "list"), Col("owner_text", "หน่วยงานตามเอกสาร"),
    Col("kpis", "ตัวชี้วัด", "list"), Col("primary_kpi", "ตัวชี้วัดหลัก", "ref"),
    Col("nodes", "เชื่อมโยงยุทธศาสตร์", "list"), Col("policies", "นโยบายผู้ว่าฯ", "list"),
    Col("is_integrated", "แผนงานบูรณาการ", "bool", width=9),
    Col("flag_marks", "เครื่องหมาย", width=8), Col("status_note", "หมายเหตุสถานะ", width=20),
    Col("expense_class", "การจำแนกรายจ่าย (คั่นด้วย >)", "path", width=30),
    Col("work_area_th", "งาน", width=20), Col("description_th", "รายละเอียด", width=30),
]  # fmt: skip
BUDGET_COLS = [
    Col("project", "รหัสโครงการ", width=10), Col("fiscal_year", "ปีงบประมาณ", "int", width=9),
    Col("amount", "จำนวนเงิน (บาท)", "dec", width=16),
    Col("status", "สถานะงบประมาณ", "choice", BUDGET_STATUS, width=18),
    Col("category", "หมวดงบ", "choice", BUDGET_CATEGORY, width=18),
    Col("source_th", "แหล่งงบประมาณ", width=20), Col("note_th", "หมายเหตุ", width=20),
]  # fmt: skip
STEP_COLS_BASE = [
    Col("project", "รหัสโครงการ", width=10), Col("order", "ขั้นที่", "int", width=6),
    Col("name_th", "เนื้องาน", width=50), Col("weight", "ร้อยละ", "dec", width=8),
]  # fmt: skip

SHEETS = {
    "kpis": "ตัวชี้วัด",
    "years": "ค่าเป้าหมายรายปี",
    "levels": "เกณฑ์ 5 ระดับ",
    "scale_steps": "ขั้นตอนเกณฑ์",
    "parts": "ส่วนของตัวชี้วัดประกอบ",
    "resp": "หน่วยงานรับผิดชอบ",
    "projects": "โครงการ",
    "budget": "งบประมาณ",
    "steps": "ขั้นตอนโครงการ",
}


def _step_cols(fiscal_year: int) -> list[Col]:
    months = [Col(f"m:{m.period}", f"{m.abbr_th} {m.be_year % 100:02d}", "month", width=6)
              for m in fiscal_months(fiscal_year)]  # fmt: skip
    return [*STEP_COLS_BASE, *months, Col("other_months", "เดือนอื่น (YYYY-MM)", "list")]


# --- export -----------------------------------------------------------------------------------


def _cell(col: Col, value: Any) -> Any:
    if value is None:
        return None
    if col.kind in ("dec", "bound"):
        return Decimal(value)
    if col.kind in ("bool", "nullbool"):
        return YES if value else NO
    if col.kind == "list":
        return ", ".join(value) if value else None
    if col.kind == "path":
        return " > ".join(value) if value else None
    if col.kind == "choice":
        return col.choices.get(value, value) if value != "" else None
    if col.kind == "date":
        return date.fromisoformat(value)
    return value if value != "" else None


def _sheet(wb: Workbook, title: str, cols: list[Col], rows: list[list[Any]]) -> None:
    ws = wb.create_sheet(title)
    ws.append([c.label for c in cols])
    ws.append([c.key for c in cols])
    ws.row_dimensions[2].hidden = True
    for index, c in enumerate(cols, start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = c.width
        head = ws.cell(row=1, column=index)
        head.font = Font(bold=True)
        head.fill = HEAD_FILL
        head.alignment = Alignment(wrap_text=True, vertical="top")
        if c.choices:
            dv = DataValidation(
                type="list", formula1='"' + ",".join(c.choices.values()) + '"', allow_blank=True
            )
            dv.add(f"{letter}{FIRST_DATA_ROW}:{letter}2000")
            ws.add_data_validation(dv)
        if c.kind in ("bool", "nullbool"):
            dv = DataValidation(type="list", formula1=f'"{YES},{NO}"', allow_blank=True)
            dv.add(f"{letter}{FIRST_DATA_ROW}:{letter}2000")
            ws.add_data_validation(dv)
    for row in rows:
        ws.append(row)
    for r in ws.iter_rows(min_row=FIRST_DATA_ROW):
        for cell in r:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "B3"


def export_workbook(document: dict[str, Any]) -> bytes:
    """The KPIs and projects of a ``bmaplan/1`` document as an .xlsx file."""
    wb = Workbook()
    wb.remove(wb.active)
    kpis = document["kpis"]
    projects = document["projects"]

    def row(cols, data):
        return [_cell(c, data.get(c.key)) for c in cols]

    kpi_rows, year_rows, level_rows, step_rows, part_rows, resp_rows = [], [], [], [], [], []
    for k in kpis:
        scale = k["scale"]
        kpi_rows.append(row(KPI_COLS, {**k, "scale_kind": scale["kind"],
                                       "interpolate": scale["interpolate"],
                                       "no_skip": scale["no_skip"]}))  # fmt: skip
        for kind in ("baselines", "targets"):
            for v in k[kind]:
                year_rows.append(row(YEAR_COLS, {"kpi": k["code"], "kind": kind[:-1], **v}))
        for lv in scale["levels"]:
            level_rows.append(row(LEVEL_COLS, {"kpi": k["code"], **lv}))
        for st in scale["steps"]:
            step_rows.append(row(SCALE_STEP_COLS, {"kpi": k["code"], **st}))
        for p in scale["parts"]:
            sub = p["scale"]
            part_rows.append(row(PART_COLS, {"kpi": k["code"], **p, "scale_kind": sub["kind"],
                                             "no_skip": sub["no_skip"]}))  # fmt: skip
            for lv in sub["levels"]:
                level_rows.append(row(LEVEL_COLS, {"kpi": k["code"], "part": p["index"], **lv}))
            for st in sub["steps"]:
                step_rows.append(row(SCALE_STEP_COLS, {"kpi": k["code"], "part": p["index"], **st}))
        for r in k["responsibilities"]:
            resp_rows.append(row(RESP_COLS, {"kpi": k["code"], **r}))

    step_cols = _step_cols(document["fiscal_year"])
    in_year = {c.key[2:] for c in step_cols if c.kind == "month"}
    project_rows, budget_rows, work_rows = [], [], []
    for p in projects:
        project_rows.append(row(PROJECT_COLS, p))
        for b in p["budget_lines"]:
            budget_rows.append(row(BUDGET_COLS, {"project": p["code"], **b}))
        for s in p["steps"]:
            data = {"project": p["code"], **s}
            months = set(s["planned_months"])
            for m in in_year:
                data[f"m:{m}"] = "✓" if m in months else None
            data["other_months"] = [m for m in s["planned_months"] if m not in in_year]
            work_rows.append(
                [data.get(c.key) if c.kind == "month" else _cell(c, data.get(c.key))
                 for c in step_cols]
            )  # fmt: skip

    _sheet(wb, SHEETS["kpis"], KPI_COLS, kpi_rows)
    _sheet(wb, SHEETS["years"], YEAR_COLS, year_rows)
    _sheet(wb, SHEETS["levels"], LEVEL_COLS, level_rows)
    _sheet(wb, SHEETS["scale_steps"], SCALE_STEP_COLS, step_rows)
    _sheet(wb, SHEETS["parts"], PART_COLS, part_rows)
    _sheet(wb, SHEETS["resp"], RESP_COLS, resp_rows)
    _sheet(wb, SHEETS["projects"], PROJECT_COLS, project_rows)
    _sheet(wb, SHEETS["budget"], BUDGET_COLS, budget_rows)
    _sheet(wb, SHEETS["steps"], step_cols, work_rows)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- import -----------------------------------------------------------------------------------


@dataclass
class CellError:
    sheet: str
    cell: str
    message: str


@dataclass
class ParsedWorkbook:
    kpis: list[dict[str, Any]] = field(default_factory=list)
    projects: list[dict[str, Any]] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    # JSON path prefix ("kpis[3]", "kpis[3].scale.levels[2]") → (sheet, row, {key: column})
    locations: dict[str, tuple[str, int, dict[str, str]]] = field(default_factory=dict)

    def locate(self, path: str) -> tuple[str, str]:
        """The sheet and cell of a document path ("kpis[3].weight" → ตัวชี้วัด, K5)."""
        best = ""
        for prefix in self.locations:
            if (path == prefix or path.startswith(prefix + ".") or path.startswith(prefix + "[")) \
                    and len(prefix) > len(best):  # fmt: skip
                best = prefix
        if not best:
            return "", ""
        sheet, row, columns = self.locations[best]
        rest = path[len(best) :].lstrip(".")
        key = re.split(r"[.\[]", rest, maxsplit=1)[0] if rest else ""
        key = {"scale": "scale_kind"}.get(key, key)
        letter = columns.get(key) or "A"
        return sheet, f"{letter}{row}"


def _to_bool(value: Any, nullable: bool) -> bool | None:
    if value is None or value == "":
        return None if nullable else False
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("ใช่", "true", "yes", "y", "1", "✓", "x"):
        return True
    if text in ("ไม่ใช่", "false", "no", "n", "0"):
        return False
    raise ValueError("ต้องเป็น “ใช่” หรือ “ไม่ใช่”")


def _to_decimal(value: Any) -> Decimal:
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return Decimal(str(value))
    text = str(value).strip().replace(",", "")
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise ValueError("ต้องเป็นตัวเลข") from exc


def _convert(col: Col, value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip() if col.kind != "text" else value
    empty = value is None or value == ""
    if col.kind == "text":
        return "" if empty else str(value)
    if col.kind == "ref":
        return None if empty else str(value).strip()
    if col.kind == "int":
        if empty:
            return None
        number = _to_decimal(value)
        if number != number.to_integral():
            raise ValueError("ต้องเป็นจำนวนเต็ม")
        return int(number)
    if col.kind == "dec":
        return None if empty else f"{_to_decimal(value).quantize(CENT):.2f}"
    if col.kind == "bound":
        if empty:
            return None
        number = _to_decimal(value)
        if number == number.quantize(CENT):
            return f"{number.quantize(CENT):.2f}"
        return format(number.normalize(), "f")
    if col.kind in ("bool", "nullbool"):
        return _to_bool(value, col.kind == "nullbool")
    if col.kind == "list":
        return [] if empty else [v.strip() for v in str(value).split(",") if v.strip()]
    if col.kind == "path":
        return None if empty else [v.strip() for v in str(value).split(">") if v.strip()]
    if col.kind == "choice":
        if empty:
            return ""
        text = str(value).strip()
        if text in col.choices:
            return text
        for code, label in col.choices.items():
            if text == label:
                return code
        raise ValueError("ไม่มีในรายการที่เลือกได้: " + ", ".join(col.choices.values()))
    if col.kind == "date":
        if empty:
            return None
        if isinstance(value, datetime):
            return value.date().isoformat()
        if isinstance(value, date):
            return value.isoformat()
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError as exc:
            raise ValueError("วันที่ต้องอยู่ในรูปแบบ YYYY-MM-DD") from exc
    if col.kind == "month":
        return not empty
    return value


def _read(ws, cols: list[Col], result: ParsedWorkbook):
    """Rows of a sheet as (row number, {key: value}, {key: column letter})."""
    keys = [c.value for c in ws[2]] if ws.max_row >= 2 else []
    by_key = {c.key: c for c in cols}
    letters = {k: get_column_letter(i) for i, k in enumerate(keys, start=1) if k}
    missing = [c.label for c in cols if c.key not in letters and c.kind != "month"]
    if missing:
        result.errors.append(
            CellError(ws.title, "2", "ไม่พบคอลัมน์ " + ", ".join(missing) + " (อย่าลบแถวที่ 2 ที่ซ่อนไว้)")
        )
        return
    for row in ws.iter_rows(min_row=FIRST_DATA_ROW):
        values = {keys[i]: cell.value for i, cell in enumerate(row) if i < len(keys) and keys[i]}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values()):
            continue
        number = row[0].row
        data: dict[str, Any] = {}
        for key, raw in values.items():
            col = by_key.get(key)
            if col is None:
                continue
            try:
                data[key] = _convert(col, raw)
            except ValueError as exc:
                result.errors.append(CellError(ws.title, f"{letters[key]}{number}", str(exc)))
        yield number, data, letters


def parse_workbook(content: bytes, *, fiscal_year: int) -> ParsedWorkbook:
    result = ParsedWorkbook()
    try:
        wb = load_workbook(io.BytesIO(content), data_only=True)
    except Exception:  # openpyxl raises many kinds on a file that is not a workbook
        result.errors.append(CellError("", "", "ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx) ที่อ่านได้"))
        return result
    for _key, title in SHEETS.items():
        if title not in wb.sheetnames:
            result.errors.append(CellError(title, "", f"ไม่พบแผ่นงาน “{title}”"))
    if result.errors:
        return result

    def need(sheet, number, letters, data, key, codes, what):
        code = data.get(key)
        if not code or code not in codes:
            result.errors.append(
                CellError(
                    sheet, f"{letters[key]}{number}", f"ไม่พบ{what}รหัส “{code or ''}” ในแผ่นงานหลัก"
                )
            )
            return None
        return codes[code]

    kpis: dict[str, dict] = {}
    sheet = SHEETS["kpis"]
    for number, data, letters in _read(wb[sheet], KPI_COLS, result):
        code = data.get("code") or ""
        if not code:
            result.errors.append(CellError(sheet, f"{letters['code']}{number}", "กรุณาระบุรหัสตัวชี้วัด"))
            continue
        if code in kpis:
            result.errors.append(CellError(sheet, f"{letters['code']}{number}", "รหัสตัวชี้วัดซ้ำ"))
            continue
        kpi = {
            **{c.key: data.get(c.key) for c in KPI_COLS if c.key not in
               ("scale_kind", "interpolate", "no_skip")},
            "baselines": [], "targets": [],
            "scale": {"kind": data.get("scale_kind") or "rubric",
                      "interpolate": data.get("interpolate"),
                      "no_skip": bool(data.get("no_skip")), "levels": [], "steps": [],
                      "parts": []},
            "responsibilities": [],
        }  # fmt: skip
        if not kpi["direction"]:
            kpi["direction"] = "higher"
        path = f"kpis[{len(kpis)}]"
        kpi["_path"] = path
        result.locations[path] = (sheet, number, letters)
        kpis[code] = kpi

    sheet = SHEETS["parts"]
    parts: dict[tuple[str, int], dict] = {}
    for number, data, letters in _read(wb[sheet], PART_COLS, result):
        kpi = need(sheet, number, letters, data, "kpi", kpis, "ตัวชี้วัด")
        if kpi is None:
            continue
        part = {"index": data.get("index"), "name_th": data.get("name_th", ""),
                "weight": data.get("weight"), "direction": data.get("direction") or "higher",
                "scale": {"kind": data.get("scale_kind") or "rubric", "interpolate": None,
                          "no_skip": bool(data.get("no_skip")), "levels": [], "steps": [],
                          "parts": []}}  # fmt: skip
        path = f"{kpi['_path']}.scale.parts[{len(kpi['scale']['parts'])}]"
        result.locations[path] = (sheet, number, letters)
        kpi["scale"]["parts"].append(part)
        parts[(data["kpi"], data.get("index"))] = part

    def scale_of(sheet, number, letters, data, kpi):
        if data.get("part") is None:
            return kpi["scale"], f"{kpi['_path']}.scale"
        part = parts.get((data["kpi"], data["part"]))
        if part is None:
            result.errors.append(CellError(sheet, f"{letters['part']}{number}",
                                           f"ไม่พบส่วนที่ {data['part']} ของตัวชี้วัดนี้"))  # fmt: skip
            return None, ""
        index = kpi["scale"]["parts"].index(part)
        return part["scale"], f"{kpi['_path']}.scale.parts[{index}].scale"

    sheet = SHEETS["years"]
    for number, data, letters in _read(wb[sheet], YEAR_COLS, result):
        kpi = need(sheet, number, letters, data, "kpi", kpis, "ตัวชี้วัด")
        if kpi is None:
            continue
        kind = {"baseline": "baselines", "target": "targets"}.get(data.get("kind") or "target")
        result.locations[f"{kpi['_path']}.{kind}[{len(kpi[kind])}]"] = (sheet, number, letters)
        kpi[kind].append({"year": data.get("year"), "text": data.get("text", "")})

    sheet = SHEETS["levels"]
    for number, data, letters in _read(wb[sheet], LEVEL_COLS, result):
        kpi = need(sheet, number, letters, data, "kpi", kpis, "ตัวชี้วัด")
        if kpi is None:
            continue
        scale, prefix = scale_of(sheet, number, letters, data, kpi)
        if scale is None:
            continue
        result.locations[f"{prefix}.levels[{len(scale['levels'])}]"] = (sheet, number, letters)
        scale["levels"].append({c.key: data.get(c.key) for c in LEVEL_COLS[2:]})
        scale["levels"][-1]["min_inclusive"] = bool(data.get("min_inclusive"))
        scale["levels"][-1]["max_inclusive"] = bool(data.get("max_inclusive"))

    sheet = SHEETS["scale_steps"]
    for number, data, letters in _read(wb[sheet], SCALE_STEP_COLS, result):
        kpi = need(sheet, number, letters, data, "kpi", kpis, "ตัวชี้วัด")
        if kpi is None:
            continue
        scale, prefix = scale_of(sheet, number, letters, data, kpi)
        if scale is None:
            continue
        result.locations[f"{prefix}.steps[{len(scale['steps'])}]"] = (sheet, number, letters)
        scale["steps"].append({c.key: data.get(c.key) for c in SCALE_STEP_COLS[2:]})

    sheet = SHEETS["resp"]
    for number, data, letters in _read(wb[sheet], RESP_COLS, result):
        kpi = need(sheet, number, letters, data, "kpi", kpis, "ตัวชี้วัด")
        if kpi is None:
            continue
        path = f"{kpi['_path']}.responsibilities[{len(kpi['responsibilities'])}]"
        result.locations[path] = (sheet, number, letters)
        kpi["responsibilities"].append({c.key: data.get(c.key) for c in RESP_COLS[1:]})

    projects: dict[str, dict] = {}
    sheet = SHEETS["projects"]
    for number, data, letters in _read(wb[sheet], PROJECT_COLS, result):
        code = data.get("code") or ""
        if not code or code in projects:
            result.errors.append(CellError(sheet, f"{letters['code']}{number}",
                                           "กรุณาระบุรหัสโครงการที่ไม่ซ้ำ"))  # fmt: skip
            continue
        project = {c.key: data.get(c.key) for c in PROJECT_COLS}
        project["kind"] = project["kind"] or "project"
        project.update(budget_lines=[], steps=[])
        path = f"projects[{len(projects)}]"
        project["_path"] = path
        result.locations[path] = (sheet, number, letters)
        projects[code] = project

    sheet = SHEETS["budget"]
    for number, data, letters in _read(wb[sheet], BUDGET_COLS, result):
        project = need(sheet, number, letters, data, "project", projects, "โครงการ")
        if project is None:
            continue
        path = f"{project['_path']}.budget_lines[{len(project['budget_lines'])}]"
        result.locations[path] = (sheet, number, letters)
        line = {c.key: data.get(c.key) for c in BUDGET_COLS[1:]}
        line["status"] = line["status"] or "amount"
        project["budget_lines"].append(line)

    sheet = SHEETS["steps"]
    step_cols = _step_cols(fiscal_year)
    for number, data, letters in _read(wb[sheet], step_cols, result):
        project = need(sheet, number, letters, data, "project", projects, "โครงการ")
        if project is None:
            continue
        months = [c.key[2:] for c in step_cols if c.kind == "month" and data.get(c.key)]
        months += data.get("other_months") or []
        path = f"{project['_path']}.steps[{len(project['steps'])}]"
        result.locations[path] = (sheet, number, letters)
        project["steps"].append({"order": data.get("order"), "name_th": data.get("name_th", ""),
                                 "weight": data.get("weight"),
                                 "planned_months": sorted(months)})  # fmt: skip

    for item in [*kpis.values(), *projects.values()]:
        item.pop("_path")
    result.kpis = list(kpis.values())
    result.projects = list(projects.values())
    return result
