"""Editors' API writes refuse control characters (other than tabs and line breaks) with a
400 naming the field, and store nothing: XML 1.0 cannot carry them, and the text written
(a verdict's note and evidence URL, an outlet's name) is shown in the Atom feeds, where one
such character made every request for the feed a 500 until the entry aged out.

Bad inputs tried: a BEL in a note, a form feed in an evidence URL's path, an ESC in an
outlet's name, a vertical tab in a URL to ingest, a BEL in a merge note. Tabs and line
breaks in a note stay allowed.
"""

# ruff: noqa: F811 - fixtures come from tests.support.api and are named as parameters

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from claims.models import EditorialEvent, StatusChange
from sources.models import Article, Source
from tests.support.api import (  # noqa: F401
    Story,
    assert_error,
    editor,
    editor_client,
    fresh_throttle,
    story,
)

pytestmark = pytest.mark.django_db


def _verdict(story: Story, **fields: str) -> dict[str, str]:
    return {"to_status": "confirmed", "expected_status": "unverified", "note": "Seen.", **fields}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"note": "Seen \x07 twice."}, "note"),
        ({"evidence_url": "https://evidence.example/a\x0cb"}, "evidence_url"),
    ],
)
def test_a_verdict_with_control_characters_is_refused_and_the_feeds_stay_readable(
    editor_client: APIClient, story: Story, fields: dict[str, str], field: str
) -> None:
    before = StatusChange.objects.count()
    response = editor_client.post(
        f"/api/v1/claims/{story.unverified.pk}/status/", _verdict(story, **fields)
    )
    error = assert_error(response, 400, "invalid")
    assert "Control characters" in error["fields"][field][0]
    assert StatusChange.objects.count() == before
    assert Client().get("/feeds/verdicts.atom").status_code == 200
    assert Client().get(f"/feeds/claims/{story.unverified.pk}.atom").status_code == 200


def test_tabs_and_line_breaks_in_a_note_are_kept(editor_client: APIClient, story: Story) -> None:
    note = "First line.\r\n\tSecond line."
    response = editor_client.post(
        f"/api/v1/claims/{story.unverified.pk}/status/", _verdict(story, note=note)
    )
    assert response.status_code == 201, response.content
    assert StatusChange.objects.get(pk=response.json()["status_change"]["id"]).note == note
    assert Client().get("/feeds/verdicts.atom").status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"urls": ["https://news.example/story"], "source": "Harbour\x1b Wire"}, "source"),
        ({"urls": ["https://news.example/st\x0bory"]}, "urls.0"),
    ],
)
def test_an_ingest_with_control_characters_is_refused(
    editor_client: APIClient, body: dict[str, object], field: str
) -> None:
    sources = Source.objects.count()
    error = assert_error(editor_client.post("/api/v1/articles/", body), 400, "invalid")
    assert "Control characters" in error["fields"][field][0]
    assert not Article.objects.exists()
    assert Source.objects.count() == sources


def test_a_merge_note_with_control_characters_is_refused(
    editor_client: APIClient, story: Story
) -> None:
    response = editor_client.post(
        f"/api/v1/claims/{story.unverified.pk}/merge/",
        {"into": story.denied.pk, "note": "Same \x07 claim."},
    )
    error = assert_error(response, 400, "invalid")
    assert "note" in error["fields"]
    assert not EditorialEvent.objects.filter(kind=EditorialEvent.Kind.MERGE).exists()


def test_a_page_break_in_a_note_is_a_space(editor_client: APIClient, story: Story) -> None:
    """A form feed or vertical tab comes with text pasted from a PDF: a space, not a 400.
    (In a URL it is still refused: see the evidence and ingest cases above.)"""
    response = editor_client.post(
        f"/api/v1/claims/{story.unverified.pk}/status/",
        _verdict(story, note="Page one.\x0cPage\x0btwo."),
    )
    assert response.status_code == 201, response.content
    change = StatusChange.objects.get(pk=response.json()["status_change"]["id"])
    assert change.note == "Page one. Page two."
    assert Client().get("/feeds/verdicts.atom").status_code == 200
