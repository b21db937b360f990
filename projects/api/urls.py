"""Routes of this app, registered on the one router in ``bmaplan.api_urls``."""

from .views import ProjectViewSet

routes = [("projects", ProjectViewSet, "project")]
