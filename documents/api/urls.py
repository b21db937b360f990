"""API routes of the documents app; included by bmaplan/api_urls.py under /api/v1/."""

from django.urls import path

from .views import DocumentDownloadView, DocumentJobView, PlanDocumentsView

urlpatterns = [
    path("plans/<int:plan_id>/documents/", PlanDocumentsView.as_view(), name="api-plan-documents"),
    path("documents/<int:pk>/", DocumentJobView.as_view(), name="api-document"),
    path(
        "documents/<int:pk>/download/", DocumentDownloadView.as_view(), name="api-document-download"
    ),
]
