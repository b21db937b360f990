import django_filters

from core.api.filters import BaseFilterSet, UnitRefFilter

from .models import OrgUnit, OrgUnitKind


class OrgUnitFilterSet(BaseFilterSet):
    code = django_filters.CharFilter(help_text="อักษรย่อ")
    kind = django_filters.MultipleChoiceFilter(choices=OrgUnitKind.choices)
    parent = UnitRefFilter(field_name="parent", help_text="หน่วยงานระดับบน (อักษรย่อหรือ id)")
    subtree = UnitRefFilter(
        field_name="self", subtree=True, help_text="หน่วยงานนี้และหน่วยงานย่อยทั้งหมด (อักษรย่อหรือ id)"
    )
    q = django_filters.CharFilter(method="search", help_text="ค้นหาจากอักษรย่อหรือชื่อ")

    class Meta:
        model = OrgUnit
        fields = ["code", "kind", "parent", "subtree", "is_active", "q"]

    def search(self, qs, name, value):
        from django.db.models import Q

        return qs.filter(Q(code__icontains=value) | Q(name_th__icontains=value))
