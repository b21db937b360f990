"""KPI list endpoint under concurrent clients vs a bare ``.values()`` JSON view.

Issue 5: 5,000 KPIs in the database, pages of 100 with nested rubric rows; report requests/s
and p95 latency; ours / bare must be at least 0.5.
"""

import http.client
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

from bench.report import Row

ROOT = Path(__file__).resolve().parent.parent
KPIS, CLIENTS, SECONDS, ROUNDS, PORT = 5000, 8, 6, 4, 8765


def seed() -> str:
    from django.contrib.auth import get_user_model

    from accounts.models import Role
    from accounts.services import grant_role
    from accounts.tokens import issue_token
    from frameworks.models import Framework, FrameworkLevel
    from kpis.models import Kpi, ScaleLevel
    from orgs.models import OrgUnit
    from plans.models import Component, Plan

    root = OrgUnit.objects.create(code="กทม.", name_th="กรุงเทพมหานคร", kind="bma")
    fw = Framework.objects.create(code="BENCH-2567", fiscal_year=2567, name_th="กรอบทดสอบ")
    FrameworkLevel.objects.create(framework=fw, key="strategy", order=0, label_th="ยุทธศาสตร์")
    kpis = []
    for u in range(50):
        unit = OrgUnit.objects.create(code=f"ห{u}.", name_th=f"หน่วย {u}", kind="department",
                                      parent=root)  # fmt: skip
        plan = Plan.objects.create(org_unit=unit, fiscal_year=2567, framework=fw, title_th="แผน")
        comp = Component.objects.create(plan=plan, code="1", name_th="Performance", weight=1000)
        kpis += [
            Kpi(plan=plan, code=f"{u}-{k}", name_th="ร้อยละความสำเร็จของการดำเนินงานตามแผน",
                unit_th="ร้อยละ", component=comp, weight=Decimal(10), order=k,
                definition_th="นิยาม " * 20, calculation_th="A x 100 / B")
            for k in range(KPIS // 50)
        ]  # fmt: skip
    Kpi.objects.bulk_create(kpis, batch_size=2000)
    ScaleLevel.objects.bulk_create(
        [ScaleLevel(kpi=k, level=lv, threshold_text=f"ร้อยละ {lv * 20}",
                    criterion_th=f"ดำเนินการได้ร้อยละ {lv * 20} ของแผน") for k in kpis
         for lv in range(1, 6)],
        batch_size=5000,
    )  # fmt: skip
    user = get_user_model().objects.create_user("bench-analyst", password="x")
    grant_role(user=user, role=Role.ANALYST)
    return issue_token(user)


def load(path_for_page, token: str) -> tuple[float, float, int]:
    """CLIENTS threads with keep-alive connections for SECONDS; (req/s, p95 ms, errors)."""
    latencies: list[float] = []
    errors = [0]
    stop = time.monotonic() + SECONDS
    lock = threading.Lock()

    def client(seed: int):
        rnd = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        mine = []
        while time.monotonic() < stop:
            page = rnd.randint(1, KPIS // 100)
            t = time.perf_counter()
            conn.request("GET", path_for_page(page), headers={"Authorization": f"Token {token}"})
            resp = conn.getresponse()
            resp.read()
            mine.append((time.perf_counter() - t) * 1000)
            if resp.status != 200:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    p95 = statistics.quantiles(latencies, n=20)[18]
    return len(latencies) / SECONDS, p95, errors[0]


def combine(runs: list[tuple[float, float, int]]) -> tuple[float, float, int]:
    """Mean requests/s, median p95 and total errors over alternating rounds."""
    return (
        statistics.mean(r[0] for r in runs),
        statistics.median(r[1] for r in runs),
        sum(r[2] for r in runs),
    )


def run() -> list[Row]:
    from django.db import connection

    token = seed()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "bmaplan.wsgi:application", "-b", f"127.0.0.1:{PORT}",
         "-w", "2", "--threads", "4", "--worker-class", "gthread", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", PORT, timeout=1).request("GET", "/healthz/")
                break
            except OSError:
                time.sleep(0.2)
        api = lambda p: f"/api/v1/kpis/?page_size=100&page={p}"  # noqa: E731
        bare = lambda p: f"/bench/bare-kpis/?page_size=100&page={p}"  # noqa: E731
        load(api, token)  # warm up both
        load(bare, token)
        # Alternate short rounds so drift on a shared 2-core machine hits both sides alike.
        ours_runs, bare_runs = [], []
        for _ in range(ROUNDS):
            ours_runs.append(load(api, token))
            bare_runs.append(load(bare, token))
        ours_rps, ours_p95, ours_err = combine(ours_runs)
        bare_rps, bare_p95, bare_err = combine(bare_runs)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    ratio = ours_rps / bare_rps
    setup = (
        f"{KPIS:,} KPIs × 5 rubric rows; {CLIENTS} clients; gunicorn 2 workers × 4 threads; "
        f"{ROUNDS} alternating rounds of {SECONDS} s each"
    )
    return [
        Row("GET /api/v1/kpis/?page_size=100 (nested rubric rows)",
            f"{ours_rps:,.0f} req/s, p95 {ours_p95:.0f} ms, {ours_err} errors", "", None, setup),
        Row("same rows as bare .values() JSON", f"{bare_rps:,.0f} req/s, p95 {bare_p95:.0f} ms, "
            f"{bare_err} errors"),
        Row("ratio ours / bare (requests/s)", f"{ratio:.2f}", "≥ 0.5", ratio >= 0.5),
    ]  # fmt: skip
