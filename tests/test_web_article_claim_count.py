"""The article page's claims panel counts claims, not mentions.

An article that repeats a claim (a toll in its first paragraph, then again where an
official disputes it) has several mentions of one claim. The panel's heading "Claims in
this article" carried the number of mentions: 10 for an article with 7 claims, while the
ingest queue and `ingest --wait` said 7 claims. The heading now counts distinct claims and
the list, one row per mention, says how many mentions it holds when that differs.
"""

from __future__ import annotations

import re

import pytest

from tests.factories import ArticleFactory, ClaimFactory, MentionFactory

pytestmark = pytest.mark.django_db

TEXT = (
    "Rescuers said twelve people died in the flood. "
    "The mayor disputed the toll. "
    "Officials said the dam held."
)


def _panel(html: str) -> str:
    match = re.search(r'<aside class="article-side">(.*?)</aside>', html, re.S)
    assert match is not None
    return match.group(1)


def _mention(article, claim, sentence: str, stance: str = "asserts"):
    start = TEXT.index(sentence)
    return MentionFactory.create(
        article=article,
        claim=claim,
        quote=sentence,
        start=start,
        end=start + len(sentence),
        stance=stance,
    )


def test_a_claim_mentioned_twice_is_counted_once_and_the_mentions_are_said(client):
    article = ArticleFactory.create(text=TEXT)
    toll = ClaimFactory.create(summary="Twelve people died in the flood")
    dam = ClaimFactory.create(summary="The dam held")
    _mention(article, toll, "Rescuers said twelve people died in the flood.")
    _mention(article, toll, "The mayor disputed the toll.", stance="denies")
    _mention(article, dam, "Officials said the dam held.")

    panel = _panel(client.get(article.get_absolute_url()).content.decode())
    heading = re.search(r"<h2>(.*?)</h2>", panel, re.S)
    assert heading is not None
    assert re.sub(r"<[^>]+>", "", heading.group(1)).split() == [
        "Claims",
        "in",
        "this",
        "article",
        "2",
    ]
    assert "3 mentions" in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", panel))
    # Each mention keeps its row (its own stance and jump into the text).
    assert panel.count('class="stance-pill') == 3


def test_one_mention_per_claim_says_nothing_more(client):
    article = ArticleFactory.create(text=TEXT)
    _mention(
        article,
        ClaimFactory.create(summary="Twelve people died in the flood"),
        "Rescuers said twelve people died in the flood.",
    )
    _mention(article, ClaimFactory.create(summary="The dam held"), "Officials said the dam held.")
    panel = _panel(client.get(article.get_absolute_url()).content.decode())
    assert re.search(r'<span class="count">2</span>', panel)
    assert "mentions" not in re.sub(r"<[^>]+>", "", panel)
