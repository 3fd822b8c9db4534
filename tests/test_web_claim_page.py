"""The claim page: what it shows, the editors' forms on it, merged-claim redirects.

Bad inputs tried: a status form without a note, a status change from a stale status (the
second editor gets 409 and the new state, with their note kept), a merge into an unknown
claim, a split of a claim's only mention, a stale summary edit, an unknown claim id, each
editor's form sent from the page of a claim merged since (before the act, and while it
was on its way): the survivor's page says so and nothing is saved; a split of a mention
moved since to another live claim: that claim's page says so and nothing is saved.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import editorial
from claims.models import Claim, EditorialEvent, Mention, StatusChange
from tests.factories import (
    ClaimFactory,
    EditorFactory,
    MentionFactory,
    SourceFactory,
    StatusChangeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client() -> Client:
    client = Client()
    client.force_login(EditorFactory.create(username="ed"))
    return client


def test_shows_parts_mentions_in_date_order_history_and_related(client):
    claim = ClaimFactory.create(
        summary="~3,000 troops → the northern region",
        actor="Northland",
        quantity=Decimal(3000),
        quantity_qualifier="approx",
        unit="troops",
        place="Northern Region",
        event_date=date(2024, 7, 1),
        event_date_precision="month",
        first_reported=date(2024, 6, 21),
    )
    spokesman = SourceFactory.create(name="Spokesman Doe", kind="person")
    later = MentionFactory.create(
        claim=claim,
        quote="Spokesman Doe corroborated the warning.",
        claimant=spokesman,
        claimant_text="national security spokesman Doe",
        chain=["Spokesman Doe", "an intelligence agency"],
        cue="corroborated",
        stance="confirms",
        hedge="possible, perhaps even likely",
        stated_on=date(2024, 10, 24),
    )
    earlier = MentionFactory.create(claim=claim, stated_on=date(2024, 6, 21), stance="asserts")
    StatusChangeFactory.create(claim=claim, to_status="confirmed", note="Satellite images.")
    related = ClaimFactory.create(summary="Another claim about the region", place="Northern Region")

    html = client.get(claim.get_absolute_url()).content.decode()

    assert "~3,000 troops" in html
    assert "Jul 2024" in html  # event date at month precision
    assert "Northland" in html
    assert html.index(earlier.quote) < html.index(later.quote)
    assert "national security spokesman Doe" in html
    assert "citing an intelligence agency" in html
    assert "possible, perhaps even likely" in html
    assert "corroborated" in html
    assert f"{later.article.get_absolute_url()}#mention-{later.pk}" in html
    assert "Satellite images." in html
    assert 'badge-confirmed">Confirmed' in html
    assert related.summary in html


def test_unknown_claim_is_a_404(client):
    assert client.get(reverse("claims:claim_detail", args=[424242])).status_code == 404


def test_merged_claim_redirects_to_the_survivor(client, editor_client):
    survivor, duplicate = ClaimFactory.create(), ClaimFactory.create()
    MentionFactory.create(claim=duplicate, quote="The duplicate quote.")
    response = editor_client.post(
        reverse("claims:claim_merge", args=[duplicate.pk]),
        {"into": survivor.pk, "confirm": survivor.pk, "note": "Dup"},
    )
    assert response.status_code == 302
    assert response["Location"] == survivor.get_absolute_url()
    old = client.get(duplicate.get_absolute_url())
    assert old.status_code == 301  # a merge is permanent, as the API and feeds say
    assert old["Location"] == survivor.get_absolute_url()
    page = client.get(survivor.get_absolute_url()).content.decode()
    assert "The duplicate quote." in page
    assert f"Claim #{duplicate.pk}" in page
    assert "merged into this one" in page


def test_editor_sets_status_with_evidence_and_sees_it(editor_client):
    claim = ClaimFactory.create()
    mention = MentionFactory.create(claim=claim)
    response = editor_client.post(
        reverse("claims:claim_set_status", args=[claim.pk]),
        {
            "expected_status": "unverified",
            "to_status": "confirmed",
            "note": "Two sources.",
            "evidence_url": "https://evidence.example/doc",
            "evidence_mention": mention.pk,
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Status set to Confirmed." in html
    assert 'class="claim-status" id="claim-status"><span class="badge badge-confirmed">' in html
    assert "https://evidence.example/doc" in html
    assert f"#mention-{mention.pk}" in html
    assert StatusChange.objects.get().evidence_mention == mention


def _conflicting_verdict(editor_client, first: tuple[str, str], mine: tuple[str, str]):
    """Another editor records `first` (status, note) while this one, who still sees the
    claim unverified, sends `mine`."""
    claim = ClaimFactory.create()
    editorial.claim_set_status(
        claim_id=claim.pk,
        to_status=first[0],
        expected_status="unverified",
        note=first[1],
        editor=EditorFactory.create(username="first"),
    )
    response = editor_client.post(
        reverse("claims:claim_set_status", args=[claim.pk]),
        {"expected_status": "unverified", "to_status": mine[0], "note": mine[1]},
    )
    return claim, response


def test_second_editor_gets_a_clear_conflict_with_the_new_state(editor_client):
    claim, response = _conflicting_verdict(
        editor_client, ("denied", "Government denial."), ("confirmed", "My careful note.")
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "This claim changed while you were looking" in html
    assert "first" in html
    assert "Government denial." in html
    assert "not saved" in html
    assert "My careful note." in html  # the editor's words are kept
    assert 'name="expected_status" value="denied"' in html
    assert Claim.objects.get(pk=claim.pk).status == "denied"
    assert StatusChange.objects.count() == 1


def test_after_a_conflict_the_editors_chosen_status_is_still_selected(editor_client):
    _, response = _conflicting_verdict(
        editor_client, ("confirmed", "Satellite images."), ("disputed", "Two accounts.")
    )
    assert response.status_code == 409
    html = response.content.decode()
    # Not reset to the first choice ("Unverified"): submitting again as it stands
    # records what the editor meant.
    assert '<option value="disputed" selected>Disputed</option>' in html
    assert 'value="unverified" selected' not in html


def test_the_editors_forms_on_the_claim_page_have_ids_of_their_own(editor_client):
    claim = ClaimFactory.create()
    MentionFactory.create(claim=claim)
    MentionFactory.create(claim=claim)
    html = editor_client.get(claim.get_absolute_url()).content.decode()
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    # Every label points at a field that exists, and each "Note" at its own form's field.
    labels = re.findall(r'<label for="([^"]+)"', html)
    assert set(labels) <= set(ids)
    assert {"id_note", "id_summary_note", "id_merge_note", "id_merge_into"} <= set(labels)


def test_status_without_a_note_is_refused_with_the_reason(editor_client):
    claim = ClaimFactory.create()
    response = editor_client.post(
        reverse("claims:claim_set_status", args=[claim.pk]),
        {"expected_status": "unverified", "to_status": "confirmed", "note": ""},
    )
    assert response.status_code == 400
    assert "A note is required" in response.content.decode()
    assert not StatusChange.objects.exists()


def test_merge_into_unknown_claim_is_explained(editor_client):
    claim = ClaimFactory.create()
    response = editor_client.post(reverse("claims:claim_merge", args=[claim.pk]), {"into": 999999})
    assert response.status_code == 400
    assert "There is no claim #999999." in response.content.decode()


def test_split_from_the_page_and_refusal_of_the_only_mention(editor_client):
    claim = ClaimFactory.create()
    MentionFactory.create(claim=claim)
    wrong = MentionFactory.create(claim=claim, quote="A different event entirely.")
    response = editor_client.post(
        reverse("claims:mention_split", args=[wrong.pk]),
        {"summary": "A different event"},
        follow=True,
    )
    html = response.content.decode()
    assert "A different event" in html
    assert "Split off from" in html
    new = Claim.objects.get(summary="A different event")
    again = editor_client.post(
        reverse("claims:mention_split", args=[wrong.pk]), {"summary": ""}, follow=True
    )
    assert "only mention" in again.content.decode()
    assert new.mentions.count() == 1


def test_summary_edit_from_the_page_is_in_the_history(editor_client):
    claim = ClaimFactory.create(summary="Machine words")
    response = editor_client.post(
        reverse("claims:claim_edit_summary", args=[claim.pk]),
        {"summary": "Editor words", "expected_summary": "Machine words", "note": "Clearer"},
        follow=True,
    )
    html = response.content.decode()
    assert "<del>Machine words</del>" in html
    assert "<ins>Editor words</ins>" in html
    stale = editor_client.post(
        reverse("claims:claim_edit_summary", args=[claim.pk]),
        {"summary": "Third words", "expected_summary": "Machine words"},
    )
    assert stale.status_code == 409
    assert "changed while you were looking" in stale.content.decode()


def test_summaries_are_edited_in_a_box_that_shows_them_whole(editor_client):
    """A summary runs to 500 characters: the one-line boxes showed a fifth of a long one.
    A line break typed in the box is a space in the summary."""
    claim = ClaimFactory.create(summary="Machine words")
    MentionFactory.create(claim=claim)
    wrong = MentionFactory.create(claim=claim)
    html = editor_client.get(claim.get_absolute_url()).content.decode()
    assert re.search(r'<textarea name="summary" [^>]*id="id_summary_summary"', html)
    assert f'<textarea id="split-summary-{wrong.pk}"' in html
    editor_client.post(
        reverse("claims:claim_edit_summary", args=[claim.pk]),
        {"summary": "Editor words\r\nover two lines", "expected_summary": "Machine words"},
    )
    claim.refresh_from_db()
    assert claim.summary == "Editor words over two lines"
    # A refused split gives the editor's words back in its box.
    response = editor_client.post(
        reverse("claims:mention_split", args=[wrong.pk]),
        {"summary": "Editor words over\ntwo lines", "from_claim": claim.pk},
    )
    assert response.status_code == 400
    assert "Editor words over\ntwo lines</textarea>" in response.content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_claim_page_queries_do_not_grow_with_mentions(editor_client, django_assert_max_num_queries):
    claim = ClaimFactory.create(place="Eastport")
    for _ in range(2):
        MentionFactory.create(claim=claim)
    StatusChangeFactory.create(claim=claim, to_status="disputed")
    few = _queries(editor_client, claim.get_absolute_url())
    for _ in range(20):
        MentionFactory.create(claim=claim)
        ClaimFactory.create(place="Eastport")
    StatusChangeFactory.create(claim=claim, from_status="disputed", to_status="confirmed")
    with django_assert_max_num_queries(few):
        editor_client.get(claim.get_absolute_url())
    assert few <= 14


def _set_status(client, claim, evidence_url: str):
    return client.post(
        reverse("claims:claim_set_status", args=[claim.pk]),
        {
            "expected_status": "unverified",
            "to_status": "confirmed",
            "note": "Seen it.",
            "evidence_url": evidence_url,
        },
    )


def test_evidence_address_typed_without_https_is_saved_with_it(editor_client):
    # The field is plain text (a browser's type=url refuses `example.org/x`, which the
    # server takes): what the editor typed is kept, with https:// in front.
    claim = ClaimFactory.create()
    page = editor_client.get(claim.get_absolute_url()).content.decode()
    field = re.search(r'<input[^>]*name="evidence_url"[^>]*>', page)
    assert field is not None
    assert 'type="text"' in field.group()
    assert 'inputmode="url"' in field.group()
    assert 'aria-describedby="id_evidence_url_helptext"' in field.group()
    assert 'id="id_evidence_url_helptext"' in page

    response = _set_status(editor_client, claim, "  evidence.example/report?id=4  ")
    assert response.status_code == 302
    assert StatusChange.objects.get().evidence_url == "https://evidence.example/report?id=4"


@pytest.mark.parametrize(
    "evidence_url", ["not an address", "javascript:alert(1)", "ftp://files.example/report"]
)
def test_evidence_that_is_not_a_web_address_is_refused_with_an_example(editor_client, evidence_url):
    claim = ClaimFactory.create()
    response = _set_status(editor_client, claim, evidence_url)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a web address, such as https://example.org/report." in html
    assert "Seen it." in html  # the note is kept
    assert not StatusChange.objects.exists()


def test_split_form_starts_empty_and_names_the_claim_it_leaves(editor_client):
    claim = ClaimFactory.create(summary="Bridge closed at dawn")
    MentionFactory.create(claim=claim)
    wrong = MentionFactory.create(claim=claim)
    html = editor_client.get(claim.get_absolute_url()).content.decode()
    field = re.search(rf'<textarea id="split-summary-{wrong.pk}"[^>]*>(.*?)</textarea>', html)
    assert field is not None
    assert field.group(1) == ""
    assert "This claim is “Bridge closed at dawn”." in html
    # The claim the form was drawn on goes with it: a merge since is then noticed.
    assert f'<input type="hidden" name="from_claim" value="{claim.pk}">' in html


def test_split_with_the_same_summary_is_refused_with_the_editors_words_kept(editor_client):
    claim = ClaimFactory.create(summary="Bridge closed at dawn")
    MentionFactory.create(claim=claim)
    wrong = MentionFactory.create(claim=claim)
    response = editor_client.post(
        reverse("claims:mention_split", args=[wrong.pk]),
        {"summary": " bridge closed  at DAWN ", "note": "Another bridge."},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f"The new claim&#x27;s summary is the same as claim #{claim.pk}&#x27;s." in html
    assert '<details class="editor-inline" open>' in html  # the refused form, open
    assert 'value="Another bridge."' in html
    assert Claim.objects.count() == 1
    wrong.refresh_from_db()
    assert wrong.claim_id == claim.pk


def test_merge_shows_the_other_claim_and_asks_before_merging(editor_client):
    duplicate = ClaimFactory.create(summary="Convoy seen near the river")
    MentionFactory.create(claim=duplicate)
    target = ClaimFactory.create(summary="Convoy crossed the river")
    MentionFactory.create_batch(3, claim=target)
    StatusChangeFactory.create(claim=target, to_status="confirmed")
    url = reverse("claims:claim_merge", args=[duplicate.pk])

    first = editor_client.post(url, {"into": target.pk, "note": "Same convoy"})

    assert first.status_code == 200
    html = first.content.decode()
    assert f"Merge this claim into claim #{target.pk}?" in html
    assert "Convoy crossed the river" in html
    assert 'badge-confirmed">Confirmed' in html
    assert "3 mentions" in html
    assert "is not carried over" in html  # Unverified here, Confirmed there
    assert f"Yes, merge #{duplicate.pk} into #{target.pk}" in html
    assert f'name="confirm" value="{target.pk}"' in html
    assert 'value="Same convoy"' in html
    assert Claim.objects.get(pk=duplicate.pk).merged_into_id is None

    # A confirmation for another number than the one submitted does not merge either.
    other = ClaimFactory.create()
    again = editor_client.post(url, {"into": other.pk, "confirm": target.pk})
    assert f"Merge this claim into claim #{other.pk}?" in again.content.decode()
    assert Claim.objects.get(pk=duplicate.pk).merged_into_id is None

    done = editor_client.post(url, {"into": target.pk, "confirm": target.pk, "note": "Same"})
    assert done.status_code == 302
    assert Claim.objects.get(pk=duplicate.pk).merged_into_id == target.pk


@pytest.mark.parametrize(
    ("into", "message"),
    [
        ("999999", "There is no claim #999999."),
        ("self", "A claim cannot be merged into itself."),
        ("merged", "was already merged into claim #"),
        ("abc", "Give the other claim&#x27;s number, e.g. 1234."),
        ("", ""),
    ],
)
def test_merge_preview_says_which_claim_a_number_is(editor_client, into, message):
    claim = ClaimFactory.create()
    target = ClaimFactory.create(summary="Troops at the border")
    MentionFactory.create(claim=target)
    gone = ClaimFactory.create(merged_into=target)
    number = {"self": str(claim.pk), "merged": str(gone.pk)}.get(into, into)
    response = editor_client.get(
        reverse("claims:claim_merge_preview", args=[claim.pk]), {"into": number}
    )
    assert response.status_code == 200
    html = response.content.decode().strip()
    if message:
        assert message in html
    else:
        assert html == ""
    ok = editor_client.get(
        reverse("claims:claim_merge_preview", args=[claim.pk]), {"into": target.pk}
    ).content.decode()
    assert f"#{target.pk} · Troops at the border" in ok
    assert "1 mention" in ok
    assert "<html" not in ok


@dataclass(frozen=True)
class StalePost:
    """A form as the page of claim `gone` drew it, sent after `gone` was merged."""

    name: str
    url: Callable[[Claim, Mention], str]
    data: Callable[[Claim, Claim], dict]


STALE_POSTS = [
    StalePost(
        "set status",
        lambda gone, mention: reverse("claims:claim_set_status", args=[gone.pk]),
        lambda gone, target: {
            "expected_status": "unverified",
            "to_status": "confirmed",
            "note": "Seen it.",
        },
    ),
    StalePost(
        "edit summary",
        lambda gone, mention: reverse("claims:claim_edit_summary", args=[gone.pk]),
        lambda gone, target: {"summary": "Editor words", "expected_summary": gone.summary},
    ),
    StalePost(
        "review merge",
        lambda gone, mention: reverse("claims:claim_merge", args=[gone.pk]),
        lambda gone, target: {"into": target.pk, "note": "Same convoy"},
    ),
    StalePost(
        "confirm merge",
        lambda gone, mention: reverse("claims:claim_merge", args=[gone.pk]),
        lambda gone, target: {"into": target.pk, "confirm": target.pk, "note": "Same convoy"},
    ),
    StalePost(
        "split",
        lambda gone, mention: reverse("claims:mention_split", args=[mention.pk]),
        lambda gone, target: {"summary": "Split off", "from_claim": gone.pk},
    ),
]


def _database_state() -> tuple:
    return (
        list(Claim.objects.order_by("pk").values_list("pk", "status", "summary", "merged_into")),
        list(Mention.objects.order_by("pk").values_list("pk", "claim", "pinned_by_editor")),
        StatusChange.objects.count(),
        EditorialEvent.objects.count(),
    )


def _merged_pair() -> tuple[Claim, Claim, Mention, Claim]:
    """`gone`, merged into `survivor` (its mention moved there), and another live claim."""
    gone = ClaimFactory.create(summary="Convoy seen near the river")
    mention = MentionFactory.create(claim=gone)
    survivor = ClaimFactory.create(summary="Convoy crossed the river")
    MentionFactory.create(claim=survivor)
    target = ClaimFactory.create(summary="Convoy turned back")
    MentionFactory.create(claim=target)
    editorial.claim_merge(claim_id=gone.pk, into_claim_id=survivor.pk, editor=None)
    return gone, survivor, mention, target


def _assert_merged_and_nothing_saved(response, gone: Claim, survivor: Claim) -> None:
    assert response.redirect_chain == [(survivor.get_absolute_url(), 302)]
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        f"Claim #{gone.pk} was merged into claim #{survivor.pk} while you were looking, "
        f"so nothing was saved." in html
    )
    assert f"This is claim #{survivor.pk}: act on it here" in html
    assert 'class="message message-error"' in html


@pytest.mark.parametrize("post", STALE_POSTS, ids=lambda p: p.name)
def test_a_form_from_a_claim_merged_since_says_so_on_the_survivor_and_saves_nothing(
    editor_client, post
):
    gone, survivor, mention, target = _merged_pair()
    before = _database_state()

    response = editor_client.post(post.url(gone, mention), post.data(gone, target), follow=True)

    _assert_merged_and_nothing_saved(response, gone, survivor)
    assert _database_state() == before
    # Said once: the survivor's page shown again has no message left.
    again = editor_client.get(survivor.get_absolute_url()).content.decode()
    assert "while you were looking" not in again


def test_a_merged_claims_page_still_moves_for_good_without_a_message(editor_client):
    gone, survivor, _, _ = _merged_pair()
    response = editor_client.get(gone.get_absolute_url())
    assert response.status_code == 301
    assert response["Location"] == survivor.get_absolute_url()
    page = editor_client.get(survivor.get_absolute_url()).content.decode()
    assert "nothing was saved" not in page


def test_a_split_from_the_survivors_own_page_still_splits(editor_client):
    _, survivor, mention, _ = _merged_pair()
    response = editor_client.post(
        reverse("claims:mention_split", args=[mention.pk]),
        {"summary": "Split off", "from_claim": survivor.pk},
    )
    assert response.status_code == 302
    mention.refresh_from_db()
    assert mention.claim.summary == "Split off"


@pytest.mark.parametrize(
    ("service", "post"),
    [
        ("claim_set_status", STALE_POSTS[0]),
        ("claim_edit_summary", STALE_POSTS[1]),
        ("claim_merge_check", STALE_POSTS[2]),
        ("claim_merge", STALE_POSTS[3]),
        ("mention_split", STALE_POSTS[4]),
    ],
    ids=lambda v: v if isinstance(v, str) else v.name,
)
def test_a_merge_while_the_form_is_on_its_way_is_said_the_same_way(
    editor_client, monkeypatch, service, post
):
    """Another editor's merge lands between the view's look at the claim and the act: the
    service refuses, and the editor is told as above, not shown a merged claim's page."""
    gone = ClaimFactory.create(summary="Convoy seen near the river")
    mention = MentionFactory.create(claim=gone)
    survivor = ClaimFactory.create(summary="Convoy crossed the river")
    MentionFactory.create(claim=survivor)
    target = ClaimFactory.create(summary="Convoy turned back")
    act, merge = getattr(editorial, service), editorial.claim_merge
    after_merge: list[tuple] = []

    def merged_first(**kwargs):
        merge(claim_id=gone.pk, into_claim_id=survivor.pk, editor=None)
        after_merge.append(_database_state())
        return act(**kwargs)

    monkeypatch.setattr(editorial, service, merged_first)

    response = editor_client.post(post.url(gone, mention), post.data(gone, target), follow=True)

    _assert_merged_and_nothing_saved(response, gone, survivor)
    assert len(after_merge) == 1
    assert _database_state() == after_merge[0]  # the merge, and nothing of the editor's
    assert not StatusChange.objects.exists()


