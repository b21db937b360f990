"""End to end: the seed plans rendered by a real Celery worker (real Redis broker) through the
API, then checked as a reader would check them (pdftotext / pdftoppm).

* every KPI name and project name of the plan is in the PDF's text exactly as stored (NFC);
* the totals printed are the API's (budget totals of the plan, agreement scores);
* with ``digits=thai`` no Arabic digit is left anywhere, folios included;
* every table-of-contents entry's page number is the folio of the page the heading is on;
* the same request for unchanged data returns the stored file; a change renders again.

PNGs of the cover, a KPI table page, a rubric page and a Gantt page go to artifacts/pdf/.
"""

import json
import re
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from core.thai import format_baht, to_thai_digits

from .conftest import folio_of, pdf_pages, requires_poppler, save_png, squash

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [requires_poppler, pytest.mark.slow]


def import_seed(name: str):
    from plans.interchange.importer import import_plan_document
    from plans.models import Plan

    doc = json.loads((ROOT / "fixtures" / name).read_text(encoding="utf-8"))
    report = import_plan_document(document=doc)
    assert not getattr(report, "errors", None), report.errors
    return Plan.objects.get(org_unit__code=doc["org_unit"], fiscal_year=doc["fiscal_year"])


def add_monthly_reports(plan, period: str):
    """Submitted monthly reports for the agreement KPIs and a few projects."""
    from progress.services import kpi_report_create, project_report_create, report_set_status

    levels = [Decimal(5), Decimal(4), Decimal(3), Decimal(4), Decimal(5), Decimal(2)]
    for kpi, level in zip(
        plan.kpis.filter(component__isnull=False).order_by("order", "code"), levels, strict=False
    ):
        fields = {
            "narrative_th": f"ดำเนินการตามแผนแล้ว ระดับ {level}",
            "problems_th": "การประสานงานกับสำนักงานเขตล่าช้า",
            "suggestions_th": "จัดประชุมติดตามทุกเดือน",
        }
        if kpi.scale_kind in ("rubric", "manual"):
            fields["level"] = level
        report = kpi_report_create(kpi=kpi, period=period, **fields)
        report_set_status(report=report, status="submitted")
    for project in plan.projects.filter(part=1).exclude(steps=None).order_by("order")[:5]:
        steps = list(project.steps.order_by("order")[:2])
        report = project_report_create(
            project=project,
            period=period,
            steps_done=steps,
            disbursed=Decimal("100000.00"),
            narrative_th="อยู่ระหว่างดำเนินการ",
        )
        report_set_status(report=report, status="submitted")


