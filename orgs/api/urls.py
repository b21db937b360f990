"""Routes of this app, registered on the one router in ``bmaplan.api_urls``."""

from .views import OrgUnitViewSet

routes = [("org-units", OrgUnitViewSet, "org-unit")]
