"""Review of the fetch queue's drainer (sources/queue.py, sources/tasks.py): what the
table-as-queue design lost of what one message per article had, on PostgreSQL, Redis as
broker and real prefork workers (one pool process, so the order of events is the queue's).

1. A drainer killed at the task's hard time limit without its soft limit having been
   handled (a pool process stuck in one long C call, here a stopped one) ends without
   waking a successor, and Celery acknowledges its message: the articles queued behind it
   waited for the next beat of the recovery task (three minutes), or for ever without beat.
   Bad input: a page that trickles in past the hard time limit (the fetch deadline is
   longer), submitted first, with three good pages behind it, its pool process stopped
   (SIGSTOP) while it reads the page.
2. A drain's time budget was worked out from the worker's own soft time limit setting, but
   the limit in force is the one its message carries (Celery sends the sender's limits in
   the headers and the pool obeys them first): a worker set up with a longer limit than the
   web process or command that woke it kept taking articles past the real limit, and the
   one in hand when it struck was failed for good as "took longer than ...", though the
   page was quick. Bad input: a drainer sent with a 4 s soft limit to a worker whose own
   setting is the default 150 s, five pages of about two seconds each.
3. A retry's delayed message that comes after a drainer took that retry (a busy pool does
   not deliver it at its time) claimed the article at once, whenever it was due again: the
   backoff, and a server's Retry-After, were not waited out. Bad input: a page answering 429
   with "Retry-After: 2" every time, then two slow good pages that keep the drainer busy
   while its first retry falls due.
4. With 3 fixed (a retry's message drains the due rows), it was still sent to come exactly
   when its article falls due, by the clock of the worker that failed it: a worker whose
   clock is a little behind ran it a moment early, found nothing due and left the article
   to the recovery task's next beat. Bad input: a retry due 0.3 s ahead of this process's
   clock (a sender 0.3 s ahead).
"""

from __future__ import annotations

import itertools
import os
import signal
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from sources.models import Article
from sources.services import article_submit
from sources.tasks import _retry_later, article_fetch_task, articles_fetch_due_task
from tests.factories import ArticleFactory
from tests.support.http import LocalSite, Reply
from tests.support.pages import distinct_story
from tests.support.worker import WorkerProcess, pool_pids, tasks_through_broker, wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]

HTML = {"Content-Type": "text/html; charset=utf-8"}
FETCHED = {"fetched", "extracted", "unsupported"}
WORKER_ENV = {
    "CLAIMTRACK_FETCH_ALLOW_PRIVATE": "1",
    "CLAIMTRACK_FETCH_HOST_INTERVAL": "0.02",
    # Long enough that the recovery a worker sends a lease after its start cannot be what
    # rescues the queue here.
    "CLAIMTRACK_JOB_LEASE_SECONDS": "300",
}


def _story(number: int) -> bytes:
    return distinct_story(f"In review dispatch {number}")


def _send_with_limits(monkeypatch: pytest.MonkeyPatch, *, soft: int, hard: int) -> None:
    """The fetch tasks this process sends carry these time limits (Celery caches a task's
    options: the cache is emptied first and put back after the test)."""
    for task in (articles_fetch_due_task, article_fetch_task):
        monkeypatch.setattr(task, "_exec_options", None)
        monkeypatch.setattr(task, "time_limit", hard)
        monkeypatch.setattr(task, "soft_time_limit", soft)


def _slow_story(number: int) -> Callable[[object], Reply]:
    body = _story(number)
    return lambda _: Reply(200, b"", HTML, chunks=iter([body[:2000], body[2000:]]), chunk_delay=0.9)


def _final(ids: list[int]) -> bool:
    return all(a.fetch_has_ended for a in Article.objects.filter(pk__in=ids))


@pytest.fixture
def start_worker(tmp_path: Path) -> Iterator[Callable[..., WorkerProcess]]:
    started: list[WorkerProcess] = []
    with tasks_through_broker():

        def start(**env: str) -> WorkerProcess:
            process = WorkerProcess(
                tmp_path / "worker.log",
                pool="prefork",
                concurrency=1,
                queues="default",
                env={**WORKER_ENV, **env},
            )
            started.append(process)
            return process.start()

        yield start
        for process in started:
            process.stop()


