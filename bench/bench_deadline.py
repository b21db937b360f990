"""The reporting deadline: 300 evaluators saving monthly reports at once for 2 minutes.

Runner (``python -m bench deadline``): seeds 300 units, each with an approved plan of 5
KPIs and its own evaluator; starts gunicorn against PostgreSQL; runs locust headless
(this same file is the locustfile) for 120 s with 300 users, each saving cells of its
unit's whole-plan grid; then checks the database: exactly one report per KPI touched (no
duplicate), and every report holds the last value its evaluator saved (nothing lost).
Goals (issue 7): no 5xx, no lost or duplicated report; the p95 is reported.
"""

import csv
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

USERS, KPIS, SECONDS, PORT, PERIOD = 300, 5, 120, 8766, "2024-01"
PASSWORD = "bench-deadline-2567"
ROOT = Path(__file__).resolve().parent.parent

if os.environ.get("BMAPLAN_LOCUST"):  # imported by locust: no Django here
    from locust import HttpUser, between, events, task

    TARGETS = json.loads(Path(os.environ["BMAPLAN_LOCUST_TARGETS"]).read_text())
    LAST: dict[str, str] = {}
    POOL = list(TARGETS.items())

    class Evaluator(HttpUser):
        # An evaluator types a value and tabs on: one cell save every 5–15 s each, so 300
        # evaluators offer about 30 saves/s, the month-end rush on one server.
        wait_time = between(5, 15)

        def on_start(self):
            self.username, info = POOL.pop()
            self.plan, self.kpis, self.versions, self.n = info["plan"], info["kpis"], {}, 0
            self.client.get("/accounts/login/")
            self.client.post("/accounts/login/", {
                "username": self.username, "password": PASSWORD,
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            }, name="login")  # fmt: skip

        @task
        def save_cell(self):
            kpi = random.choice(self.kpis)
            self.n += 1
            value = f"{self.n}.5"
            with self.client.post(
                f"/reporting/plans/{self.plan}/{PERIOD}/cell/",
                {"kind": "kpi", "item": kpi, "field": "actual_value", "value": value,
                 "version": self.versions.get(kpi, "")},
                headers={"X-CSRFToken": self.client.cookies.get("csrftoken", "")},
                name="grid cell", catch_response=True,
            ) as r:  # fmt: skip
                if r.status_code == 200:
                    marker = 'data-version="'
                    i = r.text.find(marker)
                    if i >= 0:
                        self.versions[kpi] = r.text[i + len(marker) :].split('"', 1)[0]
                    LAST[str(kpi)] = value
                    r.success()
                else:
                    r.failure(f"HTTP {r.status_code}")

    @events.test_stop.add_listener
    def dump(**_kw):
        Path(os.environ["BMAPLAN_LOCUST_LAST"]).write_text(json.dumps(LAST))


def seed() -> dict:
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from accounts.models import Membership, Role
    from frameworks.models import Framework, FrameworkLevel
    from kpis.models import Kpi, ScaleLevel
    from orgs.models import OrgUnit
    from plans.models import Component, Plan

    User = get_user_model()
    root = OrgUnit.objects.create(code="กทม.", name_th="กรุงเทพมหานคร", kind="bma")
    fw = Framework.objects.create(code="BENCH-2567", fiscal_year=2567, name_th="กรอบทดสอบ")
    FrameworkLevel.objects.create(framework=fw, key="strategy", order=0, label_th="ยุทธศาสตร์")
    pw = make_password(PASSWORD)
    targets = {}
    for u in range(USERS):
        unit = OrgUnit.objects.create(code=f"ห{u}.", name_th=f"หน่วย {u}", kind="department",
                                      parent=root)  # fmt: skip
        plan = Plan.objects.create(org_unit=unit, fiscal_year=2567, framework=fw,
                                   title_th="แผน", status="approved")  # fmt: skip
        comp = Component.objects.create(plan=plan, code="1", name_th="Performance", weight=50)
        kpis = Kpi.objects.bulk_create(
            Kpi(plan=plan, code=f"{u}-{k}", name_th="ร้อยละความสำเร็จ", unit_th="ร้อยละ",
                component=comp, weight=Decimal(10), order=k, scale_kind="bands")
            for k in range(KPIS)
        )  # fmt: skip
        ScaleLevel.objects.bulk_create(
            ScaleLevel(kpi=k, level=lv, min_value=Decimal(lv * 20 - 20), score=Decimal(lv * 2))
            for k in kpis for lv in range(1, 6)
        )  # fmt: skip
        user = User.objects.create(username=f"eval{u}", password=pw)
        Membership.objects.create(user=user, org_unit=unit, role=Role.EVALUATOR)
        targets[user.username] = {"plan": plan.pk, "kpis": [k.pk for k in kpis]}
    return targets


