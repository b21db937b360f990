"""Render a document made of parts ("chunks") into one PDF with continuous page numbers.

WeasyPrint lays out one HTML document on one core. A whole plan is ~250 pages of tables, so
the plan is cut at its natural page breaks (each part, each strategy, each annex table) and
the chunks are laid out in parallel by :mod:`.worker` processes, biggest first. Then:

* page labels are assigned in document order: the cover has none, the front matter (คำนำ,
  สารบัญ) is numbered ก, ข, …, and the body 1, 2, … continuously across chunks;
* the table of contents, which sits in the front matter so its length never shifts the body
  numbers, is rendered last from the page on which each chunk placed its ``toc-*`` anchors
  (the cross-document equivalent of ``target-counter``);
* the chunk PDFs are concatenated with pypdf and an overlay of folios ("- 12 -"), laid out by
  WeasyPrint with the same stylesheet so it sits exactly where a margin box would, is merged
  onto every page; outline entries (bookmarks) are added from the table of contents.

Memory stays bounded: each worker holds one chunk's layout at a time.
"""

from __future__ import annotations

import io
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .digits import convert_text

__all__ = ["Chunk", "RenderError", "RenderResult", "TocEntry", "render_chunks"]

THAI_FOLIO_LETTERS = "กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"
PROJECT_ROOT = Path(__file__).resolve().parents[2]


class RenderError(RuntimeError):
    """A chunk could not be laid out; the message says which part and why (Thai first)."""


@dataclass
class TocEntry:
    anchor: str
    title: str
    level: int = 1
    label: str = ""  # page label, filled in after layout


@dataclass
class Chunk:
    key: str
    html: str
    numbering: str = "body"  # "none" (cover) | "front" | "body"
    toc: list[TocEntry] = field(default_factory=list)
    title: str = ""  # what the progress bar says while this part is laid out

    @property
    def weight(self) -> int:
        return max(len(self.html), 1)


@dataclass
class RenderResult:
    pdf: bytes
    page_count: int
    toc: list[TocEntry]
    labels: list[str]
    chunk_pages: dict[str, int]
    seconds: float
    layout_seconds: dict[str, float]


Progress = Callable[[float, str], None]


def _no_progress(fraction: float, stage: str) -> None:
    return None


# --- running chunks -----------------------------------------------------------------------


class _InProcess:
    def __init__(self, stylesheet: str, base_url: str):
        from .worker import ChunkRenderer

        self.renderer = ChunkRenderer(stylesheet, base_url)

    def run(self, jobs: list[dict], done: Callable[[dict], None]) -> None:
        for job in jobs:
            result = self.renderer.render(job["html"], job["pdf"])
            result["id"] = job["id"]
            done(result)

    def close(self) -> None:
        return None


