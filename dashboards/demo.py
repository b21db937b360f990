"""Synthetic monthly reports for the seed plans (tests, browser tests, demos).

Deterministic (seeded): every KPI gets a report for each month up to ``until`` — verified for
earlier months, submitted for the last — with a level that drifts per KPI, problems text when
it is low, and one evidence file on the latest report of the first few KPIs. Every project gets
cumulative disbursement and steps done. Scores are computed by ``scoring.services`` in bulk.
"""

import hashlib
import random
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db.models import Sum
from django.utils import timezone

from core.fiscal import fiscal_months
from kpis.models import Kpi
from plans.models import Plan
from progress.models import EvidenceFile, KpiReport, ProjectReport, ReportStatus
from projects.models import COUNTED_STATUSES, BudgetLine, Project, WorkStep
from scoring.services import recompute_kpi_scores

PROBLEMS = "งบประมาณได้รับจัดสรรล่าช้า และขาดแคลนบุคลากรในการดำเนินงาน"


def generate_reports(
    plans: list[Plan],
    until: str,
    *,
    seed: int = 2567,
    skip_last_for: int = 1,
    evidence: int = 3,
) -> dict:
    """Reports for every KPI and project of ``plans`` up to period ``until`` (inclusive).

    The last ``skip_last_for`` plans get no report for the last month (so completeness shows
    a unit that has not reported)."""
    rnd = random.Random(seed)
    reports = []
    kpis = list(Kpi.objects.filter(plan__in=plans).order_by("plan_id", "order", "id"))
    late_plans = {p.id for p in plans[len(plans) - skip_last_for :]} if skip_last_for else set()
    now = timezone.now()
    for k in kpis:
        base = rnd.uniform(1.5, 4.5)
        months = [m for m in fiscal_months(plans[0].fiscal_year) if m.period <= until]
        for m in months:
            if m.period == until and k.plan_id in late_plans:
                continue
            level = max(1, min(5, round(base + rnd.uniform(-1, 1) + m.index * 0.1)))
            last = m.period == until
            reports.append(
                KpiReport(
                    kpi=k,
                    period=m.period,
                    status=ReportStatus.SUBMITTED if last else ReportStatus.VERIFIED,
                    level=Decimal(level),
                    actual_value=Decimal(rnd.randint(40, 100)),
                    narrative_th=f"ผลการดำเนินงานเดือน{m.name_th} ดำเนินการตามแผน",
                    problems_th=PROBLEMS if level <= 2 else "",
                    submitted_at=now,
                    verified_at=None if last else now,
                )
            )
    KpiReport.objects.bulk_create(reports, batch_size=2000)
    recompute_kpi_scores(kpi_ids=[k.id for k in kpis])
    # Project reports: cumulative disbursement and the first steps done.
    projects = list(Project.objects.filter(plan__in=plans))
    budget = dict(
        BudgetLine.objects.filter(
            project__in=projects, status__in=sorted(COUNTED_STATUSES), amount__isnull=False
        )
        .values_list("project_id")
        .annotate(total=Sum("amount"))
    )
    steps = {}
    for s in WorkStep.objects.filter(project__in=projects).order_by("order"):
        steps.setdefault(s.project_id, []).append(s)
    project_reports = []
    for p in projects:
        allocated = budget.get(p.id) or Decimal(0)
        pace = rnd.uniform(0.4, 1.1)
        for m in fiscal_months(plans[0].fiscal_year):
            if m.period > until:
                break
            done = steps.get(p.id, [])[: int(len(steps.get(p.id, [])) * m.index / 12 * pace)]
            project_reports.append(
                (
                    ProjectReport(
                        project=p,
                        period=m.period,
                        status=ReportStatus.VERIFIED,
                        disbursed=(allocated * Decimal(min(1, m.index / 12 * pace))).quantize(
                            Decimal("0.01")
                        ),
                        progress_percent=sum((s.weight for s in done), Decimal(0)),
                        narrative_th="ดำเนินการตามแผน",
                        submitted_at=now,
                        verified_at=now,
                    ),
                    done,
                )
            )
    ProjectReport.objects.bulk_create([r for r, _ in project_reports], batch_size=2000)
    through = ProjectReport.steps_done.through
    through.objects.bulk_create(
        [
            through(projectreport_id=r.id, workstep_id=s.id)
            for r, done in project_reports
            for s in done
        ],
        batch_size=5000,
    )
    files = []
    latest = {r.kpi_id: r for r in reports}
    for k in ([k for k in kpis if k.component_id] or kpis)[:evidence]:
        r = latest.get(k.id)
        if r is None:
            continue
        body = f"หลักฐานผลการดำเนินงาน {k.code} {r.period}\n".encode()
        e = EvidenceFile(
            kpi_report=r,
            original_name=f"หลักฐาน-{k.code}.txt",
            content_type="text/plain",
            size=len(body),
            sha256=hashlib.sha256(body).hexdigest(),
        )
        e.file.save(e.original_name, ContentFile(body), save=False)
        files.append(e)
    EvidenceFile.objects.bulk_create(files)
    return {"kpi_reports": len(reports), "project_reports": len(project_reports)}
