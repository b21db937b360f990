"""Bulk upload: an XLSX template per unit and month, validated cell by cell with a preview;
applying it is all-or-nothing (one transaction through the same services as the forms)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from core.exceptions import ConflictError
from core.fiscal import fiscal_month
from kpis.models import Kpi
from progress.locks import ensure_period_open
from progress.models import KpiReport, ProjectReport
from projects.models import Project, ProjectKind

from . import services

SHEET = "รายงานผล"
KIND_KPI, KIND_PROJECT = "ตัวชี้วัด", "โครงการ"
HEADERS = ["ประเภท", "รหัส", "ชื่อ", "หน่วยนับ", "ค่าจริง", "ระดับ (1–5)",
           "ขั้นตอนที่ทำเสร็จ (เช่น 1,2,3)", "เบิกจ่ายสะสม (บาท)", "ผลการดำเนินงาน",
           "ปัญหาอุปสรรค", "ข้อเสนอแนะ"]  # fmt: skip
COLS = "ABCDEFGHIJK"
FIRST_ROW = 4


@dataclass
class BulkRow:
    row: int
    kind: str
    item: object
    data: dict
    steps: list | None = None
    state: str = "ใหม่"


@dataclass
class BulkResult:
    rows: list[BulkRow] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def _items(plan):
    kpis = list(Kpi.objects.filter(plan=plan).prefetch_related("levels").order_by("order", "code"))
    projects = list(
        Project.objects.filter(plan=plan)
        .exclude(kind=ProjectKind.ROUTINE_ITEM)
        .prefetch_related("steps")
        .order_by("part", "order")
    )
    return kpis, projects


def build_template(plan, period: str) -> bytes:
    """The month's template, prefilled with what is already reported."""
    kpis, projects = _items(plan)
    kreports = {r.kpi_id: r for r in KpiReport.objects.filter(kpi__plan=plan, period=period)}
    preports = {
        r.project_id: r
        for r in ProjectReport.objects.filter(project__plan=plan, period=period).prefetch_related(
            "steps_done"
        )
    }
    m = fiscal_month(period)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws["A1"] = f"รายงานผลการดำเนินงาน {plan.org_unit.code} เดือน {m.name_th} {m.be_year}"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = f"plan={plan.pk};period={period}"
    ws["A2"].font = Font(color="888888", size=8)
    for i, h in enumerate(HEADERS):
        c = ws.cell(row=3, column=i + 1, value=h)
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="DDEBF7")
    row = FIRST_ROW
    for k in kpis:
        r = kreports.get(k.pk)
        ws.append([KIND_KPI, k.code, k.name_th, k.unit_th,
                   None if not r or r.actual_value is None else float(r.actual_value),
                   None if not r or r.level is None else int(r.level), None, None,
                   r.narrative_th if r else "", r.problems_th if r else "",
                   r.suggestions_th if r else ""])  # fmt: skip
        row += 1
    for p in projects:
        r = preports.get(p.pk)
        done = ",".join(str(s.order) for s in sorted(r.steps_done.all(), key=lambda s: s.order)) \
            if r else ""  # fmt: skip
        ws.append([KIND_PROJECT, p.code, p.name_th, "", None, None, done,
                   None if not r or r.disbursed is None else float(r.disbursed),
                   r.narrative_th if r else "", "", ""])  # fmt: skip
        row += 1
    dv = DataValidation(type="whole", operator="between", formula1="1", formula2="5",
                        allow_blank=True, showErrorMessage=True,
                        errorTitle="ระดับไม่ถูกต้อง", error="ระดับต้องเป็นจำนวนเต็ม 1–5")  # fmt: skip
    ws.add_data_validation(dv)
    dv.add(f"F{FIRST_ROW}:F{max(row, FIRST_ROW + 1)}")
    for col, width in zip(COLS, [10, 12, 60, 10, 12, 10, 16, 16, 40, 30, 30], strict=True):
        ws.column_dimensions[col].width = width
    for line in ws.iter_rows(min_row=FIRST_ROW):
        for c in line:
            c.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "D4"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _text(v) -> str:
    return "" if v is None else str(v).strip()


