"""OpenAPI: every operation documents the API's error shapes (API.md "Errors")."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

ERROR_SCHEMAS = {
    "ErrorDetail": {
        "type": "object",
        "description": "401 / 403 / 404: ข้อความอธิบาย (ภาษาไทย) / a Thai message",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    "FieldErrors": {
        "type": "object",
        "description": (
            "400: ทุกฟิลด์ที่ไม่ถูกต้องพร้อมข้อความภาษาไทย; ข้อผิดพลาดที่ไม่ผูกกับฟิลด์อยู่ใน "
            "non_field_errors; รายการย่อยซ้อนตามโครงสร้างของข้อมูลที่ส่ง / every bad field "
            "with Thai messages (nested for nested lists); nothing was written"
        ),
        "additionalProperties": {},
        "example": {"weight": ["กรุณากรอกตัวเลขที่ถูกต้อง"], "code": ["ต้องระบุข้อมูลนี้"]},
    },
    "VersionConflict": {
        "type": "object",
        "description": (
            "409: version ที่ส่งมาไม่ใช่รุ่นล่าสุด ไม่มีการบันทึกใด ๆ ให้อ่านข้อมูลใหม่แล้วแก้ไขอีกครั้ง / "
            "the write carried a stale version; nothing was overwritten, re-read and retry"
        ),
        "properties": {
            "detail": {"type": "string"},
            "current_version": {"type": "integer"},
        },
        "required": ["detail", "current_version"],
    },
}

DESCRIPTIONS = {
    "400": "ข้อมูลไม่ถูกต้อง / validation failed (every bad field named)",
    "401": "ยังไม่ได้เข้าสู่ระบบ / not authenticated",
    "403": "ไม่มีสิทธิ์ตามขอบเขตหน่วยงานหรือบทบาท / outside the user's scope or role",
    "404": "ไม่พบ หรืออยู่นอกขอบเขตที่มองเห็น / not found or not visible to the user",
    "409": "version ไม่ใช่รุ่นล่าสุด / stale version",
}
SCHEMA_FOR = {
    "400": "FieldErrors",
    "401": "ErrorDetail",
    "403": "ErrorDetail",
    "404": "ErrorDetail",
    "409": "VersionConflict",
}


class BmaplanAutoSchema(AutoSchema):
    """Adds 400/401/403/404/409 answers to every operation where they can happen."""

    def _error_ref(self, name: str) -> dict:
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, schema=ERROR_SCHEMAS[name], object=name
        )
        self.registry.register_on_missing(component)
        return component.ref

    def _error_codes(self) -> list[str]:
        codes = ["401", "403"]
        if "{" in self.path:
            codes.append("404")
        if self.method in ("POST", "PUT", "PATCH", "DELETE"):
            codes.append("400")
        versioned = getattr(self.view, "versioned", False)
        if versioned and (
            self.method in ("PUT", "PATCH", "DELETE")
            or (self.method == "POST" and "{" in self.path)
        ):
            codes.append("409")
        return codes

    def get_override_parameters(self):
        params = super().get_override_parameters()
        if self.method == "DELETE" and getattr(self.view, "versioned", False):
            params = [
                *params,
                OpenApiParameter(
                    "version",
                    OpenApiTypes.INT,
                    description="version ที่อ่านมาล่าสุด (ถ้าส่งมาจะตรวจสอบ; ไม่ตรงได้ 409) / "
                    "optional; a stale one gives 409",
                ),
            ]
        return params

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        if getattr(self.view, "permission_classes", None) == [] and self.method == "POST":
            extra = ["400"]
        else:
            extra = self._error_codes()
        for code in extra:
            if code in responses:
                continue
            responses[code] = {
                "content": {"application/json": {"schema": self._error_ref(SCHEMA_FOR[code])}},
                "description": DESCRIPTIONS[code],
            }
        return dict(sorted(responses.items()))
