"""A small but complete ``bmaplan/1`` document: every section and every scale kind once.

Built fresh on each call so a test can change it freely. The data is clean (importing it raises
no flag), so a test that breaks one thing sees exactly the flag or error it caused.
"""

import copy
from decimal import Decimal
from typing import Any

from django.db import connection


def _levels(scores: list[str], **extra_per_level: list[Any]) -> list[dict[str, Any]]:
    rows = []
    for i, score in enumerate(scores):
        row = {
            "level": i + 1,
            "threshold_text": f"ร้อยละ {60 + 10 * i}",
            "criterion_th": f"ดำเนินการได้ร้อยละ {60 + 10 * i}",
            "score": score,
            "min": None,
            "max": None,
            "min_inclusive": True,
            "max_inclusive": True,
            "points": None,
        }
        for key, values in extra_per_level.items():
            row[key] = values[i]
        rows.append(row)
    return rows


def _kpi(code: str, name: str, **fields: Any) -> dict[str, Any]:
    kpi = {
        "code": code,
        "name_th": name,
        "name_en": "",
        "unit_th": "ร้อยละ",
        "direction": "higher",
        "part": 1,
        "adoption": None,
        "nodes": [],
        "policies": [],
        "component": None,
        "weight": None,
        "target_level": "5.00",
        "definition_th": "",
        "calculation_th": "",
        "evidence_th": "",
        "conditions_th": "",
        "notes_th": "",
        "baselines": [],
        "targets": [],
        "scale": {
            "kind": "manual",
            "interpolate": None,
            "no_skip": False,
            "levels": [],
            "steps": [],
            "parts": [],
        },
        "responsibilities": [],
    }
    kpi.update(fields)
    return kpi


def _project(code: str, name: str, part: int, **fields: Any) -> dict[str, Any]:
    project = {
        "code": code,
        "strategy_codes": [],
        "name_th": name,
        "kind": "project",
        "part": part,
        "priority": None,
        "owner_units": [],
        "owner_text": "",
        "kpis": [],
        "primary_kpi": None,
        "nodes": [],
        "policies": [],
        "is_integrated": False,
        "flag_marks": "",
        "status_note": "",
        "expense_class": None,
        "work_area_th": "",
        "description_th": "",
        "budget_lines": [],
        "steps": [],
    }
    project.update(fields)
    return project


def _line(year: int, amount: str | None, status: str = "amount", **fields: Any) -> dict[str, Any]:
    line = {
        "fiscal_year": year,
        "amount": amount,
        "status": status,
        "category": "",
        "source_th": "",
        "note_th": "",
    }
    line.update(fields)
    return line


