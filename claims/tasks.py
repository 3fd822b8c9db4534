"""Celery tasks for claims: each loads by id, calls one service, and retries or records.

A failed extraction is recorded on the article by the service (back to `fetched`, with
failure_kind `internal` and a readable failure_message) and retried here a few times with
a growing delay; after that it waits for `extract_claims --article ID`. No exception
escapes a task: the worker lives on.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from celery.exceptions import Retry
from celery.signals import worker_ready
from django.conf import settings

from claims import services

logger = logging.getLogger(__name__)

EXTRACT_MAX_RETRIES = 3
EXTRACT_RETRY_DELAY = 30.0


@shared_task(bind=True, name="claims.article_extract_claims")
def article_extract_claims_task(self: Any, article_id: int) -> str:
    try:
        outcome = services.article_extract_claims(article_id=article_id)
    except services.ArticleNotFoundError as exc:
        logger.warning("article %s claims: %s", article_id, exc.message)
        return "not_found"
    except services.ExtractionFailedError as exc:
        return _after_failure(self, article_id, exc)
    except Exception:
        logger.exception("article %s claims: crashed", article_id)
        return "crashed"
    if outcome.done:
        return outcome.state
    held = outcome.state == services.State.EXTRACTING
    if held and not self.request.is_eager and self.request.retries < 1:
        # Another worker holds it. If that worker died, its lease runs out: look once more
        # then, rather than wait for the sweep.
        countdown = settings.CLAIMTRACK_JOB_LEASE_SECONDS + 1
        return _retry(self, article_id, countdown=countdown, fallback="skipped")
    return "skipped"


def _after_failure(task: Any, article_id: int, exc: services.ExtractionFailedError) -> str:
    if task.request.is_eager or task.request.retries >= EXTRACT_MAX_RETRIES:
        logger.error("article %s claims: giving up: %s", article_id, exc.message)
        return "failed"
    countdown = EXTRACT_RETRY_DELAY * 2**task.request.retries
    logger.warning("article %s claims: retrying in %.0f s", article_id, countdown)
    return _retry(task, article_id, countdown=countdown, fallback="failed")


def _retry(task: Any, article_id: int, *, countdown: float, fallback: str) -> str:
    try:
        raise task.retry(countdown=countdown, max_retries=EXTRACT_MAX_RETRIES)
    except Retry:
        raise
    except Exception:
        # The broker refused the retry: the recovery sweep or a person takes it from here.
        logger.exception("article %s claims: could not schedule the retry", article_id)
        return fallback


def article_enqueue_extract_claims(*, article_id: int) -> None:
    """What the fetch step calls (after commit) when an article reaches `fetched`."""
    article_extract_claims_task.delay(article_id)


@shared_task(name="claims.articles_recover_stalled_extractions")
def articles_recover_stalled_extractions_task() -> int:
    try:
        recovered = services.articles_recover_stalled_extractions()
    except Exception:
        logger.exception("articles claims recover: crashed")
        return 0
    for article_id in recovered:
        logger.warning("article %s claims: its job was lost, queued again", article_id)
        article_extract_claims_task.delay(article_id)
    return len(recovered)


@worker_ready.connect
def _recover_on_worker_start(sender: Any = None, **kwargs: Any) -> None:
    """A worker that starts may replace one that was killed mid-extraction."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return
    try:
        articles_recover_stalled_extractions_task.apply_async(
            countdown=settings.CLAIMTRACK_JOB_LEASE_SECONDS + 1
        )
    except Exception:
        logger.exception("articles claims recover: could not enqueue at worker start")