class _Pool:
    """N child processes, each fed one chunk at a time from a shared queue."""

    def __init__(self, size: int, stylesheet: str, base_url: str, workdir: Path):
        self.procs: list[subprocess.Popen] = []
        self.stderr_paths: list[Path] = []
        env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
        for i in range(size):
            err_path = workdir / f"worker-{i}.err"
            self.stderr_paths.append(err_path)
            proc = subprocess.Popen(
                [sys.executable, "-m", "documents.pdf.worker", stylesheet, base_url],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=err_path.open("w"),
                cwd=str(PROJECT_ROOT),
                env=env,
                text=True,
                encoding="utf-8",
                bufsize=1,
            )
            self.procs.append(proc)

    def _stderr_tail(self, i: int) -> str:
        try:
            return self.stderr_paths[i].read_text(encoding="utf-8", errors="replace")[-1500:]
        except OSError:
            return ""

    def run(self, jobs: list[dict], done: Callable[[dict], None]) -> None:
        todo: queue.Queue = queue.Queue()
        for job in jobs:
            todo.put(job)
        results: queue.Queue = queue.Queue()

        def serve(i: int, proc: subprocess.Popen) -> None:
            ready = proc.stdout.readline()
            if not ready:
                results.put({"fatal": f"ตัวสร้าง PDF หยุดทำงานตั้งแต่เริ่ม: {self._stderr_tail(i)}"})
                return
            while True:
                try:
                    job = todo.get_nowait()
                except queue.Empty:
                    return
                try:
                    proc.stdin.write(json.dumps(job) + "\n")
                    proc.stdin.flush()
                    line = proc.stdout.readline()
                except (BrokenPipeError, OSError):
                    line = ""
                if not line:
                    results.put(
                        {
                            "fatal": f"ตัวสร้าง PDF หยุดทำงานระหว่างสร้างส่วน {job['id']}: "
                            f"{self._stderr_tail(i)}"
                        }
                    )
                    return
                results.put(json.loads(line))

        threads = [
            threading.Thread(target=serve, args=(i, p), daemon=True)
            for i, p in enumerate(self.procs)
        ]
        for t in threads:
            t.start()
        received = 0
        while received < len(jobs):
            try:
                result = results.get(timeout=1)
            except queue.Empty:
                if not any(t.is_alive() for t in threads) and results.empty():
                    raise RenderError("ตัวสร้าง PDF หยุดทำงานก่อนสร้างครบทุกส่วน") from None
                continue
            if "fatal" in result:
                raise RenderError(result["fatal"])
            received += 1
            done(result)

    def close(self) -> None:
        for proc in self.procs:
            try:
                if proc.stdin:
                    proc.stdin.close()
            except OSError:
                pass
        deadline = time.monotonic() + 5
        for proc in self.procs:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _run_chunks(chunks, workdir, stylesheet, base_url, workers, progress) -> dict[str, dict]:
    jobs = []
    for chunk in chunks:
        stem = "chunk-" + "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in chunk.key)
        html_path = workdir / f"{stem}.html"
        html_path.write_text(chunk.html, encoding="utf-8")
        jobs.append({"id": chunk.key, "html": str(html_path), "pdf": str(workdir / f"{stem}.pdf")})
    by_key = {c.key: c for c in chunks}
    # Biggest first, so the last chunk to finish is a small one.
    jobs.sort(key=lambda j: -by_key[j["id"]].weight)
    total = sum(c.weight for c in chunks)
    finished: dict[str, dict] = {}
    done_weight = 0

    def done(result: dict) -> None:
        nonlocal done_weight
        if "error" in result:
            title = by_key[result["id"]].title or result["id"]
            raise RenderError(f"สร้างส่วน “{title}” ไม่สำเร็จ: {result['error']}")
        job = next(j for j in jobs if j["id"] == result["id"])
        result["pdf"] = job["pdf"]
        finished[result["id"]] = result
        done_weight += by_key[result["id"]].weight
        progress(done_weight / total, by_key[result["id"]].title or result["id"])

    size = min(workers, len(jobs))
    runner = (
        _Pool(size, stylesheet, base_url, workdir) if size > 1 else _InProcess(stylesheet, base_url)
    )
    try:
        runner.run(jobs, done)
    finally:
        runner.close()
    return finished


# --- numbering, table of contents, merge ---------------------------------------------------


def _front_label(index: int) -> str:
    letters = THAI_FOLIO_LETTERS
    return letters[index] if index < len(letters) else f"{letters[-1]}{index - len(letters) + 1}"


def _numbers_html(pages: list[tuple[bool, str]], digits: str) -> str:
    divs = []
    for landscape, label in pages:
        cls = "folio-page landscape" if landscape else "folio-page"
        folio = convert_text(f"- {label} -", digits) if label else ""
        divs.append(f'<div class="{cls}" style="string-set: folio &quot;{folio}&quot;"></div>')
    return (
        '<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"><title>folios</title></head>'
        f'<body class="folios">{"".join(divs)}</body></html>'
    )