_DOCUMENT: dict[str, Any] = {
    "format": "bmaplan/1",
    "org_unit": "สพส.",
    "fiscal_year": 2567,
    "org_units": [
        {
            "code": "กทม.",
            "name_th": "กรุงเทพมหานคร",
            "name_en": "Bangkok Metropolitan Administration",
            "kind": "bma",
            "parent": None,
            "aliases": [],
        },
        {
            "code": "สพส.",
            "name_th": "สำนักพัฒนาสังคม",
            "name_en": "Social Development Department",
            "kind": "department",
            "parent": "กทม.",
            "aliases": ["สำนักพัฒนาสังคม"],
        },
        {
            "code": "สพช.",
            "name_th": "สำนักงานพัฒนาชุมชน",
            "name_en": "",
            "kind": "division",
            "parent": "สพส.",
            "aliases": [],
        },
        {
            "code": "สนข.",
            "name_th": "สำนักงานเขต (50 เขต)",
            "name_en": "",
            "kind": "group",
            "parent": "กทม.",
            "aliases": [],
        },
    ],
    "framework": {
        "code": "BMA-2567",
        "kind": "bma_annual",
        "fiscal_year": 2567,
        "last_fiscal_year": None,
        "name_th": "แผนปฏิบัติราชการกรุงเทพมหานคร ประจำปีงบประมาณ พ.ศ. 2567",
        "name_en": "",
        "owner_unit": None,
        "description_th": "",
        "interpolate_levels": False,
        "levels": [
            {"key": "dimension", "label_th": "มิติ", "label_en": "Dimension"},
            {"key": "strategy", "label_th": "ยุทธศาสตร์", "label_en": "Strategy"},
            {"key": "substrategy", "label_th": "ยุทธศาสตร์ย่อย", "label_en": ""},
            {"key": "kr", "label_th": "ตัววัดผลหลัก (KR)", "label_en": "Key Result"},
            {"key": "tactic", "label_th": "กลยุทธ์", "label_en": ""},
            {"key": "kpi", "label_th": "ตัวชี้วัด", "label_en": "KPI"},
        ],
        "nodes": [
            {
                "code": "1",
                "short_code": "",
                "level": "dimension",
                "parent_code": None,
                "name_th": "มิติด้านการบริการสาธารณะ",
                "name_en": "",
                "aliases": [],
                "narrative_th": "",
                "target_text": "",
                "host_units": [],
            },
            {
                "code": "3",
                "short_code": "",
                "level": "strategy",
                "parent_code": "1",
                "name_th": "การลดความเหลื่อมล้ำด้วยการบริหารเมืองรูปแบบอารยะสำหรับทุกคน",
                "name_en": "",
                "aliases": ["ลดความเหลื่อมล้ำ"],
                "narrative_th": "",
                "target_text": "",
                "host_units": [],
            },
            {
                "code": "3.1",
                "short_code": "",
                "level": "substrategy",
                "parent_code": "3",
                "name_th": "ลดความเหลื่อมล้ำ และสร้างโอกาสให้ประชาชนกลุ่มเปราะบาง",
                "name_en": "",
                "aliases": [],
                "narrative_th": "สภาพปัญหา\nกลุ่มเปราะบางเข้าไม่ถึงบริการ",
                "target_text": "",
                "host_units": [],
            },
            {
                "code": "3.1:KR1",
                "short_code": "KR 1",
                "level": "kr",
                "parent_code": "3.1",
                "name_th": "จำนวนผู้ได้รับความช่วยเหลือด้านอาหาร",
                "name_en": "",
                "aliases": [],
                "narrative_th": "",
                "target_text": "100,000 คน",
                "host_units": ["สพส."],
            },
            {
                "code": "3.1.1",
                "short_code": "",
                "level": "tactic",
                "parent_code": "3.1",
                "name_th": "ส่งเสริมการเข้าถึงบริการของกลุ่มเปราะบาง",
                "name_en": "",
                "aliases": [],
                "narrative_th": "",
                "target_text": "",
                "host_units": [],
            },
            {
                "code": "3.1.1.2",
                "short_code": "",
                "level": "kpi",
                "parent_code": "3.1.1",
                "name_th": "ร้อยละของศูนย์พัฒนาเด็กเล็กที่ได้รับการปรับปรุง",
                "name_en": "",
                "aliases": [],
                "narrative_th": "",
                "target_text": "",
                "host_units": [],
            },
        ],
    },
    "related_frameworks": [
        {
            "code": "SPS-2567",
            "kind": "agency",
            "fiscal_year": 2567,
            "last_fiscal_year": 2570,
            "name_th": "ยุทธศาสตร์สำนักพัฒนาสังคม",
            "name_en": "",
            "owner_unit": "สพส.",
            "description_th": "",
            "interpolate_levels": False,
            "levels": [
                {"key": "goal", "label_th": "เป้าประสงค์", "label_en": ""},
                {"key": "strategy", "label_th": "กลยุทธ์", "label_en": ""},
            ],
            "nodes": [
                {
                    "code": "1",
                    "short_code": "",
                    "level": "goal",
                    "parent_code": None,
                    "name_th": "ประชาชนมีคุณภาพชีวิตที่ดี",
                    "name_en": "",
                    "aliases": [],
                    "narrative_th": "",
                    "target_text": "",
                    "host_units": [],
                },
                {
                    "code": "1.1",
                    "short_code": "",
                    "level": "strategy",
                    "parent_code": "1",
                    "name_th": "ส่งเสริมอาชีพและรายได้",
                    "name_en": "",
                    "aliases": [],
                    "narrative_th": "",
                    "target_text": "",
                    "host_units": [],
                },
            ],
        }
    ],
    "policies": [
        {
            "code": "099",
            "name_th": "พัฒนาศูนย์เด็กก่อน-เด็กเล็กใกล้ชุมชนและแหล่งงาน",
            "dimension_th": "เรียนดี",
        },
        {"code": "148", "name_th": "ธนาคารอาหาร (Food Bank)", "dimension_th": "สังคมดี"},
    ],
    "plan": {
        "title_th": "แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2567 สำนักพัฒนาสังคม",
        "title_en": "Action Plan FY 2024",
        "slogan_th": "",
        "status": "approved",
        "revision": 0,
        "stated_totals": {"part1": "1727200.00", "part2": "0.00", "part3": "80000.00"},
        "sections": [
            {
                "key": "foreword",
                "kind": "foreword",
                "title_th": "คำนำ",
                "body_html": "<p>สำนักพัฒนาสังคมจัดทำแผนนี้</p>",
                "table": None,
                "node": None,
            },
            {
                "key": "statistics-1",
                "kind": "statistics",
                "title_th": "ข้อมูลสถิติ",
                "body_html": "",
                "table": {
                    "columns": ["ปี", "จำนวนศูนย์"],
                    "rows": [["2565", "280"], ["2566", "285"]],
                    "footer": ["รวม", "565"],
                },
                "node": None,
            },
            {
                "key": "situation-3",
                "kind": "situation",
                "title_th": "การวิเคราะห์สถานการณ์ ยุทธศาสตร์ที่ 3",
                "body_html": "<p>กลุ่มเปราะบาง</p><ul><li>ผู้สูงอายุ</li></ul>",
                "table": None,
                "node": "3.1",
            },
        ],
        "swot": [
            {
                "quadrant": "S",
                "code": "S1.1",
                "factor_th": "Structure (โครงสร้าง)",
                "text_th": "มีศูนย์ครอบคลุม",
            },
            {"quadrant": "W", "code": "W1.1", "factor_th": "Staff", "text_th": "บุคลากรไม่เพียงพอ"},
            {
                "quadrant": "O",
                "code": "O2.1",
                "factor_th": "Political",
                "text_th": "นโยบายผู้ว่าฯ สนับสนุน",
            },
            {"quadrant": "T", "code": "T1.1", "factor_th": "Economic", "text_th": "ค่าครองชีพสูง"},
        ],
        "tows": [
            {
                "quadrant": "SO",
                "code": "SO1",
                "text_th": "ขยายบริการศูนย์ให้ครอบคลุมกลุ่มเปราะบาง",
                "factor_codes": ["S1.1", "O2.1"],
                "node_tag": "3.1",
            },
            {
                "quadrant": "WT",
                "code": "WT1",
                "text_th": "พัฒนาบุคลากร",
                "factor_codes": ["W1.1", "T1.1"],
                "node_tag": "",
            },
        ],
        "adoptions": [
            {
                "node": "3.1:KR1",
                "role": "H",
                "local_name_th": "",
                "local_target_text": "20,000 คน",
                "lead_units": ["สพส."],
                "supporting_units": ["สนข."],
                "units_note": "",
            }
        ],
    },
    "components": [
        {
            "code": "1",
            "name_th": "การประเมินประสิทธิผลการดำเนินงาน (Performance Base)",
            "name_en": "Performance Base",
            "weight": "70.00",
            "parent": None,
        },
        {
            "code": "1.1",
            "name_th": "ประสิทธิภาพในการดำเนินงานตามภารกิจหลัก (Function Base)",
            "name_en": "Function Base",
            "weight": "30.00",
            "parent": "1",
        },
        {
            "code": "1.2",
            "name_th": "ตัวชี้วัดร่วม (Joint KPIs)",
            "name_en": "Joint KPIs",
            "weight": "20.00",
            "parent": "1",
        },
        {
            "code": "1.3",
            "name_th": "ภารกิจตามนโยบาย (Agenda Base)",
            "name_en": "Agenda Base",
            "weight": "20.00",
            "parent": "1",
        },
    ],
    "kpis": [
        _kpi(
            "1.1-1",
            "ร้อยละความสำเร็จของศูนย์พัฒนาเด็กก่อนวัยเรียนที่ได้รับการปรับปรุงด้านกายภาพ",
            adoption="3.1:KR1",
            nodes=["3.1.1", "3.1.1.2"],
            policies=["099"],
            component="1.1",
            weight="10.00",
            definition_th="ศูนย์ที่ได้รับการปรับปรุงตามแผน",
            calculation_th="A × 100 / B",
            evidence_th="รายงานผลการปรับปรุง",
            baselines=[{"year": 2565, "text": "-"}, {"year": 2566, "text": "ร้อยละ 80"}],
            targets=[{"year": 2567, "text": "ร้อยละ 100"}],
            scale={
                "kind": "rubric",
                "interpolate": None,
                "no_skip": False,
                "levels": _levels(["2.00", "4.00", "6.00", "8.00", "10.00"]),
                "steps": [],
                "parts": [],
            },
            responsibilities=[
                {"unit": "สพส.", "unit_text": "", "role": "lead", "duties_th": "กำกับติดตาม"},
                {"unit": None, "unit_text": "มูลนิธิเด็ก", "role": "support", "duties_th": ""},
            ],
        ),
        _kpi(
            "1.1-2",
            "ร้อยละความพึงพอใจของผู้รับบริการ",
            component="1.1",
            weight="10.00",
            targets=[{"year": 2567, "text": "ไม่น้อยกว่าร้อยละ 80"}],
            scale={
                "kind": "bands",
                "interpolate": False,
                "no_skip": False,
                "levels": _levels(
                    [None] * 5,
                    min=["60.00", "65.00", "70.00", "75.00", "80.00"],
                    max=["64.99", "69.99", "74.99", "79.99", None],
                ),
                "steps": [],
                "parts": [],
            },
        ),
        _kpi(
            "1.1-3",
            "ร้อยละการเบิกจ่ายงบประมาณ",
            component="1.1",
            weight="10.00",
            targets=[{"year": 2567, "text": "ร้อยละ 100"}],
            scale={
                "kind": "points",
                "interpolate": None,
                "no_skip": False,
                "levels": _levels(
                    [None] * 5,
                    min=["90.00", "92.50", "95.00", "97.50", "100.00"],
                    points=["60.00", "70.00", "80.00", "90.00", "100.00"],
                ),
                "steps": [],
                "parts": [],
            },
        ),
        _kpi(
            "1.2-1",
            "ความสำเร็จของการดำเนินการตามแผนร่วม (Joint KPI)",
            unit_th="ระดับ",
            component="1.2",
            weight="20.00",
            targets=[{"year": 2567, "text": "ระดับ 5"}],
            scale={
                "kind": "steps",
                "interpolate": None,
                "no_skip": True,
                "levels": [],
                "steps": [
                    {
                        "order": n,
                        "name_th": f"ขั้นตอนที่ {n}",
                        "points": "20.00",
                        "deadline": f"2024-0{n + 1}-28" if n < 5 else None,
                    }
                    for n in range(1, 6)
                ],
                "parts": [],
            },
            responsibilities=[
                {"unit": "สพส.", "unit_text": "", "role": "joint", "duties_th": "ร่วมดำเนินการ"},
                {"unit": "สนข.", "unit_text": "", "role": "joint", "duties_th": ""},
            ],
        ),
        _kpi(
            "1.3-1",
            "คุณภาพการให้บริการ (ความพึงพอใจและ SLA)",
            unit_th="คะแนน",
            component="1.3",
            weight="10.00",
            scale={
                "kind": "composite",
                "interpolate": None,
                "no_skip": False,
                "levels": [],
                "steps": [],
                "parts": [
                    {
                        "index": 1,
                        "name_th": "ความพึงพอใจ",
                        "weight": "5.00",
                        "direction": "higher",
                        "scale": {
                            "kind": "bands",
                            "interpolate": None,
                            "no_skip": False,
                            "levels": _levels(
                                ["1.00", "2.00", "3.00", "4.00", "5.00"],
                                min=["3.51", "3.75", "4.00", "4.25", "4.51"],
                            ),
                            "steps": [],
                            "parts": [],
                        },
                    },
                    {
                        "index": 2,
                        "name_th": "ระยะเวลาให้บริการตาม SLA",
                        "weight": "5.00",
                        "direction": "lower",
                        "scale": {
                            "kind": "steps",
                            "interpolate": None,
                            "no_skip": False,
                            "levels": [],
                            "steps": [
                                {
                                    "order": 1,
                                    "name_th": "จัดทำ SLA",
                                    "points": "40.00",
                                    "deadline": None,
                                },
                                {
                                    "order": 2,
                                    "name_th": "ประกาศใช้",
                                    "points": "60.00",
                                    "deadline": None,
                                },
                            ],
                            "parts": [],
                        },
                    },
                ],
            },
        ),
        _kpi(
            "1.3-2",
            "ระดับความสำเร็จของการจัดตั้งธนาคารอาหาร",
            unit_th="ระดับ",
            component="1.3",
            weight="10.00",
            policies=["148"],
            scale={
                "kind": "manual",
                "interpolate": None,
                "no_skip": False,
                "levels": [
                    {
                        "level": n,
                        "threshold_text": "",
                        "criterion_th": f"ดำเนินการขั้นที่ {n}",
                        "score": None,
                        "min": None,
                        "max": None,
                        "min_inclusive": True,
                        "max_inclusive": True,
                        "points": None,
                    }
                    for n in range(1, 6)
                ],
                "steps": [],
                "parts": [],
            },
        ),
        _kpi(
            "2.1-1",
            "จำนวนผู้ได้รับการฝึกอาชีพ",
            unit_th="คน",
            part=2,
            nodes=["SPS-2567/1.1"],
            baselines=[{"year": 2566, "text": "1,200 คน"}],
            targets=[{"year": 2567, "text": "1,500 คน"}, {"year": 2568, "text": "1,800 คน"}],
        ),
    ],
    "projects": [
        _project(
            "P1-001",
            "โครงการพัฒนาต้นแบบ BKK Food Bank ส่งต่ออาหารให้กลุ่มเปราะบาง",
            1,
            strategy_codes=["331005", "331006"],
            priority=1,
            owner_units=["สพช."],
            owner_text="(สพช.)",
            kpis=["1.1-1", "1.1-2"],
            primary_kpi="1.1-1",
            nodes=["3.1"],
            policies=["148"],
            budget_lines=[_line(2567, "1227200.00", category="operating")],
            steps=[
                {
                    "order": 1,
                    "name_th": "จัดทำโครงการเพื่อขออนุมัติ",
                    "weight": "10.00",
                    "stated_cumulative": "10.00",
                    "planned_months": ["2023-10", "2023-11"],
                },
                {
                    "order": 2,
                    "name_th": "ดำเนินโครงการ",
                    "weight": "40.00",
                    "stated_cumulative": "50.00",
                    "planned_months": ["2023-12", "2024-01", "2024-02"],
                },
                {
                    "order": 3,
                    "name_th": "สรุปและรายงานผล",
                    "weight": "50.00",
                    "stated_cumulative": "100.00",
                    "planned_months": ["2024-09"],
                },
            ],
        ),
        _project(
            "P1-002",
            "โครงการก่อสร้างอาคารศูนย์บริการ (ผูกพันงบประมาณ 2 ปี)",
            1,
            priority=2,
            owner_units=["สนข.", "สพส."],
            kpis=["1.1-3"],
            is_integrated=True,
            flag_marks="*",
            budget_lines=[
                _line(2567, "500000.00", category="land_building"),
                _line(2568, "300000.00", category="land_building"),
            ],
        ),
        _project(
            "P1-003",
            "กิจกรรมรณรงค์ประชาสัมพันธ์",
            1,
            kind="activity",
            kpis=["1.2-1"],
            primary_kpi="1.2-1",
            budget_lines=[_line(2567, None, "no_budget")],
        ),
        _project(
            "P2-001",
            "โครงการฝึกอาชีพระยะสั้น",
            2,
            kind="activity",
            kpis=["2.1-1"],
            nodes=["SPS-2567/1.1"],
            status_note="ไม่ได้รับจัดสรรงบประมาณ",
            budget_lines=[
                _line(2567, "250000.00", "not_funded"),
                _line(2567, None, "as_allocated", source_th="เงินนอกงบประมาณ"),
            ],
        ),
        _project(
            "P3-001",
            "ครุภัณฑ์สำนักงาน",
            3,
            kind="routine_item",
            owner_units=["สพส."],
            expense_class=[
                "ด้านพัฒนาสังคม",
                "แผนงานพัฒนาสังคม",
                "งานบริหารทั่วไปสำนักพัฒนาสังคม",
                "ค่าครุภัณฑ์",
            ],
            work_area_th="งานบริหารทั่วไป",
            budget_lines=[_line(2567, "80000.00", category="equipment")],
        ),
    ],
}


def build_document() -> dict[str, Any]:
    """A fresh deep copy of the clean synthetic document."""
    return copy.deepcopy(_DOCUMENT)


# What importing the document creates (rows per table the importer writes).
EXPECTED_CREATED = {
    "org_units": 4,
    "policies": 2,
    "frameworks": 2,
    "framework_levels": 8,
    "framework_nodes": 8,
    "plans": 1,
    "sections": 3,
    "swot_items": 4,
    "tows_strategies": 2,
    "adoptions": 1,
    "components": 4,
    "kpis": 7,
    "kpi_year_values": 9,
    "scale_levels": 25,
    "scale_steps": 7,
    "composite_parts": 2,
    "kpi_responsibilities": 4,
    "expense_classes": 4,
    "projects": 5,
    "budget_lines": 7,
    "work_steps": 3,
}

STATED_PART1 = Decimal("1727200.00")


def table_counts(*, history: bool = True) -> dict[str, int]:
    """Row count of every table in the database (not just the models this code knows).

    ``history=False`` leaves out the change-history tables (audit app, pghistory), which grow on
    every real write.
    """
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if not history and table.startswith(("audit_", "pghistory_")):
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts
