"""Site-wide views: the home page and the health check used by deploy tooling."""

import time

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from accounts.scope import plans_visible_to, scope_for

from .tasks import HEARTBEAT_KEY


@login_required
def home(request):
    plans = plans_visible_to(request.user).select_related("org_unit", "framework")[:50]
    return render(
        request, "core/home.html", {"plans": plans, "roles": sorted(scope_for(request.user).roles)}
    )


def _worker_check() -> str:
    """'ok' when a Celery worker ran the beat heartbeat (core.tasks.heartbeat) recently."""
    beat = cache.get(HEARTBEAT_KEY)
    if beat is None:
        return "missing"
    age = int(time.time() - float(beat))
    if age > settings.BMAPLAN_HEARTBEAT_STALE_SECONDS:
        return f"stale: {age}s"
    return "ok"


@never_cache
def health(request):
    """The parts the app needs: database, Redis, and a Celery worker heartbeat.

    The database or Redis down is 503 (take this web process out of the load balancer). A
    missing or stale worker heartbeat alone is ``"status": "degraded"`` with 200, because the
    web app still serves and saves (jobs wait in the queue); monitoring asks with ``?strict=1``
    to get 503 for that too.
    """
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
    try:
        worker = _worker_check() if checks["redis"] == "ok" else "unknown"
    except Exception as exc:
        worker = f"error: {exc.__class__.__name__}"
    core_ok = checks["database"] == "ok" and checks["redis"] == "ok"
    status = "ok" if core_ok and worker == "ok" else ("degraded" if core_ok else "error")
    code = 200 if core_ok else 503
    if request.GET.get("strict") and worker != "ok":
        code = 503
    return JsonResponse({"status": status, **checks, "worker": worker}, status=code)
