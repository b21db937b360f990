"""Monthly reporting pages: what I still have to report, KPI and project forms, the whole-plan
grid (cell by cell), bulk upload, review by analysts, period locks and evidence files."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.scope import can_report_on_plan, can_review, can_view_plan
from core.exceptions import ConflictError
from core.fiscal import current_period, fiscal_month, fiscal_months, period_of, thai_date
from kpis.models import Kpi
from plans.models import Plan, PlanStatus
from progress.locks import is_period_locked, lock_period, reopen_period, reportable_counts
from progress.models import (
    EvidenceFile,
    KpiReport,
    PeriodLock,
    PeriodLockEvent,
    ProjectReport,
    ReportStatus,
)
from progress.selectors import reporting_items
from projects.models import Project, ProjectKind
from scoring.selectors import plan_scores

from . import bulk, evidence, services
from .forms import KpiReportForm, ProjectReportForm

STATE_LABELS = {"not_started": "ยังไม่เริ่ม", **dict(ReportStatus.choices)}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def default_period(today: date | None = None) -> str:
    """The month being reported now: last month (its data is due on the 5th of this one)."""
    today = today or date.fromisoformat(current_period() + "-01")
    return period_of(today.replace(day=1) - timedelta(days=1))


def _period_or_400(period: str, plan: Plan) -> None:
    try:
        services.check_period(period, plan)
    except ValidationError as exc:
        raise BadPeriod(" ".join(exc.messages)) from exc


class BadPeriod(Exception):
    pass


def _bad_period(request, message: str):
    return render(request, "reporting/error.html", {"message": message, "nav": "reporting"},
                  status=400)  # fmt: skip


def _plan(request, plan_id: int, *, write: bool = False) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("org_unit"), pk=plan_id)
    if not can_view_plan(request.user, plan):
        raise PermissionDenied("ไม่มีสิทธิ์ดูแผนของหน่วยงานนี้")
    if write:
        if not can_report_on_plan(request.user, plan):
            raise PermissionDenied("เฉพาะผู้รายงานผลของหน่วยงานนี้เท่านั้นที่บันทึกผลได้")
        if plan.status != PlanStatus.APPROVED:
            raise PermissionDenied("รายงานผลได้เฉพาะแผนที่อนุมัติแล้ว")
    return plan


def _months(plan_or_year) -> list:
    fy = plan_or_year if isinstance(plan_or_year, int) else plan_or_year.fiscal_year
    return fiscal_months(fy)


def _ctx(request, **kw) -> dict:
    return {"nav": "reporting", "state_labels": STATE_LABELS, **kw}


# --- 1. what I still have to report --------------------------------------------------------


@login_required
@require_GET
def todo(request):
    period = request.GET.get("period") or default_period()
    try:
        month = fiscal_month(period)
    except (ValueError, TypeError):
        return _bad_period(request, f"งวด “{period}” ไม่ถูกต้อง ต้องอยู่ในรูปแบบ 2024-01")
    items = reporting_items(user=request.user, period=period, today=date.today())
    plans = {p.pk: p for p in Plan.objects.filter(pk__in={i.plan_id for i in items})
             .select_related("org_unit")}  # fmt: skip
    counts = {s: sum(1 for i in items if i.state == s) for s in STATE_LABELS}
    return render(request, "reporting/todo.html", _ctx(
        request, items=items, period=period, month=month, months=_months(month.fiscal_year),
        plans=plans.values(), counts=counts,
        outstanding=sum(1 for i in items if i.outstanding),
        overdue=sum(1 for i in items if i.overdue),
        data_due=thai_date(items[0].data_due) if items else "",
        report_due=thai_date(items[0].report_due) if items else "",
        is_reviewer=can_review(request.user),
    ))  # fmt: skip


# --- 2. KPI report form --------------------------------------------------------------------


def _kpi_for(request, kpi_id, *, write=False):
    kpi = get_object_or_404(Kpi.objects.select_related("plan__org_unit"), pk=kpi_id)
    _plan(request, kpi.plan_id, write=write)
    return kpi


def _evidence_files(request, files):
    try:
        return evidence.check_uploads(files), None
    except ValidationError as exc:
        return None, exc.messages


@login_required
@require_http_methods(["GET", "POST"])
def kpi_report(request, kpi_id: int, period: str):
    kpi = _kpi_for(request, kpi_id)
    plan = kpi.plan
    try:
        _period_or_400(period, plan)
    except BadPeriod as exc:
        return _bad_period(request, str(exc))
    report = KpiReport.objects.filter(kpi=kpi, period=period).first()
    locked = is_period_locked(plan.pk, period)
    may_write = can_report_on_plan(request.user, plan) and plan.status == PlanStatus.APPROVED
    editable = may_write and not locked and (report is None or report.status in services.EDITABLE)
    levels = [lv for lv in kpi.levels.all().order_by("-level") if lv.part_id is None]
    form = KpiReportForm(kpi=kpi, initial=KpiReportForm.initial_from(report))
    errors, status = [], 200
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied("เฉพาะผู้รายงานผลของหน่วยงานนี้เท่านั้นที่บันทึกผลได้")
        form = KpiReportForm(request.POST, kpi=kpi)
        checked, file_errors = _evidence_files(request, request.FILES.getlist("evidence"))
        if form.is_valid() and not file_errors:
            try:
                report = services.save_kpi_report(
                    user=request.user, kpi=kpi, period=period, data=form.report_data(),
                    version=form.cleaned_data.get("version"),
                )  # fmt: skip
                evidence.store(checked, user=request.user, kpi_report=report)
                if request.POST.get("submit"):
                    services.set_status(report=report, status=ReportStatus.SUBMITTED,
                                        user=request.user)  # fmt: skip
                    messages.success(request, f"ส่งรายงานตัวชี้วัด {kpi.code} แล้ว")
                else:
                    messages.success(request, f"บันทึกร่างรายงานตัวชี้วัด {kpi.code} แล้ว")
                return redirect("reporting:kpi_report", kpi.pk, period)
            except ConflictError as exc:
                errors.append(exc.message)
                status = 409
                report = KpiReport.objects.filter(kpi=kpi, period=period).first()
            except ValidationError as exc:
                errors.extend(exc.messages)
                status = 400
        else:
            errors.extend(file_errors or [])
            status = 400
    preview = services.preview_score(
        kpi,
        actual_value=(form.cleaned_data.get("actual_value") if form.is_bound and form.is_valid()
                      else getattr(report, "actual_value", None)),
        level=(form.cleaned_data.get("level") if form.is_bound and form.is_valid()
               else getattr(report, "level", None)),
    )  # fmt: skip
    return render(request, "reporting/kpi_report.html", _ctx(
        request, kpi=kpi, plan=plan, period=period, month=fiscal_month(period), report=report,
        form=form, levels=levels, editable=editable, locked=locked, errors=errors,
        preview=preview, chosen=kpi.scale_kind in services.CHOSEN_LEVEL,
        evidence=list(report.evidence.all()) if report else [],
        max_mb=evidence.max_bytes() // (1024 * 1024), allowed=evidence.ALLOWED_TEXT,
    ), status=status)  # fmt: skip


@login_required
@require_POST
def kpi_score_preview(request, kpi_id: int):
    """Live score for the form (htmx): from the typed actual value and level, nothing saved."""
    kpi = _kpi_for(request, kpi_id)
    message = ""
    try:
        actual = services.parse_number(request.POST.get("actual_value"))
        level = None
        if kpi.scale_kind in services.CHOSEN_LEVEL:
            level = services.parse_level(request.POST.get("level"), kpi)
        preview = services.preview_score(kpi, actual_value=actual, level=level)
    except ValidationError as exc:
        preview, message = None, " ".join(exc.messages)
    return render(request, "reporting/_score.html", {"preview": preview, "message": message})


# --- 3. project report form ----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def project_report(request, project_id: int, period: str):
    project = get_object_or_404(
        Project.objects.select_related("plan__org_unit").prefetch_related("budget_lines"),
        pk=project_id,
    )
    plan = _plan(request, project.plan_id)
    try:
        _period_or_400(period, plan)
    except BadPeriod as exc:
        return _bad_period(request, str(exc))
    report = ProjectReport.objects.filter(project=project, period=period).first()
    locked = is_period_locked(plan.pk, period)
    may_write = can_report_on_plan(request.user, plan) and plan.status == PlanStatus.APPROVED
    editable = may_write and not locked and (report is None or report.status in services.EDITABLE)
    done_ids = [s.pk for s in report.steps_done.all()] if report else []
    form = ProjectReportForm(project=project, initial=ProjectReportForm.initial_from(report))
    errors, status = [], 200
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied("เฉพาะผู้รายงานผลของหน่วยงานนี้เท่านั้นที่บันทึกผลได้")
        form = ProjectReportForm(request.POST, project=project)
        checked, file_errors = _evidence_files(request, request.FILES.getlist("evidence"))
        if form.is_valid() and not file_errors:
            try:
                report = services.save_project_report(
                    user=request.user, project=project, period=period,
                    data=form.report_data(), version=form.cleaned_data.get("version"),
                    steps=form.cleaned_data["steps"],
                )  # fmt: skip
                evidence.store(checked, user=request.user, project_report=report)
                if request.POST.get("submit"):
                    services.set_status(report=report, status=ReportStatus.SUBMITTED,
                                        user=request.user)  # fmt: skip
                    messages.success(request, f"ส่งรายงานโครงการ {project.code} แล้ว")
                else:
                    messages.success(request, f"บันทึกร่างรายงานโครงการ {project.code} แล้ว")
                return redirect("reporting:project_report", project.pk, period)
            except ConflictError as exc:
                errors.append(exc.message)
                status = 409
            except ValidationError as exc:
                errors.extend(exc.messages)
                status = 400
        else:
            errors.extend(file_errors or [])
            status = 400
        done_ids = [int(x) for x in request.POST.getlist("steps") if x.isdigit()]
    figures = services.project_figures(project, period, done_ids)
    return render(request, "reporting/project_report.html", _ctx(
        request, project=project, plan=plan, period=period, month=fiscal_month(period),
        report=report, form=form, editable=editable, locked=locked, errors=errors,
        figures=figures, done_ids=set(done_ids),
        evidence=list(report.evidence.all()) if report else [],
        max_mb=evidence.max_bytes() // (1024 * 1024), allowed=evidence.ALLOWED_TEXT,
    ), status=status)  # fmt: skip


# --- 4. whole-plan grid --------------------------------------------------------------------


def _grid_rows(plan, period):
    kpis = list(Kpi.objects.filter(plan=plan).prefetch_related("levels").order_by("order", "code"))
    projects = list(Project.objects.filter(plan=plan).exclude(kind=ProjectKind.ROUTINE_ITEM)
                    .prefetch_related("budget_lines").order_by("part", "order"))  # fmt: skip
    kr = {r.kpi_id: r for r in KpiReport.objects.filter(kpi__plan=plan, period=period)}
    pr = {r.project_id: r for r in ProjectReport.objects.filter(project__plan=plan, period=period)}
    rows = []
    for k in kpis:
        r = kr.get(k.pk)
        rows.append({"kind": "kpi", "item": k, "report": r,
                     "levels": services.allowed_levels(k),
                     "chosen": k.scale_kind in services.CHOSEN_LEVEL,
                     "editable": r is None or r.status in services.EDITABLE})  # fmt: skip
    for p in projects:
        r = pr.get(p.pk)
        allocation = sum((b.amount or 0 for b in p.budget_lines.all()
                          if b.fiscal_year == plan.fiscal_year), 0)  # fmt: skip
        rows.append({"kind": "project", "item": p, "report": r, "allocation": allocation,
                     "editable": r is None or r.status in services.EDITABLE})  # fmt: skip
    return rows


@login_required
@require_GET
def plan_month(request, plan_id: int, period: str):
    plan = _plan(request, plan_id)
    try:
        _period_or_400(period, plan)
    except BadPeriod as exc:
        return _bad_period(request, str(exc))
    locked = is_period_locked(plan.pk, period)
    may_write = can_report_on_plan(request.user, plan) and plan.status == PlanStatus.APPROVED
    rows = _grid_rows(plan, period)
    total, verified = reportable_counts(plan.pk, period)
    return render(request, "reporting/plan_month.html", _ctx(
        request, plan=plan, period=period, month=fiscal_month(period), months=_months(plan),
        rows=rows, locked=locked, editable=may_write and not locked,
        scores=plan_scores(plan, period), total=total, verified=verified,
        submittable=sum(1 for r in rows if r["report"] and r["report"].status in
                        services.EDITABLE),
        is_reviewer=can_review(request.user),
    ))  # fmt: skip


@login_required
@require_POST
def grid_cell(request, plan_id: int, period: str):
    """Save one cell (htmx). Answers a status fragment plus the row's new version (OOB)."""
    plan = _plan(request, plan_id, write=True)
    kind = request.POST.get("kind")
    field = request.POST.get("field", "")
    model = Kpi if kind == "kpi" else Project if kind == "project" else None
    if model is None:
        raise Http404
    item = get_object_or_404(model.objects.filter(plan=plan), pk=request.POST.get("item"))
    raw_version = request.POST.get("version", "")
    version = int(raw_version) if raw_version.isdigit() else None
    ctx = {"kind": kind, "item": item, "period": period}
    try:
        report = services.save_cell(user=request.user, kind=kind, item=item, period=period,
                                    field=field, raw=request.POST.get("value", ""),
                                    version=version)  # fmt: skip
    except ConflictError as exc:
        current = (KpiReport if kind == "kpi" else ProjectReport).objects.filter(
            **{kind: item, "period": period}).first()  # fmt: skip
        value = getattr(current, field, "") if current else ""
        return render(request, "reporting/_cell_status.html", {
            **ctx, "error": f"{exc.message} ค่าที่บันทึกไว้ขณะนี้: “{value if value is not None else ''}”"
            " — ค่าที่คุณพิมพ์ยังอยู่ในช่อง กดบันทึกอีกครั้งเพื่อบันทึกทับ",
            "report": current,
        }, status=409)  # fmt: skip
    except ValidationError as exc:
        return render(
            request,
            "reporting/_cell_status.html",
            {**ctx, "error": " ".join(exc.messages), "report": None},
            status=422,
        )
    return render(request, "reporting/_cell_status.html", {**ctx, "report": report})


