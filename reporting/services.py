"""Browser-side report writes: forms, grid cells, bulk upload. Every write goes through
``progress.services`` (period check, lock check, score recompute) with a version check."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.concurrency import check_version
from core.exceptions import ConflictError
from core.fiscal import parse_period, period_in_fiscal_year
from kpis.models import Kpi, ScaleKind
from progress import services as progress
from progress.locks import ensure_period_open
from progress.models import KpiReport, ProjectReport, ReportStatus
from projects.models import Project, WorkStep
from scoring import engine
from scoring.adapters import load_scales, measurement
from scoring.services import stored_values

EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)
CHOSEN_LEVEL = (ScaleKind.RUBRIC, ScaleKind.MANUAL)
KPI_FIELDS = ("actual_value", "actual_text", "level", "narrative_th", "problems_th",
              "suggestions_th")  # fmt: skip
PROJECT_FIELDS = ("disbursed", "narrative_th")


def parse_number(raw, *, label: str = "ค่าจริง") -> Decimal | None:
    """A number as typed: Thai digits, thousands separators and spaces accepted."""
    if raw is None:
        return None
    if isinstance(raw, (int, float, Decimal)):
        return Decimal(str(raw))
    text = engine.thai_to_arabic(str(raw)).replace(",", "").replace(" ", "").strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValidationError(
            f"{label} “{raw}” ไม่ใช่ตัวเลข กรุณากรอกเป็นตัวเลข เช่น 75 หรือ 12.5"
        ) from None
    if not value.is_finite() or abs(value) >= Decimal("1e14"):
        raise ValidationError(f"{label} “{raw}” ไม่ใช่ตัวเลขที่ใช้ได้")
    return value


def parse_level(raw, kpi: Kpi) -> Decimal | None:
    value = parse_number(raw, label="ระดับ")
    if value is None:
        return None
    allowed = allowed_levels(kpi)
    if value != value.to_integral_value() or int(value) not in allowed:
        lo, hi = min(allowed), max(allowed)
        raise ValidationError(f"ระดับ “{raw}” ใช้ไม่ได้ ต้องเป็นจำนวนเต็มระหว่าง {lo} ถึง {hi}")
    return value


def allowed_levels(kpi: Kpi) -> list[int]:
    defined = sorted({lv.level for lv in kpi.levels.all() if lv.part_id is None})
    return defined or [1, 2, 3, 4, 5]


def check_period(period: str, plan) -> None:
    try:
        parse_period(period)
    except (ValueError, TypeError):
        raise ValidationError(
            f"งวด “{period}” ไม่ถูกต้อง ต้องอยู่ในรูปแบบ ปี ค.ศ.-เดือน เช่น 2024-01"
        ) from None
    if not period_in_fiscal_year(period, plan.fiscal_year):
        raise ValidationError(
            f"งวด {period} ไม่อยู่ในปีงบประมาณ {plan.fiscal_year} ของแผน "
            f"(ต.ค. {plan.fiscal_year - 544} – ก.ย. {plan.fiscal_year - 543})"
        )


@dataclass
class ScorePreview:
    level: Decimal | None
    score: Decimal | None
    weight: Decimal | None
    computed_level: bool


def preview_score(kpi: Kpi, *, actual_value, level) -> ScorePreview:
    """The score the report will get, without saving it (for the live preview)."""
    info = load_scales({"pk": kpi.pk})[kpi.pk]
    if info.kind not in (ScaleKind.RUBRIC, ScaleKind.MANUAL, ScaleKind.BANDS, ScaleKind.POINTS):
        return ScorePreview(None, None, info.weight, False)
    try:
        stored = stored_values(info, measurement(info, actual_value=actual_value, level=level))
    except (ValueError, ArithmeticError):
        return ScorePreview(None, None, info.weight, info.kind not in CHOSEN_LEVEL)
    return ScorePreview(stored.level, stored.score, info.weight, info.kind not in CHOSEN_LEVEL)


def _locked_report(model, **lookup):
    return model.objects.select_for_update().filter(**lookup).first()


def _refuse_if_not_editable(report) -> None:
    if report.status not in EDITABLE:
        raise ValidationError(
            f"รายงานนี้อยู่ในสถานะ “{report.get_status_display()}” แก้ไขไม่ได้ "
            "(แก้ได้เฉพาะร่างหรือรายงานที่ถูกส่งกลับ)"
        )


@transaction.atomic
def save_kpi_report(*, user, kpi: Kpi, period: str, data: dict, version: int | None):
    """Create or update the KPI's report of the month. ``version`` None means "new"."""
    check_period(period, kpi.plan)
    ensure_period_open(kpi.plan_id, period)
    data = {k: v for k, v in data.items() if k in KPI_FIELDS}
    report = _locked_report(KpiReport, kpi=kpi, period=period)
    if report is None:
        if version not in (None, 0):
            raise ConflictError(current_version=0, message="รายงานนี้ถูกลบโดยผู้อื่นแล้ว")
        try:
            with transaction.atomic():
                return progress.kpi_report_create(kpi=kpi, period=period, user=user, **data)
        except IntegrityError:  # someone created it at the same instant
            report = _locked_report(KpiReport, kpi=kpi, period=period)
            if report is None:
                raise
            raise ConflictError(current_version=report.version) from None
    if version is not None and version != report.version:
        raise ConflictError(current_version=report.version)
    _refuse_if_not_editable(report)
    return progress.kpi_report_update(report=report, data=data)


