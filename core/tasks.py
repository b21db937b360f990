"""Worker heartbeat: beat runs this every minute; ``/healthz/`` reports it stale."""

import time

from celery import shared_task
from django.core.cache import cache

HEARTBEAT_KEY = "bmaplan:worker-heartbeat"


@shared_task(name="core.heartbeat", ignore_result=True)
def heartbeat() -> float:
    now = time.time()
    cache.set(HEARTBEAT_KEY, now, timeout=None)
    # Jobs saved while the broker was down are sent now that it answers again.
    from documents.services import requeue_waiting

    requeue_waiting()
    return now
