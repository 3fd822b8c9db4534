"""The status form does not choose a verdict for the editor.

"New status" opened on the first status other than the claim's own: "Confirmed" for
every unverified claim. An editor who wrote a note for a dispute and saved without
touching the menu confirmed the claim, and a verdict is never edited or deleted. The menu
now opens on "Choose…"; saving without a choice records nothing and says what is missing.
"""

from __future__ import annotations

import re

import pytest

from claims.models import Claim, StatusChange
from tests.factories import ClaimFactory, MentionFactory

pytestmark = pytest.mark.django_db


def _select(html: str) -> str:
    match = re.search(r'<select name="to_status"[^>]*>(.*?)</select>', html, re.S)
    assert match is not None
    return match.group(1)


def test_the_menu_opens_on_no_status(editor_client):
    claim = ClaimFactory.create()
    MentionFactory.create(claim=claim)
    options = _select(editor_client.get(claim.get_absolute_url()).content.decode())
    first = re.search(r"<option([^>]*)>([^<]*)</option>", options)
    assert first is not None
    assert 'value=""' in first.group(1)
    assert first.group(2) == "Choose…"
    assert re.search(r'<option value="confirmed"(?![^>]*selected)', options)


def test_saving_without_a_choice_records_nothing_and_says_so(editor_client):
    claim = ClaimFactory.create()
    MentionFactory.create(claim=claim)
    response = editor_client.post(
        f"/claims/{claim.pk}/status/",
        {"expected_status": "unverified", "to_status": "", "note": "Two accounts differ."},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose the new status." in html
    assert "Two accounts differ." in html  # the note is kept
    assert not StatusChange.objects.exists()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.UNVERIFIED
