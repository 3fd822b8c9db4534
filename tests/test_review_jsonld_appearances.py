"""A claim's ClaimReview lists each article it appeared in once, in the order of the
article's first mention, however many mentions one article holds (the claim page builds
this document on every request; the de-duplication is keyed by article id).
"""

# ruff: noqa: F811 - fixtures come from tests.support.api and are named as parameters

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.factories import ArticleFactory, ClaimFactory, MentionFactory, StatusChangeFactory
from tests.support.api import anon, fresh_throttle  # noqa: F401 (fixtures)
from tests.support.schemaorg import problems

pytestmark = pytest.mark.django_db


def test_an_article_with_several_mentions_appears_once_at_its_first_mention(anon: Any) -> None:
    claim = ClaimFactory.create(summary="Bridge closed", first_reported=None)
    first = ArticleFactory.create(title="Bridge closed, officials say")
    second = ArticleFactory.create(title="Bridge stays shut")
    third = ArticleFactory.create(title="Bridge reopens, or not")
    # The factories' article text: two sentences, so two mentions an article.
    sentences = [(0, "Officials said something happened."), (35, "Others disagreed.")]
    for article, sentence, stated in [
        (first, 0, date(2024, 6, 20)),
        (second, 0, date(2024, 6, 22)),
        (first, 1, date(2024, 6, 23)),
        (third, 0, date(2024, 6, 24)),
        (second, 1, date(2024, 6, 25)),
    ]:
        start, quote = sentences[sentence]
        MentionFactory.create(
            claim=claim,
            article=article,
            quote=quote,
            start=start,
            end=start + len(quote),
            stated_on=stated,
        )
    StatusChangeFactory.create(claim=claim, to_status="confirmed")

    response = anon.get(f"/claims/{claim.pk}.jsonld")

    assert response.status_code == 200, response.content
    review = response.json()
    assert problems(review) == []
    item = review["itemReviewed"]
    assert [a["headline"] for a in item["appearance"]] == [
        "Bridge closed, officials say",
        "Bridge stays shut",
        "Bridge reopens, or not",
    ]
    assert item["firstAppearance"]["headline"] == "Bridge closed, officials say"
