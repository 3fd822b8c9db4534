"""Matching inside one story: statements of one report share its town, its country and its
war, and that alone does not make them one claim. Invented sentences (Ruritania, Borduvia,
Zelva), modelled on a report where an army's recapture of a town, an allied air strike near it,
civilians killed there and a peacekeeping force that "neither confirmed nor denied" its troops
had taken part all became one claim.
Bad inputs tried: "taken part" (not a capture), two different kinds of event at one town,
an actor named only in generic words ("United States"), two missions, "polling stations",
two statements sharing only names and troops, a wording that joins only through a later one,
two events that each killed people, a judgement on deaths next to the report of them, soldiers
who surrendered where a town was taken, a barrage "fired" at an island that was "shelled", an
investigation of deaths next to whom a raid targeted, two sides' spokesmen on one checkpoint,
two countries whose names share a word firing at each other, each side attacking the other,
"in full control of" a town (taken) against "arms control" and "under control" (not), an attack
and a warning that share a kind of event and names but few words.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command

from claims import matching
from claims.nlp.pipeline import extract_claims
from tests.support.claims import candidate, make_article, mention_with, place


def same(a_text: str, b_text: str, **kwargs: object) -> bool:
    a_kwargs = {k[2:]: v for k, v in kwargs.items() if k.startswith("a_")}
    b_kwargs = {k[2:]: v for k, v in kwargs.items() if k.startswith("b_")}
    a = candidate(a_text, a_text, **a_kwargs)  # type: ignore[arg-type]
    b = candidate(b_text, b_text, **b_kwargs)  # type: ignore[arg-type]
    return matching.are_same_claim(a, b) or matching.are_same_claim(b, a)


def test_taking_part_is_no_capture() -> None:
    assert matching.text_profile("its troops had taken part in the operation").concepts == (
        frozenset()
    )
    assert matching.text_profile("Took part in the march").concepts == frozenset()
    assert matching.text_profile("rebels had taken the town").concepts == {"capture"}


def test_a_strike_near_a_town_is_not_the_capture_of_the_town() -> None:
    assert not same(
        "Ruritanian troops recaptured the town of Zelva from the rebels on Monday",
        "Borduvian aircraft carried out an air strike near the town of Zelva at the request "
        "of the Ruritanian government",
        a_actor="Ruritania",
        a_where=place("Zelva", "RU"),
        b_where=place("Zelva", "RU"),
    )


def test_deaths_in_a_town_are_not_its_capture() -> None:
    assert not same(
        "Ruritanian troops recaptured the town of Zelva from the rebels on Monday",
        "Seven civilians were killed when a mortar round struck a market in Zelva",
        a_actor="Ruritania",
        a_where=place("Zelva", "RU"),
        b_where=place("Zelva", "RU"),
    )


def test_the_same_capture_told_two_ways_is_still_one_claim() -> None:
    assert same(
        "Ruritanian troops recaptured the town of Zelva from the rebels on Monday",
        "The rebels lost Zelva to Ruritanian soldiers, who retook the town after two days",
        a_actor="Ruritania",
        a_where=place("Zelva", "RU"),
        b_actor="Ruritania",
        b_where=place("Zelva", "RU"),
    )


def test_a_country_named_in_generic_words_is_still_an_actor() -> None:
    assert matching.name_stems("United States")
    assert not same(
        "United States aircraft struck a depot near Zelva",
        "Ruritanian aircraft struck a depot near Zelva",
        a_actor="United States",
        a_where=place("Zelva", "RU"),
        b_actor="Ruritania",
        b_where=place("Zelva", "RU"),
    )


def test_two_missions_are_not_one_actor() -> None:
    assert not same(
        "the European Union's observer mission noted irregularities in the count",
        "the peacekeeping mission noted irregularities at its checkpoints",
        a_actor="European Union's observer mission",
        b_actor="U.N. peacekeeping mission",
    )


def test_polling_stations_are_no_deployment() -> None:
    assert "deploy" not in matching.text_profile("alterations at polling stations").concepts
    assert matching.text_profile("troops stationed near the border").concepts == {"deploy"}


def test_statements_sharing_only_names_and_troops_are_different_claims() -> None:
    """Every shared word a name or a class of thing: plenty of words alike, nothing said alike."""
    assert not same(
        "They are fair targets, and the Borduvian military will defend themselves against "
        "Ruritanian soldiers the same way they defend themselves against Zelvan soldiers",
        "The Ruritanian military may attack Borduvian troops in Zelvania soon",
    )


def test_a_wording_that_says_nothing_of_the_founding_one_cannot_join_through_a_later_one() -> None:
    founding = candidate(
        "Ruritanian forces may attack Borduvian positions soon",
        "Ruritanian forces may attack Borduvian positions soon",
        actor="Ruritania",
    )
    later_text = "Ruritanian soldiers entering the war would be fair targets for Borduvian strikes"
    later = candidate(later_text, later_text, actor="Ruritania")
    joining_text = "Ruritanian soldiers are fair targets, a Borduvian general said of the war"
    joining = candidate(joining_text, joining_text, actor="Ruritania")
    claim = matching.Target(
        claim_id=None,
        parts=matching.candidate_parts(founding),
        profiles=[matching.candidate_profile(founding), matching.candidate_profile(later)],
    )
    assert matching.are_same_claim(joining, later)
    assert (
        matching.best_target(
            matching.candidate_parts(joining), matching.candidate_profile(joining), [claim]
        )
        is None
    )


def test_troops_alone_are_no_deployment_in_the_extractors_topics() -> None:
    """The extractor's topic classes reach matching as keywords: "troops" in a sentence is a
    class of thing there too, so a force that "neither confirmed nor denied" its troops took
    part shares no kind of event with an army's recapture of a town."""
    text = (
        "Army says it retook Zelva\n\n"
        "Ruritanian troops recaptured the town of Zelva from the rebels on Monday, the army "
        "said.\n\n"
        "The regional peacekeeping mission neither confirmed nor denied that its troops had "
        "taken part in the operation."
    )
    claims = extract_claims(text, published=date(2025, 2, 11), publisher="Wire Service")
    recapture = next(c for c in claims if "recaptured" in c.quote)
    unconfirmed = next(c for c in claims if c.stance == "neither")
    assert "deploy" not in unconfirmed.keywords
    assert not matching.are_same_claim(unconfirmed, recapture)
    assert not matching.are_same_claim(recapture, unconfirmed)


