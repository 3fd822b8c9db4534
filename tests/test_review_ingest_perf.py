"""Review of the ingestion pipeline's performance changes (2026-12-07): each must behave as
the code it replaced did.

Bad inputs tried: an article deleted by another session between article_submit's look-up of
its URL and the read of its row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from sources.models import Article
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
