"""Monthly progress records: one KPI report and one project report per item and month."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel, VersionedModel

period_validator = RegexValidator(
    r"^\d{4}-(0[1-9]|1[0-2])$", _("งวดต้องอยู่ในรูปแบบ YYYY-MM (ค.ศ.) เช่น 2024-01")
)


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("ร่าง")
    SUBMITTED = "submitted", _("ส่งแล้ว")
    RETURNED = "returned", _("ส่งกลับแก้ไข")
    VERIFIED = "verified", _("ตรวจสอบแล้ว")


class ReportBase(VersionedModel, TimeStampedModel):
    period = models.CharField(_("งวด"), max_length=7, validators=[period_validator])
    narrative_th = models.TextField(_("ผลการดำเนินงาน"), blank=True)
    status = models.CharField(
        _("สถานะ"),
        max_length=20,
        choices=ReportStatus.choices,
        default=ReportStatus.DRAFT,
        db_index=True,
    )
    review_comment_th = models.TextField(_("ความเห็นผู้ตรวจสอบ"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("ส่งเมื่อ"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("ตรวจสอบเมื่อ"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


class KpiReport(ReportBase):
    kpi = models.ForeignKey("kpis.Kpi", on_delete=models.CASCADE, related_name="reports")
    actual_value = models.DecimalField(
        _("ผลการดำเนินงาน (ค่าจริง)"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    actual_text = models.CharField(_("ผลการดำเนินงาน (ข้อความ)"), max_length=255, blank=True)
    level = models.DecimalField(
        _("ระดับ"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(5)],
    )
    score = models.DecimalField(
        _("คะแนน"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
        help_text=_("คำนวณโดยระบบเมื่อบันทึก"),
    )
    problems_th = models.TextField(_("ปัญหาอุปสรรค"), blank=True)
    suggestions_th = models.TextField(_("ข้อเสนอแนะ"), blank=True)

    class Meta:
        verbose_name = _("รายงานผลตัวชี้วัด")
        verbose_name_plural = _("รายงานผลตัวชี้วัด")
        ordering = ["kpi", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "period"],
                name="kpireport_one_per_month",
                violation_error_message=_("ตัวชี้วัดนี้มีรายงานของเดือนนี้อยู่แล้ว"),
            ),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__gte=0, level__lte=5),
                name="kpireport_level_0_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kpi.code} {self.period}"


class KpiReportStep(models.Model):
    """A step of a step-rubric KPI reported done, with the date it was done."""

    report = models.ForeignKey(KpiReport, on_delete=models.CASCADE, related_name="steps_done")
    step = models.ForeignKey("kpis.ScaleStep", on_delete=models.CASCADE, related_name="+")
    done_on = models.DateField(_("ทำเสร็จเมื่อ"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "step"], name="kpireportstep_unique")
        ]

    def __str__(self) -> str:
        return f"{self.report} ขั้น {self.step.order}"

    def clean(self):
        if self.step_id and self.report_id and self.step.kpi_id != self.report.kpi_id:
            raise ValidationError({"step": _("ขั้นตอนนี้ไม่ใช่ของตัวชี้วัดนี้")})


class KpiReportPart(models.Model):
    """The measurement of one part of a composite KPI."""

    report = models.ForeignKey(KpiReport, on_delete=models.CASCADE, related_name="parts")
    part = models.ForeignKey("kpis.CompositePart", on_delete=models.CASCADE, related_name="+")
    actual_value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    level = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(5)],
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "part"], name="kpireportpart_unique")
        ]

    def __str__(self) -> str:
        return f"{self.report} ส่วน {self.part.index}"


class ProjectReport(ReportBase):
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="reports"
    )
    steps_done = models.ManyToManyField(
        "projects.WorkStep", verbose_name=_("ขั้นตอนที่ทำเสร็จ"), blank=True, related_name="+"
    )
    progress_percent = models.DecimalField(
        _("ความก้าวหน้า (ร้อยละ)"), max_digits=5, decimal_places=2, default=0, editable=False
    )
    disbursed = models.DecimalField(
        _("เบิกจ่ายสะสม (บาท)"),
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        verbose_name = _("รายงานผลโครงการ")
        verbose_name_plural = _("รายงานผลโครงการ")
        ordering = ["project", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "period"],
                name="projectreport_one_per_month",
                violation_error_message=_("โครงการนี้มีรายงานของเดือนนี้อยู่แล้ว"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.period}"


def evidence_path(instance: "EvidenceFile", filename: str) -> str:
    """Evidence lives under MEDIA_ROOT/evidence with a random name; the original is a field."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"evidence/{uuid.uuid4().hex}.{suffix}"


