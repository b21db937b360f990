"""What goes into each document: database rows → plain dicts for the templates, cut into chunks.

One builder per kind (:func:`plan_document`, :func:`agreement_document`,
:func:`monthly_document`) returns a :class:`DocumentPlan`: the chunks in document order, the
table-of-contents builder and the PDF metadata. Numbers are formatted here with Arabic digits;
the document's digit style is applied to the finished HTML (:mod:`.digits`). Budget totals come
from :func:`plans.selectors.plan_budget_totals` and scores from
:func:`scoring.selectors.plan_scores`, the same functions the API answers with, so the PDF and
the API cannot disagree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.html import escape

from core.fiscal import fiscal_months, gantt_year_headers, parse_period, thai_date
from core.thai import baht_text, format_baht, format_number

from .digits import apply_digits
from .engine import Chunk, TocEntry

__all__ = ["DocumentPlan", "agreement_document", "monthly_document", "plan_document"]

BUDGET_STATUS_TEXT = {
    "no_budget": "ไม่ใช้งบประมาณ",
    "not_requested": "-",
    "as_allocated": "ตามที่ได้รับจัดสรร",
    "as_repaired": "ตามที่ซ่อมแซม",
}
STATUS_TEXT = {
    "on_track": "เป็นไปตามแผน",
    "at_risk": "มีความเสี่ยง",
    "off_track": "ล่าช้ากว่าแผน",
    "no_data": "ยังไม่มีข้อมูล",
}
ROLE_TEXT = {"lead": "หน่วยงานหลัก", "support": "หน่วยงานสนับสนุน", "joint": "หน่วยงานร่วม"}
PART_TITLES = {
    1: "การดำเนินงานตามแผนปฏิบัติราชการกรุงเทพมหานคร ประจำปี พ.ศ. {fy}",
    2: "การดำเนินงานตามยุทธศาสตร์ของหน่วยงาน",
    3: "บัญชีรายการโครงการ/กิจกรรมที่มีลักษณะเป็นรายจ่ายประจำพื้นฐาน",
    4: "การนำแผนฯ ไปสู่การปฏิบัติและการติดตามประเมินผล",
}
PART1_TITLE_TEXT = "การดำเนินงานตามแผนปฏิบัติราชการกรุงเทพมหานคร ประจำปี"
ZERO = Decimal("0")


@dataclass
class DocumentPlan:
    title: str
    chunks: list[Chunk]
    toc_chunk: Callable[[list[TocEntry]], Chunk] | None = None
    toc_after: str | None = None
    metadata: dict = field(default_factory=dict)
    facts: dict = field(default_factory=dict)  # figures printed in the PDF, for tests/bench


class _Builder:
    """Collects chunks; renders each from a template with shared context and digit style."""

    def __init__(self, digits: str, base: dict):
        self.digits = digits
        self.base = base
        self.chunks: list[Chunk] = []
        self._anchor = 0

    def anchor(self) -> str:
        self._anchor += 1
        return f"toc-{self._anchor}"

    def add(self, key, template, context, *, numbering="body", toc=(), title="") -> Chunk:
        html = render_to_string(template, {**self.base, **context, "toc": list(toc)})
        chunk = Chunk(
            key=key,
            html=apply_digits(html, self.digits),
            numbering=numbering,
            toc=list(toc),
            title=title or key,
        )
        self.chunks.append(chunk)
        return chunk


# --- formatting helpers ---------------------------------------------------------------------


def money(value) -> str:
    return "-" if value is None else format_baht(value)


def node_label(node) -> str:
    """How a framework node is headed in the documents ("ยุทธศาสตร์ย่อยที่ 3.2 …")."""
    key = node.level.key
    name = node.name_th
    if key == "side":
        side = name if name.startswith("ด้าน") else f"ด้าน{name}"
        return f"ยุทธศาสตร์ที่ {node.code} {side}"
    if node.short_code:
        return f"{node.short_code} {name}"
    if key in ("objective",):
        return name
    if key == "kr":
        return f"{node.code} {name}"
    return f"{node.level.label_th}ที่ {node.code} {name}"


def _unit_names(units) -> str:
    return " ".join(u.code for u in units)


def _plan_year_amount(project, fy) -> Decimal | None:
    amounts = [
        b.amount
        for b in project.budget_lines.all()
        if b.fiscal_year == fy and b.status == "amount" and b.amount is not None
    ]
    return sum(amounts, ZERO) if amounts else None


def budget_text(project, fy) -> str:
    """The budget cell of a project: this year's amount, or the form's phrase for none."""
    lines = [b for b in project.budget_lines.all() if b.fiscal_year == fy]
    amount = _plan_year_amount(project, fy)
    if amount is not None:
        return format_baht(amount)
    for b in lines:
        if b.status == "not_funded":
            return f"{format_baht(b.amount)} (ไม่ได้รับจัดสรร)"
        if b.status in BUDGET_STATUS_TEXT:
            return BUDGET_STATUS_TEXT[b.status]
    return "-"


def budget_notes(project, fy) -> list[str]:
    notes = []
    for b in project.budget_lines.all():
        if b.fiscal_year != fy and b.amount is not None:
            notes.append(f"ปี {b.fiscal_year}: {format_baht(b.amount)}")
        if b.note_th:
            notes.append(b.note_th)
        if b.source_th:
            notes.append(b.source_th)
    return notes


def owner_text(project) -> str:
    if project.owner_text:
        return project.owner_text
    return _unit_names(project.owner_units.all())


def project_row(project, fy, index=None) -> dict:
    kpi_codes = [k.code for k in project.kpis.all()]
    return {
        "index": index,
        "codes": project.strategy_codes,
        "name": project.name_th,
        "kpi_refs": ", ".join(kpi_codes),
        "budget": budget_text(project, fy),
        "amount": _plan_year_amount(project, fy),
        "notes": budget_notes(project, fy),
        "owner": owner_text(project),
        "policies": " ".join(p.code for p in project.policies.all()),
        "flag": project.flag_marks,
        "integrated": project.is_integrated,
        "kind": project.kind,
    }


def _ancestors(node, by_id) -> list:
    chain = []
    current = node
    while current is not None and current.parent_id:
        current = by_id.get(current.parent_id)
        if current is not None:
            chain.append(current)
    return list(reversed(chain))


def _year_text(values, kind, year) -> str:
    for v in values:
        if v.kind == kind and v.fiscal_year == year:
            return v.text or "-"
    return "-"


def _split_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# --- shared data access ---------------------------------------------------------------------


def _load(plan):
    """Every row the plan documents need, in a fixed number of queries."""
    from django.db.models import Prefetch

    from frameworks.models import FrameworkNode
    from kpis.models import Kpi
    from projects.models import Project, WorkStep

    fw_ids = [plan.framework_id, *plan.related_frameworks.values_list("pk", flat=True)]
    nodes = list(
        FrameworkNode.objects.filter(framework_id__in=fw_ids)
        .select_related("level", "framework")
        .prefetch_related("host_units")
        .order_by("framework_id", "path")
    )
    kpis = list(
        Kpi.objects.filter(plan=plan)
        .select_related("adoption__node__level", "component")
        .prefetch_related(
            "nodes__level",
            "policies",
            "year_values",
            "levels",
            "scale_steps",
            "parts__levels",
            "parts__steps",
            "responsibilities__org_unit",
            "adoption__lead_units",
            "adoption__supporting_units",
        )
        .order_by("order", "code")
    )
    projects = list(
        Project.objects.filter(plan=plan)
        .select_related("expense_class")
        .prefetch_related(
            "budget_lines",
            "owner_units",
            "policies",
            "nodes__level",
            Prefetch("kpis", queryset=Kpi.objects.order_by("order", "code")),
            Prefetch("steps", queryset=WorkStep.objects.order_by("order")),
        )
        .order_by("part", "order", "priority", "code")
    )
    adoptions = list(
        plan.adoptions.select_related("node__level")
        .prefetch_related("lead_units", "supporting_units")
        .order_by("order", "node__path")
    )
    sections = list(plan.sections.order_by("order", "key"))
    return nodes, kpis, projects, adoptions, sections


# --- plan document ---------------------------------------------------------------------------


def _section_groups(sections):
    """Narrative sections by where they go: cover, foreword, intro, part1-2, part2, annex."""
    out = defaultdict(list)
    for s in sections:
        key = s.key
        if key == "cover":
            out["cover"].append(s)
        elif s.kind == "foreword":
            out["foreword"].append(s)
        elif key.startswith("part1-2"):
            out["part1_2"].append(s)
        elif key.startswith("part2"):
            out["part2"].append(s)
        elif key == "summary":
            continue  # the summary sentence is computed (Part 1 summary list)
        elif s.kind == "evaluation":
            out["evaluation"].append(s)
        else:
            out["intro"].append(s)
    return out


def _cover_extra(html: str, plan) -> str:
    """A stored cover section without the lines the cover already prints (unit, title, slogan)."""
    import re

    unit = plan.org_unit
    printed = {unit.name_th, unit.name_en, plan.slogan_th, plan.title_th}
    printed = {" ".join(p.split()).upper() for p in printed if p}

    def keep(m):
        text = " ".join(re.sub(r"<[^>]+>", "", m.group(0)).split())
        if text.upper() in printed or text.startswith(("แผนปฏิบัติ", "“")):
            return ""
        return m.group(0)

    return re.sub(r"<p>.*?</p>", keep, html, flags=re.S)


def _intro_blocks(sections, plan, swot_items, tows):
    """Narrative sections in order; consecutive mission sections become one numbered list."""
    blocks = []
    for s in sections:
        if s.kind == "mission":
            if blocks and blocks[-1]["kind"] == "missions":
                blocks[-1]["items"].append(s)
                continue
            blocks.append({"kind": "missions", "title": "พันธกิจ", "items": [s]})
            continue
        block = {"kind": s.kind, "title": s.title_th or s.get_kind_display(), "section": s}
        if s.kind == "swot":
            block["swot"] = _swot_tables(swot_items)
        if s.kind == "tows":
            block["tows"] = _tows_table(tows)
        blocks.append(block)
    return blocks


def _swot_tables(items):
    by_q = defaultdict(list)
    for item in items:
        by_q[item.quadrant].append(item)

    def pair(left, right):
        factors = []
        for item in by_q[left] + by_q[right]:
            if item.factor_th not in factors:
                factors.append(item.factor_th)
        rows = []
        for factor in factors:
            rows.append(
                {
                    "factor": factor,
                    "left": [i for i in by_q[left] if i.factor_th == factor],
                    "right": [i for i in by_q[right] if i.factor_th == factor],
                }
            )
        return rows

    return {
        "internal": pair("S", "W"),
        "external": pair("O", "T"),
        "has_items": bool(items),
    }


def _tows_table(strategies):
    by_q = defaultdict(list)
    for s in strategies:
        by_q[s.quadrant].append(s)
    return {q: by_q[q] for q in ("SO", "WO", "ST", "WT")} if strategies else None


def _part1_groups(plan, nodes, kpis, projects, adoptions, fy):
    """Part 1 blocks, one per group node (sub-strategy in FY 2567, issue in FY 2569)."""
    main = [n for n in nodes if n.framework_id == plan.framework_id]
    by_id = {n.id: n for n in main}
    by_code = {n.code: n for n in main}
    keys = {n.level.key for n in main}
    okr_style = "super_okr" in keys
    group_key = "substrategy" if "substrategy" in keys else ("issue" if "issue" in keys else None)
    if group_key is None:  # unknown shape: the level above the KRs
        kr_levels = [n.level for n in main if n.level.key == "kr"]
        above = [n.level for n in main if kr_levels and n.level.order == kr_levels[0].order - 1]
        group_key = above[0].key if above else (main[0].level.key if main else "")

    def group_of(node):
        chain = [*_ancestors(node, by_id), node]
        for n in chain:
            if n.level.key == group_key:
                return n
        return None

    groups: dict[int, dict] = {}

    def group(n):
        if n.id not in groups:
            groups[n.id] = {
                "node": n,
                "label": node_label(n),
                "path": [a for a in _ancestors(n, by_id)],
                "objectives": {},
                "tactics": {},
                "projects": [],
                "okr": {},
            }
        return groups[n.id]

    kpis_by_adoption = defaultdict(list)
    for k in kpis:
        if k.adoption_id:
            kpis_by_adoption[k.adoption_id].append(k)
    # KRs with their objective
    for a in adoptions:
        if a.node.framework_id != plan.framework_id or a.node.level.key != "kr":
            continue
        node = by_id.get(a.node_id)
        g = group_of(node) if node else None
        if g is None:
            continue
        blk = group(g)
        parent = by_id.get(node.parent_id)
        row = {
            "node": node,
            "label": node.short_code or node.code,
            "name": a.local_name_th or node.name_th,
            "target": a.local_target_text or node.target_text or "-",
            "bma_target": node.target_text or "-",
            "lead": _unit_names(a.lead_units.all()) or a.units_note,
            "support": _unit_names(a.supporting_units.all()),
            "role": a.role,
            "host": _unit_names(node.host_units.all()),
            "projects": [],
        }
        if okr_style:
            okr = parent if parent is not None and parent.level.key == "super_okr" else None
            key = okr.id if okr else 0
            entry = blk["okr"].setdefault(
                key,
                {
                    "node": okr,
                    "label": okr.code if okr else "",
                    "name": okr.name_th if okr else "",
                    "target": (okr.target_text if okr else "") or "-",
                    "host": _unit_names(okr.host_units.all()) if okr else "",
                    "krs": [],
                },
            )
            row["kpis"] = kpis_by_adoption.get(a.id, [])
            row["kpi_names"] = [k.name_th for k in row["kpis"] if k.name_th != row["name"]]
            entry["krs"].append(row)
        else:
            objective = parent if parent is not None and parent.level.key == "objective" else None
            key = objective.id if objective else 0
            blk["objectives"].setdefault(
                key,
                {
                    "node": objective,
                    "label": objective.short_code if objective else "",
                    "name": objective.name_th if objective else "",
                    "krs": [],
                },
            )["krs"].append(row)
    # KPIs per tactic (FY 2567 shape)
    for k in kpis:
        if k.part != 1:
            continue
        tactic = next((n for n in k.nodes.all() if n.level.key == "tactic"), None)
        anchor = (
            tactic
            or next(iter(k.nodes.all()), None)
            or (k.adoption.node if k.adoption_id else None)
        )
        anchor = by_id.get(anchor.id) if anchor is not None else None
        g = group_of(anchor) if anchor is not None else None
        if g is None:
            continue
        blk = group(g)
        t_key = tactic.id if tactic else 0
        blk["tactics"].setdefault(
            t_key,
            {"node": tactic, "label": node_label(tactic) if tactic else "", "kpis": []},
        )["kpis"].append(
            {
                "kpi": k,
                "label": (
                    k.adoption.node.short_code
                    if k.adoption_id and k.adoption.node.short_code
                    else f"KPI {k.code}"
                ),
                "name": k.name_th,
                "prev": _year_text(k.year_values.all(), "target", fy - 1),
                "this": _year_text(k.year_values.all(), "target", fy),
            }
        )
    # Projects per group (a project linked to two sub-strategies is printed under both).
    for p in projects:
        if p.part != 1:
            continue
        targets = []
        for n in p.nodes.all():
            n = by_id.get(n.id)
            g = group_of(n) if n else None
            if g is not None and g.id not in [t.id for t in targets]:
                targets.append(g)
        if not targets:
            for k in p.kpis.all():
                anchor = next(iter(k.nodes.all()), None) or (
                    k.adoption.node if k.adoption_id else None
                )
                anchor = by_id.get(anchor.id) if anchor is not None else None
                g = group_of(anchor) if anchor is not None else None
                if g is not None and g.id not in [t.id for t in targets]:
                    targets.append(g)
        for g in targets:
            group(g)["projects"].append(project_row(p, fy))
    if okr_style:  # projects under their KRs
        project_by_kpi = defaultdict(list)
        for p in projects:
            for k in p.kpis.all():
                project_by_kpi[k.id].append(p)
        for blk in groups.values():
            for okr in blk["okr"].values():
                for row in okr["krs"]:
                    plist, seen = [], set()
                    for k in row.get("kpis", []):
                        for p in project_by_kpi.get(k.id, []):
                            if p.id not in seen and p.part == 1:
                                seen.add(p.id)
                                plist.append(project_row(p, fy))
                    row["projects"] = plist
                    row["span"] = max(1, len(plist))
                okr["span"] = sum(r["span"] for r in okr["krs"])
        for blk in groups.values():
            flat = []
            for okr in blk["okr"].values():
                for i, kr in enumerate(okr["krs"]):
                    for j, proj in enumerate(kr["projects"] or [None]):
                        flat.append(
                            {
                                "okr": okr if i == 0 and j == 0 else None,
                                "kr": kr if j == 0 else None,
                                "project": proj,
                            }
                        )
            blk["rows"] = flat
    ordered = sorted(groups.values(), key=lambda b: b["node"].path)
    for b in ordered:
        b["objectives"] = list(b["objectives"].values())
        b["tactics"] = sorted(
            b["tactics"].values(), key=lambda t: t["node"].path if t["node"] else ""
        )
        b["okr"] = list(b["okr"].values())
        b["projects"].sort(key=lambda r: r["index"] or 0)
    # Which headings change from one block to the next
    previous: list = []
    for b in ordered:
        b["new_path"] = [
            n for i, n in enumerate(b["path"]) if i >= len(previous) or previous[i].id != n.id
        ]
        b["new_path_labels"] = [{"label": node_label(n), "key": n.level.key} for n in b["new_path"]]
        previous = b["path"]
    return ordered, okr_style, by_code


def plan_document(plan, *, digits: str = "arabic") -> DocumentPlan:
    from plans.selectors import plan_budget_totals

    fy = plan.fiscal_year
    unit = plan.org_unit
    nodes, kpis, projects, adoptions, sections = _load(plan)
    totals = plan_budget_totals(plan)
    groups = _section_groups(sections)
    swot_items = list(plan.swot_items.order_by("order", "code"))
    tows = list(plan.tows_strategies.order_by("quadrant", "order"))
    fy_months = fiscal_months(fy)
    base = {
        "plan": plan,
        "unit": unit,
        "fy": fy,
        "doc_title": plan.title_th,
        "digits": digits,
        "months": fy_months,
        "year_headers": gantt_year_headers(fy),
        "fy_prev": fy - 1,
    }
    b = _Builder(digits, base)

    # Cover, foreword
    b.add(
        "cover",
        "documents/pdf/plan/cover.html",
        {"cover_extra": [_cover_extra(s.body_html, plan) for s in groups["cover"]]},
        numbering="none",
        title="ปก",
    )
    fw_anchor = b.anchor()
    b.add(
        "foreword",
        "documents/pdf/plan/foreword.html",
        {"sections": groups["foreword"], "anchor": fw_anchor},
        numbering="front",
        toc=[TocEntry(fw_anchor, "คำนำ")],
        title="คำนำ",
    )

    # Intro: profile, statistics, situation, SWOT/TOWS, vision, missions, goals
    blocks = _intro_blocks(groups["intro"], plan, swot_items, tows)
    toc = []
    for blk in blocks:
        blk["anchor"] = b.anchor()
        toc.append(TocEntry(blk["anchor"], blk["title"]))
    # split the narrative into two chunks (profile/situation, then the rest) for balance
    split = next(
        (i for i, blk in enumerate(blocks) if blk["kind"] in ("swot", "tows", "vision")),
        len(blocks),
    )
    for key, part_blocks in (("intro-1", blocks[:split]), ("intro-2", blocks[split:])):
        if part_blocks:
            entries = [e for e in toc if e.anchor in {x["anchor"] for x in part_blocks}]
            b.add(
                key,
                "documents/pdf/plan/intro.html",
                {"blocks": part_blocks},
                toc=entries,
                title=part_blocks[0]["title"],
            )

    # Part 1
    p1_groups, okr_style, _ = _part1_groups(plan, nodes, kpis, projects, adoptions, fy)
    part1_title = PART_TITLES[1].format(fy=fy)
    p1_anchor = b.anchor()
    strategies = defaultdict(list)
    for g in p1_groups:
        top = (
            g["path"][1]
            if len(g["path"]) > 1 and g["path"][0].level.key == "dimension"
            else (g["path"][0] if g["path"] else g["node"])
        )
        strategies[top.id].append(g)
    first = True
    for top_id, glist in strategies.items():
        entries = []
        if first:
            entries.append(TocEntry(p1_anchor, f"ส่วนที่ 1 {part1_title}"))
        for g in glist:
            g["anchor"] = b.anchor()
            head = [x for x in g["new_path_labels"] if x["key"] != "dimension"]
            title = head[0]["label"] if head else g["label"]
            if head:
                entries.append(TocEntry(g["anchor"], title, level=2))
        b.add(
            f"part1-{top_id}",
            "documents/pdf/plan/part1.html",
            {
                "groups": glist,
                "okr_style": okr_style,
                "part_anchor": p1_anchor if first else "",
                "part_title": part1_title,
                "part_title_text": PART1_TITLE_TEXT,
            },
            toc=entries,
            title=entries[-1].title if entries else "ส่วนที่ 1",
        )
        first = False
    if not p1_groups:
        b.add(
            "part1-empty",
            "documents/pdf/plan/part1.html",
            {
                "groups": [],
                "okr_style": okr_style,
                "part_anchor": p1_anchor,
                "part_title": part1_title,
                "part_title_text": PART1_TITLE_TEXT,
            },
            toc=[TocEntry(p1_anchor, f"ส่วนที่ 1 {part1_title}")],
            title="ส่วนที่ 1",
        )

    # Part 1 summary list (+ 1.2 policy mapping sections)
    sum_anchor = b.anchor()
    part1_projects = [p for p in projects if p.part == 1]
    part1_projects.sort(key=lambda p: (p.priority or 10**6, p.order, p.code))
    rows = [project_row(p, fy, i) for i, p in enumerate(part1_projects, start=1)]
    kr_codes = {}
    if okr_style:
        for p in part1_projects:
            primary = next((k for k in p.kpis.all()), None)
            kr_codes[p.id] = primary.code if primary else ""
        for r, p in zip(rows, part1_projects, strict=True):
            r["kr"] = kr_codes.get(p.id, "")
    integrated = [r for r in rows if r["integrated"]]
    integrated_total = sum((r["amount"] or ZERO for r in integrated), ZERO)
    b.add(
        "part1-summary",
        "documents/pdf/plan/summary.html",
        {
            "anchor": sum_anchor,
            "title": f"สรุปโครงการและงบประมาณที่หน่วยงานจะดำเนินการในปีงบประมาณ พ.ศ. {fy}",
            "rows": rows,
            "total": totals["part1"],
            "total_text": baht_text(totals["part1"]),
            "count": len(rows),
            "okr_style": okr_style,
            "integrated": integrated,
            "integrated_total": integrated_total,
            "part1_2": groups["part1_2"],
        },
        toc=[TocEntry(sum_anchor, "สรุปโครงการและงบประมาณ", level=2)],
        title="สรุปโครงการและงบประมาณ",
    )

    # Part 2
    p2_anchor = b.anchor()
    part2 = _part2(plan, nodes, kpis, projects, fy)
    b.add(
        "part2",
        "documents/pdf/plan/part2.html",
        {
            "anchor": p2_anchor,
            "part_title": PART_TITLES[2],
            "blocks": part2["blocks"],
            "rows": part2["rows"],
            "total": totals["part2"],
            "total_text": baht_text(totals["part2"]),
            "sections": groups["part2"],
        },
        toc=[TocEntry(p2_anchor, f"ส่วนที่ 2 {PART_TITLES[2]}")],
        title="ส่วนที่ 2",
    )

    # Part 3
    p3_anchor = b.anchor()
    part3 = _part3([p for p in projects if p.part == 3], fy)
    b.add(
        "part3",
        "documents/pdf/plan/part3.html",
        {
            "anchor": p3_anchor,
            "part_title": PART_TITLES[3],
            "form": "แบบที่ 2 ระดับสำนักงานเขต"
            if unit.kind == "district"
            else "แบบที่ 1 ระดับสำนัก/สำนักงาน",
            "groups": part3["groups"],
            "by_area": part3["by_area"],
            "count": part3["count"],
            "total": totals["part3"],
            "total_text": baht_text(totals["part3"]),
        },
        toc=[TocEntry(p3_anchor, f"ส่วนที่ 3 {PART_TITLES[3]}")],
        title="ส่วนที่ 3",
    )
    part3_sum = sum((g["subtotal"] for g in part3["groups"]), ZERO)

    # Part 4 annexes
    p4_anchor = b.anchor()
    first_part4 = True

    def part4_entries(anchor, title):
        nonlocal first_part4
        entries = []
        if first_part4:
            entries.append(TocEntry(p4_anchor, f"ส่วนที่ 4 {PART_TITLES[4]}"))
        entries.append(TocEntry(anchor, title, level=2))
        ctx = {
            "part_anchor": p4_anchor if first_part4 else "",
            "part_title": PART_TITLES[4],
            "heading": title,
        }
        first_part4 = False
        return entries, ctx

    # ก: BMA-plan KPI sheets, one chunk per strategy
    sheet_groups = _kpi_sheets(p1_groups, projects, fy)
    if sheet_groups:
        by_top = defaultdict(list)
        for sg in sheet_groups:
            by_top[sg["top"]].append(sg)
        first_ka = True
        for top, sgs in by_top.items():
            anchor = b.anchor()
            if first_ka:
                entries, ctx = part4_entries(
                    anchor,
                    "ตาราง ก ตัวชี้วัดตามแผนปฏิบัติราชการกรุงเทพมหานคร ประจำปี พ.ศ.\u00a0"
                    f"{fy} (นิยามและวิธีคำนวณ)",
                )
            else:
                entries, ctx = [], {"part_anchor": "", "part_title": PART_TITLES[4], "heading": ""}
            b.add(
                f"annex-a-{top}",
                "documents/pdf/plan/annex_a.html",
                {**ctx, "anchor": anchor, "first": first_ka, "sheets": sgs},
                toc=entries,
                title="ตาราง ก",
            )
            first_ka = False
    # ข: agency-strategy KPI sheets
    part2_kpis = [k for k in kpis if k.part == 2]
    if part2_kpis:
        anchor = b.anchor()
        entries, ctx = part4_entries(anchor, "ตาราง ข ตัวชี้วัดตามยุทธศาสตร์ของหน่วยงาน")
        rows_b = [_kpi_sheet_row(k, projects, fy) for k in part2_kpis]
        b.add(
            "annex-b",
            "documents/pdf/plan/annex_b.html",
            {**ctx, "anchor": anchor, "rows": rows_b},
            toc=entries,
            title="ตาราง ข",
        )
    # ค: agreement KPIs with rubric tables
    agreement = _agreement_sheets(plan, kpis, projects, nodes, fy)
    if agreement["sheets"]:
        anchor = b.anchor()
        entries, ctx = part4_entries(
            anchor, f"ตาราง ค ตัวชี้วัดตามคำรับรองการปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ.\u00a0{fy}"
        )
        b.add(
            "annex-c",
            "documents/pdf/plan/annex_c.html",
            {**ctx, "anchor": anchor, **agreement},
            toc=entries,
            title="ตาราง ค",
        )
    # ง: Governor-policy linkage
    policy_rows = _policy_rows(kpis, projects, fy)
    if policy_rows:
        anchor = b.anchor()
        entries, ctx = part4_entries(
            anchor, "ตาราง ง ความเชื่อมโยงของโครงการ/กิจกรรมกับนโยบายผู้ว่าราชการกรุงเทพมหานคร"
        )
        b.add(
            "annex-d",
            "documents/pdf/plan/annex_d.html",
            {**ctx, "anchor": anchor, "policies": policy_rows},
            toc=entries,
            title="ตาราง ง",
        )
    # จ: work-step plans with the 12-month Gantt, split in chunks of ~15 plans
    step_plans = [
        _step_plan(p, fy, fy_months) for p in projects if p.part in (1, 2, 4) and p.steps.all()
    ]
    if step_plans:
        anchor = b.anchor()
        entries, ctx = part4_entries(
            anchor, "ตาราง จ ขั้นตอนการปฏิบัติงานของโครงการ/กิจกรรม (ร้อยละของขั้นตอนและระยะเวลา)"
        )
        size = 15
        for start in range(0, len(step_plans), size):
            first_e = start == 0
            b.add(
                f"annex-e-{start}",
                "documents/pdf/plan/annex_e.html",
                {
                    **(
                        ctx
                        if first_e
                        else {"part_anchor": "", "part_title": PART_TITLES[4], "heading": ""}
                    ),
                    "anchor": anchor if first_e else "",
                    "first": first_e,
                    "plans": step_plans[start : start + size],
                },
                toc=entries if first_e else [],
                title="ตาราง จ",
            )
    # ฉ / evaluation sections
    if groups["evaluation"]:
        anchor = b.anchor()
        title = groups["evaluation"][0].title_th or "การประเมินผลการปฏิบัติราชการ"
        entries, ctx = part4_entries(anchor, title)
        other = [k for k in kpis if k.component_id and k.id not in agreement["kpi_ids"]]
        b.add(
            "annex-f",
            "documents/pdf/plan/annex_f.html",
            {
                **ctx,
                "anchor": anchor,
                "sections": groups["evaluation"],
                "other_kpis": [_kpi_sheet_row(k, projects, fy) for k in other],
            },
            toc=entries,
            title=title,
        )

    def toc_chunk(entries: list[TocEntry]) -> Chunk:
        from .digits import convert_text

        for e in entries:
            e.shown_label = convert_text(e.label, digits)
        html = render_to_string("documents/pdf/toc.html", {**base, "entries": entries})
        return Chunk("toc", apply_digits(html, digits), numbering="front", title="สารบัญ")

    facts = {
        "totals": {k: str(v) for k, v in totals.items()},
        "part3_group_sum": str(part3_sum),
        "kpi_names": [k.name_th for k in kpis],
        "project_names": [p.name_th for p in projects],
    }
    return DocumentPlan(
        title=plan.title_th,
        chunks=b.chunks,
        toc_chunk=toc_chunk,
        toc_after="foreword",
        metadata={
            "Title": plan.title_th,
            "Author": unit.name_th,
            "Subject": "แผนปฏิบัติราชการ",
            "Creator": "bmaplan",
        },
        facts=facts,
    )


def _part2(plan, nodes, kpis, projects, fy):
    """Agency strategy: one block per objective of the unit's own framework."""
    agency_fw = [
        n for n in nodes if n.framework_id != plan.framework_id and n.framework.kind == "agency"
    ]
    main_by_id = {n.id: n for n in nodes if n.framework_id == plan.framework_id}
    by_id = {n.id: n for n in agency_fw}
    blocks = {}
    for n in agency_fw:
        if n.level.key == "objective":
            issue = by_id.get(n.parent_id)
            blocks[n.id] = {"node": n, "issue": issue, "kpis": [], "links": [], "projects": []}
    part2_kpis = [k for k in kpis if k.part == 2]
    for k in part2_kpis:
        anchor = next((n for n in k.nodes.all() if n.id in by_id), None)
        if anchor is None and k.adoption_id and k.adoption.node_id in by_id:
            anchor = by_id[k.adoption.node_id]
        obj = anchor
        while obj is not None and obj.level.key != "objective":
            obj = by_id.get(obj.parent_id)
        blk = blocks.get(obj.id) if obj else None
        if blk is None:
            blk = blocks.setdefault(
                0, {"node": None, "issue": None, "kpis": [], "links": [], "projects": []}
            )
        label = (
            k.adoption.node.short_code if k.adoption_id and k.adoption.node.short_code else k.code
        )
        blk["kpis"].append(
            {
                "label": label,
                "name": k.name_th,
                "target": _year_text(k.year_values.all(), "target", fy),
            }
        )
        for n in k.nodes.all():
            if n.id in main_by_id:
                chain = [*_ancestors(main_by_id[n.id], main_by_id), main_by_id[n.id]]
                links = [
                    node_label(c)
                    for c in chain
                    if c.level.key in ("strategy", "substrategy", "tactic")
                ]
                if links and links not in blk["links"]:
                    blk["links"].append(links)
    rows = []
    part2_projects = sorted(
        [p for p in projects if p.part == 2], key=lambda p: (p.priority or 10**6, p.order)
    )
    for i, p in enumerate(part2_projects, start=1):
        row = project_row(p, fy, i)
        rows.append(row)
        placed = False
        for n in p.nodes.all():
            if n.id in blocks:
                blocks[n.id]["projects"].append(row)
                placed = True
                break
        if not placed:
            for blk in blocks.values():
                if any(x["label"] in row["kpi_refs"] for x in blk["kpis"]):
                    blk["projects"].append(row)
                    break
    return {"blocks": [b for b in blocks.values() if b["kpis"] or b["projects"]], "rows": rows}


