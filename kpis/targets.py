"""Parse Thai KPI target text ("ร้อยละ 60 (2 แห่ง)", "ไม่เกิน 60 นาที", "ระดับ ๕") into structure.

Targets in BMA plans are free text. DOMAIN.md §4 asks for the verbatim text **and** a parsed
value where possible: comparator, number, unit, basis (baseline year, cumulative), an optional
bracketed count, a level, or several parts. Anything the parser cannot account for is kept as text
and the result is *flagged* with notes saying why, so that an importer shows it to a person instead
of guessing silently. :func:`parse_target` never raises.

Vocabulary of one part (:class:`TargetPart`):

* ``comparator``: ``eq`` | ``gte`` (ไม่น้อยกว่า, อย่างน้อย, ไม่ต่ำกว่า, … ขึ้นไป) | ``lte``
  (ไม่เกิน, ไม่มากกว่า) | ``increase`` (เพิ่มขึ้น, value is the change) | ``decrease`` (ลดลง).
  "ลดลงไม่น้อยกว่าร้อยละ 5" is ``decrease`` with ``bound="gte"``.
* ``value``: the number as a Decimal string, thousands separators removed, the writer's decimals
  kept ("2.600"). For a level or score it repeats ``level`` / ``score``.
* ``unit``: ``"percent"`` for ร้อยละ / %, otherwise the Thai unit as written ("ตัน/วัน");
  ``per`` is the denominator of a rate ("วัน", "40 ครัวเรือน", "ประชากรแสนคน").
* ``basis``: what the number is measured against (:class:`Basis`), ``count``: a bracketed
  count ("ร้อยละ 60 (2 แห่ง)"), ``level`` ("ระดับ 5"), ``grade`` ("ระดับทองแดง"), ``score``
  ("คะแนน 4", "4.2 ดาว").
* ``label`` (text naming what a part measures, e.g. "นักเรียน"), ``of`` ("ร้อยละ 100 ของจุดที่
  สำรวจพบ"), ``qualifier`` ("ตามภารกิจที่ต้องดำเนินการ"), ``remarks`` (other bracketed text) and
  ``joiner`` ("or" for หรือ) keep the rest of the words, so nothing is lost.

A target is flagged when no number, level or grade could be read (a part that is only a direction
against a basis, such as "เพิ่มขึ้นจากปีที่ผ่านมา" or "ไม่เกินค่ามัธยฐาน 5 ปี ย้อนหลัง", counts as
read), when words are left over after the last part, when a label holds a comparator-like word the
parser did not apply, or for ranges, conflicting comparators and unbalanced brackets.
``flagged`` is always ``bool(notes)``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from core.thai import normalize_thai, to_arabic_digits

__all__ = [
    "COMPARATORS",
    "INTERNAL_ERROR_NOTE",
    "Basis",
    "Count",
    "ParsedTarget",
    "TargetPart",
    "normalize_target_text",
    "parse_target",
]

EQ, GTE, LTE, INCREASE, DECREASE = "eq", "gte", "lte", "increase", "decrease"
COMPARATORS = (EQ, GTE, LTE, INCREASE, DECREASE)

BASIS_BASELINE_YEAR = "baseline_year"
BASIS_PREVIOUS_YEAR = "previous_year"
BASIS_CUMULATIVE = "cumulative"
BASIS_FROM_VALUE = "from_value"
BASIS_MEDIAN_PAST_YEARS = "median_past_years"

PERCENT = "percent"
MAX_PARSE_LENGTH = 2000
_MAX_DEPTH = 3

NOTE_NO_NUMBER = "ไม่พบตัวเลข ระดับ หรือเกณฑ์ที่อ่านได้ในค่าเป้าหมาย"
NOTE_LEFTOVER = "มีข้อความที่แปลความไม่ได้: «{}»"
NOTE_LABEL_COMPARATOR = "ข้อความนำหน้ามีคำเปรียบเทียบที่ตัวแยกไม่ได้นำมาใช้: «{}»"
NOTE_RANGE = "พบค่าเป้าหมายแบบช่วง ({}) ซึ่งยังไม่รองรับ"
NOTE_CONFLICT = "คำเปรียบเทียบขัดกัน: {}"
NOTE_BRACKET = "วงเล็บเปิดและปิดไม่ครบคู่"
NOTE_TOO_LONG = f"ข้อความยาวเกิน {MAX_PARSE_LENGTH} ตัวอักษร อ่านเฉพาะส่วนต้น"
INTERNAL_ERROR_NOTE = "ตัวแยกค่าเป้าหมายทำงานผิดพลาด เก็บไว้เป็นข้อความ"


# --- result types -------------------------------------------------------------------------


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _opt_int(value: Any) -> int | None:
    try:
        return None if value is None else int(value)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class Basis:
    """What a target is measured against: a baseline year, last year, a running total, …"""

    kind: str  # baseline_year | previous_year | cumulative | from_value | median_past_years
    year: int | None = None  # BE year for baseline_year
    value: str | None = None  # baseline value (from_value, year-prefixed bracket) or N years
    unit: str | None = None
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "year": self.year,
            "value": self.value,
            "unit": self.unit,
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Basis:
        return cls(
            kind=str(data.get("kind", "")),
            year=_opt_int(data.get("year")),
            value=_opt_str(data.get("value")),
            unit=_opt_str(data.get("unit")),
            text=str(data.get("text") or ""),
        )


@dataclass(frozen=True)
class Count:
    """A count that qualifies a part: "ร้อยละ 60 (2 แห่ง)" → Count("2", "แห่ง")."""

    value: str
    unit: str | None = None
    comparator: str = EQ

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "unit": self.unit, "comparator": self.comparator}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Count:
        return cls(
            value=str(data.get("value", "")),
            unit=_opt_str(data.get("unit")),
            comparator=str(data.get("comparator") or EQ),
        )


@dataclass(frozen=True)
class TargetPart:
    """One measurable statement inside a target (see the module docstring for the fields)."""

    comparator: str = EQ
    value: str | None = None
    unit: str | None = None
    is_percent: bool = False
    per: str | None = None
    basis: Basis | None = None
    count: Count | None = None
    level: str | None = None
    grade: str | None = None
    score: str | None = None
    bound: str | None = None
    label: str | None = None
    of: str | None = None
    qualifier: str | None = None
    remarks: tuple[str, ...] = ()
    joiner: str | None = None
    source: str = ""

    @property
    def decimal_value(self) -> Decimal | None:
        """``value`` as a Decimal, for computations."""
        return None if self.value is None else Decimal(self.value)

    @property
    def is_read(self) -> bool:
        """Whether the part carries something measurable (number, grade, or relative basis)."""
        if self.value is not None or self.grade is not None:
            return True
        return self.comparator != EQ and self.basis is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "comparator": self.comparator,
            "value": self.value,
            "unit": self.unit,
            "is_percent": self.is_percent,
            "per": self.per,
            "basis": self.basis.to_dict() if self.basis else None,
            "count": self.count.to_dict() if self.count else None,
            "level": self.level,
            "grade": self.grade,
            "score": self.score,
            "bound": self.bound,
            "label": self.label,
            "of": self.of,
            "qualifier": self.qualifier,
            "remarks": list(self.remarks),
            "joiner": self.joiner,
            "source": self.source,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TargetPart:
        basis = data.get("basis")
        count = data.get("count")
        return cls(
            comparator=str(data.get("comparator") or EQ),
            value=_opt_str(data.get("value")),
            unit=_opt_str(data.get("unit")),
            is_percent=bool(data.get("is_percent", False)),
            per=_opt_str(data.get("per")),
            basis=Basis.from_dict(basis) if isinstance(basis, Mapping) else None,
            count=Count.from_dict(count) if isinstance(count, Mapping) else None,
            level=_opt_str(data.get("level")),
            grade=_opt_str(data.get("grade")),
            score=_opt_str(data.get("score")),
            bound=_opt_str(data.get("bound")),
            label=_opt_str(data.get("label")),
            of=_opt_str(data.get("of")),
            qualifier=_opt_str(data.get("qualifier")),
            remarks=tuple(str(r) for r in data.get("remarks") or ()),
            joiner=_opt_str(data.get("joiner")),
            source=str(data.get("source") or ""),
        )


@dataclass(frozen=True)
class ParsedTarget:
    """A target as written (``text``) plus what could be read from it."""

    text: str
    normalized: str
    parts: tuple[TargetPart, ...] = ()
    empty: bool = False
    flagged: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def primary(self) -> TargetPart | None:
        """The first part: what a one-number display or a progress bar should use."""
        return self.parts[0] if self.parts else None

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form, stored next to the verbatim text (KpiYearValue.value)."""
        return {
            "text": self.text,
            "normalized": self.normalized,
            "empty": self.empty,
            "flagged": self.flagged,
            "notes": list(self.notes),
            "parts": [p.to_dict() for p in self.parts],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ParsedTarget:
        return cls(
            text=str(data.get("text") or ""),
            normalized=str(data.get("normalized") or ""),
            parts=tuple(
                TargetPart.from_dict(p) for p in data.get("parts") or () if isinstance(p, Mapping)
            ),
            empty=bool(data.get("empty", False)),
            flagged=bool(data.get("flagged", False)),
            notes=tuple(str(n) for n in data.get("notes") or ()),
        )


# --- vocabulary ---------------------------------------------------------------------------

_NUM = r"[0-9](?:[0-9]|,(?=[0-9]))*(?:\.[0-9]+)?"
_NUM_RE = re.compile(_NUM)

_GTE_WORDS = ("ไม่น้อยกว่า", "อย่างน้อย", "ไม่ต่ำกว่า")
_LTE_WORDS = ("ไม่เกิน", "ไม่มากกว่า", "ไม่สูงกว่า")
_INCREASE_WORDS = ("เพิ่มขึ้น",)
_DECREASE_WORDS = ("ลดลง",)
_CUMULATIVE_WORD = "สะสม"
_CMP_WORDS = {
    **dict.fromkeys(_GTE_WORDS, GTE),
    **dict.fromkeys(_LTE_WORDS, LTE),
    **dict.fromkeys(_INCREASE_WORDS, INCREASE),
    **dict.fromkeys(_DECREASE_WORDS, DECREASE),
}
_CMP_RE = re.compile("|".join([*sorted(_CMP_WORDS, key=len, reverse=True), _CUMULATIVE_WORD]))
_POSTFIX_RE = re.compile(r"ขึ้นไป|หรือมากกว่า|หรือสูงกว่า|ลงมา|หรือน้อยกว่า|หรือต่ำกว่า")
_POSTFIX_GTE = ("ขึ้นไป", "หรือมากกว่า", "หรือสูงกว่า")

# Units seen in the seeds plus common BMA ones. A space means "optional whitespace" (PDF line
# wraps split compound units); the canonical form drops it.
_UNITS = (
    "คน", "ราย", "ครั้ง", "รอบ", "แห่ง", "เขต", "แขวง", "ชุมชน", "หมู่บ้าน", "กลุ่ม เป้าหมาย",
    "กลุ่ม", "องค์กร ภาคีเครือข่าย", "ภาคีเครือข่าย", "เครือข่าย", "องค์กร", "หน่วยงาน หรือ องค์กร",
    "หน่วยงาน", "หลักสูตร", "ฐานข้อมูล", "ฉบับ", "ระบบ", "แนวทาง", "มาตรการ", "โครงการ/กิจกรรม",
    "โครงการ", "กิจกรรม", "ผลงาน", "ชิ้นงาน", "ชิ้น", "ต้น", "ตัว", "ดวง", "จุด", "สายทาง", "สาย",
    "เส้นทาง", "เลขหมาย", "รายการ บ้าน", "รายการ", "หลังคาเรือน", "ครัวเรือน", "ครอบครัว",
    "โรงเรียน", "ศูนย์", "ย่าน", "มื้อ", "ไร่", "ตารางเมตร", "ตร.ม.", "ตารางกิโลเมตร", "ตร.กม.",
    "กิโลเมตร", "กม.", "เมตร", "ตัน", "กิโลกรัม", "กก.", "ลิตร", "ล้านบาท", "บาท", "วัน",
    "สัปดาห์", "เดือน", "ปี", "ชั่วโมง", "ชม.", "นาที", "วินาที", "คะแนน", "ดาว", "ห้องเรียน",
    "ห้อง", "คัน", "เครื่อง", "ชุด", "เรื่อง", "ประเภท", "ด้าน", "วัด", "ผลิตภัณฑ์", "สินค้า",
    "ช่องทาง", "ประเด็น", "นวัตกรรม", "ตลาด", "คลอง", "สวน", "ลาน", "อาคาร", "หลัง", "ร้าน",
    "พื้นที่", "ค่า คาร์บอนฟุตพริ้นท์", "tCO ₂ e", "tCO 2 e", "เท่า", "ตัวชี้วัด", "แผน",
    "เรื่องร้องเรียน", "ผู้ประกอบการ", "คำร้อง",
)  # fmt: skip
_SCORE_UNITS = ("คะแนน", "ดาว")
_GRADES = ("แพลทินัม", "ทองแดง", "ทองคำ", "ทอง", "เงิน", "ดีเยี่ยม", "ดีมาก", "ดี", "พอใช้")
_MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม",
    "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม", "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.",
    "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip


def _unit_pattern(spec: str) -> str:
    return r"\s*".join(re.escape(piece) for piece in spec.split(" "))


_UNIT_TABLE = sorted(
    ((re.compile(_unit_pattern(spec)), spec.replace(" ", "")) for spec in _UNITS),
    key=lambda item: len(item[1]),
    reverse=True,
)
_SIMPLE_UNITS = sorted((u for u in _UNITS if " " not in u and "." not in u), key=len, reverse=True)
_DIST_RE = re.compile("(" + "|".join(map(re.escape, _SIMPLE_UNITS)) + r")ละ\s*(?=[0-9])")

_THAI_RUN = r"[\u0e01-\u0e4e]+"
_THAI_RUN_RE = re.compile(_THAI_RUN)
# Words that start a qualifier, basis or next part, so they can never begin a unit.
_STOP_WORDS = (
    "ต่อ", "ของ", "ตาม", "ที่", "ใน", "ภายใน", "แต่ละ", "จาก", "เทียบ", "หรือ", "และ", "ขึ้นไป",
    "ลงมา", "ร้อยละ", "ระดับ", "คะแนน", "เป็น", "ทั้งหมด", "ทุก", "สำหรับ", "โดย", "เพื่อ",
    "ซึ่ง", "เมื่อ", "ปีฐาน", "ปีที่", *_CMP_WORDS, _CUMULATIVE_WORD,
)  # fmt: skip
_STOP_START_RE = re.compile("|".join(sorted(map(re.escape, _STOP_WORDS), key=len, reverse=True)))
# Words at which an unknown unit run is cut ("หลักสูตรตามแผน" → "หลักสูตร").
_UNIT_SPLIT_RE = re.compile(
    "|".join(
        sorted(
            map(re.escape, ("ของ", "ตาม", "ในแต่ละ", "แต่ละ", "จาก", "เทียบ", "หรือ", "และ",
                            "ร้อยละ", "ขึ้นไป", "ต่อ", *_CMP_WORDS, _CUMULATIVE_WORD)),
            key=len,
            reverse=True,
        )
    )
)  # fmt: skip

_PCT_RE = re.compile(rf"ร้อยละ\s*({_NUM})")
_PCT_SUFFIX_RE = re.compile(r"\s*(?:%|เปอร์เซ็นต์)")
_LEVEL_RE = re.compile(rf"ระดับ(?:ความสำเร็จ)?(?:ที่)?\s*({_NUM})")
_GRADE_RE = re.compile(r"ระดับ\s*(" + "|".join(_GRADES) + ")")
_SCORE_RE = re.compile(rf"คะแนน(?:เฉลี่ย)?\s*({_NUM})")
_BAHT_SUFFIX_RE = re.compile(r"\.-\.?\s*(?:บาท)?")
_PER_SLASH_RE = re.compile(r"\s*/\s*([\u0e01-\u0e4eA-Za-z₂.]+)")
_PER_WORD_RE = re.compile(rf"ต่อ\s*(?:({_NUM})\s*)?")
_EACH_RE = re.compile(rf"(?:ในแต่ละ|แต่ละ)\s*({_THAI_RUN})")
_QUALIFIER_START_RE = re.compile(r"ตาม|ที่|ภายใน|ใน|สำหรับ|ทั้งหมด|ทุก")
_FROM_TO_RE = re.compile(rf"จาก\s*({_NUM})\s*(\S*?)\s*เป็น\s*({_NUM})")

_YEAR = r"([0-9]{2,4})"
_BE = r"(?:พ\.ศ\.?\s*)?"
_BASIS_RES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"(?:เมื่อ)?(?:เทียบกับ|จาก)?\s*ปีฐาน\s*(?:ปี\s*)?{_BE}{_YEAR}"), BASIS_BASELINE_YEAR),
    (re.compile(rf"(?:เมื่อ)?(?:เทียบกับ|จาก)\s*(?:ปี(?:งบประมาณ)?\s*{_BE}|พ\.ศ\.?\s*){_YEAR}"),
     BASIS_BASELINE_YEAR),
    (re.compile(r"(?:เมื่อ)?(?:เทียบกับ|จาก)?\s*(?:ปีที่ผ่านมา|ปีก่อนหน้า|ปีก่อน)"),
     BASIS_PREVIOUS_YEAR),
    (re.compile(rf"(?:เทียบกับ|จาก)?\s*ค่ามัธยฐาน\s*({_NUM})\s*ปี(?:\s*ย้อนหลัง)?"),
     BASIS_MEDIAN_PAST_YEARS),
    (re.compile(_CUMULATIVE_WORD), BASIS_CUMULATIVE),
)  # fmt: skip
_YEAR_PREFIX_RE = re.compile(rf"(?:ปี(?:งบประมาณ)?\s*{_BE}|พ\.ศ\.?\s*){_YEAR}\s*(.*)", re.S)

