"""`ingest --wait` polls cheaply: each poll is one query for the ids of this command's
articles that have ended (no counting of claims and mentions, no joins); an article is
described (outlet, claims and mentions counted) once, when it has ended; and the timeout's
lines read only the columns they print, never the text or the raw HTML.

Bad inputs tried: articles that never end within the timeout, next to one that has ended
and to other articles, not this command's, that are still waiting too.
"""

from __future__ import annotations

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sources.management.commands import ingest
from sources.models import Article
from tests.support.claims import make_article

pytestmark = pytest.mark.django_db

POLL = 0.05
TIMEOUT = 0.3


def _wait(article_ids: list[int]) -> tuple[str, bool, list[str]]:
    out = io.StringIO()
    command = ingest.Command(stdout=out, stderr=io.StringIO())
    with CaptureQueriesContext(connection) as queries:
        late = command._wait(article_ids, TIMEOUT)
    return out.getvalue(), late, [q["sql"] for q in queries.captured_queries]


def _columns(sql: str) -> str:
    return sql.split(" FROM ", 1)[0]


@pytest.fixture(autouse=True)
def quick_polls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest, "WAIT_POLL_SECONDS", POLL)


def test_each_poll_is_one_query_for_ids_and_an_ended_article_is_counted_once() -> None:
    ended = make_article("The port reopened on Monday.", state=Article.State.EXTRACTED)
    waiting = make_article("The bridge is closed.", state=Article.State.QUEUED)
    not_ours = make_article("The dam held.", state=Article.State.FETCHED)

    out, late, sqls = _wait([ended.pk, waiting.pk])

    assert late
    polls, timeout_lines = sqls[:-1], sqls[-1]
    described = [sql for sql in polls if "COUNT(" in sql]
    cheap = [sql for sql in polls if "COUNT(" not in sql]
    assert len(described) == 1  # the ended article, once, however many polls follow
    assert f"IN ({ended.pk})" in described[0]
    assert len(cheap) >= 3  # every poll, TIMEOUT / POLL of them give or take scheduling
    for sql in cheap:
        assert re.fullmatch(r'SELECT "sources_article"\."id"( AS "pk")?', _columns(sql)), sql
        assert " JOIN " not in sql
        ids = re.search(r'"sources_article"\."id" IN \(([^)]*)\)', sql)
        assert ids is not None, sql
        assert ids.group(1) in (f"{ended.pk}, {waiting.pk}", str(waiting.pk))
        assert str(not_ours.pk) not in ids.group(1).split(", ")
    assert "COUNT(" not in timeout_lines
    assert " JOIN " not in timeout_lines
    assert out.splitlines()[0] == (
        f"[extracted] #{ended.pk} {ended.title} | Example Wire | 2024-06-27 | 0 claims, 0 mentions"
    )


def test_the_timeout_reads_only_what_it_prints_and_prints_it_as_before() -> None:
    first = make_article("The bridge is closed.", state=Article.State.QUEUED)
    second = make_article("The road is closed.", state=Article.State.FETCHING)
    Article.objects.filter(pk=second.pk).update(failure_message="Timed out; trying again.")

    out, late, sqls = _wait([first.pk, second.pk])

    assert late
    columns = _columns(sqls[-1])
    for unread in ('"text"', '"raw_html_compressed"', '"title"', '"byline"'):
        assert unread not in columns
    # Newest first, as Article's ordering has it.
    assert out.splitlines() == [
        f"[fetching] #{second.pk} {second.url}: not finished after 0 s Timed out; trying again.",
        f"[queued] #{first.pk} {first.url}: not finished after 0 s",
        # The first was never taken up (tests/test_ingest_wait.py, no worker running).
        "Nothing has taken some of them up yet: is a Celery worker running "
        "(`celery -A config worker`, which takes both the default and the claims queue)?",
    ]
