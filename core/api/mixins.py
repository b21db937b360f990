"""Viewset and serializer building blocks: scoped writes, optimistic locking, fresh answers."""

from __future__ import annotations

from django.db import transaction
from django.utils import translation
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from core.concurrency import check_version

from .exceptions import MSG_PERMISSION
from .permissions import ScopedPermission

MSG_VERSION_REQUIRED = "กรุณาระบุ version ของข้อมูลที่อ่านมาล่าสุด (ใช้ป้องกันการบันทึกทับกัน)"
MSG_VERSION_INVALID = "version ต้องเป็นจำนวนเต็มบวก"


class VersionedSerializerMixin(serializers.Serializer):
    """``version`` is read on every answer and required (with every other bad field) on update."""

    version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="รุ่นข้อมูลสำหรับ optimistic locking: ส่งค่าที่อ่านมาเมื่อแก้ไข / "
        "the version read; a stale one gives 409",
    )

    def to_internal_value(self, data):
        errors: dict = {}
        value = {}
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if not isinstance(exc.detail, dict):
                raise
            errors = dict(exc.detail)
        if (
            self.instance is not None
            and "version" not in errors
            and (not hasattr(data, "get") or data.get("version") in (None, ""))
        ):
            errors["version"] = [MSG_VERSION_REQUIRED]
        if errors:
            raise serializers.ValidationError(errors)
        return value


def query_version(request) -> int | None:
    """``version`` of a DELETE: ``?version=`` or a JSON body; optional, checked when given."""
    raw = request.query_params.get("version")
    if raw is None and isinstance(request.data, dict):
        raw = request.data.get("version")
    if raw in (None, ""):
        return None
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise exceptions.ValidationError({"version": [MSG_VERSION_INVALID]}) from None
    if value < 1:
        raise exceptions.ValidationError({"version": [MSG_VERSION_INVALID]})
    return value


class ScopedModelViewSet(viewsets.ModelViewSet):
    """CRUD with object scope, atomic writes through services and a fresh read after each write.

    Subclasses set ``queryset`` (with ``select_related``/``prefetch_related`` so a list costs a
    fixed number of queries), ``scope_queryset(qs)``, the write hooks of ``ScopedPermission``
    and ``can_create``. With ``versioned = True`` updates lock the row and compare ``version``
    (409 with the current version when stale; nothing is written).
    """

    permission_classes = [ScopedPermission]
    parser_classes = [JSONParser]  # API.md: JSON only
    lookup_value_regex = r"\d+"
    versioned = False
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def initial(self, request, *args, **kwargs):
        translation.activate("th")  # API.md: error messages in Thai, whatever Accept-Language
        super().initial(request, *args, **kwargs)

    # --- scope hooks ----------------------------------------------------------------------
    def scope_queryset(self, qs):
        return qs

    def may_write(self, request) -> bool:
        return True

    def can_write_object(self, request, obj) -> bool:
        return True

    def can_create(self, request, data: dict) -> bool:
        return True

    # --- plumbing -------------------------------------------------------------------------
    def get_queryset(self):
        return self.scope_queryset(super().get_queryset())

    def fresh(self, pk):
        """The object as a reader gets it (with the list's prefetches), after a write."""
        obj = super().get_queryset().filter(pk=pk).first()
        if obj is None:
            raise exceptions.NotFound()
        return obj

    def deny(self):
        raise exceptions.PermissionDenied(MSG_PERMISSION)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if not self.can_create(request, serializer.validated_data):
            self.deny()
        with transaction.atomic():
            instance = serializer.save()
        data = self.get_serializer(self.fresh(instance.pk)).data
        return Response(data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            if self.versioned:
                expected = serializer.validated_data.pop("version")
                check_version(instance, expected_version=expected)
            else:
                serializer.validated_data.pop("version", None)
            serializer.save()
        return Response(self.get_serializer(self.fresh(instance.pk)).data)

    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        with transaction.atomic():
            if self.versioned:
                expected = query_version(request)
                if expected is not None:
                    check_version(instance, expected_version=expected)
            self.perform_destroy(instance)
        return Response(status=status.HTTP_204_NO_CONTENT)
