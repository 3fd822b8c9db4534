"""Matching: which statements are one claim, across articles, outlets and wordings.

Pairs from the seed stories and from other conflicts (Sudan, Gaza, a drone strike) prove the
rules are general: conflicting places, units, quantities, actors or dates never merge, the
same event told in other words does. The database narrowing is tested on PostgreSQL.
Bad inputs tried: statements with no structured parts at all, a country against a region
inside it, unrelated statements sharing only an actor, a statement sharing only a country
and a class of thing (military), a precise report (a number, a region) next to a vague one,
and a bridging wording that would chain two different claims into one.
"""

from __future__ import annotations

import pytest
from django.db import connection

from claims import matching
from claims.models import Claim
from tests.support.claims import candidate, place


def same(a_text: str, b_text: str, **kwargs: object) -> bool:
    a_kwargs = {k[2:]: v for k, v in kwargs.items() if k.startswith("a_")}
    b_kwargs = {k[2:]: v for k, v in kwargs.items() if k.startswith("b_")}
    a = candidate(a_text, a_text, **a_kwargs)  # type: ignore[arg-type]
    b = candidate(b_text, b_text, **b_kwargs)  # type: ignore[arg-type]
    return matching.are_same_claim(a, b) and matching.are_same_claim(b, a)


def test_seed_treaty_told_two_ways_is_one_claim() -> None:
    assert same(
        "Russian strongman Vladimir Putin, who signed a mutual defense treaty with his "
        "counterpart, communist tyrant Kim Jong-un, that requires either country to act in "
        "the event that one of the parties is attacked",
        "The two nations reaffirmed and expanded their defensive alliance earlier this year "
        "during a state visit by Russian President Vladimir Putin.",
        a_actor="Vladimir Putin",
        b_actor="North Korea",
    )


def test_seed_engineers_to_donetsk_and_troops_to_kursk_are_different_claims() -> None:
    assert not same(
        "North Korea would deploy a large-scale engineering force to occupied Donetsk Oblast "
        "as early as July 2024",
        "approximately 3,000 North Korean troops could be moving into the Kursk region of Russia",
        a_actor="North Korea",
        a_where=place("Donetsk Oblast", "UA", "region"),
        a_event_date="2024-07",
        b_actor="North Korea",
        b_where=place("Kursk Oblast", "RU", "region"),
        b_quantity=3000,
        b_unit="troops",
        b_qualifier="approx",
    )


def test_same_ceasefire_reported_by_two_outlets_is_one_claim() -> None:
    assert same(
        "Israel and Hamas agreed to a ceasefire in Gaza that takes effect on Sunday",
        "A truce between Hamas and Israel will begin in the Gaza Strip this weekend",
        a_actor="Israel",
        a_where=place("Gaza Strip", "PS", "region"),
        b_actor="Hamas",
        b_where=place("Gaza Strip", "PS", "region"),
    )


def test_capture_of_two_different_cities_are_different_claims() -> None:
    assert not same(
        "The Rapid Support Forces took El Fasher after an 18-month siege",
        "The Rapid Support Forces took Nyala after weeks of fighting",
        a_actor="Rapid Support Forces",
        a_where=place("El Fasher", "SD"),
        b_actor="Rapid Support Forces",
        b_where=place("Nyala", "SD"),
    )


def test_capture_of_one_city_by_two_different_forces_are_different_claims() -> None:
    assert not same(
        "The Rapid Support Forces captured El Fasher",
        "The Sudanese army captured El Fasher",
        a_actor="Rapid Support Forces",
        a_where=place("El Fasher", "SD"),
        b_actor="Sudanese Armed Forces",
        b_where=place("El Fasher", "SD"),
    )


def test_ten_times_the_troops_is_another_claim() -> None:
    assert not same(
        "Russia sent 500 troops to the border town of Valga",
        "Russia sent 5,000 troops to the border town of Valga",
        a_where=place("Valga", "EE"),
        a_quantity=500,
        a_unit="troops",
        b_where=place("Valga", "EE"),
        b_quantity=5000,
        b_unit="troops",
    )


