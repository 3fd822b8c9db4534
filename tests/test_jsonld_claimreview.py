"""ClaimReview JSON-LD: served at /claims/<id>.jsonld and embedded in the claim page for
every claim with a verdict, valid against the schema.org vocabulary (a hand-written subset
in tests/fixtures/schemaorg: every type and property checked, values by expected type).

Bad inputs tried: a claim without a verdict (404 that says why), an unknown claim, a merged
claim (redirect), a summary and a headline carrying `</script>` and `&` (they stay inside
the JSON), a claim whose only mention names no claimant, a verdict changed back.
"""

# ruff: noqa: F811 - fixtures come from tests.support.api and are named as parameters

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from claims import editorial
from claims.jsonld import claim_review
from claims.models import Claim
from tests.factories import ArticleFactory, ClaimFactory, MentionFactory, StatusChangeFactory
from tests.support.api import (  # noqa: F401 (fixtures)
    Story,
    anon,
    assert_error,
    editor,
    fresh_throttle,
    story,
)
from tests.support.schemaorg import allowed_properties, problems, vocabulary

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


def _review(client: Any, claim: Claim) -> dict[str, Any]:
    response = client.get(f"/claims/{claim.pk}.jsonld")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    return response.json()


def test_the_vocabulary_fixture_is_consistent() -> None:
    types = vocabulary()["types"]
    known = set(types) | set(vocabulary()["datatypes"])
    for name, spec in types.items():
        assert spec["parent"] is None or spec["parent"] in types, name
        for prop, ranges in spec["properties"].items():
            assert set(ranges) <= known, (name, prop)
    assert "claimReviewed" in allowed_properties("ClaimReview")
    assert "datePublished" in allowed_properties("ClaimReview")  # from CreativeWork
    assert "appearance" not in allowed_properties("ClaimReview")
    assert "alternateName" in allowed_properties("Rating")  # from Thing


def test_the_validator_catches_what_it_should() -> None:
    bad = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": "x",
        "rating": 5,
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Rating"}, "appearance": "x"},
        "reviewRating": {"@type": "Verdict"},
        "datePublished": "yesterday",
        "url": "/claims/1/",
    }
    found = "\n".join(problems(bad))
    for expected in [
        "$.rating: not a property of ClaimReview",
        "$.itemReviewed.author: a Rating where",
        "$.itemReviewed.appearance: 'x' is not one of",
        "$.reviewRating: @type 'Verdict' is not",
        "$.datePublished: 'yesterday'",
        "$.url: '/claims/1/'",
    ]:
        assert expected in found


def test_a_confirmed_claim_has_a_valid_claim_review(anon: Any, story: Story) -> None:
    review = _review(anon, story.confirmed)
    assert problems(review) == []
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "3,000 Northland troops moving to Eastport"
    assert review["url"] == f"{BASE}/claims/{story.confirmed.pk}/"
    assert review["datePublished"] == story.verdict.created_at.date().isoformat()
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Confirmed",
        "ratingValue": 5,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert review["reviewBody"] == "Satellite images show the column."
    assert review["author"] == {"@type": "Organization", "name": "Claimtrack", "url": f"{BASE}/"}
    item = review["itemReviewed"]
    # Who first put it forward (the spokesman, a person), on the day it was first said.
    assert item["author"] == {"@type": "Person", "name": "Ines Varga"}
    assert item["datePublished"] == "2024-06-21"
    assert [a["headline"] for a in item["appearance"]] == [
        "Troops said to be heading for Eastport",
        "Ministry denies troop movement",
    ]
    assert item["appearance"][0] == {
        "@type": "CreativeWork",
        "url": story.first_article.canonical_url,
        "headline": "Troops said to be heading for Eastport",
        "datePublished": "2024-06-21T08:00:00+00:00",
        "publisher": {"@type": "Organization", "name": "Harbour Wire"},
    }
    assert item["firstAppearance"] == item["appearance"][0]


def test_every_verdict_validates_and_names_its_status(anon: Any, story: Story) -> None:
    review = _review(anon, story.denied)
    assert problems(review) == []
    assert review["reviewRating"]["alternateName"] == "Denied"
    assert review["reviewRating"]["ratingValue"] == 1
    # The ministry (a government body) is an Organization.
    assert review["itemReviewed"]["author"] == {
        "@type": "Organization",
        "name": "Ministry of Defence",
    }
    for status, label in [("disputed", "Disputed"), ("retracted", "Retracted")]:
        claim = ClaimFactory.create(summary=f"A {status} claim")
        MentionFactory.create(claim=claim)
        StatusChangeFactory.create(claim=claim, to_status=status, note="")
        review = _review(anon, claim)
        assert problems(review) == []
        assert review["reviewRating"]["alternateName"] == label
        assert "reviewBody" not in review
    # A retraction is not a point on the false-to-true scale: it carries only its name.
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Retracted"}