def _part3(routine, fy):
    """Routine items grouped ด้าน → แผนงาน → ผลผลิต → expense type, or by งาน (districts)."""
    by_area = not any(p.expense_class_id for p in routine) and any(p.work_area_th for p in routine)
    groups: dict = {}
    count = 0
    from projects.models import ExpenseClass

    classes = {c.id: c for c in ExpenseClass.objects.all()}
    for p in sorted(routine, key=lambda p: (p.order, p.priority or 0, p.code)):
        if by_area:
            path = (p.work_area_th or "ไม่ระบุงาน",)
        elif p.expense_class_id:
            c = classes[p.expense_class_id]
            chain = [c]
            while chain[0].parent_id:
                chain.insert(0, classes[chain[0].parent_id])
            path = tuple(x.name_th for x in chain)
        else:
            path = ("ไม่ระบุการจำแนก",)
        g = groups.setdefault(path, {"path": path, "rows": [], "subtotal": ZERO})
        count += 1
        row = project_row(p, fy, len(g["rows"]) + 1)
        g["rows"].append(row)
        g["subtotal"] += row["amount"] or ZERO
    ordered = list(groups.values())
    previous: tuple = ()
    for g in ordered:
        g["new_heads"] = [
            {"depth": i, "name": name}
            for i, name in enumerate(g["path"][:-1])
            if i >= len(previous) - 1 or previous[: i + 1] != g["path"][: i + 1]
        ]
        g["leaf"] = g["path"][-1]
        previous = g["path"]
    return {"groups": ordered, "by_area": by_area, "count": count}


