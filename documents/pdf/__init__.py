"""PDF rendering of the plan documents: content → chunks → parallel WeasyPrint → one PDF.

Entry points: :func:`build` (what goes in) and :func:`render` (the PDF bytes). The fonts
and the stylesheet with its ``@font-face`` rules are prepared once per process
(:func:`assets`).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["RENDERER_VERSION", "Assets", "assets", "build", "render"]

#: Bump when templates or layout code change in a way the content hash cannot see.
RENDERER_VERSION = 1
STYLE_NAMES = {
    "Regular": ("normal", "normal"),
    "Bold": ("bold", "normal"),
    "Italic": ("normal", "italic"),
    "BoldItalic": ("bold", "italic"),
}


@dataclass(frozen=True)
class Assets:
    fonts: dict
    stylesheet: str
    base_url: str
    digest: str


def cache_dir() -> Path:
    from django.conf import settings

    default = Path(settings.BASE_DIR) / "var" / "pdf"
    return Path(getattr(settings, "BMAPLAN_PDF_CACHE_DIR", default))


def print_css_path() -> Path:
    from django.conf import settings

    return Path(settings.BASE_DIR) / "static" / "documents" / "print.css"


@lru_cache(maxsize=1)
def assets() -> Assets:
    """Build the text-layer fonts (once) and a stylesheet that points at them."""
    from django.conf import settings

    from .fonts import FAMILY, ensure_fonts

    directory = cache_dir()
    fonts = ensure_fonts(directory / "fonts")
    faces = []
    for style, path in fonts.items():
        weight, css_style = STYLE_NAMES[style]
        faces.append(
            f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; '
            f'font-style: {css_style}; src: url("{path.resolve().as_uri()}"); }}'
        )
    css = "\n".join(faces) + "\n" + print_css_path().read_text(encoding="utf-8")
    digest = hashlib.sha256(css.encode()).hexdigest()[:16]
    sheet = directory / f"print-{digest}.css"
    if not sheet.exists():
        tmp = sheet.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(css, encoding="utf-8")
        os.replace(tmp, sheet)
    base_url = Path(settings.BASE_DIR).resolve().as_uri() + "/"
    return Assets(fonts=fonts, stylesheet=str(sheet), base_url=base_url, digest=digest)


def build(plan, kind: str, options: dict):
    """The :class:`~.content.DocumentPlan` of one document."""
    from . import content

    digits = options.get("digits", "arabic")
    if kind == "plan":
        return content.plan_document(plan, digits=digits)
    if kind == "agreement":
        return content.agreement_document(plan, digits=digits)
    if kind == "monthly":
        return content.monthly_document(plan, period=options["period"], digits=digits)
    raise ValueError(f"ไม่รู้จักประเภทเอกสาร: {kind!r}")


def workers_for(doc) -> int:
    """Parallel layout pays off for big documents only (a child starts in ~0.5 s)."""
    from django.conf import settings

    size = sum(c.weight for c in doc.chunks)
    wanted = int(getattr(settings, "BMAPLAN_PDF_WORKERS", 0) or os.cpu_count() or 1)
    threshold = int(getattr(settings, "BMAPLAN_PDF_PARALLEL_MIN_BYTES", 400_000))
    return max(1, min(wanted, len(doc.chunks))) if size >= threshold else 1


def render(plan, kind: str, options: dict, progress=None, workers: int | None = None):
    """Render one document; ``progress(fraction, stage)`` is called as parts are laid out."""
    from .engine import render_chunks

    a = assets()
    doc = build(plan, kind, options)
    result = render_chunks(
        doc.chunks,
        stylesheet=a.stylesheet,
        base_url=a.base_url,
        digits=options.get("digits", "arabic"),
        toc_chunk=doc.toc_chunk,
        toc_after=doc.toc_after,
        workers=workers or workers_for(doc),
        progress=progress or (lambda f, s: None),
        metadata=doc.metadata,
    )
    result.facts = doc.facts
    return result
