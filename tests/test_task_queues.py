"""Where each task goes: claim extraction (spaCy) on its own "claims" queue, everything else
on "default", so NLP workers can run apart (`-Q claims`) and ingest workers never wait
behind them (`-Q default`); a plain worker declares and consumes both.

Bad inputs tried: a task name no rule mentions (it falls to "default", never nowhere).
"""

from __future__ import annotations

import pytest

from config.celery import app


def _queue(task_name: str) -> str:
    return str(app.amqp.router.route({}, task_name)["queue"].name)


@pytest.mark.parametrize(
    ("task_name", "queue"),
    [
        ("claims.article_extract_claims", "claims"),
        ("claims.articles_recover_stalled_extractions", "claims"),
        ("sources.article_fetch", "default"),
        ("sources.feed_poll", "default"),
        ("sources.feeds_poll_due", "default"),
        ("sources.articles_recover_stalled", "default"),
        ("no.such_task", "default"),
    ],
)
def test_tasks_are_routed_to_their_queue(task_name: str, queue: str) -> None:
    assert _queue(task_name) == queue


def test_a_plain_worker_consumes_both_queues() -> None:
    # What `celery -A config worker` without -Q subscribes to.
    assert sorted(q.name for q in app.amqp.queues.values()) == ["claims", "default"]
