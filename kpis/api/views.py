from types import SimpleNamespace

from django.db.models import F, Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.renderers import JSONRenderer

from core.api.prefetch import attach_reverse, attach_sql_many, model_rows_sql
from core.api.renderers import TABULAR_FORMATS, CSVRenderer, Table, XLSXRenderer, tabular_response
from frameworks.models import FrameworkNode
from kpis import services
from kpis.filtersets import KpiFilterSet
from kpis.models import (
    CompositePart,
    Kpi,
    KpiResponsibility,
    KpiYearValue,
    ScaleLevel,
    ScaleStep,
)
from plans.api.views import PlanContentViewSet

from .serializers import KpiSerializer

KPI_COLUMNS = [
    "หน่วยงาน",
    "ปีงบประมาณ",
    "รหัสตัวชี้วัด",
    "ชื่อตัวชี้วัด",
    "หน่วยนับ",
    "ทิศทาง",
    "ส่วนที่",
    "องค์ประกอบ",
    "น้ำหนัก",
    "ระดับเป้าหมาย",
    "รูปแบบเกณฑ์",
    "ค่าเป้าหมาย",
    "ยุทธศาสตร์ที่เชื่อมโยง",
    "นโยบายผู้ว่าฯ",
]


NODES_SQL = """
    SELECT kn.kpi_id AS owner_id, row_number() OVER (ORDER BY f.fiscal_year DESC, f.code, n.path)
           AS ord, n.code, n.framework_id, f.code AS framework_code
    FROM kpis_kpi_nodes kn
    JOIN frameworks_frameworknode n ON n.id = kn.frameworknode_id
    JOIN frameworks_framework f ON f.id = n.framework_id
    WHERE kn.kpi_id = ANY(%s)
"""
POLICIES_SQL = """
    SELECT kp.kpi_id AS owner_id, row_number() OVER (ORDER BY p.code) AS ord, p.code
    FROM kpis_kpi_policies kp JOIN frameworks_policy p ON p.id = kp.policy_id
    WHERE kp.kpi_id = ANY(%s)
"""
RESPONSIBILITIES_SQL = """
    SELECT r.kpi_id AS owner_id, row_number() OVER (ORDER BY r."order", r.id) AS ord,
           r.org_unit_id, u.code AS org_unit_code, r.unit_text, r.role, r.duties_th
    FROM kpis_kpiresponsibility r LEFT JOIN orgs_orgunit u ON u.id = r.org_unit_id
    WHERE r.kpi_id = ANY(%s)
"""


def _node(row: dict) -> SimpleNamespace:
    return SimpleNamespace(
        code=row["code"],
        framework_id=row["framework_id"],
        framework=SimpleNamespace(code=row["framework_code"]),
    )


def _responsibility(row: dict) -> SimpleNamespace:
    unit = SimpleNamespace(code=row["org_unit_code"]) if row["org_unit_id"] else None
    return SimpleNamespace(
        org_unit_id=row["org_unit_id"],
        org_unit=unit,
        unit_text=row["unit_text"],
        role=row["role"],
        duties_th=row["duties_th"],
    )


def attach_kpi_children(kpis: list[Kpi]) -> None:
    """Everything the KPI serializer reads, for a whole page: one UNION query for the plain
    relations and one for composite parts (with their nested rows)."""
    attach_sql_many(
        kpis,
        [
            ("nodes", NODES_SQL, _node),
            ("policies", POLICIES_SQL, lambda row: SimpleNamespace(code=row["code"])),
            ("levels", *model_rows_sql(ScaleLevel, "kpi", ["level"])),
            ("scale_steps", *model_rows_sql(ScaleStep, "kpi", ["order"])),
            ("year_values", *model_rows_sql(KpiYearValue, "kpi", ["kind", "fiscal_year"])),
            ("responsibilities", RESPONSIBILITIES_SQL, _responsibility),
        ],
    )
    attach_reverse(
        kpis,
        "parts",
        CompositePart.objects.prefetch_related("levels", "steps").order_by("index"),
        "kpi",
    )


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "format",
                OpenApiTypes.STR,
                enum=["json", "csv", "xlsx"],
                description="csv (UTF-8 BOM) หรือ xlsx: ส่งออกทุกแถวที่กรองได้ หัวตารางภาษาไทย",
            )
        ]
    )
)
class KpiViewSet(PlanContentViewSet):
    """ตัวชี้วัดของแผน พร้อมเกณฑ์ ค่าเป้าหมาย และหน่วยงานรับผิดชอบ / KPIs with their scales.

    Writes carry ``version``; nested lists (scale rows, baselines/targets, responsibilities)
    replace the stored ones. ``?format=csv|xlsx`` on the list exports every filtered row.
    """

    queryset = Kpi.objects.select_related(
        "plan__org_unit", "plan__framework", "component", "adoption__node"
    ).prefetch_related(
        Prefetch("nodes", queryset=FrameworkNode.objects.select_related("framework")),
        "policies",
        "levels",
        "scale_steps",
        Prefetch("parts", queryset=CompositePart.objects.prefetch_related("levels", "steps")),
        "year_values",
        Prefetch("responsibilities", queryset=KpiResponsibility.objects.select_related("org_unit")),
    )
    serializer_class = KpiSerializer
    filterset_class = KpiFilterSet
    ordering_fields = ["code", "order", "weight", "plan__fiscal_year", "plan__org_unit__path"]
    ordering = ["plan_id", "order", "code"]
    versioned = True

    def get_queryset(self):
        qs = super().get_queryset()
        tabular = getattr(self.request, "accepted_renderer", None) and (
            self.request.accepted_renderer.format in TABULAR_FORMATS
        )
        if self.action == "list" and not tabular:
            # a page's children are attached by ``paginate_queryset`` (core.api.prefetch);
            # the JSON list needs only the adopted node and the plan's framework id
            qs = (
                qs.prefetch_related(None)
                .select_related(None)
                .select_related("adoption__node")
                .annotate(_plan_framework_id=F("plan__framework_id"))
            )
        return qs

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            attach_kpi_children(page)
        return page

    def get_renderers(self):
        if self.action == "list":
            return [JSONRenderer(), CSVRenderer(), XLSXRenderer()]
        return super().get_renderers()

    def perform_destroy(self, instance):
        services.kpi_delete(kpi=instance)

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format not in TABULAR_FORMATS:
            return super().list(request, *args, **kwargs)
        rows = []
        for kpi in self.filter_queryset(self.get_queryset()):
            targets = [v for v in kpi.year_values.all() if v.kind == "target"]
            nodes = [n.code for n in kpi.nodes.all()]
            rows.append(
                [
                    kpi.plan.org_unit.code,
                    kpi.plan.fiscal_year,
                    kpi.code,
                    kpi.name_th,
                    kpi.unit_th,
                    kpi.get_direction_display(),
                    kpi.part,
                    kpi.component.code if kpi.component_id else "",
                    kpi.weight,
                    kpi.target_level,
                    kpi.get_scale_kind_display(),
                    "; ".join(f"{v.fiscal_year}: {v.text}" for v in targets),
                    ", ".join(nodes),
                    ", ".join(p.code for p in kpi.policies.all()),
                ]
            )
        return tabular_response(Table(KPI_COLUMNS, rows, title="ตัวชี้วัด"), request, "kpis")
