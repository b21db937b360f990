"""Resilience: a worker killed mid-PDF, a database connection lost during a report save, and
Redis down. None of them may leave a job stuck 'running', lose a confirmed save, or stop the
web app from serving and saving."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from django.db import OperationalError, connection, transaction
from django.db.utils import InterfaceError
from django.test import Client
from django.utils import timezone
from kombu import pools as kombu_pools

from accounts.models import Role
from documents import services as doc_services
from documents.models import DocumentJob, JobStatus
from documents.tasks import render_document
from progress.models import KpiReport
from progress.services import kpi_report_create
from tests.factories import (
    ComponentFactory,
    KpiFactory,
    OrgUnitFactory,
    PlanFactory,
    user_with_role,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def plan_world(db):
    unit = OrgUnitFactory(code="สพส.", name_th="สำนักพัฒนาสังคม")
    plan = PlanFactory(org_unit=unit, fiscal_year=2567, status="approved")
    kpi = KpiFactory(plan=plan, component=ComponentFactory(plan=plan, code="1.1"))
    return {"plan": plan, "kpi": kpi, "unit": unit}


def make_job(plan) -> DocumentJob:
    return DocumentJob.objects.create(
        kind="plan", plan=plan, options={"digits": "arabic"},
        options_key='{"digits":"arabic"}', content_hash="0" * 64,
    )  # fmt: skip


# --- a worker killed mid-PDF ------------------------------------------------------------------

WORKER = textwrap.dedent(
    """
    import sys, time, django
    django.setup()
    from documents import pdf, services

    def hang(*args, progress=None, **kwargs):
        progress(0.3, "หน้า 3")
        print("rendering", flush=True)
        time.sleep(600)

    pdf.render = hang
    services.run_job(int(sys.argv[1]))
    """
)


def test_render_task_is_redelivered_when_its_worker_dies():
    assert render_document.acks_late
    assert render_document.reject_on_worker_lost


@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_pdf_is_retried_then_clearly_failed(plan_world):
    job = make_job(plan_world["plan"])
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bmaplan.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    proc = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(job.pk)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert proc.stdout.readline().strip() == "rendering", proc.stderr.read()
        job.refresh_from_db()
        assert job.status == JobStatus.RUNNING and job.progress > 1
        proc.send_signal(signal.SIGKILL)  # the worker dies mid-render
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING  # what the broker's redelivery finds

    # Redelivery (acks_late + reject_on_worker_lost) runs the job again from the start; after
    # MAX_ATTEMPTS lost workers it gives up with a clear Thai message instead of looping.
    DocumentJob.objects.filter(pk=job.pk).update(attempts=doc_services.MAX_ATTEMPTS)
    doc_services.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "ไม่สำเร็จ" in job.error


@pytest.mark.django_db
def test_sweeper_fails_a_job_whose_worker_vanished(plan_world):
    job = make_job(plan_world["plan"])
    DocumentJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), attempts=1
    )
    later = timezone.now() + doc_services.STALE_AFTER + timedelta(minutes=1)
    assert doc_services.cleanup_documents(now=later)["failed_stale"] == 1
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "ค้าง" in job.error
    from django.conf import settings

    assert settings.CELERY_BEAT_SCHEDULE["documents-sweep"]["schedule"] <= 600


# --- the database connection lost during a report save ---------------------------------------


def _kill_my_connection() -> None:
    pid = connection.connection.info.backend_pid
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"], autocommit=True
    ) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.mark.django_db(transaction=True)
def test_database_restart_loses_nothing_confirmed(plan_world):
    kpi = plan_world["kpi"]
    with transaction.atomic():
        confirmed = kpi_report_create(kpi=kpi, period="2024-01", level=Decimal("3"))
    # The save returned: the user was told it is saved. Now the server drops the connection
    # in the middle of the next save (PostgreSQL restarted, failover, a killed backend).
    with pytest.raises((OperationalError, InterfaceError)), transaction.atomic():
        kpi_report_create(kpi=kpi, period="2024-02", level=Decimal("4"))
        _kill_my_connection()
        KpiReport.objects.count()  # the next statement finds the connection gone
    connection.close()  # what Django does at the end of the failed request
    assert KpiReport.objects.filter(pk=confirmed.pk, level=Decimal("3")).exists()
    assert not KpiReport.objects.filter(kpi=kpi, period="2024-02").exists()  # no partial write
    # The user's retry succeeds on a fresh connection.
    with transaction.atomic():
        kpi_report_create(kpi=kpi, period="2024-02", level=Decimal("4"))
    assert KpiReport.objects.filter(kpi=kpi).count() == 2


# --- Redis down ----------------------------------------------------------------------------

CLOSED = "redis://127.0.0.1:1/0"  # nothing listens on port 1: a Redis that is down


@pytest.fixture
def redis_down(settings):
    from bmaplan.celery import app

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CLOSED}
    }
    # (Changing CACHES resets django.core.cache.caches through the setting_changed signal.)
    # kombu keeps one pool per broker URL in a global registry: leave the real broker's pool
    # open (later tests use it) and only point the app at a fresh pool for the dead URL.
    old = app.conf.broker_url
    app.conf.broker_url = CLOSED
    app._pool = None
    app.amqp._producer_pool = None  # it holds the pool it was made with
    yield
    app.conf.broker_url = old
    # Forget every pool made while the broker was "down" (the app's connection pool, the
    # producer pool that captured it, kombu's registry) so later tests get fresh ones.
    kombu_pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.mark.django_db(transaction=True)
def test_redis_down_pages_serve_reports_save_jobs_wait(plan_world, redis_down):
    planner = user_with_role(Role.PLANNER, plan_world["unit"], "planner")
    client = Client(raise_request_exception=True)
    client.force_login(planner)
    plan = plan_world["plan"]
    started = time.monotonic()
    assert client.get("/").status_code == 200
    assert client.get(f"/plans/{plan.pk}/").status_code == 200
    health = client.get("/healthz/")
    assert health.status_code == 503 and health.json()["database"] == "ok"
    # Reports still save.
    report = kpi_report_create(kpi=plan_world["kpi"], period="2024-01", level=Decimal("2"))
    assert KpiReport.objects.filter(pk=report.pk).exists()
    # A PDF request is recorded and waits: queued, no task id, not an error page.
    response = client.post(f"/documents/plans/{plan.pk}/", {"kind": "plan"})
    assert response.status_code == 302
    job = DocumentJob.objects.get(plan=plan)
    assert job.status == JobStatus.QUEUED and job.task_id == ""
    assert time.monotonic() - started < 30  # no long hangs on the dead broker
    # Once Redis is back the heartbeat task sends the waiting job.
    sent = []
    from unittest import mock

    with mock.patch.object(doc_services, "_enqueue", side_effect=sent.append):
        assert doc_services.requeue_waiting(older_than=timedelta(0)) == 1
    assert sent == [job.pk]
