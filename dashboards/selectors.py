"""Dashboard reads: BMA overview, framework and policy roll-ups, unit and KPI pages.

Every function runs a fixed number of queries whatever the number of units, KPIs or reports
(pinned in tests/dashboards). Scores come from ``scoring.selectors`` (the same numbers the API
serves); money from budget lines (counted statuses, the plan year) and the latest counting
project report (``disbursed`` is cumulative). The public view passes ``public=True``: approved
plans and verified reports only (``accounts.scope.public_*``).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from accounts.scope import PUBLIC_REPORT_STATUSES, plans_visible_to, public_plans
from core.fiscal import fiscal_month, fiscal_months
from frameworks.models import Framework, FrameworkNode, Policy
from kpis.models import Kpi, ScaleLevel, YearValueKind
from orgs.models import OrgUnit
from plans.models import Plan
from plans.selectors import plan_budget_totals
from progress.models import EvidenceFile, KpiReport, ProjectReport
from projects.models import COUNTED_STATUSES, BudgetLine, Project, ProjectKind, WorkStep
from scoring import engine
from scoring.selectors import COUNTING_STATUSES, Rollup, kpi_results, plan_scores, q2

ZERO = Decimal("0.00")
STATUSES = ("on_track", "at_risk", "off_track", "no_data")
STATUS_LABELS = {
    "on_track": "ตามเป้าหมาย",
    "at_risk": "เสี่ยง",
    "off_track": "ไม่เป็นไปตามเป้าหมาย",
    "no_data": "ไม่มีข้อมูล",
}
LEVEL_BUCKETS = ("0", "1", "2", "3", "4", "5")


@dataclass
class Filters:
    """What the URL asks for: year (BE), month (CE ``YYYY-MM``), unit subtree, node, policy."""

    year: int
    period: str
    unit: OrgUnit | None = None
    node: FrameworkNode | None = None
    policy: Policy | None = None
    dimension: str = ""
    public: bool = False
    user: object = None

    @property
    def statuses(self):
        return PUBLIC_REPORT_STATUSES if self.public else COUNTING_STATUSES

    @property
    def months(self):
        return fiscal_months(self.year)

    @property
    def month(self):
        return fiscal_month(self.period)


@dataclass
class Money:
    allocated: Decimal = ZERO
    disbursed: Decimal = ZERO

    @property
    def percent(self) -> Decimal | None:
        return (self.disbursed / self.allocated * 100).quantize(ZERO) if self.allocated else None


@dataclass
class NodeRow:
    key: object
    rollup: Rollup
    money: Money = field(default_factory=Money)
    project_ids: set = field(default_factory=set)


# ---------------------------------------------------------------- shared reads


def year_plans(f: Filters) -> list[Plan]:
    qs = Plan.objects.filter(fiscal_year=f.year).select_related("org_unit")
    qs = public_plans(qs) if f.public else plans_visible_to(f.user, qs)
    if f.unit is not None:
        qs = qs.filter(org_unit__path__startswith=f.unit.path)
    return list(qs.order_by("org_unit__path"))


def _kpi_filter(f: Filters) -> Q:
    q = Q()
    if f.node is not None:
        q &= Q(nodes__path__startswith=f.node.path) | Q(
            adoption__node__path__startswith=f.node.path
        )
    if f.policy is not None:
        q &= Q(policies=f.policy)
    elif f.dimension:
        q &= Q(policies__dimension_th=f.dimension)
    return q


def _report_kpi_filter(f: Filters) -> Q:
    extra = _kpi_filter(f)
    return Q(kpi__in=Kpi.objects.filter(extra).values("pk")) if extra else Q()


def _project_filter(f: Filters) -> Q:
    q = Q()
    if f.node is not None:
        q &= Q(nodes__path__startswith=f.node.path)
    if f.policy is not None:
        q &= Q(policies=f.policy)
    elif f.dimension:
        q &= Q(policies__dimension_th=f.dimension)
    return q


def filtered_kpis(f: Filters, plan_ids: list[int]) -> list[Kpi]:
    qs = Kpi.objects.filter(plan_id__in=plan_ids)
    extra = _kpi_filter(f)
    if extra:
        qs = qs.filter(pk__in=Kpi.objects.filter(extra).values("pk"))
    # Named rows rather than model instances: the overview reads thousands of KPIs.
    return list(
        qs.order_by("plan_id", "order", "code").values_list(
            "id", "plan_id", "code", "name_th", "weight", "component_id", "target_level", "order",
            named=True,
        )
    )  # fmt: skip


def _project_money(f: Filters, plan_ids: list[int]) -> dict[int, tuple[int, Money]]:
    """{project id: (plan id, Money)} for the plans' projects (two queries)."""
    projects = Project.objects.filter(plan_id__in=plan_ids)
    extra = _project_filter(f)
    if extra:
        projects = projects.filter(pk__in=Project.objects.filter(extra).values("pk"))
    budget = (
        BudgetLine.objects.filter(
            project__in=projects,
            fiscal_year=f.year,
            status__in=sorted(COUNTED_STATUSES),
            amount__isnull=False,
        )
        .values_list("project_id", "project__plan_id")
        .annotate(total=Sum("amount"))
    )
    out: dict[int, tuple[int, Money]] = {}
    for project_id, plan_id, total in budget:
        out[project_id] = (plan_id, Money(allocated=total or ZERO))
    latest = (
        ProjectReport.objects.filter(
            project__in=projects, status__in=f.statuses, period__lte=f.period
        )
        .order_by("project_id", "-period")
        .distinct("project_id")
        .values_list("project_id", "project__plan_id", "disbursed")
    )
    for project_id, plan_id, disbursed in latest:
        entry = out.setdefault(project_id, (plan_id, Money()))
        entry[1].disbursed = disbursed or ZERO
    return out


