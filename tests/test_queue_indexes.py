"""The two queues in the articles table (sources/queue.py) are read through their own
partial indexes: the oldest queued row for the fetch drainer, the oldest article waiting for
its claims for the claims drainer. Without them each take read every row of its state and
sorted them, a cost that grows with the backlog it is working through.

Bad inputs tried: a table full of rows in every other state (the indexes must leave them
out), and no statistics on the table (the plan must still be the index's).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from claims import selectors
from sources.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def _plan(sql: str, params: list[Any]) -> str:
    with connection.cursor() as cursor:
        # Whether the index can serve the query at all, whatever a small table's costs say.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.fixture
def many_states() -> None:
    for state in Article.State.values:
        ArticleFactory.create_batch(20, state=state)


@pytest.mark.usefixtures("many_states")
def test_the_fetch_drainer_takes_the_oldest_queued_row_through_its_index() -> None:
    stamp = connection.ops.adapt_datetimefield_value(timezone.now())
    table = Article._meta.db_table
    sql = (
        f"SELECT id FROM {table} WHERE state = %s AND (next_attempt_at IS NULL "
        "OR next_attempt_at <= %s) ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED"
    )
    assert "sources_article_queue" in _plan(sql, [Article.State.QUEUED, stamp])


@pytest.mark.usefixtures("many_states")
def test_the_claims_drainer_finds_the_oldest_waiting_article_through_its_index() -> None:
    waiting = Article.objects.filter(state=Article.State.FETCHED, failure_message="")
    sql, params = waiting.order_by("pk").values_list("pk", flat=True)[:1].query.sql_with_params()
    assert "sources_article_claims_queue" in _plan(sql, list(params))
    oldest = waiting.order_by("pk").first()
    assert oldest is not None
    assert selectors.article_waiting_for_claims() == oldest.pk