def test_approximate_and_exact_figure_with_synonym_unit_is_one_claim() -> None:
    assert same(
        "approximately 3,000 troops were moving into the Kursk region",
        "3,000 soldiers have been deployed to the Kursk region",
        a_where=place("Kursk Oblast", "RU", "region"),
        a_quantity=3000,
        a_unit="troops",
        a_qualifier="approx",
        b_where=place("Kursk Oblast", "RU", "region"),
        b_quantity=3000,
        b_unit="soldiers",
    )


def test_drones_and_missiles_at_the_same_city_are_different_claims() -> None:
    assert not same(
        "Russia launched 100 drones at Kyiv overnight",
        "Russia launched 100 missiles at Kyiv overnight",
        a_where=place("Kyiv", "UA"),
        a_quantity=100,
        a_unit="drones",
        b_where=place("Kyiv", "UA"),
        b_quantity=100,
        b_unit="missiles",
    )


def test_ceasefires_months_apart_are_different_claims() -> None:
    assert not same(
        "Both sides agreed to a ceasefire in Tigray starting in March 2022",
        "Both sides agreed to a ceasefire in Tigray starting in November 2022",
        a_where=place("Tigray", "ET", "region"),
        a_event_date="2022-03",
        b_where=place("Tigray", "ET", "region"),
        b_event_date="2022-11",
    )


def test_unrelated_statements_about_the_same_actor_are_different_claims() -> None:
    assert not same(
        "Russia deployed air defence systems to Belarus",
        "Russia signed a long-term gas supply contract with China",
        a_actor="Russia",
        b_actor="Russia",
    )


def test_country_and_a_region_inside_it_do_not_conflict() -> None:
    a = candidate(
        "accusations of troop deployment into Russia",
        "accusations of troop deployment into Russia",
        actor="North Korea",
        where=place("Russia", "RU", "country"),
    )
    b = candidate(
        "North Korean troops could be moving into the Kursk region of Russia",
        "North Korean troops could be moving into the Kursk region of Russia",
        actor="North Korea",
        where=place("Kursk Oblast", "RU", "region"),
    )
    parts_a, parts_b = matching.candidate_parts(a), matching.candidate_parts(b)
    profile_a, profile_b = matching.candidate_profile(a), matching.candidate_profile(b)
    assert matching.conflict(parts_a, profile_a, parts_b, profile_b) == ""
    assert matching.are_same_claim(a, b)


def test_statements_without_structured_parts_match_on_wording_only() -> None:
    assert same(
        "the government will hold early elections next spring",
        "the government will hold early elections next spring, officials confirmed",
    )
    assert not same("prices of bread doubled", "the bridge was reopened to traffic")


def test_conflict_reasons_are_readable() -> None:
    a = candidate("x", "x", where=place("Nyala", "SD"))
    b = candidate("y", "y", where=place("El Fasher", "SD"))
    reason = matching.conflict(
        matching.candidate_parts(a),
        matching.candidate_profile(a),
        matching.candidate_parts(b),
        matching.candidate_profile(b),
    )
    assert reason == "different places: Nyala / El Fasher"


@pytest.mark.django_db
def test_database_narrowing_finds_claims_by_shared_key_only() -> None:
    kursk = Claim.objects.create(
        summary="troops to Kursk",
        match_keys=matching.encode_keys({"p:kurskoblast", "c:deploy:korea"}),
    )
    Claim.objects.create(summary="gas deal", match_keys=matching.encode_keys({"c:agreement:china"}))
    merged = Claim.objects.create(
        summary="old", match_keys=matching.encode_keys({"p:kurskoblast"}), merged_into=kursk
    )
    found = matching.claim_ids_sharing_keys({"p:kurskoblast", "c:missile:iran"})
    assert found == [kursk.pk]
    assert merged.pk not in found
    assert matching.claim_ids_sharing_keys(set()) == []


