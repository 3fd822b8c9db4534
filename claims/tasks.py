"""Celery tasks for claims: each loads by id, calls one service, and retries or records.

A failed extraction is recorded on the article by the service (back to `fetched`, with
failure_kind `internal` and a readable failure_message) and retried here a few times with
a growing delay; after that it waits for `extract_claims --article ID`. No exception
escapes a task: the worker lives on.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from celery import shared_task
from celery.exceptions import Retry, SoftTimeLimitExceeded
from celery.signals import worker_ready
from django.conf import settings

from claims import selectors, services
from sources import queue

logger = logging.getLogger(__name__)

EXTRACT_RETRY_DELAY = 30.0


@shared_task(bind=True, name="claims.article_extract_claims")
def article_extract_claims_task(self: Any, article_id: int) -> str:
    # Run by a worker, the task takes along articles waiting behind this one (a feed's or
    # an import's burst), their NLP batched; run in-process (no broker), it does just this one.
    backlog = 0 if self.request.is_eager else settings.CLAIMTRACK_EXTRACT_BATCH - 1
    try:
        result = services.article_extract_claims_with_backlog(
            article_id=article_id,
            backlog=backlog,
            backlog_bytes=settings.CLAIMTRACK_EXTRACT_BATCH_BYTES,
            # Past the soft time limit there is no time to retry each article of the batch
            # alone: they are released with the reason and retried by their tasks.
            stop_on=(SoftTimeLimitExceeded,),
        )
    except Exception:
        logger.exception("article %s claims: crashed", article_id)
        return "crashed"
    for other in result.others:
        if isinstance(other, services.ExtractionFailedError):
            # Taken along, it failed here: its own task (maybe run already) retries it.
            _enqueue_retry(other.article_id, tries=other.attempts)
    return _settle(self, article_id, result.own)


def _settle(
    task: Any,
    article_id: int,
    own: services.ExtractionOutcome
    | services.ArticleNotFoundError
    | services.ExtractionFailedError,
) -> str:
    """The task's answer for its own article (and a retry where one is due)."""
    if isinstance(own, services.ArticleNotFoundError):
        logger.warning("article %s claims: %s", article_id, own.message)
        return "not_found"
    if isinstance(own, services.ExtractionFailedError):
        return _after_failure(task, article_id, own)
    # Not done here: done already, or held by another worker (often a batch that took it
    # along). Should that worker die, the recovery sweep (beat, worker start) retakes the
    # article once its lease runs out; no retry per held article is queued for that.
    return own.state if own.done else "skipped"


def _enqueue_retry(article_id: int, *, tries: int) -> None:
    if tries >= services.CLAIMS_MAX_TRIES:
        logger.error("article %s claims: giving up after %s tries", article_id, tries)
        return
    try:
        article_extract_claims_task.apply_async((article_id,), countdown=EXTRACT_RETRY_DELAY)
    except Exception:
        logger.exception("article %s claims: could not schedule the retry", article_id)


def _after_failure(task: Any, article_id: int, exc: services.ExtractionFailedError) -> str:
    # The tries are counted on the article, not per task: an article a batch took along
    # and its own task share one budget. The failure carries the count its claim left.
    tries = exc.attempts
    if task.request.is_eager or tries >= services.CLAIMS_MAX_TRIES:
        logger.error("article %s claims: giving up: %s", article_id, exc.message)
        return "failed"
    countdown = EXTRACT_RETRY_DELAY * 2 ** max(tries - 1, 0)
    logger.warning("article %s claims: retrying in %.0f s", article_id, countdown)
    return _retry(task, article_id, countdown=countdown)


def _retry(task: Any, article_id: int, *, countdown: float) -> str:
    try:
        # The article's own count decides (see _after_failure), not this task's retries.
        raise task.retry(countdown=countdown, max_retries=None)
    except Retry:
        raise
    except Exception:
        # The broker refused the retry: the article stays released with its failure shown
        # (the ingest queue, its page) until a person runs it again (`extract_claims`);
        # the recovery sweep leaves articles released after a failure to their retry.
        logger.exception("article %s claims: could not schedule the retry", article_id)
        return "failed"


# The claims step's wake mark (sources/queue.py): set while a drainer sent is yet to start.
CLAIMS_WAKE_KEY = "claimtrack:claims:drainer-waiting"


def article_enqueue_extract_claims(*, article_id: int) -> None:
    """What the fetch step calls (after commit) when an article reaches `fetched`.

    In-process (no broker) its extraction runs now. With a broker, the articles waiting for
    their claims are the queue, as for fetching: this wakes a drainer
    (articles_extract_waiting_task) unless one sent is yet to start, so a burst of fetched
    pages costs the fetch workers a mark in Redis each, not a message each.
    """
    if article_extract_claims_task.app.conf.task_always_eager:
        article_extract_claims_task.delay(article_id)
        return
    queue.wake(articles_extract_waiting_task, key=CLAIMS_WAKE_KEY)


