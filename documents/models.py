"""Generated PDF documents: one row per request, rendered by a Celery task."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    PLAN = "plan", _("แผนปฏิบัติราชการ")
    AGREEMENT = "agreement", _("แบบสรุปตัวชี้วัดเจรจาตกลง")
    MONTHLY = "monthly", _("รายงานผลการดำเนินงานประจำเดือน")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("รอคิว")
    RUNNING = "running", _("กำลังสร้าง")
    DONE = "done", _("เสร็จแล้ว")
    FAILED = "failed", _("ไม่สำเร็จ")


def document_path(instance: "DocumentJob", filename: str) -> str:
    """PDFs live under MEDIA_ROOT/documents with a random name; views serve them."""
    return f"documents/{instance.plan_id}/{uuid.uuid4().hex}.pdf"


class DocumentJob(models.Model):
    kind = models.CharField(_("ประเภทเอกสาร"), max_length=20, choices=DocumentKind.choices)
    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("แผน"), on_delete=models.CASCADE, related_name="documents"
    )
    options = models.JSONField(
        _("ตัวเลือก"), default=dict, blank=True, help_text=_('เช่น {"digits": "thai"}')
    )
    options_key = models.CharField(
        _("คีย์ตัวเลือก"), max_length=120, help_text=_("ตัวเลือกในรูปข้อความคงที่ ใช้หาไฟล์เดิม")
    )
    content_hash = models.CharField(
        _("ลายนิ้วมือข้อมูล"),
        max_length=64,
        db_index=True,
        help_text=_("SHA-256 ของข้อมูลแผน ตัวเลือก และรุ่นแม่แบบ ณ เวลาที่ขอ"),
    )
    status = models.CharField(
        _("สถานะ"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(
        _("ความคืบหน้า (ร้อยละ)"), default=0, validators=[MaxValueValidator(100)]
    )
    stage = models.CharField(_("ขั้นตอน"), max_length=120, blank=True)
    error = models.TextField(_("ข้อผิดพลาด"), blank=True)
    file = models.FileField(_("ไฟล์"), upload_to=document_path, max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("ขนาด (ไบต์)"), null=True, blank=True)
    page_count = models.PositiveIntegerField(_("จำนวนหน้า"), null=True, blank=True)
    render_seconds = models.FloatField(_("เวลาสร้าง (วินาที)"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("จำนวนครั้งที่เริ่มสร้าง"), default=0)
    task_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้ขอ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ขอเมื่อ"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("เริ่มสร้างเมื่อ"), null=True, blank=True)
    finished_at = models.DateTimeField(_("เสร็จเมื่อ"), null=True, blank=True)
    file_deleted_at = models.DateTimeField(_("ลบไฟล์เมื่อ"), null=True, blank=True)

    class Meta:
        verbose_name = _("งานสร้างเอกสาร")
        verbose_name_plural = _("งานสร้างเอกสาร")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["plan", "kind", "options_key", "content_hash"], name="docjob_lookup"
            )
        ]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="docjob_progress_le_100"),
            models.CheckConstraint(
                condition=~Q(status="done") | ~Q(file=""), name="docjob_done_has_file"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def file_available(self) -> bool:
        return self.status == JobStatus.DONE and bool(self.file) and self.file_deleted_at is None

    def filename(self) -> str:
        """Download name: kind, unit and fiscal year (ASCII-safe fallback in the view)."""
        plan = self.plan
        suffix = {"plan": "plan", "agreement": "agreement", "monthly": "monthly"}[self.kind]
        period = self.options.get("period")
        extra = f"-{period}" if period else ""
        return f"bmaplan-{suffix}-{plan.fiscal_year}-{plan.org_unit_id}{extra}.pdf"
