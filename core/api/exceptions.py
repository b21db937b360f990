"""One error shape for the whole API (API.md "Errors").

- 400 ``{"field": ["ข้อความ"]}`` naming every bad field (DRF validation errors, Django
  ``ValidationError`` raised by services or ``full_clean``, and database integrity errors);
- 401 / 403 / 404 ``{"detail": "ข้อความ"}``;
- 409 ``{"detail": "ข้อความ", "current_version": n}`` for a stale ``version``.

Every error response rolls the transaction back, so a rejected request changes nothing.
"""

from __future__ import annotations

import re

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import set_rollback

from core.exceptions import ConflictError

from .messages import thai_errors, to_thai

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY  # "non_field_errors"

MSG_NOT_AUTHENTICATED = "กรุณาเข้าสู่ระบบ (ส่ง session หรือ Authorization: Token <key>)"
MSG_AUTH_FAILED = "ข้อมูลการยืนยันตัวตนไม่ถูกต้อง"
MSG_PERMISSION = "คุณไม่มีสิทธิ์ดำเนินการนี้"
MSG_NOT_FOUND = "ไม่พบข้อมูล หรือคุณไม่มีสิทธิ์เข้าถึง"
MSG_PROTECTED = "ไม่สามารถลบได้ เนื่องจากมีข้อมูลอื่นอ้างอิงอยู่"
MSG_INTEGRITY = "ข้อมูลขัดกับข้อกำหนดของฐานข้อมูล"
MSG_UNIQUE = "ข้อมูลนี้มีอยู่แล้ว (ซ้ำกับรายการเดิม)"

# Constraint name → (field, Thai message) for database errors that slip past validation.
CONSTRAINT_FIELDS: dict[str, tuple[str, str]] = {
    "plan_one_per_unit_and_year": ("fiscal_year", "หน่วยงานนี้มีแผนของปีงบประมาณนี้อยู่แล้ว"),
    "kpi_unique_code_in_plan": ("code", "รหัสตัวชี้วัดนี้มีอยู่แล้วในแผน"),
    "project_unique_code_in_plan": ("code", "รหัสโครงการนี้มีอยู่แล้วในแผน"),
    "component_unique_code": ("code", "รหัสองค์ประกอบนี้มีอยู่แล้วในแผน"),
    "kpireport_one_per_month": ("period", "ตัวชี้วัดนี้มีรายงานของเดือนนี้อยู่แล้ว"),
    "projectreport_one_per_month": ("period", "โครงการนี้มีรายงานของเดือนนี้อยู่แล้ว"),
    "node_unique_code": ("code", "รหัสนี้มีอยู่แล้วในกรอบยุทธศาสตร์"),
    "section_unique_key": ("sections", "รหัสส่วนเนื้อหาซ้ำกันในแผน"),
    "level_unique_key": ("levels", "รหัสระดับซ้ำกันในกรอบยุทธศาสตร์"),
    "budgetline_status_matches_amount": (
        "budget_lines",
        "สถานะงบประมาณไม่สอดคล้องกับจำนวนเงิน (ระบุจำนวนเงินเฉพาะสถานะที่มีจำนวนเงิน)",
    ),
}
_UNIQUE_FIELD = re.compile(r"Key \((?:[a-z_]+_id, )?([a-z_]+)\)=", re.I)


def validation_error_dict(exc: DjangoValidationError) -> dict[str, list[str]]:
    """A Django ValidationError as the API's 400 body: field → list of messages."""
    if hasattr(exc, "error_dict"):
        out: dict[str, list[str]] = {}
        for field, errors in exc.message_dict.items():
            out[NON_FIELD if field == NON_FIELD_ERRORS else field] = [str(m) for m in errors]
        return out
    return {NON_FIELD: [str(m) for m in exc.messages]}


def integrity_error_dict(exc: IntegrityError) -> dict[str, list[str]]:
    cause = getattr(exc, "__cause__", None)
    diag = getattr(cause, "diag", None)
    name = getattr(diag, "constraint_name", None) or ""
    text = str(exc)
    for constraint, (field, message) in CONSTRAINT_FIELDS.items():
        if constraint == name or constraint in text:
            return {field: [message]}
    if "unique" in text.lower() or "duplicate" in text.lower():
        match = _UNIQUE_FIELD.search(text)
        return {match.group(1) if match else NON_FIELD: [MSG_UNIQUE]}
    return {NON_FIELD: [MSG_INTEGRITY]}


def _normalise(data):
    if isinstance(data, list):
        return {NON_FIELD: data}
    return data


def api_exception_handler(exc, context):
    """DRF exception handler registered in ``REST_FRAMEWORK["EXCEPTION_HANDLER"]``."""
    if isinstance(exc, ConflictError):
        set_rollback()
        return Response(
            {"detail": exc.message, "current_version": exc.current_version},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, DjangoValidationError):
        set_rollback()
        return Response(thai_errors(validation_error_dict(exc)), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, (ProtectedError, RestrictedError)):
        set_rollback()
        return Response({NON_FIELD: [MSG_PROTECTED]}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, IntegrityError):
        set_rollback()
        return Response(integrity_error_dict(exc), status=status.HTTP_400_BAD_REQUEST)

    if isinstance(exc, Http404):
        exc = exceptions.NotFound(MSG_NOT_FOUND)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(MSG_PERMISSION)
    elif isinstance(exc, exceptions.NotAuthenticated):
        exc.detail = exceptions.ErrorDetail(MSG_NOT_AUTHENTICATED, code="not_authenticated")
    elif isinstance(exc, exceptions.AuthenticationFailed) and exc.detail is None:
        exc.detail = exceptions.ErrorDetail(MSG_AUTH_FAILED, code="authentication_failed")

    if not isinstance(exc, exceptions.APIException):
        return None
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = f"{int(exc.wait)}"
    if isinstance(exc, exceptions.ValidationError):
        data = thai_errors(_normalise(exc.detail))
    elif isinstance(exc.detail, (list, dict)):
        data = thai_errors(exc.detail)
    else:
        data = {"detail": to_thai(exc.detail)}
    set_rollback()
    return Response(data, status=exc.status_code, headers=headers)
