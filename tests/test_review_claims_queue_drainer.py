"""Review of the claims step's drainer (claims.tasks.articles_extract_waiting_task, d01a63f
and 20a50d3) on PostgreSQL, Redis as broker and a real prefork worker (one pool process, so
the order of events is the queue's).

1. 20a50d3 meant a drainer to wake its successor "as soon as it takes its first batch", so
   that a run killed at its hard time limit (a pool process stuck in one long C call, the
   NLP of a huge batch, the OOM killer) leaves no queue behind. It woke it only once the
   first batch was done: a drainer killed in its first batch woke no one, and the articles
   waiting behind that batch (their fetch hooks found the mark of this very drainer and
   sent nothing) waited for the recovery sweep, a whole lease later. Bad input: a burst of
   five fetched articles woken as one drainer, batches of two, the pool process stopped
   (SIGSTOP) while it extracts the first batch, a 12 s hard time limit.
2. The recovery sweep (beat, worker start) still sent one claims.article_extract_claims
   message per fetched article waiting a lease or more, and logged "its job was lost" for
   each: with the queue in the table a long backlog (an import the drainers are working
   through) is normal and has no message to lose, so every beat re-sent up to 1000
   per-article messages, the very cost d01a63f removed (the fetch queue's recovery was put
   right the same way in 742bc9f). A drainer's wake is what the waiting ones need; an
   article a dead worker held while it waited for its retry (released after a failure
   before, so the drainer leaves it) still needs its own message. Bad input: six articles
   fetched ten minutes ago and still waiting, and one held past its lease after a failure.
3. A drainer whose time budget ran out woke its successor past the mark (force), though the
   one it woke at its first batch had not started yet: every run that spent its budget
   left one drainer message more than it took, so a long backlog piled up a message per
   run while every pool process was busy (the fetch drainer wakes without force at both
   points). Bad input: a drainer with a budget spent by its first batch, three articles
   waiting.
"""

from __future__ import annotations

import base64
import json
import os
import signal
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from django.utils import timezone

from claims.tasks import (
    article_enqueue_extract_claims,
    article_extract_claims_task,
    articles_extract_waiting_task,
    articles_recover_stalled_extractions_task,
)
from sources.models import Article
from tests.support.claims import make_article
from tests.support.worker import WorkerProcess, pool_pids, tasks_through_broker, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

LIMIT = 12  # seconds, soft and hard: the stopped process's soft limit is never handled

SENTENCES = [
    "The harbour board said that the night ferry to Velmor would stop in October.",
    "A spokesman for the college denied that 30 teaching posts would be cut.",
    "Growers near Assel claimed that the late frost had ruined half of the orchards.",
    "The water company said that the reservoir at Pennick was nine tenths full.",
    "Police in Larch Hill said that the road to the quarry was closed after a landslip.",
]


def worker_log_received(worker: WorkerProcess) -> list[str]:
    """The drainer messages the worker has taken from the broker so far."""
    return [
        line
        for line in worker.log().splitlines()
        if "claims.articles_extract_waiting[" in line and "received" in line
    ]


@pytest.fixture
def limited_sends(monkeypatch: pytest.MonkeyPatch) -> None:
    """The claims tasks this process sends carry LIMIT (as the worker is set up)."""
    for task in (articles_extract_waiting_task, article_extract_claims_task):
        monkeypatch.setattr(task, "_exec_options", None)
        monkeypatch.setattr(task, "time_limit", LIMIT)
        monkeypatch.setattr(task, "soft_time_limit", LIMIT)


