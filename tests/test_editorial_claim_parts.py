"""An editor corrects a claim's structured parts (actor, quantity, unit, place, event date),
and a split-off mention takes along only the parts its own quote states.

Before, the admin saved the parts as a bare row (no record of who changed what, and the
gazetteer entry of the old place stayed on the new one), and a mention split off a claim it
had been wrongly matched to took all that claim's parts: a July strike that killed "more
than 90" split off a September strike's claim came out as "at least 40", dated September.

Bad inputs tried: a part that is not correctable (the summary, the status), no change, a
quantity that is not a number, a range whose top is below its bottom, an unknown date
precision, a merged claim.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from claims.editorial import EditorialError, claim_edit_parts, mention_split
from claims.models import Claim, EditorialEvent
from tests.factories import ClaimFactory, MentionFactory, UserFactory
from tests.support.admin import admin_form_data

pytestmark = pytest.mark.django_db


def _strike_claim() -> Claim:
    return ClaimFactory.create(
        summary="Strike on the camp killed at least 40",
        actor="Southern Army",
        quantity=Decimal(40),
        quantity_qualifier=Claim.QuantityQualifier.AT_LEAST,
        unit="people",
        place="Eastport",
        place_geonameid=123456,
        place_country="XX",
        event_date=date(2024, 9, 10),
        event_date_precision="day",
    )


def test_corrected_parts_are_recorded_and_the_typed_place_leaves_the_gazetteer() -> None:
    claim = _strike_claim()
    editor = UserFactory.create(username="desk")

    claim_edit_parts(
        claim_id=claim.pk,
        editor=editor,
        changes={"quantity": Decimal(19), "place": "Eastport camp", "actor": "Southern Army"},
        note="The ministry revised the toll.",
    )

    claim.refresh_from_db()
    assert (claim.quantity, claim.place, claim.place_geonameid, claim.place_country) == (
        Decimal(19),
        "Eastport camp",
        None,
        "",
    )
    assert claim.quantity_qualifier == "at_least"  # not asked to change
    event = EditorialEvent.objects.get(kind=EditorialEvent.Kind.PARTS_EDIT)
    assert (event.editor, event.note) == (editor, "The ministry revised the toll.")
    # Only what changed is listed (the actor was posted unchanged), as a person reads it.
    assert event.details["changes"] == [
        {"field": "quantity", "label": "Quantity", "before": "40", "after": "19"},
        {"field": "place", "label": "Place", "before": "Eastport", "after": "Eastport camp"},
    ]
    page = Client().get(claim.get_absolute_url()).content.decode()
    assert "Details corrected:" in page
    assert "Quantity <del>40</del> → <ins>19</ins>" in page


def test_clearing_the_quantity_clears_its_range_and_a_date_gets_day_precision() -> None:
    claim = ClaimFactory.create(
        quantity=Decimal(10), quantity_max=Decimal(20), quantity_qualifier="range"
    )

    claim_edit_parts(
        claim_id=claim.pk, editor=None, changes={"quantity": None, "event_date": date(2025, 1, 2)}
    )

    claim.refresh_from_db()
    assert (claim.quantity, claim.quantity_max, claim.quantity_qualifier) == (None, None, "")
    assert (claim.event_date, claim.event_date_precision) == (date(2025, 1, 2), "day")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"summary": "Something else"}, "not summary"),
        ({"status": "confirmed"}, "not status"),
        ({"actor": "Southern Army"}, "Nothing was changed"),
        ({"quantity": "many"}, "Quantity:"),
        ({"quantity_max": Decimal(5)}, r"top of the range \(5\) is below the quantity \(40\)"),
        ({"event_date_precision": "week"}, "Event date precision:"),
    ],
)
def test_bad_corrections_are_refused_and_change_nothing(
    changes: dict[str, Any], message: str
) -> None:
    claim = _strike_claim()
    before = Claim.objects.filter(pk=claim.pk).values().get()

    with pytest.raises(EditorialError, match=message):
        claim_edit_parts(claim_id=claim.pk, editor=None, changes=changes)

    assert Claim.objects.filter(pk=claim.pk).values().get() == before
    assert not EditorialEvent.objects.exists()


def test_a_merged_claim_is_refused() -> None:
    survivor = ClaimFactory.create()
    merged = ClaimFactory.create(merged_into=survivor, actor="Northland")

    with pytest.raises(EditorialError, match=f"merged into claim #{survivor.pk}"):
        claim_edit_parts(claim_id=merged.pk, editor=None, changes={"actor": "Southland"})


def test_the_claim_admin_saves_parts_through_the_record() -> None:
    claim = _strike_claim()
    MentionFactory.create(claim=claim)
    staff = Client()
    staff.force_login(UserFactory.create(username="root", is_staff=True, is_superuser=True))
    url = f"/admin/claims/claim/{claim.pk}/change/"
    page = staff.get(url)
    html = page.content.decode()
    for derived in ("place_geonameid", "place_country", "first_reported"):
        assert f'name="{derived}"' not in html

    saved = staff.post(url, admin_form_data(page) | {"unit": "civilians"})

    assert saved.status_code == 302
    claim.refresh_from_db()
    assert claim.unit == "civilians"
    event = EditorialEvent.objects.get()
    assert event.details["changes"] == [
        {"field": "unit", "label": "Unit", "before": "people", "after": "civilians"}
    ]


def test_a_split_off_mention_takes_only_the_parts_its_quote_states() -> None:
    claim = _strike_claim()
    MentionFactory.create(claim=claim, quote="Medics said at least 40 people died in Eastport.")
    wrong = MentionFactory.create(
        claim=claim,
        quote="A July raid by the Southern Army on the coast killed more than 90 people.",
    )
    right = MentionFactory.create(
        claim=claim, quote="The strike on Eastport on 10 September 2024 killed 40 people."
    )

    july = mention_split(mention_id=wrong.pk, editor=None, summary="July raid killed 90")

    assert (july.actor, july.quantity, july.unit, july.place, july.event_date) == (
        "Southern Army",
        None,
        "",
        "",
        None,
    )
    # The claim keeps its other mention; one that does state the parts takes them along.
    again = mention_split(mention_id=right.pk, editor=None, summary="Strike toll of 40")
    assert (again.quantity, again.unit, again.place, again.place_geonameid) == (
        Decimal(40),
        "people",
        "Eastport",
        123456,
    )
    assert (again.event_date, again.actor) == (date(2024, 9, 10), "")


def test_a_figure_with_thousands_separators_is_the_claims_figure() -> None:
    claim = ClaimFactory.create(quantity=Decimal(3000), unit="troops")
    MentionFactory.create(claim=claim)
    mention = MentionFactory.create(claim=claim, quote="Officials said about 3,000 troops moved.")

    new = mention_split(mention_id=mention.pk, editor=None, summary="About 3,000 troops")

    assert (new.quantity, new.unit) == (Decimal(3000), "troops")
