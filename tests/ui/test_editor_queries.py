"""The plan editor of the largest seed plan runs a fixed number of queries (no N+1)."""

import json
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "sps-2567.json"
# Pinned: a change that makes the editor query per row fails here. Update deliberately.
EDITOR_QUERIES = 25


@pytest.fixture
def sps_plan():
    if not SEED.exists():
        pytest.skip("fixtures/sps-2567.json is not there")
    from plans.interchange.importer import import_plan_document
    from plans.models import Plan

    report = import_plan_document(document=json.loads(SEED.read_text(encoding="utf-8")))
    assert report.ok
    return Plan.objects.get(pk=report.plan_id)


def test_editor_of_largest_seed_plan_query_count(sps_plan, client):
    from tests.factories import user_with_role

    client.force_login(user_with_role(Role.PLANNER, sps_plan.org_unit, username="p"))
    client.get(f"/plans/{sps_plan.pk}/")  # warm caches that are not per request
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/plans/{sps_plan.pk}/")
    assert response.status_code == 200
    assert sps_plan.kpis.count() > 50 and sps_plan.projects.count() > 150
    assert len(ctx.captured_queries) == EDITOR_QUERIES, "\n".join(
        q["sql"][:160] for q in ctx.captured_queries
    )
