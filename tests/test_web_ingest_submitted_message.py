"""What the ingest page says after URLs are sent. With a broker the articles wait for a
worker: "3 articles queued.". Without one (the demo) their tasks ran in the request, so
by the message they have ended: it said "3 articles queued." of three failed articles."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import reverse

from config.celery import app
from sources.models import Article
from tests.factories import EditorFactory
from tests.support.fetching import page
from tests.support.http import LocalSite, Reply
from tests.support.pipeline import apply_local_fetch_settings
from tests.support.worker import tasks_through_broker

pytestmark = pytest.mark.django_db(transaction=True)  # after-commit tasks run at commit

HTML = {"Content-Type": "text/html; charset=utf-8"}


@pytest.fixture
def editor_client(settings) -> Client:
    apply_local_fetch_settings(settings)
    client = Client()
    client.force_login(EditorFactory.create())
    return client


@pytest.fixture
def in_process() -> Iterator[None]:
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved


def _send(client: Client, urls: list[str]) -> str:
    response = client.post(reverse("sources:ingest_urls"), {"urls": "\n".join(urls)}, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_in_process_the_message_says_how_the_articles_ended(
    editor_client: Client, site: LocalSite, in_process: None
):
    site.routes["/fine"] = Reply(200, page("Harbour report", "Nine words " * 40), HTML)
    site.routes["/gone"] = Reply(404, b"<html><body>gone</body></html>", HTML)
    site.routes["/gone-too"] = Reply(410, b"<html><body>gone</body></html>", HTML)
    html = _send(editor_client, [site.url("/fine"), site.url("/gone"), site.url("/gone-too")])
    assert sorted(Article.objects.values_list("state", flat=True)) == [
        "extracted",
        "failed",
        "failed",
    ]
    assert "3 articles submitted: 1 fetched, 2 failed — see the queue below." in html
    assert "queued." not in html
    # A failed one sent again is fetched again (tests/test_ingest_failed_again.py).
    again = _send(editor_client, [site.url("/gone"), site.url("/other"), site.url("/fine")])
    assert (
        "2 articles submitted: 2 failed — see the queue below. "
        "1 of them had failed before and was tried again. 1 already known"
    ) in again


def test_with_a_broker_the_articles_are_queued(editor_client: Client, site: LocalSite):
    with tasks_through_broker():
        html = _send(editor_client, [site.url("/a"), site.url("/b"), site.url("/c")])
    assert "3 articles queued." in html
    assert set(Article.objects.values_list("state", flat=True)) == {"queued"}


def test_in_process_one_duplicate_is_said_in_the_singular(
    editor_client: Client, site: LocalSite, in_process: None
):
    body = page("Harbour report", "Nine words " * 40)
    site.routes["/story"] = Reply(200, body, HTML)
    site.routes["/story-again"] = Reply(200, body, HTML)
    html = _send(editor_client, [site.url("/story"), site.url("/story-again")])
    assert sorted(Article.objects.values_list("state", flat=True)) == ["duplicate", "extracted"]
    assert "2 articles submitted: 1 fetched, 1 duplicate of a known article — see" in html


def test_in_process_a_retry_says_how_it_ended_not_that_it_is_queued(
    editor_client: Client, site: LocalSite, in_process: None
):
    """The Retry button, in the demo: the fetch runs in the request, and 'Article #N is
    queued again.' was said of an article already fetched, or failed again."""
    site.routes["/late"] = Reply(404, b"<html><body>not yet</body></html>", HTML)
    _send(editor_client, [site.url("/late")])
    article = Article.objects.get()
    assert article.state == "failed"
    retry = reverse("sources:article_retry", args=[article.pk])

    html = editor_client.post(retry, follow=True).content.decode()
    assert f"Article #{article.pk} was tried again: failed." in html

    site.routes["/late"] = Reply(200, page("Harbour report", "Nine words " * 40), HTML)
    html = editor_client.post(retry, follow=True).content.decode()
    assert f"Article #{article.pk} was tried again: fetched." in html
    assert "queued again" not in html
    article.refresh_from_db()
    assert article.state == "extracted"


@pytest.mark.parametrize("eager", [False, True], ids=["with a broker", "in process"])
def test_a_retry_from_a_page_read_before_says_nothing_was_tried(editor_client: Client, eager):
    """A second click on Retry, or another editor's page read before the first: the article
    is no longer failed, nothing is done, and the message said 'is queued again' (or, in the
    demo, 'was tried again: fetched.') all the same."""
    from tests.factories import ArticleFactory

    article = ArticleFactory.create(state=Article.State.EXTRACTED)
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    try:
        retry = reverse("sources:article_retry", args=[article.pk])
        html = editor_client.post(retry, follow=True).content.decode()
    finally:
        app.conf.task_always_eager = saved
    assert (
        f"Article #{article.pk} was not tried again: it is no longer failed (claims extracted)."
        in html
    )
    assert "queued again" not in html
    assert "was tried again:" not in html
    assert Article.objects.get(pk=article.pk).state == Article.State.EXTRACTED
