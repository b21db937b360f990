"""KPIs of a plan with targets, baselines and their scoring scale (rows are data)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel, VersionedModel


class Direction(models.TextChoices):
    HIGHER = "higher", _("ยิ่งมากยิ่งดี")
    LOWER = "lower", _("ยิ่งน้อยยิ่งดี")


class ScaleKind(models.TextChoices):
    RUBRIC = "rubric", _("เกณฑ์ 5 ระดับ")
    BANDS = "bands", _("ช่วงค่าตัวเลข")
    POINTS = "points", _("ระดับเป็นคะแนนคงที่")
    STEPS = "steps", _("ขั้นตอนสะสมคะแนน")
    COMPOSITE = "composite", _("ตัวชี้วัดประกอบ")
    MANUAL = "manual", _("ผู้ประเมินเลือกระดับ")


class PlanPart(models.IntegerChoices):
    BMA_PLAN = 1, _("ส่วนที่ 1 แผนปฏิบัติราชการกรุงเทพมหานคร")
    AGENCY_STRATEGY = 2, _("ส่วนที่ 2 ยุทธศาสตร์ของหน่วยงาน")
    ROUTINE = 3, _("ส่วนที่ 3 รายจ่ายประจำขั้นพื้นฐาน")
    MONITORING = 4, _("ส่วนที่ 4 ภาคผนวกการติดตามประเมินผล")


class Kpi(VersionedModel, TimeStampedModel):
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="kpis")
    code = models.CharField(_("รหัสตัวชี้วัด"), max_length=60)
    name_th = models.TextField(_("ชื่อตัวชี้วัด"))
    name_en = models.TextField(_("ชื่อภาษาอังกฤษ"), blank=True)
    unit_th = models.CharField(_("หน่วยนับ"), max_length=120, blank=True)
    direction = models.CharField(
        _("ทิศทาง"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    part = models.PositiveSmallIntegerField(
        _("อยู่ในส่วนที่"),
        choices=PlanPart.choices,
        null=True,
        blank=True,
        help_text=_("เว้นว่างเมื่อเป็นตัวชี้วัดคำรับรองเท่านั้น"),
    )
    order = models.PositiveIntegerField(_("ลำดับ"), default=0)
    adoption = models.ForeignKey(
        "plans.Adoption",
        verbose_name=_("รับมาจากตัววัดผลในกรอบ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="kpis",
    )
    nodes = models.ManyToManyField(
        "frameworks.FrameworkNode",
        verbose_name=_("เชื่อมโยงยุทธศาสตร์"),
        blank=True,
        related_name="kpis",
    )
    policies = models.ManyToManyField(
        "frameworks.Policy", verbose_name=_("นโยบายผู้ว่าฯ"), blank=True, related_name="kpis"
    )
    definition_th = models.TextField(_("นิยาม"), blank=True)
    calculation_th = models.TextField(_("วิธีคำนวณ"), blank=True)
    evidence_th = models.TextField(_("วิธีเก็บข้อมูล/หลักฐาน"), blank=True)
    conditions_th = models.TextField(_("เงื่อนไข"), blank=True)
    component = models.ForeignKey(
        "plans.Component",
        verbose_name=_("องค์ประกอบ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="kpis",
    )
    weight = models.DecimalField(
        _("น้ำหนัก"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    scale_kind = models.CharField(
        _("รูปแบบเกณฑ์"), max_length=20, choices=ScaleKind.choices, default=ScaleKind.RUBRIC
    )
    no_skip = models.BooleanField(_("ห้ามข้ามขั้นตอน"), default=False)
    interpolate = models.BooleanField(
        _("คำนวณระดับแบบเส้นตรง"),
        null=True,
        blank=True,
        help_text=_("เว้นว่าง = ตามค่าของกรอบยุทธศาสตร์"),
    )
    target_level = models.DecimalField(
        _("ระดับเป้าหมาย"),
        max_digits=4,
        decimal_places=2,
        default=5,
        validators=[MinValueValidator(0), MaxValueValidator(5)],
    )
    notes_th = models.TextField(_("หมายเหตุ"), blank=True)

    class Meta:
        verbose_name = _("ตัวชี้วัด")
        verbose_name_plural = _("ตัวชี้วัด")
        ordering = ["plan", "order", "code"]
        indexes = [models.Index(fields=["plan", "order", "code"], name="kpi_plan_order_code")]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                name="kpi_unique_code_in_plan",
                violation_error_message=_("รหัสตัวชี้วัดนี้มีอยู่แล้วในแผน"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name_th[:60]}"

    def clean(self):
        errors = {}
        if self.component_id and self.component.plan_id != self.plan_id:
            errors["component"] = _("องค์ประกอบต้องอยู่ในแผนเดียวกัน")
        if self.component_id and self.weight is None:
            errors["weight"] = _("ตัวชี้วัดในองค์ประกอบการประเมินต้องมีน้ำหนัก")
        if errors:
            raise ValidationError(errors)


class YearValueKind(models.TextChoices):
    BASELINE = "baseline", _("ข้อมูลพื้นฐาน")
    TARGET = "target", _("ค่าเป้าหมาย")


class KpiYearValue(models.Model):
    """A baseline or target for one year: verbatim text plus the parsed value."""

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="year_values")
    kind = models.CharField(_("ประเภท"), max_length=10, choices=YearValueKind.choices)
    fiscal_year = models.PositiveSmallIntegerField(_("ปี (พ.ศ.)"))
    text = models.TextField(_("ข้อความตามเอกสาร"), blank=True)
    value = models.JSONField(_("ค่าที่แยกได้"), null=True, blank=True)
    flagged = models.BooleanField(_("อ่านค่าไม่ได้"), default=False)

    class Meta:
        verbose_name = _("ค่าเป้าหมาย/ข้อมูลพื้นฐานรายปี")
        verbose_name_plural = _("ค่าเป้าหมาย/ข้อมูลพื้นฐานรายปี")
        ordering = ["kpi", "kind", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["kpi", "kind", "fiscal_year"], name="yearvalue_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kpi.code} {self.kind} {self.fiscal_year}: {self.text}"


class CompositePart(models.Model):
    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="parts")
    index = models.PositiveSmallIntegerField(_("ส่วนที่"))
    name_th = models.TextField(_("ชื่อส่วน"))
    weight = models.DecimalField(_("น้ำหนัก"), max_digits=6, decimal_places=2)
    scale_kind = models.CharField(
        _("รูปแบบเกณฑ์"),
        max_length=20,
        choices=[c for c in ScaleKind.choices if c[0] != ScaleKind.COMPOSITE],
        default=ScaleKind.RUBRIC,
    )
    direction = models.CharField(
        _("ทิศทาง"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    no_skip = models.BooleanField(_("ห้ามข้ามขั้นตอน"), default=False)

    class Meta:
        verbose_name = _("ส่วนของตัวชี้วัดประกอบ")
        verbose_name_plural = _("ส่วนของตัวชี้วัดประกอบ")
        ordering = ["kpi", "index"]
        constraints = [models.UniqueConstraint(fields=["kpi", "index"], name="part_unique_index")]

    def __str__(self) -> str:
        return f"{self.kpi.code} ส่วนที่ {self.index}"


class ScaleLevel(models.Model):
    """One row of a 5-level table (rubric / bands / points). Row data, never a formula."""

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="levels")
    part = models.ForeignKey(
        CompositePart, null=True, blank=True, on_delete=models.CASCADE, related_name="levels"
    )
    level = models.PositiveSmallIntegerField(
        _("ระดับ"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    threshold_text = models.CharField(_("เกณฑ์"), max_length=255, blank=True)
    criterion_th = models.TextField(_("วิธีวัดผล/รายละเอียด"), blank=True)
    score = models.DecimalField(
        _("คะแนน"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("เว้นว่าง = น้ำหนัก × ระดับ / 5"),
    )
    min_value = models.DecimalField(
        _("ค่าต่ำสุด"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("ค่าสูงสุด"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    min_inclusive = models.BooleanField(_("รวมค่าต่ำสุด"), default=True)
    max_inclusive = models.BooleanField(_("รวมค่าสูงสุด"), default=True)
    points = models.DecimalField(
        _("คะแนนคงที่"), max_digits=7, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("ระดับของเกณฑ์")
        verbose_name_plural = _("ระดับของเกณฑ์")
        ordering = ["kpi", "part", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "level"],
                condition=Q(part__isnull=True),
                name="level_unique_per_kpi",
                violation_error_message=_("ระดับนี้มีอยู่แล้วในเกณฑ์ของตัวชี้วัด"),
            ),
            models.UniqueConstraint(
                fields=["part", "level"],
                condition=Q(part__isnull=False),
                name="level_unique_per_part",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kpi.code} ระดับ {self.level}"

    def clean(self):
        if (
            self.min_value is not None
            and self.max_value is not None
            and self.min_value > self.max_value
        ):
            raise ValidationError({"max_value": _("ค่าสูงสุดต้องไม่น้อยกว่าค่าต่ำสุด")})


class ScaleStep(models.Model):
    """A step of a step rubric: points earned when done (by its deadline)."""

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="scale_steps")
    part = models.ForeignKey(
        CompositePart, null=True, blank=True, on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField(_("ขั้นที่"))
    name_th = models.TextField(_("ขั้นตอน"))
    points = models.DecimalField(
        _("คะแนน"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )
    deadline = models.DateField(_("กำหนดเสร็จ"), null=True, blank=True)

    class Meta:
        verbose_name = _("ขั้นตอนของเกณฑ์")
        verbose_name_plural = _("ขั้นตอนของเกณฑ์")
        ordering = ["kpi", "part", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "order"],
                condition=Q(part__isnull=True),
                name="scalestep_unique_per_kpi",
            ),
            models.UniqueConstraint(
                fields=["part", "order"],
                condition=Q(part__isnull=False),
                name="scalestep_unique_per_part",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kpi.code} ขั้นที่ {self.order}"


class ResponsibilityRole(models.TextChoices):
    LEAD = "lead", _("หน่วยงานรับผิดชอบหลัก")
    SUPPORT = "support", _("หน่วยงานสนับสนุน")
    JOINT = "joint", _("หน่วยงานร่วม (Joint KPI)")


class KpiResponsibility(models.Model):
    """A unit responsible for a KPI and its duties (ภารกิจของหน่วยงาน)."""

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="responsibilities")
    org_unit = models.ForeignKey(
        "orgs.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit_text = models.CharField(
        _("ชื่อหน่วยงานตามเอกสาร"),
        max_length=255,
        blank=True,
        help_text=_("ใช้เมื่อหน่วยงานไม่อยู่ในทะเบียน เช่น หน่วยงานภายนอก"),
    )
    role = models.CharField(_("บทบาท"), max_length=10, choices=ResponsibilityRole.choices)
    duties_th = models.TextField(_("ภารกิจ"), blank=True)
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)

    class Meta:
        verbose_name = _("หน่วยงานรับผิดชอบตัวชี้วัด")
        verbose_name_plural = _("หน่วยงานรับผิดชอบตัวชี้วัด")
        ordering = ["kpi", "order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(org_unit__isnull=False) | ~Q(unit_text=""),
                name="responsibility_has_unit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kpi.code} {self.org_unit or self.unit_text}"
