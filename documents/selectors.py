"""Reads of the documents app; every one goes through accounts.scope."""

from django.shortcuts import get_object_or_404

from accounts.scope import can_view_plan, plans_visible_to

from .models import DocumentJob


def jobs_visible_to(user):
    """Document jobs of the plans *user* may read."""
    return DocumentJob.objects.filter(plan__in=plans_visible_to(user)).select_related(
        "plan__org_unit", "created_by"
    )


def job_for(user, job_id: int) -> DocumentJob | None:
    """The job if the user may see its plan, else None (callers answer 404, not 403)."""
    job = DocumentJob.objects.select_related("plan__org_unit").filter(pk=job_id).first()
    if job is None or not can_view_plan(user, job.plan):
        return None
    return job


def plan_for(user, plan_id: int):
    from plans.models import Plan

    plan = get_object_or_404(Plan.objects.select_related("org_unit"), pk=plan_id)
    return plan if can_view_plan(user, plan) else None


def recent_jobs(plan, limit: int = 20):
    return plan.documents.select_related("created_by").order_by("-created_at")[:limit]
