"""Every link in the Atom feeds lands on what its entry is about.

The verdicts feed and a claim's feed link a verdict as the claim's page with
#status-change-<id>, but no element of the page had that id: a feed reader's click on
"Claim #12 marked denied" opened the top of a long claim page, not the verdict, its note
and its evidence. Each verdict in the claim's history (and in a timeline row's story)
now carries the id. Mentions (#m-<id>) already did; this checks both, for every entry.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import feedparser
import pytest

from tests.factories import ClaimFactory, MentionFactory, StatusChangeFactory

pytestmark = pytest.mark.django_db


def _landings(client, feed_url: str) -> list[tuple[str, str]]:
    parsed = feedparser.parse(client.get(feed_url).content)
    assert parsed.entries
    return [(urlsplit(e.link).path, urlsplit(e.link).fragment) for e in parsed.entries]


@pytest.mark.parametrize("feed", ["verdicts", "claim", "source"])
def test_every_entry_links_to_an_element_of_its_page(client, feed):
    claim = ClaimFactory.create(summary="The dam was breached")
    mention = MentionFactory.create(claim=claim, quote="Engineers said the dam was breached.")
    StatusChangeFactory.create(claim=claim, to_status="disputed", note="Two accounts.")
    StatusChangeFactory.create(claim=claim, to_status="confirmed", note="Seen on images.")
    url = {
        "verdicts": "/feeds/verdicts.atom",
        "claim": f"/feeds/claims/{claim.pk}.atom",
        "source": f"/feeds/sources/{mention.claimant.slug}.atom",
    }[feed]
    landings = _landings(client, url)
    if feed != "source":
        assert any(fragment.startswith("status-change-") for _, fragment in landings)
    for path, fragment in landings:
        assert fragment, path
        html = client.get(path).content.decode()
        assert len(re.findall(rf'\bid="{re.escape(fragment)}"', html)) == 1, (path, fragment)
