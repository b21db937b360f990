"""The baseline for the API benchmark: the same KPI page as plain ``.values()`` JSON.

Mounted only by ``bench.urls`` (the benchmark's URLconf), never in the application.
"""

from collections import defaultdict

from django.http import JsonResponse
from django.urls import include, path

from kpis.models import Kpi, ScaleLevel

FIELDS = ("id", "plan_id", "code", "name_th", "unit_th", "direction", "weight", "scale_kind",
          "definition_th", "calculation_th", "evidence_th", "component_id", "version")  # fmt: skip


def bare_kpis(request):
    page = int(request.GET.get("page", 1))
    size = int(request.GET.get("page_size", 100))
    qs = Kpi.objects.order_by("plan_id", "order", "code")
    rows = list(qs.values(*FIELDS)[(page - 1) * size : page * size])
    levels = defaultdict(list)
    for r in ScaleLevel.objects.filter(kpi_id__in=[r["id"] for r in rows]).values(
        "kpi_id", "level", "threshold_text", "criterion_th", "score", "min_value", "max_value"
    ):
        levels[r.pop("kpi_id")].append(r)
    for r in rows:
        r["levels"] = levels[r["id"]]
    return JsonResponse({"count": qs.count(), "results": rows})


urlpatterns = [
    path("bench/bare-kpis/", bare_kpis),
    path("", include("bmaplan.urls")),
]
