"""Editors correct a mention's attribution (its claimant, cue, stance, hedge, the date it
was said) on the claim page, through claims.editorial.mention_correct, as staff could only
in the admin: the extractor gets claimants wrong, and editors have no admin rights.

The form is loaded when its panel opens (htmx) and, without JavaScript, is a page of its
own; it posts back what the page drew, each field with the value the editor saw, so that a
field another editor changed meanwhile is not written over.

Bad inputs tried: a stance that is none of the four, an empty claimant with a kind that
needs a name, a new claimant's name without its kind, over-long claimant, words, cue and
hedge, a date in another order, a control character, nothing changed, the same claimant
typed in another letter case, a field changed by someone else since the page was drawn,
a mention of another claim, a mention deleted since, a claim merged since, a reader, an
anonymous visitor and a post without its CSRF token.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from claims import editorial
from claims.models import Claim, EditorialEvent, Mention
from sources.models import Source
from tests.factories import (
    ClaimFactory,
    EditorFactory,
    MentionFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


class _FormFields(HTMLParser):
    """What a browser posts back of a page's forms untouched: each named input's value and
    each select's selected option (the attribution form is the page's only post form with
    these names but for the csrf token)."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        name = values.get("name")
        if tag == "input" and name and values.get("type") != "submit":
            self.data[name] = values.get("value") or ""
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in values:
            self.data[self._select] = values.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def _editor() -> Client:
    client = Client()
    client.force_login(EditorFactory.create())
    return client


def _mention(**kwargs: Any) -> Mention:
    claim = ClaimFactory.create(summary="Forty ships wait at the northern terminal")
    speaker = SourceFactory.create(name="Harbour Office", kind=Source.Kind.GOVERNMENT)
    fields = {
        "claim": claim,
        "claimant": speaker,
        "claimant_text": "the harbour office",
        "cue": "said",
        "hedge": "",
        "stated_on": date(2025, 3, 4),
        "article__published_at": datetime(2025, 3, 4, 9, tzinfo=UTC),
    }
    return MentionFactory.create(**(fields | kwargs))


def _url(mention: Mention, claim_id: int | None = None) -> str:
    return reverse("claims:mention_correct", args=[claim_id or mention.claim_id, mention.pk])


def _as_drawn(client: Client, mention: Mention) -> dict[str, str]:
    """The form as the page draws it, posted back untouched."""
    page = client.get(_url(mention))
    assert page.status_code == 200
    parser = _FormFields()
    parser.feed(page.content.decode())
    parser.data.pop("csrfmiddlewaretoken", None)
    return parser.data


def _row(mention: Mention) -> dict[str, Any]:
    return dict(Mention.objects.filter(pk=mention.pk).values().get())


def test_the_control_is_for_editors_only() -> None:
    mention = _mention()
    claim_url = Claim.objects.get(pk=mention.claim_id).get_absolute_url()
    assert "Correct the attribution" in _editor().get(claim_url).content.decode()
    assert "Correct the attribution" not in Client().get(claim_url).content.decode()

    reader = Client()
    reader.force_login(UserFactory.create(username="reads-only"))
    assert "Correct the attribution" not in reader.get(claim_url).content.decode()
    assert reader.get(_url(mention)).status_code == 403
    assert reader.post(_url(mention), {"cue": "told", "stance": "asserts"}).status_code == 403
    anonymous = Client().get(_url(mention))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))
    assert Client().post(_url(mention), {"cue": "told", "stance": "asserts"}).status_code == 403
    assert _row(mention)["cue"] == "said"


