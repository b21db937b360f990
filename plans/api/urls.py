"""Routes of this app, registered on the one router in ``bmaplan.api_urls``."""

from .views import ComponentViewSet, PlanViewSet

routes = [
    ("plans", PlanViewSet, "plan"),
    ("components", ComponentViewSet, "component"),
]
