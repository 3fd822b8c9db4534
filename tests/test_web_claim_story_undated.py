"""A claim's story (the timeline row opened) puts an undated mention last, as its page does.

An article imported without a date (a saved page with none, a feed item without one)
gives undated mentions. The story sorted them as the year 1, so the row opened on an
"undated" line above the claim's first dated report: on real reports an undated monitor's
account stood first in the story of a claim another outlet had reported days before,
while the claim's page listed the same mention last.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, ClaimFactory, MentionFactory, StatusChangeFactory

pytestmark = pytest.mark.django_db


def test_an_undated_mention_comes_after_the_dated_ones_and_the_verdicts(client):
    claim = ClaimFactory.create(first_reported=date(2024, 6, 21))
    undated_text = "A monitor said the column reached the river."
    MentionFactory.create(
        claim=claim,
        quote=undated_text,
        stated_on=None,
        article=ArticleFactory.create(text=undated_text, published_at=None),
    )
    MentionFactory.create(
        claim=claim, quote="The ministry said the column crossed.", stated_on=date(2024, 6, 21)
    )
    StatusChangeFactory.create(claim=claim, to_status="confirmed", note="Seen on images.")

    story = client.get(reverse("claims:claim_timeline", args=[claim.pk])).content.decode()
    assert (
        story.index("The ministry said the column crossed.")
        < story.index("Seen on images.")
        < story.index(undated_text)
    )

    page = client.get(claim.get_absolute_url()).content.decode()
    mentions = re.findall(
        r"The ministry said the column crossed\.|" + re.escape(undated_text), page
    )
    assert mentions[0] == "The ministry said the column crossed."
