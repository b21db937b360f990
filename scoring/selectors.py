"""Score roll-ups read from stored report scores: per KPI, component, plan, framework node,
policy and unit. A fixed number of queries whatever the number of KPIs or units.

Which report counts: the latest *submitted or verified* report at or before the period
(API.md). Drafts and returned reports never count. A KPI with no such report, or whose
report could not be scored, is listed as unscored — never counted as 0.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from core.fiscal import period_fiscal_year, period_index
from core.queries import ids_in
from kpis.models import Kpi
from plans.models import Component, Plan
from progress.models import KpiReport, ProjectReport, ReportStatus
from projects.models import ProjectKpi, WorkStep

from . import engine

COUNTING_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.VERIFIED)
TWO = Decimal("0.01")


def q2(value: Decimal | None) -> str | None:
    return None if value is None else str(Decimal(value).quantize(TWO))


@dataclass
class KpiResult:
    kpi_id: int
    plan_id: int
    code: str
    weight: Decimal | None
    component_id: int | None
    level: Decimal | None
    score: Decimal | None
    status: str
    report_id: int | None = None
    report_period: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def scored(self) -> bool:
        return self.level is not None


def latest_reports(
    kpi_ids: list[int], period: str | None, *, statuses=COUNTING_STATUSES
) -> dict[int, KpiReport]:
    """Latest counting report per KPI at or before ``period`` (one DISTINCT ON query).

    ``statuses`` narrows what counts (the public view counts verified reports only)."""
    qs = KpiReport.objects.filter(ids_in("kpi_id", kpi_ids), status__in=statuses)
    if period:
        qs = qs.filter(period__lte=period)
    qs = qs.order_by("kpi_id", "-period").distinct("kpi_id")
    # Named rows, not model instances: thousands of KPIs on a dashboard (same attributes).
    rows = qs.values_list("id", "kpi_id", "period", "level", "score", named=True)
    return {r.kpi_id: r for r in rows}


def _schedule(
    kpi_ids: list[int], period: str | None, statuses=COUNTING_STATUSES
) -> dict[int, tuple[int, int]]:
    """(steps planned to be done by the period, steps done) over each KPI's projects."""
    links = list(
        ProjectKpi.objects.filter(ids_in("kpi_id", kpi_ids)).values_list("kpi_id", "project_id")
    )
    if not links or not period:
        return {}
    project_ids = {p for _, p in links}
    steps = defaultdict(list)
    for s in WorkStep.objects.filter(project_id__in=project_ids).only(
        "project_id", "order", "weight", "planned_months"
    ):
        steps[s.project_id].append(
            engine.PlannedStep(order=s.order, weight=s.weight, planned_months=s.planned_months)
        )
    reports = (
        ProjectReport.objects.filter(
            project_id__in=project_ids, status__in=statuses, period__lte=period
        )
        .order_by("project_id", "-period")
        .distinct("project_id")
    )
    report_ids = {r.id: r.project_id for r in reports.only("id", "project_id")}
    done = defaultdict(int)
    through = ProjectReport.steps_done.through
    for row in through.objects.filter(projectreport_id__in=report_ids).values("projectreport_id"):
        done[report_ids[row["projectreport_id"]]] += 1
    result: dict[int, tuple[int, int]] = {}
    for kpi_id, project_id in links:
        if not steps.get(project_id):
            continue
        planned = engine.steps_planned_by(steps[project_id], period)
        p, d = result.get(kpi_id, (0, 0))
        result[kpi_id] = (p + planned, d + done[project_id])
    return result