def test_the_tolls_of_two_different_events_are_two_claims() -> None:
    """A capture and an air strike each killed people at one town: sharing "killed" says
    what happened to someone, not what happened."""
    assert not same(
        "Marrek rebels captured the checkpoint at Dolna, killing several guards",
        "A Marrek air strike near Dolna killed several villagers",
        a_where=place("Dolna", "RU"),
        b_where=place("Dolna", "RU"),
    )


def test_a_judgement_on_deaths_is_not_the_report_of_them() -> None:
    assert not same(
        "There is no way the killing of civilians can be justified, the minister said",
        "Civilians were killed in the shelling, the army confirmed",
    )
    assert not same(
        "Deaths of civilians are never acceptable, the envoy said",
        "Civilians were killed in the raid on the compound, officials said",
    )


def test_one_toll_told_two_ways_is_still_one_claim() -> None:
    assert same(
        "Seventeen civilians died in the bombing of the village, the governor said",
        "An air strike on the village killed 17 civilians, including children",
        a_quantity=17,
        a_unit="civilians",
        b_quantity=17,
        b_unit="civilians",
    )
    assert same(
        "At least eight civilians were believed to have been killed, a militia member said",
        "So far eight civilians were believed to have been killed in the attack",
        a_quantity=8,
        a_unit="civilians",
        b_quantity=8,
        b_unit="civilians",
    )


def test_soldiers_who_surrendered_are_not_the_capture_of_the_town() -> None:
    assert matching.text_profile("40 soldiers surrendered").concepts == {"surrender"}
    assert not same(
        "Marrek rebels took the town of Dolna on Sunday",
        "About 40 soldiers surrendered in Dolna, a rebel commander said",
        a_where=place("Dolna", "RU"),
        b_where=place("Dolna", "RU"),
        b_quantity=40,
        b_unit="soldiers",
    )


