"""Jobs without a worker: options, reuse of stored files, failures, clean-up, API scope."""

from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from rest_framework.test import APIClient

from documents import services
from documents.models import DocumentJob, JobStatus
from documents.pdf.digits import apply_digits
from tests.factories import PlanFactory

from .conftest import requires_poppler


@pytest.fixture
def plan(org_tree):
    from projects.models import BudgetLine, Project

    plan = PlanFactory(org_unit=org_tree["sps"], title_th="แผนทดสอบ ว่าราชการ น้ำ", status="approved")
    project = Project.objects.create(plan=plan, code="P1-001", name_th="โครงการทำน้ำดื่มสะอาด", part=1)
    BudgetLine.objects.create(
        project=project, fiscal_year=plan.fiscal_year, amount=Decimal("1227200")
    )
    return plan


@pytest.fixture
def no_queue(monkeypatch):
    calls = []
    monkeypatch.setattr(services, "_enqueue", lambda job_id: calls.append(job_id))
    return calls


def test_apply_digits_only_touches_text():
    html = '<p style="width:10pt" data-x="12">ปี 2567 ร้อยละ ๑๐๐</p><style>a{top:1px}</style>'
    thai = apply_digits(html, "thai")
    assert thai == '<p style="width:10pt" data-x="12">ปี ๒๕๖๗ ร้อยละ ๑๐๐</p><style>a{top:1px}</style>'
    assert apply_digits(thai, "arabic").startswith(
        '<p style="width:10pt" data-x="12">ปี 2567 ร้อยละ 100'
    )


@pytest.mark.django_db
def test_options_are_validated(plan):
    with pytest.raises(ValidationError) as e:
        services.normalise_options(plan, "monthly", {})
    assert "period" in e.value.message_dict
    with pytest.raises(ValidationError):
        services.normalise_options(plan, "monthly", {"period": "2030-01"})
    with pytest.raises(ValidationError):
        services.normalise_options(plan, "plan", {"digits": "roman"})
    assert services.normalise_options(plan, "monthly", {"period": "2024-03", "digits": "thai"}) == {
        "digits": "thai",
        "period": "2024-03",
    }


@requires_poppler
@pytest.mark.django_db
def test_same_request_reuses_stored_file_and_changes_render_again(
    plan, no_queue, media_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job, created = services.request_document(plan=plan, kind="plan", options={"digits": "thai"})
    assert created and no_queue == [job.pk]
    services.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.progress == 100 and job.page_count >= 5
    assert job.file.read().startswith(b"%PDF")
    again, created = services.request_document(plan=plan, kind="plan", options={"digits": "thai"})
    assert not created and again.pk == job.pk
    other, created = services.request_document(plan=plan, kind="plan", options={})
    assert created and other.pk != job.pk  # different options
    project = plan.projects.get()
    project.name_th = "โครงการทำน้ำดื่มสะอาด (ปรับปรุง)"
    project.save()
    changed, created = services.request_document(plan=plan, kind="plan", options={"digits": "thai"})
    assert created and changed.content_hash != job.content_hash
    services.run_job(changed.pk)
    job.refresh_from_db()
    assert job.file_deleted_at is not None  # superseded file removed


@pytest.mark.django_db
def test_failure_gives_a_clear_message(plan, no_queue, media_root):
    job, _ = services.request_document(plan=plan, kind="agreement", options={})
    with mock.patch("documents.pdf.render", side_effect=RuntimeError("ฟอนต์เสีย")):
        services.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "สร้างเอกสารไม่สำเร็จ: ฟอนต์เสีย"
    # a job redelivered too often (worker lost each time) gives up with its own message
    DocumentJob.objects.filter(pk=job.pk).update(status="running", attempts=services.MAX_ATTEMPTS)
    services.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "หลังพยายาม" in job.error


@pytest.mark.django_db
def test_soft_time_limit_message(plan, no_queue, media_root):
    from celery.exceptions import SoftTimeLimitExceeded

    job, _ = services.request_document(plan=plan, kind="agreement", options={})
    with mock.patch("documents.pdf.render", side_effect=SoftTimeLimitExceeded()):
        services.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "นานเกินกำหนด" in job.error


@pytest.mark.django_db
def test_cleanup_deletes_old_files_and_fails_lost_jobs(plan, no_queue, media_root, settings):
    settings.BMAPLAN_DOCUMENT_RETENTION_DAYS = 7
    old, _ = services.request_document(plan=plan, kind="agreement", options={})
    old.file.save("a.pdf", ContentFile(b"%PDF-1.7"), save=False)
    old.status = JobStatus.DONE
    old.save()
    DocumentJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    lost = DocumentJob.objects.create(
        plan=plan,
        kind="plan",
        options={},
        options_key="{}",
        content_hash="x",
        status=JobStatus.RUNNING,
    )
    DocumentJob.objects.filter(pk=lost.pk).update(created_at=timezone.now() - timedelta(hours=1))
    name = old.file.name
    result = services.cleanup_documents()
    assert result == {"deleted_files": 1, "failed_stale": 1}
    old.refresh_from_db()
    assert old.file_deleted_at and not old.file.storage.exists(name)
    lost.refresh_from_db()
    assert lost.status == JobStatus.FAILED and lost.error


@pytest.mark.django_db
def test_api_scope_and_validation(org_tree, no_queue, media_root):
    from accounts.services import grant_role

    draft = PlanFactory(org_unit=org_tree["bangna"], status="draft")
    outsider = __import__("django.contrib.auth", fromlist=["get_user_model"]).get_user_model()
    user = outsider.objects.create_user("planner-sps", password="x" * 12)
    grant_role(user=user, role="planner", org_unit=org_tree["sps"])
    client = APIClient()
    client.force_authenticate(user)
    assert (
        client.post(
            f"/api/v1/plans/{draft.pk}/documents/", {"kind": "plan"}, format="json"
        ).status_code
        == 404
    )
    own = PlanFactory(org_unit=org_tree["sps"], status="draft")
    bad = client.post(f"/api/v1/plans/{own.pk}/documents/", {"kind": "poster"}, format="json")
    assert bad.status_code == 400
    monthly = client.post(f"/api/v1/plans/{own.pk}/documents/", {"kind": "monthly"}, format="json")
    assert monthly.status_code == 400 and "period" in str(monthly.json())
    ok = client.post(f"/api/v1/plans/{own.pk}/documents/", {"kind": "plan"}, format="json")
    assert ok.status_code == 202
    body = ok.json()
    assert body["status"] == "queued" and body["progress"] == 0 and body["download_url"] is None
    job_id = body["id"]
    other = outsider.objects.create_user("planner-bangna", password="x" * 12)
    grant_role(user=other, role="planner", org_unit=org_tree["bangna"])
    client.force_authenticate(other)
    assert client.get(f"/api/v1/documents/{job_id}/").status_code == 404
    assert client.get(f"/api/v1/documents/{job_id}/download/").status_code == 404
