from django.urls import path

from . import views

app_name = "reporting"

P = "<str:period>"
urlpatterns = [
    path("", views.todo, name="todo"),
    path("kpi/<int:kpi_id>/score/", views.kpi_score_preview, name="kpi_score"),
    path(f"kpi/<int:kpi_id>/{P}/", views.kpi_report, name="kpi_report"),
    path(f"project/<int:project_id>/{P}/", views.project_report, name="project_report"),
    path(f"plans/<int:plan_id>/{P}/", views.plan_month, name="plan_month"),
    path(f"plans/<int:plan_id>/{P}/cell/", views.grid_cell, name="grid_cell"),
    path(f"plans/<int:plan_id>/{P}/submit/", views.submit_month, name="submit_month"),
    path(f"plans/<int:plan_id>/{P}/template.xlsx", views.bulk_template, name="bulk_template"),
    path(f"plans/<int:plan_id>/{P}/upload/", views.bulk_upload, name="bulk_upload"),
    path("review/", views.review_list, name="review_list"),
    path(f"review/<int:plan_id>/{P}/", views.review_plan, name="review_plan"),
    path(f"review/<int:plan_id>/{P}/lock/", views.lock_action, name="lock_action"),
    path("review/<str:kind>/<int:report_id>/", views.review_action, name="review_action"),
    path("evidence/<int:file_id>/", views.evidence_file, name="evidence"),
]
