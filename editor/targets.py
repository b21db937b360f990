"""A short Thai reading of a parsed target, shown live under target inputs."""

from __future__ import annotations

from kpis.targets import ParsedTarget, TargetPart

COMPARATOR = {
    "eq": "=",
    "gte": "≥",
    "lte": "≤",
    "increase": "เพิ่มขึ้น",
    "decrease": "ลดลง",
}
BASIS = {
    "baseline_year": "จากปีฐาน",
    "previous_year": "จากปีที่ผ่านมา",
    "cumulative": "สะสม",
    "from_value": "จากค่า",
    "median_past_years": "เทียบค่ามัธยฐานย้อนหลัง",
}


def _part(part: TargetPart) -> str:
    words: list[str] = []
    if part.label:
        words.append(part.label)
    comparator = COMPARATOR.get(part.comparator, part.comparator)
    if part.bound and part.comparator in ("increase", "decrease"):
        comparator += " " + COMPARATOR.get(part.bound, part.bound)
    if part.level is not None:
        words += [comparator, f"ระดับ {part.level}"]
    elif part.grade is not None:
        words += [comparator, f"ระดับ{part.grade}"]
    elif part.value is not None:
        unit = "%" if part.is_percent or part.unit == "percent" else (part.unit or "")
        number = part.value
        words += [comparator, f"{number}{'' if unit == '%' else ' '}{unit}".strip()]
        if part.per:
            words.append(f"ต่อ {part.per}")
    else:
        words.append(comparator)
    if part.count is not None:
        words.append(
            f"({COMPARATOR.get(part.count.comparator, '')} {part.count.value} "
            f"{part.count.unit or ''})".replace("( ", "(")
            .replace(" )", ")")
            .replace("= ", "")
        )
    if part.basis is not None:
        basis = BASIS.get(part.basis.kind, part.basis.kind)
        if part.basis.year:
            basis += f" {part.basis.year}"
        elif part.basis.value:
            basis += f" {part.basis.value}"
        words.append(basis)
    return " ".join(w for w in words if w)


def describe_target(parsed: ParsedTarget) -> str:
    if parsed.empty:
        return ""
    joined = []
    for part in parsed.parts:
        text = _part(part)
        if joined and part.joiner == "or":
            joined.append("หรือ")
        elif joined:
            joined.append("และ")
        joined.append(text)
    return " ".join(joined)
