"""Who may do what, and where: a user's roles, each scoped to a unit subtree or to all of BMA."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


class Role(models.TextChoices):
    PLANNER = "planner", _("ผู้จัดทำแผน")
    EVALUATOR = "evaluator", _("ผู้รายงานผล")
    ANALYST = "analyst", _("นักวิเคราะห์ สยป.")
    EXECUTIVE = "executive", _("ผู้บริหาร")
    ADMIN = "admin", _("ผู้ดูแลระบบ")


# Roles that act inside one unit and its subtree; the others see all of BMA.
UNIT_SCOPED_ROLES = frozenset({Role.PLANNER, Role.EVALUATOR})


class Membership(TimeStampedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("บทบาท"), max_length=20, choices=Role.choices)
    org_unit = models.ForeignKey(
        "orgs.OrgUnit",
        verbose_name=_("หน่วยงาน"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        help_text=_("จำเป็นสำหรับผู้จัดทำแผนและผู้รายงานผล: มีสิทธิ์ในหน่วยงานนี้และหน่วยงานย่อย"),
    )

    class Meta:
        verbose_name = _("บทบาทของผู้ใช้")
        verbose_name_plural = _("บทบาทของผู้ใช้")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "org_unit"], name="membership_unique_role_unit"
            ),
            models.CheckConstraint(
                condition=~models.Q(role__in=["planner", "evaluator"], org_unit__isnull=True),
                name="membership_unit_scoped_roles_need_unit",
                violation_error_message=_("ผู้จัดทำแผนและผู้รายงานผลต้องระบุหน่วยงาน"),
            ),
        ]

    def __str__(self) -> str:
        where = self.org_unit.code if self.org_unit_id else "กทม."
        return f"{self.user} · {self.get_role_display()} · {where}"

    def clean(self):
        if self.role in UNIT_SCOPED_ROLES and not self.org_unit_id:
            raise ValidationError({"org_unit": _("ผู้จัดทำแผนและผู้รายงานผลต้องระบุหน่วยงาน")})


class ApiToken(models.Model):
    """An API token stored as the SHA-256 of its key: a copy of the database holds no usable key.

    The key itself is shown once, when issued (``accounts.tokens.issue_token``).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(
        _("ส่วนต้นของ token"), max_length=8, editable=False, help_text=_("ใช้ระบุ token เท่านั้น")
    )
    created = models.DateTimeField(_("ออกเมื่อ"), auto_now_add=True)
    last_used = models.DateTimeField(_("ใช้ล่าสุด"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API token")

    def __str__(self) -> str:
        return f"{self.user} · {self.prefix}…"