# ---------------------------------------------------------------- 1. overview


def overview(f: Filters) -> dict:
    plans = year_plans(f)
    plan_ids = [p.id for p in plans]
    kpis = filtered_kpis(f, plan_ids)
    results = kpi_results(kpis, f.period, statuses=f.statuses)
    per_plan = {p.id: Rollup(key=p.id) for p in plans}
    agreement = {p.id: Rollup(key=p.id) for p in plans}
    status_counts = dict.fromkeys(STATUSES, 0)
    levels = dict.fromkeys(LEVEL_BUCKETS, 0)
    for r in results:
        per_plan[r.plan_id].add(r)
        if r.component_id:
            agreement[r.plan_id].add(r)
        status_counts[r.status] = status_counts.get(r.status, 0) + 1
        if r.level is not None:
            levels[str(min(5, max(0, int(r.level))))] += 1
    money = _project_money(f, plan_ids)
    plan_money = defaultdict(Money)
    for plan_id, m in money.values():
        plan_money[plan_id].allocated += m.allocated
        plan_money[plan_id].disbursed += m.disbursed
    reported = dict(
        KpiReport.objects.filter(kpi__plan_id__in=plan_ids, period=f.period, status__in=f.statuses)
        .filter(_report_kpi_filter(f))
        .values_list("kpi__plan_id")
        .annotate(n=Count("id"))
    )
    expected = defaultdict(int)
    for k in kpis:
        expected[k.plan_id] += 1
    rows = []
    for p in plans:
        a = agreement[p.id]
        m = plan_money[p.id]
        rows.append(
            {
                "plan": p,
                "unit": p.org_unit,
                "weighted_level": q2(a.weighted_level),
                "total_score": q2(a.score_total),
                "max_score": q2(a.weight_total),
                "kpi_count": per_plan[p.id].kpi_count,
                "status_counts": {s: per_plan[p.id].status_counts.get(s, 0) for s in STATUSES},
                "allocated": m.allocated,
                "disbursed": m.disbursed,
                "disbursed_percent": m.percent,
                "expected": expected[p.id],
                "reported": reported.get(p.id, 0),
            }
        )
    rows.sort(
        key=lambda r: (
            r["weighted_level"] is None,
            -Decimal(r["weighted_level"] or 0),
            -Decimal(r["total_score"] or 0),
            r["unit"].code,
        )
    )
    rank = 0
    for r in rows:
        if r["weighted_level"] is not None:
            rank += 1
            r["rank"] = rank
        else:
            r["rank"] = None
    total = Money(
        allocated=sum((m.allocated for m in plan_money.values()), ZERO),
        disbursed=sum((m.disbursed for m in plan_money.values()), ZERO),
    )
    missing = [r for r in rows if r["reported"] < r["expected"]]
    missing.sort(key=lambda r: (r["reported"] / r["expected"], r["unit"].code))
    return {
        "rows": rows,
        "status_counts": status_counts,
        "levels": levels,
        "money": total,
        "kpi_count": len(results),
        "unit_count": len(plans),
        "missing": missing,
        "reported_units": len(rows) - len(missing),
    }


# ---------------------------------------------------------------- 2. framework and policies


def year_framework(year: int) -> Framework | None:
    candidates = Framework.objects.filter(kind="bma_annual", fiscal_year__lte=year).filter(
        Q(fiscal_year=year) | Q(last_fiscal_year__gte=year)
    )
    return candidates.order_by("-fiscal_year", "code").first()