# Numbers that are codes, ordinals, years or dates rather than quantities.
_NOT_QUANTITY_PREFIX_RE = re.compile(
    r"(?:KPI|KRs?|OKR|ISO|KP|PI|[Pp]|No\.?|ที่|ข้อ|ลำดับ|หมายเลข|รหัส|ปี(?:งบประมาณ)?|พ\.ศ\.?"
    r"|ค\.ศ\.?|" + "|".join(map(re.escape, _MONTHS)) + r")\s*$"
)
_MONTH_AFTER_RE = re.compile(r"\s*(?:" + "|".join(map(re.escape, _MONTHS)) + ")")
_LIST_MARKER_AFTER_RE = re.compile(r"[.)](?:\s|$)")
_DOTTED_CODE_RE = re.compile(r"\.[0-9]")

_START_RE = re.compile(
    "|".join(
        [
            _CMP_RE.pattern,
            r"ร้อยละ(?=\s*[0-9])",
            r"ระดับ",
            r"คะแนน",
            r"จาก(?=\s*[0-9])",
            _DIST_RE.pattern,
            r"[0-9]",
        ]
    )
)
_STOP_PHRASE_RE = re.compile(
    r"\(|ร้อยละ\s*[0-9]|ระดับ\s*[0-9]|คะแนน\s*[0-9]|\s(?:หรือ|และ)\s|(?<!\S)[0-9]{1,2}[.)](?:\s|$)|"
    + _CMP_RE.pattern
)