def p95_from(csv_path: Path) -> tuple[str, int, int, float]:
    with csv_path.open() as f:
        for row in csv.DictReader(f):
            if row["Name"] == "grid cell":
                return (row["95%"], int(row["Request Count"]), int(row["Failure Count"]),
                        float(row["Requests/s"]))  # fmt: skip
    return "?", 0, 0, 0.0


def run():
    from django.db import connection

    from bench.report import Row
    from progress.models import KpiReport

    targets = seed()
    tmp = Path(tempfile.mkdtemp(prefix="bench-deadline-"))
    (tmp / "targets.json").write_text(json.dumps(targets))
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "DATABASE_URL": url}
    workers = str(min(8, (os.cpu_count() or 2) * 2))
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "bmaplan.wsgi:application", "-b", f"127.0.0.1:{PORT}",
         "-w", workers, "--threads", "4", "--worker-class", "gthread", "--log-level", "warning",
         "--error-logfile", str(tmp / "gunicorn.log")],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        time.sleep(3)
        seconds = int(os.environ.get("BENCH_DEADLINE_SECONDS", SECONDS))
        locust = subprocess.run(
            [sys.executable, "-m", "locust", "-f", str(Path(__file__)), "--headless",
             "-u", str(USERS), "-r", "50", "-t", f"{seconds}s", "--host",
             f"http://127.0.0.1:{PORT}", "--csv", str(tmp / "stats"), "--only-summary"],
            cwd=ROOT, capture_output=True, text=True,
            env={**os.environ, "BMAPLAN_LOCUST": "1",
                 "BMAPLAN_LOCUST_TARGETS": str(tmp / "targets.json"),
                 "BMAPLAN_LOCUST_LAST": str(tmp / "last.json")},
        )  # fmt: skip
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    p95, count, failures, rps = p95_from(tmp / "stats_stats.csv")
    errors = (
        (tmp / "stats_failures.csv").read_text() if (tmp / "stats_failures.csv").exists() else ""
    )
    five_xx = sum(1 for line in errors.splitlines() if "HTTP 5" in line)
    last = json.loads((tmp / "last.json").read_text()) if (tmp / "last.json").exists() else {}
    stored = dict(KpiReport.objects.filter(period=PERIOD).values_list("kpi_id", "actual_value"))
    dup = KpiReport.objects.filter(period=PERIOD).count() - len(stored)
    # values grow per evaluator: a report is lost when it holds less than the last acknowledged
    # save (a newer value means a save the client gave up waiting for was still committed)
    lost = sum(
        1 for k, v in last.items() if stored.get(int(k)) is None or stored[int(k)] < Decimal(v)
    )
    if locust.returncode not in (0, 1):
        print(locust.stdout[-2000:], locust.stderr[-2000:])
    setup = (
        f"{USERS} users × {seconds} s, one cell save every 5–15 s each; "
        f"gunicorn {workers} workers × 4 threads"
    )
    return [
        Row("grid cell save p95", f"{p95} ms", "reported", None,
            f"{count:,} saves, {rps:.0f}/s; {setup}"),
        Row("5xx responses", str(five_xx), "0", five_xx == 0, f"{failures} failed requests"),
        Row("lost or duplicated reports", f"{lost} lost, {dup} duplicated", "0", lost + dup == 0,
            f"{len(last)} reports checked against the last saved value"),
    ]  # fmt: skip
