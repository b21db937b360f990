"""Writes to projects with their budget lines, work steps and KPI links, atomically.

Budget lines are replaced as a whole; work steps are matched by ``order`` so monthly project
reports that ticked them keep their links (a step no longer listed is deleted).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from core.services import apply_fields, clean_and_save
from plans.models import Plan

from .models import BudgetLine, Project, ProjectKpi, WorkStep


def _replace_budget_lines(project: Project, lines: list[dict]) -> None:
    BudgetLine.objects.filter(project=project).delete()
    rows = []
    for index, item in enumerate(lines):
        line = BudgetLine(project=project, order=index, **item)
        line.full_clean(exclude=["project"])
        rows.append(line)
    BudgetLine.objects.bulk_create(rows)


def _sync_steps(project: Project, steps: list[dict]) -> None:
    existing = {s.order: s for s in WorkStep.objects.filter(project=project)}
    wanted = {item["order"] for item in steps}
    WorkStep.objects.filter(pk__in=[s.pk for o, s in existing.items() if o not in wanted]).delete()
    for item in steps:
        step = existing.get(item["order"]) or WorkStep(project=project, order=item["order"])
        step.name_th = item["name_th"]
        step.weight = item["weight"]
        step.planned_months = list(item.get("planned_months") or [])
        step.full_clean(exclude=["project"], validate_unique=False)
        step.save()


def _set_kpis(project: Project, kpis, primary) -> None:
    ProjectKpi.objects.filter(project=project).delete()
    ProjectKpi.objects.bulk_create(
        ProjectKpi(
            project=project, kpi=kpi, is_primary=primary is not None and kpi.pk == primary.pk
        )
        for kpi in kpis
    )


def _write_children(
    project, *, owner_units, nodes, policies, kpis, primary_kpi, budget_lines, steps
):
    if owner_units is not None:
        project.owner_units.set(owner_units)
    if nodes is not None:
        project.nodes.set(nodes)
    if policies is not None:
        project.policies.set(policies)
    if kpis is not None:
        _set_kpis(project, kpis, primary_kpi)
    if budget_lines is not None:
        _replace_budget_lines(project, budget_lines)
    if steps is not None:
        _sync_steps(project, steps)


@transaction.atomic
def project_create(
    *,
    plan: Plan,
    code: str,
    name_th: str,
    part: int,
    owner_units=None,
    nodes=None,
    policies=None,
    kpis=None,
    primary_kpi=None,
    budget_lines: list[dict] | None = None,
    steps: list[dict] | None = None,
    **fields,
) -> Project:
    project = clean_and_save(Project(plan=plan, code=code, name_th=name_th, part=part, **fields))
    _write_children(
        project,
        owner_units=owner_units,
        nodes=nodes,
        policies=policies,
        kpis=kpis,
        primary_kpi=primary_kpi,
        budget_lines=budget_lines,
        steps=steps,
    )
    return project


@transaction.atomic
def project_update(
    *,
    project: Project,
    data: dict,
    owner_units=None,
    nodes=None,
    policies=None,
    kpis=None,
    primary_kpi=None,
    budget_lines: list[dict] | None = None,
    steps: list[dict] | None = None,
) -> Project:
    """Update a project; each child list given replaces the stored one. Bumps ``version``."""
    apply_fields(project, data)
    clean_and_save(project)
    if kpis is None and primary_kpi is not None:
        kpis = list(project.kpis.all())
    _write_children(
        project,
        owner_units=owner_units,
        nodes=nodes,
        policies=policies,
        kpis=kpis,
        primary_kpi=primary_kpi,
        budget_lines=budget_lines,
        steps=steps,
    )
    Project.objects.filter(pk=project.pk).update(version=F("version") + 1)
    project.refresh_from_db(fields=["version"])
    return project


@transaction.atomic
def project_delete(*, project: Project) -> None:
    project.delete()