def parse_upload(plan, period: str, content: bytes) -> BulkResult:
    """Every cell checked; nothing written. Errors carry the cell address and a Thai message."""
    result = BulkResult()
    try:
        services.check_period(period, plan)
        ensure_period_open(plan.pk, period)
    except ValidationError as exc:
        result.errors.append({"cell": "", "message": " ".join(exc.messages)})
        return result
    try:
        wb = load_workbook(io.BytesIO(content), data_only=True, read_only=True)
    except Exception:
        result.errors.append({"cell": "", "message": "อ่านไฟล์ไม่ได้ ต้องเป็นไฟล์ Excel (.xlsx) จากแม่แบบ"})
        return result
    if SHEET not in wb.sheetnames:
        result.errors.append({"cell": "", "message": f"ไม่พบแผ่นงาน “{SHEET}” กรุณาใช้แม่แบบของระบบ"})
        return result
    ws = wb[SHEET]
    marker = _text(ws["A2"].value)
    if marker and marker != f"plan={plan.pk};period={period}":
        result.errors.append({"cell": "A2", "message": "ไฟล์นี้เป็นแม่แบบของหน่วยงานหรือเดือนอื่น "
                              "กรุณาดาวน์โหลดแม่แบบของเดือนนี้"})  # fmt: skip
        return result
    kpis, projects = _items(plan)
    kpi_by_code = {k.code: k for k in kpis}
    project_by_code = {p.code: p for p in projects}
    kstatus = dict(KpiReport.objects.filter(kpi__plan=plan, period=period)
                   .values_list("kpi_id", "status"))  # fmt: skip
    pstatus = dict(ProjectReport.objects.filter(project__plan=plan, period=period)
                   .values_list("project_id", "status"))  # fmt: skip
    seen = set()
    for n, values in enumerate(ws.iter_rows(min_row=FIRST_ROW, max_col=11, values_only=True),
                               start=FIRST_ROW):  # fmt: skip
        values = list(values) + [None] * (11 - len(values))
        kind, code = _text(values[0]), _text(values[1])
        if not kind and not code:
            continue

        def err(col, message, n=n):
            result.errors.append({"cell": f"{col}{n}", "message": message})

        if kind not in (KIND_KPI, KIND_PROJECT):
            err("A", f"ประเภท “{kind}” ต้องเป็น “{KIND_KPI}” หรือ “{KIND_PROJECT}”")
            continue
        item = (kpi_by_code if kind == KIND_KPI else project_by_code).get(code)
        if item is None:
            err("B", f"ไม่พบ{kind}รหัส “{code}” ในแผนนี้")
            continue
        if (kind, code) in seen:
            err("B", f"{kind}รหัส “{code}” ซ้ำในไฟล์")
            continue
        seen.add((kind, code))
        status = (kstatus if kind == KIND_KPI else pstatus).get(item.pk)
        data, steps = {}, None
        if kind == KIND_KPI:
            try:
                data["actual_value"] = services.parse_number(values[4])
            except ValidationError as exc:
                err("E", exc.messages[0])
            if _text(values[5]):
                if item.scale_kind not in services.CHOSEN_LEVEL:
                    err("F", "ระดับของตัวชี้วัดนี้คำนวณจากค่าจริง เว้นว่างไว้")
                else:
                    try:
                        data["level"] = services.parse_level(values[5], item)
                    except ValidationError as exc:
                        err("F", exc.messages[0])
            else:
                data["level"] = None
            data["narrative_th"] = _text(values[8])
            data["problems_th"] = _text(values[9])
            data["suggestions_th"] = _text(values[10])
        else:
            try:
                disbursed = services.parse_number(values[7], label="เงินเบิกจ่าย")
                if disbursed is not None and disbursed < 0:
                    raise ValidationError("เงินเบิกจ่ายต้องไม่ติดลบ")
                data["disbursed"] = disbursed
            except ValidationError as exc:
                err("H", exc.messages[0])
            orders = {s.order: s for s in item.steps.all()}
            raw = _text(values[6]).replace(" ", "")
            steps = []
            for token in [t for t in raw.replace("،", ",").split(",") if t]:
                if not token.isdigit() or int(token) not in orders:
                    err("G", f"ไม่พบขั้นตอนที่ “{token}” ของโครงการนี้ "
                             f"(มีขั้นตอน {', '.join(map(str, sorted(orders))) or '-'})")  # fmt: skip
                    break
                steps.append(orders[int(token)])
            data["narrative_th"] = _text(values[8])
        if status in ("submitted", "verified"):
            label = "ส่งแล้ว" if status == "submitted" else "ตรวจสอบแล้ว"
            err("B", f"{kind}รหัส “{code}” มีรายงาน{label} แก้ไขไม่ได้")
            continue
        state = {"draft": "แก้ไขร่าง", "returned": "แก้ไขรายงานที่ถูกส่งกลับ"}.get(status, "ใหม่")
        result.rows.append(BulkRow(n, "kpi" if kind == KIND_KPI else "project", item, data,
                                   steps, state))  # fmt: skip
    if not result.rows and not result.errors:
        result.errors.append({"cell": "", "message": "ไม่พบข้อมูลในไฟล์"})
    return result


@transaction.atomic
def apply_upload(plan, period: str, content: bytes, *, user) -> BulkResult:
    """Re-validate and write every row, or nothing."""
    result = parse_upload(plan, period, content)
    if not result.ok:
        return result
    try:
        for row in result.rows:
            if row.kind == "kpi":
                services.save_kpi_report(user=user, kpi=row.item, period=period, data=row.data,
                                         version=None)  # fmt: skip
            else:
                services.save_project_report(
                    user=user,
                    project=row.item,
                    period=period,
                    data=row.data,
                    version=None,
                    steps=row.steps,
                )
    except (ValidationError, ConflictError) as exc:
        transaction.set_rollback(True)
        msg = exc.message if isinstance(exc, ConflictError) else " ".join(exc.messages)
        result.errors.append({"cell": f"แถว {row.row}", "message": msg})
    return result