def kpi_results(
    kpis: QuerySet[Kpi] | list[Kpi], period: str | None, *, statuses=COUNTING_STATUSES
) -> list[KpiResult]:
    """Level, score and status of each KPI for the period (a fixed number of queries)."""
    kpis = list(kpis)
    ids = [k.id for k in kpis]
    reports = latest_reports(ids, period, statuses=statuses)
    schedule = _schedule(ids, period, statuses)
    results = []
    for k in kpis:
        report = reports.get(k.id)
        level = report.level if report else None
        score = report.score if report else None
        weight = k.weight if k.weight is not None else Decimal(5)
        if report is None or level is None:
            result = None
        else:
            equivalent = score / weight * 5 if (score is not None and weight) else level
            result = engine.ScoreResult(
                level=Decimal(equivalent), score=score, max_score=weight, scored=True
            )
        month = report.period if report else period
        status = "no_data"
        if result is not None and month:
            planned, done = schedule.get(k.id, (None, None))
            status = engine.kpi_status(
                result=result,
                target_level=k.target_level or Decimal(5),
                period_index=period_index(period or month),
                steps_planned_done=planned,
                steps_done=done,
            )
        results.append(
            KpiResult(
                kpi_id=k.id,
                plan_id=k.plan_id,
                code=k.code,
                weight=k.weight,
                component_id=k.component_id,
                level=level if result else None,
                score=score,
                status=status,
                report_id=report.id if report else None,
                report_period=report.period if report else None,
            )
        )
    return results


def plan_scores(plan: Plan, period: str | None = None, *, statuses=COUNTING_STATUSES) -> dict:
    """The ``GET plans/{id}/scores/`` document of API.md."""
    if period is not None and period_fiscal_year(period) != plan.fiscal_year:
        raise ValueError(f"งวด {period} ไม่อยู่ในปีงบประมาณ {plan.fiscal_year} ของแผน")
    components = list(Component.objects.filter(plan=plan).order_by("order", "code"))
    kpis = Kpi.objects.filter(plan=plan, component__isnull=False).order_by("order", "code")
    results = kpi_results(kpis, period, statuses=statuses)
    by_component = defaultdict(list)
    for r in results:
        by_component[r.component_id].append(r)

    component_scores: dict[int, Decimal | None] = {}
    children = defaultdict(list)
    for c in components:
        if c.parent_id:
            children[c.parent_id].append(c)

    def component_score(c: Component) -> Decimal:
        if c.id in component_scores:
            return component_scores[c.id]
        total = sum((r.score for r in by_component[c.id] if r.score is not None), Decimal(0))
        total += sum((component_score(ch) for ch in children[c.id]), Decimal(0))
        component_scores[c.id] = total
        return total

    totals = engine.plan_totals(
        (
            r.weight or Decimal(0),
            engine.ScoreResult(
                level=(r.score / r.weight * 5) if (r.score is not None and r.weight) else None,
                score=r.score,
                max_score=r.weight or Decimal(0),
                scored=r.score is not None,
            ),
        )
        for r in results
    )
    return {
        "plan": plan.id,
        "period": period
        or max((r.report_period for r in results if r.report_period), default=None),
        "total_score": q2(totals.total_score if totals.total_score is not None else Decimal(0)),
        "max_score": q2(totals.max_score),
        "weighted_level": q2(totals.weighted_level),
        "components": [
            {
                "code": c.code,
                "name_th": c.name_th,
                "parent": next((p.code for p in components if p.id == c.parent_id), None),
                "weight": q2(c.weight),
                "score": q2(component_score(c)),
                "kpis": [
                    {
                        "kpi": r.kpi_id,
                        "code": r.code,
                        "weight": q2(r.weight),
                        "level": q2(r.level),
                        "score": q2(r.score),
                        "status": r.status,
                        "period": r.report_period,
                    }
                    for r in by_component[c.id]
                ],
            }
            for c in components
        ],
        "unscored_kpis": [r.kpi_id for r in results if r.score is None],
    }


