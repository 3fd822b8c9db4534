"""A timeline row says who said a claim and who denied it, not "said by" for both.

The row listed every claimant of every mention after "said by". On real reports a claim
whose only mention was a militia rejecting it ("rejected assertions that the city had
fallen") read "The city had fallen — said by <the militia>": the opposite of what the
militia said, with nothing on the row to tell. The row now keeps "said by" for those who
assert or confirm the claim, and names the others as "denied by" and "neither confirmed
nor denied by". The CSV's and the API's claimants (everyone quoted) are unchanged; the
timeline's CSV gives the three groups in columns of their own, after the others.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sources.models import Source
from tests.factories import ClaimFactory, MentionFactory, SourceFactory

pytestmark = pytest.mark.django_db


def _row(html: str, claim_pk: int) -> str:
    match = re.search(rf'<article class="claim-row" id="claim-{claim_pk}".*?</article>', html, re.S)
    assert match is not None
    return match.group(0)


def _item(row: str, cls: str) -> str | None:
    """The names in one of the row's items, without its label."""
    match = re.search(rf'<li class="{cls}"[^>]*>(.*?)</li>', row, re.S)
    if match is None:
        return None
    names = re.sub(r'<span class="meta-label">.*?</span>', "", match.group(1))
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", names)).strip()


def _person(name: str) -> Source:
    return SourceFactory.create(name=name, kind=Source.Kind.PERSON)


def test_a_row_tells_who_asserted_who_denied_and_who_would_not_say(client):
    claim = ClaimFactory.create(summary="The bridge at Eastport was destroyed")
    MentionFactory.create(claim=claim, claimant=_person("Anna Field"), stance="asserts")
    MentionFactory.create(claim=claim, claimant=_person("Ben Stone"), stance="confirms")
    MentionFactory.create(claim=claim, claimant=_person("Cora Vale"), stance="denies")
    MentionFactory.create(claim=claim, claimant=_person("Dan Moor"), stance="neither")
    row = _row(client.get("/").content.decode(), claim.pk)
    assert _item(row, "meta-claimants") == "Anna Field, Ben Stone"
    assert _item(row, "meta-deniers") == "Cora Vale"
    assert _item(row, "meta-neither") == "Dan Moor"


def test_a_claim_only_denied_is_not_said_by_its_denier(client):
    claim = ClaimFactory.create(summary="The city had fallen")
    MentionFactory.create(claim=claim, claimant=_person("Hill Militia"), stance="denies")
    row = _row(client.get("/").content.decode(), claim.pk)
    assert _item(row, "meta-claimants") is None
    assert _item(row, "meta-deniers") == "Hill Militia"
    assert "said by" not in row


def test_the_labels_are_words_on_the_page(client):
    """The row's labels are in the markup, not only drawn by CSS, so that copying a row
    or reading it without styles keeps who said and who denied."""
    claim = ClaimFactory.create(summary="Troops crossed the river")
    MentionFactory.create(claim=claim, claimant=_person("Eve Lake"), stance="asserts")
    MentionFactory.create(claim=claim, claimant=_person("Finn Roe"), stance="denies")
    text = re.sub(r"<[^>]+>", " ", _row(client.get("/").content.decode(), claim.pk))
    text = re.sub(r"\s+", " ", text)
    assert "said by Eve Lake" in text
    assert "denied by Finn Roe" in text


def test_the_csv_keeps_every_claimant(client):
    claim = ClaimFactory.create(summary="The port was closed")
    MentionFactory.create(claim=claim, claimant=_person("Gail Shore"), stance="asserts")
    MentionFactory.create(claim=claim, claimant=_person("Hugo Marsh"), stance="denies")
    body = b"".join(client.get("/claims.csv").streaming_content).decode("utf-8-sig")
    line = next(line for line in body.splitlines() if "The port was closed" in line)
    assert "Gail Shore; Hugo Marsh" in line


def test_grouping_the_voices_costs_no_query(client):
    for n in range(3):
        claim = ClaimFactory.create(summary=f"Claim with voices {n}")
        MentionFactory.create(claim=claim, claimant=_person(f"Asserter {n}"), stance="asserts")
        MentionFactory.create(claim=claim, claimant=_person(f"Denier {n}"), stance="denies")
    client.get("/")
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for n in range(12):
        claim = ClaimFactory.create(summary=f"More voices {n}")
        MentionFactory.create(claim=claim, claimant=_person(f"More asserter {n}"), stance="asserts")
        MentionFactory.create(claim=claim, claimant=_person(f"More denier {n}"), stance="denies")
    client.get("/")
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_csv_says_who_said_and_who_denied_in_columns_of_their_own(client):
    claim = ClaimFactory.create(summary="The ferry sank")
    MentionFactory.create(claim=claim, claimant=_person("Ivo Reed"), stance="asserts")
    MentionFactory.create(claim=claim, claimant=_person("Jan Brook"), stance="confirms")
    MentionFactory.create(claim=claim, claimant=_person("Kai Moss"), stance="denies")
    MentionFactory.create(claim=claim, claimant=_person("Lea Fen"), stance="neither")
    body = b"".join(client.get("/claims.csv").streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    # Appended after the columns a spreadsheet may already use by position.
    assert list(rows[0])[-3:] == ["said_by", "denied_by", "neither_by"]
    (row,) = [r for r in rows if r["summary"] == "The ferry sank"]
    assert row["claimants"] == "Ivo Reed; Jan Brook; Kai Moss; Lea Fen"
    assert (row["said_by"], row["denied_by"], row["neither_by"]) == (
        "Ivo Reed; Jan Brook",
        "Kai Moss",
        "Lea Fen",
    )
