import django_filters
from django.db.models import Q

from core.api.filters import BaseFilterSet, CodeInFilter, NodeRefFilter, UnitRefFilter

from .models import Project, ProjectKind


class ProjectFilterSet(BaseFilterSet):
    fiscal_year = django_filters.NumberFilter(field_name="plan__fiscal_year")
    org_unit = UnitRefFilter(field_name="plan__org_unit")
    org_unit_tree = UnitRefFilter(field_name="plan__org_unit", subtree=True)
    owner_unit = UnitRefFilter(field_name="owner_units")
    kind = django_filters.MultipleChoiceFilter(choices=ProjectKind.choices)
    kpi = django_filters.NumberFilter(method="by_kpi", help_text="id ของตัวชี้วัด")
    node = NodeRefFilter(field_name="nodes")
    node_tree = NodeRefFilter(field_name="nodes", subtree=True)
    policy = CodeInFilter(field_name="policies__code", help_text="รหัสนโยบาย คั่นด้วย ,")
    q = django_filters.CharFilter(method="search", help_text="ค้นหาจากรหัสหรือชื่อ")

    class Meta:
        model = Project
        fields = [
            "plan",
            "fiscal_year",
            "org_unit",
            "org_unit_tree",
            "owner_unit",
            "part",
            "kind",
            "kpi",
            "node",
            "node_tree",
            "policy",
            "code",
        ]

    def by_kpi(self, qs, name, value):
        return qs.filter(pk__in=Project.objects.filter(kpis=value).values("pk"))

    def search(self, qs, name, value):
        return qs.filter(Q(code__icontains=value) | Q(name_th__icontains=value))