@login_required
@require_POST
def submit_month(request, plan_id: int, period: str):
    """Submit every draft/returned report of the plan's month in one go."""
    plan = _plan(request, plan_id, write=True)
    n = 0
    try:
        for model in (KpiReport, ProjectReport):
            parent = "kpi" if model is KpiReport else "project"
            for report in model.objects.filter(
                **{f"{parent}__plan": plan, "period": period, "status__in": services.EDITABLE}
            ):
                services.set_status(report=report, status=ReportStatus.SUBMITTED,
                                    user=request.user)  # fmt: skip
                n += 1
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"ส่งรายงาน {n} รายการแล้ว")
    return redirect("reporting:plan_month", plan.pk, period)


# --- 5. bulk upload ------------------------------------------------------------------------


def _upload_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "reporting-imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


@login_required
@require_GET
def bulk_template(request, plan_id: int, period: str):
    plan = _plan(request, plan_id)
    try:
        _period_or_400(period, plan)
    except BadPeriod as exc:
        return _bad_period(request, str(exc))
    response = HttpResponse(bulk.build_template(plan, period), content_type=XLSX)
    name = f"report-{plan.pk}-{period}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def bulk_upload(request, plan_id: int, period: str):
    plan = _plan(request, plan_id, write=True)
    try:
        _period_or_400(period, plan)
    except BadPeriod as exc:
        return _bad_period(request, str(exc))
    ctx = _ctx(request, plan=plan, period=period, month=fiscal_month(period))
    if request.method == "GET":
        return render(request, "reporting/bulk_upload.html", ctx)
    token = request.POST.get("token", "")
    if token and request.POST.get("apply"):
        try:
            path = _upload_dir() / f"{uuid.UUID(token)}.xlsx"
        except ValueError:
            raise Http404 from None
        if not path.exists():
            messages.error(request, "ไม่พบไฟล์ที่อัปโหลดไว้ กรุณาอัปโหลดใหม่")
            return redirect("reporting:bulk_upload", plan.pk, period)
        result = bulk.apply_upload(plan, period, path.read_bytes(), user=request.user)
        if result.errors:
            return render(request, "reporting/bulk_upload.html",
                          {**ctx, "result": result}, status=400)  # fmt: skip
        path.unlink(missing_ok=True)
        messages.success(request, f"บันทึกจากไฟล์แล้ว {len(result.rows)} รายการ")
        return redirect("reporting:plan_month", plan.pk, period)
    upload = request.FILES.get("file")
    if upload is None:
        return render(request, "reporting/bulk_upload.html",
                      {**ctx, "upload_error": "กรุณาเลือกไฟล์ .xlsx"}, status=400)  # fmt: skip
    if upload.size > 10 * 1024 * 1024 or not upload.name.lower().endswith(".xlsx"):
        return render(
            request,
            "reporting/bulk_upload.html",
            {**ctx, "upload_error": "ต้องเป็นไฟล์ .xlsx ขนาดไม่เกิน 10 MB"},
            status=400,
        )
    content = upload.read()
    result = bulk.parse_upload(plan, period, content)
    token = ""
    if result.ok:
        token = str(uuid.uuid4())
        (_upload_dir() / f"{token}.xlsx").write_bytes(content)
    return render(request, "reporting/bulk_upload.html", {**ctx, "result": result, "token": token},
                  status=200 if result.ok else 400)  # fmt: skip


