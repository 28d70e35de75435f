"""The Celery app: Redis in real mode; eager in the embedded quick start."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careportal.settings.local")

app = Celery("careportal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
