"""Reminder emails: the right days, the right people, exactly once."""

import email
import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest
from django.core import mail

from accounts.models import Role
from plans.models import PlanStatus
from progress.models import KpiReport, Reminder, ReportStatus
from progress.reminders import reminder_kind, send_due_reminders
from progress.selectors import reporting_items
from tests.factories import KpiFactory, PlanFactory, ProjectFactory, user_with_role

PERIOD = "2024-01"  # data due 2024-02-05, report due 2024-02-15


@pytest.fixture
def approved(org_tree):
    plan = PlanFactory(org_unit=org_tree["sps"], fiscal_year=2567, status=PlanStatus.APPROVED)
    kpis = [KpiFactory(plan=plan, code=f"3.1.1.{i}") for i in range(1, 4)]
    ProjectFactory(plan=plan)
    evaluator = user_with_role(Role.EVALUATOR, org_tree["sps"], username="eva_sps")
    evaluator.email = "eva@example.org"
    evaluator.save()
    other = user_with_role(Role.EVALUATOR, org_tree["bangna"], username="eva_bangna")
    return {"plan": plan, "kpis": kpis, "evaluator": evaluator, "other": other}


@pytest.mark.parametrize(
    "today, deadline, expected",
    [
        (date(2024, 2, 2), "data", (True, False)),
        (date(2024, 2, 3), "data", (False, False)),
        (date(2024, 2, 5), "data", (False, False)),
        (date(2024, 2, 6), "data", (True, True)),
        (date(2024, 2, 11), "data", (True, True)),
        (date(2024, 2, 12), "data", (False, False)),
        (date(2024, 2, 12), "report", (True, False)),
        (date(2024, 2, 16), "report", (True, True)),
        (date(2024, 2, 25), "report", (True, True)),
        (date(2024, 2, 26), "report", (False, False)),
    ],
)
def test_reminder_days(today, deadline, expected):
    assert reminder_kind(PERIOD, deadline, today) == expected


@pytest.mark.django_db
def test_items_to_report_overdue_first(approved):
    kpis = approved["kpis"]
    KpiReport.objects.create(kpi=kpis[0], period=PERIOD, status=ReportStatus.SUBMITTED)
    KpiReport.objects.create(kpi=kpis[1], period=PERIOD, status=ReportStatus.RETURNED)
    items = reporting_items(user=approved["evaluator"], period=PERIOD, today=date(2024, 2, 20))
    assert [(i.code, i.state, i.overdue) for i in items if i.kind == "kpi"] == [
        ("3.1.1.2", "returned", True),
        ("3.1.1.3", "not_started", True),
        ("3.1.1.1", "submitted", False),
    ]
    assert sum(i.kind == "project" for i in items) == 1
    assert reporting_items(user=approved["other"], period=PERIOD) == []


@pytest.mark.django_db
def test_one_email_per_evaluator_and_deadline_even_when_run_twice(approved):
    assert send_due_reminders(today=date(2024, 2, 12)) == 1
    assert send_due_reminders(today=date(2024, 2, 12)) == 0
    [message] = mail.outbox
    assert message.to == ["eva@example.org"]
    assert "2024-01" in message.subject and "ใกล้ครบกำหนด" in message.subject
    assert "4 รายการ" in message.body


@pytest.mark.django_db
def test_nothing_outstanding_nothing_sent(approved):
    for kpi in approved["kpis"]:
        KpiReport.objects.create(kpi=kpi, period=PERIOD, status=ReportStatus.VERIFIED)
    approved["plan"].projects.all().delete()
    assert send_due_reminders(today=date(2024, 2, 16)) == 0
    assert not Reminder.objects.exists()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_exactly_one_email(approved):
    """Two Celery workers on real Redis run the beat task at the same moment (several times,
    as two beat processes and a retry would); each evaluator gets one email per deadline."""
    from progress.tasks import send_reminders
    from tests.celery_workers import celery_workers

    outdir = Path(tempfile.mkdtemp(prefix="bmaplan-mail-"))
    extra = {
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "DJANGO_EMAIL_FILE_PATH": str(outdir),
    }
    try:
        with celery_workers(2, extra_env=extra) as queue:
            results = [
                send_reminders.apply_async(args=["2024-02-16"], queue=queue) for _ in range(6)
            ]
            sent = [r.get(timeout=60) for r in results]
        assert sum(sent) == 1
        messages = [email.message_from_bytes(p.read_bytes()) for p in outdir.iterdir()]
        assert len(messages) == 1
        assert messages[0]["To"] == "eva@example.org"
        assert Reminder.objects.get().status == "sent"
    finally:
        shutil.rmtree(outdir, ignore_errors=True)
