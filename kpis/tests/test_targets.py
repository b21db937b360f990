"""Tests for kpis.targets: every target string quoted by the seed digests, plus properties.

Sources: seed-000 digest §2.6/§2.8/§2.11/§4.2/§8/§9 and the raw Part 1 / Table ก–ง cells they
cite; seed-002 digest §3 (targets and baselines, Thai digits); seed-003 digest §2.2–2.3 and the
raw cascade (L518–758) and evaluation tables (L1018–1132).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpis.targets import (
    COMPARATORS,
    INTERNAL_ERROR_NOTE,
    Basis,
    Count,
    ParsedTarget,
    TargetPart,
    parse_target,
)

PCT = "percent"


def P(value: str | None, unit: str | None = None, cmp: str = "eq", **extra: Any) -> dict:
    """Expected part: only the keys given are compared."""
    expected = {"value": value, "unit": unit, "comparator": cmp, **extra}
    if unit == PCT:
        expected.setdefault("is_percent", True)
    return expected


def pct(value: str, cmp: str = "eq", **extra: Any) -> dict:
    return P(value, PCT, cmp, **extra)


def count(value: str, unit: str | None, cmp: str = "eq") -> dict:
    return {"value": value, "unit": unit, "comparator": cmp}


def basis(kind: str, **extra: Any) -> dict:
    return {"kind": kind, **extra}


CUMULATIVE = basis("cumulative")
MISSION = "ตามภารกิจ ที่ต้องดำเนินการ"

# (text, expected parts, flagged). The first block is seed-003 (Bang Na, FY 2569).
CASES: list[tuple[str, list[dict], bool]] = [
    # seed-003 evaluation tables T12/T13 (district targets, L1018-1132)
    ("4,900 ต้น", [P("4900", "ต้น")], False),
    ("สะสม 10 แห่ง", [P("10", "แห่ง", basis=CUMULATIVE)], False),
    ("270 ครั้ง", [P("270", "ครั้ง")], False),
    ("ร้อยละ 60 (2 แห่ง)", [pct("60", count=count("2", "แห่ง"))], False),
    ("ร้อยละ 20", [pct("20")], False),
    ("ร้อยละ 100 (1 จุด)", [pct("100", count=count("1", "จุด"))], False),
    ("ร้อยละ 100", [pct("100", count=None, basis=None, label=None)], False),
    ("ไม่น้อยกว่า 300,000 ครั้ง", [P("300000", "ครั้ง", "gte")], False),
    ("ร้อยละ 25 จากปี 2568", [pct("25", basis=basis("baseline_year", year=2568))], False),
    ("30 สายทาง", [P("30", "สายทาง")], False),
    (
        "ร้อยละ 100 ตามภารกิจ ที่ต้องดำเนินการ ร้อยละ 100 ตามภารกิจ ที่ต้องดำเนินการ "
        "ร้อยละ 100 ตามภารกิจ ที่ต้องดำเนินการ",
        [pct("100", qualifier=MISSION)] * 3,
        False,
    ),
    ("ร้อยละ 100 ของจุดที่สำรวจพบ", [pct("100", of="จุดที่สำรวจพบ")], False),
    ("1 ฉบับ", [P("1", "ฉบับ")], False),
    ("2 รอบ/เดือน", [P("2", "รอบ/เดือน", per="เดือน")], False),
    ("7 โรงเรียน", [P("7", "โรงเรียน")], False),
    ("1 ครั้ง", [P("1", "ครั้ง")], False),
    ("4.2 ดาว", [P("4.2", "ดาว", score="4.2")], False),
    ("ร้อยละ 80", [pct("80")], False),
    (
        "2.600 กม. ร้อยละ 100 ตามภารกิจ ที่ต้องดำเนินการ",
        [P("2.600", "กม."), pct("100", qualifier=MISSION)],
        False,
    ),
    (
        "ร้อยละ 25 ของผู้มีหน้าที่ ชำระค่าธรรมเนียม จัดการ มูลฝอยกลุ่มที่ 1 ทั้งหมด",
        [pct("25", of="ผู้มีหน้าที่ ชำระค่าธรรมเนียม จัดการ มูลฝอยกลุ่มที่ 1 ทั้งหมด")],
        False,
    ),
    ("ลดลง 21.629 ตัน/วัน", [P("21.629", "ตัน/วัน", "decrease", per="วัน")], False),
    (
        "ไม่น้อยกว่า 2 ครั้ง/สัปดาห์ เปรียบเทียบ เส้นทาง การวิ่งตาม GPS ค่าเฉลี่ยรวม ทุกพื้นที่ ไม่น้อยกว่า ร้อยละ 80",
        [
            P("2", "ครั้ง/สัปดาห์", "gte", per="สัปดาห์"),
            pct("80", "gte", label="เปรียบเทียบ เส้นทาง การวิ่งตาม GPS ค่าเฉลี่ยรวม ทุกพื้นที่"),
        ],
        False,
    ),
    ("100 แห่ง 15.13 ตัน/วัน", [P("100", "แห่ง"), P("15.13", "ตัน/วัน", per="วัน")], False),
    ("ร้อยละ 60 (1 แห่ง)", [pct("60", count=count("1", "แห่ง"))], False),
    ("2 แห่ง", [P("2", "แห่ง")], False),
    ("ร้อยละ 80 (1 แห่ง)", [pct("80", count=count("1", "แห่ง"))], False),
    ("1 ค่า คาร์บอนฟุตพริ้นท์", [P("1", "ค่าคาร์บอนฟุตพริ้นท์")], False),
    (
        "ไม่ต่ำกว่า ระดับทองแดง (ดี) (คะแนนรวม ร้อยละ 60 ขึ้นไป)",
        [
            P(None, "ระดับ", "gte", grade="ทองแดง", remarks=["ดี"]),
            pct("60", "gte", label="คะแนนรวม"),
        ],
        False,
    ),
    (
        "1 เขต (อย่างน้อย 3 กลุ่มเป้าหมาย)",
        [P("1", "เขต", count=count("3", "กลุ่มเป้าหมาย", "gte"))],
        False,
    ),
    ("ร้อยละ 50", [pct("50")], False),
    ("ร้อยละ 70", [pct("70")], False),
    ("ร้อยละ 90", [pct("90")], False),
    ("ร้อยละ 100 (3 แห่ง)", [pct("100", count=count("3", "แห่ง"))], False),
    ("ร้อยละ 100 (2 แห่ง)", [pct("100", count=count("2", "แห่ง"))], False),
    ("ร้อยละ 55", [pct("55")], False),
    (
        "ร้อยละ 25 ของนักเรียน ระดับชั้น ประถมศึกษา ถึงมัธยมศึกษา ในโรงเรียนสังกัด สำนักงานเขต",
        [pct("25", of="นักเรียน ระดับชั้น ประถมศึกษา ถึงมัธยมศึกษา ในโรงเรียนสังกัด สำนักงานเขต")],
        False,
    ),
    ("ร้อยละ 1", [pct("1")], False),
    ("2 ชุมชน", [P("2", "ชุมชน")], False),
    ("ร้อยละ 80 (7 แห่ง)", [pct("80", count=count("7", "แห่ง"))], False),
    ("100 คน", [P("100", "คน")], False),
    ("ร้อยละ 5", [pct("5")], False),
    ("100 ครั้ง", [P("100", "ครั้ง")], False),
    ("1 ฐานข้อมูล", [P("1", "ฐานข้อมูล")], False),
    ("5 วัน/สัปดาห์", [P("5", "วัน/สัปดาห์", per="สัปดาห์")], False),
    ("ร้อยละ 100 (50 จุด)", [pct("100", count=count("50", "จุด"))], False),
    (
        "ร้อยละ 100 (ครบถ้วนทุกหลังคาเรือนในชุมชนทุกชุมชน)",
        [pct("100", count=None, remarks=["ครบถ้วนทุกหลังคาเรือนในชุมชนทุกชุมชน"])],
        False,
    ),
    ("9,049 เลขหมาย", [P("9049", "เลขหมาย")], False),
    ("ไม่น้อยกว่า ร้อยละ 80", [pct("80", "gte")], False),
    ("3,400 รายการ บ้าน", [P("3400", "รายการบ้าน")], False),
    (
        "ไม่น้อยกว่า 2 กิจกรรม/วัด (8 กิจกรรม)",
        [P("2", "กิจกรรม/วัด", "gte", per="วัด", count=count("8", "กิจกรรม"))],
        False,
    ),
    ("อย่างน้อย 2 กิจกรรม", [P("2", "กิจกรรม", "gte")], False),
    ("ไม่น้อยกว่า 150 ชิ้นงาน", [P("150", "ชิ้นงาน", "gte")], False),
    # seed-003 OKR cascade T5: Super OKR targets and BMA (H) targets (L518-758)
    ("300 กิโลเมตร", [P("300", "กิโลเมตร")], False),
    ("ร้อยละ 10", [pct("10")], False),
    ("1,500 สายทาง", [P("1500", "สายทาง")], False),
    ("ไม่เกิน 60 นาที", [P("60", "นาที", "lte")], False),
    (
        "110 จุด ร้อยละ 100 ตามภารกิจที่ต้องดำเนินการ",
        [P("110", "จุด"), pct("100", qualifier="ตามภารกิจที่ต้องดำเนินการ")],
        False,
    ),
    ("13,000 ดวง", [P("13000", "ดวง")], False),
    ("50 เขต", [P("50", "เขต")], False),
    ("50 เขต 1 ฉบับ", [P("50", "เขต"), P("1", "ฉบับ")], False),
    (
        "<p>77</p> <p>หน่วยงาน/เดือน</p> <p>2 รอบ/เดือน</p>",
        [P("77", "หน่วยงาน/เดือน", per="เดือน"), P("2", "รอบ/เดือน", per="เดือน")],
        False,
    ),
    ("437 โรงเรียน 7 โรงเรียน", [P("437", "โรงเรียน"), P("7", "โรงเรียน")], False),
    ("50 เขต 1 ครั้ง", [P("50", "เขต"), P("1", "ครั้ง")], False),
    ("คะแนน 4", [P("4", "คะแนน", score="4")], False),
    ("4 คะแนน", [P("4", "คะแนน", score="4")], False),
    ("ร้อยละ 100 ร้อยละ 100", [pct("100"), pct("100")], False),
    (
        "โครงการ ร้อยละ 80 ผ่านการประเมินดัชนีการเปิดเผยข้อมูล CoST คะแนน ITA ร้อยละ 95",
        [
            pct("80", label="โครงการ"),
            pct("95", label="ผ่านการประเมินดัชนีการเปิดเผยข้อมูล CoST คะแนน ITA"),
        ],
        False,
    ),
    (
        "มีหน่วยงานที่ผ่านการประเมินตามข้อกำหนด ISO 37001 อย่างน้อย 1 หน่วยงาน 1 ฉบับ",
        [
            P("1", "หน่วยงาน", "gte", label="มีหน่วยงานที่ผ่านการประเมินตามข้อกำหนด ISO 37001"),
            P("1", "ฉบับ"),
        ],
        False,
    ),
    ("9 ตารางเมตร/คน", [P("9", "ตารางเมตร/คน", per="คน")], False),
    ("250,000 ต้น 4,900 ต้น", [P("250000", "ต้น"), P("4900", "ต้น")], False),
    (
        "121.55 กิโลเมตร 2.600 กิโลเมตร ร้อยละ 100 ตามภารกิจที่ต้องดำเนินการ",
        [P("121.55", "กิโลเมตร"), P("2.600", "กิโลเมตร"), pct("100")],
        False,
    ),
    ("ไม่น้อยกว่า 500 แห่ง", [P("500", "แห่ง", "gte")], False),
    (
        "สะสม 510 แห่ง ที่ผ่านมาตรฐาน ตามเกณฑ์การประเมินคุณภาพสวน 15 นาที",
        [
            P(
                "510",
                "แห่ง",
                basis=CUMULATIVE,
                qualifier="ที่ผ่านมาตรฐาน ตามเกณฑ์การประเมินคุณภาพสวน 15 นาที",
            )
        ],
        False,
    ),
    (
        "ลดลงไม่น้อยกว่าร้อยละ 5 (เทียบกับปีฐาน 2565)",
        [pct("5", "decrease", bound="gte", basis=basis("baseline_year", year=2565))],
        False,
    ),
    (
        "ร้อยละ 25 ของผู้มีหน้าที่ชำระค่าธรรมเนียมจัดการมูลฝอยกลุ่มที่ 1 ทั้งหมด",
        [pct("25", of="ผู้มีหน้าที่ชำระค่าธรรมเนียมจัดการมูลฝอยกลุ่มที่ 1 ทั้งหมด")],
        False,
    ),
    ("ลดลง 1,000 ตัน/วัน", [P("1000", "ตัน/วัน", "decrease")], False),
    (
        "ไม่น้อยกว่า 2 ครั้ง/สัปดาห์ เปรียบเทียบเส้นทางการวิ่งตาม GPS ค่าเฉลี่ยรวมทุกพื้นที่ ไม่น้อยกว่า ร้อยละ 80",
        [P("2", "ครั้ง/สัปดาห์", "gte"), pct("80", "gte")],
        False,
    ),
    (
        "<p>ร้อยละ 100</p> <p>100 แห่ง</p> <p>15.13 ตัน/วัน</p>",
        [pct("100"), P("100", "แห่ง"), P("15.13", "ตัน/วัน")],
        False,
    ),
    (
        "<p>ร้อยละ 60 (หมู่บ้านจัดสรรที่ได้รับอนุญาตจัดสรรที่ดินตั้งแต่ปี พ.ศ. 2563)</p> <p>ร้อยละ 60 (1 แห่ง)</p>",
        [
            pct("60", remarks=["หมู่บ้านจัดสรรที่ได้รับอนุญาตจัดสรรที่ดินตั้งแต่ปี พ.ศ. 2563"]),
            pct("60", count=count("1", "แห่ง")),
        ],
        False,
    ),
    ("ปี 2568 คลอง ช่องนนทรี ปี 2569 คลองสาทร และคลอง สามเสน", [], True),
    ("27 แห่ง", [P("27", "แห่ง")], False),
    ("50 แห่ง 1 แห่ง", [P("50", "แห่ง"), P("1", "แห่ง")], False),
    ("ร้อยละ 80 ร้อยละ 80", [pct("80"), pct("80")], False),
    ("ไม่น้อยกว่า 300 วัน/ปี", [P("300", "วัน/ปี", "gte", per="ปี")], False),
    (
        "ร้อยละ 100 (ของจำนวนห้องเรียนอนุบาลทั้งหมด)",
        [pct("100", of="จำนวนห้องเรียนอนุบาลทั้งหมด")],
        False,
    ),
    ("9,000 ครั้ง", [P("9000", "ครั้ง")], False),
    (
        "50,000 tCO ₂ e (ตันคาร์บอนไดออกไซด์เทียบเท่า)",
        [P("50000", "tCO₂e", remarks=["ตันคาร์บอนไดออกไซด์เทียบเท่า"])],
        False,
    ),
    (
        "ไม่น้อยกว่า 55 หน่วยงาน 1 ค่าคาร์บอนฟุตพริ้นท์",
        [P("55", "หน่วยงาน", "gte"), P("1", "ค่าคาร์บอนฟุตพริ้นท์")],
        False,
    ),
    (
        "ไม่น้อยกว่า 60 หน่วยงาน ไม่ต่ำกว่า ระดับทองแดง (ดี) (คะแนนรวม ร้อยละ 60 ขึ้นไป)",
        [P("60", "หน่วยงาน", "gte"), P(None, "ระดับ", "gte", grade="ทองแดง"), pct("60", "gte")],
        False,
    ),
    ("ร้อยละ 7", [pct("7")], False),
    ("-", [], False),
    (
        "ไม่เกิน 110.78 ต่อประชากรแสนคน หรือ จำนวนผู้ป่วยโรคไข้เลือดออก ไม่เกิน 6,277 ราย",
        [
            P("110.78", "ต่อประชากรแสนคน", "lte", per="ประชากรแสนคน", joiner=None),
            P("6277", "ราย", "lte", joiner="or", label="จำนวนผู้ป่วยโรคไข้เลือดออก"),
        ],
        False,
    ),
    ("15,000 ตัว ร้อยละ 100", [P("15000", "ตัว"), pct("100")], False),
    ("ร้อยละ 65", [pct("65")], False),
    (
        "นักเรียน ร้อยละ 95 ครู ร้อยละ 90",
        [pct("95", label="นักเรียน"), pct("90", label="ครู")],
        False,
    ),
    (
        "ร้อยละของนักเรียนที่มีผลสัมฤทธิ์ผ่านเกณฑ์การประเมินตามมาตรฐานกลาง ร้อยละ 90",
        [pct("90", label="ร้อยละของนักเรียนที่มีผลสัมฤทธิ์ผ่านเกณฑ์การประเมินตามมาตรฐานกลาง")],
        False,
    ),
    ("100 ชุมชน", [P("100", "ชุมชน")], False),
    ("ร้อยละของลานกีฬาที่ผ่านเกณฑ์มาตรฐาน", [], True),
    ("จำนวนไม่น้อยกว่า 7 ผลงาน", [P("7", "ผลงาน", "gte", label="จำนวน")], False),
    ("45,000 คน", [P("45000", "คน")], False),
    ("6,200 ครั้ง 100 ครั้ง", [P("6200", "ครั้ง"), P("100", "ครั้ง")], False),
    (
        "1. ความพึงพอใจของผู้ใช้บริการ ร้อยละ 80 2. การแก้ไขปัญหาเรื่องร้องเรียน ร้อยละ 100",
        [
            pct("80", label="ความพึงพอใจของผู้ใช้บริการ"),
            pct("100", label="การแก้ไขปัญหาเรื่องร้องเรียน"),
        ],
        False,
    ),
    ("1 ฐานข้อมูล 1 ฐานข้อมูล", [P("1", "ฐานข้อมูล"), P("1", "ฐานข้อมูล")], False),
    ("5 วัน/สัปดาห์ 5 วัน/สัปดาห์", [P("5", "วัน/สัปดาห์"), P("5", "วัน/สัปดาห์")], False),
    ("ทุกโครงการ/กิจกรรม", [], True),
    ("10 ชุมชน", [P("10", "ชุมชน")], False),
    ("980,094 เลขหมาย", [P("980094", "เลขหมาย")], False),
    ("77 หน่วยงาน ไม่น้อยกว่าร้อยละ 80", [P("77", "หน่วยงาน"), pct("80", "gte")], False),
    ("660,000 รายการบ้าน", [P("660000", "รายการบ้าน")], False),
    ("926 กิจกรรม", [P("926", "กิจกรรม")], False),
    (
        "8 กิจกรรม (ไม่น้อยกว่า 2 กิจกรรม/วัด)",
        [P("8", "กิจกรรม", count=count("2", "กิจกรรม/วัด", "gte"))],
        False,
    ),
    (
        "ทุกสำนักงาน เขตดำเนิน กิจกรรม อย่างน้อย เขตละ 2 กิจกรรม",
        [P("2", "กิจกรรม", "gte", per="เขต")],
        False,
    ),
    ("ไม่น้อยกว่า 15,000,000 ครั้ง", [P("15000000", "ครั้ง", "gte")], False),
    ("ไม่น้อยกว่า 1,000 ชิ้นงาน", [P("1000", "ชิ้นงาน", "gte")], False),
    (
        "ไม่เกินค่ามัธยฐาน 5 ปี ย้อนหลัง",
        [P(None, None, "lte", basis=basis("median_past_years", value="5", unit="ปี"))],
        False,
    ),
    # seed-000 (สพส. FY 2567) Part 1 KR targets (L1299-1333, L1586-1610, L2641-2660)
    ("1 มาตรการในแต่ละกลุ่ม", [P("1", "มาตรการ", per="กลุ่ม")], False),
    ("ตามแผนงานที่กำหนด", [], True),
    ("20,000 คน", [P("20000", "คน")], False),
    (
        "โรงเรียนฝึกอาชีพ 10 แห่งศูนย์ฝึกอาชีพกรุงเทพมหานคร 16 แห่ง",
        [
            P("10", "แห่ง", label="โรงเรียนฝึกอาชีพ"),
            P("16", "แห่ง", label="ศูนย์ฝึกอาชีพกรุงเทพมหานคร"),
        ],
        False,
    ),
    ("15,000 คน", [P("15000", "คน")], False),
    ("ระบบ HIIS (Human Resource Innovation and Information System)", [], True),
    # seed-000 Part 1 KPI targets 2566/2567, raw extraction glitches kept (L1342-2680)
    ("ระดับ 1", [P("1", "ระดับ", level="1")], False),
    ("30 เขต", [P("30", "เขต")], False),
    ("- 30 เขต", [P("30", "เขต", label=None)], False),
    ("เพ่ิมข้ึน 2 องค์กร ภาคีเครือข่าย", [P("2", "องค์กรภาคีเครือข่าย", "increase")], False),
    ("1 ระบบ", [P("1", "ระบบ")], False),
    ("อย่างน้อย 1 ครั้ง/ เดือน", [P("1", "ครั้ง/เดือน", "gte", per="เดือน")], False),
    ("อย่างน้อย 1 ครั้ง/เดือน", [P("1", "ครั้ง/เดือน", "gte", per="เดือน")], False),
    ("เพ่ิมข้ึน 10 หลักสูตร", [P("10", "หลักสูตร", "increase")], False),
    ("12,000 คน", [P("12000", "คน")], False),
    ("เพ่ิมข้ึน 3 หลักสูตร", [P("3", "หลักสูตร", "increase")], False),
    ("3,000 คน", [P("3000", "คน")], False),
    ("อย่างน้อย 1 องค์กร", [P("1", "องค์กร", "gte")], False),
    ("1 แนวทาง", [P("1", "แนวทาง")], False),
    ("ร้อยละ 30", [pct("30")], False),
    ("21  กลุ่ม", [P("21", "กลุ่ม")], False),
    ("250 คน", [P("250", "คน")], False),
    ("อย่างน้อย 1 โครงการ", [P("1", "โครงการ", "gte")], False),
    ("เพ่ิมข้ึน 20 กลุ่ม", [P("20", "กลุ่ม", "increase")], False),
    ("2 หน่วยงานหรือ องค์กร", [P("2", "หน่วยงานหรือองค์กร")], False),
    ("1 โครงการ/กิจกรรม", [P("1", "โครงการ/กิจกรรม", per=None)], False),
    ("2,017 ชุมชน", [P("2017", "ชุมชน")], False),
    ("อย่างน้อย 2 คน/เขต", [P("2", "คน/เขต", "gte", per="เขต")], False),
    ("6 แห่ง/ปี", [P("6", "แห่ง/ปี", per="ปี")], False),
    ("เพ่ิมข้ึน ร้อยละ 20/ปี", [pct("20", "increase", per="ปี")], False),
    ("อย่างน้อย 1 กิจกรรม/ปี", [P("1", "กิจกรรม/ปี", "gte", per="ปี")], False),
    (
        "เพ่ิมข้ึนร้อยละ 10 จากปีที่ผ่านมา",
        [pct("10", "increase", basis=basis("previous_year"))],
        False,
    ),
    (
        "- จำนวน อสส./อสท. ในสัดส่วน 1 คน ต่อ 40 ครัวเรือนในชุมชน",
        [P("1", "คน", per="40 ครัวเรือน", label="จำนวน อสส./อสท. ในสัดส่วน", qualifier="ในชุมชน")],
        False,
    ),
    # seed-000 Table ก restatements that disagree with Part 1 (§8.11)
    ("เพ่ิมข้ึน 3 กลุ่ม", [P("3", "กลุ่ม", "increase")], False),
    (
        "มีกิจกรรมที่สนับสนุนให้เกิดการจัดตั้งกลุ่มสหกรณ์ออมทรัพย์ตามโครงการบ้านมั่นคง เพ่ิมข้ึนจาก 30 กลุ่ม เป็น 33 กลุ่ม",
        [P("33", "กลุ่ม", "eq", basis=basis("from_value", value="30", unit="กลุ่ม"))],
        False,
    ),
    # seed-000 Table ค (performance agreement) with Thai and mixed digits (L7496-8015)
    ("ระดับ ๕ (6 ย่าน)", [P("5", "ระดับ", level="5", count=count("6", "ย่าน"))], False),
    ("ระดับ 5", [P("5", "ระดับ", level="5")], False),
    ("2๐ คะแนน", [P("20", "คะแนน", score="20")], False),
    ("๑๐0", [P("100")], False),
    # seed-000 Table ง (Governor policies, L8162-9945)
    ("150,000 มื้อ", [P("150000", "มื้อ")], False),
    ("150,000", [P("150000", None)], False),
    ("1,500 คน", [P("1500", "คน")], False),
    (
        "ร้อยละ 80 ของจำนวนมื้ออาหาร ที่ส่งต่อ (120,000 มื้อ)",
        [pct("80", of="จำนวนมื้ออาหาร ที่ส่งต่อ", count=count("120000", "มื้อ"))],
        False,
    ),
    ("5131 ครั้ง", [P("5131", "ครั้ง")], False),
    ("400 ครั้ง/ปี", [P("400", "ครั้ง/ปี", per="ปี")], False),
    (
        "จำนวนครั้งของการลงพื้นที่สำรวจคน ไร้บ้านที่จุด drop in จำนวน 400 ครั้ง/ปี",
        [P("400", "ครั้ง/ปี", label="จำนวนครั้งของการลงพื้นที่สำรวจคน ไร้บ้านที่จุด drop in จำนวน")],
        False,
    ),
    ("126560", [P("126560")], False),
    (
        "พื้นที่เกษตรที่มีการเผาลดลงร้อยละ 5 (ปี 66 พ้ืนท่ีเกษตรที่มีการเผา 1,582 ไร่)",
        [
            pct(
                "5",
                "decrease",
                label="พื้นที่เกษตรที่มีการเผา",
                basis=basis("baseline_year", year=2566, value="1582", unit="ไร่"),
            )
        ],
        False,
    ),
    ("70% ของครัวเรือน", [pct("70", of="ครัวเรือน")], False),
    ("N/A", [], False),
    # seed-002 (Thai digits throughout): targets (L9-16, L123, L168) and baselines
    ("ร้อยละ ๑๐๐", [pct("100")], False),
    ("ระดับ ๕", [P("5", "ระดับ", level="5")], False),
    (
        "ร้อยละ ๑๐๐ (จำนวนไม่น้อยกว่า ๒ หลักสูตร)",
        [pct("100", count=count("2", "หลักสูตร", "gte"))],
        False,
    ),
    ("ระดับ ๕ (๖ ย่าน)", [P("5", "ระดับ", level="5", count=count("6", "ย่าน"))], False),
    (
        "๑ หลักสูตร (พนักงานแม่บ้านโรงแรม)",
        [P("1", "หลักสูตร", remarks=["พนักงานแม่บ้านโรงแรม"])],
        False,
    ),
    (
        "นำเข้าข้อมูล แล้ว ๓๖๘ ชุมชน (ข้อมูล ณ วันที่ ๒๓ สิงหาคม ๒๕๖๖)",
        [P("368", "ชุมชน", remarks=["ข้อมูล ณ วันที่ 23 สิงหาคม 2566"])],
        False,
    ),
    ("๑ ฉบับ", [P("1", "ฉบับ")], False),
    # The brief's own examples, with the ellipsis left in.
    (
        "ไม่เกิน 110.78 ต่อประชากรแสนคน หรือ … ไม่เกิน 6,277 ราย",
        [P("110.78", "ต่อประชากรแสนคน", "lte"), P("6277", "ราย", "lte", joiner="or", label=None)],
        False,
    ),
    (
        "ไม่น้อยกว่า 2 ครั้ง/สัปดาห์ … ไม่น้อยกว่า ร้อยละ 80",
        [P("2", "ครั้ง/สัปดาห์", "gte"), pct("80", "gte", label=None)],
        False,
    ),
    ("ระดับ 5 (6 ย่าน)", [P("5", "ระดับ", level="5", count=count("6", "ย่าน"))], False),
    # Empty forms and things the parser must not misread.
    ("", [], False),
    ("–", [], False),
    ("   -  ", [], False),
    ("เพิ่มขึ้นจากปีที่ผ่านมา", [P(None, None, "increase", basis=basis("previous_year"))], False),
    ("มากกว่า 5 ครั้ง", [P("5", "ครั้ง")], True),
    ("10 - 20 คน", [P("10"), P("20", "คน")], True),
    ("100 คนพิการ", [P("100", "คน")], True),
    ("ร้อยละ 100 (", [pct("100")], True),
    ("KPI 3.1.1.2 : 30 เขต", [P("30", "เขต")], False),
    ("2,500,000.-", [P("2500000", "บาท")], False),
]

EMPTY_TEXTS = {"", "-", "–", "   -  ", "N/A"}


def _assert_subset(actual: dict, expected: dict, where: str) -> None:
    for key, value in expected.items():
        got = actual.get(key)
        if isinstance(value, dict) and isinstance(got, dict):
            _assert_subset(got, value, f"{where}.{key}")
        else:
            assert got == value, f"{where}.{key}: expected {value!r}, got {got!r}"


@pytest.mark.parametrize(
    ("text", "expected_parts", "flagged"),
    CASES,
    ids=[f"case{i:03d}" for i in range(len(CASES))],
)
def test_seed_targets(text: str, expected_parts: list[dict], flagged: bool) -> None:
    result = parse_target(text)
    assert result.text == text
    assert result.empty == (text in EMPTY_TEXTS)
    assert result.flagged == flagged, result.notes
    assert result.flagged == bool(result.notes)
    assert len(result.parts) == len(expected_parts), [p.to_dict() for p in result.parts]
    for index, (part, expected) in enumerate(zip(result.parts, expected_parts, strict=True)):
        _assert_subset(part.to_dict(), expected, f"part[{index}]")
        assert part.comparator in COMPARATORS
        assert part.is_percent == (part.unit == "percent")


def test_at_least_sixty_seed_cases() -> None:
    assert len({text for text, _, _ in CASES}) >= 60


def test_flagged_targets_keep_a_reason() -> None:
    result = parse_target("ตามแผนงานที่กำหนด")
    assert result.flagged and result.notes
    assert result.normalized == "ตามแผนงานที่กำหนด"
    assert result.parts == ()


def test_normalized_text_uses_normalize_thai_and_arabic_digits() -> None:
    result = parse_target("เพ่ิมข้ึน ร้อยละ ๒๐/ปี")
    assert result.normalized == "เพิ่มขึ้น ร้อยละ 20/ปี"
    assert result.text == "เพ่ิมข้ึน ร้อยละ ๒๐/ปี"


def test_primary_part_and_decimal_value() -> None:
    result = parse_target("ลดลง 21.629 ตัน/วัน")
    assert result.primary is result.parts[0]
    assert str(result.primary.decimal_value) == "21.629"
    assert parse_target("-").primary is None


def test_non_string_input_is_tolerated() -> None:
    assert parse_target(None).empty  # type: ignore[arg-type]
    assert parse_target(80).parts[0].value == "80"  # type: ignore[arg-type]


def test_very_long_text_is_flagged_not_slow() -> None:
    result = parse_target("ร้อยละ 80 " * 500)
    assert result.flagged
    assert len(result.parts) > 100


# --- round trip -------------------------------------------------------------------------


@pytest.mark.parametrize("text", [text for text, _, _ in CASES])
def test_round_trip_to_dict_from_dict(text: str) -> None:
    result = parse_target(text)
    data = result.to_dict()
    encoded = json.dumps(data, ensure_ascii=False)
    restored = ParsedTarget.from_dict(json.loads(encoded))
    assert restored == result
    assert restored.to_dict() == data


def test_from_dict_tolerates_missing_keys() -> None:
    restored = ParsedTarget.from_dict({"text": "x", "parts": [{"value": "1"}, "junk"]})
    assert restored.parts == (TargetPart(value="1"),)
    assert not restored.flagged and restored.notes == ()
    assert Basis.from_dict({"kind": "baseline_year", "year": "2568"}).year == 2568
    assert Count.from_dict({"value": 2}).value == "2"


# --- never raises -----------------------------------------------------------------------

FRAGMENTS = [
    "ร้อยละ", "ร้อยละ ", "ไม่น้อยกว่า", "อย่างน้อย", "ไม่ต่ำกว่า", "ไม่เกิน", "ไม่มากกว่า",
    "เพิ่มขึ้น", "เพ่ิมข้ึน", "ลดลง", "สะสม", "ขึ้นไป", "ระดับ", "ระดับทองแดง", "คะแนน", "ดาว",
    "จากปี", "จากปีที่ผ่านมา", "เทียบกับปีฐาน", "ปีฐาน", "ค่ามัธยฐาน", "ปี", "พ.ศ.", "ย้อนหลัง",
    "จาก", "เป็น", "ของ", "ที่", "ตาม", "ใน", "ในแต่ละ", "ต่อ", "หรือ", "และ", "เขตละ",
    "แห่ง", "คน", "ครั้ง", "ตัน", "วัน", "กม.", "ค่า คาร์บอนฟุตพริ้นท์", "tCO ₂ e", "รายการ",
    "/", "/ปี", "(", ")", "((", "))", "%", ".-", "-", "–", "…", ",", ".", ":", " ", "  ", "\n",
    "0", "1", "5", "25", "2568", "66", "1,000", "21.629", "2.600", "1,5", "9.", "1.", "2)",
    "๐", "๕", "๒๕๖๗", "๑,๐๐๐", "<p>", "</p>", "<b>", "&nbsp;", "&amp;", "ISO", "KPI", "P",
    "\u0e48", "\u0e49", "\u0e4d", "\u0e32", "\u0e33", "\u0e31", "\u0e34", "\u0e38", "\u200b",
    "สิงหาคม", "ก.ย.", "N/A", "ไม่มี", "มากกว่า", "ภายใน", "ถึง",
]  # fmt: skip

thai_fragments = st.lists(st.sampled_from(FRAGMENTS), max_size=25).map("".join)
spaced_fragments = st.lists(st.sampled_from(FRAGMENTS), max_size=25).map(" ".join)


def _check_never_raises(text: str) -> None:
    result = parse_target(text)
    assert isinstance(result, ParsedTarget)
    assert INTERNAL_ERROR_NOTE not in result.notes
    assert result.text == text
    assert result.flagged == bool(result.notes)
    assert not (result.empty and result.parts)
    for part in result.parts:
        assert part.comparator in COMPARATORS
        if part.value is not None:
            float(part.value)
    data = result.to_dict()
    assert ParsedTarget.from_dict(json.loads(json.dumps(data))) == result


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_on_arbitrary_text(text: str) -> None:
    _check_never_raises(text)


@settings(max_examples=500, deadline=None)
@given(st.one_of(thai_fragments, spaced_fragments))
def test_never_raises_on_thai_fragments(text: str) -> None:
    _check_never_raises(text)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from([text for text, _, _ in CASES]),
    st.text(max_size=10),
    st.text(max_size=10),
)
def test_never_raises_on_mutated_seed_targets(text: str, prefix: str, suffix: str) -> None:
    _check_never_raises(prefix + text + suffix)