_LEADING_MARKER_RE = re.compile(r"^(?:[0-9]{1,2}[.)]|[-–—•●*]+)\s*")
_PUNCT_ONLY_RE = re.compile(r"[\s\-–—−:;,./|•●*…\"“”']*")
_RANGE_GAP_RE = re.compile(r"\s*(?:-|–|—|ถึง)\s*")
_SUSPICIOUS_RE = re.compile(
    r"มากกว่า|น้อยกว่า|ต่ำกว่า|สูงกว่า|เกินกว่า|ประมาณ|ราว|ภายใน|" + "|".join(map(re.escape, _CMP_WORDS))
)
_FILLER_LABELS = ("", "จำนวน", "รวม", "ทั้งหมด", "คิดเป็น", "เป็น")
_TAG_RE = re.compile(r"<[^<>]{0,200}>")
_EMPTY_RE = re.compile(r"[\s\-–—−]*(?:N/?A|n/?a|ไม่มี)?[\s\-–—−]*")


def _dec(text: str) -> str:
    return str(Decimal(text.replace(",", "")))


def _year(text: str) -> int:
    year = int(text)
    return 2500 + year if year < 100 else year


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" ,;:")


# --- parser -------------------------------------------------------------------------------


@dataclass
class _Draft:
    """Mutable part under construction; frozen into a TargetPart at the end."""

    start: int
    comparator: str = EQ
    value: str | None = None
    unit: str | None = None
    is_percent: bool = False
    per: str | None = None
    basis: Basis | None = None
    count: Count | None = None
    level: str | None = None
    grade: str | None = None
    score: str | None = None
    bound: str | None = None
    of: str | None = None
    qualifiers: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    extra: list[TargetPart] = field(default_factory=list)

    def freeze(self, source: str, label: str | None, joiner: str | None) -> TargetPart:
        return TargetPart(
            comparator=self.comparator,
            value=self.value,
            unit=self.unit,
            is_percent=self.is_percent,
            per=self.per,
            basis=self.basis,
            count=self.count,
            level=self.level,
            grade=self.grade,
            score=self.score,
            bound=self.bound,
            label=label or None,
            of=self.of,
            qualifier=" ".join(self.qualifiers) or None,
            remarks=tuple(self.remarks),
            joiner=joiner,
            source=source,
        )


