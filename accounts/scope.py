"""Object scope: the one place that says which units, plans and reports a user may touch.

Every view and API endpoint filters through these functions, so a planner of one unit can
never read another unit's drafts, whatever URL they type. Django groups carry the coarse
model permissions (for the admin); these functions carry the per-object rule:

- planner / evaluator: their membership units and every unit below them;
- analyst (สยป.), executive, admin: every unit;
- approved plans are readable by every signed-in user (they are published documents);
- only planners edit plans, only in draft or returned status, only inside their scope;
- only evaluators (and analysts) write monthly reports inside their scope;
- only analysts review and approve; executives never write.
"""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from orgs.models import OrgUnit

from .models import UNIT_SCOPED_ROLES, Role


@dataclass(frozen=True)
class UserScope:
    roles: frozenset[str] = frozenset()
    # Unit paths per role, for unit-scoped roles; a user may hold several memberships.
    unit_paths: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def is_global_reader(self) -> bool:
        return bool(self.roles & {Role.ANALYST, Role.EXECUTIVE, Role.ADMIN})

    def has(self, role: str) -> bool:
        return role in self.roles

    def unit_q(self, roles: set[str] | frozenset[str], *, prefix: str = "") -> Q:
        """A Q on ``<prefix>path`` matching units in the subtrees of the given roles."""
        paths = {p for r in roles for p in self.unit_paths.get(r, ())}
        if not paths:
            return Q(pk__in=[])
        q = Q()
        for p in sorted(paths):
            q |= Q(**{f"{prefix}path__startswith": p})
        return q


ANONYMOUS = UserScope()


def scope_for(user) -> UserScope:
    """Build (once per request: cached on the user object) the user's scope."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_bmaplan_scope", None)
    if cached is not None:
        return cached
    roles: set[str] = set()
    paths: dict[str, list[str]] = {}
    for role, path in user.memberships.values_list("role", "org_unit__path"):
        roles.add(role)
        if role in UNIT_SCOPED_ROLES and path:
            paths.setdefault(role, []).append(path)
    if user.is_superuser:
        roles.add(Role.ADMIN)
    scope = UserScope(frozenset(roles), {r: tuple(p) for r, p in paths.items()})
    user._bmaplan_scope = scope
    return scope


def units_visible_to(user) -> QuerySet[OrgUnit]:
    scope = scope_for(user)
    if scope.is_global_reader:
        return OrgUnit.objects.all()
    return OrgUnit.objects.filter(scope.unit_q(UNIT_SCOPED_ROLES))


def unit_in_scope(user, unit: OrgUnit, roles: set[str] | frozenset[str]) -> bool:
    scope = scope_for(user)
    return any(unit.path.startswith(p) for r in roles for p in scope.unit_paths.get(r, ()))


def plans_visible_to(user, qs: QuerySet | None = None) -> QuerySet:
    """Plans a user may read: everything for global readers; own subtree plus approved ones."""
    from plans.models import Plan, PlanStatus

    qs = Plan.objects.all() if qs is None else qs
    scope = scope_for(user)
    if scope is ANONYMOUS:
        return qs.none()
    if scope.is_global_reader:
        return qs
    return qs.filter(
        scope.unit_q(UNIT_SCOPED_ROLES, prefix="org_unit__") | Q(status=PlanStatus.APPROVED)
    )


def can_view_plan(user, plan) -> bool:
    scope = scope_for(user)
    if scope is ANONYMOUS:
        return False
    if scope.is_global_reader or plan.status == "approved":
        return True
    return unit_in_scope(user, plan.org_unit, UNIT_SCOPED_ROLES)


def can_edit_plan(user, plan) -> bool:
    """Planners edit their unit's plan while it is a draft or was returned to them."""
    if plan.status not in ("draft", "returned"):
        return False
    scope = scope_for(user)
    if scope.has(Role.ADMIN):
        return True
    return unit_in_scope(user, plan.org_unit, {Role.PLANNER})


def can_report_on_plan(user, plan) -> bool:
    """Evaluators enter monthly progress for approved plans of their units."""
    scope = scope_for(user)
    if scope.has(Role.ADMIN):
        return True
    return unit_in_scope(user, plan.org_unit, {Role.EVALUATOR})


def can_review(user) -> bool:
    scope = scope_for(user)
    return scope.has(Role.ANALYST) or scope.has(Role.ADMIN)


def can_manage_frameworks(user) -> bool:
    return can_review(user)


def can_create_plan(user, unit: OrgUnit) -> bool:
    """A new plan for *unit*: its planners (unit in their subtree), analysts and admins."""
    scope = scope_for(user)
    if scope.has(Role.ANALYST) or scope.has(Role.ADMIN):
        return True
    return unit_in_scope(user, unit, {Role.PLANNER})


def can_change_plan_status(user, plan, new_status: str) -> bool:
    """Planners (and admins) submit their unit's plan; analysts return or approve it.

    Whether the move is allowed from the plan's current status is the service's business.
    """
    if new_status == "submitted":
        scope = scope_for(user)
        return scope.has(Role.ADMIN) or unit_in_scope(user, plan.org_unit, {Role.PLANNER})
    if new_status in ("returned", "approved"):
        return can_review(user)
    return False


def has_any_role(user, roles) -> bool:
    """Coarse check before any object is known: does the user hold one of these roles?"""
    return bool(scope_for(user).roles & set(roles))


def can_edit_report(user, report, plan) -> bool:
    """Monthly reports are edited by their reporters while draft or returned to them."""
    return report.status in ("draft", "returned") and can_report_on_plan(user, plan)


def can_import_plan(user, unit: OrgUnit, plan=None) -> bool:
    """Whole-plan import: analysts and admins (it also upserts frameworks and policies), or the
    unit's planners when the plan is new or still editable."""
    if can_review(user):
        return True
    if plan is None:
        return unit_in_scope(user, unit, {Role.PLANNER})
    return can_edit_plan(user, plan)


# -- the public transparency view (settings.BMAPLAN_PUBLIC_VIEW): no login, nothing unpublished --
PUBLIC_REPORT_STATUSES = ("verified",)


def public_plans(qs: QuerySet | None = None) -> QuerySet:
    """Plans anyone may read without signing in: approved ones only."""
    from plans.models import Plan, PlanStatus

    qs = Plan.objects.all() if qs is None else qs
    return qs.filter(status=PlanStatus.APPROVED)


def public_reports(qs: QuerySet) -> QuerySet:
    """Monthly reports the public sees: verified ones of approved plans."""
    return qs.filter(status__in=PUBLIC_REPORT_STATUSES)
