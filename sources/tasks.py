"""Celery tasks for sources: each loads by id, calls one service, and retries or records.

Late acks and reject-on-worker-lost are global settings: a message is acknowledged only after
its task returns, so a killed worker's jobs come back, and the services' conditional claims
make a second delivery do nothing. No exception escapes a task: a crash is logged with the
article or feed and the step, and the row is left for the recovery task.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from celery.exceptions import Retry, SoftTimeLimitExceeded
from celery.signals import worker_ready
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sources import feeds, services
from sources.models import Article

logger = logging.getLogger(__name__)


@shared_task(bind=True, name="sources.article_fetch")
def article_fetch_task(self: Any, article_id: int) -> str:
    try:
        outcome = services.article_fetch(article_id=article_id)
    except SoftTimeLimitExceeded:
        logger.warning("article %s fetch: stopped at the time limit", article_id)
        _article_record_failure(
            article_id,
            Article.FailureKind.TIMEOUT,
            "Fetching and reading this page took longer than "
            f"{settings.CELERY_TASK_SOFT_TIME_LIMIT} s, so it was stopped.",
        )
        return "failed"
    except Exception as exc:
        logger.exception("article %s fetch: crashed", article_id)
        _article_record_failure(
            article_id,
            Article.FailureKind.INTERNAL,
            f"An internal error stopped the fetch ({type(exc).__name__}); "
            "the details are in the worker log.",
        )
        return "crashed"
    if outcome.retry_in is None:
        return outcome.state
    # In the embedded shape (no broker) Celery runs the retry at once, in-process: no
    # waiting out the backoff there, and the attempts limit in the service ends the loop.
    countdown = 0 if self.request.is_eager else outcome.retry_in
    try:
        raise self.retry(countdown=countdown, max_retries=settings.CLAIMTRACK_FETCH_MAX_TRIES * 2)
    except Retry:
        raise
    except Exception:
        # The broker refused the retry message: the article is queued with its due time,
        # so the recovery task will pick it up.
        logger.exception("article %s fetch: could not schedule the retry", article_id)
        return outcome.state


def _article_record_failure(article_id: int, kind: str, message: str) -> None:
    """A bug or a runaway page, not the network: fail the article with a reason rather than
    retry it for ever.
    """
    try:
        with transaction.atomic():
            Article.objects.filter(pk=article_id, state=Article.State.FETCHING).update(
                state=Article.State.FAILED,
                failure_kind=kind,
                failure_message=message,
                claimed_at=None,
                updated_at=timezone.now(),
            )
    except Exception:
        # The database itself is the problem: the lease runs out and recovery retries.
        logger.exception("article %s fetch: could not record the crash", article_id)


@shared_task(name="sources.articles_recover_stalled")
def articles_recover_stalled_task() -> int:
    try:
        return len(services.articles_recover_stalled())
    except Exception:
        logger.exception("articles recover: crashed")
        return 0


@shared_task(name="sources.feeds_poll_due")
def feeds_poll_due_task() -> int:
    try:
        due = feeds.feeds_due()
    except Exception:
        logger.exception("feeds poll: could not list the due feeds")
        return 0
    for feed_id in due:
        feed_poll_task.delay(feed_id)
    return len(due)


@shared_task(name="sources.feed_poll")
def feed_poll_task(feed_id: int) -> str:
    try:
        return feeds.feed_poll(feed_id=feed_id).summary
    except Exception:
        logger.exception("feed %s poll: crashed", feed_id)
        return "crashed"


@worker_ready.connect
def _recover_on_worker_start(sender: Any = None, **kwargs: Any) -> None:
    """A worker that starts may be replacing one that was killed: take back its jobs now,
    and once more when the leases of jobs it held at its death have run out.
    """
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return
    try:
        articles_recover_stalled_task.delay()
        articles_recover_stalled_task.apply_async(
            countdown=settings.CLAIMTRACK_JOB_LEASE_SECONDS + 1
        )
    except Exception:
        logger.exception("articles recover: could not enqueue at worker start")
