"""Thai for the few validation messages DRF and Django ship without a Thai translation.

The API promises Thai messages (API.md "Errors"). DRF's Thai catalogue misses some messages
(related-object lookups, list lengths, booleans), so the exception handler passes every
message through ``to_thai``: a message that already has Thai letters is left alone; a known
English template is rewritten with its values; anything else gets a Thai lead-in.
"""

from __future__ import annotations

import re

from rest_framework.exceptions import ErrorDetail

THAI = re.compile(r"[\u0E00-\u0E7F]")

# (English pattern, Thai template using the pattern's named groups)
TEMPLATES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r'^Invalid pk "(?P<v>.*)" - object does not exist\.$'), "ไม่พบข้อมูลที่อ้างถึง (id {v})"),
    (
        re.compile(r"^Incorrect type\. Expected pk value, received (?P<t>.*)\.$"),
        "ต้องระบุเป็น id (จำนวนเต็ม) ไม่ใช่ {t}",
    ),
    (re.compile(r"^Object with (?P<f>.*)=(?P<v>.*) does not exist\.$"), "ไม่พบข้อมูล {f} = {v}"),
    (re.compile(r"^Must be a valid boolean\.$"), "ต้องเป็นค่าจริง/เท็จ (true/false)"),
    (re.compile(r"^Not a valid string\.$"), "ต้องเป็นข้อความ"),
    (re.compile(r"^This (dictionary|selection|list) may not be empty\.$"), "ต้องไม่ว่าง"),
    (
        re.compile(r"^Ensure this field has no more than (?P<n>\d+) elements\.$"),
        "มีได้ไม่เกิน {n} รายการ",
    ),
    (
        re.compile(r"^Ensure this field has at least (?P<n>\d+) elements\.$"),
        "ต้องมีอย่างน้อย {n} รายการ",
    ),
    (re.compile(r'^"(?P<v>.*)" is not a valid path choice\.$'), "«{v}» ไม่ใช่ตัวเลือกที่ถูกต้อง"),
    (re.compile(r"^Value (?P<v>.*) is not a valid choice\.$"), "{v} ไม่ใช่ตัวเลือกที่ถูกต้อง"),
    (re.compile(r"^This field must be unique\.$"), "ค่านี้มีอยู่แล้ว ต้องไม่ซ้ำกัน"),
    (
        re.compile(r"^The fields (?P<f>.*) must make a unique set\.$"),
        "ค่าของ {f} ซ้ำกับรายการที่มีอยู่แล้ว",
    ),
    (re.compile(r"^A valid integer is required\.$"), "ต้องเป็นจำนวนเต็ม"),
    (re.compile(r"^A valid number is required\.$"), "ต้องเป็นตัวเลข"),
    (re.compile(r"^This field is required\.$"), "ต้องระบุข้อมูลนี้"),
    (re.compile(r"^This field may not be null\.$"), "ต้องไม่เป็นค่าว่าง (null)"),
    (re.compile(r"^This field may not be blank\.$"), "ต้องไม่เว้นว่าง"),
]
FALLBACK = "ข้อมูลไม่ถูกต้อง: {message}"


def to_thai(message: str) -> str:
    text = str(message)
    if THAI.search(text):
        return text
    for pattern, template in TEMPLATES:
        match = pattern.match(text)
        if match:
            return template.format(**match.groupdict())
    return FALLBACK.format(message=text)


def thai_errors(data):
    """The same error structure with every message in Thai (codes kept)."""
    if isinstance(data, dict):
        return {key: thai_errors(value) for key, value in data.items()}
    if isinstance(data, list):
        return [thai_errors(item) for item in data]
    if isinstance(data, str):
        return ErrorDetail(to_thai(data), code=getattr(data, "code", None))
    return data
