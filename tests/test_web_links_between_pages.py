"""The pages lead to each other and to the data behind them.

What a reader could not do from the pages themselves: go from a claim's place or actor to
the other claims about it (the facts were plain text), or find the API and the Atom feeds
(named only in the README and in a <link> the browser does not show). Every link added
here is followed and must answer.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.factories import ClaimFactory, EditorFactory, MentionFactory, SourceFactory

pytestmark = pytest.mark.django_db


def _hrefs(html: str) -> list[str]:
    """Links a reader can follow: <a>, not the <link rel="alternate"> in the head."""
    return [h.replace("&amp;", "&") for h in re.findall(r'<a [^>]*href="([^"]+)"', html)]


def test_a_claims_place_and_actor_lead_to_every_claim_about_them(client):
    claim = ClaimFactory.create(
        summary="Convoy reached the port", place="Port Example", actor="Northland"
    )
    MentionFactory.create(claim=claim)
    other = ClaimFactory.create(
        summary="Port Example closed", place="Port Example", actor="Southland"
    )
    MentionFactory.create(claim=other)
    html = client.get(claim.get_absolute_url()).content.decode()
    hrefs = _hrefs(html)
    timeline = reverse("claims:timeline")
    assert f"{timeline}?place=Port%20Example" in hrefs
    assert f"{timeline}?actor=Northland" in hrefs
    by_place = client.get(f"{timeline}?place=Port%20Example").content.decode()
    assert "Convoy reached the port" in by_place
    assert "Port Example closed" in by_place
    by_actor = client.get(f"{timeline}?actor=Northland").content.decode()
    assert "Convoy reached the port" in by_actor
    assert "Port Example closed" not in by_actor


def test_claim_and_source_pages_link_their_feed_and_api_and_every_page_the_api_docs(client):
    source = SourceFactory.create(name="Wire Example")
    claim = ClaimFactory.create()
    MentionFactory.create(claim=claim, claimant=source)
    claim_links = _hrefs(client.get(claim.get_absolute_url()).content.decode())
    source_links = _hrefs(client.get(source.get_absolute_url()).content.decode())
    expected = {
        reverse("feeds:claim", args=[claim.pk]): claim_links,
        reverse("api:claim-detail", args=[claim.pk]): claim_links,
        reverse("feeds:source", args=[source.slug]): source_links,
        reverse("api:source-detail", args=[source.slug]): source_links,
        reverse("api:docs"): _hrefs(client.get(reverse("sources:source_list")).content.decode()),
        reverse("feeds:verdicts"): _hrefs(client.get(reverse("claims:timeline")).content.decode()),
    }
    for url, links in expected.items():
        assert url in links, url
        assert client.get(url).status_code == 200, url


def test_an_empty_timeline_leads_an_editor_to_the_ingest_page(client):
    ingest = reverse("sources:ingest")
    reader_view = client.get(reverse("claims:timeline")).content.decode()
    assert "No claims yet" in reader_view
    assert ingest not in _hrefs(reader_view)
    client.force_login(EditorFactory.create())
    editor_view = client.get(reverse("claims:timeline")).content.decode()
    assert "No claims yet" in editor_view
    assert ingest in _hrefs(editor_view.split('class="empty"', 1)[1])