# --- 6. review and locks -------------------------------------------------------------------


def _reviewer(request):
    if not can_review(request.user):
        raise PermissionDenied("เฉพาะนักวิเคราะห์ สยป. เท่านั้นที่ตรวจสอบรายงานได้")


@login_required
@require_GET
def review_list(request):
    _reviewer(request)
    period = request.GET.get("period") or default_period()
    try:
        month = fiscal_month(period)
    except (ValueError, TypeError):
        return _bad_period(request, f"งวด “{period}” ไม่ถูกต้อง")
    plans = list(Plan.objects.filter(fiscal_year=month.fiscal_year, status=PlanStatus.APPROVED)
                 .select_related("org_unit").order_by("org_unit__code"))  # fmt: skip
    locks = {lk.plan_id: lk for lk in PeriodLock.objects.filter(period=period, plan__in=plans)}
    rows = []
    for p in plans:
        counts = {s: 0 for s in ReportStatus.values}
        for model, parent in ((KpiReport, "kpi"), (ProjectReport, "project")):
            for s in model.objects.filter(**{f"{parent}__plan": p, "period": period}).values_list(
                "status", flat=True
            ):
                counts[s] += 1
        total, _ = reportable_counts(p.pk, period)
        rows.append({"plan": p, "counts": counts, "total": total, "lock": locks.get(p.pk)})
    return render(
        request,
        "reporting/review_list.html",
        _ctx(request, rows=rows, period=period, month=month, months=_months(month.fiscal_year)),
    )


