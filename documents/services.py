"""Writes of the documents app: request a document, run a job, clean up old files.

The same request (plan, kind, options) for unchanged data returns the stored PDF: the
request's *content hash* covers the plan's whole interchange export, the monthly reports that
the document prints, the options, and the renderer's own version (templates, stylesheet and
fonts), so any change to what would be printed makes a new file and nothing else does.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.fiscal import period_fiscal_year

from .models import DocumentJob, DocumentKind, JobStatus

log = logging.getLogger(__name__)

__all__ = [
    "cleanup_documents",
    "content_hash",
    "normalise_options",
    "request_document",
    "run_job",
]

#: Jobs stuck in "running" this long are taken as lost (worker killed without redelivery).
STALE_AFTER = timedelta(minutes=20)
MAX_ATTEMPTS = 3


def normalise_options(plan, kind: str, options: dict | None) -> dict:
    """Validated options with defaults; raises ValidationError with Thai messages."""
    options = dict(options or {})
    errors = {}
    if kind not in DocumentKind.values:
        errors["kind"] = f"ประเภทเอกสารต้องเป็น {', '.join(DocumentKind.values)}"
    digits = options.get("digits") or "arabic"
    if digits not in ("arabic", "thai"):
        errors["digits"] = "รูปแบบตัวเลขต้องเป็น arabic หรือ thai"
    out = {"digits": digits}
    if kind == DocumentKind.MONTHLY:
        period = options.get("period")
        if not period:
            errors["period"] = "รายงานประจำเดือนต้องระบุงวด (period) เช่น 2024-03"
        else:
            try:
                if period_fiscal_year(period) != plan.fiscal_year:
                    errors["period"] = f"งวด {period} ไม่อยู่ในปีงบประมาณ {plan.fiscal_year} ของแผน"
            except ValueError as exc:
                errors["period"] = str(exc)
        out["period"] = period
    elif options.get("period"):
        errors["period"] = "ระบุงวดได้เฉพาะรายงานประจำเดือน"
    if errors:
        raise ValidationError(errors)
    return out


def options_key(options: dict) -> str:
    return json.dumps(options, sort_keys=True, separators=(",", ":"))


def _renderer_fingerprint() -> str:
    """Digest of everything in the renderer that changes the printed page."""
    from documents import pdf

    root = Path(settings.BASE_DIR)
    h = hashlib.sha256(f"renderer-{pdf.RENDERER_VERSION}".encode())
    files = sorted((root / "templates" / "documents" / "pdf").rglob("*.html"))
    files += [root / "static" / "documents" / "print.css"]
    files += sorted((Path(__file__).parent / "pdf").glob("*.py"))
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    from documents.pdf.fonts import BUILDER_VERSION, STYLES, source_font

    h.update(f"fonts-{BUILDER_VERSION}".encode())
    for style in STYLES:
        h.update(str(source_font(style).stat().st_size).encode())
    return h.hexdigest()


def content_hash(plan, kind: str, options: dict) -> str:
    """SHA-256 of what the document would print (see module docstring)."""
    from plans.interchange.exporter import dumps_document, export_plan_document

    h = hashlib.sha256()
    h.update(_renderer_fingerprint().encode())
    h.update(kind.encode())
    h.update(options_key(options).encode())
    h.update(dumps_document(export_plan_document(plan)).encode())
    h.update(
        f"{plan.status}|{plan.revision}|{plan.org_unit.name_th}|{plan.org_unit.name_en}".encode()
    )
    if kind in (DocumentKind.MONTHLY, DocumentKind.AGREEMENT):
        from progress.models import KpiReport, ProjectReport

        period = options.get("period")
        kr = KpiReport.objects.filter(kpi__plan=plan)
        pr = ProjectReport.objects.filter(project__plan=plan)
        if period:
            kr, pr = kr.filter(period__lte=period), pr.filter(period__lte=period)
        for row in kr.order_by("id").values_list(
            "id",
            "kpi_id",
            "period",
            "status",
            "version",
            "level",
            "score",
            "actual_value",
            "actual_text",
            "narrative_th",
            "problems_th",
            "suggestions_th",
        ):
            h.update(repr(row).encode())
        for row in pr.order_by("id").values_list(
            "id",
            "project_id",
            "period",
            "status",
            "version",
            "progress_percent",
            "disbursed",
            "narrative_th",
        ):
            h.update(repr(row).encode())
    return h.hexdigest()


def request_document(
    *, plan, kind: str, options: dict | None, user=None
) -> tuple[DocumentJob, bool]:
    """Find the stored document for this exact request and data, or queue a new job.

    Returns (job, created). A done job whose file still exists is reused; so is a queued or
    running job for the same content (two clicks do not render twice).
    """
    options = normalise_options(plan, kind, options)
    key = options_key(options)
    digest = content_hash(plan, kind, options)
    with transaction.atomic():
        existing = (
            DocumentJob.objects.select_for_update()
            .filter(plan=plan, kind=kind, options_key=key, content_hash=digest)
            .exclude(status=JobStatus.FAILED)
            .filter(file_deleted_at__isnull=True)
            .order_by("-created_at")
            .first()
        )
        if existing is not None and (
            existing.status != JobStatus.DONE
            or (existing.file and existing.file.storage.exists(existing.file.name))
        ):
            return existing, False
        job = DocumentJob.objects.create(
            plan=plan,
            kind=kind,
            options=options,
            options_key=key,
            content_hash=digest,
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job, True


def _enqueue(job_id: int) -> None:
    from .tasks import render_document

    queue = getattr(settings, "BMAPLAN_DOCUMENTS_QUEUE", None)
    try:
        result = (
            render_document.apply_async((job_id,), queue=queue, retry=False)
            if queue
            else render_document.apply_async((job_id,), retry=False)
        )
    except Exception:
        # Broker (Redis) down: the job stays queued with no task id; requeue_waiting() sends
        # it once the broker is back (core.heartbeat runs it every minute).
        log.warning("document job %s not enqueued: broker unavailable", job_id, exc_info=True)
        return
    DocumentJob.objects.filter(pk=job_id).update(task_id=result.id or "")


def requeue_waiting(older_than: timedelta = timedelta(seconds=30)) -> int:
    """Send again the queued jobs that never reached the broker (enqueue failed)."""
    cutoff = timezone.now() - older_than
    ids = list(
        DocumentJob.objects.filter(
            status=JobStatus.QUEUED, task_id="", created_at__lt=cutoff
        ).values_list("pk", flat=True)
    )
    for job_id in ids:
        _enqueue(job_id)
    return len(ids)


def _update(job_id: int, **fields) -> None:
    DocumentJob.objects.filter(pk=job_id).update(**fields)


def run_job(job_id: int) -> DocumentJob | None:
    """Render job *job_id* (called by the Celery task). Progress is written as parts finish.

    Safe to run again after a lost worker (acks late): a done job is left alone, a running
    one is restarted from the beginning.
    """
    from documents import pdf

    job = DocumentJob.objects.select_related("plan__org_unit").filter(pk=job_id).first()
    if job is None or job.status == JobStatus.DONE:
        return job
    DocumentJob.objects.filter(pk=job_id).update(
        status=JobStatus.RUNNING,
        progress=1,
        stage="เตรียมข้อมูล",
        error="",
        started_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    job.refresh_from_db()
    if job.attempts > MAX_ATTEMPTS:
        _fail(job, f"สร้างเอกสารไม่สำเร็จหลังพยายาม {MAX_ATTEMPTS} ครั้ง (ตัวประมวลผลหยุดทำงานระหว่างสร้าง)")
        return job
    started = time.perf_counter()
    last = {"t": 0.0, "p": 1}

    def progress(fraction: float, stage: str) -> None:
        percent = min(99, max(2, int(2 + fraction * 96)))
        now = time.monotonic()
        if percent > last["p"] and (now - last["t"] > 0.3 or percent >= 95):
            last.update(t=now, p=percent)
            _update(job_id, progress=percent, stage=stage[:120])

    try:
        result = pdf.render(job.plan, job.kind, job.options, progress=progress)
    except Exception as exc:
        from celery.exceptions import SoftTimeLimitExceeded

        if isinstance(exc, SoftTimeLimitExceeded):
            message = "สร้างเอกสารใช้เวลานานเกินกำหนด กรุณาลองใหม่อีกครั้งหรือติดต่อผู้ดูแลระบบ"
        else:
            log.exception("document job %s failed", job_id)
            message = f"สร้างเอกสารไม่สำเร็จ: {exc}"
        _fail(job, message)
        return job
    name = f"{job.kind}.pdf"
    with transaction.atomic():
        job = DocumentJob.objects.select_for_update().get(pk=job_id)
        job.file.save(name, ContentFile(result.pdf), save=False)
        job.status = JobStatus.DONE
        job.progress = 100
        job.stage = "เสร็จแล้ว"
        job.size = len(result.pdf)
        job.page_count = result.page_count
        job.render_seconds = round(time.perf_counter() - started, 2)
        job.finished_at = timezone.now()
        job.save()
    cleanup_superseded(job)
    return job


def _fail(job: DocumentJob, message: str) -> None:
    _update(
        job.pk,
        status=JobStatus.FAILED,
        error=message[:2000],
        stage="ไม่สำเร็จ",
        finished_at=timezone.now(),
    )


def _delete_file(job: DocumentJob) -> None:
    if job.file:
        job.file.storage.delete(job.file.name)
    DocumentJob.objects.filter(pk=job.pk).update(file_deleted_at=timezone.now())


def cleanup_superseded(job: DocumentJob) -> int:
    """Older files of the same plan, kind and options are superseded by a new render."""
    old = DocumentJob.objects.filter(
        plan=job.plan_id,
        kind=job.kind,
        options_key=job.options_key,
        status=JobStatus.DONE,
        file_deleted_at__isnull=True,
        created_at__lt=job.created_at,
    ).exclude(content_hash=job.content_hash)
    count = 0
    for other in old:
        _delete_file(other)
        count += 1
    return count


def cleanup_documents(now=None) -> dict:
    """Delete files older than BMAPLAN_DOCUMENT_RETENTION_DAYS and fail lost jobs.

    Rows are kept (history of who asked for what); only files go.
    """
    now = now or timezone.now()
    days = int(getattr(settings, "BMAPLAN_DOCUMENT_RETENTION_DAYS", 30))
    deleted = 0
    for job in DocumentJob.objects.filter(
        status=JobStatus.DONE,
        file_deleted_at__isnull=True,
        created_at__lt=now - timedelta(days=days),
    ):
        _delete_file(job)
        deleted += 1
    stale = DocumentJob.objects.filter(
        status__in=[JobStatus.QUEUED, JobStatus.RUNNING], created_at__lt=now - STALE_AFTER
    ).update(
        status=JobStatus.FAILED,
        error="งานสร้างเอกสารค้างนานเกินไป (ตัวประมวลผลอาจหยุดทำงาน) กรุณาสั่งสร้างใหม่",
        finished_at=now,
    )
    return {"deleted_files": deleted, "failed_stale": stale}
