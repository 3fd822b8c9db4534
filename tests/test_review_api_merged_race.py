"""A claim merged while an API write on it was on its way answers 409 `merged`, naming the
survivor, as the same write sent a moment later does; the web pages already said so
(claims.views._merged_since).

Before, the view's own check (_live_claim) had passed, the service then found the claim
merged and refused, and that refusal went out as a 400 `invalid`: a client had to read
the message to learn what a 409 says in its fields. Found by schemathesis (two workers,
one merging, one setting a status).

The race is real: two PostgreSQL connections in two threads. The merge is held, the claim
already marked merged, until the API's write is seen waiting for its lock.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connections

from claims import editorial
from claims.models import Claim, StatusChange
from tests.factories import ClaimFactory, EditorFactory, MentionFactory
from tests.support.api import assert_error, token_client
from tests.support.locks import wait_for_a_lock_wait

pytestmark = pytest.mark.django_db(transaction=True)  # the merge runs in another thread


def _while_a_merge_holds(
    monkeypatch: pytest.MonkeyPatch, duplicate: Claim, survivor: Claim, send: Any
) -> tuple[Any, Any]:
    """Merge `duplicate` into `survivor` in one thread, held before its commit; `send()`
    in another once the merge holds; both outcomes once the API's write waited."""
    holding, go = threading.Event(), threading.Event()
    real_editor_or_none = editorial._editor_or_none

    def editor_then_hold(editor: Any) -> Any:
        # Called inside the merge's transaction, after merged_into is set, the claims locked.
        if threading.current_thread().name == "merge":
            holding.set()
            go.wait(timeout=20)
        return real_editor_or_none(editor)

    monkeypatch.setattr(editorial, "_editor_or_none", editor_then_hold)
    outcomes: dict[str, Any] = {}

    def merge() -> None:
        try:
            outcomes["merge"] = editorial.claim_merge(
                claim_id=duplicate.pk, into_claim_id=survivor.pk, editor=EditorFactory.create()
            )
        except BaseException as exc:  # reported by the assertions below
            outcomes["merge"] = exc
        finally:
            connections.close_all()

    def write() -> None:
        try:
            outcomes["write"] = send()
        except BaseException as exc:
            outcomes["write"] = exc
        finally:
            connections.close_all()

    merge_thread = threading.Thread(target=merge, name="merge")
    write_thread = threading.Thread(target=write, name="write")
    merge_thread.start()
    try:
        assert holding.wait(timeout=10), "the merge never reached its hold"
        write_thread.start()
        wait_for_a_lock_wait("the API's write (for the merge's lock)")
    finally:
        go.set()
        merge_thread.join(timeout=30)
        write_thread.join(timeout=30)
    return outcomes["merge"], outcomes["write"]


@pytest.fixture
def claims_pair() -> tuple[Claim, Claim, Claim]:
    duplicate = ClaimFactory.create(summary="Bridge closed")
    MentionFactory.create(claim=duplicate)
    survivor = ClaimFactory.create(summary="The bridge was closed")
    MentionFactory.create(claim=survivor)
    third = ClaimFactory.create(summary="Ferry suspended")
    return duplicate, survivor, third


def test_a_status_set_on_a_claim_merged_meanwhile_is_409_merged(
    monkeypatch: pytest.MonkeyPatch, claims_pair: tuple[Claim, Claim, Claim]
) -> None:
    duplicate, survivor, _ = claims_pair
    client = token_client(EditorFactory.create())
    data = {"to_status": "confirmed", "expected_status": "unverified", "note": "Seen."}

    merged, response = _while_a_merge_holds(
        monkeypatch,
        duplicate,
        survivor,
        lambda: client.post(f"/api/v1/claims/{duplicate.pk}/status/", data, format="json"),
    )

    assert isinstance(merged, Claim), repr(merged)
    error = assert_error(response, 409, "merged")
    assert error["current"]["merged_into"] == survivor.pk
    assert f"#{survivor.pk}" in error["message"]
    assert not StatusChange.objects.exists()
    assert Claim.objects.get(pk=survivor.pk).status == "unverified"


def test_a_merge_of_a_claim_merged_meanwhile_is_409_merged(
    monkeypatch: pytest.MonkeyPatch, claims_pair: tuple[Claim, Claim, Claim]
) -> None:
    duplicate, survivor, third = claims_pair
    client = token_client(EditorFactory.create())

    merged, response = _while_a_merge_holds(
        monkeypatch,
        duplicate,
        survivor,
        lambda: client.post(
            f"/api/v1/claims/{duplicate.pk}/merge/", {"into": third.pk}, format="json"
        ),
    )

    assert isinstance(merged, Claim), repr(merged)
    error = assert_error(response, 409, "merged")
    assert error["current"]["merged_into"] == survivor.pk
    assert Claim.objects.get(pk=duplicate.pk).merged_into_id == survivor.pk
    assert Claim.objects.get(pk=third.pk).merged_into_id is None
