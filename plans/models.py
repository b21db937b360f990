"""A unit's annual plan and what hangs directly off it: narrative, SWOT/TOWS, adoptions of
framework KRs/KPIs, and the performance-agreement components."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel, VersionedModel


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("ร่าง")
    SUBMITTED = "submitted", _("ส่งพิจารณา")
    RETURNED = "returned", _("ส่งกลับแก้ไข")
    APPROVED = "approved", _("อนุมัติแล้ว")


class Plan(VersionedModel, TimeStampedModel):
    org_unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name=_("หน่วยงาน"), on_delete=models.PROTECT, related_name="plans"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ (พ.ศ.)"), db_index=True)
    framework = models.ForeignKey(
        "frameworks.Framework",
        verbose_name=_("กรอบยุทธศาสตร์"),
        on_delete=models.PROTECT,
        related_name="plans",
    )
    related_frameworks = models.ManyToManyField(
        "frameworks.Framework",
        verbose_name=_("กรอบยุทธศาสตร์อื่นที่อ้างถึง"),
        blank=True,
        related_name="related_plans",
        help_text=_("เช่น ส่วนที่ 2 ที่ยังอ้างแผนพัฒนา 20 ปี หรือยุทธศาสตร์ของหน่วยงานเอง"),
    )
    title_th = models.CharField(_("ชื่อแผน"), max_length=255)
    title_en = models.CharField(_("ชื่อภาษาอังกฤษ"), max_length=255, blank=True)
    slogan_th = models.CharField(_("คำขวัญ"), max_length=255, blank=True)
    status = models.CharField(
        _("สถานะ"),
        max_length=20,
        choices=PlanStatus.choices,
        default=PlanStatus.DRAFT,
        db_index=True,
    )
    revision = models.PositiveSmallIntegerField(
        _("ฉบับปรับปรุงครั้งที่"),
        default=0,
        help_text=_("0 = ฉบับแรก; เพิ่มขึ้นทุกครั้งที่ปรับแผนหลังอนุมัติ"),
    )
    stated_totals = models.JSONField(
        _("ยอดรวมตามที่เอกสารระบุ"),
        default=dict,
        blank=True,
        help_text=_('เก็บไว้เทียบกับยอดที่ระบบคำนวณ เช่น {"part1": "543335900.00"}'),
    )
    submitted_at = models.DateTimeField(_("ส่งเมื่อ"), null=True, blank=True)
    approved_at = models.DateTimeField(_("อนุมัติเมื่อ"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("แผนปฏิบัติราชการ")
        verbose_name_plural = _("แผนปฏิบัติราชการ")
        ordering = ["-fiscal_year", "org_unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["org_unit", "fiscal_year"],
                name="plan_one_per_unit_and_year",
                violation_error_message=_("หน่วยงานนี้มีแผนของปีงบประมาณนี้อยู่แล้ว"),
            ),
        ]

    def __str__(self) -> str:
        return self.title_th or f"{self.org_unit.code} {self.fiscal_year}"

    def clean(self):
        if self.framework_id and not self.framework.covers(self.fiscal_year or 0):
            raise ValidationError({"framework": _("กรอบยุทธศาสตร์นี้ไม่ได้ใช้กับปีงบประมาณของแผน")})

    @property
    def is_editable(self) -> bool:
        return self.status in (PlanStatus.DRAFT, PlanStatus.RETURNED)


class PlanRevision(models.Model):
    """A frozen snapshot (interchange format) of a plan at approval or revision time.

    Versions of an approved plan are snapshots rather than copied rows, so the plan keeps
    one identity (one per unit and year) while any two versions can still be diffed.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveSmallIntegerField(_("ฉบับที่"))
    snapshot = models.JSONField(_("ข้อมูลแผน ณ เวลานั้น"))
    note = models.TextField(_("หมายเหตุ"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("ฉบับของแผน")
        verbose_name_plural = _("ฉบับของแผน")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="revision_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.plan} ฉบับที่ {self.number}"


class SectionKind(models.TextChoices):
    FOREWORD = "foreword", _("คำนำ")
    PROFILE = "profile", _("ข้อมูลทั่วไปของหน่วยงาน")
    STATISTICS = "statistics", _("ข้อมูลสถิติ")
    SITUATION = "situation", _("การวิเคราะห์สภาพแวดล้อม/สถานการณ์")
    SWOT = "swot", _("การวิเคราะห์ SWOT")
    TOWS = "tows", _("TOWS Matrix")
    VISION = "vision", _("วิสัยทัศน์")
    MISSION = "mission", _("พันธกิจ")
    GOAL = "goal", _("เป้าประสงค์")
    EVALUATION = "evaluation", _("แนวทางการติดตามประเมินผล")
    OTHER = "other", _("อื่น ๆ")


class PlanSection(TimeStampedModel):
    """One narrative block of a plan. ``body_html`` is sanitised on save (services)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(
        _("รหัสส่วน"),
        max_length=60,
        allow_unicode=True,
        help_text=_("ไม่ซ้ำในแผน เช่น foreword, mission-1, situation-3"),
    )
    kind = models.CharField(_("ประเภท"), max_length=20, choices=SectionKind.choices)
    order = models.PositiveIntegerField(_("ลำดับ"), default=0)
    title_th = models.CharField(_("หัวข้อ"), max_length=255, blank=True)
    body_html = models.TextField(_("เนื้อหา"), blank=True)
    table = models.JSONField(
        _("ตาราง"),
        null=True,
        blank=True,
        help_text=_('ตารางสถิติ: {"columns": [...], "rows": [[...], ...], "footer": [...]}'),
    )
    framework_node = models.ForeignKey(
        "frameworks.FrameworkNode",
        verbose_name=_("หัวข้อยุทธศาสตร์"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_sections",
    )

    class Meta:
        verbose_name = _("ส่วนเนื้อหาของแผน")
        verbose_name_plural = _("ส่วนเนื้อหาของแผน")
        ordering = ["plan", "order", "key"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="section_unique_key")]

    def __str__(self) -> str:
        return self.title_th or self.get_kind_display()

    def clean(self):
        table = self.table
        if table is None:
            return
        if not isinstance(table, dict) or not isinstance(table.get("rows", []), list):
            raise ValidationError({"table": _("ตารางต้องมีรูปแบบ {columns, rows}")})
        width = len(table.get("columns", []))
        for i, row in enumerate(table.get("rows", []), start=1):
            if width and (not isinstance(row, list) or len(row) != width):
                raise ValidationError(
                    {"table": _("แถวที่ %(row)d มีจำนวนช่องไม่เท่ากับหัวตาราง") % {"row": i}}
                )


class SwotQuadrant(models.TextChoices):
    STRENGTH = "S", _("จุดแข็ง (S)")
    WEAKNESS = "W", _("จุดอ่อน (W)")
    OPPORTUNITY = "O", _("โอกาส (O)")
    THREAT = "T", _("อุปสรรค (T)")


class SwotItem(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="swot_items")
    quadrant = models.CharField(_("ด้าน"), max_length=1, choices=SwotQuadrant.choices)
    code = models.CharField(_("รหัส"), max_length=20, help_text=_("เช่น S1.1, T6.3"))
    factor_th = models.CharField(
        _("ปัจจัย"),
        max_length=120,
        blank=True,
        help_text=_("ปัจจัยภายใน 7S หรือภายนอก PESTEL เช่น Structure, Political"),
    )
    text_th = models.TextField(_("รายละเอียด"))
    order = models.PositiveIntegerField(_("ลำดับ"), default=0)

    class Meta:
        verbose_name = _("ปัจจัย SWOT")
        verbose_name_plural = _("ปัจจัย SWOT")
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="swot_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.text_th[:60]}"

    def clean(self):
        if self.code and self.quadrant and not self.code.upper().startswith(self.quadrant):
            raise ValidationError(
                {"code": _("รหัสต้องขึ้นต้นด้วยอักษรของด้าน %(q)s") % {"q": self.quadrant}}
            )


class TowsQuadrant(models.TextChoices):
    SO = "SO", _("กลยุทธ์เชิงรุก (SO)")
    ST = "ST", _("กลยุทธ์เชิงป้องกัน (ST)")
    WO = "WO", _("กลยุทธ์เชิงแก้ไข (WO)")
    WT = "WT", _("กลยุทธ์เชิงรับ (WT)")


class TowsStrategy(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tows_strategies")
    quadrant = models.CharField(_("ประเภท"), max_length=2, choices=TowsQuadrant.choices)
    code = models.CharField(_("รหัส"), max_length=20, blank=True)
    text_th = models.TextField(_("กลยุทธ์/โครงการ"))
    factor_codes = ArrayField(
        models.CharField(max_length=20),
        verbose_name=_("ปัจจัยที่อ้างถึง"),
        default=list,
        blank=True,
        help_text=_("รหัส SWOT เช่น S1.2, O3.1"),
    )
    node_tag = models.CharField(
        _("อ้างยุทธศาสตร์ย่อย"),
        max_length=20,
        blank=True,
        help_text=_('แท็ก "(มิติที่ 3.1)" ในเอกสาร = ยุทธศาสตร์ย่อย 3.1'),
    )
    order = models.PositiveIntegerField(_("ลำดับ"), default=0)

    class Meta:
        verbose_name = _("กลยุทธ์ TOWS")
        verbose_name_plural = _("กลยุทธ์ TOWS")
        ordering = ["plan", "quadrant", "order"]

    def __str__(self) -> str:
        return f"{self.quadrant} {self.text_th[:60]}"


class AdoptionRole(models.TextChoices):
    HOST = "H", _("หน่วยงานหลัก (H)")
    RESPONSIBLE = "R", _("หน่วยงานรับผิดชอบ (R)")
    CO_HOST = "CO-H", _("หน่วยงานหลักร่วม (CO-H)")


class Adoption(TimeStampedModel):
    """A plan takes on a framework KR/KPI, with its own role, wording and target."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="adoptions")
    node = models.ForeignKey(
        "frameworks.FrameworkNode",
        verbose_name=_("ตัววัดผล/ตัวชี้วัดในกรอบ"),
        on_delete=models.PROTECT,
        related_name="adoptions",
    )
    role = models.CharField(
        _("บทบาท"), max_length=4, choices=AdoptionRole.choices, default=AdoptionRole.RESPONSIBLE
    )
    local_name_th = models.TextField(_("ถ้อยคำของหน่วยงาน"), blank=True)
    local_target_text = models.TextField(_("ค่าเป้าหมายของหน่วยงาน"), blank=True)
    local_target = models.JSONField(_("ค่าเป้าหมาย (แยกส่วน)"), null=True, blank=True)
    lead_units = models.ManyToManyField(
        "orgs.OrgUnit", verbose_name=_("หน่วยงานรับผิดชอบหลัก"), blank=True, related_name="+"
    )
    supporting_units = models.ManyToManyField(
        "orgs.OrgUnit", verbose_name=_("หน่วยงานสนับสนุน"), blank=True, related_name="+"
    )
    units_note = models.TextField(
        _("หน่วยงานตามเอกสาร"),
        blank=True,
        help_text=_("ข้อความเดิมเมื่อมีหน่วยงานที่ไม่อยู่ในทะเบียน"),
    )
    order = models.PositiveIntegerField(_("ลำดับ"), default=0)

    class Meta:
        verbose_name = _("การรับตัววัดผลมาดำเนินการ")
        verbose_name_plural = _("การรับตัววัดผลมาดำเนินการ")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "node"], name="adoption_once_per_plan")
        ]

    def __str__(self) -> str:
        return f"{self.node.code} ({self.role})"

    def clean(self):
        if self.node_id and self.plan_id:
            plan = self.plan
            fw_ids = {plan.framework_id, *plan.related_frameworks.values_list("pk", flat=True)}
            if self.node.framework_id not in fw_ids:
                raise ValidationError({"node": _("หัวข้อนี้ไม่อยู่ในกรอบยุทธศาสตร์ของแผน")})


class Component(models.Model):
    """A performance-agreement component (องค์ประกอบ): per-year data, never code."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="components")
    code = models.CharField(_("รหัส"), max_length=20, help_text=_("เช่น 1, 1.1, 2"))
    name_th = models.CharField(_("ชื่อองค์ประกอบ"), max_length=255)
    name_en = models.CharField(_("ชื่อภาษาอังกฤษ"), max_length=255, blank=True)
    weight = models.DecimalField(_("น้ำหนัก"), max_digits=6, decimal_places=2)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("องค์ประกอบหลัก"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    order = models.PositiveIntegerField(_("ลำดับ"), default=0)

    class Meta:
        verbose_name = _("องค์ประกอบการประเมิน")
        verbose_name_plural = _("องค์ประกอบการประเมิน")
        ordering = ["plan", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="component_unique_code"),
            models.CheckConstraint(
                condition=models.Q(weight__gte=0), name="component_weight_gte_0"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name_th}"

    def clean(self):
        if self.parent_id and self.parent.plan_id != self.plan_id:
            raise ValidationError({"parent": _("องค์ประกอบหลักต้องอยู่ในแผนเดียวกัน")})
