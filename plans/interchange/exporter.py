"""Export a plan as a canonical ``bmaplan/1`` document.

Canonical means one byte sequence per plan: keys in the documented order, lists in stored order,
M2M links sorted, decimals as strings with two places. That is what makes export → import into
an empty database → export byte-identical, and lets two versions of a plan be diffed as text.
Every relation is fetched up front (select/prefetch), so the query count does not grow with the
size of the plan.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from frameworks.models import Framework, FrameworkLevel, FrameworkNode
from kpis.models import (
    Kpi,
    KpiResponsibility,
    KpiYearValue,
    ScaleLevel,
    ScaleStep,
    YearValueKind,
)
from orgs.models import OrgUnit
from plans.models import Plan
from projects.models import BudgetLine, ExpenseClass, Project, ProjectKpi, WorkStep

from . import FORMAT

__all__ = ["dumps_document", "export_plan_document"]

CENT = Decimal("0.01")
STATED_TOTAL_KEYS = ("part1", "part2", "part3", "key_projects", "routine")


def dumps_document(doc: dict[str, Any]) -> str:
    """The canonical text of a document: UTF-8 as is, two-space indent, final newline."""
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _dec2(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.quantize(CENT):.2f}"


def _bound(value: Decimal | None) -> str | None:
    """Band edges keep up to four places; two when that loses nothing ("97.50")."""
    if value is None:
        return None
    if value == value.quantize(CENT):
        return f"{value.quantize(CENT):.2f}"
    return format(value.normalize(), "f")


def _target_value(value: Any) -> Any:
    """The stored parse in the parser's own key order (jsonb reorders keys)."""
    from kpis.targets import ParsedTarget

    return ParsedTarget.from_dict(value).to_dict() if isinstance(value, dict) else value


def _parents_first(nodes: list[FrameworkNode]) -> list[FrameworkNode]:
    """Stored order, except that a child waiting for its parent follows right after it."""
    ids = {n.pk for n in nodes}
    out: list[FrameworkNode] = []
    emitted: set[int] = set()
    waiting: dict[int, list[FrameworkNode]] = defaultdict(list)

    def emit(node: FrameworkNode) -> None:
        out.append(node)
        emitted.add(node.pk)
        for child in waiting.pop(node.pk, []):
            emit(child)

    for node in nodes:
        if node.parent_id is None or node.parent_id in emitted or node.parent_id not in ids:
            emit(node)
        else:
            waiting[node.parent_id].append(node)
    for children in list(waiting.values()):  # parents outside the framework: keep them anyway
        for child in children:
            emit(child)
    return out


