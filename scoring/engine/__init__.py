"""Pure scoring engine for performance-agreement KPIs (no Django, no database).

Scales are data (rubric rows, bands, points, steps, composites), inputs are one month's
report, results are ``Decimal`` values quantised to two places with ROUND_HALF_UP. A KPI
without data is reported as unscored, never as 0. See docs/scoring.md for the rules.
"""

from __future__ import annotations

from ._num import Number, q2, thai_to_arabic, to_decimal
from .levels import equivalent_level, level_from_bands, score_from_level
from .model import (
    Direction,
    Kind,
    LevelRow,
    Measurement,
    Part,
    PlannedStep,
    PlanTotals,
    Scale,
    ScoreResult,
    Step,
    StepDone,
    ValidationIssue,
)
from .progress import (
    fiscal_period_index,
    parse_period,
    planned_progress,
    progress_threshold,
    project_progress,
    steps_behind,
    steps_planned_by,
    suggest_level_from_progress,
)
from .rollup import component_total, plan_totals
from .scoring import (
    NO_ACTUAL_VALUE,
    NO_LEVEL,
    NO_REPORT,
    PART_UNSCORED,
    score,
    score_composite,
    score_steps,
    step_points_earned,
)
from .status import (
    DEFAULT_TOLERANCE,
    STEPS_BEHIND_AT_RISK,
    STEPS_BEHIND_OFF_TRACK,
    Status,
    expected_level,
    kpi_status,
)
from .survey import (
    SATISFIED_FROM,
    is_satisfied,
    respondent_mean,
    satisfaction_band_th,
    satisfaction_result,
)
from .validation import (
    validate_bands,
    validate_component_weights,
    validate_composite,
    validate_points,
    validate_project_steps,
    validate_rubric_levels,
    validate_scale,
    validate_steps,
)

__all__ = [
    "DEFAULT_TOLERANCE",
    "NO_ACTUAL_VALUE",
    "NO_LEVEL",
    "NO_REPORT",
    "PART_UNSCORED",
    "SATISFIED_FROM",
    "STEPS_BEHIND_AT_RISK",
    "STEPS_BEHIND_OFF_TRACK",
    "Direction",
    "Kind",
    "LevelRow",
    "Measurement",
    "Number",
    "Part",
    "PlanTotals",
    "PlannedStep",
    "Scale",
    "ScoreResult",
    "Status",
    "Step",
    "StepDone",
    "ValidationIssue",
    "component_total",
    "equivalent_level",
    "expected_level",
    "fiscal_period_index",
    "is_satisfied",
    "kpi_status",
    "level_from_bands",
    "parse_period",
    "plan_totals",
    "planned_progress",
    "progress_threshold",
    "project_progress",
    "q2",
    "respondent_mean",
    "satisfaction_band_th",
    "satisfaction_result",
    "score",
    "score_composite",
    "score_from_level",
    "score_steps",
    "step_points_earned",
    "steps_behind",
    "steps_planned_by",
    "suggest_level_from_progress",
    "thai_to_arabic",
    "to_decimal",
    "validate_bands",
    "validate_component_weights",
    "validate_composite",
    "validate_points",
    "validate_project_steps",
    "validate_rubric_levels",
    "validate_scale",
    "validate_steps",
]
