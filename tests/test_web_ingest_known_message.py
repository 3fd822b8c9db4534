"""The ingest page, after URLs that are already known are sent: it said '1 already known
(shown below).', but the queue below holds only what is unfinished or changed in the last
day (60 rows at most): an article extracted last week was shown nowhere, and the editor
looked for it. The message now names the known articles by number instead. A URL sent
twice in one list (or two spellings of one address) was said to be 'already known' too.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sources.models import Article
from tests.factories import ArticleFactory
from tests.support.worker import tasks_through_broker

pytestmark = pytest.mark.django_db


def _send(client: Client, urls: list[str]) -> str:
    response = client.post(reverse("sources:ingest_urls"), {"urls": "\n".join(urls)}, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_known_articles_are_named_not_said_to_be_below(editor_client: Client) -> None:
    old = ArticleFactory.create(url="https://news.example/2024/harbour", title="Harbour opens")
    other = ArticleFactory.create(url="https://news.example/2024/bridge", title="Bridge shuts")
    Article.objects.update(updated_at=timezone.now() - timedelta(days=7))

    html = _send(editor_client, [old.url, other.url])

    assert "shown below" not in html
    assert f"2 already known, not fetched again: #{old.pk}, #{other.pk}." in html
    assert "Harbour opens" not in html  # indeed not in the queue


def test_many_known_articles_are_named_up_to_a_few(editor_client: Client) -> None:
    known = [ArticleFactory.create() for _ in range(7)]

    html = _send(editor_client, [article.url for article in known])

    numbers = ", ".join(f"#{article.pk}" for article in known[:5])
    assert f"7 already known, not fetched again: {numbers} and 2 more." in html


def test_a_url_sent_twice_in_one_list_is_not_said_to_be_known(editor_client: Client) -> None:
    url = "https://news.example/2024/harbour"

    with tasks_through_broker():  # queued, not fetched: no worker takes it
        html = _send(editor_client, [url, url + "?utm_source=mail"])

    article = Article.objects.get()
    assert article.url == url
    assert "1 article queued." in html
    assert "already known" not in html