def _kpi_sheet_row(k, projects, fy):
    linked = [p for p in projects if k in p.kpis.all()]
    return {
        "kpi": k,
        "label": (
            k.adoption.node.short_code
            if k.adoption_id and k.adoption.node.short_code
            else f"KPI {k.code}"
        ),
        "tactic": next((node_label(n) for n in k.nodes.all() if n.level.key == "tactic"), ""),
        "name": k.name_th,
        "target": _year_text(k.year_values.all(), "target", fy),
        "definition": k.definition_th,
        "calculation": k.calculation_th,
        "evidence": k.evidence_th,
        "projects": [
            {"name": p.name_th, "budget": budget_text(p, fy), "owner": owner_text(p)}
            for p in linked
        ],
    }


def _kpi_sheets(p1_groups, projects, fy):
    out = []
    for g in p1_groups:
        rows = []
        for t in g["tactics"]:
            for item in t["kpis"]:
                rows.append(_kpi_sheet_row(item["kpi"], projects, fy))
        if not rows:
            continue
        top = g["path"][1].id if len(g["path"]) > 1 else "all"
        out.append({"group": g, "rows": rows, "top": top, "objectives": g["objectives"]})
    return out


def _policy_rows(kpis, projects, fy):
    policies: dict = {}
    for p in projects:
        for pol in p.policies.all():
            entry = policies.setdefault(pol.code, {"policy": pol, "projects": [], "kpis": []})
            entry["projects"].append(project_row(p, fy))
    for k in kpis:
        for pol in k.policies.all():
            entry = policies.setdefault(pol.code, {"policy": pol, "projects": [], "kpis": []})
            entry["kpis"].append(
                {
                    "code": k.code,
                    "name": k.name_th,
                    "target": _year_text(k.year_values.all(), "target", fy),
                }
            )
    out = []
    for code in sorted(policies):
        e = policies[code]
        e["span"] = max(1, len(e["projects"]))
        e["total"] = sum((r["amount"] or ZERO for r in e["projects"]), ZERO)
        out.append(e)
    return out


