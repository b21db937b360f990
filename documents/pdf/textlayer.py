"""Make WeasyPrint write the ToUnicode map that a font carries (see :mod:`.fonts`).

WeasyPrint maps a glyph to the text of the first cluster it is drawn in, and gives every glyph
but the last of a multi-glyph cluster the empty string. With Thai SARA AM that is wrong (see
docs/pdf.md). Fonts built by :func:`documents.pdf.fonts.build_textlayer_font` carry a ``bmTU``
table with the one correct text of each glyph; :func:`install` wraps ``Font.__init__`` so that
such fonts get a :class:`GlyphTextMap` whose values come from that table whatever WeasyPrint
computes. Other fonts are left exactly as WeasyPrint handles them. This is a wrapper, not a
fork: nothing else of WeasyPrint is replaced.
"""

from __future__ import annotations

import hashlib
import threading

from .fonts import read_text_table

__all__ = ["GlyphTextMap", "install", "installed"]

_lock = threading.Lock()
_tables: dict[str, dict[int, str] | None] = {}


class GlyphTextMap(dict):
    """A glyph-id → text dict whose values for known glyphs are fixed by the font."""

    def __init__(self, fixed: dict[int, str]):
        super().__init__()
        self.fixed = fixed

    def __setitem__(self, glyph_id, text):
        super().__setitem__(glyph_id, self.fixed.get(glyph_id, text))


def _table_for(data: bytes) -> dict[int, str] | None:
    key = hashlib.blake2b(data, digest_size=16).hexdigest()
    with _lock:
        if key not in _tables:
            _tables[key] = read_text_table(data)
        return _tables[key]


def installed() -> bool:
    from weasyprint.pdf import fonts

    return getattr(fonts.Font.__init__, "_bmaplan_textlayer", False)


def install() -> None:
    """Idempotently wrap ``weasyprint.pdf.fonts.Font.__init__``."""
    from weasyprint.pdf import fonts

    with _lock:
        if getattr(fonts.Font.__init__, "_bmaplan_textlayer", False):
            return
        original = fonts.Font.__init__

        def __init__(self, *args, **kwargs):
            original(self, *args, **kwargs)
            table = _table_for(bytes(self.file_content))
            if table is not None:
                self.to_unicode = GlyphTextMap(table)

        __init__._bmaplan_textlayer = True
        __init__.__wrapped__ = original
        fonts.Font.__init__ = __init__