def test_artillery_fired_at_an_island_is_the_island_shelled() -> None:
    assert same(
        "Ruritanian artillery fired dozens of shells at the island of Vesk",
        "Ruritania shelled the island of Vesk on Tuesday",
        a_actor="Ruritania",
        a_where=place("Vesk", "RU"),
        b_actor="Ruritania",
        b_where=place("Vesk", "RU"),
    )
    # Still a launch, so that a missile "fired" and one "launched" stay one kind of event.
    assert {"attack", "launch"} <= matching.text_profile("fired a missile").concepts


def test_an_investigation_of_deaths_is_not_whom_the_raid_targeted() -> None:
    """No kind of event in common (a toll word is none): their words must say more alike."""
    assert not same(
        "Both the deaths of two soldiers and the reports of civilian casualties at Dolna are "
        "now under investigation",
        "The target of the air raid at Dolna appeared to be two senior militia commanders "
        "killed in the fighting",
        a_where=place("Dolna", "RU"),
        b_where=place("Dolna", "RU"),
    )


@pytest.mark.django_db
def test_two_sides_spokesmen_on_one_town_keep_their_own_claims() -> None:
    """Rebels, militants and fighters are classes of people, like troops: "rebel fighters
    still hold the checkpoint" shares them with "14 rebels were killed", not a claim."""
    army = make_article(
        "Army says Dolna checkpoint retaken\n\n"
        "Government troops retook the checkpoint at Dolna on Monday, army spokesman Colonel "
        "Ivo Marek said.\n\nMarek said 14 rebels were killed in the fighting near Dolna.",
        published=date(2025, 3, 3),
    )
    rebels = make_article(
        "Rebels deny losing Dolna\n\n"
        "Rebel fighters still hold the checkpoint at Dolna, a rebel spokesman, Tomas Venn, "
        "said on Monday.",
        published=date(2025, 3, 3),
        publisher="Other Wire",
    )
    call_command("extract_claims", "--all", stdout=io.StringIO(), stderr=io.StringIO())
    hold = mention_with(rebels, "still hold")
    assert hold.claim_id != mention_with(army, "14 rebels").claim_id
    assert hold.claim_id != mention_with(army, "retook").claim_id


def test_two_sides_firing_at_each_other_are_two_claims() -> None:
    """Each names the other, as its target: that is no sign it is the same deed."""
    assert not same(
        "Marrek rebels attacked the army base at Dolna overnight",
        "The Borduvian army attacked Marrek positions near Dolna overnight",
        a_actor="Marrek rebels",
        a_where=place("Dolna", "RU"),
        b_actor="Borduvian army",
        b_where=place("Dolna", "RU"),
    )
    # Two countries whose names share their one distinctive word are still two.
    assert not same(
        "Sudanese artillery shelled the border town of Aweil on Tuesday",
        "South Sudan returned fire and shelled Sudanese positions near Aweil on Tuesday",
        a_actor="Sudan",
        a_where=place("Aweil", "SS"),
        b_actor="South Sudan",
        b_where=place("Aweil", "SS"),
    )


def test_a_truce_told_from_either_side_is_still_one_claim() -> None:
    assert same(
        "Borduvia and Marrek signed a ceasefire agreement in Dolna",
        "Marrek and Borduvia agreed a truce at talks in Dolna",
        a_actor="Borduvia",
        a_where=place("Dolna", "RU"),
        b_actor="Marrek",
        b_where=place("Dolna", "RU"),
    )


def test_control_of_a_town_is_its_capture() -> None:
    for taken in (
        "Marrek fighters took control of Dolna on Saturday",
        "the insurgents were in full control of the town and the base",
        "fighters seized control of the border post",
    ):
        assert matching.text_profile(taken).concepts == {"capture"}, taken
    assert "capture" not in matching.text_profile("an arms control treaty").concepts
    assert matching.text_profile("the situation in Dolna is under control").concepts == set()


def test_an_attack_and_a_warning_sharing_few_words_are_two_claims() -> None:
    assert not same(
        "Marrek gangsters led by Ostrel Dunmore and Kesk Varno committed an inhuman crime by "
        "attacking Vesk with rockets on June 3",
        "Borduvian soldiers entering the conflict would be a legitimate target of Marrek strikes",
        a_event_date="2024-06-03",
        a_where=place("Vesk", "RU"),
    )