@transaction.atomic
def save_project_report(
    *, user, project: Project, period: str, data: dict, version: int | None, steps=None
):
    check_period(period, project.plan)
    ensure_period_open(project.plan_id, period)
    data = {k: v for k, v in data.items() if k in PROJECT_FIELDS}
    report = _locked_report(ProjectReport, project=project, period=period)
    if report is None:
        if version not in (None, 0):
            raise ConflictError(current_version=0, message="รายงานนี้ถูกลบโดยผู้อื่นแล้ว")
        try:
            with transaction.atomic():
                return progress.project_report_create(
                    project=project, period=period, user=user, steps_done=steps, **data
                )
        except IntegrityError:
            report = _locked_report(ProjectReport, project=project, period=period)
            if report is None:
                raise
            raise ConflictError(current_version=report.version) from None
    if version is not None and version != report.version:
        raise ConflictError(current_version=report.version)
    _refuse_if_not_editable(report)
    return progress.project_report_update(report=report, data=data, steps_done=steps)


@transaction.atomic
def set_status(*, report, status: str, user, version: int | None = None, comment: str = ""):
    if version is not None:
        check_version(report, expected_version=version)
    if status == ReportStatus.RETURNED and not comment.strip():
        raise ValidationError("กรุณาระบุความเห็นเมื่อส่งกลับแก้ไข")
    return progress.report_set_status(report=report, status=status, user=user, comment_th=comment)


# --- grid cells ----------------------------------------------------------------------------

GRID_KPI_FIELDS = {"actual_value", "level", "narrative_th", "problems_th", "suggestions_th"}
GRID_PROJECT_FIELDS = {"disbursed", "narrative_th"}


def clean_cell(kind: str, item, field: str, raw: str):
    """A cell's typed value (Thai messages on bad input)."""
    if kind == "kpi":
        if field not in GRID_KPI_FIELDS:
            raise ValidationError("ช่องนี้แก้ไขในตารางไม่ได้")
        if field == "actual_value":
            return parse_number(raw)
        if field == "level":
            if item.scale_kind not in CHOSEN_LEVEL:
                raise ValidationError("ระดับของตัวชี้วัดนี้คำนวณจากค่าจริง ไม่ต้องเลือก")
            return parse_level(raw, item)
        return (raw or "").strip()
    if field not in GRID_PROJECT_FIELDS:
        raise ValidationError("ช่องนี้แก้ไขในตารางไม่ได้")
    if field == "disbursed":
        value = parse_number(raw, label="เงินเบิกจ่าย")
        if value is not None and value < 0:
            raise ValidationError("เงินเบิกจ่ายต้องไม่ติดลบ")
        return value
    return (raw or "").strip()


def save_cell(*, user, kind: str, item, period: str, field: str, raw: str, version):
    value = clean_cell(kind, item, field, raw)
    if kind == "kpi":
        return save_kpi_report(user=user, kpi=item, period=period, data={field: value},
                               version=version)  # fmt: skip
    return save_project_report(user=user, project=item, period=period, data={field: value},
                               version=version)  # fmt: skip


def project_figures(project: Project, period: str, done_ids=()) -> dict:
    """Cumulative % of the ticked steps, the % planned by the Gantt month, the allocation."""
    steps = list(WorkStep.objects.filter(project=project).order_by("order"))
    done = set(done_ids)
    planned = engine.planned_progress(
        [engine.PlannedStep(order=s.order, weight=s.weight, planned_months=s.planned_months)
         for s in steps],
        period,
    )  # fmt: skip
    allocation = sum(
        (b.amount or Decimal(0) for b in project.budget_lines.all()
         if b.fiscal_year == project.plan.fiscal_year),
        Decimal(0),
    )  # fmt: skip
    return {
        "steps": steps,
        "progress": progress.progress_from_steps([s for s in steps if s.pk in done]),
        "planned": planned,
        "allocation": allocation,
        "has_gantt": any(s.planned_months for s in steps),
    }
