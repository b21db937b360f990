"""The seed plans in ``fixtures/`` import cleanly and round-trip through export."""

import json
from pathlib import Path

import pytest

from plans.interchange.exporter import dumps_document, export_plan_document
from plans.interchange.importer import import_plan_document
from plans.models import Plan

FIXTURES = sorted((Path(__file__).resolve().parents[2] / "fixtures").glob("*.json"))

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_seed_fixture_imports_and_round_trips(path):
    document = json.loads(path.read_text(encoding="utf-8"))
    if document.get("format") != "bmaplan/1":
        pytest.skip("not a bmaplan/1 document")

    report = import_plan_document(document=document)

    assert report.ok, report.errors[:10]
    plan = Plan.objects.get(pk=report.plan_id)
    text = dumps_document(export_plan_document(plan))
    again = import_plan_document(document=json.loads(text))
    assert again.ok, again.errors[:10]
    assert (again.created, again.updated, again.deleted) == ({}, {}, {})
    assert dumps_document(export_plan_document(plan)) == text
