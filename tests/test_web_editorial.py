"""Editors' acts as services: verdicts with the conflict rule, merges, splits, summary edits.

Bad inputs tried: an empty note, an unknown status, the status the claim already has,
evidence that is another claim's mention, a stale expected status (two editors), a stale
summary, merging a claim into itself or into a merged claim, splitting a claim's only
mention, unknown ids. Each gives an EditorialError with a readable message and writes
nothing.
"""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection

from claims import editorial
from claims.models import Claim, EditorialEvent, Mention, StatusChange
from tests.factories import ClaimFactory, EditorFactory, MentionFactory

pytestmark = pytest.mark.django_db


def test_set_status_records_a_verdict_with_evidence():
    editor = EditorFactory.create()
    mention = MentionFactory.create()
    change = editorial.claim_set_status(
        claim_id=mention.claim_id,
        to_status="confirmed",
        expected_status="unverified",
        note="  Two agencies confirmed it.  ",
        evidence_url="https://evidence.example/report",
        evidence_mention_id=mention.pk,
        editor=editor,
    )
    claim = Claim.objects.get(pk=mention.claim_id)
    assert claim.status == "confirmed"
    assert (change.from_status, change.to_status, change.editor) == (
        "unverified",
        "confirmed",
        editor,
    )
    assert change.note == "Two agencies confirmed it."
    assert change.evidence_mention == mention


def test_second_editor_from_the_same_status_is_told_what_changed():
    first, second = EditorFactory.create(username="alice"), EditorFactory.create(username="bob")
    claim = ClaimFactory.create()
    editorial.claim_set_status(
        claim_id=claim.pk,
        to_status="confirmed",
        expected_status="unverified",
        note="Confirmed by the ministry.",
        editor=first,
    )
    with pytest.raises(editorial.ClaimChanged) as caught:
        editorial.claim_set_status(
            claim_id=claim.pk,
            to_status="denied",
            expected_status="unverified",
            note="Denied by the other side.",
            editor=second,
        )
    assert caught.value.claim.status == "confirmed"
    assert caught.value.last_change is not None
    assert caught.value.last_change.editor == first
    message = str(caught.value)
    assert "changed while you were looking" in message
    assert "Confirmed" in message
    assert "alice" in message
    assert list(StatusChange.objects.values_list("to_status", flat=True)) == ["confirmed"]
    assert Claim.objects.get(pk=claim.pk).status == "confirmed"


@pytest.mark.django_db(transaction=True)
def test_two_editors_at_the_same_moment_exactly_one_wins():
    claim = ClaimFactory.create()
    editors = [EditorFactory.create(), EditorFactory.create()]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def act(editor, to_status):
        barrier.wait()
        try:
            editorial.claim_set_status(
                claim_id=claim.pk,
                to_status=to_status,
                expected_status="unverified",
                note="Race",
                editor=editor,
            )
            outcomes.append("won")
        except editorial.ClaimChanged:
            outcomes.append("told")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=(editors[0], "confirmed")),
        threading.Thread(target=act, args=(editors[1], "denied")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert sorted(outcomes) == ["told", "won"]
    assert StatusChange.objects.count() == 1
    assert Claim.objects.get(pk=claim.pk).status == StatusChange.objects.get().to_status


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"note": "   "}, "A note is required"),
        ({"to_status": "maybe"}, "is not a status"),
        ({"to_status": "unverified"}, "already Unverified"),
    ],
)
def test_set_status_refuses_bad_input_and_writes_nothing(kwargs, message):
    claim = ClaimFactory.create()
    arguments = {
        "claim_id": claim.pk,
        "to_status": "confirmed",
        "expected_status": "unverified",
        "note": "ok",
        "editor": EditorFactory.create(),
    } | kwargs
    with pytest.raises(editorial.EditorialError, match=message):
        editorial.claim_set_status(**arguments)
    assert not StatusChange.objects.exists()
    assert Claim.objects.get(pk=claim.pk).status == "unverified"


def test_evidence_must_be_one_of_the_claims_own_mentions():
    claim = ClaimFactory.create()
    other = MentionFactory.create()
    with pytest.raises(editorial.EditorialError, match="this claim's own mentions"):
        editorial.claim_set_status(
            claim_id=claim.pk,
            to_status="confirmed",
            expected_status="unverified",
            note="ok",
            evidence_mention_id=other.pk,
            editor=EditorFactory.create(),
        )
    assert not StatusChange.objects.exists()


def test_unknown_claim_is_reported():
    with pytest.raises(editorial.EditorialError, match="no claim #999999"):
        editorial.claim_set_status(
            claim_id=999999,
            to_status="confirmed",
            expected_status="unverified",
            note="ok",
            editor=None,
        )


def test_merge_moves_mentions_and_history_and_pins_them():
    editor = EditorFactory.create()
    survivor = ClaimFactory.create(first_reported=date(2024, 10, 24))
    duplicate = ClaimFactory.create(first_reported=date(2024, 6, 21))
    kept = MentionFactory.create(claim=survivor)
    moved = MentionFactory.create(claim=duplicate)
    editorial.claim_set_status(
        claim_id=duplicate.pk,
        to_status="disputed",
        expected_status="unverified",
        note="Conflicting reports.",
        editor=editor,
    )
    earlier = ClaimFactory.create()
    editorial.claim_merge(claim_id=earlier.pk, into_claim_id=duplicate.pk, editor=editor)

    result = editorial.claim_merge(
        claim_id=duplicate.pk, into_claim_id=survivor.pk, editor=editor, note="Same event."
    )

    assert result.pk == survivor.pk
    assert result.first_reported == date(2024, 6, 21)
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id == survivor.pk
    # A claim merged earlier into the duplicate now redirects straight to the survivor.
    assert Claim.objects.get(pk=earlier.pk).merged_into_id == survivor.pk
    assert set(survivor.mentions.values_list("pk", flat=True)) == {kept.pk, moved.pk}
    assert Mention.objects.get(pk=moved.pk).pinned_by_editor is True
    assert Mention.objects.get(pk=kept.pk).pinned_by_editor is False
    assert survivor.status_changes.count() == 1
    event = survivor.editorial_events.filter(kind="merge").latest("id")
    assert event.details["merged_claim_id"] == duplicate.pk
    assert event.details["mention_ids"] == [moved.pk]
    assert event.note == "Same event."
    assert duplicate.editorial_events.filter(kind="merge").exists()


