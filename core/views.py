"""Site-wide views: the home page and the health check used by deploy tooling."""

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from accounts.scope import plans_visible_to, scope_for


@login_required
def home(request):
    plans = plans_visible_to(request.user).select_related("org_unit", "framework")[:50]
    return render(
        request, "core/home.html", {"plans": plans, "roles": sorted(scope_for(request.user).roles)}
    )


def health(request):
    """Liveness of the parts the app needs: the database and Redis. 503 when one is down."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:
        checks["database"] = f"error: {exc.__class__.__name__}"
    try:
        cache.set("healthz", "1", 5)
        checks["redis"] = "ok" if cache.get("healthz") == "1" else "error"
    except Exception as exc:
        checks["redis"] = f"error: {exc.__class__.__name__}"
    ok = all(v == "ok" for v in checks.values())
    return JsonResponse({"status": "ok" if ok else "error", **checks}, status=200 if ok else 503)
