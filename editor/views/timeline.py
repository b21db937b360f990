"""History tabs (who changed what, when) and versions with a diff between any two."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from audit import selectors as history
from kpis.models import Kpi
from plans.interchange.exporter import export_plan_document
from plans.models import PlanRevision
from projects.models import Project

from ..access import plan_for_view
from ..diff import diff_documents
from .common import plan_flags

PAGE = 40


def _page(request) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        return 1


def _render_history(request, plan, entries, total, page, *, subject=None, back=None):
    return render(
        request,
        "editor/history.html",
        {
            **plan_flags(request, plan),
            "tab": "history",
            "nav": "plans",
            "entries": entries,
            "page": page,
            "has_next": page * PAGE < total,
            "total": total,
            "subject": subject,
            "back": back,
        },
    )


@login_required
@require_GET
def plan_history(request, plan_id: int):
    plan = plan_for_view(request, plan_id)
    page = _page(request)
    entries, total = history.plan_history(plan.pk, limit=PAGE, offset=(page - 1) * PAGE)
    return _render_history(request, plan, entries, total, page)


@login_required
@require_GET
def kpi_history(request, plan_id: int, kpi_id: int):
    plan = plan_for_view(request, plan_id)
    kpi = get_object_or_404(Kpi, plan=plan, pk=kpi_id)
    page = _page(request)
    entries, total = history.kpi_history(kpi.pk, limit=PAGE, offset=(page - 1) * PAGE)
    return _render_history(
        request, plan, entries, total, page, subject=f"ตัวชี้วัด {kpi.code}", back=("kpi", kpi)
    )


@login_required
@require_GET
def project_history(request, plan_id: int, project_id: int):
    plan = plan_for_view(request, plan_id)
    project = get_object_or_404(Project, plan=plan, pk=project_id)
    page = _page(request)
    entries, total = history.project_history(project.pk, limit=PAGE, offset=(page - 1) * PAGE)
    return _render_history(
        request,
        plan,
        entries,
        total,
        page,
        subject=f"โครงการ {project.code}",
        back=("project", project),
    )


@login_required
@require_GET
def plan_versions(request, plan_id: int):
    plan = plan_for_view(request, plan_id)
    revisions = list(
        PlanRevision.objects.filter(plan=plan).select_related("created_by").order_by("-number")
    )
    has_current = plan.status != "approved" or not any(r.number == plan.revision for r in revisions)
    return render(
        request,
        "editor/versions.html",
        {
            **plan_flags(request, plan),
            "tab": "versions",
            "nav": "plans",
            "revisions": revisions,
            "has_current": has_current,
        },
    )


def _document(plan, ref: str) -> tuple[dict, str]:
    if ref == "current":
        return export_plan_document(plan), "ฉบับปัจจุบัน"
    try:
        number = int(ref)
    except ValueError as exc:
        raise Http404 from exc
    revision = PlanRevision.objects.filter(plan=plan, number=number).first()
    if revision is None:
        raise Http404
    label = "ฉบับแรก" if number == 0 else f"ฉบับปรับปรุงครั้งที่ {number}"
    return revision.snapshot, label


@login_required
@require_GET
def plan_diff(request, plan_id: int):
    plan = plan_for_view(request, plan_id)
    a_ref, b_ref = request.GET.get("a", "0"), request.GET.get("b", "current")
    old, a_label = _document(plan, a_ref)
    new, b_label = _document(plan, b_ref)
    groups = diff_documents(old, new)
    revisions = list(PlanRevision.objects.filter(plan=plan).order_by("number"))
    return render(
        request,
        "editor/diff.html",
        {
            **plan_flags(request, plan),
            "tab": "versions",
            "nav": "plans",
            "groups": groups,
            "a": a_ref,
            "b": b_ref,
            "a_label": a_label,
            "b_label": b_label,
            "revisions": revisions,
            "change_count": sum(len(g.changes) for g in groups),
        },
    )