def _step_plan(project, fy, months):
    steps = list(project.steps.all())
    cumulative = ZERO
    rows = []
    for s in steps:
        cumulative += s.weight
        planned = set(s.planned_months or [])
        rows.append(
            {
                "order": s.order,
                "name": s.name_th,
                "weight": s.weight,
                "cumulative": cumulative,
                "months": [m.period in planned for m in months],
            }
        )
    return {
        "project": project,
        "name": project.name_th,
        "owner": owner_text(project),
        "budget": budget_text(project, fy),
        "rows": rows,
        "count": len(rows),
        "total_weight": cumulative,
        "has_months": any(any(r["months"]) for r in rows),
    }


# --- agreement sheets (ตาราง ค and the agreement document) ----------------------------------


def _criteria(k):
    weight = k.weight or ZERO
    levels = sorted((lv for lv in k.levels.all() if lv.part_id is None), key=lambda lv: -lv.level)
    rows = []
    for lv in levels:
        score = (
            lv.score
            if lv.score is not None
            else (lv.points * weight / 100 if lv.points is not None else weight * lv.level / 5)
        )
        threshold = lv.threshold_text
        if not threshold and (lv.min_value is not None or lv.max_value is not None):
            lo = format_number(lv.min_value, decimals=2) if lv.min_value is not None else ""
            hi = format_number(lv.max_value, decimals=2) if lv.max_value is not None else ""
            threshold = f"{lo} – {hi}".strip(" –")
        rows.append(
            {
                "level": lv.level,
                "threshold": threshold or f"ระดับ {lv.level}",
                "criterion": lv.criterion_th,
                "score": _fmt_score(score),
            }
        )
    steps = [
        {
            "order": s.order,
            "name": s.name_th,
            "points": _fmt_score(s.points),
            "deadline": thai_date(s.deadline) if s.deadline else "",
        }
        for s in k.scale_steps.all()
        if s.part_id is None
    ]
    parts = [
        {
            "index": p.index,
            "name": p.name_th,
            "weight": _fmt_score(p.weight),
            "levels": [
                {"level": lv.level, "threshold": lv.threshold_text, "criterion": lv.criterion_th}
                for lv in sorted(p.levels.all(), key=lambda lv: -lv.level)
            ],
        }
        for p in k.parts.all()
    ]
    return {"levels": rows, "steps": steps, "parts": parts, "kind": k.scale_kind}


