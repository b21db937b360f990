"""bmaplan: BMA annual action plans and KPI tracking."""

from .celery import app as celery_app

__all__ = ("celery_app",)
