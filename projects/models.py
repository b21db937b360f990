"""Projects and activities of a plan, their budget lines, work steps and routine classification."""

import re

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel, TreeNode, VersionedModel
from kpis.models import PlanPart

PERIOD_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class ExpenseLevel(models.TextChoices):
    SIDE = "side", _("ด้าน")
    PROGRAM = "program", _("แผนงาน")
    OUTPUT = "output", _("ผลผลิต/โครงการ")
    EXPENSE_TYPE = "expense_type", _("ประเภทรายจ่าย")


class ExpenseClass(TreeNode):
    """Routine-expenditure classification: ด้าน → แผนงาน → ผลผลิต → expense type (shared)."""

    level = models.CharField(_("ระดับ"), max_length=20, choices=ExpenseLevel.choices)
    code = models.CharField(_("รหัส"), max_length=40, blank=True)
    name_th = models.CharField(_("ชื่อ"), max_length=255)

    class Meta:
        verbose_name = _("การจำแนกงบประมาณรายจ่ายประจำ")
        verbose_name_plural = _("การจำแนกงบประมาณรายจ่ายประจำ")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name_th"],
                name="expenseclass_unique_name_under_parent",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.name_th}"

    _LEVEL_ORDER = [
        ExpenseLevel.SIDE,
        ExpenseLevel.PROGRAM,
        ExpenseLevel.OUTPUT,
        ExpenseLevel.EXPENSE_TYPE,
    ]

    def clean(self):
        expected = self._LEVEL_ORDER[self.parent.depth + 1] if self.parent_id else ExpenseLevel.SIDE
        if self.parent_id and self.parent.level == ExpenseLevel.EXPENSE_TYPE:
            raise ValidationError({"parent": _("ประเภทรายจ่ายเป็นระดับล่างสุดแล้ว")})
        if self.level != expected:
            raise ValidationError({"level": _("ระดับไม่ถูกต้อง: ควรเป็น %(l)s") % {"l": expected.label}})


class ProjectKind(models.TextChoices):
    PROJECT = "project", _("โครงการ")
    ACTIVITY = "activity", _("กิจกรรม")
    ROUTINE_ITEM = "routine_item", _("รายการรายจ่ายประจำ")