def _fmt_score(value) -> str:
    if value is None:
        return "-"
    value = Decimal(value)
    return format_number(value, decimals=0 if value == value.to_integral_value() else 2)


def _agreement_sheets(plan, kpis, projects, nodes, fy):
    from plans.models import Component

    components = list(Component.objects.filter(plan=plan).order_by("order", "code"))
    by_id = {n.id: n for n in nodes}
    agreement_kpis = [k for k in kpis if k.component_id]
    comp_kpis = defaultdict(list)
    for k in agreement_kpis:
        comp_kpis[k.component_id].append(k)
    sheets = []
    summary = []
    fy_months = fiscal_months(fy)
    for c in components:
        ks = comp_kpis.get(c.id, [])
        children = [x for x in components if x.parent_id == c.id]
        count = len(ks) + sum(len(comp_kpis.get(x.id, [])) for x in children)
        summary.append(
            {
                "component": c,
                "depth": 1 if c.parent_id else 0,
                "count": count,
                "weight": _fmt_score(c.weight),
                "kpis": [],
            }
        )
        siblings = [x for x in components if x.parent_id == c.parent_id] if c.parent_id else [c]
        for seq, k in enumerate(ks, start=1):
            baselines = sorted(
                (v for v in k.year_values.all() if v.kind == "baseline"),
                key=lambda v: v.fiscal_year,
            )
            latest = next((v.text for v in reversed(baselines) if v.text and v.text != "-"), "-")
            target = _year_text(k.year_values.all(), "target", fy)
            summary[-1]["kpis"].append(
                {
                    "seq": seq,
                    "name": k.name_th,
                    "baseline": latest,
                    "target": target,
                    "weight": _fmt_score(k.weight),
                }
            )
            kr = k.adoption.node if k.adoption_id else None
            chain = []
            if kr is not None and kr.id in by_id:
                chain = [*_ancestors(by_id[kr.id], by_id), by_id[kr.id]]
            elif k.nodes.all():
                n = next(iter(k.nodes.all()))
                if n.id in by_id:
                    chain = [*_ancestors(by_id[n.id], by_id), by_id[n.id]]
            link = {lv: "" for lv in ("strategy", "substrategy", "objective", "kr")}
            for n in chain:
                if n.level.key in link:
                    link[n.level.key] = (
                        f"{n.short_code or n.code}" if n.level.key in ("strategy", "kr") else n.code
                    )
                    link[n.level.key + "_name"] = n.name_th
            policy = next(iter(k.policies.all()), None)
            related = [p for p in projects if k in p.kpis.all()]
            linked_projects = [p for p in related if p.steps.all()]
            sheets.append(
                {
                    "kpi": k,
                    "seq": seq,
                    "component": c,
                    "boxes": [{"code": x.code, "checked": x.id == c.id} for x in siblings],
                    "policy": policy,
                    "link": link,
                    "baselines": [
                        {"year": v.fiscal_year, "text": v.text or "-"} for v in baselines
                    ],
                    "target": target,
                    "weight": _fmt_score(k.weight),
                    "definition": _split_lines(k.definition_th),
                    "calculation": _split_lines(k.calculation_th),
                    "evidence": _split_lines(k.evidence_th),
                    "conditions": _split_lines(k.conditions_th),
                    "notes": _split_lines(k.notes_th),
                    "responsibilities": [
                        {
                            "unit": r.org_unit.name_th if r.org_unit_id else r.unit_text,
                            "role": ROLE_TEXT.get(r.role, r.role),
                            "duties": _split_lines(r.duties_th),
                        }
                        for r in k.responsibilities.all()
                    ],
                    "criteria": _criteria(k),
                    "plans": [_step_plan(p, fy, fy_months) for p in linked_projects],
                    "projects": [
                        {"name": p.name_th, "owner": owner_text(p), "budget": budget_text(p, fy)}
                        for p in related
                    ],
                }
            )
    total_weight = sum((k.weight or ZERO for k in agreement_kpis), ZERO)
    return {
        "sheets": sheets,
        "summary": summary,
        "total_weight": _fmt_score(total_weight),
        "kpi_ids": {k.id for k in agreement_kpis},
    }


