"""Excel round trip: export a plan's KPIs and projects; import them back with a preview of the
changes and an error report per cell, then apply (all or nothing)."""

from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from plans.interchange.exporter import export_plan_document
from plans.interchange.importer import import_plan_document
from plans.interchange.validate import validate_document

from ..access import plan_for_edit, plan_for_view
from ..diff import diff_documents
from ..xlsx import export_workbook, parse_workbook
from .common import plan_flags

MAX_BYTES = 10 * 1024 * 1024
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "xlsx-imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _fingerprint(document: dict) -> str:
    return hashlib.sha1(
        json.dumps(document, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


@login_required
@require_GET
def export_view(request, plan_id: int):
    plan = plan_for_view(request, plan_id)
    content = export_workbook(export_plan_document(plan))
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    name = f"bmaplan-{plan.fiscal_year}-{plan.pk}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _preview(plan, content: bytes):
    current = export_plan_document(plan)
    parsed = parse_workbook(content, fiscal_year=plan.fiscal_year)
    errors = [{"sheet": e.sheet, "cell": e.cell, "message": e.message} for e in parsed.errors]
    new = None
    groups = []
    if not errors:
        new = {**current, "kpis": parsed.kpis, "projects": parsed.projects}
        validation = validate_document(new)
        for issue in validation.errors:
            sheet, cell = parsed.locate(issue.path)
            errors.append({"sheet": sheet, "cell": cell, "message": issue.message,
                           "path": issue.path})  # fmt: skip
        if not errors:
            report = import_plan_document(document=new, dry_run=True)
            for e in report.errors:
                sheet, cell = parsed.locate(e["path"])
                errors.append({"sheet": sheet, "cell": cell, "message": e["message"],
                               "path": e["path"]})  # fmt: skip
        groups = [g for g in diff_documents(current, new) if g.title in ("ตัวชี้วัด", "โครงการ/กิจกรรม")]
    return current, new, errors, groups


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request, plan_id: int):
    plan = plan_for_view(request, plan_id)
    ctx = {**plan_flags(request, plan), "tab": "plan", "nav": "plans"}
    if request.method == "GET":
        plan_for_edit(request, plan_id)
        return render(request, "editor/xlsx_import.html", ctx)
    plan = plan_for_edit(request, plan_id)
    token = request.POST.get("token", "")
    if token and request.POST.get("apply"):
        path = _upload_dir() / f"{uuid.UUID(token)}.xlsx"
        if not path.exists():
            messages.error(request, "ไม่พบไฟล์ที่อัปโหลดไว้ กรุณาอัปโหลดใหม่")
            return redirect("editor:xlsx_import", plan.pk)
        current, new, errors, _groups = _preview(plan, path.read_bytes())
        if errors or new is None:
            messages.error(request, "ไฟล์มีข้อผิดพลาด กรุณาตรวจสอบอีกครั้ง")
            return redirect("editor:xlsx_import", plan.pk)
        if _fingerprint(current) != request.POST.get("fingerprint"):
            messages.error(request, "แผนถูกแก้ไขหลังจากที่คุณดูตัวอย่าง กรุณาอัปโหลดและตรวจสอบอีกครั้ง")
            return redirect("editor:xlsx_import", plan.pk)
        report = import_plan_document(document=new, user=request.user)
        path.unlink(missing_ok=True)
        if not report.ok:
            messages.error(
                request, "นำเข้าไม่สำเร็จ: " + "; ".join(e["message"] for e in report.errors[:3])
            )
            return redirect("editor:xlsx_import", plan.pk)
        from ..services import touch

        touch(plan)
        messages.success(request, "นำเข้าข้อมูลจากไฟล์ Excel แล้ว")
        return redirect("editor:plan_editor", plan.pk)

    upload = request.FILES.get("file")
    if upload is None:
        ctx["upload_error"] = "กรุณาเลือกไฟล์ Excel (.xlsx)"
        return render(request, "editor/xlsx_import.html", ctx, status=422)
    if upload.size > MAX_BYTES:
        ctx["upload_error"] = "ไฟล์ใหญ่เกิน 10 MB"
        return render(request, "editor/xlsx_import.html", ctx, status=422)
    content = upload.read()
    current, new, errors, groups = _preview(plan, content)
    ctx.update(errors=errors, groups=groups, previewed=True, name=upload.name)
    if not errors:
        token = str(uuid.uuid4())
        (_upload_dir() / f"{token}.xlsx").write_bytes(content)
        ctx.update(token=token, fingerprint=_fingerprint(current),
                   change_count=sum(len(g.changes) for g in groups))  # fmt: skip
    return render(request, "editor/xlsx_import.html", ctx, status=422 if errors else 200)