def plan_gantt_months(plan):
    """The seed's Gantt shading was lost in extraction: enter planned months for a few step
    plans as a planner would, so the Gantt bars have something to draw."""
    from core.fiscal import fiscal_months

    months = [m.period for m in fiscal_months(plan.fiscal_year)]
    for project in plan.projects.exclude(steps=None).order_by("part", "order")[:8]:
        start = 0
        for step in project.steps.order_by("order"):
            length = 1 + int(step.weight // 25)
            step.planned_months = months[start : start + length]
            step.save(update_fields=["planned_months"])
            start = min(11, start + max(1, length - 1))


def request(client, plan, **body):
    response = client.post(f"/api/v1/plans/{plan.pk}/documents/", body, format="json")
    assert response.status_code in (200, 202), response.content
    return response


def wait_done(client, job_id: int, timeout: float = 150) -> dict:
    deadline = time.monotonic() + timeout
    seen = set()
    while time.monotonic() < deadline:
        data = client.get(f"/api/v1/documents/{job_id}/").json()
        seen.add(data["progress"])
        if data["status"] in ("done", "failed"):
            assert data["status"] == "done", data["error"]
            data["seen_progress"] = sorted(seen)
            return data
        time.sleep(0.25)
    raise AssertionError(f"job {job_id} not done in {timeout}s: {data}")


def download(client, job: dict, path: Path) -> Path:
    response = client.get(f"/api/v1/documents/{job['id']}/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    path.write_bytes(b"".join(response.streaming_content))
    return path


def check_names(text: str, names, digits: str):
    flat = squash(text)
    missing = []
    for name in names:
        expected = squash(name)
        expected = to_thai_digits(expected) if digits == "thai" else expected
        if expected not in flat:
            missing.append(name)
    assert not missing, f"{len(missing)} names not found, e.g. {missing[:3]}"


def check_toc(pdf: Path, pages: list[str]):
    """Each outline entry (built from the same anchors as the contents) lands on a page whose
    folio is the number printed in the contents, and that page shows the heading."""
    import pypdf

    reader = pypdf.PdfReader(str(pdf))
    folios = [folio_of(p) for p in pages]
    start = next(i for i, p in enumerate(pages) if "สารบัญ" in p)
    front = [
        i
        for i in range(start, len(pages))
        if folios[i] and not re.fullmatch(r"[0-9๐-๙]+", folios[i])
    ]
    toc_text = squash("".join(pages[i] for i in front))
    entries = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                entries.append((item.title, reader.get_destination_page_number(item)))

    walk(reader.outline)
    assert len(entries) >= 10
    for title, index in entries:
        label = folios[index]
        assert label, f"no folio on page {index + 1} ({title})"
        assert re.search(re.escape(squash(title)) + r"[.]*" + re.escape(label), toc_text), (
            f"contents line for {title!r} does not show page {label}"
        )
        assert squash(title)[:25] in squash(pages[index]), f"{title!r} not on page {index + 1}"
    return entries


def find_page(pages, *needles) -> int:
    for i, text in enumerate(pages):
        flat = squash(text)
        if all(squash(n) in flat for n in needles):
            return i + 1
    raise AssertionError(f"no page with {needles}")


@pytest.mark.django_db(transaction=True)
def test_seed_plans_render_through_celery(celery_worker, tmp_path, artifacts):
    from plans.models import Plan

    sps = import_seed("sps-2567.json")
    bangna = import_seed("bangna-2569.json")
    plan_gantt_months(sps)
    add_monthly_reports(sps, "2024-03")
    user = get_user_model().objects.create_superuser("pdf-admin", "a@example.com", "x" * 12)
    client = APIClient()
    client.force_authenticate(user)

    jobs = {
        "sps-plan": request(client, sps, kind="plan").json(),
        "sps-agreement-thai": request(client, sps, kind="agreement", digits="thai").json(),
        "sps-monthly": request(client, sps, kind="monthly", period="2024-03").json(),
        "bangna-plan-thai": request(client, bangna, kind="plan", digits="thai").json(),
        "bangna-agreement": request(client, bangna, kind="agreement").json(),
        "bangna-monthly-thai": request(
            client, bangna, kind="monthly", period="2026-01", digits="thai"
        ).json(),
    }
    for job in jobs.values():
        assert job["status"] in ("queued", "running") and job["progress"] in range(0, 101)
    done, pdfs = {}, {}
    for key, job in jobs.items():
        done[key] = wait_done(client, job["id"])
        pdfs[key] = download(client, done[key], tmp_path / f"{key}.pdf")
    big = done["sps-plan"]
    assert big["page_count"] > 100 and len(big["seen_progress"]) >= 2

    # --- สพส. plan (arabic digits) ---------------------------------------------------------
    pages = pdf_pages(pdfs["sps-plan"])
    text = "\n".join(pages)
    check_names(text, sps.kpis.values_list("name_th", flat=True), "arabic")
    check_names(text, sps.projects.values_list("name_th", flat=True), "arabic")
    totals = client.get(f"/api/v1/plans/{sps.pk}/").json()["budget_totals"]
    for part in ("part1", "part2", "part3"):
        assert squash(format_baht(Decimal(totals[part]))) in squash(text), part
    assert "ว่ำรำชกำร" not in text and "ว่าราชการ" in text
    entries = check_toc(pdfs["sps-plan"], pages)
    assert any("ส่วนที่ 4" in t for t, _ in entries)
    save_png(pdfs["sps-plan"], 1, "sps-plan-cover")
    save_png(pdfs["sps-plan"], find_page(pages, "สารบัญ"), "sps-plan-toc")
    save_png(pdfs["sps-plan"], find_page(pages, "ตัวชี้วัด (KPI)", "กลยุทธ์"), "sps-plan-kpi-table")
    save_png(pdfs["sps-plan"], find_page(pages, "คิดความก้าวหน้าโครงการ", "ต.ค."), "sps-plan-gantt")
    save_png(pdfs["sps-plan"], find_page(pages, "รวมทั้งสิ้น", "รายการ"), "sps-plan-part3-total")
    save_png(pdfs["sps-plan"], find_page(pages, "เกณฑ์การให้คะแนน", "คะแนนที่ได้รับ"), "sps-plan-rubric")

    # --- สพส. agreement (thai digits) ------------------------------------------------------
    pages = pdf_pages(pdfs["sps-agreement-thai"])
    text = "\n".join(pages)
    assert not re.search(r"[0-9]", text), re.search(r".{20}[0-9].{20}", text, re.S)
    check_names(
        text, sps.kpis.filter(component__isnull=False).values_list("name_th", flat=True), "thai"
    )
    assert "☒" in text and "☐" in text
    assert squash("รวมน้ำหนักคะแนนตัวชี้วัด ๗๐") in squash(text)
    save_png(pdfs["sps-agreement-thai"], 1, "sps-agreement-summary")
    save_png(
        pdfs["sps-agreement-thai"],
        find_page(pages, "เกณฑ์การให้คะแนน", "ระดับความสำเร็จ"),
        "sps-agreement-rubric",
    )

    # --- สพส. monthly: scores equal the API's ---------------------------------------------
    pages = pdf_pages(pdfs["sps-monthly"])
    text = "\n".join(pages)
    scores = client.get(f"/api/v1/plans/{sps.pk}/scores/?period=2024-03").json()
    assert Decimal(scores["total_score"]) > 0
    for value in (scores["total_score"], scores["max_score"], scores["weighted_level"]):
        assert value in text, value
    for component in scores["components"]:
        assert component["score"] in text
    check_names(
        text, sps.kpis.filter(component__isnull=False).values_list("name_th", flat=True), "arabic"
    )
    save_png(pdfs["sps-monthly"], 1, "sps-monthly")

    # --- บางนา plan (thai digits) ------------------------------------------------------------
    pages = pdf_pages(pdfs["bangna-plan-thai"])
    text = "\n".join(pages)
    assert not re.search(r"[0-9]", text), re.search(r".{20}[0-9].{20}", text, re.S)
    check_names(text, bangna.kpis.values_list("name_th", flat=True), "thai")
    check_names(text, bangna.projects.values_list("name_th", flat=True), "thai")
    totals = client.get(f"/api/v1/plans/{bangna.pk}/").json()["budget_totals"]
    for part in ("part1", "part3"):
        assert squash(to_thai_digits(format_baht(Decimal(totals[part])))) in squash(text), part
    check_toc(pdfs["bangna-plan-thai"], pages)
    save_png(pdfs["bangna-plan-thai"], 1, "bangna-plan-cover")
    save_png(pdfs["bangna-plan-thai"], find_page(pages, "SUPER OKR"), "bangna-plan-part1")

    pages = pdf_pages(pdfs["bangna-monthly-thai"])
    assert not re.search(r"[0-9]", "\n".join(pages))

    # --- the same request for unchanged data returns the stored file ---------------------
    again = request(client, sps, kind="agreement", digits="thai")
    assert again.status_code == 200
    assert again.json()["id"] == jobs["sps-agreement-thai"]["id"]
    assert again.json()["download_url"]
    kpi = sps.kpis.filter(component__isnull=False).first()
    kpi.notes_th = "แก้ไขหมายเหตุ"
    kpi.save(update_fields=["notes_th"])
    changed = request(client, sps, kind="agreement", digits="thai")
    assert changed.status_code == 202 and changed.json()["id"] != again.json()["id"]
    wait_done(client, changed.json()["id"])
    assert Plan.objects.filter(pk=sps.pk).exists()
