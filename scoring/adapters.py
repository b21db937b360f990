"""Turn stored rows into the pure engine's value objects (and nothing else).

Scales are loaded with one ``values()`` query per table for any number of KPIs, so a full
recompute of a BMA year costs a handful of queries and no model instances.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from kpis.models import CompositePart, Kpi, ScaleLevel, ScaleStep

from . import engine

# Level of a KPI without an agreement weight is still computed (for status and dashboards):
# with a nominal weight of 5 the engine's score equals the level.
NOMINAL_WEIGHT = Decimal(5)

LEVEL_FIELDS = (
    "kpi_id", "part_id", "level", "threshold_text", "criterion_th", "score",
    "min_value", "max_value", "min_inclusive", "max_inclusive", "points",
)  # fmt: skip


@dataclass(frozen=True)
class KpiScale:
    """What scoring needs to know about one KPI."""

    kpi_id: int
    kind: str
    weight: Decimal | None  # None: not in the agreement, score not stored
    scale: engine.Scale
    part_ids: tuple[int, ...]  # composite parts in index order


def _level_row(r: dict) -> engine.LevelRow:
    return engine.LevelRow(
        level=r["level"],
        threshold_text=r["threshold_text"],
        criterion_th=r["criterion_th"],
        score=r["score"],
        min=r["min_value"],
        max=r["max_value"],
        min_inclusive=r["min_inclusive"],
        max_inclusive=r["max_inclusive"],
        points=r["points"],
    )


def load_scales(kpi_filter: dict) -> dict[int, KpiScale]:
    """Engine scales of every KPI matching ``kpi_filter`` (four queries in all)."""
    kpis = list(
        Kpi.objects.filter(**kpi_filter).values(
            "id", "weight", "scale_kind", "direction", "no_skip", "interpolate",
            "plan__framework__interpolate_levels",
        )
    )  # fmt: skip
    ids = [k["id"] for k in kpis]
    levels = defaultdict(list)
    for r in ScaleLevel.objects.filter(kpi_id__in=ids).order_by("level").values(*LEVEL_FIELDS):
        levels[(r["kpi_id"], r["part_id"])].append(_level_row(r))
    steps = defaultdict(list)
    for r in (
        ScaleStep.objects.filter(kpi_id__in=ids)
        .order_by("order")
        .values("kpi_id", "part_id", "order", "name_th", "points", "deadline")
    ):
        steps[(r["kpi_id"], r["part_id"])].append(
            engine.Step(order=r["order"], name_th=r["name_th"], points=r["points"],
                        deadline=r["deadline"])
        )  # fmt: skip
    parts = defaultdict(list)
    for p in (
        CompositePart.objects.filter(kpi_id__in=ids)
        .order_by("index")
        .values("id", "kpi_id", "name_th", "weight", "scale_kind", "direction", "no_skip")
    ):
        parts[p["kpi_id"]].append(p)

    result = {}
    for k in kpis:
        kid = k["id"]
        interpolate = (
            k["plan__framework__interpolate_levels"] if k["interpolate"] is None
            else k["interpolate"]
        )  # fmt: skip
        engine_parts = tuple(
            engine.Part(
                name_th=p["name_th"],
                weight=p["weight"],
                scale=engine.Scale(
                    kind=p["scale_kind"],
                    weight=p["weight"],
                    levels=tuple(levels[(kid, p["id"])]),
                    steps=tuple(steps[(kid, p["id"])]),
                    direction=p["direction"],
                    no_skip=p["no_skip"],
                    interpolate=interpolate,
                ),
            )
            for p in parts[kid]
        )
        result[kid] = KpiScale(
            kpi_id=kid,
            kind=k["scale_kind"],
            weight=k["weight"],
            scale=engine.Scale(
                kind=k["scale_kind"],
                weight=k["weight"] if k["weight"] is not None else NOMINAL_WEIGHT,
                levels=tuple(levels[(kid, None)]),
                steps=tuple(steps[(kid, None)]),
                parts=engine_parts,
                direction=k["direction"],
                no_skip=k["no_skip"],
                interpolate=interpolate,
            ),
            part_ids=tuple(p["id"] for p in parts[kid]),
        )
    return result


def measurement(
    info: KpiScale,
    *,
    actual_value,
    level,
    steps_done: list[tuple[int, int | None, object]] = (),
    parts: dict[int, tuple[object, object]] | None = None,
) -> engine.Measurement:
    """An engine measurement from plain values.

    ``steps_done`` holds ``(step order, step's composite part id or None, done_on)``;
    ``parts`` maps a composite part id to ``(actual_value, level)``.
    """
    parts = parts or {}
    part_measurements = []
    for part_id in info.part_ids:
        if part_id not in parts:
            part_measurements.append(None)
            continue
        part_actual, part_level = parts[part_id]
        part_steps = tuple(
            engine.StepDone(order=o, done_on=d) for o, pid, d in steps_done if pid == part_id
        )
        part_measurements.append(
            engine.Measurement(actual_value=part_actual, level=part_level, steps_done=part_steps)
        )
    return engine.Measurement(
        actual_value=actual_value,
        level=level,
        steps_done=tuple(
            engine.StepDone(order=o, done_on=d) for o, pid, d in steps_done if pid is None
        ),
        parts=tuple(part_measurements),
    )
