import django_filters

from core.api.filters import BaseFilterSet, UnitRefFilter

from .models import Component, Plan, PlanStatus


class PlanFilterSet(BaseFilterSet):
    org_unit = UnitRefFilter(field_name="org_unit")
    org_unit_tree = UnitRefFilter(field_name="org_unit", subtree=True)
    status = django_filters.MultipleChoiceFilter(choices=PlanStatus.choices)
    framework_code = django_filters.CharFilter(field_name="framework__code")

    class Meta:
        model = Plan
        fields = ["fiscal_year", "org_unit", "org_unit_tree", "status", "framework"]


class ComponentFilterSet(BaseFilterSet):
    fiscal_year = django_filters.NumberFilter(field_name="plan__fiscal_year")
    org_unit = UnitRefFilter(field_name="plan__org_unit")
    org_unit_tree = UnitRefFilter(field_name="plan__org_unit", subtree=True)
    parent = django_filters.NumberFilter(field_name="parent")

    class Meta:
        model = Component
        fields = ["plan", "fiscal_year", "org_unit", "org_unit_tree", "code", "parent"]
