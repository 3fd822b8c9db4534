"""An undated claim's row says its date is unknown, instead of a dangling "first".

A claim from an article that gave no date has no first-reported day. Its row under the
timeline's "No date" heading read "1 outlet   first" and stopped: on real reports every
claim of an undated monitor's page ended that way. The claim's page says "unknown"; the
row now says "date unknown", and still gives the day of its last activity when there is
one (a verdict).
"""

from __future__ import annotations

import re

import pytest

from tests.factories import ArticleFactory, ClaimFactory, MentionFactory, StatusChangeFactory

pytestmark = pytest.mark.django_db

TEXT = "A monitor said the column reached the river."


def _undated_claim():
    claim = ClaimFactory.create(summary="The column reached the river", first_reported=None)
    MentionFactory.create(
        claim=claim,
        quote=TEXT,
        stated_on=None,
        article=ArticleFactory.create(text=TEXT, published_at=None),
    )
    return claim


def _dates(html: str, claim_pk: int) -> str:
    row = re.search(rf'<article class="claim-row" id="claim-{claim_pk}".*?</article>', html, re.S)
    assert row is not None
    item = re.search(r'<li class="meta-dates">(.*?)</li>', row.group(0), re.S)
    assert item is not None
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item.group(1))).strip()


def test_an_undated_claim_says_its_date_is_unknown(client):
    claim = _undated_claim()
    assert _dates(client.get("/").content.decode(), claim.pk) == "date unknown"


def test_an_undated_claim_with_a_verdict_still_gives_its_last_activity(client):
    claim = _undated_claim()
    change = StatusChangeFactory.create(claim=claim, to_status="denied", note="Not so.")
    day = change.created_at.date()
    text = _dates(client.get("/").content.decode(), claim.pk)
    assert text == f"date unknown · last {day.day} {day:%b %Y}"
