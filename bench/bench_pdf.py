"""PDF documents: the full สพส. FY 2567 plan (seed fixture) rendered as a user gets it.

Measures (issue 8): pages per second and peak memory (the renderer and its layout workers
together, sampled every 50 ms) for the whole plan in-process, and the time a user waits from
the click (POST plans/{id}/documents/) to the downloaded file, through a real Celery worker on
the configured Redis broker. Goals: under 60 s and under 1.5 GB.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
import uuid
from pathlib import Path

from bench.report import Row
from tests.celery_workers import worker_argv

ROOT = Path(__file__).resolve().parent.parent
GOAL_SECONDS = 60
GOAL_MEMORY = 1.5 * 1024**3


class PeakMemory:
    """Peak resident memory of this process plus all its children."""

    def __init__(self, interval: float = 0.05):
        import psutil

        self.proc = psutil.Process()
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        total = 0
        for p in [self.proc, *self.proc.children(recursive=True)]:
            try:
                total += p.memory_info().rss
            except Exception:  # a child that just exited
                continue
        return total

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            time.sleep(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._sample())


def _import_seed():
    from plans.interchange.importer import import_plan_document
    from plans.models import Plan

    doc = json.loads((ROOT / "fixtures" / "sps-2567.json").read_text(encoding="utf-8"))
    import_plan_document(document=doc)
    return Plan.objects.get(org_unit__code=doc["org_unit"], fiscal_year=doc["fiscal_year"])


def _click_to_download(plan) -> tuple[float, int, str]:
    """POST → poll → GET download, with a real worker consuming a private queue."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from rest_framework.test import APIClient

    from bmaplan.celery import app

    queue = f"bmaplan-docs-bench-{uuid.uuid4().hex[:8]}"
    settings.BMAPLAN_DOCUMENTS_QUEUE = queue
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "CELERY_BROKER_URL": app.conf.broker_url,
        "CELERY_RESULT_BACKEND": app.conf.result_backend or app.conf.broker_url,
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PYTHONPATH": str(ROOT),
    }
    worker = subprocess.Popen(
        worker_argv(queue, queue),
        cwd=str(ROOT),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not app.control.ping(
            destination=[f"{queue}@{os.uname().nodename}"], timeout=1
        ):
            pass
        user = get_user_model().objects.create_superuser(
            f"bench-{uuid.uuid4().hex[:6]}", "b@example.com", "x" * 12
        )
        client = APIClient()
        client.force_authenticate(user)
        started = time.perf_counter()
        job = client.post(
            f"/api/v1/plans/{plan.pk}/documents/", {"kind": "plan"}, format="json"
        ).json()
        while True:
            data = client.get(f"/api/v1/documents/{job['id']}/").json()
            if data["status"] in ("done", "failed"):
                break
            if time.perf_counter() - started > 300:
                raise RuntimeError("document not done after 300 s")
            time.sleep(0.2)
        if data["status"] != "done":
            raise RuntimeError(data["error"])
        response = client.get(f"/api/v1/documents/{job['id']}/download/")
        size = len(b"".join(response.streaming_content))
        waited = time.perf_counter() - started
        again = time.perf_counter()
        reused = client.post(f"/api/v1/plans/{plan.pk}/documents/", {"kind": "plan"}, format="json")
        second = time.perf_counter() - again
        note = (
            f"{data['page_count']} pages, {size // 1024} KiB; same request again: "
            f"HTTP {reused.status_code} in {second:.2f} s (stored file)"
        )
        return waited, data["page_count"], note
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()


def run() -> list[Row]:
    from documents import pdf

    plan = _import_seed()
    pdf.assets()  # build the fonts first: a one-off per installation, not per document
    started = time.perf_counter()
    with PeakMemory() as memory:
        result = pdf.render(plan, "plan", {"digits": "arabic"})
    seconds = time.perf_counter() - started
    rate = result.page_count / seconds
    slowest = max(result.layout_seconds.items(), key=lambda kv: kv[1])
    workers = pdf.workers_for(pdf.build(plan, "plan", {}))
    rows = [
        Row(
            "full สพส. plan: pages",
            f"{result.page_count}",
            "about 250",
            None,
            f"{len(result.chunk_pages)} parts laid out by {workers} workers",
        ),
        Row(
            "render time (in-process)",
            f"{seconds:.1f} s",
            f"< {GOAL_SECONDS} s",
            seconds < GOAL_SECONDS,
            f"slowest part {slowest[0]} {slowest[1]:.1f} s",
        ),
        Row("pages per second", f"{rate:.1f}", "", None, ""),
        Row(
            "peak memory (renderer + workers)",
            f"{memory.peak / 1024**2:.0f} MiB",
            "< 1.5 GB",
            memory.peak < GOAL_MEMORY,
            "RSS summed over the process tree, sampled every 50 ms",
        ),
    ]
    try:
        waited, _pages, note = _click_to_download(plan)
        rows.append(
            Row(
                "click → download (Celery worker)",
                f"{waited:.1f} s",
                f"< {GOAL_SECONDS} s",
                waited < GOAL_SECONDS,
                note,
            )
        )
    except Exception as exc:  # broker down etc.: report, do not hide the other figures
        rows.append(
            Row(
                "click → download (Celery worker)",
                "not measured",
                f"< {GOAL_SECONDS} s",
                False,
                str(exc)[:120],
            )
        )
    return rows
