"""Turn stored rows into the pure engine's value objects (and nothing else).

Callers prefetch ``levels``, ``scale_steps`` and ``parts__levels``/``parts__steps`` so a
batch of KPIs costs a fixed number of queries.
"""

from decimal import Decimal

from kpis.models import Kpi

from . import engine

# Level of a KPI without an agreement weight is still computed (for status and dashboards):
# with a nominal weight of 5 the engine's score equals the level.
NOMINAL_WEIGHT = Decimal(5)

KPI_SCALE_PREFETCH = ("levels", "scale_steps", "parts__levels", "parts__steps")


def _level_rows(rows) -> tuple[engine.LevelRow, ...]:
    return tuple(
        engine.LevelRow(
            level=r.level,
            threshold_text=r.threshold_text,
            criterion_th=r.criterion_th,
            score=r.score,
            min=r.min_value,
            max=r.max_value,
            min_inclusive=r.min_inclusive,
            max_inclusive=r.max_inclusive,
            points=r.points,
        )
        for r in sorted(rows, key=lambda r: r.level)
    )


def _steps(rows) -> tuple[engine.Step, ...]:
    return tuple(
        engine.Step(order=s.order, name_th=s.name_th, points=s.points, deadline=s.deadline)
        for s in sorted(rows, key=lambda s: s.order)
    )


def kpi_scale(kpi: Kpi, *, interpolate_default: bool = False) -> engine.Scale:
    """The engine scale of a KPI; uses prefetched rows (``KPI_SCALE_PREFETCH``)."""
    weight = kpi.weight if kpi.weight is not None else NOMINAL_WEIGHT
    interpolate = interpolate_default if kpi.interpolate is None else kpi.interpolate
    own_levels = [r for r in kpi.levels.all() if r.part_id is None]
    own_steps = [s for s in kpi.scale_steps.all() if s.part_id is None]
    parts = tuple(
        engine.Part(
            name_th=p.name_th,
            weight=p.weight,
            scale=engine.Scale(
                kind=p.scale_kind,
                weight=p.weight,
                levels=_level_rows(p.levels.all()),
                steps=_steps(p.steps.all()),
                direction=p.direction,
                no_skip=p.no_skip,
                interpolate=interpolate,
            ),
        )
        for p in sorted(kpi.parts.all(), key=lambda p: p.index)
    )
    return engine.Scale(
        kind=kpi.scale_kind,
        weight=weight,
        levels=_level_rows(own_levels),
        steps=_steps(own_steps),
        parts=parts,
        direction=kpi.direction,
        no_skip=kpi.no_skip,
        interpolate=interpolate,
    )


def report_measurement(report, kpi: Kpi) -> engine.Measurement:
    """The engine measurement of a KPI report; uses prefetched ``steps_done__step`` and
    ``parts__part``."""
    steps_done = tuple(
        engine.StepDone(order=d.step.order, done_on=d.done_on)
        for d in report.steps_done.all()
        if d.step.part_id is None
    )
    by_part = {rp.part_id: rp for rp in report.parts.all()}
    parts = []
    for p in sorted(kpi.parts.all(), key=lambda p: p.index):
        rp = by_part.get(p.id)
        if rp is None:
            parts.append(None)
            continue
        part_steps = tuple(
            engine.StepDone(order=d.step.order, done_on=d.done_on)
            for d in report.steps_done.all()
            if d.step.part_id == p.id
        )
        parts.append(
            engine.Measurement(actual_value=rp.actual_value, level=rp.level, steps_done=part_steps)
        )
    return engine.Measurement(
        actual_value=report.actual_value,
        level=report.level,
        steps_done=steps_done,
        parts=tuple(parts),
    )
