"""A verdict that came with a merged claim says which claim it was given on.

Merging a denied claim into an unverified one moves its verdict into the survivor's
history but, by design, not its status. The survivor's page then showed the badge
"Unverified" above an editorial history whose only verdict read "Marked Denied by …
(was unverified)", as if this claim had been denied: on real reports, an army's denial
merged into the same denial worded by another outlet. The moved verdict now says it was
given on claim #N before that claim was merged here.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from claims import editorial
from tests.factories import ClaimFactory, EditorFactory, MentionFactory, StatusChangeFactory

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _verdict(history: str, note: str) -> str:
    """The verdict's line, from its "Marked" to its note."""
    end = history.index(note)
    return history[history.rindex("Marked", 0, end) : end]


def _history(html: str) -> str:
    match = re.search(r'<section aria-labelledby="history-title".*?</section>', html, re.S)
    assert match is not None
    return _text(match.group(0))


def test_a_moved_verdict_names_the_claim_it_was_given_on(client):
    survivor = ClaimFactory.create(summary="The depot was not shelled")
    MentionFactory.create(claim=survivor, quote="The army said the depot was not shelled.")
    duplicate = ClaimFactory.create(summary="No shelling of the depot")
    MentionFactory.create(claim=duplicate, quote="A spokesman denied shelling the depot.")
    StatusChangeFactory.create(claim=duplicate, to_status="denied", note="Craters on images.")
    own = StatusChangeFactory.create(claim=survivor, to_status="disputed", note="Two accounts.")
    editorial.claim_merge(
        claim_id=duplicate.pk, into_claim_id=survivor.pk, note="", editor=EditorFactory.create()
    )

    history = _history(client.get(survivor.get_absolute_url()).content.decode())
    moved = _verdict(history, "Craters on images.")
    assert f"on claim #{duplicate.pk}, before it was merged into this one" in moved
    # The claim's own verdict says nothing of the kind.
    mine = _verdict(history, "Two accounts.")
    assert "before it was merged" not in mine
    assert own.claim_id == survivor.pk

    # The same in the claim's story on the timeline.
    story = _text(client.get(reverse("claims:claim_timeline", args=[survivor.pk])).content.decode())
    assert f"on claim #{duplicate.pk}, before it was merged into this one" in story


def test_a_verdict_moved_twice_names_the_claim_it_was_first_given_on(client):
    first = ClaimFactory.create(summary="Bridge destroyed")
    MentionFactory.create(claim=first)
    StatusChangeFactory.create(claim=first, to_status="confirmed", note="Seen from the air.")
    middle = ClaimFactory.create(summary="The bridge was destroyed")
    MentionFactory.create(claim=middle)
    last = ClaimFactory.create(summary="Bridge at the ford destroyed")
    MentionFactory.create(claim=last)
    editor = EditorFactory.create()
    editorial.claim_merge(claim_id=first.pk, into_claim_id=middle.pk, note="", editor=editor)
    editorial.claim_merge(claim_id=middle.pk, into_claim_id=last.pk, note="", editor=editor)
    history = _history(client.get(last.get_absolute_url()).content.decode())
    assert f"on claim #{first.pk}, before it was merged" in history
