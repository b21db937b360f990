"""The สพส. FY 2567 seed plan (approved) with the demo users, for the reporting tests."""

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PERIOD = "2024-01"


@pytest.fixture
def sps_plan(db):
    from core.demo import create_demo_users
    from plans.interchange.importer import import_plan_document
    from plans.models import Plan

    doc = json.loads((ROOT / "fixtures" / "sps-2567.json").read_text(encoding="utf-8"))
    report = import_plan_document(document=doc)
    assert report.ok, report.errors[:3]
    create_demo_users()
    plan = Plan.objects.get(org_unit__code="สพส.", fiscal_year=2567)
    assert plan.status == "approved"
    return plan


@pytest.fixture
def as_user(client):
    from django.contrib.auth import get_user_model

    def login(username):
        client.force_login(get_user_model().objects.get(username=username))
        return client

    return login
