"""Whole-plan checks that span rows: what a planner must fix before submitting.

Single-row rules live in model ``clean()`` and database constraints; the rules here need
several rows at once (weights that must add up, steps that must reach 100). Each returns
``Issue`` objects with a Thai message instead of raising, so a form can list all of them.
"""

from collections import defaultdict
from decimal import Decimal

from core.fiscal import period_in_fiscal_year
from core.validation import Issue
from kpis.models import Kpi
from projects.models import WorkStep

from .models import Component, Plan

HUNDRED = Decimal("100")


def _fmt(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:.2f}"


def component_weight_issues(plan: Plan) -> list[Issue]:
    """A parent's weight is the sum of its children; a leaf's is the sum of its KPI weights."""
    components = list(Component.objects.filter(plan=plan).order_by("order", "code"))
    children: dict[int, list[Component]] = defaultdict(list)
    for c in components:
        if c.parent_id:
            children[c.parent_id].append(c)
    kpi_sums: dict[int, Decimal] = defaultdict(Decimal)
    kpi_counts: dict[int, int] = defaultdict(int)
    for component_id, weight in Kpi.objects.filter(plan=plan, component__isnull=False).values_list(
        "component_id", "weight"
    ):
        kpi_sums[component_id] += weight or Decimal(0)
        kpi_counts[component_id] += 1

    issues = []
    for c in components:
        if children.get(c.id):
            total = sum((ch.weight for ch in children[c.id]), Decimal(0))
            if total != c.weight:
                issues.append(
                    Issue(
                        "component_children_weight",
                        f"องค์ประกอบ {c.code} มีน้ำหนัก {_fmt(c.weight)} แต่องค์ประกอบย่อยรวมกันได้ "
                        f"{_fmt(total)}",
                        f"component:{c.code}",
                    )
                )
        elif kpi_counts.get(c.id):
            total = kpi_sums[c.id]
            if total != c.weight:
                issues.append(
                    Issue(
                        "component_kpi_weight",
                        f"น้ำหนักตัวชี้วัดในองค์ประกอบ {c.code} รวมกันได้ {_fmt(total)} "
                        f"ไม่เท่ากับน้ำหนักขององค์ประกอบ ({_fmt(c.weight)})",
                        f"component:{c.code}",
                    )
                )
        else:
            issues.append(
                Issue(
                    "component_empty",
                    f"องค์ประกอบ {c.code} ยังไม่มีตัวชี้วัด",
                    f"component:{c.code}",
                    severity="warning",
                )
            )
    return issues


def step_weight_issues(plan: Plan) -> list[Issue]:
    """Each project's step weights must reach exactly 100; months must be in the year."""
    totals: dict[int, Decimal] = defaultdict(Decimal)
    codes: dict[int, str] = {}
    issues = []
    for step in (
        WorkStep.objects.filter(project__plan=plan)
        .select_related("project")
        .order_by("project__part", "project__order", "order")
    ):
        totals[step.project_id] += step.weight
        codes[step.project_id] = step.project.code
        outside = [m for m in step.planned_months if not period_in_fiscal_year(m, plan.fiscal_year)]
        if outside:
            issues.append(
                Issue(
                    "step_month_outside_year",
                    f"โครงการ {step.project.code} ขั้นที่ {step.order}: เดือน {', '.join(outside)} "
                    f"อยู่นอกปีงบประมาณ {plan.fiscal_year}",
                    f"project:{step.project.code}.steps[{step.order}]",
                )
            )
    for project_id, total in totals.items():
        if total != HUNDRED:
            issues.append(
                Issue(
                    "step_weights_not_100",
                    f"โครงการ {codes[project_id]}: ร้อยละของขั้นตอนรวมกันได้ {_fmt(total)} "
                    f"ต้องเท่ากับ 100 พอดี",
                    f"project:{codes[project_id]}.steps",
                )
            )
    return issues


def scale_issues(plan: Plan) -> list[Issue]:
    """Each KPI's scale: rubric levels 1–5 once each, bands ordered and not overlapping, step
    points summing to 100, composite parts adding up to the KPI's weight."""
    from scoring.adapters import load_scales
    from scoring.engine import validate_scale

    codes = dict(Kpi.objects.filter(plan=plan).values_list("id", "code"))
    issues = []
    for kpi_id, info in load_scales({"plan": plan}).items():
        code = codes[kpi_id]
        if info.kind == "manual" and not info.scale.levels:
            issues.append(
                Issue(
                    "manual_without_criteria",
                    f"ตัวชี้วัด {code} ยังไม่มีเกณฑ์การให้คะแนน 5 ระดับ (ผู้ประเมินจะเลือกระดับเอง)",
                    f"kpi:{code}.scale",
                    severity="warning",
                )
            )
            continue
        issues.extend(
            Issue(i.code, f"ตัวชี้วัด {code}: {i.message_th}", f"kpi:{code}.{i.path}")
            for i in validate_scale(info.scale, path="scale")
        )
    return issues


def plan_issues(plan: Plan) -> list[Issue]:
    """Everything that blocks (errors) or should be looked at (warnings) before submission."""
    return component_weight_issues(plan) + scale_issues(plan) + step_weight_issues(plan)
