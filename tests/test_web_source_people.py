"""A body's page shows its record through its people. A government body speaks through
its spokesperson (a Source whose parent is the body): the claims are the spokesperson's,
and the body's page said it "has put forward no claim yet"."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sources.models import Source
from tests.factories import ClaimFactory, MentionFactory, SourceFactory, StatusChangeFactory

pytestmark = pytest.mark.django_db


def _body() -> Source:
    return SourceFactory.create(name="Ministry of Harbours", kind=Source.Kind.GOVERNMENT)


def _member(body: Source, name: str, statuses: list[str]) -> Source:
    person = SourceFactory.create(name=name, kind=Source.Kind.PERSON, parent=body)
    for status in statuses:
        claim = ClaimFactory.create()
        MentionFactory.create(claim=claim, claimant=person, stance="asserts")
        if status != "unverified":
            StatusChangeFactory.create(claim=claim, to_status=status)
    return person


def _counts(html: str, name: str) -> str:
    start = html.index(f">{name}</a>", html.index('class="people-list"'))
    item = html[start : html.index("</li>", start)]
    found = re.search(r'<span class="people-counts">([^<]*)</span>', item)
    assert found is not None
    return found.group(1)


def test_a_bodys_page_lists_its_peoples_claims_and_does_not_say_it_has_none(client):
    body = _body()
    spokesperson = _member(body, "Harbour Spokesperson", ["confirmed", "denied", "unverified"])
    deputy = _member(body, "Deputy Harbourmaster", ["confirmed"])
    SourceFactory.create(name="Quiet Clerk", kind=Source.Kind.PERSON, parent=body)
    # One claim both put forward counts once in the body's total.
    shared = ClaimFactory.create()
    MentionFactory.create(claim=shared, claimant=spokesperson, stance="asserts")
    MentionFactory.create(claim=shared, claimant=deputy, stance="confirms")
    html = client.get(body.get_absolute_url()).content.decode()
    assert "has put forward no claim yet" not in html
    assert "has put forward no claim in its own name. Its people have put forward 5 claims" in html
    assert '<h2 id="people-title" class="section-title">Through its people</h2>' in html
    assert "5 in all (2 confirmed, 1 denied, 2 still open)" in html
    assert f'<li><a href="{spokesperson.get_absolute_url()}">Harbour Spokesperson</a>' in html
    assert _counts(html, "Harbour Spokesperson") == (
        "4 claims: 1 confirmed, 1 denied, 2 still open"
    )
    assert _counts(html, "Deputy Harbourmaster") == "2 claims: 1 confirmed, 0 denied, 1 still open"
    assert _counts(html, "Quiet Clerk") == "no claim yet"
    people = html.index('id="people-title"')
    assert html.index("Harbour Spokesperson", people) < html.index("Quiet Clerk", people)


def test_a_body_with_silent_people_still_says_it_has_no_claim(client):
    body = _body()
    SourceFactory.create(name="Quiet Clerk", kind=Source.Kind.PERSON, parent=body)
    html = client.get(body.get_absolute_url()).content.decode()
    assert "has put forward no claim yet" in html
    assert "Through its people" not in html


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_page_makes_as_many_queries_for_ten_people_as_for_one(client):
    body = _body()
    _member(body, "Person 0", ["confirmed", "unverified"])
    url = body.get_absolute_url()
    one = _queries(client, url)
    for n in range(1, 10):
        _member(body, f"Person {n}", ["denied", "unverified"])
    assert _queries(client, url) == one


def test_a_member_past_the_first_fifty_by_name_is_counted_and_listed(client):
    # The members were the first 50 by name, and the body's total counted only theirs: a
    # body with 50 silent clerks said its people had put forward nothing.
    body = _body()
    for n in range(50):
        SourceFactory.create(name=f"Clerk {n:02}", kind=Source.Kind.PERSON, parent=body)
    _member(body, "Zealous Spokesperson", ["confirmed", "unverified"])
    html = client.get(body.get_absolute_url()).content.decode()
    assert "Its people have put forward 2 claims" in html
    assert _counts(html, "Zealous Spokesperson") == (
        "2 claims: 1 confirmed, 0 denied, 1 still open"
    )
