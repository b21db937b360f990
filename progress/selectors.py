"""What each evaluator still has to report, and when it is due.

Every KPI and every project/activity (not the routine budget items of Part 3) of the
approved plans of the evaluator's units is reported monthly: the data by the 5th of the
next month, the report by the 15th (DOMAIN.md §7).
"""

from dataclasses import dataclass
from datetime import date

from accounts.models import Role
from accounts.scope import scope_for
from core.fiscal import data_due_date, period_fiscal_year, report_due_date
from kpis.models import Kpi
from plans.models import Plan, PlanStatus
from projects.models import Project, ProjectKind

from .models import KpiReport, ProjectReport, ReportStatus

NOT_STARTED = "not_started"
STATE_ORDER = {"returned": 0, NOT_STARTED: 1, "draft": 2, "submitted": 3, "verified": 4}
DONE_STATES = frozenset({ReportStatus.SUBMITTED, ReportStatus.VERIFIED})


@dataclass(frozen=True)
class DueItem:
    kind: str  # "kpi" | "project"
    id: int
    code: str
    name_th: str
    plan_id: int
    org_unit: str
    state: str  # not_started | draft | submitted | returned | verified
    report_id: int | None
    data_due: date
    report_due: date
    overdue: bool

    @property
    def outstanding(self) -> bool:
        return self.state not in DONE_STATES


def reporting_plans(user, fiscal_year: int):
    """Approved plans of the year in the units where the user is an evaluator."""
    scope = scope_for(user)
    qs = Plan.objects.filter(fiscal_year=fiscal_year, status=PlanStatus.APPROVED)
    if scope.has(Role.ADMIN):
        return qs
    return qs.filter(scope.unit_q({Role.EVALUATOR}, prefix="org_unit__"))


def reporting_items(*, user, period: str, today: date | None = None) -> list[DueItem]:
    """Every KPI and project the user reports on for ``period``, overdue items first."""
    today = today or date.today()
    data_due, report_due = data_due_date(period), report_due_date(period)
    plans = reporting_plans(user, period_fiscal_year(period))
    kpis = list(
        Kpi.objects.filter(plan__in=plans)
        .select_related("plan__org_unit")
        .only("id", "code", "name_th", "plan_id", "plan__org_unit__code", "order")
        .order_by("plan__org_unit__code", "order", "code")
    )
    projects = list(
        Project.objects.filter(plan__in=plans)
        .exclude(kind=ProjectKind.ROUTINE_ITEM)
        .select_related("plan__org_unit")
        .only("id", "code", "name_th", "plan_id", "plan__org_unit__code", "part", "order")
        .order_by("plan__org_unit__code", "part", "order")
    )
    kpi_reports = dict(
        KpiReport.objects.filter(kpi__in=[k.id for k in kpis], period=period).values_list(
            "kpi_id", "id"
        )
    )
    kpi_states = dict(
        KpiReport.objects.filter(pk__in=kpi_reports.values()).values_list("kpi_id", "status")
    )
    project_reports = dict(
        ProjectReport.objects.filter(
            project__in=[p.id for p in projects], period=period
        ).values_list("project_id", "id")
    )
    project_states = dict(
        ProjectReport.objects.filter(pk__in=project_reports.values()).values_list(
            "project_id", "status"
        )
    )

    def item(kind, obj, states, report_ids):
        state = states.get(obj.id, NOT_STARTED)
        return DueItem(
            kind=kind, id=obj.id, code=obj.code, name_th=obj.name_th, plan_id=obj.plan_id,
            org_unit=obj.plan.org_unit.code, state=state, report_id=report_ids.get(obj.id),
            data_due=data_due, report_due=report_due,
            overdue=state not in DONE_STATES and today > report_due,
        )  # fmt: skip

    items = [item("kpi", k, kpi_states, kpi_reports) for k in kpis]
    items += [item("project", p, project_states, project_reports) for p in projects]
    return sorted(items, key=lambda i: (not i.overdue, STATE_ORDER[i.state]))
