import django_filters
from django.db.models import Q

from core.api.filters import BaseFilterSet, CharInFilter, NodeRefFilter, UnitRefFilter

from .models import Framework, FrameworkKind, FrameworkNode, Policy


class FrameworkFilterSet(BaseFilterSet):
    fiscal_year = django_filters.NumberFilter(
        method="covers", help_text="ปีงบประมาณ (พ.ศ.) ที่กรอบนี้ใช้ / fiscal year covered"
    )
    kind = django_filters.MultipleChoiceFilter(choices=FrameworkKind.choices)
    owner_unit = UnitRefFilter(field_name="owner_unit")

    class Meta:
        model = Framework
        fields = ["code", "fiscal_year", "kind", "owner_unit"]

    def covers(self, qs, name, value):
        year = int(value)
        return qs.filter(Q(fiscal_year=year) | Q(fiscal_year__lte=year, last_fiscal_year__gte=year))


class FrameworkNodeFilterSet(BaseFilterSet):
    fiscal_year = django_filters.NumberFilter(field_name="framework__fiscal_year")
    framework_code = django_filters.CharFilter(field_name="framework__code")
    level = django_filters.CharFilter(field_name="level__key", help_text="รหัสระดับ เช่น kr")
    parent = django_filters.CharFilter(field_name="parent__code", help_text="รหัสหัวข้อระดับบน")
    subtree = NodeRefFilter(field_name="self", subtree=True)
    host_unit = UnitRefFilter(field_name="host_units")
    q = django_filters.CharFilter(method="search", help_text="ค้นหาจากรหัสหรือชื่อ")

    class Meta:
        model = FrameworkNode
        fields = ["framework", "fiscal_year", "framework_code", "level", "parent", "code"]

    def search(self, qs, name, value):
        return qs.filter(Q(code__icontains=value) | Q(name_th__icontains=value))


class PolicyFilterSet(BaseFilterSet):
    code = CharInFilter(field_name="code", help_text="รหัสนโยบาย คั่นด้วย ,")
    q = django_filters.CharFilter(method="search", help_text="ค้นหาจากรหัสหรือชื่อ")

    class Meta:
        model = Policy
        fields = ["code", "dimension_th"]

    def search(self, qs, name, value):
        return qs.filter(Q(code__icontains=value) | Q(name_th__icontains=value))
