"""Matching across outlets and stories: one event told by several outlets in their own words,
and the same words about different events years apart. Invented sentences (Velmora, Ostrava
Hills, Marrek, Dolna), modelled on real reports of air strikes, death tolls and captures that
recur in one country year after year, and on outlets that count the same dead as villagers,
civilians or people.
Bad inputs tried: one undated statement reported years after another in the same words, a
dated retrospective ("in 2014") against a claim reported years later, a plan dated months
ahead of its report, a toll of soldiers next to one of civilians, a closure counted in plants
and in factories, "close to 700" (no closure). Two counts that name no one and nowhere are not
looked up by their count (d19e72d did, and the claims step ran 1.4x slower for it: every
statement of an article is compared with the claims any of them finds).
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command

from claims import matching
from tests.support.claims import candidate, make_article, mention_with


def same(a_text: str, b_text: str, **kwargs: object) -> bool:
    a_kwargs = {k[2:]: v for k, v in kwargs.items() if k.startswith("a_")}
    b_kwargs = {k[2:]: v for k, v in kwargs.items() if k.startswith("b_")}
    a = candidate(a_text, a_text, **a_kwargs)  # type: ignore[arg-type]
    b = candidate(b_text, b_text, **b_kwargs)  # type: ignore[arg-type]
    return matching.are_same_claim(a, b) or matching.are_same_claim(b, a)


STRIKE = "An air strike on a village in Velmora province killed 12 civilians, the governor said"
STRIKE_AGAIN = "Twelve civilians were killed in an air strike in Velmora, the governor said"


def test_the_same_words_years_apart_are_another_event() -> None:
    assert same(STRIKE, STRIKE_AGAIN, a_stated_on="2019-03-02", b_stated_on="2019-03-04")
    assert not same(STRIKE, STRIKE_AGAIN, a_stated_on="2019-03-02", b_stated_on="2023-08-10")


def test_a_dated_retrospective_is_not_a_claim_reported_years_later() -> None:
    took = "Marrek rebels captured the town of Dolna after a two-day battle"
    assert same(took, took, a_stated_on="2021-05-01", b_event_date="2021-04")
    assert not same(took, took, a_stated_on="2021-05-01", b_event_date="2016")
    parts = matching.candidate_parts(candidate(took, took, stated_on="2021-05-01"))
    old = matching.candidate_parts(candidate(took, took, event_date="2016"))
    profile = matching.text_profile(took)
    assert (
        matching.conflict(parts, profile, old, profile)
        == "different times: 2021-05-01 / 2016-01-01"
    )


def test_a_plan_months_ahead_of_its_report_is_still_its_claim() -> None:
    plan = "The mill will close its plant in Ostrava Hills, cutting 400 jobs"
    assert same(
        plan,
        "The mill said it would close the Ostrava Hills plant and cut 400 jobs",
        a_stated_on="2023-03-01",
        b_event_date="2023-09-30",
    )


@pytest.mark.django_db
def test_articles_years_apart_in_the_same_words_give_two_claims() -> None:
    first = make_article(
        "Velmora. An air strike on a village in Velmora province killed 12 civilians, "
        "the governor said on Tuesday.",
        published=date(2016, 11, 3),
    )
    again = make_article(
        "Velmora. An air strike on a village in Velmora province killed 12 civilians, "
        "the governor said on Monday.",
        published=date(2016, 11, 5),
    )
    later = make_article(
        "Velmora. An air strike on a village in Velmora province killed 12 civilians, "
        "the governor said on Friday.",
        published=date(2021, 6, 11),
    )
    call_command("extract_claims", "--all", stdout=io.StringIO(), stderr=io.StringIO())
    words = "killed 12 civilians"
    assert mention_with(first, words).claim_id == mention_with(again, words).claim_id
    assert mention_with(later, words).claim_id != mention_with(first, words).claim_id


def test_one_toll_counted_as_villagers_civilians_or_dead_is_one_claim() -> None:
    strike = "A government air strike killed 17 villagers in Dolna"
    assert matching.unit_key("villagers") == matching.unit_key("civilians") == "people"
    assert same(
        strike,
        "Seventeen civilians died in the bombing of Dolna, the governor said",
        a_quantity=17,
        a_unit="villagers",
        b_quantity=17,
        b_unit="civilians",
    )
    assert same(
        strike,
        "The 17 dead were civilians, the governor said",
        a_quantity=17,
        a_unit="villagers",
        b_quantity=17,
        b_unit="dead",
    )
    assert matching.unit_key("marines") == matching.unit_key("soldiers")


def test_a_toll_of_soldiers_is_not_a_toll_of_civilians() -> None:
    assert not same(
        "A government air strike killed 17 civilians in Dolna",
        "A government air strike killed 17 soldiers in Dolna",
        a_quantity=17,
        a_unit="civilians",
        b_quantity=17,
        b_unit="soldiers",
    )


@pytest.mark.django_db
def test_plants_to_close_and_their_closure_are_one_claim() -> None:
    assert same(
        "The mill will close two plants in Ostrava Hills in May",
        "The mill announced the closure of two factories in Ostrava Hills",
        a_quantity=2,
        a_unit="plants",
        b_quantity=2,
        b_unit="factories",
    )


def test_close_to_a_number_is_no_closure() -> None:
    assert matching.text_profile("close to 700 union members").concepts == frozenset()
    assert "close" not in matching.text_profile("the rebels came close to the city").concepts
    assert matching.text_profile("the plant will close in May").concepts == {"close"}
    assert matching.text_profile("Bridges shut, ports closed").concepts == {"close"}
