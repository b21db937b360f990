from django.db import transaction
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from accounts.models import Role
from accounts.scope import (
    can_change_plan_status,
    can_create_plan,
    can_edit_plan,
    can_import_plan,
    has_any_role,
    plans_visible_to,
    scope_for,
)
from core.api.fields import unit_by_ref
from core.api.mixins import ScopedModelViewSet
from core.api.renderers import TABULAR_FORMATS, CSVRenderer, Table, XLSXRenderer, tabular_response
from core.concurrency import check_version
from core.fiscal import format_period, parse_period
from plans import services
from plans.filtersets import ComponentFilterSet, PlanFilterSet
from plans.models import Component, Plan, PlanSection, PlanStatus

from .serializers import (
    ComponentSerializer,
    PlanDetailSerializer,
    PlanSerializer,
    PlanStatusSerializer,
)

PLAN_WRITERS = {Role.PLANNER, Role.ANALYST, Role.ADMIN}
CONTENT_WRITERS = {Role.PLANNER, Role.ADMIN}


# --- documentation-only serializers ---------------------------------------------------------


class ScoreKpiSerializer(serializers.Serializer):
    kpi = serializers.IntegerField()
    code = serializers.CharField()
    weight = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    level = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    score = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    status = serializers.ChoiceField(choices=["on_track", "at_risk", "off_track", "no_data"])
    period = serializers.CharField(allow_null=True, required=False)


class ScoreComponentSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_th = serializers.CharField(required=False)
    parent = serializers.CharField(allow_null=True, required=False)
    weight = serializers.DecimalField(max_digits=8, decimal_places=2)
    score = serializers.DecimalField(max_digits=8, decimal_places=2)
    kpis = ScoreKpiSerializer(many=True)


class PlanScoresSerializer(serializers.Serializer):
    plan = serializers.IntegerField()
    period = serializers.CharField(allow_null=True)
    total_score = serializers.DecimalField(max_digits=8, decimal_places=2)
    max_score = serializers.DecimalField(max_digits=8, decimal_places=2)
    weighted_level = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    components = ScoreComponentSerializer(many=True)
    unscored_kpis = serializers.ListField(child=serializers.IntegerField())


class ImportIssueSerializer(serializers.Serializer):
    path = serializers.CharField()
    code = serializers.CharField(required=False)
    message = serializers.CharField()


class ImportReportSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    dry_run = serializers.BooleanField()
    plan = serializers.DictField(help_text='{"id", "org_unit", "fiscal_year"}')
    created = serializers.DictField(child=serializers.IntegerField())
    updated = serializers.DictField(child=serializers.IntegerField())
    deleted = serializers.DictField(child=serializers.IntegerField())
    flags = ImportIssueSerializer(many=True)
    errors = ImportIssueSerializer(many=True)


PLAN_DOCUMENT_SCHEMA = {
    "type": "object",
    "description": "เอกสารแผนทั้งฉบับรูปแบบ bmaplan/1 (docs/interchange.md)",
    "properties": {"format": {"type": "string", "example": "bmaplan/1"}},
    "additionalProperties": True,
}

SCORE_COLUMNS = [
    "องค์ประกอบ",
    "ชื่อองค์ประกอบ",
    "น้ำหนักองค์ประกอบ",
    "คะแนนองค์ประกอบ",
    "รหัสตัวชี้วัด",
    "น้ำหนักตัวชี้วัด",
    "ระดับ",
    "คะแนน",
    "สถานะ",
    "งวดรายงาน",
]
STATUS_TH = {
    "on_track": "เป็นไปตามแผน",
    "at_risk": "มีความเสี่ยง",
    "off_track": "ไม่เป็นไปตามแผน",
    "no_data": "ยังไม่มีข้อมูล",
}


