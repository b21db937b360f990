"""Routes of this app, registered on the one router in ``bmaplan.api_urls``."""

from .views import KpiViewSet

routes = [("kpis", KpiViewSet, "kpi")]
