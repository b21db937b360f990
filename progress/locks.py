"""Period locks: a unit's verified month refuses every write until an analyst reopens it.

``ensure_period_open`` is the one check every write path calls (progress.services, hence the
API, the browser views and the bulk upload).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.fiscal import fiscal_month

from .models import KpiReport, PeriodLock, PeriodLockEvent, ProjectReport, ReportStatus


def period_label(period: str) -> str:
    try:
        m = fiscal_month(period)
    except Exception:
        return period
    return f"{m.name_th} {m.be_year}"


def locked_message(period: str) -> str:
    return (
        f"งวด {period_label(period)} ของหน่วยงานนี้ตรวจสอบและปิดงวดแล้ว แก้ไขไม่ได้ "
        "หากต้องแก้ไขให้ติดต่อนักวิเคราะห์ สยป. เพื่อเปิดงวดอีกครั้ง"
    )


def is_period_locked(plan_id: int, period: str) -> bool:
    return PeriodLock.objects.filter(
        plan_id=plan_id, period=period, locked_at__isnull=False, reopened_at__isnull=True
    ).exists()


def ensure_period_open(plan_id: int, period: str) -> None:
    """Raise a Thai ``ValidationError`` when the unit's month is locked."""
    if is_period_locked(plan_id, period):
        raise ValidationError({"period": locked_message(period)}, code="locked")


def reportable_counts(plan_id: int, period: str) -> tuple[int, int]:
    """(items to report, items with a verified report) for the plan's month."""
    from kpis.models import Kpi
    from projects.models import Project, ProjectKind

    kpis = Kpi.objects.filter(plan_id=plan_id)
    projects = Project.objects.filter(plan_id=plan_id).exclude(kind=ProjectKind.ROUTINE_ITEM)
    total = kpis.count() + projects.count()
    verified = (
        KpiReport.objects.filter(kpi__in=kpis, period=period, status=ReportStatus.VERIFIED).count()
        + ProjectReport.objects.filter(
            project__in=projects, period=period, status=ReportStatus.VERIFIED
        ).count()
    )
    return total, verified


@transaction.atomic
def lock_period(*, plan_id: int, period: str, user=None, note: str = "") -> PeriodLock:
    who = user if getattr(user, "pk", None) else None
    lock, _ = PeriodLock.objects.select_for_update().get_or_create(plan_id=plan_id, period=period)
    if lock.is_locked:
        return lock
    lock.locked_at, lock.locked_by = timezone.now(), who
    lock.reopened_at, lock.reopened_by = None, None
    if note:
        lock.note = note
    lock.save()
    PeriodLockEvent.objects.create(lock=lock, action=PeriodLockEvent.LOCK, by=who, note=note)
    return lock


@transaction.atomic
def reopen_period(*, plan_id: int, period: str, user=None, note: str = "") -> PeriodLock:
    if not note.strip():
        raise ValidationError({"note": "กรุณาระบุเหตุผลที่เปิดงวดอีกครั้ง"})
    who = user if getattr(user, "pk", None) else None
    lock = PeriodLock.objects.select_for_update().filter(plan_id=plan_id, period=period).first()
    if lock is None or not lock.is_locked:
        raise ValidationError({"period": "งวดนี้ยังไม่ได้ปิด จึงไม่ต้องเปิดอีกครั้ง"})
    lock.reopened_at, lock.reopened_by, lock.note = timezone.now(), who, note
    lock.save()
    PeriodLockEvent.objects.create(lock=lock, action=PeriodLockEvent.REOPEN, by=who, note=note)
    return lock


def lock_if_all_verified(*, plan_id: int, period: str, user=None) -> bool:
    """Verifying the last report of a unit's month locks the month."""
    total, verified = reportable_counts(plan_id, period)
    if total and verified == total:
        lock_period(plan_id=plan_id, period=period, user=user, note="ตรวจสอบครบทุกรายการ")
        return True
    return False
