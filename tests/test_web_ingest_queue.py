"""The ingest page's queue follows an article to the end of its claims step, not of its fetch.

`fetched` is only half way: the claims step follows and ends in `extracted`, `unsupported`,
`failed`, or back in `fetched` with a failure. Until then the queue keeps the article, says
which stage it is in and keeps polling.

Bad inputs tried: a fetched article whose claims extraction failed (ended, its reason shown,
no polling); a fetched article left waiting for more than a day (still listed, still
polled); an extracted article with two mentions of one claim (counted once).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sources.models import Article
from tests.factories import ArticleFactory, ClaimFactory, MentionFactory

pytestmark = pytest.mark.django_db

POLLING = 'hx-trigger="every 2s"'
CLAIMS_FAILURE = (
    "Claim extraction failed in the parser (RuntimeError: boom); the article text is kept "
    "and extraction can be run again."
)


def _queue_html(client: Client) -> str:
    response = client.get(reverse("sources:ingest_queue"))
    assert response.status_code == 200
    return response.content.decode()


def _row(html: str, article: Article) -> str:
    start = html.index(f'id="queue-{article.pk}"')
    return html[start : html.index("</tr>", start)]


def _age(article: Article, *, days: int) -> None:
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now() - timedelta(days=days))


def test_a_fetched_article_is_in_progress_until_its_claims_are_extracted(editor_client):
    article = ArticleFactory.create(state="fetched", title="Harbour report")
    html = _queue_html(editor_client)
    assert POLLING in html
    row = _row(html, article)
    assert "Fetched, waiting for claims extraction" in row
    assert '<li class="now">claims</li>' in row
    assert "failure" not in row

    Article.objects.filter(pk=article.pk).update(state="extracting")
    html = _queue_html(editor_client)
    assert POLLING in html
    assert "Extracting claims" in _row(html, article)


def test_a_fetched_article_waiting_for_more_than_a_day_stays_in_the_queue(editor_client):
    article = ArticleFactory.create(state="fetched", title="Harbour report")
    _age(article, days=3)
    html = _queue_html(editor_client)
    assert f'id="queue-{article.pk}"' in html
    assert POLLING in html


def test_an_extracted_article_is_done_with_its_claims_counted(editor_client):
    article = ArticleFactory.create(state="extracted", title="Harbour report")
    first, second = ClaimFactory.create(), ClaimFactory.create()
    MentionFactory.create(article=article, claim=first, start=0, end=10)
    MentionFactory.create(article=article, claim=first, start=20, end=30)
    MentionFactory.create(article=article, claim=second, start=40, end=50)
    empty = ArticleFactory.create(state="extracted", title="Weather notes")
    html = _queue_html(editor_client)
    assert POLLING not in html
    row = _row(html, article)
    assert "Done: 2 claims found" in row
    assert '<li class="done">claims</li>' in row
    assert "Done: no claims found" in _row(html, empty)


def test_a_fetched_article_whose_claims_extraction_failed_shows_the_failure(editor_client):
    article = ArticleFactory.create(
        state="fetched",
        title="Harbour report",
        failure_kind="internal",
        failure_message=CLAIMS_FAILURE,
    )
    html = _queue_html(editor_client)
    assert POLLING not in html
    row = _row(html, article)
    assert "Claims extraction failed" in row
    assert 'class="state state-failed"' in row
    assert "Claim extraction failed in the parser (RuntimeError: boom)" in row
    assert '<li class="now">claims</li>' not in row
    # Ended: after a day it leaves the queue like any finished article.
    _age(article, days=3)
    assert f'id="queue-{article.pk}"' not in _queue_html(editor_client)


def test_the_ingest_page_itself_polls_while_claims_are_pending(editor_client):
    ArticleFactory.create(state="fetched")
    html = editor_client.get(reverse("sources:ingest")).content.decode()
    assert POLLING in html
    assert "Fetched, waiting for claims extraction" in html


@pytest.mark.parametrize("state", Article.State.values)
@pytest.mark.parametrize("failure_kind", ["", "internal"])
def test_the_end_is_the_claims_steps_end(state, failure_kind):
    article = ArticleFactory.create(state=state, failure_kind=failure_kind)
    ended = state in {"extracted", "unsupported", "duplicate", "failed"} or (
        state == "fetched" and failure_kind != ""
    )
    assert article.has_ended == ended
    assert Article.objects.filter(Article.ended_q(), pk=article.pk).exists() == ended
    # The fetch step's end, for those who wait on the fetch alone (the worker tests).
    assert article.fetch_has_ended == (state not in {"queued", "fetching"})
