"""Writes of the browser editor: keyword-only, typed, atomic (docs/architecture.md).

KPI and project writes reuse ``kpis.services`` / ``projects.services`` after a version check;
narrative rows (which carry no ``version``) are checked with an edit token
(``editor.concurrency``). Every write touches ``Plan.updated_at`` so plan lists show the last
change. Errors are Django ``ValidationError`` dicts with Thai messages, so a form can show each
next to its field, and nothing is written when one is raised.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.concurrency import check_version
from core.exceptions import ConflictError
from core.services import clean_and_save
from frameworks.models import FrameworkNode
from kpis import services as kpi_services
from kpis.models import Kpi
from plans.interchange.importer import sanitize_html
from plans.models import (
    Adoption,
    Component,
    Plan,
    PlanSection,
    SwotItem,
    TowsStrategy,
)
from projects import services as project_services
from projects.models import Project

from .concurrency import EditConflict, lock_and_check

__all__ = [
    "ConflictError",
    "EditConflict",
]


def touch(plan: Plan) -> None:
    now = timezone.now()
    Plan.objects.filter(pk=plan.pk).update(updated_at=now)
    plan.updated_at = now


def _require_editable(plan: Plan) -> None:
    locked = Plan.objects.select_for_update().filter(pk=plan.pk).values_list("status", flat=True)
    status = locked.first()
    if status not in ("draft", "returned"):
        raise ValidationError("แผนนี้ไม่อยู่ในสถานะที่แก้ไขได้ (อนุมัติแล้วหรืออยู่ระหว่างพิจารณา)")


def _save_row(plan: Plan, instance, token: str | None, data: dict[str, Any]):
    """Create (token None) or update under an edit-token check, with full validation."""
    _require_editable(plan)
    if instance.pk is not None:
        lock_and_check(instance, token or "")
    for name, value in data.items():
        setattr(instance, name, value)
    clean_and_save(instance)
    touch(plan)
    return instance


def _delete_row(plan: Plan, instance, token: str) -> None:
    _require_editable(plan)
    lock_and_check(instance, token)
    instance.delete()
    touch(plan)


# --- narrative --------------------------------------------------------------------------------


@transaction.atomic
def section_save(
    *, plan: Plan, section: PlanSection | None, token: str | None, data: dict[str, Any]
) -> PlanSection:
    data = dict(data)
    if "body_html" in data:
        data["body_html"] = sanitize_html(data["body_html"] or "")
    if section is None:
        section = PlanSection(plan=plan)
        if "order" not in data:
            last = PlanSection.objects.filter(plan=plan).order_by("-order").first()
            data["order"] = (last.order + 1) if last else 0
    return _save_row(plan, section, token, data)


@transaction.atomic
def section_delete(*, plan: Plan, section: PlanSection, token: str) -> None:
    _delete_row(plan, section, token)


@transaction.atomic
def swot_save(
    *, plan: Plan, item: SwotItem | None, token: str | None, data: dict[str, Any]
) -> SwotItem:
    if item is None:
        item = SwotItem(plan=plan)
        last = SwotItem.objects.filter(plan=plan).order_by("-order").first()
        data = {"order": (last.order + 1) if last else 0, **data}
    return _save_row(plan, item, token, data)


@transaction.atomic
def swot_delete(*, plan: Plan, item: SwotItem, token: str) -> None:
    _delete_row(plan, item, token)


@transaction.atomic
def tows_save(
    *, plan: Plan, item: TowsStrategy | None, token: str | None, data: dict[str, Any]
) -> TowsStrategy:
    if item is None:
        item = TowsStrategy(plan=plan)
        last = TowsStrategy.objects.filter(plan=plan).order_by("-order").first()
        data = {"order": (last.order + 1) if last else 0, **data}
    return _save_row(plan, item, token, data)


@transaction.atomic
def tows_delete(*, plan: Plan, item: TowsStrategy, token: str) -> None:
    _delete_row(plan, item, token)


@transaction.atomic
def component_save(
    *, plan: Plan, component: Component | None, token: str | None, data: dict[str, Any]
) -> Component:
    if component is None:
        component = Component(plan=plan)
        last = Component.objects.filter(plan=plan).order_by("-order").first()
        data = {"order": (last.order + 1) if last else 0, **data}
    return _save_row(plan, component, token, data)


@transaction.atomic
def component_delete(*, plan: Plan, component: Component, token: str) -> None:
    if Kpi.objects.filter(component=component).exists() or component.children.exists():
        raise ValidationError("ลบไม่ได้: ยังมีตัวชี้วัดหรือองค์ประกอบย่อยอยู่ในองค์ประกอบนี้")
    _delete_row(plan, component, token)


# --- adoptions of framework KRs/KPIs ----------------------------------------------------------


@transaction.atomic
def adoption_save(
    *,
    plan: Plan,
    adoption: Adoption | None,
    token: str | None,
    data: dict[str, Any],
    lead_units: Iterable | None = None,
    supporting_units: Iterable | None = None,
) -> Adoption:
    from kpis.targets import parse_target

    data = dict(data)
    if "local_target_text" in data:
        text = data["local_target_text"] or ""
        data["local_target"] = parse_target(text).to_dict() if text.strip() else None
    if adoption is None:
        adoption = Adoption(plan=plan)
        if Adoption.objects.filter(plan=plan, node=data.get("node")).exists():
            raise ValidationError({"node": "แผนนี้รับตัววัดผลนี้มาดำเนินการแล้ว"})
        last = Adoption.objects.filter(plan=plan).order_by("-order").first()
        data.setdefault("order", (last.order + 1) if last else 0)
    adoption = _save_row(plan, adoption, token, data)
    if lead_units is not None:
        adoption.lead_units.set(lead_units)
    if supporting_units is not None:
        adoption.supporting_units.set(supporting_units)
    return adoption


@transaction.atomic
def adoption_delete(*, plan: Plan, adoption: Adoption, token: str) -> None:
    _delete_row(plan, adoption, token)


def adoptable_node(plan: Plan, node_id: int) -> FrameworkNode:
    fw_ids = {plan.framework_id, *plan.related_frameworks.values_list("pk", flat=True)}
    node = FrameworkNode.objects.filter(pk=node_id, framework_id__in=fw_ids).first()
    if node is None:
        raise ValidationError({"node": "หัวข้อนี้ไม่อยู่ในกรอบยุทธศาสตร์ของแผน"})
    return node


# --- KPIs and projects (reusing the apps' services) -------------------------------------------


@transaction.atomic
def kpi_save(
    *,
    plan: Plan,
    kpi: Kpi | None,
    expected_version: int | None,
    fields: dict[str, Any],
    nodes: Iterable,
    policies: Iterable,
    scale: dict[str, Any],
    baselines: list[dict[str, Any]],
    targets: list[dict[str, Any]],
    responsibilities: list[dict[str, Any]],
) -> Kpi:
    """Create or update a KPI and everything under it, all or nothing."""
    _require_editable(plan)
    children = {
        "nodes": list(nodes),
        "policies": list(policies),
        "scale": scale,
        "baselines": baselines,
        "targets": targets,
        "responsibilities": responsibilities,
    }
    if kpi is None:
        fields = dict(fields)
        code, name = fields.pop("code"), fields.pop("name_th")
        kpi = kpi_services.kpi_create(plan=plan, code=code, name_th=name, **fields, **children)
    else:
        check_version(kpi, expected_version=expected_version or 0)
        kpi = kpi_services.kpi_update(kpi=kpi, data=fields, **children)
    touch(plan)
    return kpi


@transaction.atomic
def kpi_delete(*, plan: Plan, kpi: Kpi, expected_version: int) -> None:
    _require_editable(plan)
    check_version(kpi, expected_version=expected_version)
    kpi_services.kpi_delete(kpi=kpi)
    touch(plan)


@transaction.atomic
def project_save(
    *,
    plan: Plan,
    project: Project | None,
    expected_version: int | None,
    fields: dict[str, Any],
    owner_units: Iterable,
    nodes: Iterable,
    policies: Iterable,
    kpis: Iterable,
    primary_kpi: Kpi | None,
    budget_lines: list[dict[str, Any]],
    steps: list[dict[str, Any]],
) -> Project:
    """Create or update a project with its links, budget lines and steps, all or nothing."""
    _require_editable(plan)
    kpis = list(kpis)
    if primary_kpi is not None and primary_kpi not in kpis:
        kpis.append(primary_kpi)
    children = {
        "owner_units": list(owner_units),
        "nodes": list(nodes),
        "policies": list(policies),
        "kpis": kpis,
        "primary_kpi": primary_kpi,
        "budget_lines": budget_lines,
        "steps": steps,
    }
    if project is None:
        fields = dict(fields)
        code, name, part = fields.pop("code"), fields.pop("name_th"), fields.pop("part")
        project = project_services.project_create(
            plan=plan, code=code, name_th=name, part=part, **fields, **children
        )
    else:
        check_version(project, expected_version=expected_version or 0)
        project = project_services.project_update(project=project, data=fields, **children)
    touch(plan)
    return project


@transaction.atomic
def project_delete(*, plan: Plan, project: Project, expected_version: int) -> None:
    _require_editable(plan)
    check_version(project, expected_version=expected_version)
    project_services.project_delete(project=project)
    touch(plan)


# --- workflow ---------------------------------------------------------------------------------


class SubmitBlocked(Exception):
    """Submission refused: the plan still has blocking errors (listed)."""

    def __init__(self, issues):
        self.issues = issues
        super().__init__(f"แผนยังมีข้อผิดพลาด {len(issues)} รายการ")


def submission_issues(plan: Plan) -> list:
    """What the submission check shows: ``plan_issues`` plus the editor's own warnings."""
    from core.validation import Issue
    from plans.validation import plan_issues

    from .models import ReviewComment, RevisitMark
    from .selectors import plan_totals

    issues = list(plan_issues(plan))
    if not Kpi.objects.filter(plan=plan).exists():
        issues.append(Issue("no_kpis", "แผนยังไม่มีตัวชี้วัด", "plan", severity="warning"))
    totals = plan_totals(plan)
    for key in totals.mismatches:
        issues.append(
            Issue(
                "stated_total_mismatch",
                f"ยอดรวมส่วนที่ {key[-1]} ที่ระบุไว้ไม่ตรงกับยอดคำนวณ",
                "totals",
                severity="warning",
            )
        )
    for c in ReviewComment.objects.filter(plan=plan, resolved_at__isnull=True):
        issues.append(
            Issue(
                "open_comment",
                f"ความเห็นของผู้พิจารณายังไม่ได้ทำเครื่องหมายว่าแก้ไขแล้ว: {c.text_th[:80]}",
                c.item,
                severity="warning",
            )
        )
    for mark in RevisitMark.objects.filter(plan=plan, resolved_at__isnull=True):
        issues.append(
            Issue(
                "revisit",
                f"ยังไม่ได้ทบทวน ({mark.item_label or mark.item}): {mark.reason_th}",
                mark.item,
                severity="warning",
            )
        )
    return issues


