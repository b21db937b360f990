from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("plans/<int:plan_id>/", views.plan_documents, name="plan"),
    path("<int:job_id>/", views.job_detail, name="job"),
    path("<int:job_id>/download/", views.job_download, name="download"),
]
