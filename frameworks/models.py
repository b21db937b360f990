"""Strategic frameworks as data: each fiscal year declares its own levels and node tree.

FY 2565 (ด้าน → มิติ → เป้าประสงค์ → มาตรการ), FY 2567 (มิติ → ยุทธศาสตร์ → ยุทธศาสตร์ย่อย →
วัตถุประสงค์ → KR → กลยุทธ์ → ตัวชี้วัด) and FY 2569 (ด้าน → ประเด็นการพัฒนา → Super OKR → KR)
are all rows here, never code. Codes are strings and never renumbered: gaps are normal.
"""

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel, TreeNode


class FrameworkKind(models.TextChoices):
    BMA_ANNUAL = "bma_annual", _("แผนปฏิบัติราชการกรุงเทพมหานครประจำปี")
    LONG_TERM = "long_term", _("แผนพัฒนากรุงเทพมหานคร 20 ปี")
    AGENCY = "agency", _("ยุทธศาสตร์ของหน่วยงาน")


class Framework(TimeStampedModel):
    code = models.CharField(_("รหัสกรอบ"), max_length=60, unique=True, help_text=_("เช่น BMA-2567"))
    kind = models.CharField(
        _("ประเภท"), max_length=20, choices=FrameworkKind.choices, default=FrameworkKind.BMA_ANNUAL
    )
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ (พ.ศ.)"), db_index=True)
    last_fiscal_year = models.PositiveSmallIntegerField(
        _("ใช้ถึงปีงบประมาณ"),
        null=True,
        blank=True,
        help_text=_("เว้นว่างเมื่อใช้ปีเดียว"),
    )
    name_th = models.CharField(_("ชื่อ"), max_length=255)
    name_en = models.CharField(_("ชื่อภาษาอังกฤษ"), max_length=255, blank=True)
    owner_unit = models.ForeignKey(
        "orgs.OrgUnit",
        verbose_name=_("หน่วยงานเจ้าของ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="own_frameworks",
        help_text=_("สำหรับยุทธศาสตร์ของหน่วยงาน (ส่วนที่ 2)"),
    )
    interpolate_levels = models.BooleanField(
        _("คำนวณระดับแบบเส้นตรงระหว่างช่วง"),
        default=False,
        help_text=_("ค่าเริ่มต้นปิด: ระดับเป็นจำนวนเต็ม 0–5 ตามเกณฑ์"),
    )
    description_th = models.TextField(_("คำอธิบาย"), blank=True)

    class Meta:
        verbose_name = _("กรอบยุทธศาสตร์")
        verbose_name_plural = _("กรอบยุทธศาสตร์")
        ordering = ["-fiscal_year", "code"]

    def __str__(self) -> str:
        return f"{self.name_th} ({self.fiscal_year})"

    def clean(self):
        if self.last_fiscal_year and self.last_fiscal_year < self.fiscal_year:
            raise ValidationError({"last_fiscal_year": _("ปีสุดท้ายต้องไม่ก่อนปีเริ่มต้น")})

    def covers(self, fiscal_year: int) -> bool:
        return self.fiscal_year <= fiscal_year <= (self.last_fiscal_year or self.fiscal_year)


class FrameworkLevel(models.Model):
    """One level type of a framework, ordered top (0) to bottom."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="levels")
    key = models.SlugField(_("รหัสระดับ"), max_length=40, help_text=_("เช่น strategy, kr"))
    order = models.PositiveSmallIntegerField(_("ลำดับ"))
    label_th = models.CharField(_("ชื่อระดับ"), max_length=120)
    label_en = models.CharField(_("ชื่อระดับภาษาอังกฤษ"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("ระดับของกรอบยุทธศาสตร์")
        verbose_name_plural = _("ระดับของกรอบยุทธศาสตร์")
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "key"], name="level_unique_key"),
            models.UniqueConstraint(fields=["framework", "order"], name="level_unique_order"),
        ]

    def __str__(self) -> str:
        return f"{self.framework.code}: {self.label_th}"


class FrameworkNode(TreeNode, TimeStampedModel):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="nodes")
    level = models.ForeignKey(FrameworkLevel, on_delete=models.PROTECT, related_name="nodes")
    code = models.CharField(
        _("รหัส"),
        max_length=60,
        help_text=_("รหัสทางการเป็นข้อความ ไม่ร่วมกันภายในกรอบ เช่น 3.2, 3.2:KR2, 42308"),
    )
    short_code = models.CharField(
        _("รหัสที่แสดง"),
        max_length=40,
        blank=True,
        help_text=_("รหัสที่พิมพ์ในเอกสารเมื่อต่างจากรหัสเต็ม เช่น KR 2"),
    )
    name_th = models.TextField(_("ชื่อ"))
    name_en = models.TextField(_("ชื่อภาษาอังกฤษ"), blank=True)
    aliases = ArrayField(models.TextField(), verbose_name=_("ชื่ออื่น"), default=list, blank=True)
    narrative_th = models.TextField(_("สภาพปัญหา/คำอธิบาย"), blank=True)
    target_text = models.TextField(_("ค่าเป้าหมายระดับกรุงเทพมหานคร"), blank=True)
    host_units = models.ManyToManyField(
        "orgs.OrgUnit", verbose_name=_("หน่วยงานหลัก (H)"), blank=True, related_name="hosted_nodes"
    )
    order = models.PositiveIntegerField(_("ลำดับ"), default=0)

    class Meta:
        verbose_name = _("หัวข้อในกรอบยุทธศาสตร์")
        verbose_name_plural = _("หัวข้อในกรอบยุทธศาสตร์")
        ordering = ["framework", "path"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="node_unique_code"),
        ]
        indexes = [
            models.Index(
                fields=["path"], name="fwnode_path_like", opclasses=["varchar_pattern_ops"]
            )
        ]

    def __str__(self) -> str:
        return f"{self.short_code or self.code} {self.name_th[:60]}"

    def clean(self):
        errors = {}
        if self.level_id and self.framework_id and self.level.framework_id != self.framework_id:
            errors["level"] = _("ระดับต้องเป็นของกรอบยุทธศาสตร์เดียวกัน")
        if self.parent_id:
            if self.parent.framework_id != self.framework_id:
                errors["parent"] = _("หัวข้อระดับบนต้องอยู่ในกรอบยุทธศาสตร์เดียวกัน")
            elif self.level_id and self.parent.level.order >= self.level.order:
                errors["parent"] = _("หัวข้อระดับบนต้องอยู่ในระดับที่สูงกว่า")
        if errors:
            raise ValidationError(errors)


class Policy(TimeStampedModel):
    """The Governor's policy index (นโยบายผู้ว่าฯ): 3-digit code, name and its "…ดี" dimension."""

    code = models.CharField(
        _("รหัสนโยบาย"),
        max_length=3,
        unique=True,
        help_text=_("3 หลัก เก็บเลขศูนย์นำหน้า เช่น 099"),
    )
    name_th = models.TextField(_("ชื่อนโยบาย"))
    dimension_th = models.CharField(_("มิตินโยบาย"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("นโยบายผู้ว่าราชการ")
        verbose_name_plural = _("นโยบายผู้ว่าราชการ")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name_th[:60]}"

    def clean(self):
        if not (len(self.code) == 3 and self.code.isascii() and self.code.isdigit()):
            raise ValidationError({"code": _("รหัสนโยบายต้องเป็นตัวเลข 3 หลัก เช่น 099")})