class _Exporter:
    def __init__(self, plan: Plan):
        self.plan = (
            Plan.objects.select_related("org_unit", "framework")
            .prefetch_related("related_frameworks")
            .get(pk=plan.pk)
        )
        self.units: dict[int, OrgUnit] = {self.plan.org_unit_id: self.plan.org_unit}
        self.framework_ids: list[int] = []
        self.node_ref: dict[int, str] = {}
        self.node_rank: dict[int, tuple[int, int]] = {}

    def _units(self, units: Iterable[OrgUnit]) -> list[str]:
        units = list(units)
        self.units.update((u.pk, u) for u in units)
        return sorted(u.code for u in units)

    def _nodes(self, nodes: Iterable[FrameworkNode]) -> list[str]:
        return [self.node_ref[n.pk] for n in sorted(nodes, key=lambda n: self.node_rank[n.pk])]

    def _ref(self, node: FrameworkNode | None) -> str | None:
        return self.node_ref[node.pk] if node is not None else None

    # -- load --

    def _load(self) -> None:
        plan = self.plan
        node_qs = FrameworkNode.objects.only("pk", "framework_id")
        self.sections = list(
            plan.sections.select_related("framework_node").order_by("order", "key")
        )
        self.swot = list(plan.swot_items.order_by("order", "pk"))
        self.tows = list(plan.tows_strategies.order_by("order", "pk"))
        self.adoptions = list(
            plan.adoptions.select_related("node")
            .prefetch_related("lead_units", "supporting_units")
            .order_by("order", "pk")
        )
        self.components = list(plan.components.order_by("order", "code"))
        self.kpis = list(
            Kpi.objects.filter(plan=plan)
            .select_related("adoption__node", "component")
            .prefetch_related(
                Prefetch("nodes", queryset=node_qs),
                "policies",
                Prefetch("year_values", queryset=KpiYearValue.objects.order_by("fiscal_year")),
                Prefetch("levels", queryset=ScaleLevel.objects.order_by("level")),
                Prefetch("scale_steps", queryset=ScaleStep.objects.order_by("order")),
                "parts",
                Prefetch(
                    "responsibilities",
                    queryset=KpiResponsibility.objects.select_related("org_unit").order_by(
                        "order", "pk"
                    ),
                ),
            )
            .order_by("order", "code")
        )
        self.projects = list(
            Project.objects.filter(plan=plan)
            .select_related("expense_class")
            .prefetch_related(
                "owner_units",
                Prefetch("kpi_links", queryset=ProjectKpi.objects.select_related("kpi")),
                Prefetch("nodes", queryset=node_qs),
                "policies",
                Prefetch("budget_lines", queryset=BudgetLine.objects.order_by("order", "pk")),
                Prefetch("steps", queryset=WorkStep.objects.order_by("order")),
            )
            .order_by("order", "code")
        )
        # Frameworks: the plan's own, those it relates to, and any a link points into.
        used = {n.framework_id for k in self.kpis for n in k.nodes.all()}
        used |= {n.framework_id for p in self.projects for n in p.nodes.all()}
        used |= {s.framework_node.framework_id for s in self.sections if s.framework_node}
        used |= {a.node.framework_id for a in self.adoptions}
        used |= {k.adoption.node.framework_id for k in self.kpis if k.adoption_id}
        main = plan.framework
        related_ids = {fw.pk for fw in plan.related_frameworks.all()} | used
        related_ids.discard(main.pk)
        frameworks = {
            fw.pk: fw
            for fw in Framework.objects.filter(pk__in=[main.pk, *related_ids]).select_related(
                "owner_unit"
            )
        }
        self.main = main = frameworks[main.pk]
        self.related = sorted((frameworks[pk] for pk in related_ids), key=lambda fw: fw.code)
        self.framework_ids = [main.pk, *(fw.pk for fw in self.related)]
        levels: dict[int, list[FrameworkLevel]] = defaultdict(list)
        for level in FrameworkLevel.objects.filter(framework_id__in=self.framework_ids).order_by(
            "order"
        ):
            levels[level.framework_id].append(level)
        nodes: dict[int, list[FrameworkNode]] = defaultdict(list)
        for node in (
            FrameworkNode.objects.filter(framework_id__in=self.framework_ids)
            .select_related("level")
            .prefetch_related("host_units")
            .order_by("order", "pk")
        ):
            nodes[node.framework_id].append(node)
        self.levels, self.fw_nodes = levels, {}
        for fw_rank, fw_id in enumerate(self.framework_ids):
            ordered = _parents_first(nodes[fw_id])
            self.fw_nodes[fw_id] = ordered
            prefix = "" if fw_id == main.pk else f"{frameworks[fw_id].code}/"
            for rank, node in enumerate(ordered):
                self.node_ref[node.pk] = prefix + node.code
                self.node_rank[node.pk] = (fw_rank, rank)
        self.frameworks = frameworks

    # -- write --

    def run(self) -> dict[str, Any]:
        self._load()
        plan = self.plan
        framework = self._framework(self.main)
        related = [self._framework(fw) for fw in self.related]
        plan_doc = self._plan()
        components = self._components()
        kpis = [self._kpi(k) for k in self.kpis]
        projects = [self._project(p) for p in self.projects]
        policies = {p.code: p for k in self.kpis for p in k.policies.all()}
        policies |= {p.code: p for pr in self.projects for p in pr.policies.all()}
        return {
            "format": FORMAT,
            "org_unit": plan.org_unit.code,
            "fiscal_year": plan.fiscal_year,
            "org_units": self._org_units(),
            "framework": framework,
            "related_frameworks": related,
            "policies": [
                {"code": p.code, "name_th": p.name_th, "dimension_th": p.dimension_th}
                for _, p in sorted(policies.items())
            ],
            "plan": plan_doc,
            "components": components,
            "kpis": kpis,
            "projects": projects,
        }

    def _org_units(self) -> list[dict[str, Any]]:
        """Every unit named anywhere, with its ancestors so an empty database can take them."""
        by_id = dict(self.units)
        ancestors = {pk for u in by_id.values() for pk in u.ancestor_ids()} - set(by_id)
        if ancestors:
            by_id.update((u.pk, u) for u in OrgUnit.objects.filter(pk__in=ancestors))
        units = sorted(by_id.values(), key=lambda u: u.path)
        codes = {u.pk: u.code for u in units}
        return [
            {
                "code": u.code,
                "name_th": u.name_th,
                "name_en": u.name_en,
                "kind": u.kind,
                "parent": codes.get(u.parent_id),
                "aliases": list(u.aliases or []),
            }
            for u in units
        ]

    def _framework(self, fw: Framework) -> dict[str, Any]:
        if fw.owner_unit_id:
            self._units([fw.owner_unit])
        codes = {n.pk: n.code for n in self.fw_nodes[fw.pk]}
        return {
            "code": fw.code,
            "kind": fw.kind,
            "fiscal_year": fw.fiscal_year,
            "last_fiscal_year": fw.last_fiscal_year,
            "name_th": fw.name_th,
            "name_en": fw.name_en,
            "owner_unit": fw.owner_unit.code if fw.owner_unit_id else None,
            "description_th": fw.description_th,
            "interpolate_levels": fw.interpolate_levels,
            "levels": [
                {"key": lv.key, "label_th": lv.label_th, "label_en": lv.label_en}
                for lv in self.levels[fw.pk]
            ],
            "nodes": [
                {
                    "code": n.code,
                    "short_code": n.short_code,
                    "level": n.level.key,
                    "parent_code": codes.get(n.parent_id),
                    "name_th": n.name_th,
                    "name_en": n.name_en,
                    "aliases": list(n.aliases),
                    "narrative_th": n.narrative_th,
                    "target_text": n.target_text,
                    "host_units": self._units(n.host_units.all()),
                }
                for n in self.fw_nodes[fw.pk]
            ],
        }

    def _plan(self) -> dict[str, Any]:
        plan = self.plan
        stated = plan.stated_totals or {}
        return {
            "title_th": plan.title_th,
            "title_en": plan.title_en,
            "slogan_th": plan.slogan_th,
            "status": plan.status,
            "revision": plan.revision,
            "stated_totals": {
                key: None if stated[key] is None else _dec2(Decimal(str(stated[key])))
                for key in STATED_TOTAL_KEYS
                if key in stated
            },
            "sections": [
                {
                    "key": s.key,
                    "kind": s.kind,
                    "title_th": s.title_th,
                    "body_html": s.body_html,
                    "table": self._table(s.table),
                    "node": self._ref(s.framework_node),
                }
                for s in self.sections
            ],
            "swot": [
                {
                    "quadrant": s.quadrant,
                    "code": s.code,
                    "factor_th": s.factor_th,
                    "text_th": s.text_th,
                }
                for s in self.swot
            ],
            "tows": [
                {
                    "quadrant": t.quadrant,
                    "code": t.code,
                    "text_th": t.text_th,
                    "factor_codes": list(t.factor_codes),
                    "node_tag": t.node_tag,
                }
                for t in self.tows
            ],
            "adoptions": [
                {
                    "node": self._ref(a.node),
                    "role": a.role,
                    "local_name_th": a.local_name_th,
                    "local_target_text": a.local_target_text,
                    "lead_units": self._units(a.lead_units.all()),
                    "supporting_units": self._units(a.supporting_units.all()),
                    "units_note": a.units_note,
                }
                for a in self.adoptions
            ],
        }

    @staticmethod
    def _table(table: Any) -> Any:
        if not isinstance(table, dict):
            return table
        return {
            "columns": table.get("columns", []),
            "rows": table.get("rows", []),
            "footer": table.get("footer", []),
        }

    def _components(self) -> list[dict[str, Any]]:
        codes = {c.pk: c.code for c in self.components}
        return [
            {
                "code": c.code,
                "name_th": c.name_th,
                "name_en": c.name_en,
                "weight": _dec2(c.weight),
                "parent": codes.get(c.parent_id),
            }
            for c in self.components
        ]

    def _kpi(self, kpi: Kpi) -> dict[str, Any]:
        values = list(kpi.year_values.all())
        levels = list(kpi.levels.all())
        steps = list(kpi.scale_steps.all())
        parts = sorted(kpi.parts.all(), key=lambda p: p.index)
        return {
            "code": kpi.code,
            "name_th": kpi.name_th,
            "name_en": kpi.name_en,
            "unit_th": kpi.unit_th,
            "direction": kpi.direction,
            "part": kpi.part,
            "adoption": self._ref(kpi.adoption.node) if kpi.adoption_id else None,
            "nodes": self._nodes(kpi.nodes.all()),
            "policies": sorted(p.code for p in kpi.policies.all()),
            "component": kpi.component.code if kpi.component_id else None,
            "weight": _dec2(kpi.weight),
            "target_level": _dec2(kpi.target_level),
            "definition_th": kpi.definition_th,
            "calculation_th": kpi.calculation_th,
            "evidence_th": kpi.evidence_th,
            "conditions_th": kpi.conditions_th,
            "notes_th": kpi.notes_th,
            "baselines": [
                {"year": v.fiscal_year, "text": v.text, "value": _target_value(v.value)}
                for v in values
                if v.kind == YearValueKind.BASELINE
            ],
            "targets": [
                {"year": v.fiscal_year, "text": v.text, "value": _target_value(v.value)}
                for v in values
                if v.kind == YearValueKind.TARGET
            ],
            "scale": {
                "kind": kpi.scale_kind,
                "interpolate": kpi.interpolate,
                "no_skip": kpi.no_skip,
                "levels": [self._level(lv) for lv in levels if lv.part_id is None],
                "steps": [self._step(st) for st in steps if st.part_id is None],
                "parts": [
                    {
                        "index": part.index,
                        "name_th": part.name_th,
                        "weight": _dec2(part.weight),
                        "direction": part.direction,
                        "scale": {
                            "kind": part.scale_kind,
                            "interpolate": None,
                            "no_skip": part.no_skip,
                            "levels": [self._level(lv) for lv in levels if lv.part_id == part.pk],
                            "steps": [self._step(st) for st in steps if st.part_id == part.pk],
                            "parts": [],
                        },
                    }
                    for part in parts
                ],
            },
            "responsibilities": [
                {
                    "unit": self._units([r.org_unit])[0] if r.org_unit_id else None,
                    "unit_text": r.unit_text,
                    "role": r.role,
                    "duties_th": r.duties_th,
                }
                for r in kpi.responsibilities.all()
            ],
        }

    @staticmethod
    def _level(level: ScaleLevel) -> dict[str, Any]:
        return {
            "level": level.level,
            "threshold_text": level.threshold_text,
            "criterion_th": level.criterion_th,
            "score": _dec2(level.score),
            "min": _bound(level.min_value),
            "max": _bound(level.max_value),
            "min_inclusive": level.min_inclusive,
            "max_inclusive": level.max_inclusive,
            "points": _dec2(level.points),
        }

    @staticmethod
    def _step(step: ScaleStep) -> dict[str, Any]:
        return {
            "order": step.order,
            "name_th": step.name_th,
            "points": _dec2(step.points),
            "deadline": step.deadline.isoformat() if step.deadline else None,
        }

    def _project(self, project: Project) -> dict[str, Any]:
        links = sorted(project.kpi_links.all(), key=lambda link: (link.kpi.order, link.kpi.code))
        primary = next((link.kpi.code for link in links if link.is_primary), None)
        running = Decimal(0)
        steps = []
        for step in project.steps.all():
            running += step.weight
            steps.append(
                {
                    "order": step.order,
                    "name_th": step.name_th,
                    "weight": _dec2(step.weight),
                    "stated_cumulative": _dec2(running),
                    "planned_months": list(step.planned_months),
                }
            )
        return {
            "code": project.code,
            "strategy_codes": list(project.strategy_codes),
            "name_th": project.name_th,
            "kind": project.kind,
            "part": project.part,
            "priority": project.priority,
            "owner_units": self._units(project.owner_units.all()),
            "owner_text": project.owner_text,
            "kpis": [link.kpi.code for link in links],
            "primary_kpi": primary,
            "nodes": self._nodes(project.nodes.all()),
            "policies": sorted(p.code for p in project.policies.all()),
            "is_integrated": project.is_integrated,
            "flag_marks": project.flag_marks,
            "status_note": project.status_note,
            "expense_class": self.expense_paths.get(project.expense_class_id),
            "work_area_th": project.work_area_th,
            "description_th": project.description_th,
            "budget_lines": [
                {
                    "fiscal_year": line.fiscal_year,
                    "amount": _dec2(line.amount),
                    "status": line.status,
                    "category": line.category,
                    "source_th": line.source_th,
                    "note_th": line.note_th,
                }
                for line in project.budget_lines.all()
            ],
            "steps": steps,
        }

    @property
    def expense_paths(self) -> dict[int, list[str]]:
        """Each used expense class as its ด้าน → … → own name path (one query for all)."""
        if not hasattr(self, "_expense_paths"):
            classes = {
                p.expense_class.pk: p.expense_class for p in self.projects if p.expense_class
            }
            used = set(classes)
            ancestors = {pk for ec in classes.values() for pk in ec.ancestor_ids()} - used
            if ancestors:
                classes.update((ec.pk, ec) for ec in ExpenseClass.objects.filter(pk__in=ancestors))
            self._expense_paths = {
                pk: [classes[a].name_th for a in classes[pk].ancestor_ids() if a in classes]
                + [classes[pk].name_th]
                for pk in used
            }
        return self._expense_paths


def export_plan_document(plan: Plan) -> dict[str, Any]:
    """The plan and everything under it as a ``bmaplan/1`` document (a dict in canonical order)."""
    return _Exporter(plan).run()
