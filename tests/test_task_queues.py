"""Where each task goes: claim extraction (spaCy) on its own "claims" queue, everything else
on "default", so NLP workers can run apart (`-Q claims`) and ingest workers never wait
behind them (`-Q default`); a plain worker declares and consumes both.

Bad inputs tried: a task name no rule mentions (it falls to "default", never nowhere); two
queues that would share a routing key (each message must land in exactly one queue).
"""

from __future__ import annotations

import os

import pytest
import redis
from celery import Celery

from config.celery import app


def _queue(task_name: str) -> str:
    return str(app.amqp.router.route({}, task_name)["queue"].name)


@pytest.mark.parametrize(
    ("task_name", "queue"),
    [
        ("claims.article_extract_claims", "claims"),
        ("claims.articles_recover_stalled_extractions", "claims"),
        ("claims.articles_extract_waiting", "claims"),
        ("sources.article_fetch", "default"),
        ("sources.articles_fetch_due", "default"),
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


def test_each_message_lands_in_its_own_queue_only() -> None:
    # Queues bound by the same routing key would each get a copy of every message.
    url = os.environ.get("CLAIMTRACK_TEST_BROKER_URL", "")
    assert url.startswith("redis://"), "set CLAIMTRACK_TEST_BROKER_URL to a Redis db"
    sender = Celery("queues-test", set_as_current=False)
    sender.config_from_object("django.conf:settings", namespace="CELERY")
    sender.conf.update(broker_url=url, task_always_eager=False)
    queued = redis.Redis.from_url(url)
    queued.flushdb()
    try:
        with sender.connection_for_write() as connection:
            for queue in sender.amqp.queues.values():  # bound first, as a worker binds them
                queue(connection.default_channel).declare()
        sender.send_task("claims.article_extract_claims", args=[1])
        sender.send_task("sources.article_fetch", args=[1])
        sender.send_task("sources.article_fetch", args=[2])
        assert queued.llen("claims") == 1
        assert queued.llen("default") == 2
    finally:
        queued.flushdb()
        sender.close()
