from django.contrib import admin
from django.urls import include, path

from core import views as core_views
from editor.views import home as editor_home

# Prefixed includes first: the API is the hot path and should not be resolved through the
# pages' patterns.
urlpatterns = [
    path("api/v1/", include("bmaplan.api_urls")),
    path("healthz/", core_views.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("documents/", include("documents.urls")),
    path("reporting/", include("reporting.urls")),
    path("", include("dashboards.urls")),
    path("", editor_home.home, name="home"),
    path("", include("editor.urls")),
]

admin.site.site_header = "bmaplan · ระบบแผนปฏิบัติราชการกรุงเทพมหานคร"
admin.site.site_title = "bmaplan"
admin.site.index_title = "การจัดการข้อมูล"
