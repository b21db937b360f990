"""Writes to monthly KPI and project reports, their step/part rows and their status.

Each call is one transaction. ``KpiReport.score`` (and the level of computed scale kinds) is
recomputed by ``scoring.services.recompute_report_score`` once the rows are in place;
``ProjectReport.progress_percent`` is the sum of the weights of the steps reported done.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.fiscal import period_in_fiscal_year
from core.services import apply_fields, clean_and_save
from kpis.models import Kpi
from projects.models import Project

from .locks import ensure_period_open, lock_if_all_verified
from .models import KpiReport, KpiReportPart, KpiReportStep, ProjectReport, ReportStatus

HUNDRED = Decimal("100.00")
STATUS_FROM = {
    ReportStatus.SUBMITTED: {ReportStatus.DRAFT, ReportStatus.RETURNED},
    ReportStatus.VERIFIED: {ReportStatus.SUBMITTED},
    ReportStatus.RETURNED: {ReportStatus.SUBMITTED, ReportStatus.VERIFIED},
}


def _check_period(period: str, fiscal_year: int) -> None:
    if not period_in_fiscal_year(period, fiscal_year):
        raise ValidationError({"period": f"งวด {period} ไม่อยู่ในปีงบประมาณ {fiscal_year} ของแผน"})


def _recompute_score(report: KpiReport) -> None:
    try:
        from scoring.services import recompute_report_score
    except ImportError:  # without the scoring engine the score stays empty (null)
        return
    recompute_report_score(report)


def _plan_id(report: KpiReport | ProjectReport) -> int:
    parent = report.kpi if isinstance(report, KpiReport) else report.project
    return parent.plan_id


def _bump(report) -> None:
    type(report).objects.filter(pk=report.pk).update(version=F("version") + 1)
    report.refresh_from_db(fields=["version"])


# --- KPI reports ---------------------------------------------------------------------------


def _replace_kpi_rows(report: KpiReport, steps_done, parts) -> None:
    if steps_done is not None:
        KpiReportStep.objects.filter(report=report).delete()
        KpiReportStep.objects.bulk_create(
            KpiReportStep(report=report, step=item["step"], done_on=item.get("done_on"))
            for item in steps_done
        )
    if parts is not None:
        KpiReportPart.objects.filter(report=report).delete()
        KpiReportPart.objects.bulk_create(
            KpiReportPart(
                report=report,
                part=item["part"],
                actual_value=item.get("actual_value"),
                level=item.get("level"),
            )
            for item in parts
        )


@transaction.atomic
def kpi_report_create(
    *,
    kpi: Kpi,
    period: str,
    user=None,
    steps_done: list[dict] | None = None,
    parts: list[dict] | None = None,
    **fields,
) -> KpiReport:
    _check_period(period, kpi.plan.fiscal_year)
    ensure_period_open(kpi.plan_id, period)
    report = KpiReport(kpi=kpi, period=period, created_by=user, **fields)
    clean_and_save(report, exclude=["created_by"])
    _replace_kpi_rows(report, steps_done, parts)
    _recompute_score(report)
    return report


@transaction.atomic
def kpi_report_update(
    *,
    report: KpiReport,
    data: dict,
    steps_done: list[dict] | None = None,
    parts: list[dict] | None = None,
) -> KpiReport:
    ensure_period_open(report.kpi.plan_id, report.period)
    apply_fields(report, data)
    _check_period(report.period, report.kpi.plan.fiscal_year)
    clean_and_save(report)
    _replace_kpi_rows(report, steps_done, parts)
    _bump(report)
    _recompute_score(report)
    return report


@transaction.atomic
def report_delete(*, report: KpiReport | ProjectReport) -> None:
    ensure_period_open(_plan_id(report), report.period)
    report.delete()


@transaction.atomic
def report_set_status(
    *, report: KpiReport | ProjectReport, status: str, user=None, comment_th: str = ""
) -> KpiReport | ProjectReport:
    """draft/returned → submitted (reporters); submitted → verified | returned (analysts)."""
    if report.status not in STATUS_FROM.get(status, set()):
        raise ValidationError(
            {"status": f"เปลี่ยนสถานะจาก “{report.get_status_display()}” เป็น “{status}” ไม่ได้"}
        )
    ensure_period_open(_plan_id(report), report.period)
    now = timezone.now()
    who = user if getattr(user, "pk", None) else None
    report.status = status
    fields = ["status", "updated_at"]
    if status == ReportStatus.SUBMITTED:
        report.submitted_at, report.submitted_by = now, who
        fields += ["submitted_at", "submitted_by"]
    elif status == ReportStatus.VERIFIED:
        report.verified_at, report.verified_by = now, who
        fields += ["verified_at", "verified_by"]
    if status in (ReportStatus.RETURNED, ReportStatus.VERIFIED) and comment_th:
        report.review_comment_th = comment_th
        fields.append("review_comment_th")
    report.save(update_fields=fields)
    _bump(report)
    if status == ReportStatus.VERIFIED:
        lock_if_all_verified(plan_id=_plan_id(report), period=report.period, user=who)
    return report


# --- project reports -----------------------------------------------------------------------


def progress_from_steps(steps) -> Decimal:
    """Progress % = sum of the weights of the done steps (two decimals, at most 100)."""
    total = sum((s.weight for s in steps), Decimal(0))
    return min(total, HUNDRED).quantize(Decimal("0.01"))


@transaction.atomic
def project_report_create(
    *, project: Project, period: str, user=None, steps_done=None, **fields
) -> ProjectReport:
    _check_period(period, project.plan.fiscal_year)
    ensure_period_open(project.plan_id, period)
    steps = list(steps_done or [])
    report = ProjectReport(
        project=project,
        period=period,
        created_by=user,
        progress_percent=progress_from_steps(steps),
        **fields,
    )
    clean_and_save(report, exclude=["created_by"])
    report.steps_done.set(steps)
    return report


@transaction.atomic
def project_report_update(*, report: ProjectReport, data: dict, steps_done=None) -> ProjectReport:
    ensure_period_open(report.project.plan_id, report.period)
    apply_fields(report, data)
    _check_period(report.period, report.project.plan.fiscal_year)
    if steps_done is not None:
        report.progress_percent = progress_from_steps(steps_done)
    clean_and_save(report)
    if steps_done is not None:
        report.steps_done.set(steps_done)
    _bump(report)
    return report
