"""Change history of everything a planner edits, recorded by PostgreSQL triggers (pghistory).

Triggers see every write, including ``bulk_create`` and queryset ``update()`` (which the
services and ``core.concurrency`` use), so nothing escapes the record. Each event row is a
snapshot of the row after an insert or update (before a delete) plus ``pgh_context``: who
(``user``) and through which URL, set by ``pghistory.middleware.HistoryMiddleware``.

The event models live in this app, so other apps' migrations are untouched; the triggers are
installed after ``migrate`` (``PGTRIGGER_INSTALL_ON_MIGRATE``), not through migrations.
"""

import pghistory

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
