"""Import a ``bmaplan/1`` document: validate everything, then write everything or nothing.

The document is the whole plan: rows are matched by their codes (so a second import updates and
never duplicates), rows the document no longer names are deleted, and child lists without codes
of their own are brought in line position by position (so unchanged rows keep their ids and the
progress reports hanging off them). Rows are written only when a value really changed, which
makes the report's ``updated`` counts mean something and keeps ``version`` stable on a re-import.
"""

from __future__ import annotations

import re
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import zip_longest
from typing import Any

import nh3
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, models, transaction
from django.db.models import F

from core.validation import Issue
from frameworks.models import Framework, FrameworkLevel, FrameworkNode, Policy
from kpis.models import (
    CompositePart,
    Kpi,
    KpiResponsibility,
    KpiYearValue,
    ScaleKind,
    ScaleLevel,
    ScaleStep,
    YearValueKind,
)
from orgs.models import OrgUnit
from plans.models import Adoption, Component, Plan, PlanSection, SwotItem, TowsStrategy
from plans.selectors import plan_budget_totals
from projects.models import BudgetLine, ExpenseClass, ExpenseLevel, Project, ProjectKpi, WorkStep

from .validate import MergedKpi, Validation, fmt_number, to_decimal, validate_document

__all__ = ["ALLOWED_TAGS", "ImportReport", "import_plan_document", "sanitize_html"]

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "b", "em", "i", "u", "h2", "h3", "h4", "ul", "ol", "li"}
    | {"table", "thead", "tbody", "tr", "th", "td"}
)
ALLOWED_ATTRIBUTES = {"td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
STATED_TOTAL_KEYS = ("part1", "part2", "part3", "key_projects", "routine")
COMPARED_TOTALS = {"part1": "ส่วนที่ 1", "part2": "ส่วนที่ 2", "part3": "ส่วนที่ 3"}
EXPENSE_LEVELS = (
    ExpenseLevel.SIDE,
    ExpenseLevel.PROGRAM,
    ExpenseLevel.OUTPUT,
    ExpenseLevel.EXPENSE_TYPE,
)
_TAG_RE = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9]*)")
CENT = Decimal("0.01")


def sanitize_html(html: str) -> str:
    """Keep only the tags the format allows (docs/interchange.md); drop scripts and styles."""
    if not html:
        return ""
    return nh3.clean(
        html, tags=set(ALLOWED_TAGS), attributes=ALLOWED_ATTRIBUTES, link_rel=None
    ).strip()


@dataclass
class ImportReport:
    """What an import did (or, with ``dry_run``, would do). ``to_dict`` is the API answer."""

    ok: bool
    org_unit: str = ""
    fiscal_year: int | None = None
    plan_id: int | None = None
    dry_run: bool = False
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    flags: list[dict[str, str]] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "dry_run": self.dry_run,
            "plan": {
                "id": self.plan_id,
                "org_unit": self.org_unit,
                "fiscal_year": self.fiscal_year,
            },
            "created": dict(self.created),
            "updated": dict(self.updated),
            "deleted": dict(self.deleted),
            "flags": list(self.flags),
            "errors": list(self.errors),
        }


def _flag_dict(issue: Issue) -> dict[str, str]:
    return {"path": issue.path, "code": issue.code, "message": issue.message}


def _error_dict(issue: Issue) -> dict[str, str]:
    return {"path": issue.path, "message": issue.message}


class _Abort(Exception):
    """A problem only the write phase can see; rolls the write back and becomes an error."""

    def __init__(self, path: str, message: str):
        super().__init__(message)
        self.path, self.message = path, message


@transaction.atomic
def import_plan_document(
    *, document: dict[str, Any], user: Any = None, dry_run: bool = False
) -> ImportReport:
    """Validate *document* completely, then write it in one transaction, or write nothing.

    Errors (with JSON paths) come back in the report and leave the database untouched; flags are
    facts the data contradicts and are imported anyway. ``dry_run`` does the whole write and
    rolls it back, so the report is exactly what a real import would say (the API's preview).
    ``user`` is who asked: the change history (audit app) records it with every row written.
    """
    validation = validate_document(document)
    doc = validation.document
    fiscal_year = doc.get("fiscal_year")
    report = ImportReport(
        ok=False,
        org_unit=doc.get("org_unit") if isinstance(doc.get("org_unit"), str) else "",
        fiscal_year=fiscal_year if isinstance(fiscal_year, int) else None,
        dry_run=dry_run,
        flags=[_flag_dict(f) for f in validation.flags],
    )
    if validation.errors:
        report.errors = [_error_dict(e) for e in validation.errors]
        return report
    try:
        with transaction.atomic(), _history_context(user):
            plan = _Importer(validation, report).run()
    except _Abort as exc:
        report.created, report.updated, report.deleted = {}, {}, {}
        report.errors = [{"path": exc.path, "message": exc.message}]
        return report
    except (DatabaseError, DjangoValidationError) as exc:
        report.created, report.updated, report.deleted = {}, {}, {}
        report.errors = [{"path": "$", "message": f"บันทึกข้อมูลไม่สำเร็จ: {exc}"}]
        return report
    report.ok = True
    if dry_run:
        transaction.set_rollback(True)
    else:
        report.plan_id = plan.pk
    return report


