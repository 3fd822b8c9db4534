"""The extractor on the two seed articles: every behaviour the claims issue names.

Bad inputs tried here: boilerplate lines (share buttons, "Follow ... on Facebook", "CLICK HERE",
"Source link", photo credits) must give no claim; a headline glued to a photo credit must not
become a claim.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from claims.nlp.pipeline import extract_claims_many
from claims.nlp.types import ArticleInput, ClaimCandidate

ROOT = Path(__file__).resolve().parent.parent
JUNE = "demo/seeds/breitbart-2024-06-27-north-korea-engineers.txt"
OCTOBER = "demo/seeds/washington-examiner-2024-10-24-north-korean-troops-kursk.txt"


@cache
def seeds() -> dict[str, tuple[str, list[ClaimCandidate]]]:
    rows = [json.loads(line) for line in (ROOT / "demo/manifest.jsonl").read_text().splitlines()]
    articles, paths = [], []
    for row in rows:
        text = (ROOT / "demo" / row["path"]).read_text(encoding="utf-8")
        articles.append(
            ArticleInput(
                text=text,
                published=date.fromisoformat(row["published"]),
                title=row["title"],
                publisher=row["source"],
            )
        )
        paths.append(f"demo/{row['path']}")
    results = extract_claims_many(articles)
    return {p: (a.text, r) for p, a, r in zip(paths, articles, results, strict=True)}


def claim_with(path: str, words: str) -> ClaimCandidate:
    matches = [c for c in seeds()[path][1] if words in c.quote]
    assert matches, f"no claim quoting {words!r} in {path}"
    return matches[0]


def test_quotes_are_exact_slices_of_the_article() -> None:
    for text, claims in seeds().values():
        assert claims
        for claim in claims:
            assert text[claim.start : claim.end] == claim.quote
            assert claim.quote == claim.quote.strip()


def test_kirby_corroborates_3000_troops_to_kursk() -> None:
    claim = claim_with(OCTOBER, "corroborated warnings")
    assert claim.claimant is not None
    assert claim.claimant.name == "John Kirby"
    assert claim.claimant.kind == "person"
    assert claim.claimant.affiliation == "White House"
    assert claim.cue == "corroborated"
    assert claim.stance == "confirms"
    assert "could" in claim.hedge
    # The spokesman's next words, about the same place, qualify the claim.
    assert "possible" in claim.hedge
    assert "perhaps even likely" in claim.hedge
    assert claim.quantity is not None
    assert claim.quantity.value == Decimal(3000)
    assert claim.quantity.qualifier == "approx"
    assert claim.quantity.unit == "troops"
    assert claim.place is not None
    assert claim.place.kind == "region"
    assert claim.place.name == "Kursk Oblast"
    assert claim.place.country == "RU"
    assert claim.chain[:2] == ["John Kirby", "Ukrainian intelligence"]
    assert claim.actor == "North Korea"
    assert claim.stated_on is not None
    assert claim.stated_on.iso() == "2024-10-24"  # "on Thursday" in an article of that Thursday
    assert claim.summary == "~3,000 North Korean troops → Kursk region"


def test_tv_chosun_claim_citing_an_anonymous_official() -> None:
    claim = claim_with(JUNE, "TV Chosun claimed, citing")
    assert claim.claimant is not None
    assert claim.claimant.name == "TV Chosun"
    assert claim.claimant.kind == "outlet"
    assert claim.cue == "claimed"
    assert claim.stance == "asserts"
    assert claim.chain[:2] == ["TV Chosun", "an anonymous South Korean official"]
    assert "Ukrainska Pravda" in claim.via  # the translation is a conduit, not a source
    assert claim.event_date is not None
    assert (claim.event_date.iso(), claim.event_date.precision) == ("2024-07", "month")
    # The previous sentence says the reports surfaced on June 21 on TV Chosun.
    assert claim.stated_on is not None
    assert claim.stated_on.iso() == "2024-06-21"
    assert claim.place is not None
    assert claim.place.name == "Donetsk Oblast"
    assert claim.unit == "engineering force"
    assert claim.summary == "North Korean engineering force → Donetsk Oblast"


def test_groundless_rumor_is_a_denial_by_the_nation() -> None:
    claim = claim_with(OCTOBER, "groundless rumor")
    assert claim.stance == "denies"
    assert claim.claimant is not None
    assert claim.claimant.name == "North Korea"  # "the nation" resolved from context
    assert claim.claimant.kind == "government"
    assert "representatives to the United Nations" in claim.claimant.text
    assert claim.cue.startswith("called … a")
    assert "groundless rumor" in claim.cue


def test_neither_confirmed_nor_denied() -> None:
    claim = claim_with(OCTOBER, "neither confirmed nor denied")
    assert claim.stance == "neither"
    assert claim.cue == "neither confirmed nor denied"
    assert claim.claimant is not None
    assert claim.claimant.name == "Kim Jong-gyu"


def test_not_confirmed_is_neither_and_the_regime_is_resolved() -> None:
    regime = claim_with(OCTOBER, "The regime will not confirm")
    assert regime.stance == "neither"
    assert regime.claimant is not None
    assert regime.claimant.name == "North Korea"
    nk_news = claim_with(JUNE, "NK News reported on Thursday")
    assert nk_news.stance == "neither"
    assert nk_news.stated_on is not None
    assert nk_news.stated_on.iso() == "2024-06-27"


def test_dates_keep_their_precision() -> None:
    annexed = claim_with(JUNE, "Putin annexed Donetsk")
    assert annexed.event_date is not None
    assert (annexed.event_date.iso(), annexed.event_date.precision) == ("2022-09", "month")
    assert annexed.actor == "Russia"  # "Russian strongman Vladimir Putin" earlier
    putin = claim_with(JUNE, "the day before in which he claimed")
    assert putin.claimant is not None
    assert putin.claimant.name == "Vladimir Putin"
    assert putin.stated_on is not None
    assert putin.stated_on.iso() == "2024-06-20"  # the day before June 21
    assert putin.stance == "denies"


def test_boilerplate_gives_no_claims() -> None:
    for _text, claims in seeds().values():
        quotes = " ".join(c.quote for c in claims)
        for line in (
            "Follow Frances Martel",
            "Source link",
            "CLICK HERE",
            "AP Photo",
            "Korea News Service via AP",
            "Kremlin Pool Photo",
            "Tumblr",
            "LinkedIn",
        ):
            assert line not in quotes
        assert not any(c.quote.startswith("Rumors Swirl") for c in claims)
        assert not any(c.quote.startswith("North Korean troops expected") for c in claims)


def test_treaty_and_alliance_can_be_linked_engineers_and_kursk_cannot() -> None:
    treaty = claim_with(JUNE, "signed a mutual defense treaty")
    alliance = claim_with(OCTOBER, "reaffirmed and expanded their defensive alliance")
    for claim in (treaty, alliance):
        assert {"Russia", "North Korea"} <= set(claim.participants)
        assert claim.keywords[0] == "agreement"
    assert alliance.event_date is not None
    assert (alliance.event_date.iso(), alliance.event_date.precision) == ("2024", "year")
    engineers = claim_with(JUNE, "TV Chosun claimed, citing")
    troops = claim_with(OCTOBER, "corroborated warnings")
    assert engineers.place is not None
    assert troops.place is not None
    assert engineers.place.name != troops.place.name
    assert engineers.unit != troops.unit
    assert engineers.actor == troops.actor == "North Korea"


@pytest.mark.parametrize("path", [JUNE, OCTOBER])
def test_every_claim_has_a_claimant_and_a_summary(path: str) -> None:
    for claim in seeds()[path][1]:
        assert claim.claimant is not None
        assert claim.claimant.name
        assert claim.summary
        assert claim.content