def test_the_form_is_a_fragment_for_htmx_and_a_page_without_javascript() -> None:
    mention = _mention()
    editor = _editor()
    claim_page = editor.get(Claim.objects.get(pk=mention.claim_id).get_absolute_url())
    assert f'hx-get="{_url(mention)}"' in claim_page.content.decode()

    fragment = editor.get(_url(mention), headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith("<form")
    assert 'name="initial-cue" value="said"' in fragment

    page = editor.get(_url(mention)).content.decode()
    assert "<h1>Correct the attribution</h1>" in page
    assert '<option value="Harbour Office">' in page  # the names to choose from
    # A date input holds only year-month-day: the site's own 04/03/2025 was emptied by the
    # browser and the date then read as taken away.
    assert 'name="stated_on" value="2025-03-04"' in page


def test_an_editor_corrects_the_attribution_and_the_history_shows_it() -> None:
    minister = SourceFactory.create(name="Port Minister", kind=Source.Kind.PERSON)
    mention = _mention()
    editor = _editor()

    response = editor.post(
        _url(mention),
        _as_drawn(editor, mention)
        | {
            "claimant": "port minister",  # an existing source, in any letter case
            "cue": "told reporters",
            "stance": "neither",
            "hedge": "possibly",
            "stated_on": "2025-03-03",
            "note": "The statement was the minister's.",
        },
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"#m-{mention.pk}")
    mention.refresh_from_db()
    assert (
        mention.claimant_id,
        mention.claimant_text,
        mention.cue,
        mention.stance,
        mention.hedge,
        mention.stated_on,
        mention.pinned_by_editor,
    ) == (
        minister.pk,
        "the harbour office",
        "told reporters",
        "neither",
        "possibly",
        date(2025, 3, 3),
        True,
    )
    event = EditorialEvent.objects.get(kind=EditorialEvent.Kind.MENTION_EDIT)
    assert event.note == "The statement was the minister's."
    assert [c["field"] for c in event.details["changes"]] == [
        "claimant",
        "cue",
        "stance",
        "hedge",
        "stated_on",
    ]
    page = editor.get(response["Location"]).content.decode()
    assert "Attribution corrected." in page
    assert "A mention was corrected" in page
    assert "Claimant <del>Harbour Office</del> → <ins>Port Minister</ins>" in page
    assert "Stance <del>Asserts</del> → <ins>Neither confirms nor denies</ins>" in page
    assert "Hedge (none) → <ins>possibly</ins>" in page


def test_a_new_claimant_is_added_with_the_kind_the_editor_gives() -> None:
    mention = _mention()
    editor = _editor()
    drawn = _as_drawn(editor, mention)

    unknown = editor.post(_url(mention), drawn | {"claimant": "Dock Workers Union"})
    assert unknown.status_code == 400
    assert "No source is called “Dock Workers Union”" in unknown.content.decode()
    assert not Source.objects.filter(name__iexact="Dock Workers Union").exists()

    added = editor.post(
        _url(mention),
        drawn | {"claimant": "the Dock Workers Union", "claimant_kind": "organization"},
    )

    assert added.status_code == 302
    union = Source.objects.get(name="Dock Workers Union")
    assert union.kind == Source.Kind.ORGANIZATION
    assert Mention.objects.get(pk=mention.pk).claimant == union


def test_an_empty_claimant_without_a_kind_is_no_claimant() -> None:
    mention = _mention()
    editor = _editor()

    response = editor.post(_url(mention), _as_drawn(editor, mention) | {"claimant": ""})

    assert response.status_code == 302
    mention.refresh_from_db()
    assert (mention.claimant_id, mention.claimant_text) == (None, "the harbour office")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({}, "Nothing was changed"),
        ({"claimant": "HARBOUR office"}, "Nothing was changed"),
        ({"stance": "maybe"}, "Choose one of the listed stances."),
        ({"stance": ""}, "Choose the stance."),
        ({"claimant": "", "claimant_kind": "person"}, "needs a name"),
        ({"claimant": "Nobody Known"}, "No source is called “Nobody Known”"),
        ({"claimant": "x" * 201, "claimant_kind": "person"}, "at most 200 characters"),
        ({"claimant_text": "x" * 301}, "at most 300 characters"),
        ({"cue": "x" * 201}, "at most 200 characters"),
        ({"hedge": "x" * 201}, "at most 200 characters"),
        ({"stated_on": "03/03/2025"}, "Enter a valid date as year-month-day"),
        ({"cue": "said\x01"}, "Control characters"),
        ({"hedge": "may\x00be"}, "Null characters are not allowed."),
        ({"claimant_kind": "robot", "claimant": "New One"}, "Select a valid choice"),
    ],
)
def test_bad_input_is_refused_on_the_form_and_writes_nothing(
    change: dict[str, str], message: str
) -> None:
    mention = _mention()
    editor = _editor()
    drawn = _as_drawn(editor, mention)
    before, sources = _row(mention), Source.objects.count()

    response = editor.post(_url(mention), drawn | change)

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    # The refused form is drawn open under its mention, with what the editor typed.
    assert f'id="id_attribution{mention.pk}_cue"' in html
    assert '<details class="editor-inline attribution" open>' in html
    # Its help and its errors are read out with each field: every id named is there.
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    named = {i for ref in re.findall(r'aria-describedby="([^"]+)"', html) for i in ref.split()}
    assert named <= ids
    assert 'aria-invalid="true"' in html or "Nothing was changed" in html
    assert (_row(mention), Source.objects.count()) == (before, sources)
    assert not EditorialEvent.objects.exists()


