"""Granting and revoking roles keeps memberships and groups in step, atomically."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction

from orgs.models import OrgUnit

from .models import UNIT_SCOPED_ROLES, Membership, Role
from .roles import GROUP_NAMES


@transaction.atomic
def grant_role(*, user, role: str, org_unit: OrgUnit | None = None) -> Membership:
    if role not in Role.values:
        raise ValidationError({"role": f"ไม่รู้จักบทบาท {role}"})
    if role in UNIT_SCOPED_ROLES and org_unit is None:
        raise ValidationError({"org_unit": "ผู้จัดทำแผนและผู้รายงานผลต้องระบุหน่วยงาน"})
    if role not in UNIT_SCOPED_ROLES:
        org_unit = None
    membership, _ = Membership.objects.get_or_create(user=user, role=role, org_unit=org_unit)
    group, _ = Group.objects.get_or_create(name=GROUP_NAMES[role])
    user.groups.add(group)
    if role == Role.ADMIN and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.__dict__.pop("_bmaplan_scope", None)
    return membership


@transaction.atomic
def revoke_role(*, user, role: str, org_unit: OrgUnit | None = None) -> None:
    Membership.objects.filter(user=user, role=role, org_unit=org_unit).delete()
    if not Membership.objects.filter(user=user, role=role).exists():
        user.groups.remove(*Group.objects.filter(name=GROUP_NAMES[role]))
    user.__dict__.pop("_bmaplan_scope", None)