@dataclass
class Rollup:
    """Scores of a group of KPIs (a framework node, a policy, a unit)."""

    key: object
    kpi_count: int = 0
    scored_count: int = 0
    level_sum: Decimal = Decimal(0)
    score_total: Decimal = Decimal(0)
    weight_total: Decimal = Decimal(0)
    status_counts: dict = field(default_factory=lambda: defaultdict(int))
    unscored_kpis: list = field(default_factory=list)

    def add(self, r: KpiResult) -> None:
        self.kpi_count += 1
        self.status_counts[r.status] += 1
        if r.level is None:
            self.unscored_kpis.append(r.kpi_id)
            return
        self.scored_count += 1
        self.level_sum += r.level
        if r.score is not None and r.weight:
            self.score_total += r.score
            self.weight_total += r.weight

    @property
    def average_level(self) -> Decimal | None:
        return self.level_sum / self.scored_count if self.scored_count else None

    @property
    def weighted_level(self) -> Decimal | None:
        return self.score_total / self.weight_total * 5 if self.weight_total else None

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "kpi_count": self.kpi_count,
            "scored_count": self.scored_count,
            "average_level": q2(self.average_level),
            "weighted_level": q2(self.weighted_level),
            "total_score": q2(self.score_total),
            "max_score": q2(self.weight_total),
            "status_counts": dict(self.status_counts),
            "unscored_kpis": self.unscored_kpis,
        }


def year_kpis(fiscal_year: int) -> QuerySet[Kpi]:
    return Kpi.objects.filter(plan__fiscal_year=fiscal_year).only(
        "id", "plan_id", "code", "weight", "component_id", "target_level"
    )


def node_rollups(fiscal_year: int, period: str | None, kpis=None) -> dict[int, Rollup]:
    """Per framework node: every KPI linked to the node or any node below it, all units."""
    from frameworks.models import FrameworkNode

    kpis = list(kpis if kpis is not None else year_kpis(fiscal_year))
    results = {r.kpi_id: r for r in kpi_results(kpis, period)}
    links = defaultdict(set)
    for kpi_id, path in Kpi.nodes.through.objects.filter(kpi_id__in=results).values_list(
        "kpi_id", "frameworknode__path"
    ):
        links[kpi_id].add(path)
    for kpi_id, path in Kpi.objects.filter(pk__in=results, adoption__isnull=False).values_list(
        "id", "adoption__node__path"
    ):
        links[kpi_id].add(path)
    nodes = FrameworkNode.objects.filter(framework__fiscal_year=fiscal_year).only("id", "path")
    id_by_path = {n.path: n.id for n in nodes}
    rollups: dict[int, Rollup] = {}
    for kpi_id, paths in links.items():
        ancestors = set()
        for path in paths:
            for end in range(10, len(path) + 1, 10):
                node_id = id_by_path.get(path[:end])
                if node_id:
                    ancestors.add(node_id)
        for node_id in ancestors:
            rollups.setdefault(node_id, Rollup(key=node_id)).add(results[kpi_id])
    return rollups


def policy_rollups(fiscal_year: int, period: str | None, kpis=None) -> dict[str, Rollup]:
    """Per Governor policy code, across all units."""
    kpis = list(kpis if kpis is not None else year_kpis(fiscal_year))
    results = {r.kpi_id: r for r in kpi_results(kpis, period)}
    rollups: dict[str, Rollup] = {}
    for kpi_id, code in Kpi.policies.through.objects.filter(kpi_id__in=results).values_list(
        "kpi_id", "policy__code"
    ):
        rollups.setdefault(code, Rollup(key=code)).add(results[kpi_id])
    return rollups


def unit_ranking(fiscal_year: int, period: str | None) -> list[dict]:
    """Units ranked by agreement score so far (weighted level, then total score)."""
    plans = {
        p.id: p for p in Plan.objects.filter(fiscal_year=fiscal_year).select_related("org_unit")
    }
    kpis = year_kpis(fiscal_year).filter(component__isnull=False)
    rollups: dict[int, Rollup] = {pid: Rollup(key=pid) for pid in plans}
    for r in kpi_results(kpis, period):
        rollups[r.plan_id].add(r)
    ranked = sorted(
        rollups.values(),
        key=lambda r: (r.weighted_level is None, -(r.weighted_level or 0), -r.score_total),
    )
    out = []
    for rank, r in enumerate(ranked, start=1):
        plan = plans[r.key]
        out.append(
            {
                "rank": rank if r.weighted_level is not None else None,
                "plan": plan.id,
                "org_unit": plan.org_unit.code,
                "name_th": plan.org_unit.name_th,
                **{k: v for k, v in r.as_dict().items() if k != "key"},
            }
        )
    return out