def test_an_outlet_speaks_for_itself_when_nobody_is_named(anon: Any, db: None) -> None:
    claim = ClaimFactory.create(summary="Unattributed report", first_reported=None)
    article = ArticleFactory.create(url=None, canonical_url=None, title="An imported file")
    MentionFactory.create(claim=claim, article=article, claimant=None, claimant_text="")
    StatusChangeFactory.create(claim=claim, to_status="confirmed")
    review = _review(anon, claim)
    assert problems(review) == []
    assert review["itemReviewed"]["author"] == {
        "@type": "Organization",
        "name": article.publisher.name,
    }
    # No first_reported: the first statement's date is the mention's.
    assert review["itemReviewed"]["datePublished"] == "2024-06-21"
    # A file imported without its address appears under its page here.
    assert review["itemReviewed"]["appearance"][0]["url"] == f"{BASE}/articles/{article.pk}/"


def test_the_review_is_dated_by_the_current_verdict(anon: Any, story: Story, editor: Any) -> None:
    editorial.claim_set_status(
        claim_id=story.confirmed.pk,
        to_status="disputed",
        expected_status="confirmed",
        note="New footage contradicts it.",
        editor=editor,
    )
    review = _review(anon, story.confirmed)
    assert review["reviewRating"]["alternateName"] == "Disputed"
    assert review["reviewBody"] == "New footage contradicts it."
    assert review["itemReviewed"]["datePublished"] == "2024-06-21"


def test_organization_name_and_url_come_from_settings(
    anon: Any, story: Story, settings: Any
) -> None:
    settings.CLAIMTRACK_ORGANIZATION_NAME = "Harbour Fact Desk"
    settings.CLAIMTRACK_ORGANIZATION_URL = "https://factdesk.example/"
    assert _review(anon, story.confirmed)["author"] == {
        "@type": "Organization",
        "name": "Harbour Fact Desk",
        "url": "https://factdesk.example/",
    }


def test_no_verdict_unknown_and_merged_claims(anon: Any, story: Story, editor: Any) -> None:
    error = assert_error(anon.get(f"/claims/{story.unverified.pk}.jsonld"), 404, "no_verdict")
    assert "has no verdict yet (it is unverified)" in error["message"]
    assert_error(anon.get("/claims/424242.jsonld"), 404, "not_found")
    editorial.claim_merge(claim_id=story.denied.pk, into_claim_id=story.confirmed.pk, editor=editor)
    response = anon.get(f"/claims/{story.denied.pk}.jsonld")
    assert response.status_code == 301
    assert response["Location"] == f"/claims/{story.confirmed.pk}.jsonld"


def _scripts(html: str) -> list[str]:
    return re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)


def test_the_template_tag_keeps_page_text_inside_the_json(db: None) -> None:
    nasty = 'Troops </script><script>alert("x")</script> & <b>more</b>'
    claim = ClaimFactory.create(summary=nasty)
    MentionFactory.create(claim=claim, article__title="</SCRIPT><!-- headline & co")
    StatusChangeFactory.create(claim=claim, to_status="denied")
    request = RequestFactory().get("/")
    html = Template("{% load claim_data %}{% claim_review_jsonld claim %}").render(
        Context({"claim": claim, "request": request})
    )
    assert html.count("</script>") == 1
    assert "</SCRIPT>" not in html
    assert "<b>" not in html
    [inner] = _scripts(html)
    assert json.loads(inner) == claim_review(claim=claim, base_url=BASE)
    assert json.loads(inner)["claimReviewed"] == nasty
    unverified = ClaimFactory.create()
    html = Template("{% load claim_data %}{% claim_review_jsonld claim %}").render(
        Context({"claim": unverified, "request": request})
    )
    assert html == ""


def test_the_claim_page_embeds_the_review_and_links_its_feed(client: Any, story: Story) -> None:
    html = client.get(f"/claims/{story.confirmed.pk}/").content.decode()
    [inner] = _scripts(html)
    assert json.loads(inner) == _review(client, story.confirmed)
    assert (
        f'<link rel="alternate" type="application/atom+xml" '
        f'title="Claim #{story.confirmed.pk}: new mentions and verdicts" '
        f'href="/feeds/claims/{story.confirmed.pk}.atom">'
    ) in html
    assert _scripts(client.get(f"/claims/{story.unverified.pk}/").content.decode()) == []
