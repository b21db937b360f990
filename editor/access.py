"""Object access for the browser views: every plan-scoped view goes through these, which ask
``accounts.scope`` (the one place with the rules) and answer 404 / 403."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.scope import can_edit_plan, can_review, can_view_plan
from plans.models import Plan


def plan_for_view(request, plan_id: int) -> Plan:
    plan = get_object_or_404(
        Plan.objects.select_related("org_unit", "framework", "approved_by"), pk=plan_id
    )
    if not can_view_plan(request.user, plan):
        raise PermissionDenied("ไม่มีสิทธิ์ดูแผนของหน่วยงานนี้")
    return plan


def plan_for_edit(request, plan_id: int) -> Plan:
    plan = plan_for_view(request, plan_id)
    if not can_edit_plan(request.user, plan):
        raise PermissionDenied("แผนนี้แก้ไขไม่ได้ (อนุมัติแล้ว/อยู่ระหว่างพิจารณา หรือไม่ใช่แผนของหน่วยงานคุณ)")
    return plan


def plan_for_review(request, plan_id: int) -> Plan:
    plan = plan_for_view(request, plan_id)
    if not can_review(request.user):
        raise PermissionDenied("เฉพาะนักวิเคราะห์ สยป. เท่านั้นที่พิจารณาแผนได้")
    return plan