def agreement_document(plan, *, digits: str = "arabic") -> DocumentPlan:
    fy = plan.fiscal_year
    nodes, kpis, projects, _adoptions, _sections = _load(plan)
    data = _agreement_sheets(plan, kpis, projects, nodes, fy)
    base = {
        "plan": plan,
        "unit": plan.org_unit,
        "fy": fy,
        "digits": digits,
        "months": fiscal_months(fy),
        "year_headers": gantt_year_headers(fy),
    }
    b = _Builder(digits, base)
    b.add(
        "summary",
        "documents/pdf/agreement/summary.html",
        data,
        numbering="body",
        title="แบบสรุปตัวชี้วัด",
    )
    sheets = data["sheets"]
    for start in range(0, len(sheets), 3):
        b.add(
            f"sheets-{start}",
            "documents/pdf/agreement/sheets.html",
            {"sheets": sheets[start : start + 3]},
            title=f"ตัวชี้วัดที่ {start + 1}",
        )
    title = f"แบบสรุปตัวชี้วัดเจรจาตกลงการประเมินผลการปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. {fy}"
    return DocumentPlan(
        title=title,
        chunks=b.chunks,
        metadata={
            "Title": f"{title} {plan.org_unit.name_th}",
            "Author": plan.org_unit.name_th,
            "Subject": "ตัวชี้วัดเจรจาตกลง",
            "Creator": "bmaplan",
        },
        facts={
            "total_weight": data["total_weight"],
            "kpi_names": [s["kpi"].name_th for s in sheets],
        },
    )


