"""Fixtures of the documents tests: a real Celery worker (real Redis broker) on a private
queue, against the pytest-django test database, and PDF text helpers."""

import os
import re
import shutil
import subprocess
import time
import unicodedata
import uuid
from pathlib import Path

import pytest

from tests.celery_workers import worker_argv

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "pdf"


def pdf_pages(path: Path) -> list[str]:
    """Text of each page in content order (``pdftotext -raw``), NFC."""
    out = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    return [unicodedata.normalize("NFC", p) for p in pages]


def squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).split())


FOLIO_RE = re.compile(r"-\s*(\S{1,4})\s*-\s*$")


def folio_of(page_text: str) -> str | None:
    """The stamped "- N -" of a page (the overlay is drawn last, so it ends the page text)."""
    lines = [line.strip() for line in page_text.strip().splitlines() if line.strip()]
    for line in reversed(lines[-3:]):
        m = FOLIO_RE.search(line)
        if m and line.startswith("-"):
            return m.group(1)
    return None


@pytest.fixture
def media_root(tmp_path, settings):
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def celery_worker(transactional_db, media_root, settings):
    """A real ``celery worker --pool solo`` on a private queue of the configured Redis broker,
    with DATABASE_URL pointing at the test database. Stopped (and waited for) at the end."""
    from django.db import connection

    from bmaplan.celery import app

    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    if db.get("PASSWORD"):
        url = url.replace(f"{db['USER']}@", f"{db['USER']}:{db['PASSWORD']}@")
    queue = f"bmaplan-docs-test-{uuid.uuid4().hex[:8]}"
    settings.BMAPLAN_DOCUMENTS_QUEUE = queue
    broker = app.conf.broker_url
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bmaplan.settings.test",
        "DATABASE_URL": url,
        "CELERY_BROKER_URL": broker,
        "CELERY_RESULT_BACKEND": app.conf.result_backend or broker,
        "DJANGO_MEDIA_ROOT": str(media_root),
        "PYTHONPATH": str(ROOT),
    }
    log = media_root.parent / "celery-worker.log"
    proc = subprocess.Popen(
        worker_argv(queue, queue),
        cwd=str(ROOT),
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"celery worker exited: {log.read_text()[-2000:]}")
            replies = app.control.ping(destination=[f"{queue}@{os.uname().nodename}"], timeout=1)
            if replies:
                break
        else:
            raise RuntimeError(f"celery worker did not start: {log.read_text()[-2000:]}")
        yield {"process": proc, "queue": queue, "log": log}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def save_png(pdf: Path, page: int, name: str, resolution: int = 80) -> Path:
    """pdftoppm one page (1-based) to artifacts/pdf/<name>.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    stem = ARTIFACTS / name
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(resolution),
            "-png",
            "-singlefile",
            "-f",
            str(page),
            "-l",
            str(page),
            str(pdf),
            str(stem),
        ],
        check=True,
    )
    return stem.with_suffix(".png")


requires_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")
