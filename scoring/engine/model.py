"""Immutable value types of the scoring engine.

The Django layer turns a KPI's stored ``scale`` JSON and a monthly report into these
plain objects, so the rules can be tested without a database and reused by the importer,
the API and the PDF generator alike. Numbers given as ``int`` or ``str`` (Thai digits
allowed) are coerced to ``Decimal`` on construction; floats are refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal, TypeAlias, get_args

from ._num import to_decimal, to_optional_decimal

Kind: TypeAlias = Literal["rubric", "bands", "points", "steps", "composite", "manual"]
Direction: TypeAlias = Literal["higher", "lower"]

KINDS: frozenset[str] = frozenset(get_args(Kind))
DIRECTIONS: frozenset[str] = frozenset(get_args(Direction))


def _set(obj: object, name: str, value: object) -> None:
    """Assign on a frozen dataclass during ``__post_init__`` coercion."""
    object.__setattr__(obj, name, value)


@dataclass(frozen=True, slots=True)
class LevelRow:
    """One row of a five-level table (rubric, bands or points).

    ``threshold_text`` and ``criterion_th`` are kept verbatim for documents; the label
    "ร้อยละ 80" is *not* a multiplier (another year labels 60–100 % and still scores
    weight × level / 5). ``score`` overrides the default weight × level / 5 for that
    row; ``min``/``max`` (with inclusive flags, ``None`` = open) are band edges;
    ``points`` is the fixed points value of a ``points`` scale (out of 100).
    """

    level: int
    threshold_text: str = ""
    criterion_th: str = ""
    score: Decimal | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    min_inclusive: bool = True
    max_inclusive: bool = True
    points: Decimal | None = None

    def __post_init__(self) -> None:
        if isinstance(self.level, bool) or not isinstance(self.level, int):
            raise TypeError(f"level must be an int, got {self.level!r}")
        for name in ("score", "min", "max", "points"):
            _set(self, name, to_optional_decimal(getattr(self, name), name))


@dataclass(frozen=True, slots=True)
class Step:
    """A step of a ``steps`` scale: points out of 100, optional deadline (late earns 0)."""

    order: int
    name_th: str
    points: Decimal
    deadline: date | None = None

    def __post_init__(self) -> None:
        _set(self, "points", to_decimal(self.points, "points"))


@dataclass(frozen=True, slots=True)
class Scale:
    """How one KPI (or one composite part) turns a report into a score.

    ``weight`` is the KPI's maximum score. ``levels`` serve rubric/manual/bands/points,
    ``steps`` serve the step rubric, ``parts`` the composite. ``interpolate`` is off by
    default because no seed uses it; it is a per-framework opt-in.
    """

    kind: Kind
    weight: Decimal
    levels: tuple[LevelRow, ...] = ()
    steps: tuple[Step, ...] = ()
    parts: tuple[Part, ...] = ()
    direction: Direction = "higher"
    no_skip: bool = False
    interpolate: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown scale kind {self.kind!r}; expected one of {sorted(KINDS)}")
        if self.direction not in DIRECTIONS:
            raise ValueError(f"direction must be 'higher' or 'lower', got {self.direction!r}")
        _set(self, "weight", to_decimal(self.weight, "weight"))
        if self.weight < 0:
            raise ValueError("weight must not be negative")
        _set(self, "levels", tuple(self.levels))
        _set(self, "steps", tuple(self.steps))
        _set(self, "parts", tuple(self.parts))

    def row(self, level: int) -> LevelRow | None:
        """The row for ``level`` (first one if the data repeats it), or ``None``."""
        return next((r for r in self.levels if r.level == level), None)


@dataclass(frozen=True, slots=True)
class Part:
    """A composite part; ``weight`` is authoritative over ``scale.weight``."""

    name_th: str
    weight: Decimal
    scale: Scale

    def __post_init__(self) -> None:
        _set(self, "weight", to_decimal(self.weight, "weight"))


@dataclass(frozen=True, slots=True)
class StepDone:
    """A completed step as reported; ``done_on`` unknown counts as on time."""

    order: int
    done_on: date | None = None


@dataclass(frozen=True, slots=True)
class Measurement:
    """One month's report for a KPI.

    ``actual_value`` feeds bands/points, ``level`` is the evaluator's choice for
    rubric/manual, ``steps_done`` feeds steps, ``parts`` (same order as the scale's
    parts) feeds composites. ``None`` always means "no figure", never zero.
    """

    actual_value: Decimal | None = None
    level: Decimal | None = None
    steps_done: tuple[StepDone, ...] = ()
    parts: tuple[Measurement | None, ...] = ()

    def __post_init__(self) -> None:
        _set(self, "actual_value", to_optional_decimal(self.actual_value, "actual_value"))
        _set(self, "level", to_optional_decimal(self.level, "level"))
        _set(self, "steps_done", tuple(self.steps_done))
        _set(self, "parts", tuple(self.parts))


@dataclass(frozen=True, slots=True)
class ScoreResult:
    """The outcome of scoring one KPI for one report.

    ``level`` is the equivalent level score / weight × 5 for every kind; ``score`` is
    out of ``max_score`` (the weight). An unscored KPI (no data) has ``scored=False``,
    ``score=None`` and a ``reason`` code — never a silent 0. ``reached_level`` is the
    rubric/band level reached before conversion (e.g. band 3 of a points scale that
    earns 80 points = equivalent level 4); ``parts`` holds composite part results and
    ``notes`` explains forfeited steps.
    """

    level: Decimal | None
    score: Decimal | None
    max_score: Decimal
    scored: bool
    reason: str | None = None
    reached_level: Decimal | None = None
    parts: tuple[ScoreResult, ...] = ()
    notes: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class PlannedStep:
    """A project work step with its weight (%) and Gantt months ("2024-03" or dates)."""

    order: int
    weight: Decimal
    planned_months: tuple[str | date, ...] = ()

    def __post_init__(self) -> None:
        _set(self, "weight", to_decimal(self.weight, "weight"))
        _set(self, "planned_months", tuple(self.planned_months))


@dataclass(frozen=True, slots=True)
class PlanTotals:
    """Roll-up of a plan (or any KPI set): Σ scores, Σ weights and weighted level."""

    total_score: Decimal | None
    max_score: Decimal
    weighted_level: Decimal | None
    scored_count: int
    unscored_count: int


@dataclass(frozen=True, slots=True)
class ValidationIssue:
    """A data problem to show the user; ``path`` points at the offending field."""

    code: str
    message_th: str
    path: str
