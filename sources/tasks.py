"""Celery tasks for sources: each loads by id, calls one service, and retries or records.

Late acks and reject-on-worker-lost are global settings: a message is acknowledged only after
its task returns, so a killed worker's jobs come back, and the services' conditional claims
make a second delivery do nothing. No exception escapes a task: a crash is logged with the
article or feed and the step, and the row is left for the recovery task.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from celery import shared_task
from celery.exceptions import Retry, SoftTimeLimitExceeded
from celery.signals import worker_ready
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sources import feeds, queue, services
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
            _took_too_long(settings.CELERY_TASK_SOFT_TIME_LIMIT),
        )
        return "failed"
    except Exception as exc:
        logger.exception("article %s fetch: crashed", article_id)
        _article_record_failure(article_id, Article.FailureKind.INTERNAL, _crashed(exc))
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


# A drainer stops taking articles after this many seconds, so that the one it takes last
# still has the time a fetch may need (its deadline, and extraction) before the task's
# soft time limit; the rest goes to a drainer it wakes. At most 0: one article per task.
def _drain_budget() -> float:
    return float(settings.CELERY_TASK_SOFT_TIME_LIMIT - settings.CLAIMTRACK_FETCH_DEADLINE - 30)


@shared_task(name="sources.articles_fetch_due")
def articles_fetch_due_task() -> int:
    """A drainer: fetch the due articles of the queue one after another (sources/queue.py).

    Returns how many it took. Each is claimed, stored and failed on its own as
    article_fetch_task does; a transient failure is retried by its own delayed message.
    """
    queue.wake_unmark()  # started: an article queued from now on wakes another drainer
    started = time.monotonic()
    taken = 0
    while True:
        try:
            claimed = services.article_claim_next()
        except Exception:
            # The database is the problem: the recovery task wakes a drainer later.
            logger.exception("fetch queue: could not take the next article")
            return taken
        if claimed is None:
            return taken
        article, claimed_at = claimed
        taken += 1
        begun = time.monotonic()
        try:
            outcome = services.article_fetch_claimed(article, claimed_at)
        except SoftTimeLimitExceeded:
            logger.warning("article %s fetch: stopped at the time limit", article.pk)
            limit = settings.CELERY_TASK_SOFT_TIME_LIMIT - (begun - started)
            _article_record_failure(article.pk, Article.FailureKind.TIMEOUT, _took_too_long(limit))
            services.articles_fetch_wake()  # the rest of the queue, in a fresh task
            return taken
        except Exception as exc:
            logger.exception("article %s fetch: crashed", article.pk)
            _article_record_failure(article.pk, Article.FailureKind.INTERNAL, _crashed(exc))
        else:
            if outcome.retry_in is not None:
                _retry_later(article.pk, outcome.retry_in)
        if time.monotonic() - started >= _drain_budget():
            services.articles_fetch_wake()  # hand the rest over before the time limit
            return taken


def _retry_later(article_id: int, seconds: float) -> None:
    try:
        article_fetch_task.apply_async((article_id,), countdown=seconds)
    except Exception:
        # It is queued with its due time: a drainer or the recovery task takes it then.
        logger.exception("article %s fetch: could not schedule the retry", article_id)


def _took_too_long(seconds: float) -> str:
    return f"Fetching and reading this page took longer than {seconds:.0f} s, so it was stopped."


def _crashed(exc: Exception) -> str:
    return (
        f"An internal error stopped the fetch ({type(exc).__name__}); "
        "the details are in the worker log."
    )


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
