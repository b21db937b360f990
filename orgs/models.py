"""Organisation units of BMA as one tree: BMA → departments / districts / offices → divisions."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel, TreeNode


class OrgUnitKind(models.TextChoices):
    BMA = "bma", _("กรุงเทพมหานคร")
    DEPARTMENT = "department", _("สำนัก")
    DISTRICT = "district", _("สำนักงานเขต")
    OFFICE = "office", _("สำนักงาน/หน่วยงานเทียบเท่า")
    DIVISION = "division", _("กอง/ฝ่าย/ส่วน")
    SCHOOL = "school", _("สถานศึกษา/สถานบริการ")
    GROUP = "group", _("กลุ่มหน่วยงาน")
    EXTERNAL = "external", _("หน่วยงานภายนอก")


class OrgUnitQuerySet(models.QuerySet):
    def subtree_of(self, unit: "OrgUnit"):
        return self.filter(path__startswith=unit.path)

    def by_ref(self, ref: str | int):
        """A unit reference is an abbreviation ("สพส.") or an id, as in API.md."""
        ref = str(ref).strip()
        if ref.isdigit():
            return self.filter(pk=int(ref))
        return self.filter(code=ref)


class OrgUnit(TreeNode, TimeStampedModel):
    code = models.CharField(
        _("อักษรย่อ"),
        max_length=40,
        unique=True,
        help_text=_("อักษรย่อทางราชการ เช่น สพส. ใช้อ้างอิงในเอกสารและ API"),
    )
    name_th = models.CharField(_("ชื่อภาษาไทย"), max_length=255)
    name_en = models.CharField(_("ชื่อภาษาอังกฤษ"), max_length=255, blank=True)
    kind = models.CharField(_("ประเภท"), max_length=20, choices=OrgUnitKind.choices)
    aliases = models.JSONField(
        _("ชื่ออื่นที่พบในเอกสาร"),
        default=list,
        blank=True,
        help_text=_("ชื่อหรือตัวย่ออื่นที่ใช้จับคู่ตอนนำเข้า เช่น ฝ่ายสิ่งแวดล้อมฯ"),
    )
    is_active = models.BooleanField(_("ใช้งานอยู่"), default=True)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("หน่วยงาน")
        verbose_name_plural = _("หน่วยงาน")
        ordering = ["path"]
        indexes = [
            models.Index(
                fields=["path"], name="orgunit_path_like", opclasses=["varchar_pattern_ops"]
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name_th}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.parent_id and self.pk and self.parent.path.startswith(self.path):
            raise ValidationError({"parent": _("ไม่สามารถย้ายหน่วยงานไปอยู่ใต้หน่วยงานย่อยของตนเองได้")})
