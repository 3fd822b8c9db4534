"""Editors correct a claim's details (actor, quantity, unit, place, event date) on the
claim page, not only in the admin, which editors need no rights to: the form sends only
what they changed, and a detail another editor changed meanwhile is not written over.

Before, an editor could merge, split and re-title a claim but not fix the figure or the
place the machine read; only staff could, in the admin.

Bad inputs tried: a quantity that is not a number, a date in another order, nothing
changed, a detail changed by someone else since the page was drawn, a reader (not an
editor) posting the form, a claim merged meanwhile.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from claims import editorial
from claims.forms import ClaimPartsForm
from claims.models import Claim, EditorialEvent
from tests.factories import ClaimFactory, EditorFactory, MentionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _claim() -> Claim:
    claim = ClaimFactory.create(
        summary="Toll of 40 at the camp", quantity=Decimal(40), unit="people", place="Eastport"
    )
    MentionFactory.create(claim=claim)
    return claim


def _as_drawn(claim: Claim) -> dict[str, Any]:
    """What the page's form posts back untouched: each value and its hidden seen copy."""
    form = ClaimPartsForm.for_claim(claim)
    data: dict[str, Any] = {}
    for field in form:
        value = field.value()
        text = "" if value is None else str(value)
        data[field.html_name] = text
        if field.field.show_hidden_initial:
            data[form.add_initial_prefix(field.name)] = text
    return data


def _editor() -> Client:
    client = Client()
    client.force_login(EditorFactory.create())
    return client


def test_the_panel_is_for_editors_only() -> None:
    claim = _claim()
    assert "Correct the details" in _editor().get(claim.get_absolute_url()).content.decode()
    assert "Correct the details" not in Client().get(claim.get_absolute_url()).content.decode()


def test_an_editor_corrects_the_figure_and_only_that_is_recorded() -> None:
    claim = _claim()
    url = reverse("claims:claim_edit_parts", args=[claim.pk])

    response = _editor().post(url, _as_drawn(claim) | {"quantity": "19", "note": "Revised."})

    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.quantity, claim.unit, claim.place) == (Decimal(19), "people", "Eastport")
    event = EditorialEvent.objects.get(kind=EditorialEvent.Kind.PARTS_EDIT)
    assert event.note == "Revised."
    assert event.details["changes"] == [
        {"field": "quantity", "label": "Quantity", "before": "40", "after": "19"}
    ]
    page = _editor().get(claim.get_absolute_url()).content.decode()
    assert "Quantity <del>40</del> → <ins>19</ins>" in page


def test_a_detail_changed_meanwhile_is_not_written_over() -> None:
    claim = _claim()
    drawn = _as_drawn(claim)  # the page as this editor loaded it
    editorial.claim_edit_parts(claim_id=claim.pk, editor=None, changes={"place": "Westport"})
    url = reverse("claims:claim_edit_parts", args=[claim.pk])

    # Another detail: saved, and the other editor's place stays.
    assert _editor().post(url, drawn | {"unit": "civilians"}).status_code == 302
    claim.refresh_from_db()
    assert (claim.unit, claim.place) == ("civilians", "Westport")

    # The same detail: refused, saying what it is now.
    refused = _editor().post(url, drawn | {"place": "Northport"})
    assert refused.status_code == 409
    assert "Place was changed by someone else while you were looking" in (refused.content.decode())
    claim.refresh_from_db()
    assert claim.place == "Westport"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({}, "Nothing was changed"),
        ({"quantity": "lots"}, "Enter a number."),
        ({"event_date": "24/10/2024"}, "Enter a valid date as year-month-day"),
    ],
)
def test_bad_input_is_refused_with_the_reason(change: dict[str, str], message: str) -> None:
    claim = _claim()
    before = Claim.objects.filter(pk=claim.pk).values().get()

    response = _editor().post(
        reverse("claims:claim_edit_parts", args=[claim.pk]), _as_drawn(claim) | change
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Claim.objects.filter(pk=claim.pk).values().get() == before
    assert not EditorialEvent.objects.exists()


def test_readers_cannot_post_it_and_a_merged_claim_is_refused() -> None:
    claim = _claim()
    url = reverse("claims:claim_edit_parts", args=[claim.pk])
    reader = Client()
    reader.force_login(UserFactory.create(username="reader-only"))
    assert reader.post(url, _as_drawn(claim) | {"unit": "x"}).status_code == 403
    assert Client().post(url, _as_drawn(claim) | {"unit": "x"}).status_code == 403

    survivor = _claim()
    drawn = _as_drawn(claim)
    editorial.claim_merge(claim_id=claim.pk, into_claim_id=survivor.pk, editor=None)
    merged = _editor().post(url, drawn | {"unit": "x"})
    assert merged.status_code == 302
    assert merged["Location"] == survivor.get_absolute_url()
    claim.refresh_from_db()
    assert claim.unit == "people"
