"""Start real Celery worker processes for integration tests (real Redis broker, real DB)."""

import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def worker_argv(queue: str, name: str) -> list[str]:
    """The command line of one solo-pool test worker consuming only ``queue``."""
    return [
        sys.executable, "-m", "celery", "-A", "bmaplan", "worker", "-Q", queue,
        "--pool", "solo", "-n", f"{name}@%h", "--without-gossip", "--without-mingle",
        "--without-heartbeat", "-l", "warning",
    ]  # fmt: skip


@contextmanager
def celery_workers(count: int = 1, *, extra_env: dict[str, str] | None = None):
    """Run ``count`` workers on a private queue against the current test database.

    Yields the queue name; tasks must be sent with ``apply_async(queue=...)``. The workers
    read the same database pytest-django created (its name is passed in DATABASE_URL), so
    tests using them need ``django_db(transaction=True)`` to make rows visible.
    """
    queue = f"test-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bmaplan.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        **(extra_env or {}),
    }
    procs = []
    for i in range(count):
        procs.append(
            subprocess.Popen(
                worker_argv(queue, f"{queue}-{i}"),
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            )
        )  # fmt: skip
    try:
        from bmaplan.celery import app

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            replies = app.control.ping(timeout=1.0) or []
            names = {name for reply in replies for name in reply}
            if sum(1 for n in names if n.startswith(queue)) >= count:
                break
        else:
            raise RuntimeError("Celery workers did not start")
        yield queue
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
