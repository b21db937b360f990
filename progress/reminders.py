"""Reminder emails: 3 days before each deadline and on overdue days, once each.

For the reporting month M, data is due on the 5th of M+1 and the report on the 15th. On the
day three days before a deadline each evaluator with outstanding items gets one email per
deadline; after a deadline has passed, one email per overdue day (for at most
``OVERDUE_DAYS`` days; overdue-data reminders stop when the report reminders start, so an
evaluator gets at most one email a day). A reminder is claimed with a conditional UPDATE
before it is sent, so two beat processes, two workers or a retried task never send it twice.
"""

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Role
from core.fiscal import data_due_date, format_period, report_due_date, thai_date

from .models import DeadlineKind, Reminder, ReminderStatus
from .selectors import NOT_STARTED, reporting_items

DAYS_BEFORE = 3
OVERDUE_DAYS = 10


def periods_for(today: date) -> list[str]:
    """Reporting months whose deadlines fall near ``today``: the previous month (due this
    month) and, early in a month, the one before it (still overdue)."""
    first = today.replace(day=1)
    previous = first - timedelta(days=1)
    before = previous.replace(day=1) - timedelta(days=1)
    return [format_period(previous.year, previous.month), format_period(before.year, before.month)]


def reminder_kind(period: str, deadline: str, today: date) -> tuple[bool, bool]:
    """(send today?, overdue?) for one deadline of one period."""
    due = data_due_date(period) if deadline == DeadlineKind.DATA else report_due_date(period)
    if today == due - timedelta(days=DAYS_BEFORE):
        return True, False
    last_overdue_day = due + timedelta(days=OVERDUE_DAYS)
    if deadline == DeadlineKind.DATA:
        # once the report reminders start, they cover missing data too: one email a day
        last_overdue_day = report_due_date(period) - timedelta(days=DAYS_BEFORE + 1)
    if due < today <= last_overdue_day:
        return True, True
    return False, False


def plan_reminders(today: date) -> list[Reminder]:
    """Create (idempotently) today's pending reminders; return those for today."""
    User = get_user_model()
    evaluators = User.objects.filter(is_active=True, memberships__role=Role.EVALUATOR).distinct()
    for period in periods_for(today):
        for deadline in DeadlineKind.values:
            send, overdue = reminder_kind(period, deadline, today)
            if not send:
                continue
            for user in evaluators:
                items = reporting_items(user=user, period=period, today=today)
                if deadline == DeadlineKind.DATA:
                    outstanding = [i for i in items if i.state == NOT_STARTED]
                else:
                    outstanding = [i for i in items if i.outstanding]
                if not outstanding:
                    continue
                try:
                    with transaction.atomic():
                        Reminder.objects.create(
                            user=user, period=period, deadline=deadline, on_date=today,
                            overdue=overdue, items=len(outstanding),
                        )  # fmt: skip
                except IntegrityError:
                    pass  # another process created it first: exactly one row either way
    return list(Reminder.objects.filter(on_date=today).select_related("user"))


def claim(reminder: Reminder, token: str) -> bool:
    """pending → sending, only if still pending: the one winner sends."""
    return bool(
        Reminder.objects.filter(pk=reminder.pk, status=ReminderStatus.PENDING).update(
            status=ReminderStatus.SENDING, claimed_by=token
        )
    )


def compose(reminder: Reminder) -> tuple[str, str]:
    due = (
        data_due_date(reminder.period)
        if reminder.deadline == DeadlineKind.DATA
        else report_due_date(reminder.period)
    )
    what = "ข้อมูลผลการดำเนินงาน" if reminder.deadline == DeadlineKind.DATA else "รายงานผล"
    state = "เกินกำหนดแล้ว" if reminder.overdue else "ใกล้ครบกำหนด"
    subject = f"[bmaplan] {what}ประจำเดือน {reminder.period} {state} ({thai_date(due)})"
    body = (
        f"เรียน {reminder.user.get_full_name() or reminder.user.username}\n\n"
        f"ยังมีตัวชี้วัดและโครงการที่ต้องรายงาน{what}ประจำเดือน {reminder.period} "
        f"จำนวน {reminder.items} รายการ กำหนดส่งภายในวันที่ {thai_date(due)} ({state})\n"
        f"กรุณาเข้าสู่ระบบเพื่อรายงานผล: {settings.BMAPLAN_SITE_URL}/progress/\n"
    )
    return subject, body


def send_due_reminders(*, today: date | None = None) -> int:
    """Create today's reminders and send every one this process wins; returns emails sent."""
    today = today or timezone.localdate()
    token = uuid.uuid4().hex
    sent = 0
    for reminder in plan_reminders(today):
        if reminder.status != ReminderStatus.PENDING or not claim(reminder, token):
            continue
        subject, body = compose(reminder)
        try:
            send_mail(subject, body, None, [reminder.user.email], fail_silently=False)
        except Exception as exc:
            Reminder.objects.filter(pk=reminder.pk).update(
                status=ReminderStatus.FAILED, error=str(exc)[:2000]
            )
            continue
        Reminder.objects.filter(pk=reminder.pk).update(
            status=ReminderStatus.SENT, sent_at=timezone.now()
        )
        sent += 1
    return sent


__all__ = ["send_due_reminders"]
