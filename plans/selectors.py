"""Reads about plans that several parts of the app share (API, documents, importer flags)."""

from decimal import Decimal

from django.db.models import Q, Sum

from projects.models import COUNTED_STATUSES, BudgetLine

from .models import Plan

PLAN_TOTAL_PARTS = (1, 2, 3)
ZERO = Decimal("0.00")


def plan_budget_totals(plan: Plan) -> dict[str, Decimal]:
    """Computed budget totals of *plan*: ``{"part1": …, "part2": …, "part3": …, "total": …}``.

    Only the plan year's budget lines with a counted status (``amount``) add up, so a
    multi-year project counts this year's instalment and "not funded" requests count nothing.
    Each project is one row however many KPIs it serves, so the sum is over distinct projects
    (DOMAIN.md §6). One aggregate query; parts without lines are ``0.00``.
    """
    sums = BudgetLine.objects.filter(
        project__plan=plan,
        fiscal_year=plan.fiscal_year,
        status__in=sorted(COUNTED_STATUSES),
        amount__isnull=False,
    ).aggregate(
        **{f"part{part}": Sum("amount", filter=Q(project__part=part)) for part in PLAN_TOTAL_PARTS}
    )
    totals = {key: (value or ZERO).quantize(ZERO) for key, value in sums.items()}
    totals["total"] = sum(totals.values(), ZERO)
    return totals
