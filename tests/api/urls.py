"""The API alone, so these tests do not depend on the server-rendered pages' URLs."""

from django.urls import include, path

urlpatterns = [path("api/v1/", include("bmaplan.api_urls"))]
