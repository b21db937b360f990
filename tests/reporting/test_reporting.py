"""Monthly reporting in the browser views: forms, grid, evidence, bulk upload, review, locks.

Every bad input answers a Thai message and changes nothing.
"""

import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from progress.models import EvidenceFile, KpiReport, PeriodLockEvent, ProjectReport
from tests.reporting.conftest import PERIOD

THAI = re.compile(r"[\u0E00-\u0E7F]")
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def items(sps_plan):
    from kpis.models import Kpi
    from projects.models import Project

    rubric = Kpi.objects.filter(plan=sps_plan, scale_kind="rubric", weight__isnull=False)
    return {
        "rubric": rubric.order_by("order", "code").first(),
        "manual": Kpi.objects.filter(plan=sps_plan, scale_kind="manual").first(),
        "project": Project.objects.filter(plan=sps_plan, kind="project", steps__isnull=False)
        .distinct()
        .first(),
    }


def kpi_url(kpi, period=PERIOD):
    return f"/reporting/kpi/{kpi.pk}/{period}/"


def text(response) -> str:
    return response.content.decode()


def test_todo_lists_every_item_with_state_and_due_dates(sps_plan, items, as_user):
    c = as_user("evaluator_sps")
    KpiReport.objects.create(kpi=items["manual"], period=PERIOD, status="returned")
    page = text(c.get(f"/reporting/?period={PERIOD}"))
    assert items["rubric"].code in page and items["project"].code in page
    assert "ส่งกลับแก้ไข" in page and "ยังไม่เริ่ม" in page
    assert "5 กุมภาพันธ์ 2567" in page and "15 กุมภาพันธ์ 2567" in page
    # overdue (the period is long past) and returned first
    rows = re.findall(r'data-state="(\w+)"', page)
    assert rows[0] == "returned" and len(rows) == 58 + 60
    assert "เกินกำหนด" in page


def test_kpi_form_saves_scores_uploads_and_submits(items, as_user):
    kpi = items["rubric"]
    c = as_user("evaluator_sps")
    r = c.post(kpi_url(kpi), {
        "actual_value": "๘๕.๕", "level": "4", "narrative_th": "ดำเนินการแล้ว",
        "problems_th": "งบล่าช้า", "suggestions_th": "เร่งรัด",
        "evidence": [SimpleUploadedFile("photo.png", PNG), SimpleUploadedFile("r.pdf", PDF)],
    })  # fmt: skip
    assert r.status_code == 302, text(r)[:2000]
    report = KpiReport.objects.get(kpi=kpi, period=PERIOD)
    assert report.actual_value == Decimal("85.5") and report.level == 4
    assert report.score == kpi.weight * 4 / 5 and report.status == "draft"
    assert report.evidence.count() == 2
    # the live score preview
    r = c.post(f"/reporting/kpi/{kpi.pk}/score/", {"actual_value": "1", "level": "5"})
    assert f"{kpi.weight:.2f}" in text(r) or str(kpi.weight) in text(r)
    r = c.post(kpi_url(kpi), {"level": "5", "version": report.version, "submit": "1"})
    assert r.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted" and report.level == 5


BAD_KPI_INPUT = [
    ({"actual_value": "สิบห้า", "level": "3"}, "ไม่ใช่ตัวเลข"),
    ({"actual_value": "12", "level": "7"}, "ระดับ “7” ใช้ไม่ได้"),
    ({"actual_value": "12", "level": "2.5"}, "ต้องเป็นจำนวนเต็ม"),
    ({"actual_value": "12", "level": "-1"}, "ใช้ไม่ได้"),
]


def test_bad_kpi_input_is_refused_in_thai(items, as_user):
    c = as_user("evaluator_sps")
    for data, message in BAD_KPI_INPUT:
        r = c.post(kpi_url(items["rubric"]), data)
        assert r.status_code == 400 and message in text(r), data
    assert not KpiReport.objects.exists()