class PlanViewSet(ScopedModelViewSet):
    """แผนปฏิบัติราชการของหน่วยงานรายปี / a unit's plan for a fiscal year.

    Readers see their units' plans and every approved plan (analysts and executives see all).
    Planners create and edit their unit's plans while draft or returned; analysts create plans,
    return and approve them. Updates carry ``version`` (409 when stale).
    """

    queryset = Plan.objects.select_related("org_unit", "framework").prefetch_related(
        Prefetch(
            "sections",
            queryset=PlanSection.objects.select_related("framework_node").order_by("order", "key"),
        )
    )
    serializer_class = PlanSerializer
    filterset_class = PlanFilterSet
    ordering_fields = ["fiscal_year", "org_unit__path", "status", "title_th", "updated_at"]
    ordering = ["-fiscal_year", "org_unit__path"]
    versioned = True

    def get_serializer_class(self):
        if self.action == "retrieve":
            return PlanDetailSerializer
        return super().get_serializer_class()

    def scope_queryset(self, qs):
        return plans_visible_to(self.request.user, qs)

    def may_write(self, request):
        return has_any_role(request.user, PLAN_WRITERS)

    def can_write_object(self, request, obj):
        if self.action in ("submit", "return_plan", "approve"):
            target = {
                "submit": PlanStatus.SUBMITTED,
                "return_plan": PlanStatus.RETURNED,
                "approve": PlanStatus.APPROVED,
            }[self.action]
            return can_change_plan_status(request.user, obj, target)
        return can_edit_plan(request.user, obj)

    def can_create(self, request, data):
        return can_create_plan(request.user, data["org_unit"])

    def perform_destroy(self, instance):
        services.plan_delete(plan=instance)

    # --- status changes -------------------------------------------------------------------
    def _set_status(self, request, status):
        plan = self.get_object()
        body = PlanStatusSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with transaction.atomic():
            check_version(plan, expected_version=body.validated_data["version"])
            services.plan_set_status(plan=plan, status=status, user=request.user)
        return Response(
            PlanSerializer(self.fresh(plan.pk), context=self.get_serializer_context()).data
        )

    @extend_schema(
        request=PlanStatusSerializer,
        responses={200: PlanSerializer},
        summary="ส่งแผนเพื่อพิจารณา / submit the plan",
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._set_status(request, PlanStatus.SUBMITTED)

    @extend_schema(
        request=PlanStatusSerializer,
        responses={200: PlanSerializer},
        summary="ส่งแผนกลับแก้ไข (นักวิเคราะห์) / return the plan (analysts)",
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_plan(self, request, pk=None):
        return self._set_status(request, PlanStatus.RETURNED)

    @extend_schema(
        request=PlanStatusSerializer,
        responses={200: PlanSerializer},
        summary="อนุมัติแผน (นักวิเคราะห์) / approve the plan (analysts)",
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._set_status(request, PlanStatus.APPROVED)

    # --- interchange ----------------------------------------------------------------------
    @extend_schema(
        responses={200: OpenApiResponse(PLAN_DOCUMENT_SCHEMA, description="bmaplan/1")},
        summary="ส่งออกแผนทั้งฉบับ (bmaplan/1) / export the whole plan",
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def export(self, request, pk=None):
        from plans.interchange.exporter import export_plan_document

        return Response(export_plan_document(self.get_object()))

    @extend_schema(
        request={"application/json": PLAN_DOCUMENT_SCHEMA},
        parameters=[
            OpenApiParameter(
                "dry_run",
                OpenApiTypes.BOOL,
                description="ตรวจสอบและรายงานผลโดยไม่บันทึก / validate and report only",
            )
        ],
        responses={
            200: ImportReportSerializer,
            400: OpenApiResponse(
                ImportReportSerializer,
                description="เอกสารมีข้อผิดพลาด ไม่มีการบันทึกใด ๆ / errors; nothing written",
            ),
        },
        summary="นำเข้าแผนทั้งฉบับ (bmaplan/1) / import a whole plan",
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        pagination_class=None,
        filter_backends=[],
    )
    def import_plan(self, request):
        from plans.interchange.importer import import_plan_document

        document = request.data
        if not isinstance(document, dict):
            raise exceptions.ValidationError({"non_field_errors": ["เอกสารต้องเป็น JSON object"]})
        unit = unit_by_ref(document.get("org_unit") or "")
        plan = None
        if unit is not None and isinstance(document.get("fiscal_year"), int):
            plan = Plan.objects.filter(org_unit=unit, fiscal_year=document["fiscal_year"]).first()
        if unit is None:
            allowed = has_any_role(request.user, {Role.ANALYST, Role.ADMIN})
        else:
            allowed = can_import_plan(request.user, unit, plan)
        if not allowed:
            self.deny()
        dry_run = request.query_params.get("dry_run", "").lower() in ("1", "true", "yes")
        report = import_plan_document(document=document, user=request.user, dry_run=dry_run)
        data = report.to_dict() if hasattr(report, "to_dict") else report.as_dict()
        return Response(data, status=200 if data.get("ok") else 400)

    # --- scores ---------------------------------------------------------------------------
    @extend_schema(
        parameters=[
            OpenApiParameter(
                "period",
                OpenApiTypes.STR,
                description="งวด ปปปป-ดด (ค.ศ.) เช่น 2024-03; เว้นว่าง = ล่าสุด",
            ),
            OpenApiParameter(
                "format", OpenApiTypes.STR, enum=["json", "csv", "xlsx"], description="รูปแบบ"
            ),
        ],
        responses={200: PlanScoresSerializer},
        summary="คะแนนตามคำรับรอง ณ งวด / computed scores at a period",
    )
    @action(
        detail=True,
        methods=["get"],
        pagination_class=None,
        filter_backends=[],
        renderer_classes=[JSONRenderer, CSVRenderer, XLSXRenderer],
    )
    def scores(self, request, pk=None):
        plan = self.get_object()
        period = request.query_params.get("period") or None
        if period is not None:
            try:
                period = format_period(*parse_period(period))
            except ValueError as exc:
                raise exceptions.ValidationError({"period": [str(exc)]}) from exc
        from scoring.selectors import plan_scores

        try:
            data = plan_scores(plan, period)
        except ValueError as exc:
            raise exceptions.ValidationError({"period": [str(exc)]}) from exc
        if request.accepted_renderer.format in TABULAR_FORMATS:
            rows = []
            for c in data["components"]:
                head = [c["code"], c.get("name_th", ""), c["weight"], c["score"]]
                if not c["kpis"]:
                    rows.append([*head, "", "", "", "", "", ""])
                for k in c["kpis"]:
                    rows.append(
                        [
                            *head,
                            k["code"],
                            k["weight"],
                            k["level"],
                            k["score"],
                            STATUS_TH.get(k["status"], k["status"]),
                            k.get("period") or "",
                        ]
                    )
            rows.append(["รวม", "", data["max_score"], data["total_score"], "", "", "", "", "", ""])
            table = Table(SCORE_COLUMNS, rows, title="คะแนน")
            name = f"scores-{plan.org_unit.code}-{plan.fiscal_year}-{data.get('period') or ''}"
            return tabular_response(table, request, name)
        return Response(data)


class PlanContentViewSet(ScopedModelViewSet):
    """Rows of a plan: read with the plan, written by its planners while it is editable."""

    def scope_queryset(self, qs):
        if scope_for(self.request.user).is_global_reader:
            return qs  # every plan is visible: no subquery in every list and count
        return qs.filter(plan__in=plans_visible_to(self.request.user).values("pk"))

    def may_write(self, request):
        return has_any_role(request.user, CONTENT_WRITERS)

    def can_write_object(self, request, obj):
        return can_edit_plan(request.user, obj.plan)

    def can_create(self, request, data):
        return can_edit_plan(request.user, data["plan"])


class ComponentViewSet(PlanContentViewSet):
    """องค์ประกอบการประเมินตามคำรับรอง / agreement components of a plan."""

    queryset = Component.objects.select_related("plan__org_unit", "parent")
    serializer_class = ComponentSerializer
    filterset_class = ComponentFilterSet
    ordering_fields = ["order", "code", "weight"]
    ordering = ["plan", "order", "code"]

    def perform_destroy(self, instance):
        services.component_delete(component=instance)
