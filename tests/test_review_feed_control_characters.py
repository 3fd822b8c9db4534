"""Control characters (C0 other than tab, CR, LF), which XML 1.0 cannot carry, never make an
Atom feed a 500: the feed writer leaves them out of every string it writes, and the web
forms refuse them with a field error, as the API does (one shared validator).

Before, one such character in anything a feed shows (a verdict's note, a claim's summary,
an outlet's name, an article's title from a .txt import) made Django's feed writer raise
UnserializableContentError: a 500 for every subscriber until the entry aged out.

Bad inputs tried: SOH in a verdict's note, BEL in a summary, STX in an outlet's name, BEL
in an article's title, VT in a quote, FF in an evidence URL (all stored, then the three
feeds read); the same kinds typed into each editor's form on the claim page and the
ingest page. Tabs and line breaks in a note stay allowed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from claims.models import Claim, EditorialEvent, StatusChange
from sources.models import Article, Feed, Source
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    MentionFactory,
    SourceFactory,
    StatusChangeFactory,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _read(path: str) -> ET.Element:
    response = Client().get(path)
    assert response.status_code == 200, path
    body = response.content.decode()
    assert not CONTROL.search(body)
    return ET.fromstring(response.content)  # well-formed XML


def _texts(feed: ET.Element) -> str:
    return " ".join(e.text or "" for e in feed.iter())


def test_stored_control_characters_are_left_out_of_every_feed() -> None:
    outlet = SourceFactory.create(name="Wire\x02 Service", slug="wire-service")
    article = ArticleFactory.create(title="Rain\x07 report", publisher=outlet)
    claim = ClaimFactory.create(summary="It rained\x07 for days")
    quote = "Officials said\x0b it rained."
    mention = MentionFactory.create(
        claim=claim, article=article, quote=quote, end=len(quote), publisher=outlet
    )
    StatusChangeFactory.create(
        claim=claim,
        note="n\x01 seen twice",
        evidence_url="https://evidence.example/a\x0cb",
        evidence_mention=mention,
    )

    verdicts = _read("/feeds/verdicts.atom")
    claim_feed = _read(f"/feeds/claims/{claim.pk}.atom")
    source_feed = _read(f"/feeds/sources/{outlet.slug}.atom")

    assert "It rained for days" in _texts(verdicts)
    assert "n seen twice" in _texts(verdicts)
    assert "https://evidence.example/ab" in _texts(verdicts)
    assert claim_feed.findtext(f"{ATOM}title") == "Claimtrack: It rained for days"
    assert "Rain report" in _texts(claim_feed)
    assert "Officials said it rained." in _texts(claim_feed)
    assert source_feed.findtext(f"{ATOM}title") == "Claimtrack: claims by Wire Service"


def _claim_with_two_mentions() -> tuple[Claim, int]:
    claim = ClaimFactory.create(summary="Bridge closed")
    MentionFactory.create(claim=claim)
    other = MentionFactory.create(claim=claim, quote="A different event entirely.")
    return claim, other.pk


def _recorded() -> tuple[int, int]:
    return StatusChange.objects.count(), EditorialEvent.objects.count()


@pytest.mark.parametrize(
    ("action", "data", "field"),
    [
        ("status", {"note": "n\x01"}, "note"),
        ("status", {"note": "Seen.", "evidence_url": "https://evidence.example/a\x01b"}, "url"),
        ("summary", {"summary": "Bridge\x07 shut"}, "summary"),
        ("summary", {"summary": "Bridge shut", "note": "typo\x1b"}, "note"),
        ("merge", {"note": "same\x07"}, "note"),
        ("split", {"summary": "Another\x07 event"}, "summary"),
        ("split", {"summary": "Another event", "note": "wrong\x02 match"}, "note"),
    ],
)
def test_the_claim_page_forms_refuse_control_characters(
    editor_client: Client, action: str, data: dict[str, str], field: str
) -> None:
    claim, split_off = _claim_with_two_mentions()
    survivor = ClaimFactory.create()
    url, base = {
        "status": (
            reverse("claims:claim_set_status", args=[claim.pk]),
            {"expected_status": "unverified", "to_status": "confirmed"},
        ),
        "summary": (
            reverse("claims:claim_edit_summary", args=[claim.pk]),
            {"expected_summary": "Bridge closed"},
        ),
        "merge": (
            reverse("claims:claim_merge", args=[claim.pk]),
            {"into": str(survivor.pk), "confirm": str(survivor.pk)},
        ),
        "split": (reverse("claims:mention_split", args=[split_off]), {}),
    }[action]
    before = _recorded()

    response = editor_client.post(url, {**base, **data})

    assert response.status_code == 400
    assert "Control characters (other than tabs and line breaks) are not allowed." in (
        response.content.decode()
    )
    assert _recorded() == before
    assert Claim.objects.get(pk=claim.pk).summary == "Bridge closed"
    assert Claim.objects.count() == 2
    assert Client().get("/feeds/verdicts.atom").status_code == 200


def test_tabs_and_line_breaks_in_a_note_are_kept(editor_client: Client) -> None:
    claim = ClaimFactory.create()
    note = "First line.\r\n\tSecond line."
    response = editor_client.post(
        reverse("claims:claim_set_status", args=[claim.pk]),
        {"expected_status": "unverified", "to_status": "confirmed", "note": note},
    )
    assert response.status_code == 302
    assert StatusChange.objects.get().note == note.strip()
    assert Client().get("/feeds/verdicts.atom").status_code == 200


@pytest.mark.parametrize(
    ("view", "data"),
    [
        ("sources:ingest_urls", {"urls": "https://news.example/a", "source": "Wire\x02"}),
        ("sources:ingest_feed", {"url": "https://news.example/rss.xml", "source": "Wire\x02"}),
    ],
)
def test_the_ingest_forms_refuse_an_outlet_name_with_control_characters(
    editor_client: Client, view: str, data: dict[str, str]
) -> None:
    response = editor_client.post(reverse(view), data)
    assert response.status_code == 400
    assert "Control characters (other than tabs and line breaks) are not allowed." in (
        response.content.decode()
    )
    assert not Source.objects.exists()
    assert not Article.objects.exists()
    assert not Feed.objects.exists()


@pytest.mark.parametrize("field", ["source", "byline"])
def test_the_upload_form_refuses_an_outlet_or_byline_with_control_characters(
    editor_client: Client, field: str
) -> None:
    response = editor_client.post(
        reverse("sources:ingest_files"),
        {
            "documents": SimpleUploadedFile("a.txt", b"Title\n\nOfficials said it rained.\n"),
            field: "Wire\x02",
        },
    )
    assert response.status_code == 400
    assert "Control characters (other than tabs and line breaks) are not allowed." in (
        response.content.decode()
    )
    assert not Article.objects.exists()
