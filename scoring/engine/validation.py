"""Checks on scale and weight data, reported instead of guessed.

The seeds contain arithmetic errors (step tables whose cumulative % never reaches 100,
stated totals that disagree with their items), so the importer and the forms call these
helpers and show every issue to the user. Each returns a list of ``ValidationIssue``
(empty = fine); nothing raises, so one pass can report everything at once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from decimal import Decimal
from itertools import pairwise

from ._num import HUNDRED, ZERO, Number, to_decimal
from .model import Direction, LevelRow, Scale, Step, ValidationIssue

LEVELS = range(1, 6)


def _issue(code: str, message_th: str, path: str) -> ValidationIssue:
    return ValidationIssue(code=code, message_th=message_th, path=path)


def _fmt(value: Decimal) -> str:
    """Plain number for messages: 10 not 1E+1, 92.5 not 92.50."""
    return format(value.normalize(), "f")


def validate_component_weights(
    component_weight: Number, kpi_weights: Iterable[Number], *, path: str = "component"
) -> list[ValidationIssue]:
    """The KPI (or sub-component) weights under a component must add up to its weight."""
    issues: list[ValidationIssue] = []
    weights = [to_decimal(w, "weight") for w in kpi_weights]
    for index, weight in enumerate(weights):
        if weight < 0:
            issues.append(
                _issue("weight_negative", f"น้ำหนักต้องไม่ติดลบ ({_fmt(weight)})", f"{path}[{index}]")
            )
    total = sum(weights, ZERO)
    expected = to_decimal(component_weight, "component_weight")
    if total != expected:
        issues.append(
            _issue(
                "component_weight_mismatch",
                f"ผลรวมน้ำหนักตัวชี้วัด ({_fmt(total)}) ไม่เท่ากับน้ำหนักองค์ประกอบ ({_fmt(expected)})",
                path,
            )
        )
    return issues


def validate_rubric_levels(
    levels: Sequence[LevelRow], *, weight: Number | None = None, path: str = "levels"
) -> list[ValidationIssue]:
    """Levels 1–5 present once each; given row scores within 0..weight and not decreasing."""
    issues: list[ValidationIssue] = []
    for index, row in enumerate(levels):
        if row.level not in LEVELS:
            issues.append(
                _issue(
                    "level_out_of_range",
                    f"ระดับต้องอยู่ระหว่าง 1 ถึง 5 (พบ {row.level})",
                    f"{path}[{index}].level",
                )
            )
    counts = Counter(row.level for row in levels)
    for level in LEVELS:
        if counts[level] == 0:
            issues.append(_issue("level_missing", f"ไม่มีเกณฑ์ของระดับ {level}", path))
        elif counts[level] > 1:
            issues.append(
                _issue("level_duplicate", f"เกณฑ์ระดับ {level} ซ้ำ {counts[level]} แถว", path)
            )
    max_score = None if weight is None else to_decimal(weight, "weight")
    scored_rows = sorted(
        ((i, r, r.score) for i, r in enumerate(levels) if r.score is not None),
        key=lambda item: item[1].level,
    )
    for index, row, row_score in scored_rows:
        if row_score < 0 or (max_score is not None and row_score > max_score):
            issues.append(
                _issue(
                    "score_out_of_range",
                    f"คะแนนของระดับ {row.level} ({_fmt(row_score)}) ต้องอยู่ระหว่าง 0 ถึงน้ำหนัก",
                    f"{path}[{index}].score",
                )
            )
    for (_, lower, lower_score), (index, higher, higher_score) in pairwise(scored_rows):
        if higher_score < lower_score:
            issues.append(
                _issue(
                    "score_not_increasing",
                    f"คะแนนระดับ {higher.level} น้อยกว่าคะแนนระดับ {lower.level}",
                    f"{path}[{index}].score",
                )
            )
    return issues


def _good_edge(row: LevelRow, direction: Direction) -> Decimal | None:
    return row.min if direction == "higher" else row.max


def validate_bands(
    levels: Sequence[LevelRow], direction: Direction, *, path: str = "levels"
) -> list[ValidationIssue]:
    """Band edges ordered with the direction and not overlapping.

    Higher-is-better: each level's ``min`` must be above the previous level's, and a
    level's ``max`` (when given) must not reach into the next level. Lower-is-better is
    the mirror image on ``max``. Only the lowest level may leave its good-side edge open
    (it would otherwise swallow every value). Threshold-style rows (only ``min`` for
    higher, only ``max`` for lower) are fine.
    """
    issues: list[ValidationIssue] = []
    indexed = sorted(enumerate(levels), key=lambda pair: pair[1].level)
    edge_name = "min" if direction == "higher" else "max"
    for position, (index, row) in enumerate(indexed):
        if row.min is not None and row.max is not None:
            empty = row.min > row.max or (
                row.min == row.max and not (row.min_inclusive and row.max_inclusive)
            )
            if empty:
                issues.append(
                    _issue(
                        "band_inverted",
                        f"ช่วงค่าของระดับ {row.level} ว่าง (ค่าต่ำสุดมากกว่าค่าสูงสุด)",
                        f"{path}[{index}]",
                    )
                )
        if position > 0 and _good_edge(row, direction) is None:
            issues.append(
                _issue(
                    "band_edge_missing",
                    f"ระดับ {row.level} ไม่มีค่า{'ต่ำสุด' if direction == 'higher' else 'สูงสุด'}",
                    f"{path}[{index}].{edge_name}",
                )
            )
    for (_, low), (index, high) in pairwise(indexed):
        low_edge, high_edge = _good_edge(low, direction), _good_edge(high, direction)
        if low_edge is not None and high_edge is not None:
            ordered = high_edge > low_edge if direction == "higher" else high_edge < low_edge
            if not ordered:
                word = "มากกว่า" if direction == "higher" else "น้อยกว่า"
                issues.append(
                    _issue(
                        "band_order",
                        f"เกณฑ์ระดับ {high.level} ต้อง{word}เกณฑ์ระดับ {low.level}",
                        f"{path}[{index}].{edge_name}",
                    )
                )
        if direction == "higher":
            far, far_inc, near, near_inc = low.max, low.max_inclusive, high.min, high.min_inclusive
            overlap = (
                far is not None
                and near is not None
                and (far > near or (far == near and far_inc and near_inc))
            )
        else:
            far, far_inc, near, near_inc = low.min, low.min_inclusive, high.max, high.max_inclusive
            overlap = (
                far is not None
                and near is not None
                and (far < near or (far == near and far_inc and near_inc))
            )
        if overlap:
            issues.append(
                _issue(
                    "band_overlap",
                    f"ช่วงค่าของระดับ {low.level} และระดับ {high.level} ซ้อนทับกัน",
                    f"{path}[{index}]",
                )
            )
    return issues


def validate_points(
    levels: Sequence[LevelRow], direction: Direction = "higher", *, path: str = "levels"
) -> list[ValidationIssue]:
    """Points scale: bands valid, every level has points in 0–100, never decreasing."""
    issues = validate_bands(levels, direction, path=path)
    rows = sorted(enumerate(levels), key=lambda pair: pair[1].level)
    previous: LevelRow | None = None
    for index, row in rows:
        if row.points is None:
            issues.append(
                _issue("points_missing", f"ระดับ {row.level} ไม่มีคะแนน", f"{path}[{index}].points")
            )
            continue
        if not ZERO <= row.points <= HUNDRED:
            issues.append(
                _issue(
                    "points_out_of_range",
                    f"คะแนนของระดับ {row.level} ต้องอยู่ระหว่าง 0 ถึง 100",
                    f"{path}[{index}].points",
                )
            )
        if previous is not None and previous.points is not None and row.points < previous.points:
            issues.append(
                _issue(
                    "points_not_increasing",
                    f"คะแนนระดับ {row.level} น้อยกว่าคะแนนระดับ {previous.level}",
                    f"{path}[{index}].points",
                )
            )
        previous = row
    return issues


def _check_steps(
    steps: Sequence[tuple[int, Decimal]], path: str, sum_code: str, sum_label: str
) -> list[ValidationIssue]:
    issues: list[ValidationIssue] = []
    counts = Counter(order for order, _ in steps)
    for order, count in sorted(counts.items()):
        if count > 1:
            issues.append(_issue("step_order_duplicate", f"ขั้นตอนที่ {order} ซ้ำ", path))
    for index, (order, value) in enumerate(steps):
        if value < 0:
            issues.append(
                _issue("step_points_negative", f"ค่าของขั้นตอนที่ {order} ติดลบ", f"{path}[{index}]")
            )
    total = sum((value for _, value in steps), ZERO)
    if total != HUNDRED:
        issues.append(_issue(sum_code, f"{sum_label} ({_fmt(total)}) ไม่เท่ากับ 100", path))
    return issues


def validate_steps(steps: Sequence[Step], *, path: str = "steps") -> list[ValidationIssue]:
    """Step rubric: unique orders, non-negative points adding up to exactly 100."""
    pairs = [(s.order, s.points) for s in steps]
    return _check_steps(pairs, path, "step_points_sum", "ผลรวมคะแนนของขั้นตอน")


def validate_project_steps(
    step_weights: Iterable[tuple[int, Number]], *, path: str = "steps"
) -> list[ValidationIssue]:
    """Table จ work steps: unique orders, weights whose running sum reaches exactly 100."""
    pairs = [(order, to_decimal(weight, "weight")) for order, weight in step_weights]
    return _check_steps(pairs, path, "step_weights_sum", "ร้อยละสะสมของขั้นตอนสุดท้าย")


def validate_composite(scale: Scale, *, path: str = "scale") -> list[ValidationIssue]:
    """Composite: has parts, part weights add up to the KPI weight, each part valid."""
    issues: list[ValidationIssue] = []
    if not scale.parts:
        issues.append(_issue("composite_no_parts", "ตัวชี้วัดแบบผสมต้องมีองค์ประกอบย่อย", path))
        return issues
    total = sum((p.weight for p in scale.parts), ZERO)
    if total != scale.weight:
        issues.append(
            _issue(
                "composite_weight_sum",
                f"ผลรวมน้ำหนักองค์ประกอบย่อย ({_fmt(total)}) ไม่เท่ากับน้ำหนักตัวชี้วัด ({_fmt(scale.weight)})",
                f"{path}.parts",
            )
        )
    for index, part in enumerate(scale.parts):
        part_path = f"{path}.parts[{index}]"
        if part.scale.weight not in (ZERO, part.weight):
            issues.append(
                _issue(
                    "composite_part_weight_mismatch",
                    f"น้ำหนักของ '{part.name_th}' ในเกณฑ์ ({_fmt(part.scale.weight)}) "
                    f"ไม่ตรงกับน้ำหนักองค์ประกอบย่อย ({_fmt(part.weight)})",
                    f"{part_path}.scale.weight",
                )
            )
        issues.extend(
            validate_scale(replace(part.scale, weight=part.weight), path=f"{part_path}.scale")
        )
    return issues


def validate_scale(scale: Scale, *, path: str = "scale") -> list[ValidationIssue]:
    """Every check that applies to the scale's kind, in one list."""
    issues: list[ValidationIssue] = []
    if scale.weight <= 0:
        issues.append(_issue("weight_not_positive", "น้ำหนักคะแนนต้องมากกว่า 0", f"{path}.weight"))
    levels_path = f"{path}.levels"
    if scale.kind in ("rubric", "manual", "bands", "points"):
        row_weight = scale.weight if scale.kind != "points" else None
        issues.extend(validate_rubric_levels(scale.levels, weight=row_weight, path=levels_path))
    if scale.kind == "bands":
        issues.extend(validate_bands(scale.levels, scale.direction, path=levels_path))
    elif scale.kind == "points":
        issues.extend(validate_points(scale.levels, scale.direction, path=levels_path))
    elif scale.kind == "steps":
        issues.extend(validate_steps(scale.steps, path=f"{path}.steps"))
    elif scale.kind == "composite":
        issues.extend(validate_composite(scale, path=path))
    return issues
