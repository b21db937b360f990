"""Shared bits of the editor views: rendering partials with the totals bar swapped in."""

from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string

from accounts.scope import can_change_plan_status, can_edit_plan, can_review
from plans.models import Plan, PlanStatus

from ..models import ReviewComment, RevisitMark
from ..selectors import plan_totals


def plan_flags(request, plan: Plan) -> dict:
    reviewer = can_review(request.user)
    return {
        "plan": plan,
        "can_edit": can_edit_plan(request.user, plan),
        "can_review": reviewer,
        "review_mode": reviewer and plan.status == PlanStatus.SUBMITTED,
        "can_revise": plan.status == PlanStatus.APPROVED
        and can_change_plan_status(request.user, plan, "submitted"),
    }


def item_notes(plan: Plan, key: str) -> dict:
    return {
        "comments": list(
            ReviewComment.objects.filter(plan=plan, item=key).select_related("author")
        ),
        "marks": list(RevisitMark.objects.filter(plan=plan, item=key, resolved_at__isnull=True)),
    }


def totals_html(request, plan: Plan, *, oob: bool = True) -> str:
    return render_to_string(
        "editor/_totals.html", {"plan": plan, "totals": plan_totals(plan), "oob": oob}, request
    )


def partial(
    request, template: str, ctx: dict, *, status: int = 200, plan: Plan | None = None
) -> HttpResponse:
    """Render a partial; with ``plan`` the totals bar is refreshed out of band too."""
    html = render_to_string(template, ctx, request)
    if plan is not None:
        html += totals_html(request, plan)
    return HttpResponse(html, status=status)
