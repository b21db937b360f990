from django.db.models import Prefetch

from accounts.scope import can_manage_frameworks
from core.api.mixins import ScopedModelViewSet
from frameworks import services
from frameworks.filtersets import FrameworkFilterSet, FrameworkNodeFilterSet, PolicyFilterSet
from frameworks.models import Framework, FrameworkLevel, FrameworkNode, Policy

from .serializers import FrameworkNodeSerializer, FrameworkSerializer, PolicySerializer


class CatalogueViewSet(ScopedModelViewSet):
    """Catalogue data: every signed-in user reads; analysts (สยป.) and admins write."""

    def may_write(self, request):
        return can_manage_frameworks(request.user)

    def can_write_object(self, request, obj):
        return can_manage_frameworks(request.user)


class FrameworkViewSet(CatalogueViewSet):
    """กรอบยุทธศาสตร์รายปีพร้อมระดับ / per-year strategic frameworks with their levels."""

    queryset = Framework.objects.select_related("owner_unit").prefetch_related(
        Prefetch("levels", queryset=FrameworkLevel.objects.order_by("order"))
    )
    serializer_class = FrameworkSerializer
    filterset_class = FrameworkFilterSet
    ordering_fields = ["fiscal_year", "code", "name_th"]
    ordering = ["-fiscal_year", "code"]

    def perform_destroy(self, instance):
        services.framework_delete(framework=instance)


class FrameworkNodeViewSet(CatalogueViewSet):
    """หัวข้อในกรอบยุทธศาสตร์ (ต้นไม้) / framework nodes (the tree)."""

    queryset = FrameworkNode.objects.select_related(
        "framework", "parent", "level"
    ).prefetch_related("host_units")
    serializer_class = FrameworkNodeSerializer
    filterset_class = FrameworkNodeFilterSet
    ordering_fields = ["path", "code", "order", "name_th"]
    ordering = ["framework", "path"]

    def perform_destroy(self, instance):
        services.node_delete(node=instance)


class PolicyViewSet(CatalogueViewSet):
    """ดัชนีนโยบายผู้ว่าราชการกรุงเทพมหานคร / the Governor's policy index."""

    queryset = Policy.objects.all()
    serializer_class = PolicySerializer
    filterset_class = PolicyFilterSet
    ordering_fields = ["code", "name_th", "dimension_th"]
    ordering = ["code"]

    def perform_destroy(self, instance):
        services.policy_delete(policy=instance)
