"""The claims step's recovery sweep (claims.articles_recover_stalled_extractions, every 180 s
on beat and at a worker's start) with a backlog of articles waiting for their claims.

With the queue in the table (sources/queue.py) a waiting article has no message of its own to
lose: a backlog older than a lease is an import or a feed the drainers are working through.
The sweep still re-marked each waiting row a lease old (one UPDATE each, updated_at moved to
now, up to 1000 a run) as if its message had been lost; 082140d stopped the message per row,
not the writes. It now only releases the leases that ran out (a dead worker's articles) and
wakes one drainer when anything waits, as the fetch queue's recovery does since 742bc9f.

Bad inputs: a backlog of 40 waiting, unclaimed articles fetched two lease-times ago; the same
beside an article a dead worker held past its lease and one a live worker holds; articles
that wait for nothing a drainer takes (released after a failure, extracted).
"""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from typing import Any

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.tasks import articles_recover_stalled_extractions_task
from sources.models import Article
from tests.support.claims import make_article

pytestmark = pytest.mark.django_db

BACKLOG = 40
TEXT = "The ferry company said that the winter timetable would start on {n} November."


def _long_ago() -> Any:
    return timezone.now() - 2 * timedelta(seconds=settings.CLAIMTRACK_JOB_LEASE_SECONDS)


def _backlog(n: int = BACKLOG) -> list[int]:
    """`n` fetched articles waiting for their claims, untouched for two leases."""
    ids = [make_article(TEXT.format(n=i % 28 + 1)).pk for i in range(n)]
    Article.objects.filter(pk__in=ids).update(updated_at=_long_ago())
    return ids


def _rows(ids: list[int]) -> dict[int, tuple[Any, ...]]:
    """Each row as stored, with its ctid: a row rewritten by an UPDATE moves to a new tuple
    even when every value it was given is the one it had."""
    fields = "ctid::text, state, updated_at, claimed_at, claims_attempts, failure_message"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, {fields} FROM {Article._meta.db_table} WHERE id = ANY(%s)", [ids]
        )
        return {row[0]: row[1:] for row in cursor.fetchall()}


def _sent(broker: str) -> list[tuple[str, list[object]]]:
    """The tasks sent to the claims queue and not taken yet, oldest first, (name, args);
    emptied for the next look."""
    client = redis.Redis.from_url(broker)
    raw = client.lrange("claims", 0, -1)
    client.delete("claims")
    sent = []
    for message in map(json.loads, reversed(raw)):  # kombu pushes on the left
        body = json.loads(base64.b64decode(message["body"]))
        sent.append((message["headers"]["task"], list(body[0])))
    return sent


def _sweep() -> tuple[int, list[str]]:
    """One run of the recovery task as beat's message would run it: its answer and the
    UPDATEs it sent."""
    with CaptureQueriesContext(connection) as queries:
        answer = articles_recover_stalled_extractions_task()
    return answer, [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]


DRAINER: tuple[str, list[object]] = ("claims.articles_extract_waiting", [])


def test_a_backlog_is_left_as_it_is_and_each_sweep_wakes_one_drainer(broker: str) -> None:
    waiting = _backlog()
    before = _rows(waiting)

    for _ in range(2):
        # Each sweep wakes one, past the mark the one before set: that mark may be a lost
        # message's, and it must not hold the backlog back.
        assert _sweep() == (0, [])
        assert _sent(broker) == [DRAINER]

    assert _rows(waiting) == before


def test_a_dead_workers_lease_is_released_and_the_backlog_beside_it_left(broker: str) -> None:
    waiting = _backlog()
    dead = make_article(TEXT.format(n=30), state=Article.State.EXTRACTING)
    live = make_article(TEXT.format(n=29), state=Article.State.EXTRACTING)
    Article.objects.filter(pk=dead.pk).update(
        claimed_at=_long_ago(), updated_at=_long_ago(), claims_attempts=1
    )
    Article.objects.filter(pk=live.pk).update(claimed_at=timezone.now(), claims_attempts=1)
    before = _rows([*waiting, live.pk])

    answer, updates = _sweep()

    assert answer == 1
    assert len(updates) == 1  # the dead worker's article, and no other
    # The drainer takes it with the rest: one wake, no message of its own.
    assert _sent(broker) == [DRAINER]
    dead.refresh_from_db()
    assert (dead.state, dead.claimed_at, dead.claims_attempts) == (Article.State.FETCHED, None, 1)
    assert _rows([*waiting, live.pk]) == before
    # Released once: the next sweep finds it waiting with the others.
    assert _sweep() == (0, [])
    assert _sent(broker) == [DRAINER]


def test_nothing_a_drainer_takes_waits_so_no_drainer_is_woken(broker: str) -> None:
    released = make_article(TEXT.format(n=1))
    done = make_article(TEXT.format(n=2), state=Article.State.EXTRACTED)
    Article.objects.filter(pk=released.pk).update(
        updated_at=_long_ago(),
        claims_attempts=2,
        failure_kind=Article.FailureKind.INTERNAL,
        failure_message="Claim extraction failed in the extractor (ValueError: no).",
    )
    Article.objects.filter(pk=done.pk).update(updated_at=_long_ago())
    before = _rows([released.pk, done.pk])

    assert _sweep() == (0, [])

    # The one released after a failure waits for its own retry; drainers leave it.
    assert _sent(broker) == []
    assert _rows([released.pk, done.pk]) == before