def test_a_drainer_killed_in_its_first_batch_leaves_no_queue_behind(
    tmp_path: Path, limited_sends: None
) -> None:
    # The first batch is long enough (its NLP takes seconds) to be caught in it.
    articles = [make_article(" ".join([text] * 150)) for text in SENTENCES[:2]]
    articles += [make_article(text) for text in SENTENCES[2:]]
    ids = [article.pk for article in articles]
    with tasks_through_broker() as broker:
        worker = WorkerProcess(
            tmp_path / "worker.log",
            pool="prefork",
            concurrency=1,
            env={
                "CLAIMTRACK_EXTRACT_BATCH": "2",
                "CLAIMTRACK_TASK_TIME_LIMIT": str(LIMIT),
                "CLAIMTRACK_TASK_SOFT_TIME_LIMIT": str(LIMIT),
                # Long enough that the recovery a worker sends a lease after its start
                # cannot be what rescues the queue here.
                "CLAIMTRACK_JOB_LEASE_SECONDS": "300",
            },
        )
        worker.start()
        try:
            assert worker.process is not None
            wait_until(
                lambda: (
                    "sources.articles_recover_stalled" in worker.log()
                    and "succeeded" in worker.log()
                ),
                timeout=20,
                what="the start-up recovery",
                log=worker.log,
            )
            (child,) = pool_pids(worker.process.pid)
            # The burst is fetched before the drainer it woke has started (it sees them all,
            # so they send nothing more), as a feed's entries are.
            os.kill(child, signal.SIGSTOP)
            for article_id in ids:
                article_enqueue_extract_claims(article_id=article_id)
            # One message for the burst: the worker takes it while its pool process waits.
            wait_until(
                lambda: len(worker_log_received(worker)) == 1,
                timeout=10,
                what="the drainer's message",
                log=worker.log,
            )
            assert redis.Redis.from_url(broker).llen("claims") == 0
            os.kill(child, signal.SIGCONT)
            first = f"article {ids[0]} claims: extracting"
            wait_until(lambda: first in worker.log(), timeout=30, what="batch 1", log=worker.log)
            # Stuck in its first batch: only the hard time limit ends it.
            os.kill(child, signal.SIGSTOP)

            def behind_extracted() -> bool:
                states = Article.objects.filter(pk__in=ids[2:]).values_list("state", flat=True)
                return set(states) == {Article.State.EXTRACTED}

            wait_until(behind_extracted, timeout=LIMIT + 45, what="the rest", log=worker.log)
            log = worker.log()
        finally:
            worker.kill_all()
    assert "Hard time limit" in log
    # The batch that was in hand waits for its lease, tried once.
    held = Article.objects.filter(pk__in=ids[:2]).values_list("state", "claims_attempts")
    assert set(held) == {(Article.State.EXTRACTING, 1)}


def _sent(broker: str) -> list[tuple[str, list[object]]]:
    """The tasks waiting on the claims queue: (name, args), oldest first."""
    messages = [json.loads(raw) for raw in redis.Redis.from_url(broker).lrange("claims", 0, -1)]
    found = []
    for message in reversed(messages):  # kombu pushes on the left
        body = json.loads(base64.b64decode(message["body"]))
        found.append((message["headers"]["task"], list(body[0])))
    return found


def test_the_recovery_wakes_a_drainer_for_a_backlog_not_a_message_per_article() -> None:
    long_ago = timezone.now() - timedelta(minutes=10)
    waiting = [make_article(text) for text in SENTENCES]
    waiting.append(make_article("The county said that the Ember bridge would reopen in May."))
    Article.objects.filter(pk__in=[a.pk for a in waiting]).update(updated_at=long_ago)
    held = make_article("The clinic said that its opening hours would change in June.")
    Article.objects.filter(pk=held.pk).update(
        state=Article.State.EXTRACTING,
        claimed_at=long_ago,
        updated_at=long_ago,
        claims_attempts=2,
        failure_kind="internal",
        failure_message="Claim extraction failed in the extractor (ValueError: no).",
    )

    with tasks_through_broker() as broker:
        articles_recover_stalled_extractions_task.delay()
        assert _sent(broker) == [("claims.articles_recover_stalled_extractions", [])]
        redis.Redis.from_url(broker).delete("claims")
        articles_recover_stalled_extractions_task()
        sent = _sent(broker)

    # One drainer for the six waiting, the held one's own retry.
    assert sorted(sent, key=str) == sorted(
        [("claims.articles_extract_waiting", []), ("claims.article_extract_claims", [held.pk])],
        key=str,
    )
    states = set(Article.objects.filter(pk__in=[a.pk for a in waiting]).values_list("state"))
    assert states == {(Article.State.FETCHED,)}
    held.refresh_from_db()
    assert (held.state, held.claims_attempts) == (Article.State.FETCHED, 2)


def test_a_drainer_out_of_time_leaves_one_successor_not_two(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ids = [make_article(text).pk for text in SENTENCES[:3]]
    # A budget (half the run's limit) the first batch spends; a run in this process (apply)
    # has no limit in its message, so the task's own is read.
    monkeypatch.setattr(articles_extract_waiting_task, "soft_time_limit", 0.002)
    monkeypatch.setattr("django.conf.settings.CLAIMTRACK_EXTRACT_BATCH", 2)
    with tasks_through_broker() as broker:
        assert articles_extract_waiting_task.apply().get() == 2
        sent = _sent(broker)
    assert sent == [("claims.articles_extract_waiting", [])]
    states = dict(Article.objects.filter(pk__in=ids).values_list("pk", "state"))
    assert [states[pk] for pk in ids] == ["extracted", "extracted", "fetched"]