def test_a_drainer_killed_at_the_hard_time_limit_leaves_no_queue_behind(
    site: LocalSite, start_worker: Callable[..., WorkerProcess], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Twelve seconds of trickle; the fetch's own deadline (20 s) would let it run on, the
    # task's hard limit (4 s) kills the pool process first.
    site.routes["/trickle"] = lambda _: Reply(
        200, b"", HTML, chunks=iter([b"<html><body><p>" + b"y" * 50] * 12), chunk_delay=1.0
    )
    for number in range(3):
        site.routes[f"/news/{number}"] = Reply(200, _story(number), HTML)
    # A message carries its sender's time limits (Celery puts the task's limits in its
    # headers, and the worker obeys those): this process sends as the worker is set up.
    _send_with_limits(monkeypatch, soft=4, hard=4)
    worker = start_worker(
        CLAIMTRACK_TASK_TIME_LIMIT="4",
        CLAIMTRACK_TASK_SOFT_TIME_LIMIT="4",
        CLAIMTRACK_FETCH_DEADLINE="20",
    )
    # The worker's start-up recovery has run and found nothing: only submissions wake now.
    wait_until(
        lambda: "articles_recover_stalled" in worker.log() and "succeeded" in worker.log(),
        timeout=20,
        what="the start-up recovery",
        log=worker.log,
    )
    assert worker.process is not None
    (child,) = pool_pids(worker.process.pid)
    # The four are queued before the drainer their burst woke has started (it sees them
    # all, so they send nothing more), as a feed's entries or `ingest URL...` are.
    os.kill(child, signal.SIGSTOP)
    slow, _ = article_submit(url=site.url("/trickle"))
    ids = [article_submit(url=site.url(f"/news/{n}"))[0].pk for n in range(3)]
    os.kill(child, signal.SIGCONT)
    # While it reads the slow page the pool process stops answering, so that its soft
    # limit is not handled, as in a long C call: only the hard limit ends it.
    wait_until(lambda: site.hits["/trickle"] == 1, timeout=20, what="the slow page", log=worker.log)
    os.kill(child, signal.SIGSTOP)

    wait_until(lambda: _final(ids), timeout=30, what="the queue behind", log=worker.log)
    assert set(Article.objects.filter(pk__in=ids).values_list("state", flat=True)) <= FETCHED
    assert all(site.hits[f"/news/{n}"] == 1 for n in range(3))
    assert "Hard time limit" in worker.log()
    # The page that was being fetched waits for its lease, tried once, not twice.
    slow.refresh_from_db()
    assert (slow.state, slow.attempts, site.hits["/trickle"]) == ("fetching", 1, 1)


def test_a_late_retry_message_does_not_cut_the_backoff_short(
    site: LocalSite, start_worker: Callable[..., WorkerProcess]
) -> None:
    site.routes["/limited"] = Reply(429, b"slow down", {"Retry-After": "2", **HTML})
    for number in range(2):
        # About two seconds each: the drainer is busy when the first retry falls due, and
        # has nothing left to do right after it made that try.
        site.routes[f"/news/{number}"] = _slow_story(number)
    worker = start_worker(
        CLAIMTRACK_FETCH_MAX_TRIES="4",
        # Jitter well under the server's two seconds: each retry's wait is its Retry-After.
        CLAIMTRACK_FETCH_BACKOFF_BASE="0.01",
    )
    limited, _ = article_submit(url=site.url("/limited"))
    ids = [article_submit(url=site.url(f"/news/{n}"))[0].pk for n in range(2)]

    wait_until(lambda: _final([limited.pk, *ids]), timeout=60, what="the queue", log=worker.log)
    limited.refresh_from_db()
    assert (limited.state, limited.failure_kind, limited.attempts) == ("failed", "rate_limited", 4)
    times = [seen.at for seen in site.seen if seen.path == "/limited"]
    assert len(times) == 4
    gaps = [round(b - a, 2) for a, b in itertools.pairwise(times)]
    # The server asked for two seconds between tries each time.
    assert min(gaps) >= 1.9, gaps
    assert set(Article.objects.filter(pk__in=ids).values_list("state", flat=True)) <= FETCHED


def test_a_drain_keeps_to_the_time_limit_its_message_carries(
    site: LocalSite, start_worker: Callable[..., WorkerProcess], monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(5):
        site.routes[f"/news/{number}"] = _slow_story(number)
    worker = start_worker()  # its own settings: the default limits, 150 s and 180 s
    wait_until(
        lambda: "articles_recover_stalled" in worker.log() and "succeeded" in worker.log(),
        timeout=20,
        what="the start-up recovery",
        log=worker.log,
    )
    _send_with_limits(monkeypatch, soft=4, hard=6)
    ids = [article_submit(url=site.url(f"/news/{n}"))[0].pk for n in range(5)]

    wait_until(lambda: _final(ids), timeout=60, what="the queue", log=worker.log)
    articles = Article.objects.filter(pk__in=ids)
    assert {(a.state, a.failure_kind) for a in articles} <= {(s, "") for s in FETCHED}
    assert all(site.hits[f"/news/{n}"] == 1 for n in range(5))


def test_a_retry_from_a_worker_whose_clock_runs_ahead_still_comes(
    site: LocalSite, start_worker: Callable[..., WorkerProcess]
) -> None:
    site.routes["/news/0"] = Reply(200, _story(0), HTML)
    worker = start_worker()
    wait_until(
        lambda: "articles_recover_stalled" in worker.log() and "succeeded" in worker.log(),
        timeout=20,
        what="the start-up recovery",
        log=worker.log,
    )
    # What a worker whose clock is 0.3 s ahead of this one writes after a failed try whose
    # backoff has just run out, then its retry's message, due now by its clock.
    article = ArticleFactory.create(
        url=site.url("/news/0"),
        state=Article.State.QUEUED,
        attempts=1,
        next_attempt_at=timezone.now() + timedelta(seconds=0.3),
    )
    _retry_later(article.pk, 0.0)

    wait_until(lambda: _final([article.pk]), timeout=15, what="the retry", log=worker.log)
    article.refresh_from_db()
    assert (article.state in FETCHED, article.attempts, site.hits["/news/0"]) == (True, 2, 1)
