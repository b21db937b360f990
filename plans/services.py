"""Writes to plans, their narrative sections and agreement components.

Keyword-only, typed and atomic. Callers that update a versioned plan lock and compare
``version`` first (``core.concurrency.check_version``); every write here bumps it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.services import apply_fields, clean_and_save
from frameworks.models import Framework, FrameworkNode
from orgs.models import OrgUnit

from .models import Component, Plan, PlanSection, PlanStatus

STATUS_FROM = {
    PlanStatus.SUBMITTED: {PlanStatus.DRAFT, PlanStatus.RETURNED},
    PlanStatus.RETURNED: {PlanStatus.SUBMITTED},
    PlanStatus.APPROVED: {PlanStatus.SUBMITTED},
}


def _bump(plan: Plan) -> None:
    Plan.objects.filter(pk=plan.pk).update(version=F("version") + 1)
    plan.refresh_from_db(fields=["version"])


def _replace_sections(plan: Plan, sections: list[dict]) -> None:
    """The narrative is replaced as a whole; ``body_html`` is sanitised on the way in."""
    from plans.interchange.importer import sanitize_html

    keys = [s["key"] for s in sections]
    if len(set(keys)) != len(keys):
        raise ValidationError({"sections": "รหัสส่วนเนื้อหา (key) ซ้ำกัน"})
    PlanSection.objects.filter(plan=plan).delete()
    rows = []
    for index, s in enumerate(sections):
        section = PlanSection(
            plan=plan,
            key=s["key"],
            kind=s["kind"],
            order=s.get("order", index),
            title_th=s.get("title_th", ""),
            body_html=sanitize_html(s.get("body_html", "")),
            table=s.get("table"),
            framework_node=s.get("framework_node"),
        )
        section.full_clean(exclude=["plan"])
        rows.append(section)
    PlanSection.objects.bulk_create(rows)


@transaction.atomic
def plan_create(
    *,
    org_unit: OrgUnit,
    fiscal_year: int,
    framework: Framework,
    title_th: str,
    title_en: str = "",
    slogan_th: str = "",
    stated_totals: dict | None = None,
    sections: list[dict] | None = None,
) -> Plan:
    plan = Plan(
        org_unit=org_unit,
        fiscal_year=fiscal_year,
        framework=framework,
        title_th=title_th,
        title_en=title_en,
        slogan_th=slogan_th,
        stated_totals=stated_totals or {},
    )
    clean_and_save(plan)
    if sections:
        _replace_sections(plan, sections)
    return plan


@transaction.atomic
def plan_update(*, plan: Plan, data: dict, sections: list[dict] | None = None) -> Plan:
    """Update a draft/returned plan; ``sections`` (when given) replace the narrative."""
    apply_fields(plan, data)
    clean_and_save(plan)
    if sections is not None:
        _replace_sections(plan, sections)
    _bump(plan)
    return plan


@transaction.atomic
def plan_delete(*, plan: Plan) -> None:
    """Delete a plan and everything under it (KPIs first: they protect their components)."""
    from kpis.models import Kpi

    Kpi.objects.filter(plan=plan).delete()
    plan.delete()


@transaction.atomic
def plan_set_status(*, plan: Plan, status: str, user=None) -> Plan:
    """Move a plan through draft → submitted → (returned | approved)."""
    if plan.status not in STATUS_FROM.get(status, set()):
        raise ValidationError(
            {"status": f"เปลี่ยนสถานะจาก “{plan.get_status_display()}” เป็น “{status}” ไม่ได้"}
        )
    now = timezone.now()
    plan.status = status
    if status == PlanStatus.SUBMITTED:
        plan.submitted_at = now
    elif status == PlanStatus.APPROVED:
        plan.approved_at = now
        plan.approved_by = user if getattr(user, "pk", None) else None
    plan.save(update_fields=["status", "submitted_at", "approved_at", "approved_by", "updated_at"])
    _bump(plan)
    return plan


# --- components ------------------------------------------------------------------------------


@transaction.atomic
def component_create(
    *,
    plan: Plan,
    code: str,
    name_th: str,
    weight,
    name_en: str = "",
    parent: Component | None = None,
    order: int = 0,
) -> Component:
    component = Component(
        plan=plan,
        code=code,
        name_th=name_th,
        name_en=name_en,
        weight=weight,
        parent=parent,
        order=order,
    )
    return clean_and_save(component)


@transaction.atomic
def component_update(*, component: Component, data: dict) -> Component:
    apply_fields(component, data)
    return clean_and_save(component)


@transaction.atomic
def component_delete(*, component: Component) -> None:
    """Refused (400) while KPIs are attached to the component."""
    component.delete()


def node_by_ref(plan: Plan, ref: str) -> FrameworkNode | None:
    """A node reference: a code of the plan's framework, or "<framework code>/<node code>"."""
    if "/" in ref:
        framework_code, code = ref.split("/", 1)
        return FrameworkNode.objects.filter(framework__code=framework_code, code=code).first()
    return FrameworkNode.objects.filter(framework_id=plan.framework_id, code=ref).first()
