"""Reference fields shared by the serializers: units by abbreviation or id, codes by plan."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from orgs.models import OrgUnit

MAX_ID = 2**63 - 1


def unit_by_ref(ref, queryset=None):
    """The unit an abbreviation or id names, or None (ids past bigint simply match nothing)."""
    queryset = OrgUnit.objects.all() if queryset is None else queryset
    text = str(ref).strip()
    if text.isdigit() and int(text) > MAX_ID:
        return None
    return queryset.by_ref(text).first()


@extend_schema_field(
    {
        "type": "string",
        "description": "อักษรย่อของหน่วยงาน (เช่น สพส.) หรือ id / unit abbreviation or id",
        "example": "สพส.",
    }
)
class UnitRefField(serializers.RelatedField):
    """API.md: a unit reference accepts the abbreviation ("สพส.") or the id; renders the code."""

    default_error_messages = {
        "does_not_exist": "ไม่พบหน่วยงาน «{value}»",
        "invalid": "การอ้างอิงหน่วยงานต้องเป็นอักษรย่อหรือ id",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", OrgUnit.objects.all())
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (str, int)) or not str(data).strip():
            self.fail("invalid")
        unit = unit_by_ref(data, self.get_queryset())
        if unit is None:
            self.fail("does_not_exist", value=data)
        return unit

    def to_representation(self, value):
        return value.code


class CodeListField(serializers.ListField):
    """A list of codes (framework nodes, policies); resolved by the serializer's ``validate``."""

    child = serializers.CharField(max_length=120)

    def to_representation(self, data):
        return list(data)


@extend_schema_field(OpenApiTypes.STR)
class PeriodField(serializers.CharField):
    """A reporting month "YYYY-MM" (Common Era); Thai digits accepted and normalised."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 7)
        kwargs.setdefault("help_text", "งวดรายงาน ปปปป-ดด (ค.ศ.) เช่น 2024-01")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        from core.fiscal import format_period, parse_period

        text = super().to_internal_value(data)
        try:
            return format_period(*parse_period(text))
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from exc