def bad_uploads():
    return [
        (SimpleUploadedFile("virus.pdf", b"MZ\x90\x00" + b"\0" * 100), "ไม่ตรงกับชนิด .pdf"),
        (SimpleUploadedFile("script.exe", b"MZ\x90\x00"), "เป็นชนิดที่ไม่รับ"),
        (SimpleUploadedFile("page.html", b"<html>"), "เป็นชนิดที่ไม่รับ"),
        (SimpleUploadedFile("fake.docx", b"PK\x03\x04garbage"), "ไม่ตรงกับชนิด .docx"),
        (SimpleUploadedFile("big.pdf", PDF + b"0" * 2048), "เกินขนาดสูงสุด"),
    ]


def test_bad_evidence_is_refused_and_nothing_saved(items, as_user, settings):
    settings.BMAPLAN_EVIDENCE_MAX_BYTES = 1024
    c = as_user("evaluator_sps")
    for upload, message in bad_uploads():
        r = c.post(
            kpi_url(items["rubric"]), {"actual_value": "10", "level": "3", "evidence": [upload]}
        )
        assert r.status_code == 400 and message in text(r), upload.name
    assert not KpiReport.objects.exists() and not EvidenceFile.objects.exists()


def test_evidence_is_served_as_attachment_to_permitted_users(items, as_user, client):
    c = as_user("evaluator_sps")
    c.post(kpi_url(items["rubric"]), {"level": "3", "evidence": [SimpleUploadedFile("a.pdf", PDF)]})
    ev = EvidenceFile.objects.get()
    assert "/static/" not in ev.file.path and ev.file.name.startswith("evidence/")
    r = c.get(f"/reporting/evidence/{ev.pk}/")
    assert r.status_code == 200 and b"".join(r.streaming_content) == PDF
    assert r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"].startswith("attachment")
    assert r["X-Content-Type-Options"] == "nosniff"
    client.logout()
    assert client.get(f"/reporting/evidence/{ev.pk}/").status_code == 302  # to the login


def test_period_outside_the_fiscal_year_is_refused(items, as_user):
    c = as_user("evaluator_sps")
    for period in ["2024-10", "2023-09", "2024-13", "abc"]:
        r = c.post(kpi_url(items["rubric"], period), {"level": "3"})
        assert r.status_code == 400 and THAI.search(text(r)) and "งวด" in text(r)
        r = c.post(f"/reporting/plans/{items['rubric'].plan_id}/{period}/cell/",
                   {"kind": "kpi", "item": items["rubric"].pk, "field": "level",
                    "value": "3"})  # fmt: skip
        assert r.status_code == 422 and "งวด" in text(r)
    assert "ปีงบประมาณ 2567" in text(c.post(kpi_url(items["rubric"], "2024-10"), {"level": "3"}))
    assert not KpiReport.objects.exists()


def test_grid_saves_cell_by_cell_with_versions(sps_plan, items, as_user):
    c = as_user("evaluator_sps")
    url = f"/reporting/plans/{sps_plan.pk}/{PERIOD}/cell/"
    kpi = items["rubric"]
    r = c.post(url, {"kind": "kpi", "item": kpi.pk, "field": "actual_value", "value": "1,234.5"})
    assert r.status_code == 200
    rep = KpiReport.objects.get(kpi=kpi)
    assert rep.actual_value == Decimal("1234.5")
    r = c.post(url, {"kind": "kpi", "item": kpi.pk, "field": "level", "value": "4",
                     "version": rep.version})  # fmt: skip
    assert r.status_code == 200 and "คะแนน" in text(r)
    # a stale version: conflict, nothing overwritten
    r = c.post(url, {"kind": "kpi", "item": kpi.pk, "field": "level", "value": "2",
                     "version": rep.version})  # fmt: skip
    assert r.status_code == 409 and "ถูกแก้ไขโดยผู้อื่น" in text(r)
    assert KpiReport.objects.get(kpi=kpi).level == 4
    for field, value, msg in [("actual_value", "abc", "ไม่ใช่ตัวเลข"), ("level", "9", "ใช้ไม่ได้")]:
        r = c.post(url, {"kind": "kpi", "item": kpi.pk, "field": field, "value": value})
        assert r.status_code == 422 and msg in text(r)
    p = items["project"]
    r = c.post(url, {"kind": "project", "item": p.pk, "field": "disbursed", "value": "-5"})
    assert r.status_code == 422 and "ติดลบ" in text(r)
    r = c.post(url, {"kind": "project", "item": p.pk, "field": "disbursed", "value": "50000"})
    assert r.status_code == 200
    assert ProjectReport.objects.get(project=p).disbursed == 50000
    assert KpiReport.objects.count() == 1
    # other units' evaluators may not write
    assert (
        as_user("executive")
        .post(url, {"kind": "kpi", "item": kpi.pk, "field": "level", "value": "1"})
        .status_code
        == 403
    )