def test_a_field_changed_meanwhile_is_not_written_over() -> None:
    mention = _mention()
    editor = _editor()
    drawn = _as_drawn(editor, mention)  # the form as this editor loaded it
    editorial.mention_correct(mention_id=mention.pk, editor=None, changes={"cue": "insisted"})

    # Another field: saved, and the other editor's cue stays.
    assert editor.post(_url(mention), drawn | {"hedge": "reportedly"}).status_code == 302
    assert (_row(mention)["cue"], _row(mention)["hedge"]) == ("insisted", "reportedly")

    # The same field: refused, saying what it is now; a new claimant is not left behind.
    refused = editor.post(
        _url(mention),
        drawn | {"cue": "claimed", "claimant": "Quay Watch", "claimant_kind": "organization"},
    )
    assert refused.status_code == 409
    assert "Cue was changed by someone else while you were looking: it is now “insisted”" in (
        refused.content.decode()
    )
    assert _row(mention)["cue"] == "insisted"
    assert not Source.objects.filter(name="Quay Watch").exists()
    assert EditorialEvent.objects.count() == 2


def test_a_claimant_changed_meanwhile_is_not_written_over() -> None:
    mention = _mention()
    editor = _editor()
    drawn = _as_drawn(editor, mention)
    other = SourceFactory.create(name="Coast Guard", kind=Source.Kind.MILITARY)
    editorial.mention_correct(mention_id=mention.pk, editor=None, changes={"claimant": other})
    SourceFactory.create(name="Pilot Station", kind=Source.Kind.ORGANIZATION)

    refused = editor.post(_url(mention), drawn | {"claimant": "Pilot Station"})

    assert refused.status_code == 409
    assert "Claimant was changed by someone else" in refused.content.decode()
    assert Mention.objects.get(pk=mention.pk).claimant == other


