"""Validate a ``bmaplan/1`` document before anything is written.

Two passes, both collecting every problem instead of stopping at the first: the JSON Schema
(types, enums, required keys, number formats) and the semantic checks the schema cannot express
(references to codes, duplicates, parents before children, months inside the fiscal year,
budget status against amount, rubric levels 1–5 once each). Errors carry a JSON path such as
``kpis[3].scale.levels[2].level`` and a Thai message.

Facts the document states but its own data contradicts (totals aside, which need the database)
are *flags*, not errors: they are imported and reported. The checks only read the database.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator

from core.fiscal import fiscal_year_bounds, period_fiscal_year
from core.thai import normalize_thai
from core.validation import Issue

from . import FORMAT, SCHEMA_FILE

__all__ = [
    "MergedKpi",
    "Resolution",
    "Validation",
    "json_path",
    "load_schema",
    "merge_duplicate_kpis",
    "normalize_document",
    "normalize_text",
    "validate_document",
]

HUNDRED = Decimal(100)
SCALE_KINDS_WITH_FIVE_LEVELS = frozenset({"rubric", "bands", "points"})
STATUSES_WITH_AMOUNT = frozenset({"amount", "not_funded"})


# --- helpers ---------------------------------------------------------------------------------


@cache
def load_schema() -> dict[str, Any]:
    """The JSON Schema shipped beside this module (package data)."""
    text = resources.files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    return json.loads(text)


@cache
def _schema_validator() -> Draft202012Validator:
    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def json_path(parts: Iterable[str | int]) -> str:
    """``["kpis", 3, "scale"]`` → ``"kpis[3].scale"``; the document itself is ``"$"``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "$"


def _join(path: str, *parts: str | int) -> str:
    base = "" if path == "$" else path
    for part in parts:
        if isinstance(part, int):
            base += f"[{part}]"
        else:
            base += f".{part}" if base else str(part)
    return base or "$"


def normalize_text(text: str) -> str:
    """``normalize_thai`` line by line, so multi-line fields keep their line breaks."""
    if "\n" not in text and "\r" not in text:
        return normalize_thai(text)
    lines = [normalize_thai(line) for line in text.splitlines()]
    return "\n".join(lines).strip("\n")


