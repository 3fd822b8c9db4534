"""The article page of an article that is not (or not yet) a text with claims.

What an editor met opening a failed article from the ingest queue: a heading "Untitled
article" (the queue names it by its address), the reason set in capitals like a label,
"No claims found in this article yet" for an article that will never have any, and no way
to fetch it again except going back to the queue. Bad inputs tried: a failed fetch, a
failed file import (no URL to fetch again), an article whose claims extraction failed, a
reader (not an editor) on a failed article.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from sources.models import Article
from tests.factories import ArticleFactory, MentionFactory

pytestmark = pytest.mark.django_db


def _failed(**kwargs) -> Article:
    defaults = {
        "url": "https://news.example/gone",
        "canonical_url": None,
        "title": "",
        "text": "",
        "publisher": None,
        "state": "failed",
        "failure_kind": "connection",
        "failure_message": "news.example could not be found (Name or service not known).",
        "attempts": 1,
    }
    return ArticleFactory.create(**{**defaults, **kwargs})


def _h1(html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert match is not None
    return match.group(1).strip()


def test_a_failed_article_is_headed_by_its_address_and_says_why_in_plain_letters(client):
    article = _failed()
    html = client.get(article.get_absolute_url()).content.decode()
    assert _h1(html) == "https://news.example/gone"
    assert "Untitled article" not in html
    # The reason is its own paragraph, not inside the capitalised state label.
    message = re.search(r'<p class="failure-message">(.*?)</p>', html, re.S)
    assert message is not None
    assert message.group(1) == "news.example could not be found (Name or service not known)."
    assert re.search(r'<span class="state state-failed">Failed</span>', html)
    assert "No text: the article could not be fetched." in html
    assert "No claims found in this article." in html
    assert "in this article yet" not in html


def test_an_editor_can_retry_a_failed_article_from_its_page(editor_client):
    article = _failed()
    html = editor_client.get(article.get_absolute_url()).content.decode()
    retry = reverse("sources:article_retry", args=[article.pk])
    assert f'action="{retry}"' in html
    response = editor_client.post(retry, follow=True)
    assert f"Article #{article.pk} is queued again." in response.content.decode()
    article.refresh_from_db()
    assert article.state == "queued"


def test_a_reader_sees_the_reason_but_no_retry(client):
    article = _failed()
    html = client.get(article.get_absolute_url()).content.decode()
    assert reverse("sources:article_retry", args=[article.pk]) not in html
    assert "could not be found" in html


def test_a_failed_file_import_points_to_the_upload_instead_of_a_retry(editor_client):
    article = _failed(url=None, failure_kind="file", failure_message="Unreadable bytes.")
    html = editor_client.get(article.get_absolute_url()).content.decode()
    assert reverse("sources:article_retry", args=[article.pk]) not in html
    assert "upload the file again" in html
    assert _h1(html) == "Untitled article"


def test_an_article_whose_claims_extraction_failed_says_so(client):
    article = ArticleFactory.create(
        state="fetched", failure_kind="internal", failure_message="The parser ran out of time."
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Claims extraction failed" in html
    assert "The parser ran out of time." in html


def test_the_highlight_key_comes_before_the_text_and_only_with_quotes(client):
    mention = MentionFactory.create()
    html = client.get(mention.article.get_absolute_url()).content.decode()
    assert 'id="highlight-legend"' in html
    assert html.index('id="highlight-legend"') < html.index('class="article-text"')
    bare = ArticleFactory.create(text="Nothing anyone claimed.")
    assert 'id="highlight-legend"' not in client.get(bare.get_absolute_url()).content.decode()


@pytest.mark.parametrize("kind", ["blocked_address", "bad_url"])
def test_an_address_that_is_never_fetched_is_not_offered_a_retry(editor_client, kind):
    article = _failed(
        url="https://10.0.0.1/internal",
        failure_kind=kind,
        failure_message="10.0.0.1 is a private network address.",
    )
    retry = reverse("sources:article_retry", args=[article.pk])
    page = editor_client.get(article.get_absolute_url()).content.decode()
    assert retry not in page
    assert "No retry: Claimtrack does not fetch this address." in page
    queue = editor_client.get(reverse("sources:ingest_queue")).content.decode()
    assert "10.0.0.1 is a private network address." in queue
    assert retry not in queue