@pytest.mark.parametrize("when", ["before the form was sent", "while it was on its way"])
def test_a_split_of_a_mention_moved_to_another_live_claim_says_where_it_is_and_saves_nothing(
    editor_client, monkeypatch, when
):
    """The page of claim `seen` drew a split form under a mention that another editor then
    split off and merged into `elsewhere`; `seen` itself stays live. The split is refused,
    not made from `elsewhere`, a claim the editor never saw, and the editor is told where
    the mention is now."""
    seen = ClaimFactory.create(summary="Convoy seen near the river")
    MentionFactory.create(claim=seen)
    mention = MentionFactory.create(claim=seen)
    elsewhere = ClaimFactory.create(summary="Convoy turned back")
    MentionFactory.create(claim=elsewhere)
    other = EditorFactory.create(username="other")
    split = editorial.mention_split
    after_move: list[tuple] = []

    def move_the_mention() -> None:
        moved = split(mention_id=mention.pk, editor=other, summary="Convoy split off")
        editorial.claim_merge(claim_id=moved.pk, into_claim_id=elsewhere.pk, editor=other)
        after_move.append(_database_state())

    def moved_first(**kwargs):
        move_the_mention()
        return split(**kwargs)

    if when == "before the form was sent":
        move_the_mention()
    else:
        monkeypatch.setattr(editorial, "mention_split", moved_first)

    response = editor_client.post(
        reverse("claims:mention_split", args=[mention.pk]),
        {"summary": "Split off", "from_claim": seen.pk},
        follow=True,
    )

    assert response.redirect_chain == [(elsewhere.get_absolute_url(), 302)]
    html = response.content.decode()
    assert (
        f"The mention was moved from claim #{seen.pk} to claim #{elsewhere.pk} while you "
        f"were looking, so nothing was saved." in html
    )
    assert f"This is claim #{elsewhere.pk}: split it here if you still want to." in html
    assert len(after_move) == 1
    assert _database_state() == after_move[0]  # the other editor's acts, nothing of this one's
    assert not Claim.objects.filter(summary="Split off").exists()
