"""Celery tasks of monthly progress; thin wrappers over services."""

from celery import shared_task

from .reminders import send_due_reminders


@shared_task(name="progress.send_reminders", acks_late=True, time_limit=600, soft_time_limit=540)
def send_reminders(today: str | None = None) -> int:
    from datetime import date

    return send_due_reminders(today=date.fromisoformat(today) if today else None)