def render_chunks(
    chunks: list[Chunk],
    *,
    stylesheet: str,
    base_url: str,
    digits: str = "arabic",
    toc_chunk: Callable[[list[TocEntry]], Chunk] | None = None,
    toc_after: str | None = None,
    workers: int = 1,
    progress: Progress = _no_progress,
    metadata: dict | None = None,
) -> RenderResult:
    """Lay out *chunks* (document order) and return one PDF.

    ``toc_chunk(entries)`` builds the table of contents once the page of every entry is known;
    it is inserted after the chunk whose key is ``toc_after`` and must be front matter.
    """
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bmaplan-pdf-") as tmp:
        workdir = Path(tmp)
        progress(0.0, "เริ่มจัดหน้า")
        results = _run_chunks(
            chunks, workdir, stylesheet, base_url, workers, lambda f, s: progress(f * 0.9, s)
        )
        order = list(chunks)
        toc_entries = [e for c in chunks for e in c.toc]
        if toc_chunk is not None:
            progress(0.9, "สารบัญ")
            # Front matter is numbered ก, ข, … so the contents' own length does not matter to
            # the body numbers; lay it out with provisional labels to learn its length first.
            _label_pages(order, results, toc_entries)
            toc = toc_chunk(toc_entries)
            toc_result = _run_chunks([toc], workdir, stylesheet, base_url, 1, lambda f, s: None)
            results.update(toc_result)
            position = next(i for i, c in enumerate(order) if c.key == toc_after) + 1
            order.insert(position, toc)
        labels = _label_pages(order, results, toc_entries)
        progress(0.95, "รวมไฟล์และใส่เลขหน้า")
        pdf, page_count = _merge(
            order, results, labels, toc_entries, stylesheet, base_url, digits, metadata or {}
        )
    layout_seconds = {k: r["seconds"] for k, r in results.items()}
    progress(1.0, "เสร็จแล้ว")
    return RenderResult(
        pdf=pdf,
        page_count=page_count,
        toc=toc_entries,
        labels=labels,
        chunk_pages={k: len(r["pages"]) for k, r in results.items()},
        seconds=time.perf_counter() - started,
        layout_seconds=layout_seconds,
    )


def _label_pages(order, results, toc_entries) -> list[str]:
    labels: list[str] = []
    front = body = 0
    page_label_by_anchor: dict[str, str] = {}
    for chunk in order:
        result = results.get(chunk.key)
        if result is None:
            continue
        chunk_labels = []
        for _ in result["pages"]:
            if chunk.numbering == "none":
                chunk_labels.append("")
            elif chunk.numbering == "front":
                chunk_labels.append(_front_label(front))
                front += 1
            else:
                body += 1
                chunk_labels.append(str(body))
        for anchor, index in result["anchors"].items():
            page_label_by_anchor[anchor] = chunk_labels[index]
        labels += chunk_labels
    for entry in toc_entries:
        entry.label = page_label_by_anchor.get(entry.anchor, "")
    return labels


def _merge(order, results, labels, toc_entries, stylesheet, base_url, digits, metadata):
    import pypdf

    from .worker import ChunkRenderer

    writer = pypdf.PdfWriter()
    page_offsets: dict[str, int] = {}
    shapes: list[bool] = []
    for chunk in order:
        result = results[chunk.key]
        page_offsets[chunk.key] = len(writer.pages)
        writer.append(pypdf.PdfReader(result["pdf"]), import_outline=False)
        shapes += [w > h for w, h in result["pages"]]
    # Folios: one overlay page per page, laid out with the document's own @page rules.
    renderer = ChunkRenderer(stylesheet, base_url)
    with tempfile.TemporaryDirectory(prefix="bmaplan-folio-") as tmp:
        html_path = Path(tmp) / "folios.html"
        pdf_path = Path(tmp) / "folios.pdf"
        html_path.write_text(
            _numbers_html(list(zip(shapes, labels, strict=True)), digits), encoding="utf-8"
        )
        renderer.render(str(html_path), str(pdf_path))
        overlay = pypdf.PdfReader(str(pdf_path))
        if len(overlay.pages) != len(writer.pages):
            raise RenderError(
                f"จำนวนหน้าเลขหน้า ({len(overlay.pages)}) ไม่ตรงกับเอกสาร ({len(writer.pages)}), "
                f"shapes={len(shapes)}"
            )
        for page, folio, label in zip(writer.pages, overlay.pages, labels, strict=True):
            if label:
                page.merge_page(folio)
    # Bookmarks from the table of contents.
    anchor_pages: dict[str, int] = {}
    for chunk in order:
        for anchor, index in results[chunk.key]["anchors"].items():
            anchor_pages[anchor] = page_offsets[chunk.key] + index
    parents: dict[int, object] = {}
    for entry in toc_entries:
        page = anchor_pages.get(entry.anchor)
        if page is None:
            continue
        parent = parents.get(entry.level - 1)
        item = writer.add_outline_item(
            title=convert_text(entry.title, digits), page_number=page, parent=parent
        )
        parents[entry.level] = item
        for deeper in [k for k in parents if k > entry.level]:
            del parents[deeper]
    writer.add_metadata({f"/{k}": v for k, v in metadata.items() if v})
    writer.page_mode = "/UseOutlines"
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue(), len(writer.pages)
