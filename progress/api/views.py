from django.db import transaction
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import Role
from accounts.scope import (
    can_edit_report,
    can_report_on_plan,
    can_review,
    has_any_role,
    plans_visible_to,
)
from core.api.mixins import ScopedModelViewSet
from core.concurrency import check_version
from progress import services
from progress.filtersets import KpiReportFilterSet, ProjectReportFilterSet
from progress.models import KpiReport, KpiReportPart, KpiReportStep, ProjectReport, ReportStatus

from .serializers import KpiReportSerializer, ProjectReportSerializer, ReportStatusSerializer

REPORT_WRITERS = {Role.EVALUATOR, Role.ANALYST, Role.ADMIN}
ACTION_STATUS = {
    "submit": ReportStatus.SUBMITTED,
    "verify": ReportStatus.VERIFIED,
    "return_report": ReportStatus.RETURNED,
}


class ReportViewSet(ScopedModelViewSet):
    """Monthly reports: evaluators of the plan's unit write them (draft or returned), submit
    them; analysts verify or return them. Writes carry ``version``."""

    versioned = True
    parent_name = ""  # "kpi" or "project"

    def plan_of(self, obj):
        return getattr(obj, self.parent_name).plan

    def scope_queryset(self, qs):
        plans = plans_visible_to(self.request.user).values("pk")
        return qs.filter(**{f"{self.parent_name}__plan__in": plans})

    def may_write(self, request):
        return has_any_role(request.user, REPORT_WRITERS)

    def can_write_object(self, request, obj):
        plan = self.plan_of(obj)
        if self.action == "submit":
            return can_report_on_plan(request.user, plan)
        if self.action in ("verify", "return_report"):
            return can_review(request.user)
        return can_edit_report(request.user, obj, plan)

    def can_create(self, request, data):
        return can_report_on_plan(request.user, data[self.parent_name].plan)

    def perform_destroy(self, instance):
        services.report_delete(report=instance)

    def _set_status(self, request):
        report = self.get_object()
        body = ReportStatusSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with transaction.atomic():
            check_version(report, expected_version=body.validated_data["version"])
            services.report_set_status(
                report=report,
                status=ACTION_STATUS[self.action],
                user=request.user,
                comment_th=body.validated_data.get("comment_th", ""),
            )
        return Response(self.get_serializer(self.fresh(report.pk)).data)

    @extend_schema(request=ReportStatusSerializer, summary="ส่งรายงาน / submit the report")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._set_status(request)

    @extend_schema(
        request=ReportStatusSerializer, summary="ตรวจสอบแล้ว (นักวิเคราะห์) / verify (analysts)"
    )
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        return self._set_status(request)

    @extend_schema(
        request=ReportStatusSerializer, summary="ส่งกลับแก้ไข (นักวิเคราะห์) / return (analysts)"
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_report(self, request, pk=None):
        return self._set_status(request)


class KpiReportViewSet(ReportViewSet):
    """รายงานผลตัวชี้วัดรายเดือน / monthly KPI progress. ``score`` is computed (read-only)."""

    queryset = KpiReport.objects.select_related("kpi__plan__org_unit").prefetch_related(
        Prefetch("steps_done", queryset=KpiReportStep.objects.select_related("step__part")),
        Prefetch("parts", queryset=KpiReportPart.objects.select_related("part")),
    )
    serializer_class = KpiReportSerializer
    filterset_class = KpiReportFilterSet
    ordering_fields = ["period", "status", "level", "score", "updated_at"]
    ordering = ["kpi", "period"]
    parent_name = "kpi"


class ProjectReportViewSet(ReportViewSet):
    """รายงานผลโครงการรายเดือน / monthly project progress (``progress_percent`` derived)."""

    queryset = ProjectReport.objects.select_related("project__plan__org_unit").prefetch_related(
        "steps_done"
    )
    serializer_class = ProjectReportSerializer
    filterset_class = ProjectReportFilterSet
    ordering_fields = ["period", "status", "progress_percent", "updated_at"]
    ordering = ["project", "period"]
    parent_name = "project"
