"""Navigation by role: which menu entries a signed-in user sees."""

from django.urls import NoReverseMatch, reverse

from accounts.models import Role
from accounts.scope import scope_for

DASHBOARD_URL_NAMES = ("dashboards:overview", "dashboards:index", "dashboard", "dashboards")


def _dashboard_url() -> str:
    for name in DASHBOARD_URL_NAMES:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return ""


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    scope = scope_for(user)
    labels = dict(Role.choices)
    return {
        "nav_roles": [labels[r] for r in Role.values if r in scope.roles],
        "nav_can_create": bool(scope.roles & {Role.PLANNER, Role.ANALYST, Role.ADMIN}),
        "nav_is_reviewer": bool(scope.roles & {Role.ANALYST, Role.ADMIN}),
        "nav_reporting": bool(scope.roles & {Role.EVALUATOR, Role.ANALYST, Role.ADMIN}),
        "nav_dashboard_url": _dashboard_url()
        if scope.roles & {Role.EXECUTIVE, Role.ANALYST, Role.ADMIN}
        else "",
    }
