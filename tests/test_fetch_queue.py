"""The fetch queue is the articles table; a broker message only wakes a drainer
(sources/queue.py). On PostgreSQL, Redis as broker and real prefork workers.

What is held here: a burst of submissions sends one message, not one per URL, and every
article is still fetched exactly once; the oldest due row is taken first, a row another
session is taking is skipped rather than waited for, a row not yet due is left; a page that
runs past the fetch's deadline is retried by its own message, fails alone with its reason,
and the queue behind it goes on; a wake mark left by a message the broker lost does not hold
the queue back.

Bad inputs tried: a row locked by another session, a row whose retry is not due yet, a page
trickling past the fetch's deadline among good pages, a stale wake mark with no message.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from django.db import connections
from django.utils import timezone

from sources import queue
from sources.models import Article
from sources.services import article_claim_next, article_submit, articles_recover_stalled
from tests.factories import ArticleFactory
from tests.support.http import LocalSite, Reply
from tests.support.pages import distinct_story
from tests.support.worker import (
    WorkerProcess,
    fetches_ended,
    ingest_workers,
    wait_until,
)

pytestmark = [pytest.mark.django_db(transaction=True)]

HTML = {"Content-Type": "text/html; charset=utf-8"}
FETCHED = {"fetched", "extracted", "unsupported"}
WORKER_ENV = {
    "CLAIMTRACK_FETCH_ALLOW_PRIVATE": "1",
    "CLAIMTRACK_FETCH_HOST_INTERVAL": "0.02",
    "CLAIMTRACK_JOB_LEASE_SECONDS": "30",
}


def _story(number: int) -> bytes:
    return distinct_story(f"In dispatch number {number}")


def _messages(broker_url: str) -> int:
    """Messages waiting in the default queue (the Redis transport keeps a list per queue)."""
    return int(redis.Redis.from_url(broker_url).llen("default"))


@pytest.fixture
def start_worker(broker: str, tmp_path: Path) -> Iterator[Callable[..., WorkerProcess]]:
    """Starts ingest workers logging to one file; every one is stopped when the test ends."""
    with ingest_workers(tmp_path / "worker.log", WORKER_ENV) as start:
        yield start


@pytest.mark.worker
def test_a_burst_sends_one_message_and_every_article_is_fetched_once(
    site: LocalSite, broker: str, start_worker: Callable[..., WorkerProcess]
) -> None:
    for number in range(20):
        site.routes[f"/news/{number}"] = Reply(200, _story(number), HTML)
    # Each URL in its own commit, as `manage.py ingest URL...` and the ingest page do.
    ids = [article_submit(url=site.url(f"/news/{n}"))[0].pk for n in range(20)]
    assert _messages(broker) == 1  # one drainer woken, not twenty messages

    worker = start_worker()
    wait_until(lambda: fetches_ended(ids), timeout=40, what="the burst", log=worker.log)
    articles = list(Article.objects.filter(pk__in=ids))
    assert {a.state for a in articles} <= FETCHED
    assert {a.attempts for a in articles} == {1}
    assert all(site.hits[f"/news/{n}"] == 1 for n in range(20))
    assert {a.claimed_at for a in articles} == {None}

    # Every drainer has started, so the mark is gone: the next URL wakes one again.
    wait_until(
        lambda: not redis.Redis.from_url(broker).exists(queue.WAKE_KEY),
        timeout=10,
        what="every drainer sent to start",
        log=worker.log,
    )
    site.routes["/later"] = Reply(200, _story(99), HTML)
    later, _ = article_submit(url=site.url("/later"))
    wait_until(lambda: fetches_ended([later.pk]), timeout=20, what="a later URL", log=worker.log)
    assert Article.objects.get(pk=later.pk).state in FETCHED


def test_the_oldest_due_row_is_taken_and_a_locked_one_is_skipped() -> None:
    now = timezone.now()
    oldest, second, not_due = (
        ArticleFactory.create(
            state=Article.State.QUEUED, next_attempt_at=now - timedelta(seconds=5)
        ),
        ArticleFactory.create(
            state=Article.State.QUEUED, next_attempt_at=now - timedelta(seconds=9)
        ),
        ArticleFactory.create(
            state=Article.State.QUEUED, next_attempt_at=now + timedelta(minutes=5)
        ),
    )
    ArticleFactory.create(state=Article.State.FETCHED)  # not in the queue at all

    # Another drainer is taking the oldest row: it holds it locked until it commits.
    locked, release = threading.Event(), threading.Event()

    def other_drainer() -> None:
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("BEGIN")
                cursor.execute(
                    "SELECT id FROM sources_article WHERE id = %s FOR UPDATE", [oldest.pk]
                )
                locked.set()
                release.wait(10)
                cursor.execute("ROLLBACK")
        finally:
            other.close()

    thread = threading.Thread(target=other_drainer)
    thread.start()
    try:
        assert locked.wait(10)
        taken = article_claim_next()
        assert taken is not None
        article, claimed_at = taken
        assert article.pk == second.pk  # by age of the row, not by due time
        assert (article.state, article.attempts, article.claimed_at) == (
            "fetching",
            1,
            claimed_at,
        )
        assert article_claim_next() is None  # the locked one skipped, the other not due
    finally:
        release.set()
        thread.join()

    taken = article_claim_next()
    assert taken is not None
    assert taken[0].pk == oldest.pk
    assert article_claim_next() is None
    not_due.refresh_from_db()
    assert (not_due.state, not_due.attempts) == ("queued", 0)
    assert Article.objects.get(pk=second.pk).state == "fetching"


@pytest.mark.worker
def test_a_page_past_its_deadline_is_retried_alone_and_the_queue_goes_on(
    site: LocalSite, broker: str, start_worker: Callable[..., WorkerProcess]
) -> None:
    # A page that trickles in over ten seconds, past the fetch's deadline of two.
    site.routes["/trickle"] = lambda _: Reply(
        200, b"", HTML, chunks=iter([b"<html><body><p>" + b"x" * 50] * 10), chunk_delay=1.0
    )
    for number in range(4):
        site.routes[f"/news/{number}"] = Reply(200, _story(number), HTML)
    worker = start_worker(
        CLAIMTRACK_FETCH_DEADLINE="2",
        CLAIMTRACK_FETCH_MAX_TRIES="2",
        CLAIMTRACK_FETCH_BACKOFF_BASE="0.2",
    )
    slow, _ = article_submit(url=site.url("/trickle"))
    ids = [article_submit(url=site.url(f"/news/{n}"))[0].pk for n in range(4)]

    wait_until(lambda: fetches_ended([slow.pk, *ids]), timeout=40, what="the queue", log=worker.log)
    slow.refresh_from_db()
    # Tried twice (the second time by the message its first failure scheduled), then failed.
    assert (slow.state, slow.failure_kind, slow.attempts) == ("failed", "timeout", 2)
    assert "Gave up after 2 tries" in slow.failure_message
    assert site.hits["/trickle"] == 2
    assert set(Article.objects.filter(pk__in=ids).values_list("state", flat=True)) <= FETCHED
    assert worker.alive()


@pytest.mark.worker
def test_a_wake_mark_without_its_message_does_not_hold_the_queue(
    site: LocalSite, broker: str, start_worker: Callable[..., WorkerProcess]
) -> None:
    site.routes["/news/1"] = Reply(200, _story(1), HTML)
    # A drainer was sent, then the broker lost it (restarted without its data): the mark
    # stays until it expires, and a submission meanwhile sends nothing.
    assert queue.wake_mark()
    article, _ = article_submit(url=site.url("/news/1"))
    assert _messages(broker) == 0

    # The recovery task (every few minutes, and at a worker's start) wakes a drainer for
    # whatever is due, mark or no mark.
    assert articles_recover_stalled() == []
    assert _messages(broker) == 1
    worker = start_worker()
    wait_until(lambda: fetches_ended([article.pk]), timeout=20, what="the article", log=worker.log)
    assert Article.objects.get(pk=article.pk).state in FETCHED
