from accounts.scope import can_manage_frameworks, units_visible_to
from core.api.mixins import ScopedModelViewSet
from orgs import services
from orgs.filtersets import OrgUnitFilterSet
from orgs.models import OrgUnit

from .serializers import OrgUnitSerializer


class OrgUnitViewSet(ScopedModelViewSet):
    """หน่วยงาน: อ่านได้ตามขอบเขตของผู้ใช้; เพิ่ม/แก้ไข/ลบได้เฉพาะนักวิเคราะห์ สยป. และผู้ดูแลระบบ.

    Units: readable within the user's scope; analysts and admins write.
    """

    queryset = OrgUnit.objects.select_related("parent")
    serializer_class = OrgUnitSerializer
    filterset_class = OrgUnitFilterSet
    ordering_fields = ["path", "code", "name_th", "kind"]
    ordering = ["path"]

    def scope_queryset(self, qs):
        return qs.filter(pk__in=units_visible_to(self.request.user).values("pk"))

    def may_write(self, request):
        return can_manage_frameworks(request.user)

    def can_write_object(self, request, obj):
        return can_manage_frameworks(request.user)

    def perform_destroy(self, instance):
        services.org_unit_delete(unit=instance)
