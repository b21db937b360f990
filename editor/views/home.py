"""The home page per role and the plan list."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone

from accounts.models import Role
from accounts.scope import plans_visible_to, scope_for, unit_in_scope, units_visible_to
from core.fiscal import fiscal_year_of
from orgs.models import OrgUnit
from plans.models import PlanStatus


def _plans(user):
    return plans_visible_to(user).select_related("org_unit", "framework")


@login_required
def home(request):
    user = request.user
    scope = scope_for(user)
    this_year = fiscal_year_of(timezone.localdate())
    ctx = {"nav": "home", "this_year": this_year, "scope": scope}

    if scope.has(Role.PLANNER):
        unit_paths = scope.unit_paths.get(Role.PLANNER, ())
        q = Q()
        for p in unit_paths:
            q |= Q(org_unit__path__startswith=p)
        mine = list(
            _plans(user)
            .filter(q)
            .annotate(
                open_comments=Count(
                    "review_comments", filter=Q(review_comments__resolved_at__isnull=True)
                ),
                open_marks=Count(
                    "revisit_marks", filter=Q(revisit_marks__resolved_at__isnull=True)
                ),
            )
            .order_by("-fiscal_year", "org_unit__path")
        )
        ctx["my_plans"] = mine
        ctx["to_fix"] = [p for p in mine if p.status == PlanStatus.RETURNED]
        ctx["drafts"] = [p for p in mine if p.status == PlanStatus.DRAFT]
        ctx["in_review"] = [p for p in mine if p.status == PlanStatus.SUBMITTED]
        units = OrgUnit.objects.filter(path__in=list(unit_paths)).order_by("path")
        have = {(p.org_unit_id, p.fiscal_year) for p in mine}
        ctx["missing"] = [
            (u, year)
            for year in (this_year, this_year + 1)
            for u in units
            if (u.pk, year) not in have
        ]
    if scope.has(Role.ANALYST) or scope.has(Role.ADMIN):
        ctx["waiting"] = list(
            _plans(user).filter(status=PlanStatus.SUBMITTED).order_by("submitted_at")
        )
        ctx["recent_approved"] = list(
            _plans(user).filter(status=PlanStatus.APPROVED).order_by("-approved_at")[:8]
        )
    if scope.has(Role.EXECUTIVE):
        ctx["approved"] = list(
            _plans(user).filter(status=PlanStatus.APPROVED).order_by("-fiscal_year")[:20]
        )
    if not scope.roles:
        ctx["no_role"] = True
    return render(request, "editor/home.html", ctx)


@login_required
def plan_list(request):
    user = request.user
    qs = _plans(user)
    years = sorted(set(plans_visible_to(user).values_list("fiscal_year", flat=True)), reverse=True)
    units = list(units_visible_to(user).filter(plans__isnull=False).distinct().order_by("path"))
    year = request.GET.get("year", "")
    unit_id = request.GET.get("unit", "")
    status = request.GET.get("status", "")
    text = request.GET.get("q", "").strip()
    if year.isdigit():
        qs = qs.filter(fiscal_year=int(year))
    unit = None
    if unit_id.isdigit():
        unit = OrgUnit.objects.filter(pk=int(unit_id)).first()
        if unit is not None:
            qs = qs.filter(org_unit__path__startswith=unit.path)
    if status in PlanStatus.values:
        qs = qs.filter(status=status)
    if text:
        qs = qs.filter(
            Q(title_th__icontains=text)
            | Q(org_unit__name_th__icontains=text)
            | Q(org_unit__code__icontains=text)
        )
    plans = list(qs.order_by("-fiscal_year", "org_unit__path")[:300])
    for p in plans:
        p.can_edit_here = p.is_editable and (
            unit_in_scope(user, p.org_unit, {Role.PLANNER}) or scope_for(user).has(Role.ADMIN)
        )
    return render(
        request,
        "editor/plan_list.html",
        {
            "nav": "review" if status == PlanStatus.SUBMITTED else "plans",
            "plans": plans,
            "years": years,
            "units": units,
            "statuses": PlanStatus.choices,
            "f": {"year": year, "unit": unit_id, "status": status, "q": text},
        },
    )
