"""Server time of the plan editor for the largest seed plan (fixtures/sps-2567.json).

Measured through Django's test client (the whole request: middleware, scope checks, queries,
template rendering), as a planner of the plan's unit, on a draft so every edit control renders.
"""

import json
import statistics
import time
from pathlib import Path

from bench.report import Row

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "sps-2567.json"
RUNS = 15


def run() -> list[Row]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import Role
    from accounts.services import grant_role
    from plans.interchange.importer import import_plan_document
    from plans.models import Plan

    if not SEED.exists():
        return [Row("plan editor", "skipped: fixtures/sps-2567.json missing")]
    t0 = time.perf_counter()
    report = import_plan_document(document=json.loads(SEED.read_text(encoding="utf-8")))
    imported = time.perf_counter() - t0
    plan = Plan.objects.get(pk=report.plan_id)
    Plan.objects.filter(pk=plan.pk).update(status="draft")
    user = get_user_model().objects.create_user("bench_planner", password="x")
    grant_role(user=user, role=Role.PLANNER, org_unit=plan.org_unit)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    url = f"/plans/{plan.pk}/"
    client.get(url)  # template compilation and other one-off work
    times = []
    for _ in range(RUNS):
        t = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        size = len(client.get(url).content)
    p50 = statistics.median(times)
    p95 = sorted(times)[int(len(times) * 0.95) - 1]
    counts = f"{plan.kpis.count()} KPIs, {plan.projects.count()} projects"
    return [
        Row("import fixtures/sps-2567.json", f"{imported:.1f} s ({counts})"),
        Row("plan editor GET, median", f"{p50:.0f} ms", "< 500 ms", p50 < 500),
        Row("plan editor GET, p95", f"{p95:.0f} ms", "< 1000 ms", p95 < 1000),
        Row("plan editor queries", f"{len(ctx.captured_queries)}", "fixed (test pins it)", None,
            f"{size / 1024:.0f} KiB of HTML"),
    ]  # fmt: skip