class _Parser:
    """Left-to-right reader over normalized text; one instance per (bracketed) segment."""

    def __init__(self, s: str, depth: int = 0) -> None:
        self.s = s
        self.depth = depth
        self.notes: list[str] = []

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)

    # main loop ----------------------------------------------------------------------------

    def run(self) -> list[TargetPart]:
        s, parts, pos = self.s, [], 0
        previous: TargetPart | None = None
        while pos < len(s):
            found = self._find_part(pos)
            if found is None:
                leftover = self._gap(s[pos:], previous, trailing=True)[0]
                if leftover and parts:
                    self.note(NOTE_LEFTOVER.format(leftover))
                break
            draft, end = found
            label, joiner = self._gap(s[pos : draft.start], previous, trailing=False)
            part = draft.freeze(s[draft.start : end].strip(), label, joiner)
            parts.append(part)
            parts.extend(draft.extra)
            previous, pos = part, end
        if not any(p.is_read for p in parts):
            self.note(NOTE_NO_NUMBER)
        return parts

    def _find_part(self, pos: int) -> tuple[_Draft, int] | None:
        i = pos
        while True:
            m = _START_RE.search(self.s, i)
            if m is None:
                return None
            found = self._part_at(m.start())
            if found is not None:
                return found
            i = m.start() + 1

    def _gap(
        self, gap: str, previous: TargetPart | None, *, trailing: bool
    ) -> tuple[str, str | None]:
        """Turn text between parts into (label, joiner); leftovers are judged by the caller."""
        text = _clean(gap)
        joiner = None
        if (
            not trailing
            and previous is not None
            and previous.value is not None
            and _RANGE_GAP_RE.fullmatch(gap)
        ):
            self.note(NOTE_RANGE.format(_clean(f"{previous.source} {text} …")))
        for word, kind in (("หรือ", "or"), ("และ", "and"), (",", "and")):
            if text.startswith(word):
                joiner, text = kind, _clean(text[len(word) :])
                break
        if text.endswith("หรือ"):
            joiner, text = "or", _clean(text[: -len("หรือ")])
        text = _LEADING_MARKER_RE.sub("", text)
        if _PUNCT_ONLY_RE.fullmatch(text):
            text = ""
        if text and not trailing:
            suspicious = _SUSPICIOUS_RE.search(text)
            if suspicious:
                self.note(NOTE_LABEL_COMPARATOR.format(text))
        return text, joiner

    # one part -----------------------------------------------------------------------------

    def _part_at(self, i: int) -> tuple[_Draft, int] | None:
        s = self.s
        d = _Draft(start=i)
        words: list[str] = []
        p = i
        while True:
            q = _skip_ws(s, p)
            m = _CMP_RE.match(s, q)
            if not m:
                break
            if m.group() == _CUMULATIVE_WORD:
                d.basis = d.basis or Basis(BASIS_CUMULATIVE, text=_CUMULATIVE_WORD)
            else:
                words.append(m.group())
            p = m.end()
        p = _skip_ws(s, p)
        end = self._quantity(d, p)
        if end is None:
            if not words:
                return None
            end = self._basis(d, p)
            if end is None:
                return None
        self._apply_comparators(d, words)
        if d.basis is not None and d.basis.kind == BASIS_FROM_VALUE:
            d.comparator = EQ  # "เพิ่มขึ้นจาก 30 เป็น 33": the value is the end point
        end = self._trailing(d, end)
        return d, end

    def _apply_comparators(self, d: _Draft, words: list[str]) -> None:
        kinds = [_CMP_WORDS[w] for w in words]
        directions = [k for k in kinds if k in (INCREASE, DECREASE)]
        bounds = [k for k in kinds if k in (GTE, LTE)]
        if len(set(directions)) > 1 or len(set(bounds)) > 1:
            self.note(NOTE_CONFLICT.format(" ".join(words)))
        if directions:
            d.comparator = directions[0]
            d.bound = bounds[0] if bounds else None
        elif bounds:
            d.comparator = bounds[0]

    def _quantity(self, d: _Draft, p: int) -> int | None:
        """Read the number (or level/grade/score) at p; return the end or None."""
        s = self.s
        m = _FROM_TO_RE.match(s, p)
        if m:
            unit_from = m.group(2) or None
            d.basis = Basis(BASIS_FROM_VALUE, value=_dec(m.group(1)), unit=unit_from,
                            text=_clean(m.group()))  # fmt: skip
            d.value = _dec(m.group(3))
            return self._unit(d, m.end())
        m = _DIST_RE.match(s, p)
        if m:
            d.per = m.group(1)
            p = m.end()
        m = _PCT_RE.match(s, p)
        if m:
            d.value, d.unit, d.is_percent = _dec(m.group(1)), PERCENT, True
            return self._per_slash(d, m.end())
        m = _LEVEL_RE.match(s, p)
        if m:
            d.value = d.level = _dec(m.group(1))
            d.unit = "ระดับ"
            return m.end()
        m = _GRADE_RE.match(s, p)
        if m:
            d.grade, d.unit = m.group(1), "ระดับ"
            return m.end()
        m = _SCORE_RE.match(s, p)
        if m:
            d.value = d.score = _dec(m.group(1))
            d.unit = "คะแนน"
            return m.end()
        m = _NUM_RE.match(s, p)
        if m and self._is_quantity(m.start(), m.end()):
            d.value = _dec(m.group())
            return self._unit(d, m.end())
        return None

    def _is_quantity(self, start: int, end: int) -> bool:
        """False for codes ("KPI 3.1.1.2", "ISO 37001"), ordinals, years, dates, list markers."""
        s = self.s
        before = s[start - 1] if start > 0 else " "
        if before.isascii() and (before.isalnum() or before in "_."):
            return False
        if _DOTTED_CODE_RE.match(s, end) or _MONTH_AFTER_RE.match(s, end):
            return False
        if _NOT_QUANTITY_PREFIX_RE.search(s, max(0, start - 24), start):
            return False
        number = s[start:end]
        if len(number) <= 2 and number.isdigit() and _LIST_MARKER_AFTER_RE.match(s, end):
            # "1. …" / "2) …" at the start or after a space is a list marker, "(2)" is not.
            return not (start == 0 or (before.isspace() and s[:start].rstrip()[-1:] != "("))
        return True

    def _unit(self, d: _Draft, p: int) -> int:
        s = self.s
        m = _BAHT_SUFFIX_RE.match(s, p)
        if m:
            d.unit = "บาท"
            return m.end()
        m = _PCT_SUFFIX_RE.match(s, p)
        if m:
            d.unit, d.is_percent = PERCENT, True
            return self._per_slash(d, m.end())
        q = _skip_ws(s, p)
        for pattern, canonical in _UNIT_TABLE:
            m = pattern.match(s, q)
            if m:
                d.unit = canonical
                if canonical in _SCORE_UNITS:
                    d.score = d.value
                return self._per_slash(d, m.end())
        m = _THAI_RUN_RE.match(s, q)
        if m and not _STOP_START_RE.match(s, q):
            run = m.group()
            cut = _UNIT_SPLIT_RE.search(run, 1)
            if cut:
                run = run[: cut.start()]
            d.unit = run
            return self._per_slash(d, q + len(run))
        return p

    def _per_slash(self, d: _Draft, p: int) -> int:
        m = _PER_SLASH_RE.match(self.s, p)
        if not m or _STOP_START_RE.match(m.group(1)):
            return p
        d.per = m.group(1)
        d.unit = f"{d.unit}/{m.group(1)}" if d.unit and d.unit != PERCENT else d.unit
        return m.end()

    # after the number ---------------------------------------------------------------------

    def _basis(self, d: _Draft, p: int) -> int | None:
        found = _match_basis(self.s, p)
        if found is None:
            return None
        basis, end = found
        if d.basis is None:
            d.basis = basis
        else:
            d.remarks.append(basis.text)
        return end

    def _trailing(self, d: _Draft, p: int) -> int:
        s = self.s
        while True:
            q = _skip_ws(s, p)
            if q >= len(s):
                return q
            if s[q] == "(":
                p = self._bracket(d, q)
                continue
            end = self._basis(d, q)
            if end is not None:
                p = end
                continue
            m = _POSTFIX_RE.match(s, q)
            if m:
                kind = GTE if m.group() in _POSTFIX_GTE else LTE
                if d.comparator == EQ:
                    d.comparator = kind
                elif d.comparator in (GTE, LTE) and d.comparator != kind:
                    self.note(NOTE_CONFLICT.format(_clean(s[d.start : m.end()])))
                p = m.end()
                continue
            if s.startswith("ของ", q):
                end = self._phrase_end(q + len("ของ"))
                phrase = _clean(s[q + len("ของ") : end])
                if d.of is None:
                    d.of = phrase
                else:
                    d.qualifiers.append(_clean(s[q:end]))
                p = end
                continue
            m = _PER_WORD_RE.match(s, q)
            if m:
                end = self._per_word(d, m)
                if end is not None:
                    p = end
                    continue
            m = _EACH_RE.match(s, q)
            if m:
                d.per = d.per or m.group(1)
                d.qualifiers.append(_clean(m.group()))
                p = m.end()
                continue
            if _QUALIFIER_START_RE.match(s, q):
                end = self._phrase_end(q + 1)
                d.qualifiers.append(_clean(s[q:end]))
                p = end
                continue
            return p

    def _per_word(self, d: _Draft, m: re.Match[str]) -> int | None:
        """Read "ต่อ [N] unit" as the denominator of a rate ("1 คน ต่อ 40 ครัวเรือน")."""
        s, p = self.s, m.end()
        number = m.group(1)
        unit = None
        for pattern, canonical in _UNIT_TABLE:
            um = pattern.match(s, p)
            if um:
                unit, p = canonical, um.end()
                break
        else:
            um = _THAI_RUN_RE.match(s, p)
            if um:
                unit, p = um.group(), um.end()
        if unit is None and number is None:
            return None
        per = " ".join(x for x in (number and _dec(number), unit) if x)
        d.per = per
        if d.unit is None:
            d.unit = f"ต่อ{per}"
        return p

    def _phrase_end(self, p: int) -> int:
        m = _STOP_PHRASE_RE.search(self.s, p)
        return m.start() if m else len(self.s)

    def _bracket(self, d: _Draft, q: int) -> int:
        s, level, i = self.s, 0, q
        close = -1
        while i < len(s):
            if s[i] == "(":
                level += 1
            elif s[i] == ")":
                level -= 1
                if level == 0:
                    close = i
                    break
            i += 1
        if close < 0:
            self.note(NOTE_BRACKET)
            content, end = s[q + 1 :], len(s)
        else:
            content, end = s[q + 1 : close], close + 1
        content = _clean(content)
        if content:
            self._bracket_content(d, content)
        return end

    def _bracket_content(self, d: _Draft, content: str) -> None:
        found = _match_basis(content, 0)
        if found is not None and found[1] == len(content):
            if d.basis is None:
                d.basis = found[0]
            else:
                d.remarks.append(content)
            return
        if content.startswith("ของ"):
            if d.of is None:
                d.of = _clean(content[len("ของ") :])
            else:
                d.qualifiers.append(content)
            return
        if self.depth >= _MAX_DEPTH:
            d.remarks.append(content)
            return
        m = _YEAR_PREFIX_RE.fullmatch(content)
        if m and d.basis is None:
            sub_parser = _Parser(m.group(2), self.depth + 1)
            sub_parts = sub_parser.run()
            if len(sub_parts) == 1 and sub_parts[0].value is not None and not sub_parser.notes:
                d.basis = Basis(
                    BASIS_BASELINE_YEAR,
                    year=_year(m.group(1)),
                    value=sub_parts[0].value,
                    unit=sub_parts[0].unit,
                    text=content,
                )
                return
        sub_parser = _Parser(content, self.depth + 1)
        sub_parts = sub_parser.run()
        if not any(p.value is not None or p.grade is not None for p in sub_parts):
            d.remarks.append(content)
            return
        only = sub_parts[0]
        if (
            len(sub_parts) == 1
            and not sub_parser.notes
            and d.count is None
            and only.value is not None
            and not only.is_percent
            and only.level is None
            and only.score is None
            and only.basis is None
            and (only.label or "") in _FILLER_LABELS
            and only.comparator in (EQ, GTE, LTE)
        ):
            d.count = Count(value=only.value, unit=only.unit, comparator=only.comparator)
            return
        for message in sub_parser.notes:
            self.note(message)
        d.extra.extend(sub_parts)


