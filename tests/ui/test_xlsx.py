"""Excel round trip: lossless, with a preview and an error report per cell."""

import io

import pytest
from openpyxl import load_workbook

from editor.xlsx import SHEETS, export_workbook, parse_workbook
from plans.interchange.exporter import export_plan_document

pytestmark = pytest.mark.django_db


def test_round_trip_is_lossless(people, imported_plan, client_for):
    plan = imported_plan
    before = export_plan_document(plan)
    c = client_for(people["planner"])
    content = c.get(f"/plans/{plan.pk}/xlsx/").content
    upload = io.BytesIO(content)
    upload.name = "plan.xlsx"
    r = c.post(f"/plans/{plan.pk}/xlsx/import/", {"file": upload})
    assert r.status_code == 200, r.content.decode()[-2000:]
    assert 'data-testid="xlsx-preview-result"' in r.content.decode()
    parsed = parse_workbook(content, fiscal_year=plan.fiscal_year)
    assert not parsed.errors
    from plans.interchange.importer import import_plan_document

    report = import_plan_document(document={**before, "kpis": parsed.kpis,
                                            "projects": parsed.projects})  # fmt: skip
    assert report.ok
    assert export_plan_document(plan) == before


def test_edit_in_excel_preview_and_apply(people, imported_plan, client_for):
    plan = imported_plan
    c = client_for(people["planner"])
    wb = load_workbook(io.BytesIO(c.get(f"/plans/{plan.pk}/xlsx/").content))
    ws = wb[SHEETS["kpis"]]
    keys = [cell.value for cell in ws[2]]
    ws.cell(row=3, column=keys.index("name_th") + 1, value="ชื่อที่แก้ใน Excel")
    out = io.BytesIO()
    wb.save(out)
    upload = io.BytesIO(out.getvalue())
    upload.name = "plan.xlsx"
    r = c.post(f"/plans/{plan.pk}/xlsx/import/", {"file": upload})
    text = r.content.decode()
    assert "ชื่อที่แก้ใน Excel" in text
    token = text.split('name="token" value="')[1].split('"')[0]
    fingerprint = text.split('name="fingerprint" value="')[1].split('"')[0]
    r = c.post(f"/plans/{plan.pk}/xlsx/import/",
               {"token": token, "fingerprint": fingerprint, "apply": "1"})  # fmt: skip
    assert r.status_code == 302
    assert plan.kpis.filter(name_th="ชื่อที่แก้ใน Excel").exists()


def test_errors_are_reported_per_cell(imported_plan):
    content = export_workbook(export_plan_document(imported_plan))
    wb = load_workbook(io.BytesIO(content))
    ws = wb[SHEETS["kpis"]]
    keys = [cell.value for cell in ws[2]]
    column = keys.index("weight") + 1
    ws.cell(row=3, column=column, value="สิบ")
    ws2 = wb[SHEETS["budget"]]
    ws2.cell(row=3, column=1, value="ไม่มีโครงการนี้")
    out = io.BytesIO()
    wb.save(out)
    parsed = parse_workbook(out.getvalue(), fiscal_year=imported_plan.fiscal_year)
    cells = {(e.sheet, e.cell): e.message for e in parsed.errors}
    from openpyxl.utils import get_column_letter

    assert cells[(SHEETS["kpis"], f"{get_column_letter(column)}3")] == "ต้องเป็นตัวเลข"
    assert (SHEETS["budget"], "A3") in cells