@login_required
@require_GET
def review_plan(request, plan_id: int, period: str):
    _reviewer(request)
    plan = _plan(request, plan_id)
    try:
        _period_or_400(period, plan)
    except BadPeriod as exc:
        return _bad_period(request, str(exc))
    kreports = list(KpiReport.objects.filter(kpi__plan=plan, period=period)
                    .select_related("kpi").prefetch_related("evidence")
                    .order_by("kpi__order", "kpi__code"))  # fmt: skip
    preports = list(ProjectReport.objects.filter(project__plan=plan, period=period)
                    .select_related("project").prefetch_related("evidence")
                    .order_by("project__part", "project__order"))  # fmt: skip
    lock = PeriodLock.objects.filter(plan=plan, period=period).first()
    total, verified = reportable_counts(plan.pk, period)
    return render(request, "reporting/review_plan.html", _ctx(
        request, plan=plan, period=period, month=fiscal_month(period), kreports=kreports,
        preports=preports, lock=lock, locked=bool(lock and lock.is_locked),
        events=list(PeriodLockEvent.objects.filter(lock=lock).select_related("by"))
        if lock else [],
        total=total, verified=verified,
    ))  # fmt: skip


@login_required
@require_POST
def review_action(request, kind: str, report_id: int):
    _reviewer(request)
    model = {"kpi": KpiReport, "project": ProjectReport}.get(kind)
    if model is None:
        raise Http404
    report = get_object_or_404(model.objects.select_related(f"{kind}__plan"), pk=report_id)
    plan = getattr(report, kind).plan
    action = request.POST.get("action")
    status = {"verify": ReportStatus.VERIFIED, "return": ReportStatus.RETURNED}.get(action)
    if status is None:
        raise Http404
    raw_version = request.POST.get("version", "")
    try:
        services.set_status(report=report, status=status, user=request.user,
                            version=int(raw_version) if raw_version.isdigit() else None,
                            comment=request.POST.get("comment", ""))  # fmt: skip
    except ConflictError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        code = getattr(report, kind).code
        messages.success(request, f"{'ตรวจสอบ' if action == 'verify' else 'ส่งกลับ'} {code} แล้ว")
        if is_period_locked(plan.pk, report.period):
            messages.info(request, "ตรวจสอบครบทุกรายการแล้ว งวดนี้ปิดแล้ว")
    return redirect(reverse("reporting:review_plan", args=[plan.pk, report.period]))


