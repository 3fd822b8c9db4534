"""A failed URL sent again by two people at once (two ingest pages, two API calls, a command
and a page) is queued again once, and only the one that queued it says so.

Each caller reads the article (article_submit), sees it failed, then asks
article_retry_if_failed to queue it again. The conditional UPDATE queued it once, but the
function answered from the article as the caller had read it: both said "had failed before,
queued again" (the API counted it in `queued` twice, the command's summary and the ingest
page's message each claimed the retry). The second caller now hears False, as for an
article that had not failed.
"""

from __future__ import annotations

import pytest

from sources.models import Article
from sources.services import article_retry_if_failed
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_two_callers_that_read_it_failed_queue_it_once_and_one_says_so(
    django_capture_on_commit_callbacks,
) -> None:
    failed = ArticleFactory.create(
        state=Article.State.FAILED,
        failure_kind=Article.FailureKind.NOT_FOUND,
        failure_message="The server answered 404.",
        attempts=3,
    )
    # Both read it before either queued it again.
    mine = Article.objects.get(pk=failed.pk)
    theirs = Article.objects.get(pk=failed.pk)

    with django_capture_on_commit_callbacks() as enqueued:
        assert article_retry_if_failed(article=mine) is True
        assert article_retry_if_failed(article=theirs) is False

    assert len(enqueued) == 1  # one fetch queued
    assert (mine.state, mine.attempts, mine.failure_kind) == (Article.State.QUEUED, 0, "")
    row = Article.objects.get(pk=failed.pk)
    assert (row.state, row.attempts, row.failure_message) == (Article.State.QUEUED, 0, "")


def test_an_article_that_had_not_failed_is_left_as_it_is() -> None:
    fetched = ArticleFactory.create(state=Article.State.EXTRACTED)
    assert article_retry_if_failed(article=fetched) is False
    assert Article.objects.get(pk=fetched.pk).state == Article.State.EXTRACTED
