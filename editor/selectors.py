"""Reads for the plan editor: the whole outline of a plan and its running totals.

Everything is fetched in a fixed number of queries whatever the plan's size (the editor of the
largest seed plan is pinned by a query-count test, tests/ui/test_editor_queries.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Sum

from frameworks.models import FrameworkNode
from kpis.models import Kpi, KpiYearValue, PlanPart, YearValueKind
from plans.models import (
    Adoption,
    Component,
    Plan,
    PlanSection,
    SwotItem,
    SwotQuadrant,
    TowsQuadrant,
    TowsStrategy,
)
from plans.selectors import plan_budget_totals
from projects.models import COUNTED_STATUSES, BudgetLine, BudgetStatus, Project, WorkStep

from .models import ReviewComment, RevisitMark

ZERO = Decimal("0.00")
HUNDRED = Decimal("100")
PART_LABELS = dict(PlanPart.choices)


@dataclass
class PartBlock:
    number: int
    label: str
    kpis: list = field(default_factory=list)
    projects: list = field(default_factory=list)
    adoptions: list = field(default_factory=list)


@dataclass
class Totals:
    budget: dict[str, Decimal]
    stated: dict[str, Decimal | None]
    mismatches: list[str]
    by_node: list[dict]
    components: list[dict]
    component_total: Decimal
    warnings: list[str]

    @property
    def warning_count(self) -> int:
        return len(self.warnings)


def _dec(value) -> Decimal | None:
    try:
        return None if value in (None, "") else Decimal(str(value))
    except ArithmeticError:
        return None


def plan_totals(plan: Plan) -> Totals:
    """Budget by part and by framework node (over distinct projects) and component weights."""
    budget = plan_budget_totals(plan)
    stated = {k: _dec(v) for k, v in (plan.stated_totals or {}).items()}
    warnings: list[str] = []
    mismatches: list[str] = []
    for key in ("part1", "part2", "part3"):
        if stated.get(key) is not None and stated[key] != budget[key]:
            mismatches.append(key)
            warnings.append(
                f"ยอดรวมส่วนที่ {key[-1]} ตามเอกสาร {stated[key]:,.2f} บาท "
                f"ไม่ตรงกับยอดคำนวณ {budget[key]:,.2f} บาท"
            )

    # Budget by node: a project counts once under every node it (or a descendant) links to.
    amounts = dict(
        BudgetLine.objects.filter(
            project__plan=plan,
            fiscal_year=plan.fiscal_year,
            status__in=sorted(COUNTED_STATUSES),
            amount__isnull=False,
        )
        .values("project_id")
        .annotate(total=Sum("amount"))
        .values_list("project_id", "total")
    )
    links = list(
        Project.nodes.through.objects.filter(project__plan=plan).values_list(
            "project_id", "frameworknode__path"
        )
    )
    paths_of_project: dict[int, set[str]] = defaultdict(set)
    for project_id, path in links:
        for end in range(10, len(path) + 1, 10):
            paths_of_project[project_id].add(path[:end])
    node_sum: dict[str, Decimal] = defaultdict(Decimal)
    node_count: dict[str, int] = defaultdict(int)
    for project_id, paths in paths_of_project.items():
        for path in paths:
            node_sum[path] += amounts.get(project_id, ZERO)
            node_count[path] += 1
    by_node = []
    if node_sum:
        for n in (
            FrameworkNode.objects.filter(path__in=list(node_sum))
            .order_by("framework__kind", "path")
            .values("path", "depth", "code", "short_code", "name_th", "framework__code")
        ):
            by_node.append(
                {
                    **n,
                    "amount": node_sum[n["path"]].quantize(ZERO),
                    "projects": node_count[n["path"]],
                }
            )

    # Component weights: parent = sum of children; leaf = sum of its KPI weights.
    comps = list(Component.objects.filter(plan=plan).order_by("order", "code"))
    kpi_sums = {
        row["component_id"]: row
        for row in Kpi.objects.filter(plan=plan, component__isnull=False)
        .values("component_id")
        .annotate(total=Sum("weight"), n=Count("id"))
    }
    children: dict[int, list[Component]] = defaultdict(list)
    for c in comps:
        if c.parent_id:
            children[c.parent_id].append(c)
    components = []
    for c in comps:
        if children.get(c.id):
            total = sum((ch.weight for ch in children[c.id]), Decimal(0))
            basis = "children"
        else:
            row = kpi_sums.get(c.id)
            total = (row["total"] or Decimal(0)) if row else Decimal(0)
            basis = "kpis"
        ok = total == c.weight
        if not ok:
            what = "องค์ประกอบย่อย" if basis == "children" else "ตัวชี้วัด"
            warnings.append(f"องค์ประกอบ {c.code}: น้ำหนัก {c.weight:g} แต่{what}รวมกันได้ {total:g}")
        components.append(
            {"obj": c, "total": total, "ok": ok, "basis": basis, "depth": 1 if c.parent_id else 0}
        )
    top_total = sum((c.weight for c in comps if not c.parent_id), Decimal(0))
    return Totals(
        budget=budget,
        stated=stated,
        mismatches=mismatches,
        by_node=by_node,
        components=components,
        component_total=top_total,
        warnings=warnings,
    )


@dataclass
class Outline:
    plan: Plan
    sections: list[PlanSection]
    swot: list[tuple[str, str, list[SwotItem]]]
    tows: list[tuple[str, str, list[TowsStrategy]]]
    adoptions: list[Adoption]
    components: list[Component]
    parts: list[PartBlock]
    agreement_kpis: list[Kpi]
    comments: dict[str, list[ReviewComment]]
    open_comments: list[ReviewComment]
    revisit: dict[str, list[RevisitMark]]
    open_revisit: list[RevisitMark]


def project_rows(plan: Plan, qs=None) -> list[Project]:
    """Projects with their plan-year budget, budget label and step totals attached."""
    qs = Project.objects.filter(plan=plan) if qs is None else qs
    projects = list(qs.prefetch_related("owner_units").order_by("part", "order", "code"))
    ids = [p.pk for p in projects]
    lines: dict[int, list] = defaultdict(list)
    for row in BudgetLine.objects.filter(project_id__in=ids, fiscal_year=plan.fiscal_year).values(
        "project_id", "amount", "status"
    ):
        lines[row["project_id"]].append(row)
    steps = {
        row["project_id"]: row
        for row in WorkStep.objects.filter(project_id__in=ids)
        .values("project_id")
        .annotate(total=Sum("weight"), n=Count("id"))
    }
    status_labels = dict(BudgetStatus.choices)
    for p in projects:
        rows = lines.get(p.pk, [])
        counted = [r["amount"] for r in rows if r["status"] in COUNTED_STATUSES and r["amount"]]
        p.budget_amount = sum(counted, ZERO) if counted else None
        others = [
            str(status_labels[r["status"]]) for r in rows if r["status"] not in COUNTED_STATUSES
        ]
        p.budget_label = ", ".join(dict.fromkeys(others))
        s = steps.get(p.pk)
        p.step_count = s["n"] if s else 0
        p.step_total = (s["total"] or ZERO) if s else ZERO
        p.steps_ok = p.step_count == 0 or p.step_total == HUNDRED
    return projects


def kpi_rows(plan: Plan, qs=None) -> list[Kpi]:
    qs = Kpi.objects.filter(plan=plan) if qs is None else qs
    return list(
        qs.select_related("component", "adoption__node")
        .prefetch_related(
            Prefetch(
                "year_values",
                queryset=KpiYearValue.objects.filter(
                    kind=YearValueKind.TARGET, fiscal_year=plan.fiscal_year
                ),
                to_attr="targets_this_year",
            )
        )
        .order_by("part", "order", "code")
    )


def plan_outline(plan: Plan) -> Outline:
    sections = list(
        PlanSection.objects.filter(plan=plan)
        .select_related("framework_node")
        .order_by("order", "key")
    )
    swot_items = list(SwotItem.objects.filter(plan=plan).order_by("order", "pk"))
    swot = [
        (q, str(label), [s for s in swot_items if s.quadrant == q])
        for q, label in SwotQuadrant.choices
    ]
    tows_items = list(TowsStrategy.objects.filter(plan=plan).order_by("quadrant", "order", "pk"))
    tows = [
        (q, str(label), [t for t in tows_items if t.quadrant == q])
        for q, label in TowsQuadrant.choices
    ]
    adoptions = list(
        Adoption.objects.filter(plan=plan)
        .select_related("node__framework", "node__level")
        .prefetch_related("lead_units", "supporting_units")
        .order_by("order", "pk")
    )
    components = list(Component.objects.filter(plan=plan).order_by("order", "code"))
    kpis = kpi_rows(plan)
    projects = project_rows(plan)
    parts = [PartBlock(number=n, label=str(label)) for n, label in PlanPart.choices]
    by_number = {b.number: b for b in parts}
    for k in kpis:
        if k.part in by_number:
            by_number[k.part].kpis.append(k)
    for p in projects:
        if p.part in by_number:
            by_number[p.part].projects.append(p)
    by_number[1].adoptions = adoptions
    comments: dict[str, list[ReviewComment]] = defaultdict(list)
    all_comments = list(
        ReviewComment.objects.filter(plan=plan).select_related("author").order_by("created_at")
    )
    for c in all_comments:
        comments[c.item].append(c)
    revisit: dict[str, list[RevisitMark]] = defaultdict(list)
    marks = list(RevisitMark.objects.filter(plan=plan, resolved_at__isnull=True))
    for m in marks:
        revisit[m.item].append(m)
    return Outline(
        plan=plan,
        sections=sections,
        swot=swot,
        tows=tows,
        adoptions=adoptions,
        components=components,
        parts=parts,
        agreement_kpis=[k for k in kpis if k.component_id],
        comments=dict(comments),
        open_comments=[c for c in all_comments if c.resolved_at is None],
        revisit=dict(revisit),
        open_revisit=marks,
    )
