"""The pipeline through a real Celery worker: `celery -A config worker --pool=prefork
--concurrency=2 -Q default` as a subprocess, on the test database, with Redis as broker,
fetching from a loopback HTTP server. The test process enqueues exactly as production
does: article_submit commits, then sends the fetch task to Redis.

Bad inputs tried: a 404, a server error on every try, a PDF and a page with no article,
each among good pages, after which the same worker must still fetch; and the worst case for
a queue: SIGKILL of the whole worker (main process and pool) in the middle of a batch.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import connection, transaction

from sources.models import Article
from sources.services import article_submit
from tests.support.http import LocalSite, Reply
from tests.support.pages import distinct_story
from tests.support.worker import (
    WorkerProcess,
    fetches_ended,
    ingest_workers,
    wait_until,
)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

HTML = {"Content-Type": "text/html; charset=utf-8"}
# Once fetched, the claims step may already have moved an article on.
FETCHED = {"fetched", "extracted", "unsupported"}
# Small leases and timeouts so that recovery after a kill happens within seconds.
WORKER_ENV = {
    "CLAIMTRACK_FETCH_ALLOW_PRIVATE": "1",
    "CLAIMTRACK_FETCH_HOST_INTERVAL": "0.02",
    "CLAIMTRACK_FETCH_BACKOFF_BASE": "0.2",
    "CLAIMTRACK_FETCH_MAX_TRIES": "3",
    "CLAIMTRACK_FETCH_READ_TIMEOUT": "5",
    "CLAIMTRACK_JOB_LEASE_SECONDS": "3",
    "CLAIMTRACK_BROKER_VISIBILITY_TIMEOUT": "4",
}


def _story(number: int) -> bytes:
    return distinct_story(f"In report number {number}")


def _submit_all(urls: list[str]) -> list[int]:
    with transaction.atomic():  # the fetch tasks are sent when this commits
        return [article_submit(url=url)[0].pk for url in urls]


def _states(ids: list[int]) -> dict[int, str]:
    return dict(Article.objects.filter(pk__in=ids).values_list("pk", "state"))


@pytest.fixture
def start_worker(broker: str, tmp_path: Path) -> Iterator[Callable[..., WorkerProcess]]:
    """Starts ingest workers logging to one file; every one is stopped when the test ends."""
    with ingest_workers(tmp_path / "worker.log", WORKER_ENV) as start:
        yield start


@pytest.fixture
def worker(start_worker: Callable[..., WorkerProcess]) -> WorkerProcess:
    # A lease far longer than any fetch here: no job is taken over while it runs, however
    # loaded the machine.
    return start_worker(CLAIMTRACK_JOB_LEASE_SECONDS="30")


def test_a_batch_is_fetched_by_the_worker_and_failures_leave_it_working(
    site: LocalSite, worker: WorkerProcess
) -> None:
    for number in range(10):
        site.routes[f"/news/{number}"] = Reply(200, _story(number), HTML)
    site.routes["/missing"] = Reply(404, b"<html><body>no</body></html>", HTML)
    site.routes["/down"] = Reply(503, b"<html><body>down</body></html>", HTML)
    site.routes["/scan.pdf"] = Reply(200, b"%PDF-1.7\n", {"Content-Type": "application/pdf"})
    site.routes["/nav"] = Reply(200, b"<html><body><nav><a href='/'>Home</a></nav></body></html>")

    good = _submit_all([site.url(f"/news/{n}") for n in range(10)])
    bad = _submit_all([site.url(p) for p in ("/missing", "/down", "/scan.pdf", "/nav")])

    wait_until(
        lambda: fetches_ended(good + bad), timeout=40, what="the batch to finish", log=worker.log
    )
    assert set(_states(good).values()) <= FETCHED
    for number in range(10):
        assert site.hits[f"/news/{number}"] == 1
    failed = {str(a.url).rsplit("/", 1)[1]: a for a in Article.objects.filter(pk__in=bad)}
    assert {name: a.failure_kind for name, a in failed.items()} == {
        "missing": "not_found",
        "down": "http_5xx",
        "scan.pdf": "content_type",
        "nav": "empty",
    }
    assert failed["down"].attempts == 3  # CLAIMTRACK_FETCH_MAX_TRIES in the worker
    assert site.hits["/down"] == 3
    assert all(a.failure_message for a in failed.values())
    log = worker.log()
    assert f"article {failed['missing'].pk} fetch: failed not_found" in log

    # The same worker still answers.
    assert worker.alive()
    site.routes["/after"] = Reply(200, _story(99), HTML)
    [after] = _submit_all([site.url("/after")])
    wait_until(
        lambda: fetches_ended([after]), timeout=20, what="a page after the failures", log=worker.log
    )
    assert Article.objects.get(pk=after).state in FETCHED


def _worker_backends() -> set[int]:
    """The PostgreSQL server processes connected to the test database for someone else."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return {pid for (pid,) in cursor.fetchall()}