class EvidenceFile(models.Model):
    kpi_report = models.ForeignKey(
        KpiReport, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    project_report = models.ForeignKey(
        ProjectReport, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("ไฟล์"), upload_to=evidence_path, max_length=255)
    original_name = models.CharField(_("ชื่อไฟล์เดิม"), max_length=255)
    content_type = models.CharField(_("ชนิดไฟล์"), max_length=120)
    size = models.PositiveBigIntegerField(_("ขนาด (ไบต์)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("หลักฐาน")
        verbose_name_plural = _("หลักฐาน")
        ordering = ["uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kpi_report__isnull=False, project_report__isnull=True)
                    | Q(kpi_report__isnull=True, project_report__isnull=False)
                ),
                name="evidence_belongs_to_one_report",
            )
        ]

    def __str__(self) -> str:
        return self.original_name


class DeadlineKind(models.TextChoices):
    DATA = "data", _("ส่งข้อมูล (วันที่ 5 ของเดือนถัดไป)")
    REPORT = "report", _("ส่งรายงาน (วันที่ 15 ของเดือนถัดไป)")


class ReminderStatus(models.TextChoices):
    PENDING = "pending", _("รอส่ง")
    SENDING = "sending", _("กำลังส่ง")
    SENT = "sent", _("ส่งแล้ว")
    FAILED = "failed", _("ส่งไม่สำเร็จ")


class Reminder(models.Model):
    """One reminder email to one evaluator for one deadline on one day.

    The unique key makes a reminder exist once; sending first *claims* the row with a
    conditional UPDATE (pending → sending), so two beat processes or a retried task can never
    both send it. A worker that dies after claiming leaves it "sending": at most once.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(_("งวด"), max_length=7, validators=[period_validator])
    deadline = models.CharField(_("กำหนด"), max_length=10, choices=DeadlineKind.choices)
    on_date = models.DateField(_("วันที่เตือน"))
    overdue = models.BooleanField(_("เกินกำหนด"), default=False)
    items = models.PositiveIntegerField(_("จำนวนรายการค้าง"), default=0)
    status = models.CharField(
        _("สถานะ"), max_length=10, choices=ReminderStatus.choices, default=ReminderStatus.PENDING
    )
    claimed_by = models.CharField(max_length=64, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("การแจ้งเตือน")
        verbose_name_plural = _("การแจ้งเตือน")
        ordering = ["-on_date", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "period", "deadline", "on_date"], name="reminder_once_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.period} {self.deadline} {self.on_date}"


class PeriodLock(models.Model):
    """One unit's month (its plan + period) closed for writes once it is verified.

    ``locked_at`` set and ``reopened_at`` empty means locked. An analyst may reopen it for a
    late correction (``reopened_*`` and a note); verifying everything again locks it again.
    Every lock and reopen is also a :class:`PeriodLockEvent` row (the history).
    """

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="period_locks")
    period = models.CharField(_("งวด"), max_length=7, validators=[period_validator])
    locked_at = models.DateTimeField(_("ปิดงวดเมื่อ"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    reopened_at = models.DateTimeField(_("เปิดงวดอีกครั้งเมื่อ"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    note = models.TextField(_("หมายเหตุ"), blank=True)

    class Meta:
        verbose_name = _("การปิดงวดรายงาน")
        verbose_name_plural = _("การปิดงวดรายงาน")
        constraints = [
            models.UniqueConstraint(fields=["plan", "period"], name="periodlock_one_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.period}"

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None and self.reopened_at is None


class PeriodLockEvent(models.Model):
    """History of a period lock: who locked or reopened it, when and why."""

    LOCK, REOPEN = "lock", "reopen"
    lock = models.ForeignKey(PeriodLock, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(
        max_length=10, choices=[(LOCK, _("ปิดงวด")), (REOPEN, _("เปิดงวดอีกครั้ง"))]
    )
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.lock} {self.action} {self.at:%Y-%m-%d}"
