"""A URL sent while the broker cannot be reached is kept, queued, and every other URL of
the list too; the recovery task sends its message once the broker is back.

The fetch task is enqueued after the article's row commits. When the broker refused it
(Redis restarting, unreachable), the error came out of article_submit after that commit:
the ingest page answered 500 after the first URL of a list, the others were never looked
at, and the editor could not tell what had been kept (the API and `manage.py ingest` the
same). The refusal is now logged, naming the article, and the article stays queued in the
database, where the recovery task (articles_recover_stalled) finds it, as the design says
of a message lost between commit and enqueue.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.test import Client
from django.urls import reverse

from config.celery import app
from sources.models import Article
from sources.services import articles_recover_stalled
from tests.support.worker import _forget_connections

pytestmark = pytest.mark.django_db(transaction=True)  # enqueued after commit

NO_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@contextmanager
def _broker_unreachable() -> Iterator[None]:
    names = ("task_always_eager", "broker_url", "task_publish_retry", "broker_transport_options")
    saved = {name: app.conf[name] for name in names}
    # Refused at once: no retries of the publish or of the connection (6 s each otherwise).
    app.conf.update(
        task_always_eager=False,
        broker_url=NO_BROKER,
        task_publish_retry=False,
        broker_transport_options={"max_retries": 0},
    )
    _forget_connections(app)
    try:
        yield
    finally:
        app.conf.update(**saved)
        _forget_connections(app)


def test_urls_sent_while_the_broker_is_down_are_all_kept_queued(
    editor_client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    urls = ["https://news.example/2024/harbour", "https://news.example/2024/bridge"]
    with _broker_unreachable(), caplog.at_level(logging.ERROR, logger="sources"):
        response = editor_client.post(reverse("sources:ingest_urls"), {"urls": "\n".join(urls)})

    assert response.status_code == 302
    assert sorted(Article.objects.values_list("url", "state")) == sorted(
        (url, Article.State.QUEUED) for url in urls
    )
    refused = [r.getMessage() for r in caplog.records if "enqueue" in r.getMessage()]
    assert len(refused) == 2
    first = Article.objects.get(url=urls[0])
    assert refused[0].startswith(f"article {first.pk} enqueue: the broker refused the fetch")

    # The recovery task wakes a drainer for them (the queue is the table: nothing was lost
    # but the wake-up, so none is reported as a lost job); with the broker still down, that
    # wake-up is refused and logged in turn, and they stay queued for its next run.
    caplog.clear()
    with _broker_unreachable(), caplog.at_level(logging.ERROR, logger="sources"):
        assert articles_recover_stalled() == []
    assert any(
        r.getMessage().startswith("fetch queue wake-up: the broker refused the fetch task")
        for r in caplog.records
    )
    assert set(Article.objects.values_list("state", flat=True)) == {Article.State.QUEUED}