def _match_basis(s: str, p: int) -> tuple[Basis, int] | None:
    """Read a basis phrase ("จากปี 2568", "เทียบกับปีฐาน 2565", "สะสม", …) at p."""
    p = _skip_ws(s, p)
    for pattern, kind in _BASIS_RES:
        m = pattern.match(s, p)
        if not m or not m.group().strip():
            continue
        text = _clean(m.group())
        if kind == BASIS_BASELINE_YEAR:
            return Basis(kind, year=_year(m.group(1)), text=text), m.end()
        if kind == BASIS_MEDIAN_PAST_YEARS:
            return Basis(kind, value=_dec(m.group(1)), unit="ปี", text=text), m.end()
        return Basis(kind, text=text), m.end()
    return None


def _skip_ws(s: str, p: int) -> int:
    while p < len(s) and s[p].isspace():
        p += 1
    return p


# --- entry point --------------------------------------------------------------------------


def normalize_target_text(text: str) -> str:
    """The text the parser reads: tags dropped, entities decoded, Thai normalised, 0–9 digits."""
    stripped = _TAG_RE.sub(" ", text)
    return normalize_thai(to_arabic_digits(html.unescape(stripped)))


def parse_target(text: str) -> ParsedTarget:
    """Parse a Thai target; never raises. See the module docstring for the result's meaning."""
    verbatim = "" if text is None else str(text)
    try:
        return _parse(verbatim)
    except Exception:  # the contract is "never raises"; tests assert this branch is never taken
        return ParsedTarget(
            text=verbatim,
            normalized=verbatim,
            flagged=True,
            notes=(INTERNAL_ERROR_NOTE,),
        )


def _parse(verbatim: str) -> ParsedTarget:
    normalized = normalize_target_text(verbatim)
    if _EMPTY_RE.fullmatch(normalized):
        return ParsedTarget(text=verbatim, normalized=normalized, empty=True)
    notes: list[str] = []
    readable = normalized
    if len(readable) > MAX_PARSE_LENGTH:
        readable = readable[:MAX_PARSE_LENGTH]
        notes.append(NOTE_TOO_LONG)
    parser = _Parser(readable)
    parts = parser.run()
    notes.extend(n for n in parser.notes if n not in notes)
    return ParsedTarget(
        text=verbatim,
        normalized=normalized,
        parts=tuple(parts),
        empty=False,
        flagged=bool(notes),
        notes=tuple(notes),
    )
