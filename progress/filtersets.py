import django_filters

from core.api.filters import (
    BaseFilterSet,
    CodeInFilter,
    NodeRefFilter,
    PeriodFilter,
    UnitRefFilter,
)

from .models import KpiReport, ProjectReport, ReportStatus


class ReportFilterSetBase(BaseFilterSet):
    status = django_filters.MultipleChoiceFilter(choices=ReportStatus.choices)
    period = PeriodFilter(field_name="period", help_text="งวด ปปปป-ดด (ค.ศ.)")
    period_from = PeriodFilter(field_name="period", lookup_expr="gte", help_text="ตั้งแต่งวด ปปปป-ดด")
    period_to = PeriodFilter(field_name="period", lookup_expr="lte", help_text="ถึงงวด ปปปป-ดด")


class KpiReportFilterSet(ReportFilterSetBase):
    plan = django_filters.NumberFilter(field_name="kpi__plan")
    fiscal_year = django_filters.NumberFilter(field_name="kpi__plan__fiscal_year")
    org_unit = UnitRefFilter(field_name="kpi__plan__org_unit")
    org_unit_tree = UnitRefFilter(field_name="kpi__plan__org_unit", subtree=True)
    node = NodeRefFilter(field_name="kpi__nodes")
    node_tree = NodeRefFilter(field_name="kpi__nodes", subtree=True)
    policy = CodeInFilter(field_name="kpi__policies__code", help_text="รหัสนโยบาย คั่นด้วย ,")
    component = django_filters.NumberFilter(field_name="kpi__component")

    class Meta:
        model = KpiReport
        fields = [
            "kpi",
            "plan",
            "fiscal_year",
            "org_unit",
            "org_unit_tree",
            "node",
            "node_tree",
            "policy",
            "component",
            "status",
            "period",
            "period_from",
            "period_to",
        ]


class ProjectReportFilterSet(ReportFilterSetBase):
    plan = django_filters.NumberFilter(field_name="project__plan")
    fiscal_year = django_filters.NumberFilter(field_name="project__plan__fiscal_year")
    org_unit = UnitRefFilter(field_name="project__plan__org_unit")
    org_unit_tree = UnitRefFilter(field_name="project__plan__org_unit", subtree=True)
    node = NodeRefFilter(field_name="project__nodes")
    node_tree = NodeRefFilter(field_name="project__nodes", subtree=True)
    policy = CodeInFilter(field_name="project__policies__code", help_text="รหัสนโยบาย คั่นด้วย ,")

    class Meta:
        model = ProjectReport
        fields = [
            "project",
            "plan",
            "fiscal_year",
            "org_unit",
            "org_unit_tree",
            "node",
            "node_tree",
            "policy",
            "status",
            "period",
            "period_from",
            "period_to",
        ]