def framework_view(f: Filters) -> dict:
    fw = year_framework(f.year)
    if fw is None:
        return {"framework": None}
    levels = list(fw.levels.order_by("order"))
    nodes = list(
        FrameworkNode.objects.filter(framework=fw)
        .select_related("level")
        .only(
            "id", "path", "parent_id", "code", "short_code", "name_th", "order", "level__label_th"
        )
        .order_by("path")
    )
    id_by_path = {n.path: n.id for n in nodes}
    unfiltered = Filters(**{**f.__dict__, "node": None})
    plans = year_plans(unfiltered)
    plan_ids = [p.id for p in plans]
    kpis = filtered_kpis(unfiltered, plan_ids)
    results = {r.kpi_id: r for r in kpi_results(kpis, f.period, statuses=f.statuses)}
    rows: dict[int, NodeRow] = {}

    def ancestors(paths):
        out = set()
        for path in paths:
            for end in range(10, len(path) + 1, 10):
                node_id = id_by_path.get(path[:end])
                if node_id:
                    out.add(node_id)
        return out

    kpi_paths = defaultdict(set)
    for kpi_id, path in Kpi.nodes.through.objects.filter(
        kpi_id__in=results, frameworknode__framework=fw
    ).values_list("kpi_id", "frameworknode__path"):
        kpi_paths[kpi_id].add(path)
    for kpi_id, path in Kpi.objects.filter(
        pk__in=results, adoption__node__framework=fw
    ).values_list("id", "adoption__node__path"):
        kpi_paths[kpi_id].add(path)
    kpis_by_node = defaultdict(list)
    for kpi_id, paths in kpi_paths.items():
        for node_id in ancestors(paths):
            row = rows.setdefault(node_id, NodeRow(key=node_id, rollup=Rollup(key=node_id)))
            row.rollup.add(results[kpi_id])
            kpis_by_node[node_id].append(kpi_id)
    money = _project_money(unfiltered, plan_ids)
    project_paths = defaultdict(set)
    for project_id, path in Project.nodes.through.objects.filter(
        project__plan_id__in=plan_ids, frameworknode__framework=fw
    ).values_list("project_id", "frameworknode__path"):
        project_paths[project_id].add(path)
    for project_id, paths in project_paths.items():
        if project_id not in money:
            continue
        m = money[project_id][1]
        for node_id in ancestors(paths):
            row = rows.setdefault(node_id, NodeRow(key=node_id, rollup=Rollup(key=node_id)))
            row.money.allocated += m.allocated
            row.money.disbursed += m.disbursed
    selected = f.node if f.node is not None and f.node.framework_id == fw.id else None
    parent_id = selected.id if selected else None
    children = [n for n in nodes if n.parent_id == parent_id]
    kpi_by_id = {k.id: k for k in kpis}
    plan_by_id = {p.id: p for p in plans}
    node_kpis = []
    if selected is not None:
        for kpi_id in kpis_by_node.get(selected.id, [])[:200]:
            k = kpi_by_id[kpi_id]
            node_kpis.append({"kpi": k, "plan": plan_by_id[k.plan_id], "result": results[kpi_id]})
        node_kpis.sort(key=lambda x: (x["plan"].org_unit.code, x["kpi"].order, x["kpi"].code))
    empty = NodeRow(key=None, rollup=Rollup(key=None))
    return {
        "framework": fw,
        "levels": levels,
        "selected": selected,
        "selected_row": rows.get(selected.id, empty) if selected else None,
        "trail": [n for n in nodes if selected and selected.path.startswith(n.path)],
        "children": [{"node": n, "row": rows.get(n.id, empty)} for n in children],
        "node_kpis": node_kpis,
    }


