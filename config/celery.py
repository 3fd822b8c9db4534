"""The Celery application. Tasks live in each app's tasks.py and only wrap services."""

import os
from typing import Any

from celery import Celery
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("claimtrack")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
@task_postrun.connect
def _database_connections_between_tasks(sender: Any = None, **kwargs: Any) -> None:
    """Around each task in a worker, what Django does around each request: drop the
    connection if it is broken, left in a transaction, or older than CONN_MAX_AGE, and
    health-check it again before its next use. Kept otherwise (CELERY_DB_REUSE_MAX in the
    settings stops Celery from closing it every time).

    Not for a task run in-process (no broker): it runs inside the caller's request or
    transaction, whose connection is not the task's to close.
    """
    if sender is None or getattr(sender.request, "is_eager", False):
        return
    from django.db import close_old_connections

    close_old_connections()
