"""The plan editor page: an outline of the whole plan, every part in place, totals on top."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from frameworks.models import FrameworkNode
from kpis.targets import parse_target

from ..access import plan_for_view
from ..selectors import plan_outline, plan_totals
from ..targets import describe_target
from .common import plan_flags


@login_required
@require_GET
def plan_editor(request, plan_id: int):
    plan = plan_for_view(request, plan_id)
    outline = plan_outline(plan)
    ctx = {
        **plan_flags(request, plan),
        "o": outline,
        "totals": plan_totals(plan),
        "tab": "plan",
        "nav": "plans",
    }
    return render(request, "editor/plan_editor.html", ctx)


@login_required
@require_GET
def totals(request, plan_id: int):
    plan = plan_for_view(request, plan_id)
    html = render_to_string(
        "editor/_totals.html", {"plan": plan, "totals": plan_totals(plan)}, request
    )
    return HttpResponse(html)


@login_required
@require_GET
def parse_target_view(request):
    """The parsed value of a target text, shown live under the input."""
    text = request.GET.get("text") or next(
        (v for k, v in request.GET.items() if k.endswith("text") or k.endswith("target_text")), ""
    )
    parsed = parse_target(text)
    return HttpResponse(
        render_to_string(
            "editor/_parsed.html", {"parsed": parsed, "summary": describe_target(parsed)}, request
        )
    )


@login_required
@require_GET
def framework_tree(request, plan_id: int):
    """The plan's framework as a tree, filtered by a search text; adoptable nodes can be picked."""
    plan = plan_for_view(request, plan_id)
    q = (request.GET.get("q") or "").strip().lower()
    fw_ids = [plan.framework_id, *plan.related_frameworks.values_list("pk", flat=True)]
    nodes = list(
        FrameworkNode.objects.filter(framework_id__in=fw_ids)
        .select_related("level", "framework")
        .order_by("framework__kind", "framework__code", "path")
    )
    adopted = set(plan.adoptions.values_list("node_id", flat=True))
    parents = {n.parent_id for n in nodes}
    if q:
        hits = {
            n.path
            for n in nodes
            if q in n.name_th.lower() or q in n.code.lower() or q in (n.short_code or "").lower()
        }
        keep = {h[:end] for h in hits for end in range(10, len(h) + 1, 10)}
        nodes = [n for n in nodes if n.path in keep]
    for n in nodes:
        n.adopted = n.pk in adopted
        n.adoptable = n.level.key in ("kr", "kpi", "super_okr") or n.pk not in parents
        n.hit = bool(q) and (q in n.name_th.lower() or q in n.code.lower())
    return render(
        request,
        "editor/_framework_tree.html",
        {**plan_flags(request, plan), "nodes": nodes, "q": q},
    )