def policy_view(f: Filters) -> dict:
    plans = year_plans(Filters(**{**f.__dict__, "policy": None, "dimension": ""}))
    plan_ids = [p.id for p in plans]
    base = Filters(**{**f.__dict__, "policy": None, "dimension": ""})
    kpis = filtered_kpis(base, plan_ids)
    results = {r.kpi_id: r for r in kpi_results(kpis, f.period, statuses=f.statuses)}
    policies = list(Policy.objects.order_by("code"))
    by_code = {p.code: p for p in policies}
    rows: dict[str, NodeRow] = {}
    dims: dict[str, NodeRow] = {}
    kpis_by_policy = defaultdict(list)
    dim_kpis = defaultdict(set)
    for kpi_id, code in Kpi.policies.through.objects.filter(kpi_id__in=results).values_list(
        "kpi_id", "policy__code"
    ):
        rows.setdefault(code, NodeRow(key=code, rollup=Rollup(key=code))).rollup.add(
            results[kpi_id]
        )
        kpis_by_policy[code].append(kpi_id)
        dim = by_code[code].dimension_th or "-"
        if kpi_id not in dim_kpis[dim]:
            dim_kpis[dim].add(kpi_id)
            dims.setdefault(dim, NodeRow(key=dim, rollup=Rollup(key=dim))).rollup.add(
                results[kpi_id]
            )
    money = _project_money(base, plan_ids)
    dim_projects = defaultdict(set)
    for project_id, code in Project.policies.through.objects.filter(
        project__plan_id__in=plan_ids
    ).values_list("project_id", "policy__code"):
        if project_id not in money:
            continue
        m = money[project_id][1]
        row = rows.setdefault(code, NodeRow(key=code, rollup=Rollup(key=code)))
        row.money.allocated += m.allocated
        row.money.disbursed += m.disbursed
        dim = by_code[code].dimension_th or "-"
        if project_id not in dim_projects[dim]:
            dim_projects[dim].add(project_id)
            drow = dims.setdefault(dim, NodeRow(key=dim, rollup=Rollup(key=dim)))
            drow.money.allocated += m.allocated
            drow.money.disbursed += m.disbursed
    empty = NodeRow(key=None, rollup=Rollup(key=None))
    dimension = f.policy.dimension_th if f.policy else f.dimension
    dimension_names = sorted({p.dimension_th or "-" for p in policies})
    kpi_by_id = {k.id: k for k in kpis}
    plan_by_id = {p.id: p for p in plans}
    policy_kpis = []
    if f.policy is not None:
        for kpi_id in kpis_by_policy.get(f.policy.code, [])[:200]:
            k = kpi_by_id[kpi_id]
            policy_kpis.append({"kpi": k, "plan": plan_by_id[k.plan_id], "result": results[kpi_id]})
    return {
        "dimensions": [{"name": d, "row": dims.get(d, empty)} for d in dimension_names],
        "dimension": dimension,
        "policy": f.policy,
        "policies": [
            {"policy": p, "row": rows.get(p.code, empty)}
            for p in policies
            if dimension and (p.dimension_th or "-") == dimension
        ],
        "policy_row": rows.get(f.policy.code, empty) if f.policy else None,
        "policy_kpis": policy_kpis,
    }


# ---------------------------------------------------------------- 3. unit page


def unit_view(plan: Plan, f: Filters) -> dict:
    scores = plan_scores(plan, f.period, statuses=f.statuses)
    kpis = {
        k.id: k
        for k in Kpi.objects.filter(plan=plan).only(
            "id", "code", "name_th", "weight", "component_id", "target_level"
        )
    }
    months = [m for m in f.months if m.period <= f.period]
    # Monthly trend of the agreement score: carry each KPI's latest counting report forward.
    agreement = {k.id: k for k in kpis.values() if k.component_id}
    by_kpi = defaultdict(list)
    for kpi_id, period, score in (
        KpiReport.objects.filter(
            kpi_id__in=list(agreement), status__in=f.statuses, period__lte=f.period
        )
        .order_by("kpi_id", "period")
        .values_list("kpi_id", "period", "score")
    ):
        by_kpi[kpi_id].append((period, score))
    trend = []
    for m in months:
        total = weight = ZERO
        for kpi_id, reports in by_kpi.items():
            latest = [s for p, s in reports if p <= m.period]
            k = agreement[kpi_id]
            if latest and latest[-1] is not None and k.weight:
                total += latest[-1]
                weight += k.weight
        trend.append(
            {
                "month": m,
                "total_score": q2(total),
                "weighted_level": q2(total / weight * 5) if weight else None,
            }
        )
    # Projects: disbursement trend and progress against the Gantt.
    projects = list(
        Project.objects.filter(plan=plan)
        .exclude(kind=ProjectKind.ROUTINE_ITEM)
        .only("id", "code", "name_th", "part", "order")
        .order_by("part", "order", "code")
    )
    all_reports = defaultdict(list)
    for project_id, period, disbursed, progress in (
        ProjectReport.objects.filter(plan_filter(plan), status__in=f.statuses, period__lte=f.period)
        .order_by("project_id", "period")
        .values_list("project_id", "period", "disbursed", "progress_percent")
    ):
        all_reports[project_id].append((period, disbursed, progress))
    budget = plan_budget_totals(plan)
    disbursement = []
    for m in months:
        spent = ZERO
        for reports in all_reports.values():
            latest = [d for p, d, _ in reports if p <= m.period]
            if latest and latest[-1] is not None:
                spent += latest[-1]
        disbursement.append({"month": m, "disbursed": spent})
    steps = defaultdict(list)
    for s in WorkStep.objects.filter(project__plan=plan).only(
        "project_id", "order", "weight", "planned_months"
    ):
        steps[s.project_id].append(
            engine.PlannedStep(order=s.order, weight=s.weight, planned_months=s.planned_months)
        )
    behind = []
    for p in projects:
        if not steps.get(p.id):
            continue
        planned = engine.planned_progress(steps[p.id], f.period)
        reports = all_reports.get(p.id, [])
        actual = reports[-1][2] if reports else ZERO
        if actual < planned:
            behind.append(
                {"project": p, "planned": planned, "actual": actual, "gap": planned - actual}
            )
    behind.sort(key=lambda x: -x["gap"])
    # At-risk KPIs with their latest problems text.
    risky = [
        kpi
        for c in scores["components"]
        for kpi in c["kpis"]
        if kpi["status"] in ("at_risk", "off_track")
    ]
    problems = {
        kpi_id: (period, text)
        for kpi_id, period, text in KpiReport.objects.filter(
            kpi_id__in=[r["kpi"] for r in risky], status__in=f.statuses, period__lte=f.period
        )
        .order_by("kpi_id", "-period")
        .distinct("kpi_id")
        .values_list("kpi_id", "period", "problems_th")
    }
    at_risk = [
        {
            "kpi": kpis[r["kpi"]],
            "status": r["status"],
            "level": r["level"],
            "problems": problems.get(r["kpi"], (None, ""))[1],
            "period": problems.get(r["kpi"], (None, ""))[0],
        }
        for r in risky
    ]
    for c in scores["components"]:
        for row in c["kpis"]:
            row["name_th"] = kpis[row["kpi"]].name_th
    return {
        "scores": scores,
        "trend": trend,
        "disbursement": disbursement,
        "budget": budget,
        "behind": behind,
        "at_risk": at_risk,
        "project_count": len(projects),
    }