@pytest.mark.parametrize("case", ["self", "already_merged", "missing"])
def test_merge_refuses_impossible_merges(case):
    editor = EditorFactory.create()
    a, b = ClaimFactory.create(), ClaimFactory.create()
    if case == "self":
        target, message = a.pk, "into itself"
    elif case == "already_merged":
        editorial.claim_merge(claim_id=b.pk, into_claim_id=ClaimFactory.create().pk, editor=editor)
        target, message = b.pk, "already merged"
    else:
        target, message = 987654, "no claim #987654"
    events_before = EditorialEvent.objects.count()
    with pytest.raises(editorial.EditorialError, match=message):
        editorial.claim_merge(claim_id=a.pk, into_claim_id=target, editor=editor)
    assert Claim.objects.get(pk=a.pk).merged_into_id is None
    assert EditorialEvent.objects.count() == events_before


def test_split_gives_the_mention_a_claim_of_its_own():
    editor = EditorFactory.create()
    claim = ClaimFactory.create(
        first_reported=date(2024, 6, 21), place="Eastport", actor="Northland"
    )
    first = MentionFactory.create(claim=claim, stated_on=date(2024, 6, 21))
    wrong = MentionFactory.create(
        claim=claim,
        stated_on=date(2024, 10, 24),
        quote="Officials said Northland troops reached Eastport.",
    )

    new = editorial.mention_split(
        mention_id=wrong.pk, editor=editor, summary="  A different   claim ", note="Not the same."
    )

    assert new.summary == "A different claim"
    assert new.summary_edited is True
    assert new.status == "unverified"
    # Parts its quote states go along (tests/test_editorial_claim_parts.py: only those).
    assert (new.place, new.actor) == ("Eastport", "Northland")
    assert new.first_reported == date(2024, 10, 24)
    wrong.refresh_from_db()
    assert wrong.claim_id == new.pk
    assert wrong.pinned_by_editor is True
    assert list(claim.mentions.values_list("pk", flat=True)) == [first.pk]
    for c in (claim, new):
        event = EditorialEvent.objects.get(claim=c, kind="split")
        assert event.details["mention_id"] == wrong.pk
        assert event.details["to_claim_id"] == new.pk


def test_split_of_the_only_mention_is_refused():
    mention = MentionFactory.create()
    with pytest.raises(editorial.EditorialError, match="only mention"):
        editorial.mention_split(mention_id=mention.pk, editor=EditorFactory.create())
    assert Claim.objects.count() == 1


def test_summary_edit_is_recorded_and_marks_the_claim():
    editor = EditorFactory.create()
    claim = ClaimFactory.create(summary="machine  summary")
    editorial.claim_edit_summary(
        claim_id=claim.pk,
        summary="Editor's summary",
        expected_summary="machine summary",
        editor=editor,
    )
    claim.refresh_from_db()
    assert (claim.summary, claim.summary_edited) == ("Editor's summary", True)
    event = EditorialEvent.objects.get(claim=claim)
    assert event.details == {"before": "machine  summary", "after": "Editor's summary"}


@pytest.mark.parametrize(
    ("summary", "expected", "message"),
    [
        ("", None, "cannot be empty"),
        ("x" * 501, None, "at most 500"),
        ("Same", None, "unchanged"),
        ("New", "Something else", "changed while you were looking"),
    ],
)
def test_summary_edit_refuses_bad_input(summary, expected, message):
    claim = ClaimFactory.create(summary="Same")
    with pytest.raises(editorial.EditorialError, match=message):
        editorial.claim_edit_summary(
            claim_id=claim.pk,
            summary=summary,
            expected_summary=expected,
            editor=EditorFactory.create(),
        )
    claim.refresh_from_db()
    assert (claim.summary, claim.summary_edited) == ("Same", False)
    assert not EditorialEvent.objects.exists()


def test_split_without_a_summary_takes_the_quote_and_is_not_marked_as_the_editors():
    claim = ClaimFactory.create(summary="Bridge closed")
    MentionFactory.create(claim=claim)
    wrong = MentionFactory.create(claim=claim, quote="The ferry  stopped\nrunning on Monday.")

    new = editorial.mention_split(mention_id=wrong.pk, editor=EditorFactory.create())

    assert new.summary == "The ferry stopped running on Monday."
    assert new.summary_edited is False
    assert Claim.objects.get(pk=claim.pk).summary == "Bridge closed"


def test_split_with_the_claims_own_summary_is_refused():
    claim = ClaimFactory.create(summary="Bridge closed at dawn")
    MentionFactory.create(claim=claim)
    wrong = MentionFactory.create(claim=claim)
    with pytest.raises(editorial.EditorialError, match="the same as claim #"):
        editorial.mention_split(
            mention_id=wrong.pk, editor=EditorFactory.create(), summary="BRIDGE closed at  dawn"
        )
    assert Claim.objects.count() == 1
    assert not EditorialEvent.objects.exists()