@login_required
@require_POST
def lock_action(request, plan_id: int, period: str):
    _reviewer(request)
    plan = _plan(request, plan_id)
    try:
        _period_or_400(period, plan)
        if request.POST.get("action") == "reopen":
            reopen_period(plan_id=plan.pk, period=period, user=request.user,
                          note=request.POST.get("note", ""))  # fmt: skip
            messages.success(request, "เปิดงวดอีกครั้งแล้ว (บันทึกในประวัติ)")
        else:
            lock_period(plan_id=plan.pk, period=period, user=request.user,
                        note=request.POST.get("note", ""))  # fmt: skip
            messages.success(request, "ปิดงวดแล้ว")
    except (ValidationError, BadPeriod) as exc:
        msg = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, msg)
    return redirect("reporting:review_plan", plan.pk, period)


# --- evidence ------------------------------------------------------------------------------


@login_required
@require_GET
def evidence_file(request, file_id: int):
    row = get_object_or_404(
        EvidenceFile.objects.select_related(
            "kpi_report__kpi__plan", "project_report__project__plan"
        ),
        pk=file_id,
    )
    plan = row.kpi_report.kpi.plan if row.kpi_report_id else row.project_report.project.plan
    if not can_view_plan(request.user, plan):
        raise PermissionDenied("ไม่มีสิทธิ์ดูหลักฐานของหน่วยงานนี้")
    try:
        handle = row.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("ไม่พบไฟล์") from None
    response = FileResponse(handle, as_attachment=True, filename=row.original_name,
                            content_type=row.content_type)  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