def test_project_form_steps_and_disbursed(items, as_user):
    p = items["project"]
    steps = list(p.steps.order_by("order"))
    c = as_user("evaluator_sps")
    page = text(c.get(f"/reporting/project/{p.pk}/{PERIOD}/"))
    assert "ตามแผน (Gantt)" in page and "งบประมาณที่ได้รับจัดสรร" in page
    r = c.post(f"/reporting/project/{p.pk}/{PERIOD}/",
               {"steps": [steps[0].pk, steps[1].pk], "disbursed": "abc"})  # fmt: skip
    assert r.status_code == 400 and "ไม่ใช่ตัวเลข" in text(r)
    assert not ProjectReport.objects.exists()
    r = c.post(f"/reporting/project/{p.pk}/{PERIOD}/",
               {"steps": [steps[0].pk, steps[1].pk], "disbursed": "1000",
                "narrative_th": "x"})  # fmt: skip
    assert r.status_code == 302
    rep = ProjectReport.objects.get()
    assert rep.progress_percent == steps[0].weight + steps[1].weight


def _report_everything(plan, user):
    from kpis.models import Kpi
    from progress import services
    from projects.models import Project

    for k in Kpi.objects.filter(plan=plan):
        r = services.kpi_report_create(kpi=k, period=PERIOD, user=user, level=Decimal(3))
        services.report_set_status(report=r, status="submitted", user=user)
    for p in Project.objects.filter(plan=plan).exclude(kind="routine_item"):
        r = services.project_report_create(project=p, period=PERIOD, user=user)
        services.report_set_status(report=r, status="submitted", user=user)


def test_review_return_correct_verify_locks_and_reopen(sps_plan, items, as_user):
    from django.contrib.auth import get_user_model
    from rest_framework.test import APIClient

    evaluator = get_user_model().objects.get(username="evaluator_sps")
    _report_everything(sps_plan, evaluator)
    kpi = items["rubric"]
    c = as_user("analyst")
    page = text(c.get(f"/reporting/review/{sps_plan.pk}/{PERIOD}/"))
    assert kpi.code in page
    rep = KpiReport.objects.get(kpi=kpi)
    r = c.post(f"/reporting/review/kpi/{rep.pk}/", {"action": "return", "version": rep.version})
    assert "กรุณาระบุความเห็น" in text(c.get(r.url))
    c.post(f"/reporting/review/kpi/{rep.pk}/",
           {"action": "return", "comment": "ระดับสูงเกินหลักฐาน", "version": rep.version})  # fmt: skip
    rep.refresh_from_db()
    assert rep.status == "returned" and rep.review_comment_th == "ระดับสูงเกินหลักฐาน"
    # verify everything else; the month is not locked while one is returned
    for model, kind in ((KpiReport, "kpi"), (ProjectReport, "project")):
        for other in model.objects.filter(status="submitted"):
            c.post(f"/reporting/review/{kind}/{other.pk}/", {"action": "verify"})
    assert KpiReport.objects.filter(status="verified").count() == 57
    e = as_user("evaluator_sps")
    r = e.post(kpi_url(kpi), {"level": "2", "version": rep.version, "submit": "1"})
    assert r.status_code == 302
    c = as_user("analyst")
    c.post(f"/reporting/review/kpi/{rep.pk}/", {"action": "verify"})
    page = text(c.get(f"/reporting/review/{sps_plan.pk}/{PERIOD}/"))
    assert "งวดนี้ปิดแล้ว" in page
    # locked: forms, grid, API all refuse with a Thai message
    e = as_user("evaluator_sps")
    r = e.post(kpi_url(kpi), {"level": "5"})
    assert r.status_code == 400 and "ปิดงวดแล้ว" in text(r)
    r = e.post(f"/reporting/plans/{sps_plan.pk}/{PERIOD}/cell/",
               {"kind": "kpi", "item": kpi.pk, "field": "level", "value": "5"})  # fmt: skip
    assert r.status_code == 422 and "ปิดงวดแล้ว" in text(r)
    rep.refresh_from_db()
    analyst_api = APIClient()
    analyst_api.force_authenticate(get_user_model().objects.get(username="analyst"))
    r = analyst_api.post(f"/api/v1/kpi-reports/{rep.pk}/return/",
                         {"version": rep.version, "comment_th": "x"}, format="json")  # fmt: skip
    assert r.status_code == 400 and "ปิดงวดแล้ว" in str(r.json())
    assert KpiReport.objects.get(pk=rep.pk).level == 2
    # plan scores reflect the verified month
    page = text(e.get(f"/reporting/plans/{sps_plan.pk}/{PERIOD}/"))
    assert 'data-testid="locked"' in page
    from scoring.selectors import plan_scores

    scores = plan_scores(sps_plan, PERIOD)
    assert scores["total_score"] in page and Decimal(scores["total_score"]) > 0
    # reopen (recorded), then a late correction goes through
    c = as_user("analyst")
    r = c.post(f"/reporting/review/{sps_plan.pk}/{PERIOD}/lock/", {"action": "reopen"})
    assert "กรุณาระบุเหตุผล" in text(c.get(r.url))
    c.post(f"/reporting/review/{sps_plan.pk}/{PERIOD}/lock/",
           {"action": "reopen", "note": "แก้ไขค่าจริงล่าช้า"})  # fmt: skip
    assert list(PeriodLockEvent.objects.values_list("action", flat=True)) == ["lock", "reopen"]
    c.post(f"/reporting/review/kpi/{rep.pk}/", {"action": "return", "comment": "แก้ค่า"})
    r = as_user("evaluator_sps").post(kpi_url(kpi), {"level": "3"})
    assert r.status_code == 302 and KpiReport.objects.get(pk=rep.pk).level == 3


