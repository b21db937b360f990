"""dry_run does the whole import, reports it, and writes nothing (the API's preview)."""

import pytest

from kpis.models import Kpi
from plans.interchange.importer import import_plan_document
from plans.tests.documents import EXPECTED_CREATED, build_document, table_counts

pytestmark = pytest.mark.django_db


def test_dry_run_into_an_empty_database_writes_nothing(document):
    before = table_counts()

    report = import_plan_document(document=document, dry_run=True)

    assert report.ok and report.dry_run
    assert report.created == EXPECTED_CREATED
    assert report.plan_id is None
    assert table_counts() == before


def test_dry_run_reports_updates_without_applying_them(imported):
    document = build_document()
    document["kpis"][0]["weight"] = "15.00"
    document["plan"]["stated_totals"]["part3"] = "1.00"
    before = table_counts()

    report = import_plan_document(document=document, dry_run=True)

    assert report.ok
    assert report.updated == {"kpis": 1, "plans": 1}
    assert "total_mismatch" in {f["code"] for f in report.flags}
    assert table_counts() == before
    assert str(Kpi.objects.get(code="1.1-1").weight) == "10.00"


def test_report_as_dict(imported):
    report = import_plan_document(document=build_document(), dry_run=True).to_dict()
    assert list(report) == [
        "ok", "dry_run", "plan", "created", "updated", "deleted", "flags", "errors",
    ]  # fmt: skip
    assert report["plan"] == {"id": None, "org_unit": "สพส.", "fiscal_year": 2567}