def test_the_worker_keeps_its_database_connection_and_replaces_a_cut_one(
    site: LocalSite, worker: WorkerProcess
) -> None:
    """A task reuses its pool process's connection (opening one per task cost ~3 ms of
    worker time and a new server process); one the server cut between tasks is replaced."""
    for number in range(9):
        site.routes[f"/news/{number}"] = Reply(200, _story(number), HTML)
    batches = [[site.url(f"/news/{n}") for n in range(k, k + 3)] for k in (0, 3, 6)]

    first = _submit_all(batches[0])
    wait_until(lambda: fetches_ended(first), timeout=30, what="the first batch", log=worker.log)
    held = _worker_backends()
    assert 1 <= len(held) <= 2  # one per pool process that ran a task, kept open

    second = _submit_all(batches[1])
    wait_until(lambda: fetches_ended(second), timeout=30, what="the second batch", log=worker.log)
    assert _worker_backends() <= held  # the same connections, none opened anew

    # The database restarts, a proxy drops idle connections: the next tasks must notice.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM unnest(%s::int[]) AS pid", [list(held)]
        )
    third = _submit_all(batches[2])
    wait_until(
        lambda: fetches_ended(third), timeout=30, what="the batch after the cut", log=worker.log
    )
    assert set(_states(first + second + third).values()) <= FETCHED
    assert worker.alive()
    assert not _worker_backends() & held


def test_sigkill_mid_batch_loses_nothing_and_duplicates_nothing(
    site: LocalSite, start_worker: Callable[..., WorkerProcess]
) -> None:
    pages = 12
    for number in range(pages):
        site.routes[f"/slow/{number}"] = Reply(200, _story(number), HTML, delay=1.0)
    urls = [site.url(f"/slow/{n}") for n in range(pages)]
    # Short leases, so the jobs the killed worker held come back within seconds; still
    # several times a page's fetch (1 s), so no live job is taken over.
    lease = {"CLAIMTRACK_JOB_LEASE_SECONDS": "5", "CLAIMTRACK_BROKER_VISIBILITY_TIMEOUT": "6"}
    first = start_worker(**lease)
    ids = _submit_all(urls)

    def some_done_some_running() -> bool:
        states = list(_states(ids).values())
        return sum(state in FETCHED for state in states) >= 2 and "fetching" in states

    wait_until(some_done_some_running, timeout=30, what="the batch to be under way", log=first.log)
    first.kill_all()
    at_kill = _states(ids)
    fetched_before = {pk for pk, state in at_kill.items() if state in FETCHED}
    in_flight = {pk for pk, state in at_kill.items() if state == "fetching"}
    assert in_flight  # the kill really interrupted work
    assert len(fetched_before) < pages

    started = time.monotonic()
    second = start_worker(**lease)
    wait_until(lambda: fetches_ended(ids), timeout=45, what="recovery", log=second.log)
    second.stop()
    recovered_in = time.monotonic() - started

    articles = list(Article.objects.filter(pk__in=ids))
    assert len(articles) == pages == Article.objects.count()
    assert {a.state for a in articles} <= FETCHED, (at_kill, second.log())
    assert len({a.canonical_url for a in articles}) == pages
    assert {a.claimed_at for a in articles} == {None}
    by_url = {a.url: a for a in articles}
    for number, url in enumerate(urls):
        hits = site.hits[f"/slow/{number}"]
        article = by_url[url]
        if article.pk in fetched_before:
            assert hits == 1, "a finished article was fetched again"
            assert article.attempts == 1
        elif article.pk in in_flight:
            # Its first fetch died with the worker; it was fetched once more, and only once.
            assert hits in (1, 2)
            assert article.attempts == 2
        else:
            assert hits == 1
            assert article.attempts == 1
    assert "recover: its job was lost" in second.log()
    assert recovered_in < 40
