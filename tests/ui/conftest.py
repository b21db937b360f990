import pytest

from accounts.models import Role


@pytest.fixture
def people(org_tree):
    from tests.factories import user_with_role

    return {
        "planner": user_with_role(Role.PLANNER, org_tree["sps"], username="planner_sps"),
        "planner2": user_with_role(Role.PLANNER, org_tree["sps"], username="planner_sps2"),
        "other": user_with_role(Role.PLANNER, org_tree["bangna"], username="planner_bangna"),
        "analyst": user_with_role(Role.ANALYST, username="analyst"),
        "executive": user_with_role(Role.EXECUTIVE, username="executive"),
    }


@pytest.fixture
def plan(org_tree):
    from tests.factories import PlanFactory

    return PlanFactory(org_unit=org_tree["sps"], fiscal_year=2569)


@pytest.fixture
def client_for(client):
    from django.test import Client

    def make(user):
        c = Client()
        c.force_login(user)
        return c

    return make


@pytest.fixture
def imported_plan(db):
    """The synthetic interchange document imported as an editable draft."""
    from plans.interchange.importer import import_plan_document
    from plans.models import Plan
    from plans.tests.documents import build_document

    doc = build_document()
    doc["plan"]["status"] = "draft"
    report = import_plan_document(document=doc)
    assert report.ok, report.errors
    return Plan.objects.get(pk=report.plan_id)