@shared_task(bind=True, name="claims.articles_extract_waiting")
def articles_extract_waiting_task(self: Any) -> int:
    """A drainer: extract the claims of the articles waiting for them, the oldest first, a
    batch at a time (the oldest and up to CLAIMTRACK_EXTRACT_BATCH - 1 behind it, as the
    per-article task takes them along), until none waits or the time budget is spent, when
    it wakes a successor. Returns how many articles it finished."""
    queue.wake_unmark(key=CLAIMS_WAKE_KEY)  # started: an article fetched now wakes another
    # It takes no batch after half the run's time limit (a batch takes a second or two; one
    # past the limit is released with the reason, stop_on below).
    budget = queue.run_time_limit(self) / 2
    started = time.monotonic()
    batches = 0
    finished = 0
    passed: list[int] = []  # ones another worker held when this one came to them
    while True:
        try:
            oldest = selectors.article_waiting_for_claims(exclude=passed)
            if oldest is None:
                return finished
            batches += 1
            if batches == 1:
                # A successor is woken now, before the first batch is taken, not at the end
                # nor once that batch is done: a run killed at its hard time limit (a long C
                # call in the NLP) or by the OOM killer wakes no one, and the articles behind
                # the batch would wait for the recovery sweep, a lease later. The mark keeps
                # it to one waiting.
                articles_extract_wake(force=False)
            result = services.article_extract_claims_with_backlog(
                article_id=oldest,
                backlog=settings.CLAIMTRACK_EXTRACT_BATCH - 1,
                backlog_bytes=settings.CLAIMTRACK_EXTRACT_BATCH_BYTES,
                stop_on=(SoftTimeLimitExceeded,),
            )
        except Exception:
            # The recovery sweep (beat, worker start) takes up whatever is left.
            logger.exception("claims queue: crashed")
            return finished
        for outcome in [result.own, *result.others]:
            if isinstance(outcome, services.ExtractionFailedError):
                _enqueue_retry(outcome.article_id, tries=outcome.attempts)
            elif isinstance(outcome, services.ExtractionOutcome) and outcome.done:
                finished += 1
        if isinstance(result.own, services.ExtractionOutcome) and not result.own.done:
            passed.append(oldest)  # held elsewhere: its holder finishes it
        if time.monotonic() - started >= budget:
            # Not past the mark: the successor woken at the first batch, if it has not
            # started yet, takes the rest (forcing it left a message more per run).
            articles_extract_wake(force=False)
            return finished


def articles_extract_wake(*, force: bool = True) -> None:
    """Wake a claims drainer for whatever waits (a drainer handing over; `force`: even if
    one sent is yet to start)."""
    try:
        queue.wake(articles_extract_waiting_task, key=CLAIMS_WAKE_KEY, force=force)
    except Exception:
        logger.exception("claims queue: could not wake a drainer; the recovery task will")


@shared_task(name="claims.articles_recover_stalled_extractions")
def articles_recover_stalled_extractions_task() -> int:
    """The recovery sweep (beat, worker start): release what dead workers held past their
    lease (services.articles_recover_stalled_extractions) and, with a broker, wake one
    drainer when any article waits for its claims. Returns how many were released."""
    try:
        recovered = services.articles_recover_stalled_extractions()
    except Exception:
        logger.exception("articles claims recover: crashed")
        return 0
    if article_extract_claims_task.app.conf.task_always_eager:
        for article_id in recovered:
            logger.warning("article %s claims: its job was lost, queued again", article_id)
            article_extract_claims_task.delay(article_id)
        return len(recovered)
    # With a broker the waiting articles are the queue and have no message of their own to
    # lose: the service leaves their rows alone, and one drainer's wake is what they need.
    # One released after a failure waits for its own retry (the drainers leave it): a dead
    # worker held it, so it gets its message again.
    try:
        released = selectors.articles_released_after_failure(ids=recovered)
    except Exception:
        logger.exception("articles claims recover: could not read the recovered articles")
        released = set()
    for article_id in sorted(released):
        logger.warning("article %s claims: its job was lost, queued again", article_id)
        try:
            article_extract_claims_task.delay(article_id)
        except Exception:
            logger.exception("article %s claims: could not queue it again", article_id)
    if len(recovered) > len(released):
        logger.warning(
            "articles claims recover: %s held past their lease by a worker that went away; "
            "released for the drainers",
            len(recovered) - len(released),
        )
    try:
        waiting = selectors.article_waiting_for_claims() is not None
    except Exception:
        logger.exception("articles claims recover: could not read the queue; waking anyway")
        waiting = True
    if waiting:
        # One drainer takes them all (a long backlog, the articles just released, what a
        # drainer killed at its hard time limit left), sent whatever the wake mark says: a
        # mark left by a message the broker lost must not hold them back.
        articles_extract_wake()
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
