"""Start a plan from last year's: copy the narrative, adopted KRs, KPIs, projects and steps into
the new year through the interchange format, and mark what must be looked at again."""

from __future__ import annotations

import copy
from typing import Any

from core.fiscal import format_period, parse_period


def _shift_month(period: str, years: int) -> str:
    year, month = parse_period(period)
    return format_period(year + years, month)


def carry_forward(
    old: dict[str, Any], base: dict[str, Any], *, fiscal_year: int
) -> tuple[dict[str, Any], list[tuple[str, str, str]]]:
    """The new plan's document and its revisit marks ``(item, label, reason)``.

    ``old`` is last year's plan exported; ``base`` is the new (empty) plan exported, which holds
    the new year's framework. References to nodes of the main framework are kept when the new
    framework has the same code and dropped (with a mark) otherwise.
    """
    shift = fiscal_year - old["fiscal_year"]
    new_codes = {n["code"] for n in base["framework"]["nodes"]}
    same_framework = old["framework"]["code"] == base["framework"]["code"]
    marks: list[tuple[str, str, str]] = []
    dropped: set[str] = set()

    def keep(ref: str | None) -> bool:
        if ref is None or "/" in ref or same_framework or ref in new_codes:
            return True
        dropped.add(ref)
        return False

    def refs(values: list[str]) -> list[str]:
        return [r for r in values if keep(r)]

    doc = copy.deepcopy(base)
    related = {fw["code"]: fw for fw in base["related_frameworks"]}
    for fw in old["related_frameworks"]:
        related.setdefault(fw["code"], fw)
    doc["related_frameworks"] = [related[c] for c in sorted(related)]
    units = {u["code"]: u for u in base["org_units"]}
    for u in old["org_units"]:
        units.setdefault(u["code"], u)
    doc["org_units"] = list(units.values())
    doc["policies"] = old["policies"]

    plan = doc["plan"]
    plan["slogan_th"] = old["plan"].get("slogan_th", "")
    plan["sections"] = []
    for s in copy.deepcopy(old["plan"]["sections"]):
        if not keep(s.get("node")):
            s["node"] = None
        plan["sections"].append(s)
        if s["kind"] in ("statistics", "profile", "foreword"):
            marks.append((f"section:{s['key']}", s.get("title_th") or s["key"],
                          "ปรับข้อมูลให้เป็นปีปัจจุบัน"))  # fmt: skip
    plan["swot"] = copy.deepcopy(old["plan"]["swot"])
    plan["tows"] = copy.deepcopy(old["plan"]["tows"])
    plan["adoptions"] = []
    for a in copy.deepcopy(old["plan"]["adoptions"]):
        if keep(a["node"]):
            plan["adoptions"].append(a)
            marks.append((f"adoption:{a['node']}", a["node"],
                          f"ทบทวนบทบาทและค่าเป้าหมายของหน่วยงานสำหรับปี {fiscal_year}"))  # fmt: skip
    doc["components"] = copy.deepcopy(old["components"])

    doc["kpis"] = []
    for k in copy.deepcopy(old["kpis"]):
        if not keep(k.get("adoption")):
            k["adoption"] = None
        k["nodes"] = refs(k["nodes"])
        for row in k["baselines"] + k["targets"]:
            row.pop("value", None)
        has_target = any(t["year"] == fiscal_year for t in k["targets"])
        reason = "ทบทวนค่าเป้าหมายและเกณฑ์การให้คะแนน"
        if not has_target:
            reason = f"ยังไม่มีค่าเป้าหมายปี {fiscal_year}: กำหนดค่าเป้าหมายและทบทวนเกณฑ์"
        marks.append((f"kpi:{k['code']}", k["code"], reason))
        doc["kpis"].append(k)

    doc["projects"] = []
    for p in copy.deepcopy(old["projects"]):
        p["nodes"] = refs(p["nodes"])
        p["budget_lines"] = [b for b in p["budget_lines"] if b["fiscal_year"] >= fiscal_year]
        for step in p["steps"]:
            step.pop("stated_cumulative", None)
            step["planned_months"] = [_shift_month(m, shift) for m in step["planned_months"]]
        reason = "ทบทวนเดือนดำเนินการ"
        if not any(b["fiscal_year"] == fiscal_year for b in p["budget_lines"]):
            reason = f"ระบุงบประมาณปี {fiscal_year} และทบทวนเดือนดำเนินการ"
        marks.append((f"project:{p['code']}", p["code"], reason))
        doc["projects"].append(p)

    for ref in sorted(dropped):
        marks.append(("plan", "กรอบยุทธศาสตร์",
                      f"หัวข้อ {ref} ไม่มีในกรอบยุทธศาสตร์ปีใหม่ จึงไม่ได้คัดลอกความเชื่อมโยง"))  # fmt: skip
    return doc, marks
