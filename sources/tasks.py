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
    if not self.request.is_eager:
        # With a broker the queue is the table (sources/queue.py): this message (a retry's,
        # sent with its backoff, or one sent before the drainers existed) wakes a drain,
        # which takes the article only once it is due. Claimed by its id, a message that
        # came late (a busy pool holds it back) took the article at once after a drainer
        # had already made that try and it was waiting out its next backoff, or a
        # server's Retry-After.
        logger.info("article %s fetch: its message drains the due articles", article_id)
        return f"drained {_drain(self)}"
    try:
        outcome = services.article_fetch(article_id=article_id)
    except SoftTimeLimitExceeded:
        logger.warning("article %s fetch: stopped at the time limit", article_id)
        _article_record_failure(
            article_id, Article.FailureKind.TIMEOUT, _took_too_long(queue.run_time_limit(self))
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
    try:
        raise self.retry(countdown=0, max_retries=settings.CLAIMTRACK_FETCH_MAX_TRIES * 2)
    except Retry:
        raise
    except Exception:
        logger.exception("article %s fetch: could not schedule the retry", article_id)
        return outcome.state


@shared_task(bind=True, name="sources.articles_fetch_due")
def articles_fetch_due_task(self: Any) -> int:
    """A drainer: fetch the due articles of the queue one after another (sources/queue.py).

    Returns how many it took. Each is claimed, stored and failed on its own as
    article_fetch_task does; a transient failure is retried by its own delayed message.
    """
    queue.wake_unmark()  # started: an article queued from now on wakes another drainer
    return _drain(self)


def _drain(task: Any) -> int:
    """Take the due articles one after another until none is due or the time budget is spent
    (then a successor takes the rest). The budget leaves the last article the fetch's
    deadline and 30 s before the run's soft time limit, the one its message carries: a
    worker whose own setting is longer must not take articles the limit then cuts off and
    fails as too slow.
    """
    started = time.monotonic()
    limit = queue.run_time_limit(task)
    budget = limit - float(settings.CLAIMTRACK_FETCH_DEADLINE) - 30
    taken = 0
    claimed_id: int | None = None  # taken, not yet fetched
    fetching: tuple[int, float] | None = None  # being fetched, since
    try:
        while True:
            try:
                claimed = services.article_claim_next()
            except SoftTimeLimitExceeded:
                raise
            except Exception:
                # The database is the problem: the recovery task wakes a drainer later.
                logger.exception("fetch queue: could not take the next article")
                return taken
            if claimed is None:
                return taken
            article, claimed_at = claimed
            claimed_id = article.pk
            taken += 1
            if taken == 1:
                # A successor is woken now rather than at the end: a run killed at its hard
                # time limit (its soft limit not handled, a long C call) or by the OOM
                # killer has its message acknowledged or lost with it, and the articles
                # queued behind this one would wait for the recovery task's next beat.
                services.articles_fetch_wake()
            fetching, claimed_id = (article.pk, time.monotonic()), None
            try:
                outcome = services.article_fetch_claimed(article, claimed_at)
            except SoftTimeLimitExceeded:
                raise
            except Exception as exc:
                logger.exception("article %s fetch: crashed", article.pk)
                _article_record_failure(article.pk, Article.FailureKind.INTERNAL, _crashed(exc))
            else:
                if outcome.retry_in is not None:
                    _retry_later(article.pk, outcome.retry_in)
            fetching = None
            if time.monotonic() - started >= budget:
                services.articles_fetch_wake()  # hand the rest over before the time limit
                return taken
    except SoftTimeLimitExceeded:
        _drain_stopped(fetching, claimed_id, limit - (time.monotonic() - started))
        return taken


def _drain_stopped(fetching: tuple[int, float] | None, claimed_id: int | None, left: float) -> None:
    """The soft time limit stopped a drain: fail the article it was fetching (the page took
    too long: it had the time left when it began, `left` plus what it used), leave one it
    had only taken to its lease, and wake a successor for the rest."""
    if fetching is not None:
        article_id, begun = fetching
        logger.warning("article %s fetch: stopped at the time limit", article_id)
        took = left + (time.monotonic() - begun)
        _article_record_failure(article_id, Article.FailureKind.TIMEOUT, _took_too_long(took))
    elif claimed_id is not None:
        # Not tried yet: it is not the page's fault.
        logger.warning(
            "article %s fetch: taken at the time limit, not tried; queued again after its lease",
            claimed_id,
        )
    else:
        logger.warning("fetch queue: the drain stopped at the time limit")
    services.articles_fetch_wake()  # the rest of the queue, in a fresh task


# A retry's message comes this long after its article is due: it drains only due rows, and
# the worker that runs it may have a clock a little behind the one that set the due time
# (the message's time is the sender's clock plus the countdown, the row's the same clock a
# few milliseconds earlier): on time to the millisecond, it found nothing due and left the
# article to the recovery task's next beat.
RETRY_SLACK_SECONDS = 1.0


def _retry_later(article_id: int, seconds: float) -> None:
    try:
        article_fetch_task.apply_async((article_id,), countdown=seconds + RETRY_SLACK_SECONDS)
    except SoftTimeLimitExceeded:
        raise
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
    except SoftTimeLimitExceeded:
        raise  # the drain's own handler records it and wakes a successor
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
