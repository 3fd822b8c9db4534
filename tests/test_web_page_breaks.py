"""Text pasted from a PDF or a word processor carries page breaks (form feed, vertical tab):
the claim page's and the ingest page's text fields take them as spaces instead of refusing
the form as they refuse other control characters (which XML, and so the feeds, cannot carry).

Bad inputs tried: a form feed and a vertical tab in a verdict's note, a summary and an
outlet's name (taken, as spaces); a BEL beside them (still refused).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Claim, StatusChange
from sources.forms import UrlsForm
from tests.factories import ClaimFactory, MentionFactory

pytestmark = pytest.mark.django_db


def test_a_page_break_in_a_note_or_a_summary_is_a_space(editor_client: Client) -> None:
    claim = ClaimFactory.create(summary="Machine words")
    MentionFactory.create(claim=claim)
    editor_client.post(
        reverse("claims:claim_set_status", args=[claim.pk]),
        {"to_status": "confirmed", "expected_status": "unverified", "note": "Page 1.\x0cPage 2."},
    )
    assert StatusChange.objects.get(claim=claim).note == "Page 1. Page 2."
    editor_client.post(
        reverse("claims:claim_edit_summary", args=[claim.pk]),
        {"summary": "Editor\x0bwords", "expected_summary": "Machine words"},
    )
    assert Claim.objects.get(pk=claim.pk).summary == "Editor words"


def test_other_control_characters_are_still_refused(editor_client: Client) -> None:
    claim = ClaimFactory.create()
    response = editor_client.post(
        reverse("claims:claim_set_status", args=[claim.pk]),
        {"to_status": "confirmed", "expected_status": "unverified", "note": "Page\x0c\x07"},
    )
    assert response.status_code == 400
    assert not StatusChange.objects.exists()


def test_an_outlet_name_with_a_page_break_is_taken_with_a_space() -> None:
    form = UrlsForm({"urls": "https://news.example/story", "source": "Harbour\x0cWire"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["source"] == "Harbour Wire"
