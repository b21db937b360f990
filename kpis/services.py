"""Writes to KPIs and everything under them, in one transaction per call.

Child lists (scale rows, baselines/targets, responsibilities) are replaced as a whole. Scale
steps and composite parts are matched by ``order``/``index`` so that monthly reports that
point at them keep their links; level rows have no dependants and are recreated. Stored report
scores are recomputed once at the end (``scoring.services``).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from core.services import apply_fields, clean_and_save
from plans.models import Plan

from .models import (
    CompositePart,
    Kpi,
    KpiResponsibility,
    KpiYearValue,
    ScaleLevel,
    ScaleStep,
    YearValueKind,
)
from .targets import parse_target

LEVEL_FIELDS = (
    "threshold_text",
    "criterion_th",
    "score",
    "min_value",
    "max_value",
    "min_inclusive",
    "max_inclusive",
    "points",
)


def _recompute_scores(kpi: Kpi) -> None:
    try:
        from scoring.services import recompute_kpi_scores
    except ImportError:  # scoring is optional for the catalogue of KPIs
        return
    recompute_kpi_scores(kpi_ids=[kpi.pk])


def _level_rows(kpi: Kpi, part: CompositePart | None, levels: list[dict]) -> list[ScaleLevel]:
    rows = []
    for item in levels:
        row = ScaleLevel(kpi=kpi, part=part, level=item["level"])
        for name in LEVEL_FIELDS:
            if name in item:
                setattr(row, name, item[name])
        row.full_clean(exclude=["kpi", "part"], validate_constraints=False)
        rows.append(row)
    return rows


def _sync_steps(kpi: Kpi, part: CompositePart | None, steps: list[dict]) -> None:
    existing = {s.order: s for s in ScaleStep.objects.filter(kpi=kpi, part=part)}
    wanted = {item["order"] for item in steps}
    ScaleStep.objects.filter(pk__in=[s.pk for o, s in existing.items() if o not in wanted]).delete()
    for item in steps:
        step = existing.get(item["order"]) or ScaleStep(kpi=kpi, part=part, order=item["order"])
        step.name_th = item.get("name_th", "")
        step.points = item["points"]
        step.deadline = item.get("deadline")
        step.save()


def _replace_scale(kpi: Kpi, scale: dict) -> None:
    kpi.scale_kind = scale["kind"]
    if "interpolate" in scale:
        kpi.interpolate = scale["interpolate"]
    if "no_skip" in scale:
        kpi.no_skip = scale["no_skip"]
    Kpi.objects.filter(pk=kpi.pk).update(
        scale_kind=kpi.scale_kind, interpolate=kpi.interpolate, no_skip=kpi.no_skip
    )
    ScaleLevel.objects.filter(kpi=kpi).delete()
    levels = _level_rows(kpi, None, scale.get("levels", []))
    _sync_steps(kpi, None, scale.get("steps", []))

    parts = scale.get("parts", [])
    existing = {p.index: p for p in CompositePart.objects.filter(kpi=kpi)}
    wanted = {item["index"] for item in parts}
    CompositePart.objects.filter(
        pk__in=[p.pk for i, p in existing.items() if i not in wanted]
    ).delete()
    for item in parts:
        part = existing.get(item["index"]) or CompositePart(kpi=kpi, index=item["index"])
        sub = item.get("scale") or {}
        part.name_th = item.get("name_th", "")
        part.weight = item["weight"]
        part.scale_kind = sub.get("kind", part.scale_kind)
        part.direction = sub.get("direction", part.direction)
        part.no_skip = sub.get("no_skip", False)
        part.save()
        levels += _level_rows(kpi, part, sub.get("levels", []))
        _sync_steps(kpi, part, sub.get("steps", []))
    ScaleLevel.objects.bulk_create(levels)


def _replace_year_values(kpi: Kpi, kind: str, items: list[dict]) -> None:
    KpiYearValue.objects.filter(kpi=kpi, kind=kind).delete()
    rows = []
    for item in items:
        parsed = parse_target(item.get("text", ""))
        rows.append(
            KpiYearValue(
                kpi=kpi,
                kind=kind,
                fiscal_year=item["year"],
                text=item.get("text", ""),
                value=parsed.to_dict(),
                flagged=parsed.flagged,
            )
        )
    KpiYearValue.objects.bulk_create(rows)


def _replace_responsibilities(kpi: Kpi, items: list[dict]) -> None:
    KpiResponsibility.objects.filter(kpi=kpi).delete()
    KpiResponsibility.objects.bulk_create(
        KpiResponsibility(
            kpi=kpi,
            org_unit=item.get("org_unit"),
            unit_text=item.get("unit_text", ""),
            role=item["role"],
            duties_th=item.get("duties_th", ""),
            order=index,
        )
        for index, item in enumerate(items)
    )


def _write_children(
    kpi: Kpi,
    *,
    nodes=None,
    policies=None,
    scale: dict | None = None,
    baselines: list[dict] | None = None,
    targets: list[dict] | None = None,
    responsibilities: list[dict] | None = None,
) -> None:
    if nodes is not None:
        kpi.nodes.set(nodes)
    if policies is not None:
        kpi.policies.set(policies)
    if scale is not None:
        _replace_scale(kpi, scale)
    if baselines is not None:
        _replace_year_values(kpi, YearValueKind.BASELINE, baselines)
    if targets is not None:
        _replace_year_values(kpi, YearValueKind.TARGET, targets)
    if responsibilities is not None:
        _replace_responsibilities(kpi, responsibilities)


@transaction.atomic
def kpi_create(
    *,
    plan: Plan,
    code: str,
    name_th: str,
    nodes=None,
    policies=None,
    scale: dict | None = None,
    baselines: list[dict] | None = None,
    targets: list[dict] | None = None,
    responsibilities: list[dict] | None = None,
    **fields,
) -> Kpi:
    kpi = Kpi(plan=plan, code=code, name_th=name_th, **fields)
    if scale is not None:
        kpi.scale_kind = scale["kind"]
    clean_and_save(kpi)
    _write_children(
        kpi,
        nodes=nodes,
        policies=policies,
        scale=scale,
        baselines=baselines,
        targets=targets,
        responsibilities=responsibilities,
    )
    return kpi


@transaction.atomic
def kpi_update(
    *,
    kpi: Kpi,
    data: dict,
    nodes=None,
    policies=None,
    scale: dict | None = None,
    baselines: list[dict] | None = None,
    targets: list[dict] | None = None,
    responsibilities: list[dict] | None = None,
) -> Kpi:
    """Update a KPI; each child list given replaces the stored one. Bumps ``version``."""
    apply_fields(kpi, data)
    clean_and_save(kpi)
    _write_children(
        kpi,
        nodes=nodes,
        policies=policies,
        scale=scale,
        baselines=baselines,
        targets=targets,
        responsibilities=responsibilities,
    )
    Kpi.objects.filter(pk=kpi.pk).update(version=F("version") + 1)
    kpi.refresh_from_db(fields=["version"])
    _recompute_scores(kpi)
    return kpi


@transaction.atomic
def kpi_delete(*, kpi: Kpi) -> None:
    kpi.delete()