def plan_filter(plan: Plan) -> Q:
    return Q(project__plan=plan)


# ---------------------------------------------------------------- 4. KPI page


def _target_number(value) -> Decimal | None:
    if not isinstance(value, dict):
        return None
    for candidate in (value.get("value"), *(p.get("value") for p in value.get("parts") or [])):
        try:
            if candidate not in (None, ""):
                return Decimal(str(candidate))
        except ArithmeticError:
            continue
    return None


def kpi_view(kpi: Kpi, f: Filters) -> dict:
    plan = kpi.plan
    [result] = kpi_results([kpi], f.period, statuses=f.statuses) or [None]
    levels = list(ScaleLevel.objects.filter(kpi=kpi, part__isnull=True).order_by("level"))
    year_values = {
        (v.kind, v.fiscal_year): v
        for v in kpi.year_values.filter(fiscal_year__in=[plan.fiscal_year, plan.fiscal_year - 1])
    }
    target = year_values.get((YearValueKind.TARGET, plan.fiscal_year))
    baseline = year_values.get((YearValueKind.BASELINE, plan.fiscal_year - 1))
    target_number = _target_number(target.value) if target else None
    reports = list(
        KpiReport.objects.filter(kpi=kpi, status__in=f.statuses)
        .select_related("submitted_by", "verified_by")
        .order_by("period")
    )
    evidence = defaultdict(list)
    for e in EvidenceFile.objects.filter(kpi_report__in=reports).only(
        "id", "kpi_report_id", "original_name", "size", "content_type"
    ):
        evidence[e.kpi_report_id].append(e)
    for r in reports:
        r.evidence_files = evidence.get(r.id, [])
        r.month = fiscal_month(r.period)
    by_period = {r.period: r for r in reports}
    series = [
        {
            "month": m,
            "actual": by_period[m.period].actual_value if m.period in by_period else None,
            "level": by_period[m.period].level if m.period in by_period else None,
            "score": by_period[m.period].score if m.period in by_period else None,
        }
        for m in f.months
    ]
    return {
        "kpi": kpi,
        "plan": plan,
        "result": result,
        "levels": levels,
        "target": target,
        "baseline": baseline,
        "target_number": target_number,
        "reports": list(reversed(reports)),
        "series": series,
    }


def evidence_for(evidence_id: int) -> EvidenceFile | None:
    return (
        EvidenceFile.objects.select_related(
            "kpi_report__kpi__plan__org_unit", "project_report__project__plan__org_unit"
        )
        .filter(pk=evidence_id)
        .first()
    )


def unit_choices(f: Filters) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(depth__lte=1).only("id", "code", "name_th", "path", "depth")
