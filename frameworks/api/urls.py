"""Routes of this app, registered on the one router in ``bmaplan.api_urls``."""

from .views import FrameworkNodeViewSet, FrameworkViewSet, PolicyViewSet

routes = [
    ("frameworks", FrameworkViewSet, "framework"),
    ("framework-nodes", FrameworkNodeViewSet, "framework-node"),
    ("policies", PolicyViewSet, "policy"),
]
