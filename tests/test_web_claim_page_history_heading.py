"""The claim page's history is named for what it lists.

It lists an editor's verdicts and, with them, the summary edits, merges and splits (the
audit trail): headed "Status history", a summary edit read as a change of status.
"""

from __future__ import annotations

import pytest

from tests.factories import EditorialEventFactory, MentionFactory

pytestmark = pytest.mark.django_db


def test_a_history_holding_a_summary_edit_is_the_editorial_history(client):
    event = EditorialEventFactory.create()
    MentionFactory.create(claim=event.claim)
    html = client.get(event.claim.get_absolute_url()).content.decode()
    assert '<h2 id="history-title" class="section-title">Editorial history</h2>' in html
    assert "Status history" not in html
    assert "<del>Old summary</del>" in html
