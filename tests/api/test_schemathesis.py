"""Property-based run of the live OpenAPI schema (schemathesis): no 5xx, no response that
violates the schema. Bounded in examples so it stays well under a minute in CI."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from accounts.models import Role
from accounts.tokens import issue_token
from kpis.models import ScaleKind
from plans.models import PlanStatus
from progress.models import KpiReport
from tests.factories import (
    BudgetLineFactory,
    ComponentFactory,
    KpiFactory,
    PlanFactory,
    ProjectFactory,
    rubric,
    user_with_role,
)


@pytest.fixture
def api_schema(db):
    # Like Django's test client: keep the test transaction's connection open across requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def analyst_token(org_tree):
    plan = PlanFactory(org_unit=org_tree["sps"], status=PlanStatus.APPROVED)
    component = ComponentFactory(plan=plan, code="1.1")
    kpi = KpiFactory(plan=plan, component=component, weight=10, scale_kind=ScaleKind.RUBRIC)
    rubric(kpi)
    KpiReport.objects.create(kpi=kpi, period="2024-01", level=4, status="submitted")
    BudgetLineFactory(project=ProjectFactory(plan=plan))
    user = user_with_role(Role.ANALYST, username="schemathesis")
    return issue_token(user)


@pytest.mark.slow
def test_api_conforms_to_schema(api_schema, analyst_token):
    """Every operation, a handful of generated requests each; all failures are collected."""
    failures = []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 40
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=6,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def run(case):
            case.call_and_validate(
                headers={"Authorization": f"Token {analyst_token}"},
                checks=[not_a_server_error, response_schema_conformance],
            )

        try:
            run()
        except Exception as exc:
            failures.append(f"{operation.label}: {str(exc)[:600]}")
    assert not failures, "\n\n".join(failures)
