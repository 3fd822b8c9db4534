"""An article without a publication date says so on its page.

A saved page or a feed item without a date is imported undated. Its page's line under
the title showed the outlet and nothing else, the same as a page that failed to show its
date: a reader checking where and when a claim was published could not tell. It now reads
"date unknown" where the date goes. An article still being fetched says nothing yet.
"""

from __future__ import annotations

import re

import pytest

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def _meta(html: str) -> str:
    match = re.search(r'<p class="article-meta">(.*?)</p>', html, re.S)
    assert match is not None
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", match.group(1))).strip()


def test_an_undated_article_says_its_date_is_unknown(client):
    article = ArticleFactory.create(published_at=None, byline="")
    meta = _meta(client.get(article.get_absolute_url()).content.decode())
    assert "date unknown" in meta


def test_a_dated_article_and_one_still_queued_say_nothing_of_the_kind(client):
    dated = ArticleFactory.create()
    assert "date unknown" not in _meta(client.get(dated.get_absolute_url()).content.decode())
    queued = ArticleFactory.create(published_at=None, state="queued", text="", title="")
    assert "date unknown" not in _meta(client.get(queued.get_absolute_url()).content.decode())
