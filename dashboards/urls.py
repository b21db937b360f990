from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("dashboards/", views.overview_view, name="overview"),
    path("dashboards/framework/", views.framework_view, name="framework"),
    path("dashboards/policies/", views.policies_view, name="policies"),
    path("dashboards/units/<int:plan_id>/", views.unit_view, name="unit"),
    path("dashboards/kpis/<int:kpi_id>/", views.kpi_view, name="kpi"),
    path("dashboards/evidence/<int:evidence_id>/", views.evidence_view, name="evidence"),
    path("public/", views.public_overview, name="public_overview"),
    path("public/framework/", views.public_framework, name="public_framework"),
    path("public/policies/", views.public_policies, name="public_policies"),
    path("public/units/<int:plan_id>/", views.public_unit, name="public_unit"),
    path("public/kpis/<int:kpi_id>/", views.public_kpi, name="public_kpi"),
]
