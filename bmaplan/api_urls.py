"""REST API v1 (/api/v1/): one router for every app's viewsets, token auth, schema and docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from core.api.views import AuthTokenView
from frameworks.api.urls import routes as framework_routes
from kpis.api.urls import routes as kpi_routes
from orgs.api.urls import routes as org_routes
from plans.api.urls import routes as plan_routes
from progress.api.urls import routes as progress_routes
from projects.api.urls import routes as project_routes

router = DefaultRouter()
for prefix, viewset, basename in (
    *org_routes,
    *framework_routes,
    *plan_routes,
    *kpi_routes,
    *project_routes,
    *progress_routes,
):
    router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("auth/token/", AuthTokenView.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("documents.api.urls")),
    *router.urls,
]
