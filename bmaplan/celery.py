"""Celery application; tasks live in each app's ``tasks.py``."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bmaplan.settings.local")

app = Celery("bmaplan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
