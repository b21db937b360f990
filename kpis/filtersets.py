import django_filters
from django.db.models import Q

from core.api.filters import BaseFilterSet, CodeInFilter, NodeRefFilter, UnitRefFilter

from .models import Direction, Kpi, ScaleKind


class KpiFilterSet(BaseFilterSet):
    fiscal_year = django_filters.NumberFilter(field_name="plan__fiscal_year")
    org_unit = UnitRefFilter(field_name="plan__org_unit")
    org_unit_tree = UnitRefFilter(field_name="plan__org_unit", subtree=True)
    node = NodeRefFilter(field_name="nodes")
    node_tree = NodeRefFilter(field_name="nodes", subtree=True)
    policy = CodeInFilter(field_name="policies__code", help_text="รหัสนโยบาย คั่นด้วย ,")
    scale_kind = django_filters.MultipleChoiceFilter(choices=ScaleKind.choices)
    direction = django_filters.ChoiceFilter(choices=Direction.choices)
    has_component = django_filters.BooleanFilter(
        field_name="component", lookup_expr="isnull", exclude=True
    )
    q = django_filters.CharFilter(method="search", help_text="ค้นหาจากรหัสหรือชื่อ")

    class Meta:
        model = Kpi
        fields = [
            "plan",
            "fiscal_year",
            "org_unit",
            "org_unit_tree",
            "node",
            "node_tree",
            "policy",
            "component",
            "part",
            "scale_kind",
            "direction",
            "code",
        ]

    def search(self, qs, name, value):
        return qs.filter(Q(code__icontains=value) | Q(name_th__icontains=value))
