"""Review of the ingestion pipeline's performance changes (2026-12-07): each must behave as
the code it replaced did.

Bad inputs tried: an article deleted by another session between article_submit's look-up of
its URL and the read of its row; a publisher or a feed not saved yet.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from sources.models import Article, Feed, Source
from sources.services import article_submit

pytestmark = pytest.mark.django_db


def test_an_article_deleted_right_after_the_look_up_of_its_url_is_submitted_anew(
    django_capture_on_commit_callbacks,
) -> None:
    # The ORM's look-up read the row in one statement: a URL whose article was deleted
    # meanwhile was simply new. The look-up is now an id, then the row: an article deleted
    # between the two (an editor in the admin) must not make the submission fail.
    known, _ = article_submit(url="https://news.example.com/withdrawn")
    deleted = False

    def delete_after_look_up(
        execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        nonlocal deleted
        result = execute(sql, params, many, context)
        if not deleted and sql.startswith("SELECT id FROM") and "canonical_url" in sql:
            deleted = True
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM sources_article WHERE id = %s", [known.pk])
        return result

    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        connection.execute_wrapper(delete_after_look_up),
    ):
        article, created = article_submit(url="https://news.example.com/withdrawn")
    assert deleted
    assert created
    assert article.pk != known.pk
    assert Article.objects.get(url="https://news.example.com/withdrawn").pk == article.pk
    assert len(callbacks) == 1  # its fetch is enqueued


@pytest.mark.parametrize("unsaved", ["source", "feed"])
def test_a_publisher_or_feed_not_saved_yet_is_refused_not_dropped(unsaved: str) -> None:
    # Article.objects.create() refused an unsaved related object (ValueError, nothing
    # stored); the INSERT written out must not store the article without it instead.
    related: dict[str, Any] = (
        {"source": Source(name="An outlet not saved")}
        if unsaved == "source"
        else {"feed": Feed(url="https://news.example.com/feed.xml")}
    )
    with pytest.raises(ValueError, match="unsaved related object"):
        article_submit(url="https://news.example.com/with-unsaved", **related)
    assert not Article.objects.filter(url="https://news.example.com/with-unsaved").exists()
