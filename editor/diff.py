"""What changed between two versions of a plan, from two ``bmaplan/1`` documents.

Rows are matched by their codes (sections by key, SWOT and components by code, adoptions by
node, KPIs and projects by code), so a renumbered list does not show as "everything changed".
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import strip_tags

IGNORED = {"value", "stated_cumulative"}

LABELS = {
    "title_th": "ชื่อ", "title_en": "ชื่อภาษาอังกฤษ", "slogan_th": "คำขวัญ",
    "stated_totals": "ยอดรวมตามเอกสาร", "kind": "ประเภท", "body_html": "เนื้อหา", "table": "ตาราง",
    "node": "หัวข้อยุทธศาสตร์", "quadrant": "ด้าน", "code": "รหัส", "factor_th": "ปัจจัย",
    "text_th": "ข้อความ", "factor_codes": "ปัจจัยที่อ้างถึง", "node_tag": "แท็ก", "role": "บทบาท",
    "local_name_th": "ถ้อยคำของหน่วยงาน", "local_target_text": "ค่าเป้าหมายของหน่วยงาน",
    "lead_units": "หน่วยงานหลัก", "supporting_units": "หน่วยงานสนับสนุน",
    "units_note": "หน่วยงานตามเอกสาร", "name_th": "ชื่อ", "name_en": "ชื่อภาษาอังกฤษ",
    "weight": "น้ำหนัก", "parent": "ระดับบน", "unit_th": "หน่วยนับ", "direction": "ทิศทาง",
    "part": "ส่วนที่", "adoption": "รับจากตัววัดผล", "nodes": "เชื่อมโยงยุทธศาสตร์",
    "policies": "นโยบาย", "component": "องค์ประกอบ", "target_level": "ระดับเป้าหมาย",
    "definition_th": "นิยาม", "calculation_th": "วิธีคำนวณ", "evidence_th": "หลักฐาน",
    "conditions_th": "เงื่อนไข", "notes_th": "หมายเหตุ", "baselines": "ข้อมูลพื้นฐาน",
    "targets": "ค่าเป้าหมาย", "scale": "เกณฑ์การให้คะแนน", "responsibilities": "หน่วยงานรับผิดชอบ",
    "strategy_codes": "รหัสยุทธศาสตร์", "priority": "ลำดับความสำคัญ", "owner_units": "หน่วยงาน",
    "owner_text": "หน่วยงานตามเอกสาร", "kpis": "ตัวชี้วัด", "primary_kpi": "ตัวชี้วัดหลัก",
    "is_integrated": "บูรณาการ", "flag_marks": "เครื่องหมาย", "status_note": "หมายเหตุสถานะ",
    "expense_class": "การจำแนกรายจ่าย", "work_area_th": "งาน", "description_th": "รายละเอียด",
    "budget_lines": "งบประมาณ", "steps": "ขั้นตอน",
}  # fmt: skip


@dataclass
class RowChange:
    key: str
    label: str
    kind: str  # added | removed | changed
    fields: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class Group:
    title: str
    changes: list[RowChange]


def _text(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, str):
        return strip_tags(value) if "<" in value else value
    if isinstance(value, bool):
        return "ใช่" if value else "ไม่ใช่"
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(value)
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return "\n".join(_row(v) for v in value)
    if isinstance(value, dict) and "kind" in value and "levels" in value:
        lines = [f"รูปแบบ: {value['kind']}"]
        lines += [
            f"ระดับ {lv['level']}: {lv.get('threshold_text') or ''} "
            f"{(lv.get('criterion_th') or '')[:80]}".strip()
            for lv in value["levels"]
        ]
        lines += [f"ขั้น {s['order']}: {s['name_th'][:60]} ({s['points']})" for s in value["steps"]]
        lines += [f"ส่วนที่ {p['index']}: {p['name_th'][:60]} ({p['weight']})" for p in value["parts"]]
        return "\n".join(lines)  # fmt: skip
    return json.dumps(value, ensure_ascii=False)


def _row(item: dict) -> str:
    if "fiscal_year" in item and "status" in item:
        from decimal import Decimal

        from projects.models import BudgetStatus

        amount = item.get("amount")
        money = f"{Decimal(amount):,.2f} บาท" if amount is not None else "–"
        status = dict(BudgetStatus.choices).get(item["status"], item["status"])
        return f"ปี {item['fiscal_year']}: {money} ({status})"
    if "weight" in item and "planned_months" in item:
        months = ", ".join(item.get("planned_months") or [])
        return f"{item['order']}. {item['name_th'][:60]} — {item['weight']}% [{months}]"
    if "year" in item and "text" in item:
        return f"{item['year']}: {item['text']}"
    if "role" in item and "duties_th" in item:
        return f"{item.get('unit') or item.get('unit_text')} ({item['role']})"
    return json.dumps({k: v for k, v in item.items() if k not in IGNORED}, ensure_ascii=False)


def _clean(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if k not in IGNORED}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _compare(old: dict, new: dict) -> list[tuple[str, str, str]]:
    out = []
    for name in dict.fromkeys([*old, *new]):
        if name in IGNORED:
            continue
        a, b = _clean(old.get(name)), _clean(new.get(name))
        if a != b:
            out.append((LABELS.get(name, name), _text(a), _text(b)))
    return out


def _rows(title: str, old: list[dict], new: list[dict], key, label) -> Group:
    a = {key(r): r for r in old}
    b = {key(r): r for r in new}
    changes = []
    for k in dict.fromkeys([*a, *b]):
        if k not in a:
            changes.append(RowChange(str(k), label(b[k]), "added"))
        elif k not in b:
            changes.append(RowChange(str(k), label(a[k]), "removed"))
        else:
            fields = _compare(a[k], b[k])
            if fields:
                changes.append(RowChange(str(k), label(b[k]), "changed", fields))
    return Group(title, changes)


def diff_documents(old: dict[str, Any], new: dict[str, Any]) -> list[Group]:
    plan_a, plan_b = old.get("plan", {}), new.get("plan", {})
    top = [
        (LABELS.get(n, n), _text(plan_a.get(n)), _text(plan_b.get(n)))
        for n in ("title_th", "title_en", "slogan_th", "stated_totals")
        if plan_a.get(n) != plan_b.get(n)
    ]
    groups = [
        Group("ข้อมูลแผน", [RowChange("plan", "แผน", "changed", top)] if top else []),
        _rows("ส่วนเนื้อหา", plan_a.get("sections", []), plan_b.get("sections", []),
              lambda r: r["key"], lambda r: r.get("title_th") or r["key"]),
        _rows("SWOT", plan_a.get("swot", []), plan_b.get("swot", []),
              lambda r: r["code"], lambda r: f"{r['code']} {r['text_th'][:60]}"),
        _rows("TOWS", plan_a.get("tows", []), plan_b.get("tows", []),
              lambda r: r.get("code") or r["text_th"][:60], lambda r: r["text_th"][:80]),
        _rows("ตัววัดผลที่รับมาดำเนินการ", plan_a.get("adoptions", []),
              plan_b.get("adoptions", []), lambda r: r["node"], lambda r: r["node"]),
        _rows("องค์ประกอบการประเมิน", old.get("components", []), new.get("components", []),
              lambda r: r["code"], lambda r: f"{r['code']} {r['name_th'][:60]}"),
        _rows("ตัวชี้วัด", old.get("kpis", []), new.get("kpis", []),
              lambda r: r["code"], lambda r: f"{r['code']} {r['name_th'][:80]}"),
        _rows("โครงการ/กิจกรรม", old.get("projects", []), new.get("projects", []),
              lambda r: r["code"], lambda r: f"{r['code']} {r['name_th'][:80]}"),
    ]  # fmt: skip
    return [g for g in groups if g.changes]
