"""One digit style per document (DOCUMENTS.md): applied to every number that is printed.

The templates format numbers with Arabic digits; just before layout the whole HTML of a
chunk goes through :func:`apply_digits`, which rewrites the digits of *text* (never tags,
attributes or stylesheets) to the document's style, in both directions, so stored Thai
digits ("ร้อยละ ๑๐๐" from seed 002) follow the option too. Stored data never changes.
"""

from __future__ import annotations

import re

from core.thai import DigitStyle, to_arabic_digits, to_thai_digits

__all__ = ["apply_digits", "convert_text"]

_SPLIT_RE = re.compile(
    r"(<style\b.*?</style>|<script\b.*?</script>|<!--.*?-->|<[^>]*>)", re.S | re.I
)


def convert_text(text: str, digits: str) -> str:
    if digits == DigitStyle.THAI:
        return to_thai_digits(text)
    if digits == DigitStyle.ARABIC:
        return to_arabic_digits(text)
    raise ValueError(f"รูปแบบตัวเลขไม่ถูกต้อง: {digits!r} (ใช้ 'arabic' หรือ 'thai')")


def apply_digits(html: str, digits: str) -> str:
    """Rewrite digits in the text nodes of *html* (tags and <style> are left as they are)."""
    parts = _SPLIT_RE.split(html)
    # Odd indices are the separators (tags, style blocks, comments).
    return "".join(p if i % 2 else convert_text(p, digits) for i, p in enumerate(parts))
