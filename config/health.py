"""/healthz for load balancers and process managers: 200 only when the parts answer."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _database_ok() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def _broker_ok() -> str | None:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return None
    from config.celery import app

    try:
        with app.connection_for_read() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    errors = {
        name: error
        for name, error in (("database", _database_ok()), ("broker", _broker_ok()))
        if error
    }
    if errors:
        logger.warning("healthz failing: %s", errors)
        # The page is public; the errors name internal hosts, ports, users and databases.
        problems = dict.fromkeys(errors, "not answering")
        return JsonResponse({"status": "unhealthy", "problems": problems}, status=503)
    broker = "in-process" if settings.CELERY_TASK_ALWAYS_EAGER else "ok"
    return JsonResponse({"status": "ok", "database": "ok", "broker": broker})