def _fill(content: bytes, edits: dict) -> bytes:
    wb = load_workbook(io.BytesIO(content))
    ws = wb["รายงานผล"]
    codes = {ws.cell(row=r, column=2).value: r for r in range(4, ws.max_row + 1)}
    for (code, col), value in edits.items():
        ws[f"{col}{codes[code]}"] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_bulk_upload_previews_then_saves_all_or_nothing(sps_plan, items, as_user):
    c = as_user("evaluator_sps")
    base = f"/reporting/plans/{sps_plan.pk}/{PERIOD}/"
    template = c.get(base + "template.xlsx").content
    kpi, manual, p = items["rubric"], items["manual"], items["project"]
    bad = _fill(template, {(kpi.code, "E"): "abc", (manual.code, "F"): 9,
                           (p.code, "G"): "1,99", (p.code, "H"): -1})  # fmt: skip
    r = c.post(base + "upload/", {"file": SimpleUploadedFile("x.xlsx", bad)})
    page = text(r)
    assert r.status_code == 400 and "ไม่ใช่ตัวเลข" in page and "ใช้ไม่ได้" in page
    assert "ไม่พบขั้นตอนที่ “99”" in page and "ยังไม่มีการบันทึกใด ๆ" in page
    assert not KpiReport.objects.exists() and not ProjectReport.objects.exists()
    good = _fill(template, {(kpi.code, "E"): 80, (kpi.code, "F"): 4, (manual.code, "F"): 3,
                            (p.code, "G"): "1,2", (p.code, "H"): 1500})  # fmt: skip
    r = c.post(base + "upload/", {"file": SimpleUploadedFile("x.xlsx", good)})
    assert r.status_code == 200 and 'data-testid="bulk-preview"' in text(r)
    assert not KpiReport.objects.exists()  # preview writes nothing
    token = re.search(r'name="token" value="([^"]+)"', text(r)).group(1)
    r = c.post(base + "upload/", {"token": token, "apply": "1"})
    assert r.status_code == 302
    assert KpiReport.objects.get(kpi=kpi).level == 4
    assert KpiReport.objects.get(kpi=manual).level == 3
    assert ProjectReport.objects.get(project=p).disbursed == 1500