@transaction.atomic
def plan_submit(*, plan: Plan, user) -> Plan:
    from plans.services import plan_set_status

    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    errors = [i for i in submission_issues(plan) if i.severity == "error"]
    if errors:
        raise SubmitBlocked(errors)
    return plan_set_status(plan=plan, status="submitted", user=user)


@transaction.atomic
def comment_add(*, plan: Plan, user, item: str, text: str, label: str = ""):
    from .models import ReviewComment

    text = (text or "").strip()
    if not text:
        raise ValidationError({"text_th": "กรุณาพิมพ์ความเห็น"})
    return ReviewComment.objects.create(
        plan=plan,
        item=item or "plan",
        item_label=label[:255],
        text_th=text,
        author=user,
        revision=plan.revision,
    )


@transaction.atomic
def comment_resolve(*, comment, user) -> None:
    comment.resolved_at = timezone.now()
    comment.resolved_by = user
    comment.save(update_fields=["resolved_at", "resolved_by"])


@transaction.atomic
def mark_resolve(*, mark, user) -> None:
    mark.resolved_at = timezone.now()
    mark.resolved_by = user
    mark.save(update_fields=["resolved_at", "resolved_by"])


@transaction.atomic
def plan_return(*, plan: Plan, user, note: str = "") -> Plan:
    """The analyst sends the plan back; item comments were written during the review."""
    from plans.services import plan_set_status

    from .models import ReviewComment

    if note.strip():
        comment_add(plan=plan, user=user, item="plan", text=note, label="ภาพรวมของแผน")
    elif not ReviewComment.objects.filter(plan=plan, resolved_at__isnull=True).exists():
        raise ValidationError({"note": "กรุณาระบุความเห็นอย่างน้อยหนึ่งรายการก่อนส่งกลับ"})
    return plan_set_status(plan=plan, status="returned", user=user)


