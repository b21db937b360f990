"""Writes to the unit registry (owned by สยป.: analysts and admins)."""

from __future__ import annotations

from django.db import transaction

from core.services import apply_fields, clean_and_save

from .models import OrgUnit


@transaction.atomic
def org_unit_create(
    *,
    code: str,
    name_th: str,
    kind: str,
    parent: OrgUnit | None = None,
    name_en: str = "",
    aliases: list[str] | None = None,
    is_active: bool = True,
) -> OrgUnit:
    unit = OrgUnit(
        code=code,
        name_th=name_th,
        kind=kind,
        parent=parent,
        name_en=name_en,
        aliases=aliases or [],
        is_active=is_active,
    )
    return clean_and_save(unit)


@transaction.atomic
def org_unit_update(*, unit: OrgUnit, data: dict) -> OrgUnit:
    """Update fields; moving a unit (new ``parent``) rewrites its subtree's paths."""
    apply_fields(unit, data)
    return clean_and_save(unit)


@transaction.atomic
def org_unit_delete(*, unit: OrgUnit) -> None:
    """Deleting a unit that plans, memberships or child units still use is refused (400)."""
    unit.delete()
