"""Project progress from work steps, and level suggestions from progress.

Table จ of the plans gives each project step a weight (%) and planned months; the
monthly report says which steps are done. Progress is the sum of the weights of the
done steps (the "cumulative %" column when steps finish in order, and still right when
they do not). Rubric rows that read "plan executed ร้อยละ X" let the system *suggest*
a level from that progress; the evaluator still decides (other conditions such as a
satisfaction survey or a report to executives are not checked here).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal

from ._num import ZERO, Number, q2, thai_to_arabic, to_decimal
from .model import LevelRow, PlannedStep

_PERIOD = re.compile(r"^(\d{4})-(\d{2})(?:-\d{2})?$")


def parse_period(period: str | date) -> tuple[int, int]:
    """``"2024-03"`` (ISO, Common Era) or a date → (year, month) for comparisons."""
    if isinstance(period, date):
        return period.year, period.month
    match = _PERIOD.match(period.strip())
    if not match:
        raise ValueError(f"period must look like '2024-03', got {period!r}")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise ValueError(f"bad month in period {period!r}")
    return year, month


def fiscal_period_index(period: str | date) -> int:
    """Month number inside the fiscal year: October = 1 … September = 12."""
    _, month = parse_period(period)
    return (month - 10) % 12 + 1


def _weights(step_weights: Iterable[tuple[int, Number]]) -> dict[int, Decimal]:
    result: dict[int, Decimal] = {}
    for order, weight in step_weights:
        if order in result:
            raise ValueError(f"step {order} listed twice")
        result[order] = to_decimal(weight, f"step {order} weight")
    return result


def project_progress(
    step_weights: Iterable[tuple[int, Number]], done_orders: Iterable[int]
) -> Decimal:
    """Progress % = sum of the weights of the completed steps (two decimals).

    Table จ example: weights 10/10/60/20 with steps 1–3 done → 80.00.
    """
    weights = _weights(step_weights)
    done = set(done_orders)
    unknown = done - set(weights)
    if unknown:
        raise ValueError(f"unknown step order(s): {sorted(unknown)}")
    return q2(sum((weights[o] for o in done), ZERO))


def _planned_by(step: PlannedStep, period: tuple[int, int]) -> bool:
    """A step is due by the period when its last planned month is not after it."""
    if not step.planned_months:
        return False
    return max(parse_period(m) for m in step.planned_months) <= period


def planned_progress(steps: Sequence[PlannedStep], period: str | date) -> Decimal:
    """Progress % the plan expects by ``period``: weights of steps whose last month ≤ it.

    Steps without planned months are never counted as due (the Gantt shading was lost
    in the source PDFs; the plan owner must enter the months first).
    """
    when = parse_period(period)
    return q2(sum((s.weight for s in steps if _planned_by(s, when)), ZERO))


def steps_planned_by(steps: Sequence[PlannedStep], period: str | date) -> int:
    """How many steps should be finished by ``period`` according to the Gantt."""
    when = parse_period(period)
    return sum(1 for s in steps if _planned_by(s, when))


def steps_behind(
    steps: Sequence[PlannedStep], done_orders: Iterable[int], period: str | date
) -> int:
    """Steps due by ``period`` that are not done yet (feeds :func:`kpi_status`)."""
    when = parse_period(period)
    done = set(done_orders)
    return sum(1 for s in steps if _planned_by(s, when) and s.order not in done)


_PERCENT = re.compile(r"ร้อยละ\s*([0-9]+(?:\.[0-9]+)?)")
_CLAUSE_MARK = re.compile(r"(?:^|(?<=\s))(?:[0-9]{1,2}[).]|-)(?=\s)")
_PLAN_WORDS = ("ดำเนิน", "แผน")
_NOT_PLAN_WORDS = ("พึงพอใจ",)


def _normalise(text: str) -> str:
    """Arabic digits and composed sara am, so the same words match in every seed."""
    return thai_to_arabic(text).replace("\u0e4d\u0e32", "\u0e33")


def progress_threshold(row: LevelRow) -> Decimal | None:
    """X of "plan executed ร้อยละ X" in a rubric row, or ``None``.

    Only clauses that talk about carrying out a plan (ดำเนิน…/แผน) count; satisfaction
    clauses (พึงพอใจ) and the bare level label ("ร้อยละ 80" in the threshold column,
    which is the level's nominal percentage, not plan progress) are ignored. Seed 002
    KPI 1.1-1: level 4 → 100, level 3 → 80, level 2 → 60, levels 1 and 5 → None.
    """
    found: list[Decimal] = []
    for text in (row.threshold_text, row.criterion_th):
        for clause in _CLAUSE_MARK.split(_normalise(text or "")):
            if not any(w in clause for w in _PLAN_WORDS):
                continue
            if any(w in clause for w in _NOT_PLAN_WORDS):
                continue
            found.extend(Decimal(m) for m in _PERCENT.findall(clause))
    return max(found) if found else None


def suggest_level_from_progress(
    progress_percent: Number,
    rubric_levels: Iterable[LevelRow | tuple[int, Number]] | Mapping[int, Number],
) -> int | None:
    """Highest level whose "plan executed X %" is ≤ the progress, or ``None``.

    ``rubric_levels`` is either the rubric rows (X is read from their text, see
    :func:`progress_threshold`) or explicit thresholds as ``{level: X}`` or
    ``[(level, X), ...]``. ``None`` means progress says nothing yet (e.g. levels 1–2
    are "plan approved" milestones the evaluator must judge).
    """
    progress = to_decimal(progress_percent, "progress_percent")
    pairs: list[tuple[int, Decimal]] = []
    items = rubric_levels.items() if isinstance(rubric_levels, Mapping) else rubric_levels
    for item in items:
        if isinstance(item, LevelRow):
            threshold = progress_threshold(item)
            if threshold is not None:
                pairs.append((item.level, threshold))
        else:
            level, threshold_value = item
            pairs.append((int(level), to_decimal(threshold_value, f"level {level} threshold")))
    reached = [level for level, threshold in pairs if threshold <= progress]
    return max(reached) if reached else None
