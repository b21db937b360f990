"""Executive overview for a synthetic BMA year: 80 units × 60 KPIs × 12 monthly reports, plus
10 projects per unit with budget lines and 12 monthly project reports.

Goal (issue 9): the overview renders in under 300 ms server time.
"""

import random
import statistics
import time
from decimal import Decimal

from bench.bench_scoring import PERIODS, UNITS, seed
from bench.report import Row

PROJECTS = 10


def seed_projects() -> None:
    from plans.models import Plan
    from progress.models import ProjectReport
    from projects.models import BudgetLine, Project

    rnd = random.Random(9)
    projects = [
        Project(plan=plan, code=f"P{plan.id}-{i}", name_th="โครงการ", part=1, order=i)
        for plan in Plan.objects.all()
        for i in range(PROJECTS)
    ]
    Project.objects.bulk_create(projects, batch_size=2000)
    BudgetLine.objects.bulk_create(
        [
            BudgetLine(project=p, fiscal_year=2567, amount=Decimal(rnd.randint(1, 50) * 100_000))
            for p in projects
        ],
        batch_size=5000,
    )
    ProjectReport.objects.bulk_create(
        [
            ProjectReport(
                project=p,
                period=period,
                status="verified",
                disbursed=Decimal(rnd.randint(0, 1_000_000) * (i + 1) // 12),
            )
            for p in projects
            for i, period in enumerate(PERIODS)
        ],
        batch_size=5000,
    )


def run() -> list[Row]:
    from django.test import Client

    from accounts.models import Role
    from accounts.services import grant_role
    from scoring.services import recompute_all
    from tests.factories import UserFactory

    seed()
    seed_projects()
    recompute_all(fiscal_year=2567)
    user = UserFactory(username="bench-exec")
    grant_role(user=user, role=Role.EXECUTIVE, org_unit=None)
    client = Client()
    client.force_login(user)
    url = "/dashboards/?year=2567&month=2024-06"
    assert client.get(url).status_code == 200  # warm up
    times = []
    for _ in range(7):
        t = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200
    median = statistics.median(times)
    others = {}
    for name, path in (
        ("framework", "/dashboards/framework/?year=2567&month=2024-06"),
        ("policies", "/dashboards/policies/?year=2567&month=2024-06"),
    ):
        t = time.perf_counter()
        client.get(path)
        others[name] = (time.perf_counter() - t) * 1000
    return [
        Row(
            f"overview, {UNITS} units × 60 KPIs × 12 months "
            f"(+{PROJECTS} projects/unit), median of 7",
            f"{median:.0f} ms server time",
            "< 300 ms",
            median < 300,
        ),
        Row("overview, slowest of 7", f"{max(times):.0f} ms"),
        Row("framework view (same data)", f"{others['framework']:.0f} ms"),
        Row("policy view (same data)", f"{others['policies']:.0f} ms"),
    ]
