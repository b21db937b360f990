"""Computed totals: this year's counted lines, per part, in one query."""

from decimal import Decimal

import pytest

from plans.models import Plan
from plans.selectors import plan_budget_totals

pytestmark = pytest.mark.django_db


def test_totals_per_part(imported, django_assert_num_queries):
    plan = Plan.objects.get(pk=imported.plan_id)

    with django_assert_num_queries(1):
        totals = plan_budget_totals(plan)

    assert totals == {
        "part1": Decimal("1727200.00"),  # 2568 instalment of P1-002 not counted
        "part2": Decimal("0.00"),  # not_funded and as_allocated lines do not count
        "part3": Decimal("80000.00"),
        "total": Decimal("1807200.00"),
    }