class Project(VersionedModel, TimeStampedModel):
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="projects")
    code = models.CharField(
        _("รหัสโครงการในแผน"),
        max_length=60,
        help_text=_("ไม่ซ้ำในแผน ใช้อ้างอิงตอนนำเข้า/ส่งออก เช่น P1-001"),
    )
    strategy_codes = ArrayField(
        models.CharField(max_length=20),
        verbose_name=_("รหัสยุทธศาสตร์ (6 หลัก)"),
        default=list,
        blank=True,
    )
    name_th = models.TextField(_("ชื่อโครงการ/กิจกรรม"))
    kind = models.CharField(
        _("ประเภท"), max_length=20, choices=ProjectKind.choices, default=ProjectKind.PROJECT
    )
    part = models.PositiveSmallIntegerField(_("ส่วนที่"), choices=PlanPart.choices)
    priority = models.PositiveIntegerField(
        _("ลำดับความสำคัญ"),
        null=True,
        blank=True,
        help_text=_("ลำดับตามความสำคัญ/จำเป็นเร่งด่วนในรายการของส่วนนั้น"),
    )
    owner_units = models.ManyToManyField(
        "orgs.OrgUnit",
        verbose_name=_("หน่วยงานรับผิดชอบ"),
        blank=True,
        related_name="owned_projects",
    )
    owner_text = models.CharField(_("หน่วยงานตามเอกสาร"), max_length=255, blank=True)
    kpis = models.ManyToManyField(
        "kpis.Kpi",
        verbose_name=_("ตัวชี้วัด"),
        through="ProjectKpi",
        blank=True,
        related_name="projects",
    )
    nodes = models.ManyToManyField(
        "frameworks.FrameworkNode",
        verbose_name=_("เชื่อมโยงยุทธศาสตร์"),
        blank=True,
        related_name="projects",
    )
    policies = models.ManyToManyField(
        "frameworks.Policy", verbose_name=_("นโยบายผู้ว่าฯ"), blank=True, related_name="projects"
    )
    is_integrated = models.BooleanField(
        _("แผนงานบูรณาการ"), default=False, help_text=_("โครงการในแผนงานบูรณาการข้ามหน่วยงาน")
    )
    flag_marks = models.CharField(
        _("เครื่องหมายในเอกสาร"), max_length=10, blank=True, help_text=_("เช่น *, **, ***")
    )
    status_note = models.TextField(
        _("หมายเหตุสถานะ"),
        blank=True,
        help_text=_("เช่น ไม่ได้รับจัดสรรงบประมาณ, รอจัดสรร, เพิ่มเติมปี 2567"),
    )
    expense_class = models.ForeignKey(
        ExpenseClass,
        verbose_name=_("การจำแนกรายจ่าย"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    work_area_th = models.CharField(_("งาน"), max_length=255, blank=True)
    description_th = models.TextField(_("รายละเอียด"), blank=True)
    order = models.PositiveIntegerField(_("ลำดับ"), default=0)

    class Meta:
        verbose_name = _("โครงการ/กิจกรรม")
        verbose_name_plural = _("โครงการ/กิจกรรม")
        ordering = ["plan", "part", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                name="project_unique_code_in_plan",
                violation_error_message=_("รหัสโครงการนี้มีอยู่แล้วในแผน"),
            ),
        ]

    def __str__(self) -> str:
        return self.name_th[:80]

    def clean(self):
        errors = {}
        bad = [c for c in self.strategy_codes or [] if not re.fullmatch(r"\d{6}", c)]
        if bad:
            errors["strategy_codes"] = _("รหัสยุทธศาสตร์ต้องเป็นตัวเลข 6 หลัก: %(c)s") % {
                "c": ", ".join(bad)
            }
        if self.expense_class_id and self.part != PlanPart.ROUTINE:
            errors["expense_class"] = _("การจำแนกรายจ่ายใช้กับส่วนที่ 3 เท่านั้น")
        if errors:
            raise ValidationError(errors)


class ProjectKpi(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="kpi_links")
    kpi = models.ForeignKey("kpis.Kpi", on_delete=models.CASCADE, related_name="project_links")
    is_primary = models.BooleanField(_("ตัวชี้วัดหลัก"), default=False)

    class Meta:
        verbose_name = _("ความเชื่อมโยงโครงการกับตัวชี้วัด")
        verbose_name_plural = _("ความเชื่อมโยงโครงการกับตัวชี้วัด")
        constraints = [
            models.UniqueConstraint(fields=["project", "kpi"], name="projectkpi_unique"),
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(is_primary=True),
                name="projectkpi_one_primary",
                violation_error_message=_("โครงการมีตัวชี้วัดหลักได้เพียงตัวเดียว"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} → {self.kpi.code}"


class BudgetCategory(models.TextChoices):
    PERSONNEL = "personnel", _("งบบุคลากร")
    OPERATING = "operating", _("งบดำเนินงาน")
    INVESTMENT = "investment", _("งบลงทุน")
    EQUIPMENT = "equipment", _("งบลงทุน - ค่าครุภัณฑ์")
    LAND_BUILDING = "land_building", _("งบลงทุน - ค่าที่ดินและสิ่งก่อสร้าง")
    SUBSIDY = "subsidy", _("งบเงินอุดหนุน")
    OTHER = "other", _("งบรายจ่ายอื่น")


class BudgetStatus(models.TextChoices):
    AMOUNT = "amount", _("ระบุจำนวนเงิน")
    NO_BUDGET = "no_budget", _("ไม่ใช้งบประมาณ")
    NOT_REQUESTED = "not_requested", _("ไม่ได้ขอรับงบประมาณ")
    AS_ALLOCATED = "as_allocated", _("ตามที่ได้รับจัดสรร")
    AS_REPAIRED = "as_repaired", _("ตามที่ซ่อมแซม")
    NOT_FUNDED = "not_funded", _("ไม่ได้รับจัดสรร")


# Statuses that carry an amount; every other status must leave it empty ("-" is not 0).
STATUSES_WITH_AMOUNT = frozenset({BudgetStatus.AMOUNT, BudgetStatus.NOT_FUNDED})
# Statuses counted in plan totals.
COUNTED_STATUSES = frozenset({BudgetStatus.AMOUNT})


class BudgetLine(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budget_lines")
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ"))
    amount = models.DecimalField(
        _("จำนวนเงิน (บาท)"),
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    status = models.CharField(
        _("สถานะงบประมาณ"),
        max_length=20,
        choices=BudgetStatus.choices,
        default=BudgetStatus.AMOUNT,
    )
    category = models.CharField(
        _("หมวดงบ"), max_length=20, choices=BudgetCategory.choices, blank=True
    )
    source_th = models.CharField(_("แหล่งงบประมาณ"), max_length=255, blank=True)
    note_th = models.CharField(_("หมายเหตุ"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)

    class Meta:
        verbose_name = _("รายการงบประมาณ")
        verbose_name_plural = _("รายการงบประมาณ")
        ordering = ["project", "fiscal_year", "order"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(status__in=sorted(STATUSES_WITH_AMOUNT), amount__isnull=False)
                    | (~Q(status__in=sorted(STATUSES_WITH_AMOUNT)) & Q(amount__isnull=True))
                ),
                name="budgetline_status_matches_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.fiscal_year}: {self.amount or self.get_status_display()}"

    def clean(self):
        if self.status in STATUSES_WITH_AMOUNT and self.amount is None:
            raise ValidationError({"amount": _("กรุณาระบุจำนวนเงิน")})
        if self.status not in STATUSES_WITH_AMOUNT and self.amount is not None:
            raise ValidationError(
                {"amount": _("สถานะ “%(s)s” ต้องไม่ระบุจำนวนเงิน") % {"s": self.get_status_display()}}
            )


class WorkStep(models.Model):
    """A step of the project's work plan (ตาราง จ). Weights of a project add up to 100."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("ขั้นที่"))
    name_th = models.TextField(_("เนื้องาน"))
    weight = models.DecimalField(
        _("ร้อยละของขั้นตอน"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    planned_months = ArrayField(
        models.CharField(max_length=7),
        verbose_name=_("เดือนที่วางแผน"),
        default=list,
        blank=True,
        help_text=_("งวดเดือน ค.ศ. เช่น 2023-10"),
    )

    class Meta:
        verbose_name = _("ขั้นตอนการปฏิบัติงาน")
        verbose_name_plural = _("ขั้นตอนการปฏิบัติงาน")
        ordering = ["project", "order"]
        constraints = [
            models.UniqueConstraint(fields=["project", "order"], name="workstep_unique_order")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name_th[:60]}"

    def clean(self):
        bad = [m for m in self.planned_months or [] if not PERIOD_RE.match(m)]
        if bad:
            raise ValidationError(
                {"planned_months": _("เดือนต้องอยู่ในรูปแบบ YYYY-MM: %(m)s") % {"m": ", ".join(bad)}}
            )
