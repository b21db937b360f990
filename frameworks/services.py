"""Writes to frameworks, their level lists and node trees, and the policy catalogue."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from core.services import apply_fields, clean_and_save

from .models import Framework, FrameworkLevel, FrameworkNode, Policy


def _replace_levels(framework: Framework, levels: list[dict]) -> None:
    """The level list is replaced as a whole (matched by ``key``, order = list position).

    A level that nodes still use cannot be dropped (400).
    """
    keys = [lv["key"] for lv in levels]
    if len(set(keys)) != len(keys):
        raise ValidationError({"levels": "รหัสระดับซ้ำกัน"})
    existing = {lv.key: lv for lv in framework.levels.all()}
    dropped = [lv for key, lv in existing.items() if key not in keys]
    if dropped and FrameworkNode.objects.filter(level__in=dropped).exists():
        raise ValidationError(
            {"levels": "ไม่สามารถลบระดับที่มีหัวข้อใช้อยู่: " + ", ".join(lv.key for lv in dropped)}
        )
    FrameworkLevel.objects.filter(pk__in=[lv.pk for lv in dropped]).delete()
    # Two passes so that swapping two levels' order never collides with the unique order.
    offset = len(existing) + len(levels) + 1
    FrameworkLevel.objects.filter(framework=framework).update(order=F("order") + offset)
    for index, item in enumerate(levels):
        level = existing.get(item["key"]) or FrameworkLevel(framework=framework, key=item["key"])
        level.order = index
        level.label_th = item.get("label_th", "")
        level.label_en = item.get("label_en", "")
        level.save()


@transaction.atomic
def framework_create(*, levels: list[dict] | None = None, **fields) -> Framework:
    framework = clean_and_save(Framework(**fields))
    _replace_levels(framework, levels or [])
    return framework


@transaction.atomic
def framework_update(
    *, framework: Framework, data: dict, levels: list[dict] | None = None
) -> Framework:
    apply_fields(framework, data)
    clean_and_save(framework)
    if levels is not None:
        _replace_levels(framework, levels)
    return framework


@transaction.atomic
def framework_delete(*, framework: Framework) -> None:
    """Refused (400) while plans use the framework."""
    framework.delete()


@transaction.atomic
def node_create(*, host_units=None, **fields) -> FrameworkNode:
    node = clean_and_save(FrameworkNode(**fields))
    if host_units:
        node.host_units.set(host_units)
    return node


@transaction.atomic
def node_update(*, node: FrameworkNode, data: dict, host_units=None) -> FrameworkNode:
    apply_fields(node, data)
    clean_and_save(node)
    if host_units is not None:
        node.host_units.set(host_units)
    return node


@transaction.atomic
def node_delete(*, node: FrameworkNode) -> None:
    """Refused (400) while child nodes, adoptions or plan sections use it."""
    node.delete()


@transaction.atomic
def policy_create(**fields) -> Policy:
    return clean_and_save(Policy(**fields))


@transaction.atomic
def policy_update(*, policy: Policy, data: dict) -> Policy:
    apply_fields(policy, data)
    return clean_and_save(policy)


@transaction.atomic
def policy_delete(*, policy: Policy) -> None:
    policy.delete()
