"""What the claim extractor finds in a text: plain data, no Django, no database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

Precision = Literal["day", "month", "year"]
Stance = Literal["asserts", "confirms", "denies", "neither"]
Qualifier = Literal["", "approx", "at_least", "at_most", "range"]


@dataclass(frozen=True)
class FuzzyDate:
    """A date as precise as the text made it: 2024-06-21 (day), 2024-07 (month), 2024."""

    value: date  # first day of the month/year when the precision is coarser than a day
    precision: Precision
    text: str = ""  # the words it came from: "on Thursday", "as early as July"

    def iso(self) -> str:
        if self.precision == "year":
            return f"{self.value.year:04d}"
        if self.precision == "month":
            return f"{self.value.year:04d}-{self.value.month:02d}"
        return self.value.isoformat()


@dataclass(frozen=True)
class Quantity:
    value: Decimal
    unit: str = ""  # "troops", "soldiers", "tanks" (lemma, plural as written is fine)
    qualifier: Qualifier = ""
    value_max: Decimal | None = None  # the upper end of a range
    text: str = ""  # "approximately 3,000"


@dataclass(frozen=True)
class Place:
    name: str  # the gazetteer's name: "Kharkiv Oblast"
    text: str = ""  # as written: "the Kharkiv region"
    geonameid: int | None = None
    country: str = ""  # ISO 3166-1 alpha-2
    kind: Literal["country", "region", "city", "other"] = "other"


@dataclass(frozen=True)
class Claimant:
    name: str  # normalized: "Antony Blinken", "Al Jazeera", "Sudan"
    text: str  # as the article put it: "US Secretary of State Antony Blinken"
    kind: str = "other"  # a Source.Kind value: person, outlet, government, anonymous, ...
    affiliation: str = ""  # "State Department" for Blinken, "" when none is stated


@dataclass
class ClaimCandidate:
    """One claim as it appears in one article (becomes a Mention of a Claim)."""

    quote: str  # exactly text[start:end]
    start: int
    end: int
    content: str  # the proposition itself, without the attribution ("5,000 ... Kharkiv region")
    claimant: Claimant | None
    cue: str = ""  # "claimed", "corroborated", "called ... a groundless rumor"
    stance: Stance = "asserts"
    hedge: str = ""  # "could", "possible, perhaps even likely"
    chain: list[str] = field(default_factory=list)  # claimant first, then whom it cites
    stated_on: FuzzyDate | None = None
    actor: str = ""  # "Sudan"
    action: str = ""  # "deploy", "move"
    quantity: Quantity | None = None
    place: Place | None = None
    event_date: FuzzyDate | None = None
    summary: str = ""  # "~5,000 Russian troops → Kharkiv region"
    # Added for matching (defaults keep older callers working):
    # the countries/organisations the claim is about, normalized, actor first:
    # ["Armenia", "Azerbaijan"] for both "signed a peace treaty" and "the two nations
    # reaffirmed their peace agreement".
    participants: list[str] = field(default_factory=list)
    # Topic classes first ("agreement", "deploy", "attack", ...), then content lemmas.
    keywords: list[str] = field(default_factory=list)
    # What is counted or sent, even without a number: "troops", "engineering force".
    unit: str = ""
    # Conduits the article relied on, not cited by the claimant: "according to a translation
    # by the Zenda Herald", "told Reuters".
    via: list[str] = field(default_factory=list)
    # "neither confirmed nor denied the accusations": the index, in the same article's list, of
    # the earlier claim this one only names. Its content and parts are that claim's, so a
    # matcher that never reads this field still files it as a mention of that claim.
    refers_to: int | None = None


@dataclass(frozen=True)
class ArticleInput:
    """One article for ``extract_claims_many``."""

    text: str
    published: date | None = None
    title: str = ""
    publisher: str = ""
    language: str = "en"
