"""Filters shared by the filtersets: unit and node references with or without their subtree,
reporting-period ranges. A reference that matches nothing is a 400 naming the parameter."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from rest_framework import serializers

from core.fiscal import format_period, parse_period
from orgs.models import OrgUnit

from .fields import unit_by_ref


def _bad(name: str, message: str):
    raise serializers.ValidationError({name: [message]})


def param_name(flt) -> str:
    return getattr(flt, "param", None) or flt.field_name


class BaseFilterSet(django_filters.FilterSet):
    """Lets each filter know its query parameter, so a 400 names the parameter."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, flt in self.filters.items():
            flt.param = name


class UnitRefFilter(django_filters.CharFilter):
    """``?org_unit=สพส.`` (or an id); with ``subtree=True`` the unit and every unit below it.

    ``field_name`` is the path to the unit relation (``org_unit``, ``plan__org_unit``), or
    ``"self"`` on the units endpoint.
    """

    def __init__(self, *args, subtree: bool = False, **kwargs):
        self.subtree = subtree
        kwargs.setdefault(
            "help_text",
            "หน่วยงาน (อักษรย่อหรือ id)" + (" รวมหน่วยงานย่อยทั้งหมด" if subtree else ""),
        )
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        unit = unit_by_ref(value, OrgUnit.objects.only("pk", "path"))
        if unit is None:
            _bad(param_name(self), f"ไม่พบหน่วยงาน «{value}»")
        if self.field_name == "self":
            if self.subtree:
                return qs.filter(path__startswith=unit.path)
            return qs.filter(pk=unit.pk)
        if self.subtree:
            return qs.filter(**{f"{self.field_name}__path__startswith": unit.path})
        return qs.filter(**{self.field_name: unit})


class NodeRefFilter(django_filters.CharFilter):
    """``?node=3.1`` — framework node code (``FW-CODE/3.1`` for another framework);
    with ``subtree=True`` the node and everything below it. Matches through ``field_name``,
    which may be a many-to-many relation (answers have no duplicates)."""

    def __init__(self, *args, subtree: bool = False, **kwargs):
        self.subtree = subtree
        kwargs.setdefault(
            "help_text",
            "รหัสหัวข้อในกรอบยุทธศาสตร์" + (" รวมหัวข้อย่อยทั้งหมด" if subtree else ""),
        )
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        from frameworks.models import FrameworkNode

        if value in (None, ""):
            return qs
        value = value.strip()
        nodes = FrameworkNode.objects.all()
        if "/" in value:
            framework_code, code = value.split("/", 1)
            nodes = nodes.filter(framework__code=framework_code, code=code)
        elif value.isdigit() and self.field_name.endswith("_id"):
            nodes = nodes.filter(pk=int(value))
        else:
            nodes = nodes.filter(code=value)
        paths = list(nodes.values_list("path", flat=True))
        if not paths:
            _bad(param_name(self), f"ไม่พบหัวข้อยุทธศาสตร์รหัส «{value}»")
        prefix = "" if self.field_name == "self" else f"{self.field_name}__"
        if self.subtree:
            q = Q()
            for path in paths:
                q |= Q(**{f"{prefix}path__startswith": path})
        else:
            q = Q(**{f"{prefix}path__in": paths})
        return qs.filter(pk__in=qs.model.objects.filter(q).values("pk"))


class PeriodFilter(django_filters.CharFilter):
    """A reporting month "YYYY-MM"; ``lookup_expr`` gte/lte makes a range."""

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        try:
            value = format_period(*parse_period(value))
        except ValueError as exc:
            _bad(param_name(self), str(exc))
        return super().filter(qs, value)


class CodeInFilter(django_filters.BaseInFilter, django_filters.CharFilter):
    """``?policy=099,148``: any of these codes."""

    def filter(self, qs, value):
        if not value:
            return qs
        matching = qs.model.objects.filter(**{f"{self.field_name}__in": value})
        return qs.filter(pk__in=matching.values("pk"))


class CharInFilter(django_filters.BaseInFilter, django_filters.CharFilter):
    """``?code=099,148``: any of these values."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "in")
        super().__init__(*args, **kwargs)