def _history_context(user: Any) -> AbstractContextManager[Any]:
    """Label this import's audit events with who ran it (the audit app's pghistory context)."""
    if getattr(user, "pk", None) is None:
        return nullcontext()  # a request's middleware context, or a command: nothing to add
    try:
        import pghistory
    except ImportError:  # pragma: no cover - the audit app is optional for the format
        return nullcontext()
    return pghistory.context(user=user.pk, source="import_plan")


def _assign(obj: models.Model, values: dict[str, Any]) -> bool:
    """Set *values* on *obj*; True when any differs from what it held."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _money(value: Any) -> Decimal | None:
    number = to_decimal(value)
    return None if number is None else number.quantize(CENT)


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


class _Importer:
    """One write of a validated document; counts what it creates, updates and deletes."""

    def __init__(self, validation: Validation, report: ImportReport):
        self.doc = validation.document
        self.res = validation.resolution
        self.merged_kpis = validation.kpis
        self.report = report
        self.units: dict[str, OrgUnit] = {}
        self.frameworks: dict[str, Framework] = {}
        self.nodes: dict[tuple[str, str], FrameworkNode] = {}
        self.policies: dict[str, Policy] = {}
        self.expense_classes: dict[tuple[str, ...], ExpenseClass] = {}

    # -- bookkeeping --

    def _count(self, bucket: str, key: str, n: int = 1) -> None:
        counts = getattr(self.report, bucket)
        if n:
            counts[key] = counts.get(key, 0) + n

    def _flag(self, path: str, code: str, message: str) -> None:
        self.report.flags.append({"path": path, "code": code, "message": message})

    def _upsert(
        self,
        key: str,
        obj: models.Model | None,
        model: type[models.Model],
        values: dict[str, Any],
        create: dict[str, Any],
    ) -> tuple[models.Model, bool]:
        """Create or update one row; returns it and whether it was written."""
        if obj is None:
            obj = model(**create, **values)
            obj.save()
            self._count("created", key)
            return obj, True
        if _assign(obj, values):
            obj.save()
            self._count("updated", key)
            return obj, True
        return obj, False

    def _sync_keyed(
        self,
        key: str,
        model: type[models.Model],
        existing: dict[Any, models.Model],
        rows: list[tuple[Any, dict[str, Any]]],
        create: dict[str, Any],
    ) -> tuple[bool, dict[Any, models.Model]]:
        """Bring rows matched by a natural key in line; delete the ones no longer named."""
        changed = False
        result: dict[Any, models.Model] = {}
        for row_key, values in rows:
            obj, written = self._upsert(key, existing.get(row_key), model, values, create)
            changed |= written
            result[row_key] = obj
        stale = [obj.pk for row_key, obj in existing.items() if row_key not in result]
        if stale:
            model.objects.filter(pk__in=stale).delete()
            self._count("deleted", key, len(stale))
            changed = True
        return changed, result

    def _sync_positional(
        self,
        key: str,
        model: type[models.Model],
        existing: list[models.Model],
        rows: list[dict[str, Any]],
        create: dict[str, Any],
    ) -> bool:
        """Bring a code-less child list in line row by row (ids stay when nothing moved)."""
        changed = False
        stale = []
        for obj, values in zip_longest(existing, rows):
            if values is None:
                stale.append(obj.pk)
                continue
            changed |= self._upsert(key, obj, model, values, create)[1]
        if stale:
            model.objects.filter(pk__in=stale).delete()
            self._count("deleted", key, len(stale))
            changed = True
        return changed

    @staticmethod
    def _set_m2m(manager: Any, current: set[int], wanted: set[int]) -> bool:
        if current == wanted:
            return False
        manager.set(wanted)
        return True

    def _unit(self, code: str | None) -> OrgUnit | None:
        canonical = self.res.unit(code)
        return self.units.get(canonical) if canonical else None

    def _unit_ids(self, codes: list[str]) -> set[int]:
        return {unit.pk for unit in map(self._unit, codes) if unit is not None}

    def _unknown_units(self, codes: list[str]) -> list[str]:
        return [code for code in codes if self._unit(code) is None]

    def _node(self, ref: str | None) -> FrameworkNode | None:
        resolved = self.res.node(ref)
        return self.nodes.get(resolved) if resolved else None

    # -- the write --

    def run(self) -> Plan:
        doc = self.doc
        self._org_units()
        self._policies()
        main = self._framework(doc["framework"], "framework")
        related = [
            self._framework(fw, f"related_frameworks[{i}]")
            for i, fw in enumerate(doc.get("related_frameworks", []))
        ]
        plan, is_new = self._plan(main, related)
        plan_doc = doc["plan"]
        self._sections(plan, plan_doc.get("sections", []), is_new)
        self._swot(plan, plan_doc.get("swot", []), is_new)
        self._tows(plan, plan_doc.get("tows", []), is_new)
        adoptions = self._adoptions(plan, plan_doc.get("adoptions", []), is_new)
        components = self._components(plan, doc.get("components", []), is_new)
        kpis = self._kpis(plan, adoptions, components, is_new)
        self._projects(plan, kpis, doc.get("projects", []), is_new)
        if not is_new:
            self._delete_unnamed(plan, kpis, components)
        self._total_flags(plan)
        return plan

    def _org_units(self) -> None:
        wanted = {code for code in self.res.units.values() if code}
        self.units = {u.code: u for u in OrgUnit.objects.filter(code__in=wanted)}
        for entry in self.doc.get("org_units", []):
            code = entry["code"]
            if code in self.units:
                continue  # the registry belongs to สยป.: an existing unit is left alone
            unit = OrgUnit(
                code=code,
                name_th=entry["name_th"],
                name_en=entry.get("name_en", ""),
                kind=entry["kind"],
                aliases=list(entry.get("aliases", [])),
                parent=self._unit(entry.get("parent")),
            )
            unit.save()
            self.units[code] = unit
            self._count("created", "org_units")

    def _policies(self) -> None:
        entries = self.doc.get("policies", [])
        used = {p["code"] for p in entries}
        for key in ("kpis", "projects"):
            for row in self.doc.get(key, []):
                used |= set(row.get("policies", []))
        self.policies = {p.code: p for p in Policy.objects.filter(code__in=used)}
        for entry in entries:
            values = {"name_th": entry["name_th"], "dimension_th": entry.get("dimension_th", "")}
            self.policies[entry["code"]] = self._upsert(
                "policies",
                self.policies.get(entry["code"]),
                Policy,
                values,
                {"code": entry["code"]},
            )[0]

    def _framework(self, fw_doc: dict[str, Any], path: str) -> Framework:
        code = fw_doc["code"]
        owner = self._unit(fw_doc.get("owner_unit"))
        values = {
            "kind": fw_doc.get("kind", "bma_annual"),
            "fiscal_year": fw_doc["fiscal_year"],
            "last_fiscal_year": fw_doc.get("last_fiscal_year"),
            "name_th": fw_doc["name_th"],
            "name_en": fw_doc.get("name_en", ""),
            "owner_unit_id": owner.pk if owner else None,
            "description_th": fw_doc.get("description_th", ""),
            "interpolate_levels": fw_doc.get("interpolate_levels", False),
        }
        framework = self._upsert(
            "frameworks",
            Framework.objects.filter(code=code).first(),
            Framework,
            values,
            {"code": code},
        )[0]
        self.frameworks[code] = framework
        levels = self._levels(framework, fw_doc["levels"])
        self._nodes(framework, fw_doc.get("nodes", []), levels, path)
        return framework

    def _levels(
        self, framework: Framework, rows: list[dict[str, Any]]
    ) -> dict[str, FrameworkLevel]:
        existing = {level.key: level for level in framework.levels.all()}
        order = {row["key"]: i for i, row in enumerate(rows)}
        for level in sorted(existing.values(), key=lambda lv: lv.order):
            if level.key not in order:  # kept (a shared framework), moved after the named ones
                order[level.key] = len(order)
        if any(level.order != order[key] for key, level in existing.items()):
            framework.levels.update(order=F("order") + 10000)  # free the unique (framework, order)
            for key, level in existing.items():
                level.order = order[key]
                level.save(update_fields=["order"])
        result = {}
        for i, row in enumerate(rows):
            values = {"order": i, "label_th": row["label_th"], "label_en": row.get("label_en", "")}
            result[row["key"]] = self._upsert(
                "framework_levels",
                existing.get(row["key"]),
                FrameworkLevel,
                values,
                {"framework": framework, "key": row["key"]},
            )[0]
        return result

    def _nodes(
        self,
        framework: Framework,
        rows: list[dict[str, Any]],
        levels: dict[str, FrameworkLevel],
        fw_path: str,
    ) -> None:
        fw_code = framework.code
        existing = {
            n.code: n
            for n in FrameworkNode.objects.filter(framework=framework).prefetch_related(
                "host_units"
            )
        }
        for node in existing.values():
            self.nodes[(fw_code, node.code)] = node
        for i, row in enumerate(rows):
            path = f"{fw_path}.nodes[{i}].parent_code"
            parent_code = row.get("parent_code")
            parent = self.nodes[(fw_code, parent_code)] if parent_code else None
            values = {
                "level_id": levels[row["level"]].pk,
                "short_code": row.get("short_code", ""),
                "name_th": row["name_th"],
                "name_en": row.get("name_en", ""),
                "aliases": list(row.get("aliases", [])),
                "narrative_th": row.get("narrative_th", ""),
                "target_text": row.get("target_text", ""),
                "order": i,
            }
            node = existing.get(row["code"])
            hosts = self._unit_ids(row.get("host_units", []))
            if node is None:
                node = FrameworkNode(framework=framework, code=row["code"], parent=parent, **values)
                node.save()
                self.nodes[(fw_code, node.code)] = node
                self._count("created", "framework_nodes")
                if hosts:
                    node.host_units.set(hosts)
                continue
            moved = node.parent_id != (parent.pk if parent else None)
            if moved and parent is not None and parent.path.startswith(node.path):
                raise _Abort(path, f"ย้ายหัวข้อ “{row['code']}” ไปอยู่ใต้หัวข้อย่อยของตัวเองไม่ได้")
            changed = _assign(node, values)
            if moved:
                node.parent = parent
                node.save()
                self._refresh_paths(framework)
            elif changed:
                node.save()
            current = {u.pk for u in node.host_units.all()}
            changed = self._set_m2m(node.host_units, current, hosts) or changed or moved
            if changed:
                self._count("updated", "framework_nodes")

    def _refresh_paths(self, framework: Framework) -> None:
        """A move rewrote paths in the database; keep the in-memory nodes in step."""
        fresh = {
            pk: (path, depth)
            for pk, path, depth in FrameworkNode.objects.filter(framework=framework).values_list(
                "pk", "path", "depth"
            )
        }
        for (fw_code, _), node in self.nodes.items():
            if fw_code == framework.code and node.pk in fresh:
                node.path, node.depth = fresh[node.pk]

    def _plan(self, main: Framework, related: list[Framework]) -> tuple[Plan, bool]:
        plan_doc = self.doc["plan"]
        unit = self._unit(self.doc["org_unit"])
        stated = plan_doc.get("stated_totals", {})
        values = {
            "framework_id": main.pk,
            "title_th": plan_doc["title_th"],
            "title_en": plan_doc.get("title_en", ""),
            "slogan_th": plan_doc.get("slogan_th", ""),
            "status": plan_doc.get("status", "draft"),
            "revision": plan_doc.get("revision", 0),
            "stated_totals": {
                key: None if stated[key] is None else f"{_money(stated[key]):.2f}"
                for key in STATED_TOTAL_KEYS
                if key in stated
            },
        }
        plan = (
            Plan.objects.select_for_update()  # two imports of one plan queue up, not interleave
            .filter(org_unit=unit, fiscal_year=self.doc["fiscal_year"])
            .first()
        )
        is_new = plan is None
        if is_new:
            plan = Plan(org_unit=unit, fiscal_year=self.doc["fiscal_year"], **values)
            plan.save()
            self._count("created", "plans")
            changed = False
        else:
            changed = _assign(plan, values)
        wanted = {fw.pk for fw in related}
        current = set() if is_new else set(plan.related_frameworks.values_list("pk", flat=True))
        changed = self._set_m2m(plan.related_frameworks, current, wanted) or changed
        if changed and not is_new:
            plan.version += 1
            plan.save()
            self._count("updated", "plans")
        return plan, is_new

    def _sections(self, plan: Plan, rows: list[dict[str, Any]], is_new: bool) -> None:
        existing = {} if is_new else {s.key: s for s in plan.sections.all()}
        keyed = []
        for i, row in enumerate(rows):
            body = row.get("body_html", "")
            stray = {t.lower() for t in _TAG_RE.findall(body)} - ALLOWED_TAGS
            if stray:
                self._flag(
                    f"plan.sections[{i}].body_html",
                    "html_sanitised",
                    f"ตัดแท็กที่ไม่อนุญาตออกจากเนื้อหา: {', '.join(sorted(stray))}",
                )
            node = self._node(row.get("node"))
            table = row.get("table")
            if table is not None:
                table = {
                    "columns": table["columns"],
                    "rows": table["rows"],
                    "footer": table.get("footer", []),
                }
            keyed.append(
                (
                    row["key"],
                    {
                        "key": row["key"],
                        "kind": row["kind"],
                        "order": i,
                        "title_th": row.get("title_th", ""),
                        "body_html": sanitize_html(body),
                        "table": table,
                        "framework_node_id": node.pk if node else None,
                    },
                )
            )
        self._sync_keyed("sections", PlanSection, existing, keyed, {"plan": plan})

    def _swot(self, plan: Plan, rows: list[dict[str, Any]], is_new: bool) -> None:
        existing = {} if is_new else {s.code: s for s in plan.swot_items.all()}
        keyed = [
            (
                row["code"],
                {
                    "code": row["code"],
                    "quadrant": row["quadrant"],
                    "factor_th": row.get("factor_th", ""),
                    "text_th": row["text_th"],
                    "order": i,
                },
            )
            for i, row in enumerate(rows)
        ]
        self._sync_keyed("swot_items", SwotItem, existing, keyed, {"plan": plan})

    def _tows(self, plan: Plan, rows: list[dict[str, Any]], is_new: bool) -> None:
        existing = [] if is_new else list(plan.tows_strategies.order_by("order", "pk"))
        values = [
            {
                "quadrant": row["quadrant"],
                "code": row.get("code", ""),
                "text_th": row["text_th"],
                "factor_codes": list(row.get("factor_codes", [])),
                "node_tag": row.get("node_tag", ""),
                "order": i,
            }
            for i, row in enumerate(rows)
        ]
        self._sync_positional("tows_strategies", TowsStrategy, existing, values, {"plan": plan})

    def _adoptions(
        self, plan: Plan, rows: list[dict[str, Any]], is_new: bool
    ) -> dict[int, Adoption]:
        from kpis.targets import parse_target

        existing = (
            {}
            if is_new
            else {
                a.node_id: a
                for a in plan.adoptions.prefetch_related("lead_units", "supporting_units")
            }
        )
        result: dict[int, Adoption] = {}
        for i, row in enumerate(rows):
            node = self._node(row["node"])
            lead, support = row.get("lead_units", []), row.get("supporting_units", [])
            note = row.get("units_note", "")
            missing = [c for c in self._unknown_units(lead + support) if c not in note]
            if missing:
                note = " ".join([note, *missing]).strip()
            target_text = row.get("local_target_text", "")
            values = {
                "role": row.get("role", "R"),
                "local_name_th": row.get("local_name_th", ""),
                "local_target_text": target_text,
                "local_target": parse_target(target_text).to_dict() if target_text else None,
                "units_note": note,
                "order": i,
            }
            adoption = existing.get(node.pk)
            is_new_row = adoption is None
            adoption, written = self._upsert(
                "adoptions", adoption, Adoption, values, {"plan": plan, "node": node}
            )
            m2m_changed = False
            for manager, codes in (
                (adoption.lead_units, lead),
                (adoption.supporting_units, support),
            ):
                current = set() if is_new_row else {u.pk for u in manager.all()}
                m2m_changed |= self._set_m2m(manager, current, self._unit_ids(codes))
            if m2m_changed and not written:
                self._count("updated", "adoptions")
            result[node.pk] = adoption
        stale = [a.pk for node_id, a in existing.items() if node_id not in result]
        if stale:
            Adoption.objects.filter(pk__in=stale).delete()
            self._count("deleted", "adoptions", len(stale))
        return result

    def _components(
        self, plan: Plan, rows: list[dict[str, Any]], is_new: bool
    ) -> dict[str, Component]:
        existing = {} if is_new else {c.code: c for c in plan.components.all()}
        result: dict[str, Component] = {}
        for i, row in enumerate(rows):
            parent = result[row["parent"]] if row.get("parent") else None
            values = {
                "name_th": row["name_th"],
                "name_en": row.get("name_en", ""),
                "weight": _money(row["weight"]),
                "parent_id": parent.pk if parent else None,
                "order": i,
            }
            result[row["code"]] = self._upsert(
                "components",
                existing.get(row["code"]),
                Component,
                values,
                {"plan": plan, "code": row["code"]},
            )[0]
        return result

    # -- KPIs --

    def _kpis(
        self,
        plan: Plan,
        adoptions: dict[int, Adoption],
        components: dict[str, Component],
        is_new: bool,
    ) -> dict[str, Kpi]:
        existing = (
            {}
            if is_new
            else {
                k.code: k
                for k in Kpi.objects.filter(plan=plan).prefetch_related(
                    "nodes",
                    "policies",
                    "year_values",
                    "levels",
                    "scale_steps",
                    "parts",
                    "responsibilities",
                )
            }
        )
        result: dict[str, Kpi] = {}
        for merged in self.merged_kpis:
            row = merged.data
            code = row["code"]
            adoption_node = self._node(row.get("adoption"))
            component = components.get(row["component"]) if row.get("component") else None
            scale = row.get("scale") or {"kind": ScaleKind.MANUAL}
            values = {
                "name_th": row["name_th"],
                "name_en": row.get("name_en", ""),
                "unit_th": row.get("unit_th", ""),
                "direction": row.get("direction", "higher"),
                "part": row.get("part"),
                "order": merged.index,
                "adoption_id": adoptions[adoption_node.pk].pk if adoption_node else None,
                "definition_th": row.get("definition_th", ""),
                "calculation_th": row.get("calculation_th", ""),
                "evidence_th": row.get("evidence_th", ""),
                "conditions_th": row.get("conditions_th", ""),
                "notes_th": row.get("notes_th", ""),
                "component_id": component.pk if component else None,
                "weight": _money(row.get("weight")),
                "scale_kind": scale["kind"],
                "no_skip": scale.get("no_skip", False),
                "interpolate": scale.get("interpolate"),
                "target_level": _money(row.get("target_level", "5.00")),
            }
            kpi = existing.get(code)
            new_row = kpi is None
            if new_row:
                kpi = Kpi(plan=plan, code=code, **values)
                kpi.save()
                self._count("created", "kpis")
                changed = False
            else:
                changed = _assign(kpi, values)
            changed |= self._kpi_children(kpi, merged, scale, new_row)
            node_ids = {n.pk for n in map(self._node, row.get("nodes", [])) if n is not None}
            policy_ids = {self.policies[c].pk for c in row.get("policies", [])}
            for manager, wanted in ((kpi.nodes, node_ids), (kpi.policies, policy_ids)):
                current = set() if new_row else {obj.pk for obj in manager.all()}
                changed |= self._set_m2m(manager, current, wanted)
            if changed and not new_row:
                kpi.version += 1
                kpi.save()
                self._count("updated", "kpis")
            result[code] = kpi
        return result

    def _kpi_children(
        self, kpi: Kpi, merged: MergedKpi, scale: dict[str, Any], new_row: bool
    ) -> bool:
        from kpis.targets import parse_target

        row = merged.data
        changed = False
        year_rows = []
        for kind, key, paths in (
            (YearValueKind.BASELINE, "baselines", merged.baseline_paths),
            (YearValueKind.TARGET, "targets", merged.target_paths),
        ):
            for item, path in zip(row.get(key, []), paths, strict=True):
                parsed = parse_target(item["text"])
                if kind == YearValueKind.TARGET and parsed.flagged:
                    self._flag(
                        f"{path}.text",
                        "unparsed_target",
                        f"ตัวชี้วัด {kpi.code} ปี {item['year']}: อ่านค่าเป้าหมาย "
                        f"“{item['text']}” ไม่ได้ ({'; '.join(parsed.notes)}) เก็บไว้เป็นข้อความ",
                    )
                year_rows.append(
                    (
                        (kind, item["year"]),
                        {
                            "text": item["text"],
                            "value": parsed.to_dict(),
                            "flagged": parsed.flagged,
                        },
                    )
                )
        existing_years = (
            {} if new_row else {(v.kind, v.fiscal_year): v for v in kpi.year_values.all()}
        )
        changed |= self._sync_keyed(
            "kpi_year_values",
            KpiYearValue,
            existing_years,
            [((k, y), {**v, "fiscal_year": y, "kind": k}) for (k, y), v in year_rows],
            {"kpi": kpi},
        )[0]

        all_levels = [] if new_row else list(kpi.levels.all())
        all_steps = [] if new_row else list(kpi.scale_steps.all())
        changed |= self._scale_rows(kpi, None, scale, all_levels, all_steps)
        parts = []
        for part_row in scale.get("parts", []):
            part_scale = part_row["scale"]
            parts.append(
                (
                    part_row["index"],
                    {
                        "index": part_row["index"],
                        "name_th": part_row["name_th"],
                        "weight": _money(part_row["weight"]),
                        "scale_kind": part_scale["kind"],
                        "direction": part_row.get("direction", "higher"),
                        "no_skip": part_scale.get("no_skip", False),
                    },
                )
            )
        existing_parts = {} if new_row else {p.index: p for p in kpi.parts.all()}
        parts_changed, part_objs = self._sync_keyed(
            "composite_parts", CompositePart, existing_parts, parts, {"kpi": kpi}
        )
        changed |= parts_changed
        for part_row in scale.get("parts", []):
            part = part_objs[part_row["index"]]
            changed |= self._scale_rows(kpi, part, part_row["scale"], all_levels, all_steps)

        responsibilities = []
        for j, resp in enumerate(row.get("responsibilities", [])):
            unit = self._unit(resp.get("unit"))
            unit_text = resp.get("unit_text", "")
            if resp.get("unit") and unit is None and not unit_text:
                unit_text = resp["unit"]  # unknown abbreviation: kept as text (flagged)
            responsibilities.append(
                {
                    "org_unit_id": unit.pk if unit else None,
                    "unit_text": unit_text,
                    "role": resp["role"],
                    "duties_th": resp.get("duties_th", ""),
                    "order": j,
                }
            )
        existing_resp = (
            [] if new_row else sorted(kpi.responsibilities.all(), key=lambda r: (r.order, r.pk))
        )
        changed |= self._sync_positional(
            "kpi_responsibilities",
            KpiResponsibility,
            existing_resp,
            responsibilities,
            {"kpi": kpi},
        )
        return changed

    def _scale_rows(
        self,
        kpi: Kpi,
        part: CompositePart | None,
        scale: dict[str, Any],
        all_levels: list[ScaleLevel],
        all_steps: list[ScaleStep],
    ) -> bool:
        part_id = part.pk if part else None
        levels = {lv.level: lv for lv in all_levels if lv.part_id == part_id}
        steps = {st.order: st for st in all_steps if st.part_id == part_id}
        level_rows = [
            (
                row["level"],
                {
                    "threshold_text": row.get("threshold_text", ""),
                    "criterion_th": row.get("criterion_th", ""),
                    "score": _money(row.get("score")),
                    "min_value": to_decimal(row.get("min")),
                    "max_value": to_decimal(row.get("max")),
                    "min_inclusive": row.get("min_inclusive", True),
                    "max_inclusive": row.get("max_inclusive", True),
                    "points": _money(row.get("points")),
                },
            )
            for row in scale.get("levels", [])
        ]
        step_rows = [
            (
                row["order"],
                {
                    "name_th": row["name_th"],
                    "points": _money(row["points"]),
                    "deadline": _date(row.get("deadline")),
                },
            )
            for row in scale.get("steps", [])
        ]
        create = {"kpi": kpi, "part": part}
        changed = self._sync_keyed(
            "scale_levels",
            ScaleLevel,
            levels,
            [(k, {**v, "level": k}) for k, v in level_rows],
            create,
        )[0]
        changed |= self._sync_keyed(
            "scale_steps", ScaleStep, steps, [(k, {**v, "order": k}) for k, v in step_rows], create
        )[0]
        return changed

    # -- projects --

    def _expense_class(self, names: list[str] | None) -> ExpenseClass | None:
        if not names:
            return None
        parent: ExpenseClass | None = None
        for depth, name in enumerate(names):
            key = tuple(names[: depth + 1])
            found = self.expense_classes.get(key)
            if found is None:
                found = ExpenseClass.objects.filter(parent=parent, name_th=name).first()
                if found is None:
                    found = ExpenseClass(parent=parent, name_th=name, level=EXPENSE_LEVELS[depth])
                    found.save()
                    self._count("created", "expense_classes")
                self.expense_classes[key] = found
            parent = found
        return parent

    def _projects(
        self, plan: Plan, kpis: dict[str, Kpi], rows: list[dict[str, Any]], is_new: bool
    ) -> None:
        existing = (
            {}
            if is_new
            else {
                p.code: p
                for p in Project.objects.filter(plan=plan).prefetch_related(
                    "owner_units", "kpi_links", "nodes", "policies", "budget_lines", "steps"
                )
            }
        )
        for i, row in enumerate(rows):
            owners = row.get("owner_units", [])
            owner_text = row.get("owner_text", "")
            missing = [c for c in self._unknown_units(owners) if c not in owner_text]
            if missing:
                owner_text = " ".join([owner_text, *missing]).strip()
            expense_class = self._expense_class(row.get("expense_class"))
            values = {
                "strategy_codes": list(row.get("strategy_codes", [])),
                "name_th": row["name_th"],
                "kind": row.get("kind", "project"),
                "part": row["part"],
                "priority": row.get("priority"),
                "owner_text": owner_text,
                "is_integrated": row.get("is_integrated", False),
                "flag_marks": row.get("flag_marks", ""),
                "status_note": row.get("status_note", ""),
                "expense_class_id": expense_class.pk if expense_class else None,
                "work_area_th": row.get("work_area_th", ""),
                "description_th": row.get("description_th", ""),
                "order": i,
            }
            project = existing.get(row["code"])
            new_row = project is None
            if new_row:
                project = Project(plan=plan, code=row["code"], **values)
                project.save()
                self._count("created", "projects")
                changed = False
            else:
                changed = _assign(project, values)
            wanted_m2m = (
                (project.owner_units, self._unit_ids(owners)),
                (project.nodes, {n.pk for n in map(self._node, row.get("nodes", [])) if n}),
                (project.policies, {self.policies[c].pk for c in row.get("policies", [])}),
            )
            for manager, wanted in wanted_m2m:
                current = set() if new_row else {obj.pk for obj in manager.all()}
                changed |= self._set_m2m(manager, current, wanted)
            changed |= self._kpi_links(project, row, kpis, new_row)
            lines = [
                {
                    "fiscal_year": line["fiscal_year"],
                    "amount": _money(line.get("amount")),
                    "status": line["status"],
                    "category": line.get("category", ""),
                    "source_th": line.get("source_th", ""),
                    "note_th": line.get("note_th", ""),
                    "order": j,
                }
                for j, line in enumerate(row.get("budget_lines", []))
            ]
            existing_lines = (
                [] if new_row else sorted(project.budget_lines.all(), key=lambda b: (b.order, b.pk))
            )
            changed |= self._sync_positional(
                "budget_lines", BudgetLine, existing_lines, lines, {"project": project}
            )
            steps = [
                (
                    step["order"],
                    {
                        "order": step["order"],
                        "name_th": step["name_th"],
                        "weight": _money(step["weight"]),
                        "planned_months": list(step.get("planned_months", [])),
                    },
                )
                for step in row.get("steps", [])
            ]
            existing_steps = {} if new_row else {s.order: s for s in project.steps.all()}
            changed |= self._sync_keyed(
                "work_steps", WorkStep, existing_steps, steps, {"project": project}
            )[0]
            if changed and not new_row:
                project.version += 1
                project.save()
                self._count("updated", "projects")

    def _kpi_links(
        self, project: Project, row: dict[str, Any], kpis: dict[str, Kpi], new_row: bool
    ) -> bool:
        primary = row.get("primary_kpi")
        wanted: dict[int, bool] = {}
        for code in row.get("kpis", []):
            wanted.setdefault(kpis[code].pk, code == primary)
        existing = {} if new_row else {link.kpi_id: link for link in project.kpi_links.all()}
        changed = False
        stale = [link.pk for kpi_id, link in existing.items() if kpi_id not in wanted]
        if stale:
            ProjectKpi.objects.filter(pk__in=stale).delete()
            changed = True
        # Clear a moving primary first: one primary per project is a database constraint.
        for kpi_id, link in existing.items():
            if kpi_id in wanted and link.is_primary and not wanted[kpi_id]:
                link.is_primary = False
                link.save(update_fields=["is_primary"])
                changed = True
        for kpi_id, is_primary in wanted.items():
            link = existing.get(kpi_id)
            if link is None:
                ProjectKpi.objects.create(project=project, kpi_id=kpi_id, is_primary=is_primary)
                changed = True
            elif link.is_primary != is_primary:
                link.is_primary = is_primary
                link.save(update_fields=["is_primary"])
                changed = True
        return changed

    # -- the rest of the whole-plan rule --

    def _delete_unnamed(
        self, plan: Plan, kpis: dict[str, Kpi], components: dict[str, Component]
    ) -> None:
        """Rows of the plan the document no longer names go (the document is the whole plan)."""
        codes = [row["code"] for row in self.doc.get("projects", [])]
        for key, queryset in (
            ("projects", Project.objects.filter(plan=plan).exclude(code__in=codes)),
            ("kpis", Kpi.objects.filter(plan=plan).exclude(code__in=list(kpis))),
            ("components", Component.objects.filter(plan=plan).exclude(code__in=list(components))),
        ):
            count = queryset.count()
            if count:
                queryset.delete()
                self._count("deleted", key, count)

    def _total_flags(self, plan: Plan) -> None:
        totals = plan_budget_totals(plan)
        for key, label in COMPARED_TOTALS.items():
            stated = plan.stated_totals.get(key)
            if stated is None:
                continue
            stated_value = Decimal(stated)
            if stated_value != totals[key]:
                self._flag(
                    f"plan.stated_totals.{key}",
                    "total_mismatch",
                    f"ยอดรวม{label} ตามเอกสาร {stated_value:,.2f} บาท ไม่ตรงกับยอดคำนวณ "
                    f"{totals[key]:,.2f} บาท (ต่าง {fmt_number(totals[key] - stated_value)} บาท)",
                )