# --- monthly report ----------------------------------------------------------------------------


def monthly_document(plan, *, period: str, digits: str = "arabic") -> DocumentPlan:
    from progress.models import KpiReport, ProjectReport
    from scoring.selectors import COUNTING_STATUSES, plan_scores

    fy = plan.fiscal_year
    year, month = parse_period(period)
    months = fiscal_months(fy)
    month_obj = next(m for m in months if m.period == period)
    scores = plan_scores(plan, period)
    _nodes, kpis, projects, _adoptions, _sections = _load(plan)
    reports = {}
    for r in (
        KpiReport.objects.filter(kpi__plan=plan, period__lte=period, status__in=COUNTING_STATUSES)
        .order_by("kpi_id", "-period")
        .distinct("kpi_id")
    ):
        reports[r.kpi_id] = r
    score_by_kpi = {row["kpi"]: row for c in scores["components"] for row in c["kpis"]}
    kpi_rows = []
    for k in kpis:
        r = reports.get(k.id)
        s = score_by_kpi.get(k.id)
        if r is None and s is None:
            continue
        actual = (
            r.actual_text
            if r and r.actual_text
            else (
                format_number(r.actual_value, decimals=2).rstrip("0").rstrip(".")
                if r and r.actual_value is not None
                else "-"
            )
        )
        status = s["status"] if s else "no_data"
        kpi_rows.append(
            {
                "code": k.code,
                "name": k.name_th,
                "target": _year_text(k.year_values.all(), "target", fy),
                "actual": actual,
                "unit": k.unit_th,
                "level": _fmt_score(Decimal(s["level"]))
                if s and s["level"]
                else (_fmt_score(r.level) if r and r.level is not None else "-"),
                "score": s["score"] if s and s["score"] else "-",
                "weight": _fmt_score(k.weight) if k.weight is not None else "-",
                "status": status,
                "status_text": STATUS_TEXT.get(status, status),
                "narrative": r.narrative_th if r else "",
                "problems": r.problems_th if r else "",
                "suggestions": r.suggestions_th if r else "",
                "report_period": r.period if r else "",
                "agreement": k.component_id is not None,
            }
        )
    kpi_rows.sort(key=lambda x: (not x["agreement"], x["code"]))
    latest_project = {}
    for r in (
        ProjectReport.objects.filter(
            project__plan=plan, period__lte=period, status__in=COUNTING_STATUSES
        )
        .order_by("project_id", "-period")
        .distinct("project_id")
    ):
        latest_project[r.project_id] = r
    project_rows = []
    for p in projects:
        if p.part not in (1, 2, 4):
            continue
        r = latest_project.get(p.id)
        steps = list(p.steps.all())
        if r is None and not steps:
            continue
        planned = ZERO
        for s in steps:
            if s.planned_months and max(s.planned_months) <= period:
                planned += s.weight
        if steps and not any(s.planned_months for s in steps):
            planned = None
        amount = _plan_year_amount(p, fy)
        disbursed = r.disbursed if r else None
        project_rows.append(
            {
                "name": p.name_th,
                "owner": owner_text(p),
                "budget": budget_text(p, fy),
                "planned": format_number(planned, decimals=2) if planned is not None else "-",
                "actual": format_number(r.progress_percent, decimals=2) if r else "-",
                "disbursed": money(disbursed),
                "disbursed_pct": (
                    format_number(disbursed * 100 / amount, decimals=2)
                    if disbursed is not None and amount
                    else "-"
                ),
                "narrative": r.narrative_th if r else "",
                "status": (
                    "-"
                    if r is None or planned is None
                    else ("เป็นไปตามแผน" if r.progress_percent >= planned else "ล่าช้ากว่าแผน")
                ),
            }
        )
    components = [c for c in scores["components"]]
    base = {"plan": plan, "unit": plan.org_unit, "fy": fy, "digits": digits}
    b = _Builder(digits, base)
    month_label = f"{month_obj.name_th} {month_obj.be_year}"
    b.add(
        "monthly",
        "documents/pdf/monthly/report.html",
        {
            "month_label": month_label,
            "period": period,
            "scores": scores,
            "components": components,
            "kpis": kpi_rows,
            "projects": project_rows,
            "as_of": thai_date(date(year, month, 1)),
        },
        title="รายงานผลการดำเนินงาน",
    )
    title = f"รายงานผลการดำเนินงาน ประจำเดือน{month_label}"
    return DocumentPlan(
        title=title,
        chunks=b.chunks,
        metadata={
            "Title": f"{title} {plan.org_unit.name_th}",
            "Author": plan.org_unit.name_th,
            "Subject": "รายงานผลการดำเนินงานประจำเดือน",
            "Creator": "bmaplan",
        },
        facts={
            "scores": scores,
            "kpi_names": [r["name"] for r in kpi_rows],
            "project_names": [r["name"] for r in project_rows],
        },
    )


def escape_text(value: str) -> str:
    return escape(value)