def _snapshot(plan: Plan, *, user, note: str):
    from plans.interchange.exporter import export_plan_document
    from plans.models import PlanRevision

    revision, _ = PlanRevision.objects.update_or_create(
        plan=plan,
        number=plan.revision,
        defaults={"snapshot": export_plan_document(plan), "note": note, "created_by": user},
    )
    return revision


@transaction.atomic
def plan_approve(*, plan: Plan, user, note: str = "") -> Plan:
    """Approve and freeze this version as a ``PlanRevision`` snapshot (interchange format)."""
    from plans.services import plan_set_status

    plan = plan_set_status(plan=plan, status="approved", user=user)
    _snapshot(plan, user=user, note=note or "อนุมัติ")
    return plan


@transaction.atomic
def plan_revise(*, plan: Plan, user, note: str = "") -> Plan:
    """Open a new version of an approved plan: the approved one stays frozen as a snapshot."""
    from django.db.models import F

    from plans.models import PlanRevision

    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if locked.status != "approved":
        raise ValidationError("ปรับแผนได้เฉพาะแผนที่อนุมัติแล้ว")
    if not PlanRevision.objects.filter(plan=locked, number=locked.revision).exists():
        _snapshot(locked, user=user, note="ฉบับที่อนุมัติก่อนปรับแผน")
    Plan.objects.filter(pk=plan.pk).update(
        status="draft",
        revision=F("revision") + 1,
        version=F("version") + 1,
        submitted_at=None,
        updated_at=timezone.now(),
    )
    plan.refresh_from_db()
    return plan


