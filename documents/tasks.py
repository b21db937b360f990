"""Celery tasks: render a document job, and clean up old files.

``render_document`` acknowledges late and is rejected on worker loss (settings), so a job whose
worker dies mid-render is delivered again and restarts; :func:`services.run_job` counts the
attempts and gives up with a clear message after three. The soft time limit turns a runaway
render into a failed job with a Thai message; the hard limit kills it.
"""

from celery import shared_task

from . import services

RENDER_SOFT_LIMIT = 240
RENDER_HARD_LIMIT = 300


@shared_task(
    name="documents.render_document",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=RENDER_SOFT_LIMIT,
    time_limit=RENDER_HARD_LIMIT,
)
def render_document(job_id: int) -> dict:
    job = services.run_job(job_id)
    if job is None:
        return {"job": job_id, "status": "missing"}
    job.refresh_from_db()
    return {"job": job.pk, "status": job.status, "pages": job.page_count}


@shared_task(name="documents.cleanup_documents")
def cleanup_documents() -> dict:
    return services.cleanup_documents()


def _schedule(sender, **kwargs):
    sender.add_periodic_task(6 * 3600, cleanup_documents.s(), name="documents: delete old PDFs")


try:  # register the periodic cleanup with beat when the app finalises
    from bmaplan.celery import app as _app

    _app.on_after_finalize.connect(_schedule, weak=False)
except ImportError:  # pragma: no cover
    pass
