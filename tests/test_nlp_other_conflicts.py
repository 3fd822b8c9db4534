"""The extractor on invented but realistic reports of other conflicts (tests/gold/articles).

Nothing here names the seed stories: the rules must hold for any war, any outlet. Bad inputs
tried here: a wire dateline glued to the first sentence ("DOHA, Jan 30 (Reuters) - "), place
names the tagger mistakes for people ("Khan Younis"), an inverted attribution ("... ," said X),
a passive attribution ("It was reported by ..."), "declined to comment", "could not
independently verify", a newsletter prompt and a reporting credit line.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from claims.nlp.pipeline import extract_claims
from claims.nlp.types import ClaimCandidate

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests/gold/other_conflicts.jsonl"


@cache
def article(name: str) -> tuple[str, list[ClaimCandidate]]:
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if name in row["file"]:
            text = (ROOT / row["file"]).read_text(encoding="utf-8")
            claims = extract_claims(
                text,
                published=date.fromisoformat(row["published"]),
                title=row["title"],
                publisher=row["publisher"],
            )
            return text, claims
    raise AssertionError(f"no gold article {name}")


def claim(name: str, words: str) -> ClaimCandidate:
    found = [c for c in article(name)[1] if words in c.quote]
    assert found, f"no claim quoting {words!r}"
    return found[0]


def test_sudan_health_authorities_count_and_place() -> None:
    shelling = claim("sudan", "health authorities said")
    assert shelling.claimant is not None
    assert "health authorities" in shelling.claimant.name
    assert shelling.cue == "said"
    assert shelling.actor == "Rapid Support Forces"
    assert shelling.quantity is not None
    assert (shelling.quantity.value, shelling.quantity.qualifier) == (Decimal(27), "at_least")
    assert shelling.quantity.unit == "civilians"
    assert shelling.place is not None
    assert shelling.place.name == "El Fasher"
    assert shelling.event_date is not None
    assert shelling.event_date.iso() == "2024-05-13"  # "on Monday" before Tuesday 14 May


def test_sudan_denial_verification_and_refusal() -> None:
    dismissed = claim("sudan", "dismissed the army's account")
    assert dismissed.stance == "denies"
    assert dismissed.claimant is not None
    assert dismissed.claimant.name == "Rapid Support Forces"  # "(RSF)" spelled out earlier
    unverified = claim("sudan", "could not independently verify")
    assert unverified.stance == "neither"
    assert unverified.claimant is not None
    assert unverified.claimant.name == "Reuters"
    declined = claim("sudan", "declined to comment")
    assert declined.stance == "neither"
    assert declined.cue == "declined to comment"
    commander = claim("sudan", "speaking on condition of anonymity")
    assert commander.claimant is not None
    assert commander.claimant.kind == "anonymous"
    assert commander.quantity is not None
    assert commander.quantity.qualifier == "range"
    assert (commander.quantity.value, commander.quantity.value_max) == (
        Decimal(3000),
        Decimal(4000),
    )


def test_sudan_boilerplate_is_dropped() -> None:
    quotes = " ".join(c.quote for c in article("sudan")[1])
    assert "newsletter" not in quotes
    assert "Editing by" not in quotes


def test_gaza_dateline_mediator_and_numbers() -> None:
    qatar = claim("gaza", "broadly agreed on a framework")
    assert not qatar.quote.startswith("DOHA")
    assert qatar.claimant is not None
    assert qatar.claimant.name == "Qatar's prime minister"
    assert qatar.stated_on is not None
    assert qatar.stated_on.iso() == "2024-01-30"
    assert qatar.place is not None
    assert qatar.place.name == "Gaza Strip"
    toll = claim("gaza", "26,637 Palestinians")
    assert toll.quantity is not None
    assert toll.quantity.value == Decimal(26637)
    assert toll.event_date is not None
    assert toll.event_date.iso() == "2023-10-07"  # "since October 7" in a January article
    egypt = claim("gaza", "neither confirmed nor denied")
    assert egypt.stance == "neither"
    assert egypt.claimant is not None
    assert egypt.claimant.name == "Egypt"
    official = claim("gaza", "An Israeli official")
    assert official.claimant is not None
    assert official.claimant.kind == "anonymous"
    assert official.stance == "denies"
    military = claim("gaza", "Khan Younis")
    assert military.place is not None
    assert military.place.text == "Khan Younis"
    assert military.actor == "Israel"


def test_armenia_azerbaijan_denials_and_approximations() -> None:
    armenia = claim("armenia", "Armenia's defence ministry said")
    assert armenia.claimant is not None
    assert armenia.claimant.name == "Armenia"
    assert armenia.actor == "Azerbaijan"
    denial = claim("armenia", "denied the accusation")
    assert denial.stance == "denies"
    assert denial.claimant is not None
    assert denial.claimant.name == "Azerbaijan"
    fake = claim("armenia", "fake news")
    assert fake.stance == "denies"
    assert fake.claimant is not None
    assert fake.claimant.name == "Azerbaijan"  # "Baku", the capital
    pashinyan = claim("armenia", "up to 10,000 troops")
    assert pashinyan.claimant is not None
    assert pashinyan.claimant.name == "Nikol Pashinyan"
    assert pashinyan.quantity is not None
    assert pashinyan.quantity.qualifier == "at_most"
    assert pashinyan.cue == "told parliament"
    evacuated = claim("armenia", "1,000-2,000 residents")
    assert evacuated.quantity is not None
    assert (evacuated.quantity.value, evacuated.quantity.value_max) == (
        Decimal(1000),
        Decimal(2000),
    )
    assert evacuated.claimant is not None
    assert evacuated.claimant.name == "local officials"
    inverted = claim("armenia", "extremely tense")
    assert inverted.claimant is not None
    assert inverted.claimant.name == "Anna Naghdalyan"


def test_niger_coup_passive_and_positions() -> None:
    tele = claim("niger", "It was reported by")
    assert tele.claimant is not None
    assert tele.claimant.name == "Tele Sahel"
    france = claim("niger", "did not recognise")
    assert france.stance == "asserts"  # a position, not a denial of a claim
    ecowas = claim("niger", "ECOWAS warned")
    assert ecowas.hedge == "could"
    displaced = claim("niger", "more than 30,000 people")
    assert displaced.quantity is not None
    assert displaced.quantity.qualifier == "at_least"
    assert displaced.place is not None
    assert displaced.place.kind == "region"
    assert displaced.place.country == "NE"


def test_quotes_are_exact_slices() -> None:
    for name in ("sudan", "gaza", "armenia", "niger"):
        text, claims = article(name)
        assert claims
        for found in claims:
            assert text[found.start : found.end] == found.quote
