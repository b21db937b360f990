"""Routes of this app, registered on the one router in ``bmaplan.api_urls``."""

from .views import KpiReportViewSet, ProjectReportViewSet

routes = [
    ("kpi-reports", KpiReportViewSet, "kpi-report"),
    ("project-reports", ProjectReportViewSet, "project-report"),
]
