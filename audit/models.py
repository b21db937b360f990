"""Change history of everything a planner edits, recorded by PostgreSQL triggers (pghistory).

Triggers see every write, including ``bulk_create`` and queryset ``update()`` (which the
services and ``core.concurrency`` use), so nothing escapes the record. Each event row is a
snapshot of the row after an insert or update (before a delete) plus ``pgh_context``: who
(``user``) and through which URL, set by ``pghistory.middleware.HistoryMiddleware``.

The event models live in this app, so other apps' migrations are untouched; the triggers are
installed after ``migrate`` (``PGTRIGGER_INSTALL_ON_MIGRATE``), not through migrations.
"""

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kpis.models import (
    CompositePart,
    Kpi,
    KpiResponsibility,
    KpiYearValue,
    ScaleLevel,
    ScaleStep,
)
from plans.models import Adoption, Component, Plan, PlanSection, SwotItem, TowsStrategy
from projects.models import BudgetLine, Project, ProjectKpi, WorkStep


def _tracked(model):
    return pghistory.create_event_model(
        model,
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        app_label="audit",
        model_name=f"{model.__name__}Event",
        abstract=False,
    )


PlanEvent = _tracked(Plan)
PlanSectionEvent = _tracked(PlanSection)
SwotItemEvent = _tracked(SwotItem)
TowsStrategyEvent = _tracked(TowsStrategy)
AdoptionEvent = _tracked(Adoption)
ComponentEvent = _tracked(Component)
KpiEvent = _tracked(Kpi)
KpiYearValueEvent = _tracked(KpiYearValue)
CompositePartEvent = _tracked(CompositePart)
ScaleLevelEvent = _tracked(ScaleLevel)
ScaleStepEvent = _tracked(ScaleStep)
KpiResponsibilityEvent = _tracked(KpiResponsibility)
ProjectEvent = _tracked(Project)
ProjectKpiEvent = _tracked(ProjectKpi)
BudgetLineEvent = _tracked(BudgetLine)
WorkStepEvent = _tracked(WorkStep)

EVENT_MODELS = [
    PlanEvent,
    PlanSectionEvent,
    SwotItemEvent,
    TowsStrategyEvent,
    AdoptionEvent,
    ComponentEvent,
    KpiEvent,
    KpiYearValueEvent,
    CompositePartEvent,
    ScaleLevelEvent,
    ScaleStepEvent,
    KpiResponsibilityEvent,
    ProjectEvent,
    ProjectKpiEvent,
    BudgetLineEvent,
    WorkStepEvent,
]


class SecurityEventKind(models.TextChoices):
    LOGIN = "login", _("เข้าสู่ระบบ")
    LOGOUT = "logout", _("ออกจากระบบ")
    LOGIN_FAILED = "login_failed", _("เข้าสู่ระบบไม่สำเร็จ")
    ROLE_GRANTED = "role_granted", _("ให้บทบาท")
    ROLE_REVOKED = "role_revoked", _("ถอนบทบาท")
    GROUPS_CHANGED = "groups_changed", _("เปลี่ยนกลุ่มผู้ใช้")
    FLAGS_CHANGED = "flags_changed", _("เปลี่ยนสิทธิ์ผู้ดูแล")


class SecurityEvent(models.Model):
    """Logins, logouts, failed logins and permission changes (append-only; see audit.signals)."""

    kind = models.CharField(_("เหตุการณ์"), max_length=20, choices=SecurityEventKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้ใช้"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("ชื่อผู้ใช้"), max_length=150, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้กระทำ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ip_address = models.GenericIPAddressField(_("IP"), null=True, blank=True)
    detail = models.JSONField(_("รายละเอียด"), default=dict, blank=True)
    created_at = models.DateTimeField(_("เมื่อ"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("เหตุการณ์ความปลอดภัย")
        verbose_name_plural = _("เหตุการณ์ความปลอดภัย")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.kind} {self.username}"