def normalize_document(value: Any) -> Any:
    """A copy of *value* with every string (not keys) normalised; PDF text then matches."""
    if isinstance(value, str):
        return normalize_text(value)
    if isinstance(value, dict):
        return {key: normalize_document(item) for key, item in value.items()}
    if isinstance(value, list):
        return [normalize_document(item) for item in value]
    return value


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _items(container: dict[str, Any], key: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Enumerate the objects of a list; wrong types were already reported by the schema."""
    value = container.get(key)
    if not isinstance(value, list):
        return
    for index, item in enumerate(value):
        if isinstance(item, dict):
            yield index, item


def _strings(container: dict[str, Any], key: str) -> Iterator[tuple[int, str]]:
    value = container.get(key)
    if not isinstance(value, list):
        return
    for index, item in enumerate(value):
        if isinstance(item, str):
            yield index, item


def _str(container: dict[str, Any], key: str) -> str:
    value = container.get(key)
    return value if isinstance(value, str) else ""


def _int(container: dict[str, Any], key: str) -> int | None:
    value = container.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def to_decimal(value: Any) -> Decimal | None:
    """A decimal string of the format as a Decimal; anything else (already reported) → None."""
    if not isinstance(value, str):
        return None
    try:
        result = Decimal(value)
    except InvalidOperation:
        return None
    return result if result.is_finite() else None


def fmt_number(value: Decimal) -> str:
    """``90`` / ``97.5`` / ``1,227,200.00`` as people read it in messages."""
    if abs(value) >= 1000:
        return f"{value:,.2f}"
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:.2f}"


# --- results ---------------------------------------------------------------------------------


@dataclass
class MergedKpi:
    """A KPI as imported: rows sharing a code are merged into the first (its ``index``)."""

    index: int
    data: dict[str, Any]
    target_paths: list[str] = field(default_factory=list)
    baseline_paths: list[str] = field(default_factory=list)


@dataclass
class Resolution:
    """What the document's codes point at, worked out once and reused by the importer."""

    main_framework: str = ""
    related_frameworks: list[str] = field(default_factory=list)
    # unit code as written → registry code, or None when unknown (kept as text, flagged)
    units: dict[str, str | None] = field(default_factory=dict)
    # framework code → node code → level key (document nodes plus stored ones)
    nodes: dict[str, dict[str, str]] = field(default_factory=dict)

    def unit(self, code: str | None) -> str | None:
        return self.units.get(code) if code else None

    def node(self, ref: str | None) -> tuple[str, str] | None:
        """``"3.1"`` (main framework) or ``"SPS-2567/1.1"`` → (framework code, node code)."""
        if not ref:
            return None
        if ref in self.nodes.get(self.main_framework, {}):
            return self.main_framework, ref
        fw_code, sep, code = ref.partition("/")
        if sep and fw_code in self.nodes and code in self.nodes[fw_code]:
            return fw_code, code
        return None


@dataclass
class Validation:
    document: dict[str, Any]
    errors: list[Issue] = field(default_factory=list)
    flags: list[Issue] = field(default_factory=list)
    resolution: Resolution = field(default_factory=Resolution)
    kpis: list[MergedKpi] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# --- schema pass -----------------------------------------------------------------------------

_TYPE_TH = {
    "string": "ข้อความ",
    "integer": "จำนวนเต็ม",
    "number": "ตัวเลข",
    "boolean": "true/false",
    "array": "รายการ (array)",
    "object": "ออบเจกต์ (object)",
    "null": "null",
}


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _schema_issues(document: Any) -> list[Issue]:
    issues: list[Issue] = []
    errors = sorted(
        _schema_validator().iter_errors(document),
        key=lambda e: [(0, p, "") if isinstance(p, int) else (1, 0, p) for p in e.absolute_path],
    )
    for error in errors:
        parts = list(error.absolute_path)
        path = json_path(parts)
        hint = error.schema.get("description") if isinstance(error.schema, dict) else None
        kind = error.validator
        instance = error.instance
        if kind == "required":
            for key in error.validator_value:
                if isinstance(instance, dict) and key not in instance:
                    issues.append(Issue("schema", f"ต้องมีคีย์ “{key}”", json_path([*parts, key])))
            continue
        if kind == "additionalProperties":
            allowed = set(error.schema.get("properties", {}))
            for key in instance:
                if key not in allowed:
                    message = f"ไม่รู้จักคีย์ “{key}” (รูปแบบ {FORMAT} ไม่มีคีย์นี้)"
                    issues.append(Issue("schema", message, json_path([*parts, key])))
            continue
        if kind == "type":
            expected = error.validator_value
            expected = expected if isinstance(expected, list) else [expected]
            wanted = " หรือ ".join(_TYPE_TH.get(t, t) for t in expected)
            message = hint or f"ชนิดข้อมูลไม่ถูกต้อง: ต้องเป็น{wanted}"
            message += f" (ได้ {_show(instance)})"
        elif kind == "enum":
            allowed_values = ", ".join(_show(v) for v in error.validator_value)
            message = f"ค่า {_show(instance)} ใช้ไม่ได้ ต้องเป็นค่าใดค่าหนึ่งใน: {allowed_values}"
        elif kind == "const":
            message = (
                hint or f"ต้องเป็น {_show(error.validator_value)}"
            ) + f" (ได้ {_show(instance)})"
        elif kind in ("pattern", "minimum", "maximum"):
            if hint:
                message = f"{hint} (ได้ {_show(instance)})"
            elif kind == "minimum":
                message = f"ต้องไม่น้อยกว่า {error.validator_value} (ได้ {_show(instance)})"
            elif kind == "maximum":
                message = f"ต้องไม่มากกว่า {error.validator_value} (ได้ {_show(instance)})"
            else:
                message = f"รูปแบบไม่ถูกต้อง (ได้ {_show(instance)})"
        elif kind == "minLength":
            n = error.validator_value
            message = "ต้องไม่เป็นข้อความว่าง" if n == 1 else f"ต้องยาวอย่างน้อย {n} ตัวอักษร"
        elif kind == "maxLength":
            message = f"ยาวเกิน {error.validator_value} ตัวอักษร (ยาว {len(instance)})"
        elif kind == "minItems":
            message = f"ต้องมีอย่างน้อย {error.validator_value} รายการ"
        elif kind == "maxItems":
            message = f"มีได้ไม่เกิน {error.validator_value} รายการ"
        else:  # pragma: no cover - keywords the schema does not use today
            message = f"ข้อมูลไม่ถูกต้อง: {error.message}"
        issues.append(Issue("schema", message, path))
    return issues


# --- semantic pass ---------------------------------------------------------------------------


def merge_duplicate_kpis(rows: list[tuple[int, dict[str, Any]]]) -> list[MergedKpi]:
    """Merge KPI rows that repeat a code into the first row with that code.

    Seeds list some KPIs twice (once per strategy they serve). The first row wins; the later row
    fills what the first leaves empty, adds links (nodes, policies), years the first lacks and
    responsibilities it does not repeat, and supplies the scale only when the first has none.
    """
    merged: dict[str, MergedKpi] = {}
    for index, row in rows:
        code = _str(row, "code")
        path = f"kpis[{index}]"
        target_paths = [f"{path}.targets[{j}]" for j, _ in _items(row, "targets")]
        baseline_paths = [f"{path}.baselines[{j}]" for j, _ in _items(row, "baselines")]
        if code not in merged:
            data = dict(row)
            data["targets"] = [t for _, t in _items(row, "targets")]
            data["baselines"] = [b for _, b in _items(row, "baselines")]
            merged[code] = MergedKpi(index, data, target_paths, baseline_paths)
            continue
        first = merged[code]
        data = first.data
        for key, value in row.items():
            if key in ("targets", "baselines"):
                continue
            current = data.get(key)
            if key in ("nodes", "policies", "responsibilities") and isinstance(value, list):
                seen = list(current) if isinstance(current, list) else []
                data[key] = seen + [v for v in value if v not in seen]
            elif key == "scale":
                if not _scale_has_rows(_dict(current)) and _scale_has_rows(_dict(value)):
                    data[key] = value
            elif current in (None, "", []) or key not in data:
                data[key] = value
        for key, paths, own_paths in (
            ("targets", first.target_paths, target_paths),
            ("baselines", first.baseline_paths, baseline_paths),
        ):
            years = {item.get("year") for item in data[key]}
            for (_, item), item_path in zip(_items(row, key), own_paths, strict=True):
                if item.get("year") not in years:
                    data[key].append(item)
                    paths.append(item_path)
                    years.add(item.get("year"))
    return list(merged.values())


def _scale_has_rows(scale: dict[str, Any]) -> bool:
    return any(scale.get(key) for key in ("levels", "steps", "parts"))


class _Checker:
    """One validation run; ``error``/``flag`` collect, nothing raises."""

    def __init__(self, document: dict[str, Any]):
        self.doc = document
        self.errors: list[Issue] = []
        self.flags: list[Issue] = []
        self.res = Resolution()
        year = _int(document, "fiscal_year")
        self.fiscal_year = year if year is not None and 2400 <= year <= 2800 else None
        self.policy_codes: set[str] = set()
        self.kpi_codes: set[str] = set()
        self.adoption_nodes: set[tuple[str, str]] = set()
        self.component_weights: dict[str, Decimal | None] = {}
        self.merged: list[MergedKpi] = []

    def error(self, path: str, message: str) -> None:
        self.errors.append(Issue("error", message, path))

    def flag(self, path: str, code: str, message: str) -> None:
        self.flags.append(Issue(code, message, path, severity="warning"))

    # -- registry lookups (read-only) --

    def _unit_codes_used(self) -> set[str]:
        doc = self.doc
        codes = {_str(doc, "org_unit")}
        for _, unit in _items(doc, "org_units"):
            codes |= {_str(unit, "code"), _str(unit, "parent")}
        for fw in self._framework_docs():
            codes.add(_str(fw[1], "owner_unit"))
            for _, node in _items(fw[1], "nodes"):
                codes |= {c for _, c in _strings(node, "host_units")}
        for _, adoption in _items(_dict(doc.get("plan")), "adoptions"):
            codes |= {c for _, c in _strings(adoption, "lead_units")}
            codes |= {c for _, c in _strings(adoption, "supporting_units")}
        for _, kpi in _items(doc, "kpis"):
            codes |= {_str(r, "unit") for _, r in _items(kpi, "responsibilities")}
        for _, project in _items(doc, "projects"):
            codes |= {c for _, c in _strings(project, "owner_units")}
        codes.discard("")
        return codes

    def _load_units(self) -> None:
        from orgs.models import OrgUnit

        used = self._unit_codes_used()
        stored = set(OrgUnit.objects.filter(code__in=used).values_list("code", flat=True))
        units: dict[str, str | None] = {code: code for code in stored}
        for _, unit in _items(self.doc, "org_units"):
            code = _str(unit, "code")
            if code:
                units.setdefault(code, code)
        missing = used - set(units)
        if missing:
            aliases: dict[str, str] = {}
            for code, names in OrgUnit.objects.exclude(aliases=[]).values_list("code", "aliases"):
                for name in names if isinstance(names, list) else []:
                    if isinstance(name, str):
                        aliases.setdefault(normalize_thai(name), code)
            for _, unit in _items(self.doc, "org_units"):
                for _, name in _strings(unit, "aliases"):
                    aliases.setdefault(name, _str(unit, "code"))
            for code in missing:
                units[code] = aliases.get(code)
        self.res.units = units

    def _known_unit(self, path: str, code: str, where: str) -> None:
        if code and self.res.units.get(code) is None:
            self.flag(
                path,
                "unknown_unit",
                f"ไม่พบหน่วยงาน “{code}” ในทะเบียนหรือใน org_units ({where}) จึงเก็บไว้เป็นข้อความ",
            )

    def _framework_docs(self) -> list[tuple[str, dict[str, Any]]]:
        out = [("framework", _dict(self.doc.get("framework")))]
        out += [
            (f"related_frameworks[{i}]", fw) for i, fw in _items(self.doc, "related_frameworks")
        ]
        return out

    # -- sections of the document --

    def run(self) -> None:
        self._load_units()
        self._org_units()
        self._frameworks()
        self._policies()
        self._plan()
        self._components()
        self._kpis()
        self._projects()

    def _org_units(self) -> None:
        seen: set[str] = set()
        doc_codes = {_str(u, "code") for _, u in _items(self.doc, "org_units")}
        for i, unit in _items(self.doc, "org_units"):
            path = f"org_units[{i}]"
            code = _str(unit, "code")
            if code in seen:
                self.error(f"{path}.code", f"หน่วยงาน “{code}” ซ้ำใน org_units")
            parent = _str(unit, "parent")
            if parent:
                if parent == code:
                    self.error(f"{path}.parent", "หน่วยงานเป็นระดับบนของตัวเองไม่ได้")
                elif parent in doc_codes and parent not in seen:
                    self.error(
                        f"{path}.parent",
                        f"ต้องระบุหน่วยงานระดับบน “{parent}” ก่อนหน่วยงานย่อยใน org_units",
                    )
                elif parent not in doc_codes and self.res.units.get(parent) is None:
                    self.error(
                        f"{path}.parent",
                        f"ไม่พบหน่วยงานระดับบน “{parent}” ทั้งในทะเบียนและใน org_units",
                    )
            seen.add(code)
        code = _str(self.doc, "org_unit")
        if code and self.res.units.get(code) is None:
            self.error("org_unit", f"ไม่พบหน่วยงานเจ้าของแผน “{code}” ทั้งในทะเบียนและใน org_units")

    def _frameworks(self) -> None:
        from frameworks.models import FrameworkNode

        framework_docs = self._framework_docs()
        codes = [_str(fw, "code") for _, fw in framework_docs]
        self.res.main_framework = codes[0]
        stored: dict[str, dict[str, str]] = {}
        for fw_code, code, level in FrameworkNode.objects.filter(
            framework__code__in=[c for c in codes if c]
        ).values_list("framework__code", "code", "level__key"):
            stored.setdefault(fw_code, {})[code] = level
        seen: set[str] = set()
        for (path, fw), code in zip(framework_docs, codes, strict=True):
            if not code:
                continue
            if code in seen:
                self.error(f"{path}.code", f"กรอบยุทธศาสตร์ “{code}” ซ้ำในเอกสาร")
                continue
            seen.add(code)
            if path != "framework":
                self.res.related_frameworks.append(code)
            self._framework(path, fw, stored.get(code, {}))
        main = _dict(self.doc.get("framework"))
        first, last = _int(main, "fiscal_year"), _int(main, "last_fiscal_year")
        if first and self.fiscal_year and not first <= self.fiscal_year <= (last or first):
            self.error(
                "framework.fiscal_year",
                f"กรอบยุทธศาสตร์ “{codes[0]}” ใช้กับปีงบประมาณ {first}"
                + (f"–{last}" if last else "")
                + f" ไม่ครอบคลุมปีงบประมาณของแผน ({self.fiscal_year})",
            )

    def _framework(self, path: str, fw: dict[str, Any], stored: dict[str, str]) -> None:
        first, last = _int(fw, "fiscal_year"), _int(fw, "last_fiscal_year")
        if first and last and last < first:
            self.error(f"{path}.last_fiscal_year", "ปีสุดท้ายต้องไม่ก่อนปีเริ่มต้นของกรอบยุทธศาสตร์")
        self._known_unit(f"{path}.owner_unit", _str(fw, "owner_unit"), "หน่วยงานเจ้าของกรอบ")
        level_order: dict[str, int] = {}
        for i, level in _items(fw, "levels"):
            key = _str(level, "key")
            if key in level_order:
                self.error(f"{path}.levels[{i}].key", f"ระดับ “{key}” ซ้ำในกรอบยุทธศาสตร์")
            level_order.setdefault(key, i)
        nodes: dict[str, str] = dict(stored)
        doc_codes = {_str(n, "code") for _, n in _items(fw, "nodes")}
        seen: set[str] = set()
        for i, node in _items(fw, "nodes"):
            node_path = f"{path}.nodes[{i}]"
            code, level = _str(node, "code"), _str(node, "level")
            if code in seen:
                self.error(f"{node_path}.code", f"รหัสหัวข้อ “{code}” ซ้ำในกรอบยุทธศาสตร์")
            if level and level not in level_order:
                self.error(f"{node_path}.level", f"ไม่มีระดับ “{level}” ใน levels ของกรอบนี้")
            parent = _str(node, "parent_code")
            if parent:
                if parent == code:
                    self.error(f"{node_path}.parent_code", "หัวข้อเป็นระดับบนของตัวเองไม่ได้")
                elif parent in doc_codes and parent not in seen:
                    self.error(
                        f"{node_path}.parent_code",
                        f"ต้องระบุหัวข้อระดับบน “{parent}” ก่อนหัวข้อย่อย",
                    )
                elif parent not in nodes and parent not in doc_codes:
                    self.error(f"{node_path}.parent_code", f"ไม่พบหัวข้อระดับบน “{parent}” ในกรอบนี้")
                else:
                    parent_level = nodes.get(parent, "")
                    if (
                        parent_level in level_order
                        and level in level_order
                        and level_order[parent_level] >= level_order[level]
                    ):
                        self.error(
                            f"{node_path}.level",
                            f"หัวข้อระดับบน “{parent}” ({parent_level}) ต้องอยู่ในระดับที่สูงกว่า “{level}”",
                        )
            for j, unit in _strings(node, "host_units"):
                self._known_unit(f"{node_path}.host_units[{j}]", unit, "หน่วยงานหลัก (H)")
            if code:
                seen.add(code)
                nodes[code] = level
        self.res.nodes[_str(fw, "code")] = nodes

    def _node_ref(self, path: str, ref: Any) -> None:
        if isinstance(ref, str) and ref and self.res.node(ref) is None:
            self.error(
                path,
                f"ไม่พบหัวข้อ “{ref}” ในกรอบยุทธศาสตร์ของเอกสาร (ใช้รหัสของกรอบหลัก "
                "หรือ “รหัสกรอบ/รหัสหัวข้อ” ของกรอบที่อ้างถึง)",
            )

    def _policies(self) -> None:
        from frameworks.models import Policy

        seen: set[str] = set()
        for i, policy in _items(self.doc, "policies"):
            code = _str(policy, "code")
            if code in seen:
                self.error(f"policies[{i}].code", f"รหัสนโยบาย “{code}” ซ้ำ")
            seen.add(code)
        used: set[str] = set()
        for key in ("kpis", "projects"):
            for _, row in _items(self.doc, key):
                used |= {c for _, c in _strings(row, "policies")}
        stored = set(Policy.objects.filter(code__in=used - seen).values_list("code", flat=True))
        self.policy_codes = seen | stored

    def _policy_refs(self, path: str, row: dict[str, Any]) -> None:
        for j, code in _strings(row, "policies"):
            if code not in self.policy_codes:
                self.error(
                    f"{path}.policies[{j}]",
                    f"ไม่พบนโยบายรหัส “{code}” ทั้งใน policies และในทะเบียนนโยบาย",
                )

    def _plan(self) -> None:
        plan = _dict(self.doc.get("plan"))
        keys: set[str] = set()
        for i, section in _items(plan, "sections"):
            path = f"plan.sections[{i}]"
            key = _str(section, "key")
            if key in keys:
                self.error(f"{path}.key", f"รหัสส่วน “{key}” ซ้ำในแผน")
            keys.add(key)
            self._node_ref(f"{path}.node", section.get("node"))
            table = _dict(section.get("table"))
            columns = table.get("columns")
            width = len(columns) if isinstance(columns, list) else 0
            rows = table.get("rows")
            for j, row in enumerate(rows if isinstance(rows, list) else []):
                if width and isinstance(row, list) and len(row) != width:
                    self.error(
                        f"{path}.table.rows[{j}]",
                        f"แถวมี {len(row)} ช่อง ไม่เท่ากับจำนวนหัวตาราง ({width})",
                    )
        swot_codes: set[str] = set()
        for i, item in _items(plan, "swot"):
            code, quadrant = _str(item, "code"), _str(item, "quadrant")
            if code in swot_codes:
                self.error(f"plan.swot[{i}].code", f"รหัส SWOT “{code}” ซ้ำ")
            swot_codes.add(code)
            if code and quadrant and not code.upper().startswith(quadrant):
                self.error(f"plan.swot[{i}].code", f"รหัส “{code}” ต้องขึ้นต้นด้วยอักษรของด้าน {quadrant}")
        for i, item in _items(plan, "tows"):
            for j, code in _strings(item, "factor_codes"):
                if code not in swot_codes:
                    self.flag(
                        f"plan.tows[{i}].factor_codes[{j}]",
                        "unknown_swot_code",
                        f"กลยุทธ์ TOWS อ้างปัจจัย “{code}” ที่ไม่มีใน SWOT ของแผน",
                    )
        for i, adoption in _items(plan, "adoptions"):
            path = f"plan.adoptions[{i}]"
            ref = adoption.get("node")
            self._node_ref(f"{path}.node", ref)
            resolved = self.res.node(ref) if isinstance(ref, str) else None
            if resolved:
                if resolved in self.adoption_nodes:
                    self.error(f"{path}.node", f"รับหัวข้อ “{ref}” มาดำเนินการซ้ำในแผน")
                self.adoption_nodes.add(resolved)
            for key, label in (("lead_units", "หน่วยงานหลัก"), ("supporting_units", "สนับสนุน")):
                for j, unit in _strings(adoption, key):
                    self._known_unit(f"{path}.{key}[{j}]", unit, label)

    def _components(self) -> None:
        seen: set[str] = set()
        for i, component in _items(self.doc, "components"):
            path = f"components[{i}]"
            code = _str(component, "code")
            if code in seen:
                self.error(f"{path}.code", f"รหัสองค์ประกอบ “{code}” ซ้ำ")
            parent = _str(component, "parent")
            if parent and parent not in seen:
                all_codes = {_str(c, "code") for _, c in _items(self.doc, "components")}
                message = (
                    f"ต้องระบุองค์ประกอบหลัก “{parent}” ก่อนองค์ประกอบย่อย"
                    if parent in all_codes
                    else f"ไม่พบองค์ประกอบหลัก “{parent}” ใน components"
                )
                self.error(f"{path}.parent", message)
            seen.add(code)
            self.component_weights[code] = to_decimal(component.get("weight"))

    def _kpis(self) -> None:
        rows = list(_items(self.doc, "kpis"))
        first_index: dict[str, int] = {}
        for i, kpi in rows:
            path = f"kpis[{i}]"
            code = _str(kpi, "code")
            if code in first_index:
                self.flag(
                    f"{path}.code",
                    "duplicate_kpi_code",
                    f"รหัสตัวชี้วัด “{code}” ซ้ำกับ kpis[{first_index[code]}] จึงรวมแถวนี้เข้ากับแถวแรก",
                )
            elif code:
                first_index[code] = i
            self._kpi(path, kpi)
        self.kpi_codes = set(first_index)
        self.merged = merge_duplicate_kpis(rows)
        self._component_weight_flags()

    def _kpi(self, path: str, kpi: dict[str, Any]) -> None:
        component = kpi.get("component")
        if isinstance(component, str) and component not in self.component_weights:
            self.error(f"{path}.component", f"ไม่พบองค์ประกอบ “{component}” ใน components")
        if isinstance(component, str) and kpi.get("weight") is None:
            self.error(f"{path}.weight", "ตัวชี้วัดในองค์ประกอบการประเมินต้องมีน้ำหนัก")
        adoption = kpi.get("adoption")
        if isinstance(adoption, str):
            resolved = self.res.node(adoption)
            if resolved is None:
                self._node_ref(f"{path}.adoption", adoption)
            elif resolved not in self.adoption_nodes:
                self.error(
                    f"{path}.adoption",
                    f"แผนไม่ได้รับหัวข้อ “{adoption}” มาดำเนินการ (ไม่มีใน plan.adoptions)",
                )
        for j, ref in _strings(kpi, "nodes"):
            self._node_ref(f"{path}.nodes[{j}]", ref)
        self._policy_refs(path, kpi)
        target_level = to_decimal(kpi.get("target_level"))
        if target_level is not None and target_level > 5:
            self.error(f"{path}.target_level", "ระดับเป้าหมายต้องอยู่ระหว่าง 0 ถึง 5")
        for key in ("baselines", "targets"):
            years: set[int] = set()
            for j, item in _items(kpi, key):
                year = _int(item, "year")
                if year in years:
                    self.error(f"{path}.{key}[{j}].year", f"ปี {year} ซ้ำใน {key}")
                if year is not None:
                    years.add(year)
        for j, resp in _items(kpi, "responsibilities"):
            unit = resp.get("unit")
            if not unit and not _str(resp, "unit_text"):
                self.error(
                    f"{path}.responsibilities[{j}]",
                    "ต้องระบุหน่วยงาน (unit) หรือชื่อหน่วยงานตามเอกสาร (unit_text)",
                )
            if isinstance(unit, str):
                self._known_unit(f"{path}.responsibilities[{j}].unit", unit, "ผู้รับผิดชอบ")
        scale = kpi.get("scale")
        if isinstance(scale, dict):
            self._scale(f"{path}.scale", scale, to_decimal(kpi.get("weight")), in_part=False)

    def _scale(self, path: str, scale: dict[str, Any], weight: Decimal | None, *, in_part: bool):
        kind = _str(scale, "kind")
        levels = list(_items(scale, "levels"))
        steps = list(_items(scale, "steps"))
        parts = list(_items(scale, "parts"))
        uses = {
            "levels": kind in SCALE_KINDS_WITH_FIVE_LEVELS or kind == "manual",
            "steps": kind == "steps",
            "parts": kind == "composite",
        }
        for key, used in uses.items():
            if kind and not used and scale.get(key):
                self.error(f"{path}.{key}", f"เกณฑ์แบบ {kind} ต้องไม่มี {key}")
        if in_part and kind == "composite":
            self.error(f"{path}.kind", "ส่วนของตัวชี้วัดประกอบต้องไม่เป็นเกณฑ์แบบ composite อีกชั้น")
        if in_part and scale.get("interpolate") is not None:
            self.error(
                f"{path}.interpolate",
                "ส่วนของตัวชี้วัดประกอบกำหนด interpolate เองไม่ได้ (ใช้ค่าของตัวชี้วัด) ต้องเป็น null",
            )
        if uses["levels"]:
            self._levels(path, kind, levels)
        if kind == "steps":
            self._scale_steps(path, steps)
        if kind == "composite" and not in_part:
            self._parts(path, parts, weight)

    def _levels(self, path: str, kind: str, levels: list[tuple[int, dict[str, Any]]]) -> None:
        seen: set[int] = set()
        for j, row in levels:
            row_path = f"{path}.levels[{j}]"
            level = _int(row, "level")
            if level in seen:
                self.error(f"{row_path}.level", f"ระดับ {level} ซ้ำในเกณฑ์")
            if level is not None and 1 <= level <= 5:
                seen.add(level)
            low, high = to_decimal(row.get("min")), to_decimal(row.get("max"))
            if low is not None and high is not None and low > high:
                self.error(f"{row_path}.max", "ค่าสูงสุดต้องไม่น้อยกว่าค่าต่ำสุด")
            if kind == "bands" and row.get("min") is None and row.get("max") is None:
                self.error(f"{row_path}.min", "เกณฑ์แบบช่วงค่า (bands) ต้องระบุ min หรือ max")
            if kind == "points" and row.get("points") is None:
                self.error(f"{row_path}.points", "เกณฑ์แบบคะแนนคงที่ (points) ต้องระบุ points")
        if kind in SCALE_KINDS_WITH_FIVE_LEVELS:
            missing = [str(n) for n in range(1, 6) if n not in seen]
            if missing:
                self.error(
                    f"{path}.levels",
                    f"เกณฑ์แบบ {kind} ต้องมีระดับ 1–5 ครบ ระดับละหนึ่งแถว (ขาดระดับ {', '.join(missing)})",
                )

    def _scale_steps(self, path: str, steps: list[tuple[int, dict[str, Any]]]) -> None:
        if not steps:
            self.error(f"{path}.steps", "เกณฑ์แบบขั้นตอน (steps) ต้องมีอย่างน้อย 1 ขั้น")
            return
        orders: set[int] = set()
        total = Decimal(0)
        for j, step in steps:
            order = _int(step, "order")
            if order in orders:
                self.error(f"{path}.steps[{j}].order", f"ขั้นที่ {order} ซ้ำ")
            if order is not None:
                orders.add(order)
            total += to_decimal(step.get("points")) or 0
            deadline = step.get("deadline")
            if isinstance(deadline, str):
                try:
                    date.fromisoformat(deadline)
                except ValueError:
                    self.error(f"{path}.steps[{j}].deadline", f"ไม่มีวันที่ {deadline} ในปฏิทิน")
        if total != HUNDRED:
            self.flag(
                f"{path}.steps",
                "scale_points",
                f"คะแนนของขั้นตอนในเกณฑ์รวมกันได้ {fmt_number(total)} ไม่เท่ากับ 100",
            )

    def _parts(self, path: str, parts: list[tuple[int, dict[str, Any]]], weight: Decimal | None):
        if not parts:
            self.error(f"{path}.parts", "ตัวชี้วัดประกอบ (composite) ต้องมีอย่างน้อย 1 ส่วน")
            return
        indexes: set[int] = set()
        total = Decimal(0)
        for j, part in parts:
            part_path = f"{path}.parts[{j}]"
            index = _int(part, "index")
            if index in indexes:
                self.error(f"{part_path}.index", f"ส่วนที่ {index} ซ้ำ")
            if index is not None:
                indexes.add(index)
            part_weight = to_decimal(part.get("weight"))
            total += part_weight or 0
            scale = part.get("scale")
            if isinstance(scale, dict):
                self._scale(f"{part_path}.scale", scale, part_weight, in_part=True)
        if weight is not None and total != weight:
            self.flag(
                f"{path}.parts",
                "part_weights",
                f"น้ำหนักของส่วนย่อยรวมกันได้ {fmt_number(total)} ไม่เท่ากับน้ำหนักตัวชี้วัด "
                f"({fmt_number(weight)})",
            )

    def _component_weight_flags(self) -> None:
        children: dict[str, list[Decimal]] = {}
        for _, component in _items(self.doc, "components"):
            parent = _str(component, "parent")
            if parent:
                children.setdefault(parent, []).append(
                    to_decimal(component.get("weight")) or Decimal(0)
                )
        kpi_weights: dict[str, list[Decimal]] = {}
        for kpi in self.merged:
            component = kpi.data.get("component")
            if isinstance(component, str):
                weight = to_decimal(kpi.data.get("weight")) or Decimal(0)
                kpi_weights.setdefault(component, []).append(weight)
        for i, component in _items(self.doc, "components"):
            code = _str(component, "code")
            weight = to_decimal(component.get("weight"))
            if weight is None:
                continue
            for source, label in ((children, "องค์ประกอบย่อย"), (kpi_weights, "ตัวชี้วัด")):
                if code in source and sum(source[code]) != weight:
                    self.flag(
                        f"components[{i}].weight",
                        "component_weights",
                        f"น้ำหนัก{label}ในองค์ประกอบ {code} รวมกันได้ "
                        f"{fmt_number(sum(source[code], Decimal(0)))} ไม่เท่ากับน้ำหนักขององค์ประกอบ"
                        f" ({fmt_number(weight)})",
                    )

    def _projects(self) -> None:
        seen: set[str] = set()
        for i, project in _items(self.doc, "projects"):
            path = f"projects[{i}]"
            code = _str(project, "code")
            if code in seen:
                self.error(f"{path}.code", f"รหัสโครงการ “{code}” ซ้ำในแผน")
            seen.add(code)
            self._project(path, project)

    def _project(self, path: str, project: dict[str, Any]) -> None:
        code = _str(project, "code")
        kpis = {c for _, c in _strings(project, "kpis")}
        for j, kpi in _strings(project, "kpis"):
            if kpi not in self.kpi_codes:
                self.error(f"{path}.kpis[{j}]", f"ไม่พบตัวชี้วัดรหัส “{kpi}” ใน kpis ของแผน")
        primary = project.get("primary_kpi")
        if isinstance(primary, str) and primary not in kpis:
            self.error(f"{path}.primary_kpi", f"ตัวชี้วัดหลัก “{primary}” ต้องอยู่ใน kpis ของโครงการ")
        for j, ref in _strings(project, "nodes"):
            self._node_ref(f"{path}.nodes[{j}]", ref)
        self._policy_refs(path, project)
        for j, unit in _strings(project, "owner_units"):
            self._known_unit(f"{path}.owner_units[{j}]", unit, "หน่วยงานรับผิดชอบโครงการ")
        if project.get("expense_class") is not None and project.get("part") != 3:
            self.error(f"{path}.expense_class", "การจำแนกรายจ่ายใช้กับส่วนที่ 3 เท่านั้น")
        for j, line in _items(project, "budget_lines"):
            status, amount = _str(line, "status"), line.get("amount")
            if status in STATUSES_WITH_AMOUNT and amount is None:
                self.error(f"{path}.budget_lines[{j}].amount", f"สถานะ “{status}” ต้องระบุจำนวนเงิน")
            elif status and status not in STATUSES_WITH_AMOUNT and amount is not None:
                self.error(
                    f"{path}.budget_lines[{j}].amount",
                    f"สถานะ “{status}” ต้องไม่ระบุจำนวนเงิน (ใช้ null; “-” ไม่ใช่ 0)",
                )
        self._work_steps(path, code, list(_items(project, "steps")))

    def _work_steps(self, path: str, code: str, steps: list[tuple[int, dict[str, Any]]]) -> None:
        orders: set[int] = set()
        running = Decimal(0)
        for j, step in steps:
            step_path = f"{path}.steps[{j}]"
            order = _int(step, "order")
            if order in orders:
                self.error(f"{step_path}.order", f"ขั้นที่ {order} ซ้ำ")
            if order is not None:
                orders.add(order)
            weight = to_decimal(step.get("weight"))
            if weight is not None and weight > HUNDRED:
                self.error(f"{step_path}.weight", "ร้อยละของขั้นตอนต้องไม่เกิน 100")
            running += weight or 0
            stated = to_decimal(step.get("stated_cumulative"))
            if stated is not None and stated != running:
                self.flag(
                    f"{step_path}.stated_cumulative",
                    "cumulative_mismatch",
                    f"โครงการ {code} ขั้นที่ {order}: ร้อยละสะสมตามเอกสาร {fmt_number(stated)} "
                    f"ไม่ตรงกับผลรวมของร้อยละขั้นตอน ({fmt_number(running)})",
                )
            for k, month in _strings(step, "planned_months"):
                self._month(f"{step_path}.planned_months[{k}]", month)
        if steps and running != HUNDRED:
            self.flag(
                f"{path}.steps",
                "step_weights",
                f"โครงการ {code}: ร้อยละของขั้นตอนรวมกันได้ {fmt_number(running)} ต้องเท่ากับ 100 พอดี",
            )

    def _month(self, path: str, month: str) -> None:
        if self.fiscal_year is None or not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", month):
            return  # the schema reported the format
        try:
            year = period_fiscal_year(month)
        except ValueError as exc:
            self.error(path, str(exc))
            return
        if year != self.fiscal_year:
            first, last = fiscal_year_bounds(self.fiscal_year)
            start, end = f"{first:%Y-%m}", f"{last:%Y-%m}"
            self.error(
                path,
                f"เดือน {month} อยู่นอกปีงบประมาณ {self.fiscal_year} ({start} ถึง {end})",
            )


def validate_document(document: Any) -> Validation:
    """Normalise *document* and check it completely; never raises for bad content."""
    if not isinstance(document, dict):
        issue = Issue("schema", "เอกสารต้องเป็นออบเจกต์ JSON (object)", "$")
        return Validation(document={}, errors=[issue])
    normalized = normalize_document(document)
    result = Validation(document=normalized)
    result.errors.extend(_schema_issues(normalized))
    if normalized.get("format") != FORMAT:
        return _dedupe(result)  # another format: field checks would only add noise
    checker = _Checker(normalized)
    checker.run()
    result.errors.extend(checker.errors)
    result.flags.extend(checker.flags)
    result.resolution = checker.res
    result.kpis = checker.merged
    return _dedupe(result)


def _dedupe(result: Validation) -> Validation:
    for name in ("errors", "flags"):
        seen: set[tuple[str, str]] = set()
        unique = []
        for issue in getattr(result, name):
            key = (issue.path, issue.message)
            if key not in seen:
                seen.add(key)
                unique.append(issue)
        setattr(result, name, unique)
    return result