# --- creating a plan, optionally from last year's ---------------------------------------------


@transaction.atomic
def plan_create_from(
    *,
    org_unit,
    fiscal_year: int,
    framework,
    title_th: str,
    source: Plan | None = None,
    user=None,
) -> Plan:
    """A new draft plan; from ``source`` (last year's) its content is carried forward and every
    item that needs a new look gets a revisit mark."""
    from plans.interchange.exporter import export_plan_document
    from plans.interchange.importer import import_plan_document
    from plans.services import plan_create

    from .carry import carry_forward
    from .models import RevisitMark

    if Plan.objects.filter(org_unit=org_unit, fiscal_year=fiscal_year).exists():
        raise ValidationError({"fiscal_year": "หน่วยงานนี้มีแผนของปีงบประมาณนี้อยู่แล้ว"})
    plan = plan_create(
        org_unit=org_unit, fiscal_year=fiscal_year, framework=framework, title_th=title_th
    )
    if source is None:
        return plan
    document, marks = carry_forward(
        export_plan_document(source), export_plan_document(plan), fiscal_year=fiscal_year
    )
    report = import_plan_document(document=document, user=user)
    if not report.ok:
        first = "; ".join(f"{e['path']}: {e['message']}" for e in report.errors[:3])
        raise ValidationError(f"คัดลอกแผนปีที่แล้วไม่สำเร็จ: {first}")
    RevisitMark.objects.bulk_create(
        RevisitMark(plan=plan, item=item, item_label=label[:255], reason_th=reason[:255])
        for item, label, reason in marks
    )
    plan.refresh_from_db()
    return plan
