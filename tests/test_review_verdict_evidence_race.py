"""A verdict's evidence mention is checked under the claim's row lock: a split running at
the same moment cannot move that mention to a new claim between the check and the verdict.

Before, the check ran before the verdict's transaction. An editor split the mention off
(holding the claim's lock) while another set a verdict citing it: the verdict's check saw
the mention still on the claim, waited for the split's lock, and then recorded a verdict
whose evidence was another claim's mention.

The race is real: two PostgreSQL connections in two threads. The split is held, with the
claim locked and the mention moved, until the verdict is seen waiting for that lock.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connections

from claims import editorial
from claims.models import Claim, Mention, StatusChange
from tests.factories import ClaimFactory, EditorFactory, MentionFactory
from tests.support.locks import wait_for_a_lock_wait


@pytest.mark.django_db(transaction=True)
def test_a_verdict_cannot_cite_a_mention_a_concurrent_split_moved_away(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    claim = ClaimFactory.create(summary="Bridge closed")
    MentionFactory.create(claim=claim)
    evidence = MentionFactory.create(claim=claim, quote="A different event entirely.")
    splitter, verdict_editor = EditorFactory.create(), EditorFactory.create()

    holding, go = threading.Event(), threading.Event()
    real_first_reported = editorial.claim_first_reported

    def first_reported_then_hold(**kwargs: Any) -> Any:
        # Called inside the split's transaction, after the mention moved, the claim locked.
        holding.set()
        go.wait(timeout=20)
        return real_first_reported(**kwargs)

    monkeypatch.setattr(editorial, "claim_first_reported", first_reported_then_hold)
    outcomes: dict[str, Any] = {}

    def split() -> None:
        try:
            outcomes["split"] = editorial.mention_split(
                mention_id=evidence.pk, editor=splitter, summary="A different event"
            )
        except BaseException as exc:  # reported by the assertions below
            outcomes["split"] = exc
        finally:
            connections.close_all()

    def verdict() -> None:
        try:
            outcomes["verdict"] = editorial.claim_set_status(
                claim_id=claim.pk,
                to_status="confirmed",
                expected_status="unverified",
                note="The quoted mention shows it.",
                evidence_mention_id=evidence.pk,
                editor=verdict_editor,
            )
        except BaseException as exc:  # reported by the assertions below
            outcomes["verdict"] = exc
        finally:
            connections.close_all()

    split_thread = threading.Thread(target=split)
    verdict_thread = threading.Thread(target=verdict)
    split_thread.start()
    try:
        assert holding.wait(timeout=10), "the split never reached its hold"
        verdict_thread.start()
        wait_for_a_lock_wait("the verdict (for the split's lock)")
    finally:
        go.set()
        split_thread.join(timeout=30)
        verdict_thread.join(timeout=30)

    new_claim = outcomes["split"]
    assert isinstance(new_claim, Claim), repr(new_claim)
    assert Mention.objects.get(pk=evidence.pk).claim_id == new_claim.pk
    refused = outcomes["verdict"]
    assert isinstance(refused, editorial.EditorialError), repr(refused)
    assert "one of this claim's own mentions" in str(refused)
    assert not StatusChange.objects.exists()
    assert Claim.objects.get(pk=claim.pk).status == "unverified"