def test_a_mention_of_another_claim_or_a_deleted_one_is_refused() -> None:
    mention = _mention()
    elsewhere = _mention()
    editor = _editor()
    drawn = _as_drawn(editor, mention) | {"cue": "told"}

    # Another claim's mention posted to this claim's address.
    wrong = editor.post(_url(elsewhere, claim_id=mention.claim_id), drawn)
    assert wrong.status_code == 409
    assert f"Mention #{elsewhere.pk} is on claim #{elsewhere.claim_id}, not on this one" in (
        wrong.content.decode()
    )
    assert editor.get(_url(elsewhere, claim_id=mention.claim_id)).status_code == 404

    # Split off to a claim of its own while the editor was looking.
    MentionFactory.create(claim_id=mention.claim_id)
    new = editorial.mention_split(mention_id=mention.pk, editor=None, summary="A claim apart")
    moved = editor.post(_url(mention), drawn)  # mention.claim_id: the claim it was drawn on
    assert moved.status_code == 409
    assert f"is on claim #{new.pk}, not on this one" in moved.content.decode()

    gone_pk = mention.pk
    Mention.objects.filter(pk=gone_pk).delete()
    gone = editor.post(reverse("claims:mention_correct", args=[elsewhere.claim_id, gone_pk]), drawn)
    assert gone.status_code == 404
    assert f"Mention #{gone_pk} no longer exists" in gone.content.decode()
    assert Mention.objects.get(pk=elsewhere.pk).cue == "said"
    assert not EditorialEvent.objects.filter(kind=EditorialEvent.Kind.MENTION_EDIT).exists()


def test_a_claim_merged_meanwhile_leads_to_the_survivor() -> None:
    mention = _mention()
    editor = _editor()
    drawn = _as_drawn(editor, mention)
    survivor = ClaimFactory.create()
    editorial.claim_merge(claim_id=mention.claim_id, into_claim_id=survivor.pk, editor=None)

    response = editor.post(_url(mention), drawn | {"cue": "told"})

    assert response.status_code == 302
    assert response["Location"] == survivor.get_absolute_url()
    assert _row(mention)["cue"] == "said"


def test_a_post_without_its_csrf_token_is_refused() -> None:
    mention = _mention()
    client = Client(enforce_csrf_checks=True)
    client.force_login(EditorFactory.create())

    response = client.post(_url(mention), {"cue": "told", "stance": "asserts"})

    assert response.status_code == 403
    assert _row(mention)["cue"] == "said"


def test_the_claimant_field_offers_the_sources_whose_names_match() -> None:
    mention = _mention()
    SourceFactory.create(name="Port Minister", kind=Source.Kind.PERSON)
    SourceFactory.create(name="Ministry of Ports", kind=Source.Kind.GOVERNMENT)
    SourceFactory.create(name="Weather Service", kind=Source.Kind.GOVERNMENT)
    url = reverse("claims:claimant_suggestions", args=[mention.claim_id])
    editor = _editor()

    drawn = editor.get(_url(mention)).content.decode()
    assert f'hx-get="{url}"' in drawn

    typed = editor.get(url, {"claimant": "  MINIST "}).content.decode()
    assert re.findall(r'<option value="([^"]*)">', typed) == ["Port Minister", "Ministry of Ports"]
    own = editor.get(url).content.decode()  # nothing typed: this claim's names
    assert "Harbour Office" in own
    assert "Weather Service" not in own
    assert Client().get(url).status_code == 302  # anonymous: to the log-in page


def test_the_service_checks_what_the_editor_saw_under_its_lock() -> None:
    mention = _mention()
    other = ClaimFactory.create()

    with pytest.raises(editorial.EditorialError, match="Cue was changed by someone else"):
        editorial.mention_correct(
            mention_id=mention.pk, editor=None, changes={"cue": "x"}, expected={"cue": "told"}
        )
    with pytest.raises(editorial.EditorialError, match="moved to another claim"):
        editorial.mention_correct(
            mention_id=mention.pk, editor=None, changes={"cue": "x"}, from_claim_id=other.pk
        )
    assert not EditorialEvent.objects.exists()

    # The claimant is compared by the name the editor saw; an empty hedge seen is none.
    editorial.mention_correct(
        mention_id=mention.pk,
        editor=None,
        changes={"claimant": None, "hedge": "perhaps"},
        expected={"claimant": "Harbour Office", "hedge": None},
        from_claim_id=mention.claim_id,
    )
    assert (_row(mention)["claimant_id"], _row(mention)["hedge"]) == (None, "perhaps")
