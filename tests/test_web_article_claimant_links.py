"""The article page's list of claims links each claimant to its source page.

Reading an article, the next question is who the speaker is and how their claims held up.
The list beside the text named each mention's claimant in plain text, so the track record
was two pages away (the claim, then its claimant). The name now links to the source page;
words that resolved to no source stay plain.
"""

from __future__ import annotations

import re

import pytest

from sources.models import Source
from tests.factories import ArticleFactory, ClaimFactory, MentionFactory, SourceFactory

pytestmark = pytest.mark.django_db

TEXT = "The governor said the bridge held. Witnesses said the road flooded."


def _panel(html: str) -> str:
    match = re.search(r'<aside class="article-side">(.*?)</aside>', html, re.S)
    assert match is not None
    return match.group(1)


def test_a_claimant_links_to_its_page_and_unresolved_words_stay_plain(client):
    article = ArticleFactory.create(text=TEXT)
    governor = SourceFactory.create(name="Governor Vale", kind=Source.Kind.PERSON)
    first = "The governor said the bridge held."
    MentionFactory.create(
        article=article,
        claim=ClaimFactory.create(),
        quote=first,
        start=0,
        end=len(first),
        claimant=governor,
        claimant_text="The governor",
    )
    second = "Witnesses said the road flooded."
    start = TEXT.index(second)
    MentionFactory.create(
        article=article,
        claim=ClaimFactory.create(),
        quote=second,
        start=start,
        end=start + len(second),
        claimant=None,
        claimant_text="Witnesses",
    )
    panel = _panel(client.get(article.get_absolute_url()).content.decode())
    assert f'<a href="{governor.get_absolute_url()}">Governor Vale</a>' in panel
    assert "Witnesses" in panel
    assert not re.search(r"<a [^>]*>Witnesses</a>", panel)
