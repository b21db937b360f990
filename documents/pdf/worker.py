"""Lay out and write one part ("chunk") of a document with WeasyPrint.

Runs either in-process (small documents) or as ``python -m documents.pdf.worker`` child
processes that the renderer feeds over stdin/stdout, one JSON line per chunk, so that the
parts of a large plan are laid out on every core at once. No Django here: a child starts in
well under a second and only needs WeasyPrint, the fonts and the print stylesheet.

Protocol: the parent writes ``{"id", "html", "pdf"}`` lines; the child answers one line per
chunk, ``{"id", "pages": [[w, h], ...], "anchors": {id: page_index}, "seconds"}`` or
``{"id", "error"}``, and exits at end of input.
"""

from __future__ import annotations

import json
import logging
import sys
import time
import traceback
from pathlib import Path

__all__ = ["ChunkRenderer", "main"]


class ChunkRenderer:
    """Keeps the parsed stylesheet and registered fonts between chunks."""

    def __init__(self, stylesheet: str, base_url: str):
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration

        from .textlayer import install

        install()
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
        self.weasyprint = weasyprint
        self.font_config = FontConfiguration()
        self.base_url = base_url
        self.css = weasyprint.CSS(
            filename=stylesheet, font_config=self.font_config, base_url=base_url
        )

    def render(self, html_path: str, pdf_path: str) -> dict:
        started = time.perf_counter()
        document = self.weasyprint.HTML(filename=html_path, base_url=self.base_url).render(
            stylesheets=[self.css], font_config=self.font_config, presentational_hints=True
        )
        anchors: dict[str, int] = {}
        for index, page in enumerate(document.pages):
            for name in page.anchors:
                if name.startswith("toc-") and name not in anchors:
                    anchors[name] = index
        pages = [[round(p.width, 2), round(p.height, 2)] for p in document.pages]
        document.write_pdf(pdf_path, uncompressed_pdf=False)
        return {
            "pages": pages,
            "anchors": anchors,
            "seconds": round(time.perf_counter() - started, 3),
        }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    stylesheet, base_url = argv[0], argv[1]
    renderer = ChunkRenderer(stylesheet, base_url)
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        job = json.loads(line)
        try:
            result = renderer.render(job["html"], job["pdf"])
            result["id"] = job["id"]
        except Exception as exc:  # reported to the parent, which fails the whole document
            result = {
                "id": job["id"],
                "error": f"{type(exc).__name__}: {exc}",
                "trace": traceback.format_exc(limit=8),
            }
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    # Quiet WeasyPrint's own logging on stderr except real problems.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    sys.exit(main())