@pytest.mark.django_db
def test_database_narrowing_reads_the_keys_index_not_every_claim() -> None:
    """Even on a table never analyzed, with an article's worth of keys: the planner once
    read every live claim for this query instead (migration 0007)."""
    Claim.objects.bulk_create(
        Claim(summary=f"claim {n}", match_keys=matching.encode_keys({f"p:place{n}", "c:a:b"}))
        for n in range(2000)
    )
    keys = sorted({f"p:place{n}" for n in range(0, 2000, 50)} | {f"e:x{n}:y" for n in range(40)})
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + matching.SHARING_KEYS_SQL, [keys, 200])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "claims_claim_match_keys_array_gin" in plan, plan
    assert len(matching.claim_ids_sharing_keys(keys)) == 40


def test_a_claim_does_not_snowball_through_a_bridging_wording() -> None:
    """A ~ B and B ~ C, but A and C say different things: C is not A's claim."""
    a = candidate(
        "Houthi rebels fired drones at the port of Hodeidah on Monday",
        "Houthi rebels fired drones at the port of Hodeidah on Monday",
        actor="Houthi rebels",
        where=place("Hodeidah", "YE"),
    )
    bridge_text = (
        "After Houthi drones hit the port of Hodeidah, fuel prices doubled as imports stalled"
    )
    b = candidate(bridge_text, bridge_text, actor="Houthi rebels", where=place("Hodeidah", "YE"))
    c_text = "Fuel prices doubled as imports stalled across the country"
    c = candidate(c_text, c_text)
    assert matching.are_same_claim(b, a)
    assert matching.are_same_claim(c, b)
    assert not matching.are_same_claim(c, a)

    claim = matching.Target(
        claim_id=None,
        parts=matching.candidate_parts(a),
        profiles=[matching.candidate_profile(a)],
    )
    assert (
        matching.best_target(matching.candidate_parts(b), matching.candidate_profile(b), [claim])
        is claim
    )
    claim.profiles.append(matching.candidate_profile(b))
    joined = matching.best_target(
        matching.candidate_parts(c), matching.candidate_profile(c), [claim]
    )
    assert joined is None


def test_same_country_and_military_but_nothing_else_alike_are_different_claims() -> None:
    assert not same(
        "Ruritania spends almost a quarter of its entire budget on its military, one of the "
        "largest in the world",
        "the Ruritanian military may attack Borduvian troops in Ruritania soon",
        a_actor="Ruritania",
        b_actor="Ruritania",
        b_where=place("Ruritania", "RU", "country"),
    )


def test_precise_report_does_not_join_a_vague_claim_on_shared_parts_alone() -> None:
    vague = candidate(
        "Ruritanian forces may soon be deployed against Borduvian positions",
        "Ruritanian forces may soon be deployed against Borduvian positions",
        actor="Ruritania",
        where=place("Ruritania", "RU", "country"),
    )
    precise = candidate(
        "about 2,000 Ruritanian troops are moving into the Zelva region of Ruritania",
        "about 2,000 Ruritanian troops are moving into the Zelva region of Ruritania",
        actor="Ruritania",
        where=place("Zelva Oblast", "RU", "region"),
        quantity=2000,
        unit="troops",
        qualifier="approx",
    )
    assert not matching.are_same_claim(precise, vague)
    # The vague statement may still be told as part of the precise one.
    assert matching.are_same_claim(vague, precise)
    # Told in the same words, the precise report is the same claim after all.
    same_words = candidate(
        "about 2,000 Ruritanian troops are moving into the Zelva region of Ruritania",
        "about 2,000 Ruritanian troops are moving into the Zelva region of Ruritania",
        actor="Ruritania",
        where=place("Ruritania", "RU", "country"),
    )
    assert matching.are_same_claim(precise, same_words)
