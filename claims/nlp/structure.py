"""The structured parts of a claim's content: actor, action, quantity, unit, place, summary."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from typing import Literal

from spacy.tokens import Token

from claims.nlp import lexicon as lx
from claims.nlp.attribution import (
    Context,
    company_meant,
    company_named,
    countries_in,
    depth,
    is_stray_participle,
    noun_phrase,
    subject_of,
    text_of,
)
from claims.nlp.gazetteer import REGION_WORDS, gazetteer
from claims.nlp.types import Place, Qualifier, Quantity

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1000,
    "dozen": 12,
}
_MULTIPLIERS = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_QUALIFIERS: list[tuple[tuple[str, ...], Qualifier]] = [
    (("at", "least"), "at_least"),
    (("more", "than"), "at_least"),
    (("no", "fewer", "than"), "at_least"),
    (("upwards", "of"), "at_least"),
    (("over",), "at_least"),
    (("up", "to"), "at_most"),
    (("as", "many", "as"), "at_most"),
    (("at", "most"), "at_most"),
    (("fewer", "than"), "at_most"),
    (("less", "than"), "at_most"),
    (("no", "more", "than"), "at_most"),
    (("under",), "at_most"),
    (("approximately",), "approx"),
    (("about",), "approx"),
    (("around",), "approx"),
    (("roughly",), "approx"),
    (("some",), "approx"),
    (("nearly",), "approx"),
    (("almost",), "approx"),
    (("an", "estimated"), "approx"),
    (("estimated",), "approx"),
    (("close", "to"), "approx"),
    (("approx.",), "approx"),
    (("circa",), "approx"),
]
_RANGE = re.compile(r"^(\d[\d,.]*)\s*[-–]\s*(\d[\d,.]*)$")
_SKIP_ENTS = frozenset({"DATE", "TIME", "ORDINAL", "MONEY", "PERCENT"})
_LOCATIVE = frozenset(
    {"in", "of", "near", "at", "to", "from", "into", "outside", "around"}
    | {"toward", "towards", "inside", "across"}
)
_NOT_PLACE_WORDS = frozenset({"the", "occupied", "eastern", "western", "northern", "southern"})


def _number(text: str) -> Decimal | None:
    cleaned = text.replace(",", "").strip()
    if not cleaned:
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        value = _NUMBER_WORDS.get(cleaned.casefold())
        return Decimal(value) if value is not None else None


def _figure_counted(number: Token) -> Token | None:
    """What "put the death toll at 31" counts: the deaths ("death" of "death toll"), the displaced
    of "the number of displaced"; else the figure itself. Likewise a figure's value after a verb
    of change: "the death toll rose to 124", "the number of people killed could top 1,000"."""
    at = number.head
    figures: list[Token] = []
    if number.dep_ == "pobj" and at.lower_ == "at" and at.head.lemma_.casefold() in lx.FIGURE_CUES:
        figures = [c for c in at.head.children if c.dep_ == "dobj" and c.i < at.i]
    else:
        verb = at.head if number.dep_ == "pobj" and at.lower_ in ("to", "at") else at
        if number.dep_ in ("pobj", "dobj") and verb.pos_ in ("VERB", "AUX"):
            figures = [
                c
                for c in verb.children
                if c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.casefold() in _FIGURE_NOUNS
            ]
    if not figures:
        return None
    figure = figures[0]
    of = [g for c in figure.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    compounds = [c for c in figure.children if c.dep_ == "compound" and c.pos_ == "NOUN"]
    return (of or compounds or [figure])[0]


# What a figure's value counts: "the death toll", "the number of displaced", "the tally".
_FIGURE_NOUNS = frozenset({"toll", "number", "tally", "count"})


def _unit_for(number: Token) -> Token | None:
    figure = _figure_counted(number)
    if figure is not None:
        return figure
    following = number.doc[number.i + 1 : number.i + 3]
    if (
        len(following)
        and following[0].lower_ in lx.CASUALTY_UNITS
        and (len(following) == 1 or following[1].pos_ not in ("NOUN", "PROPN"))
    ):
        return following[0]  # "25 wounded", "12 dead" (not "160 wounded people")
    head = number.head
    if number.dep_ == "nummod" and head.pos_ == "PROPN" and head.ent_type_ == "ORG":
        # "Two United Nations guesthouses": the noun after the name is counted, not the name.
        after = head.doc[head.i + 1] if head.i + 1 < len(head.doc) else None
        if after is not None and after.pos_ == "NOUN" and after.ent_type_ == "":
            return after
    if number.dep_ in ("nummod", "quantmod") and head.pos_ in ("NOUN", "PROPN"):
        return head
    if number.dep_ == "quantmod" and head.head.pos_ == "NOUN":
        return head.head
    for token in number.doc[number.i + 1 : number.i + 5]:
        if token.pos_ == "NOUN":
            return token
        if token.pos_ in ("VERB", "AUX", "ADP") and token.lower_ != "of":
            break
    return None


def quantity_of(tokens: list[Token]) -> Quantity | None:
    """The first counted thing: "approximately 3,000 Eritrean troops", "between 10 and 20";
    without one, the first percentage ("12.5%") or sum of money ("$3 million")."""
    return _counted(tokens) or _measured(tokens)


def _measured(tokens: list[Token]) -> Quantity | None:
    ordered = sorted(tokens, key=lambda t: t.i)
    for token in ordered:
        if not token.like_num or token.ent_type_ not in ("PERCENT", "MONEY"):
            continue
        value = _number(token.text)
        if value is None:
            continue
        doc = token.doc
        end = token.i + 1
        if end < len(doc) and doc[end].lower_ in _MULTIPLIERS:
            value *= _MULTIPLIERS[doc[end].lower_]
            end += 1
        start = token.i
        if token.ent_type_ == "PERCENT":
            unit = "percent"
            if end < len(doc) and doc[end].lower_ in ("%", "percent", "per"):
                end += 1 if doc[end].lower_ != "per" else 2
        else:
            symbol = doc[token.i - 1].text if token.i > 0 else ""
            word = doc[end].lower_ if end < len(doc) and doc[end].ent_type_ == "MONEY" else ""
            unit = lx.CURRENCY_SYMBOLS.get(symbol, "") or word or "money"
            if symbol in lx.CURRENCY_SYMBOLS:
                start -= 1
            elif word:
                end += 1
        qualifier: Qualifier = ""
        before = [t.lower_ for t in doc[max(0, start - 3) : start]]
        for words, kind in _QUALIFIERS:
            if tuple(before[-len(words) :]) == words:
                qualifier = kind
                start -= len(words)
                break
        return Quantity(value=value, unit=unit, qualifier=qualifier, text=doc[start:end].text)
    return None


_YEAR = re.compile(r"(1[89]|20)\d\d")


def _dated_count(number: Token) -> bool:
    """ "Between 30 and 40 cows", which the tagger took for a date: a number counting a noun that
    is no time."""
    return (
        number.ent_type_ == "DATE"
        and number.dep_ in ("nummod", "conj")
        and (head := number.head if number.dep_ == "nummod" else number.head.head).pos_ == "NOUN"
        and head.ent_type_ == ""
    )


def _between_parties(number: Token) -> bool:
    """ "Between the two countries", "among the three parties": the number of sides to a
    conflict or talks, never what a statement counts."""
    head = number.head
    return (
        number.dep_ == "nummod"
        and head.dep_ == "pobj"
        and head.head.lower_ in ("between", "among")
        and any(c.dep_ == "det" for c in head.children)
    )


_COUNTED_PRONOUNS = frozenset({"them", "those", "these", "us"})


def _of_them(number: Token) -> bool:
    """ "Seven of them", "two of those": a share of people already named."""
    return any(
        c.lower_ == "of" and any(g.lower_ in _COUNTED_PRONOUNS for g in c.children)
        for c in number.children
    )


def _counted(tokens: list[Token]) -> Quantity | None:
    ordered = sorted(tokens, key=lambda t: t.i)
    members = {t.i for t in ordered}
    for token in ordered:
        # "a dozen civilians": a number the tagger does not call one.
        dozen = token.lower_ == "dozen" and token.i > 0 and token.doc[token.i - 1].lower_ == "a"
        if not (token.like_num or dozen) or (
            token.ent_type_ in _SKIP_ENTS and not _dated_count(token)
        ):
            continue
        if _YEAR.fullmatch(token.text) or token.lower_ in ("one", "a"):
            continue  # a year; "one of the parties"
        if token.dep_ == "nummod" and token.head.pos_ == "PROPN" and token.head.i < token.i:
            continue  # a name's number: "Unit 88", "Flight 17", not 88 units
        if token.ent_type_ == "ORG" and token.head.pos_ == "PROPN":
            continue  # a name's number before it: "the 6 Division", not 6 divisions
        if _between_parties(token):
            continue  # "the war between the two countries has killed ...": no count of countries
        doc = token.doc
        value: Decimal | None
        value_max: Decimal | None = None
        qualifier: Qualifier = ""
        end = token.i + 1
        range_match = _RANGE.match(token.text)
        if range_match:
            value, value_max = _number(range_match.group(1)), _number(range_match.group(2))
        else:
            value = _number(token.text)
        if value is None:
            continue
        if end < len(doc) and doc[end].lower_ in _MULTIPLIERS:
            value *= _MULTIPLIERS[doc[end].lower_]
            end += 1
        # "1,000-2,000", "10 to 20": a range.
        if (
            value_max is None
            and end + 1 < len(doc)
            and doc[end].text in ("-", "–", "to")
            and doc[end + 1].like_num
        ):
            upper = _number(doc[end + 1].text)
            if upper is not None and upper > value:
                value_max = upper
                end += 2
        start = token.i - 1 if dozen else token.i  # "a dozen"
        before = [t.lower_ for t in doc[max(0, start - 3) : start]]
        if before[-1:] == ["and"] and token.i >= 2 and doc[token.i - 2].like_num:
            continue  # the upper end of "between 10 and 20", taken with the lower
        if before and before[-1] == "between" and end + 1 < len(doc) and doc[end].lower_ == "and":
            upper = _number(doc[end + 1].text)
            if upper is not None:
                value_max = upper
                end += 2
                start -= 1
        for words, kind in _QUALIFIERS:
            if tuple(before[-len(words) :]) == words:
                qualifier = kind
                start -= len(words)
                break
        if value_max is not None:
            if qualifier == "":
                qualifier = "range"
            elif qualifier == "approx":
                qualifier = "range"  # "some 1,000-2,000": a range, already approximate
        unit_token = _unit_for(doc[end - 1] if end - 1 != token.i else token)
        if unit_token is None or unit_token.i not in members:
            unit_token = _unit_for(token)
        if unit_token is None:
            if _of_them(token):
                # "Seven of them were arrested": a count of what "them" stands for, unnamed here.
                return Quantity(value=value, qualifier=qualifier, text=doc[start:end].text)
            continue
        unit = unit_token.text.casefold()
        if unit_token.dep_ == "compound" and unit_token.tag_ == "NN":
            unit += "s"  # "the death toll at 31": 31 deaths
        if value != value.to_integral_value() or (
            value_max is not None and value_max != value_max.to_integral_value()
        ):
            continue  # "over 1.2 personnel" (its "million" lost): a fraction is not a count
        if unit in lx.MEASURE_UNITS or unit_token.ent_type_ in ("DATE", "TIME", "QUANTITY"):
            continue  # "about 40 miles south of", "within 48 hours": not what is counted
        return Quantity(
            value=value,
            unit=unit,
            qualifier=qualifier,
            value_max=value_max,
            text=doc[start:end].text,
        )
    return None


_SETTLEMENT_WORDS = frozenset({"city", "town", "village", "port", "settlement", "hamlet"})
_AREA_WORDS = REGION_WORDS | _SETTLEMENT_WORDS
# Kinds of area a name can come right before ("the Abs district", "Katha township"): not "state",
# "republic" or "territory", which follow words that are no names ("the Gulf state of Qatar").
_NAMED_AREA_WORDS = frozenset(
    {"district", "province", "township", "county", "governorate", "prefecture", "area"}
    | {"region", "department", "oblast", "municipality", "commune"}
)


def _place_runs(
    tokens: list[Token], known: frozenset[str] = frozenset()
) -> list[tuple[list[Token], str, str]]:
    """Runs of capitalised words, with the region word that follows them, if any, and what kind
    of place the text calls them: "city" for a settlement ("the village of X", "X, a lakeside
    town", "the X village"), "region" for a named area ("the X district"), else ""."""
    ordered = sorted(tokens, key=lambda t: t.i)
    positions = [t.i for t in ordered]
    members = set(positions)
    gaz = gazetteer()
    runs: list[tuple[list[Token], str, str]] = []
    consumed: set[int] = set()
    if ordered:
        # A multi-word place the tagger saw whole: "the People's Republic of China".
        for ent in ordered[0].doc.ents:
            if (
                ent.label_ in ("GPE", "LOC", "FAC")
                and len(ent) > 1
                and all(t.i in members for t in ent)
                and gaz.is_known(_strip_article(ent.text))
            ):
                runs.append(([t for t in ent if t.lower_ != "the"], "", ""))
                consumed.update(t.i for t in ent)
    index = 0
    while index < len(ordered):
        token = ordered[index]
        if token.i in consumed:
            index += 1
            continue
        after_locative = token.i > 0 and token.doc[token.i - 1].lower_ in _LOCATIVE
        blocked = ("DATE", "NORP") if after_locative else ("PERSON", "DATE", "NORP")
        capital = token.text[:1].isupper() and (
            token.ent_type_ not in blocked
            or token.text.casefold() in known
            # "toward Belgorod" tagged as a nationality: a known town is a town.
            or (
                after_locative
                and token.ent_type_ == "NORP"
                and token.pos_ == "PROPN"
                and gaz.country_iso(token.text) is None
                and gaz.is_known(token.text)
            )
        )
        if (
            not capital
            or token.lower_ in _NOT_PLACE_WORDS
            or (token.is_sent_start and token.pos_ not in ("PROPN",))
        ):
            index += 1
            continue
        run = [token]
        current = token.i + 1
        doc = token.doc
        while current in members and len(run) < 5 and current not in consumed:
            nxt = doc[current]
            if (nxt.text[:1].isupper() and nxt.ent_type_ not in blocked) or (
                nxt.text in ("-",)
                and current + 1 in members
                and doc[current + 1].text[:1].isupper()
            ):
                run.append(nxt)
                current += 1
                continue
            break
        # The longest name: "Gulf of Oman", "Strait of Malacca", not the country Oman.
        if current in members and doc[current].lower_ == "of":
            tail = current + 1
            if tail in members and doc[tail].lower_ == "the":
                tail += 1
            longer = list(run)
            for step in range(tail, min(tail + 3, len(doc))):
                if step not in members or not doc[step].text[:1].isupper():
                    break
                longer.append(doc[step])
                if gaz.is_known(doc[run[0].i : step + 1].text):
                    run = list(doc[run[0].i : step + 1])
                    current = step + 1
        # "Central African Republic" with the first two words tagged a nationality: the whole
        # name, not the town "Republic".
        first = run[0].i
        while first - 1 in members and first - 1 not in consumed and run[0].i - first < 3:
            if not doc[first - 1].text[:1].isupper():
                break
            first -= 1
        if first < run[0].i and gaz.is_known(doc[first : run[-1].i + 1].text):
            run = list(doc[first : run[-1].i + 1])
        region_word = ""
        if current in members and doc[current].lower_ in REGION_WORDS:
            region_word = doc[current].text
        runs.append((run, region_word, "city" if _called_settlement(run) else ""))
        index = bisect_left(positions, current)
    for token in ordered:
        if token.lower_ not in _AREA_WORDS:
            continue
        settlement = token.lower_ in _SETTLEMENT_WORDS
        # "the Negga village", "in Koch town"; "the Abs district", "Katha township"
        name = (
            _name_before(token, members)
            if token.text.islower() and (settlement or token.lower_ in _NAMED_AREA_WORDS)
            else []
        )
        if name:
            runs.append((name, "", "city") if settlement else (name, token.text, "region"))
        following = token.doc[token.i + 1 : token.i + 3]
        if (
            not name  # "X village of Y district": the village is X, not Y
            and len(following) == 2
            and following[0].lower_ == "of"
            and following[1].text[:1].isupper()
        ):
            # "the region of Kherson", "the city of Mosul"
            word = token.text if token.lower_ in REGION_WORDS else ""
            runs.append(([following[1]], word, "city" if settlement else ""))
    return runs


def _name_before(kind: Token, members: set[int]) -> list[Token]:
    """ "the Negga village", "Moe Tarr Lay village", "the Um Gunya area": the capitalised words
    right before a lower-case kind of place, that depend on it, when they are a name (however
    the tagger took them: such names are often tagged as people or, right after "at" or "in", as
    organisations or nationalities: "at Kwalam village") and not "a Druze village" (a faith),
    "the Hezbollah village" (an organisation) or "a X town" (a kind)."""
    doc = kind.doc
    start = kind.i
    while (
        start - 1 in members
        and kind.i - start < 4
        and doc[start - 1].text[:1].isupper()
        and doc[start - 1].dep_ in ("compound", "nmod")
        and doc[start - 1].ent_type_ not in ("DATE", "CARDINAL", "ORDINAL")
        and doc[start - 1].lower_ not in _NOT_PLACE_WORDS
    ):
        start -= 1
    if start == kind.i:
        return []
    name = list(doc[start : kind.i])
    if any(t.head.i not in range(start, kind.i + 1) for t in name):
        return []
    if any(t.ent_type_ in ("ORG", "NORP") for t in name) and (
        start == 0 or doc[start - 1].lower_ not in _IN_OR_NEAR
    ):
        return []
    if start > 0 and doc[start - 1].lower_ in ("a", "an"):
        return []
    return name


def _metonym(run: list[Token], place: Place) -> bool:
    """A capital as the subject of a clause, as an owner ("Ankara's backing", "Beijing's
    support") or as a partner ("in contact with Baku") stands for its government."""
    head = run[-1]
    if place.kind not in ("city", "region"):
        return False
    role = head
    while role.dep_ == "conj" and role.head.i != role.i:
        role = role.head  # "Ankara and Beijing said", "with Yerevan and Baku"
    # "in contact with Baku", "talks with Tehran": the government, not the city.
    partner = role.dep_ == "pobj" and role.head.lower_ == "with"
    if role.dep_ not in ("nsubj", "nsubjpass", "poss") and not partner:
        return False
    return gazetteer().capital_country(place.text) is not None


# Verbs of taking land: "annexed from X", "seized from X" name who lost it, not where.
_TAKING_VERBS = frozenset({"annex", "seize", "capture", "take", "wrest", "retake", "recapture"})


def _taken_from(run: list[Token]) -> bool:
    """ "the part of the country that the invader annexed from Lisbon": the state the land was
    taken from, by its capital, is no place where something happened."""
    head = run[-1]
    return (
        head.dep_ == "pobj"
        and head.head.lower_ == "from"
        and head.head.head.lemma_.casefold() in _TAKING_VERBS
    )


# People a country's name can say the nationality of: "US forces", "U.S. service members".
_NATIONALS = (
    lx.GROUP_HEADS
    | lx.COLLECTIVE_NOUNS
    | {"members", "personnel", "officials", "diplomats", "citizens", "nationals", "officers"}
)


def _nationality_of_people(run: list[Token], place: Place) -> bool:
    """ "in support of Ruritanian and allied forces", "the deaths of U.S. service members": a
    country named as whose the people are, not where something happened."""
    head = run[-1]
    return (
        place.kind == "country"
        and head.dep_ in ("compound", "nmod", "amod")
        and head.head.lower_ in _NATIONALS
    )


def _strip_article(text: str) -> str:
    return text[4:] if text.casefold().startswith("the ") else text


def _called_settlement(run: list[Token]) -> bool:
    """ "Vuhledar, a mining town", "the town of Avdiivka" (the latter also found by the caller)."""
    doc = run[0].doc
    after = doc[run[-1].i + 1 : run[-1].i + 5]
    if len(after) >= 3 and after[0].text == "," and after[1].lower_ in ("a", "an", "the"):
        return any(t.lower_ in _SETTLEMENT_WORDS for t in after[2:4])
    before = doc[max(0, run[0].i - 2) : run[0].i]
    return len(before) == 2 and before[1].lower_ == "of" and before[0].lower_ in _SETTLEMENT_WORDS


_RANK = {"city": 3, "region": 3, "other": 3, "country": 1}
# Where a name the tagger calls a place is where something happens: "in", "near", "outside X".
_IN_OR_NEAR = frozenset({"in", "near", "outside", "around", "inside", "into", "at"})


def _unlisted_town(run: list[Token], words: str) -> bool:
    """ "shelled a market near Bunagana": a name the tagger calls a place (GPE), whole, right after
    "in", "near", "outside" ..., that the gazetteer has under no country (a town it lists, but in
    a country the article does not name, stays unbelieved: the name alone is not enough)."""
    first = run[0]
    if first.i == 0 or first.doc[first.i - 1].lower_ not in _IN_OR_NEAR:
        return False
    if any(t.ent_type_ != "GPE" for t in run):
        return False
    # The whole entity, no more and no less: not "X Monday", not half of "New X".
    whole = first.ent_iob_ == "B" and (
        run[-1].i + 1 == len(first.doc) or first.doc[run[-1].i + 1].ent_iob_ != "I"
    )
    gaz = gazetteer()
    return whole and not gaz.is_known(words) and gaz.town(words, countries=None) is None


def place_of(
    tokens: list[Token],
    *,
    exclude_countries: set[str] | None = None,
    known_countries: set[str] | None = None,
    local: dict[str, Place] | None = None,
) -> Place | None:
    """The first specific place the content names (a city, region, sea over a country).

    The actor's own country is not where its claim happens: "Iran ... sends drones to
    Sudan" is about Sudan. ``local`` holds the places the article made known (its dateline's
    town, "the village of X" earlier on); settlements found here are added to it.
    """
    exclude = exclude_countries or set()
    known = set(known_countries or ())
    local = local if local is not None else {}
    known.update(p.country for p in local.values() if p.country)
    gaz = gazetteer()
    best: tuple[int, int, Place] | None = None
    for run, region_word, called in _place_runs(tokens, frozenset(local)):
        settlement = called == "city"
        guessed = False
        words = " ".join(t.text for t in run).replace(" - ", "-").replace(" -", "-")
        words = words.replace(" 's", "'s").replace(" ’s", "’s")
        place = gaz.place(words, region_word=region_word) if region_word else None
        if place is None:
            place = gaz.place(words)
        if place is None:
            # The dateline's town or a village named before: "the <town> City Council",
            # "the <village> operation".
            named = [local[t.text.casefold()] for t in run if t.text.casefold() in local]
            if local.get(words.casefold()) is not None:
                named.insert(0, local[words.casefold()])
            if named:
                place = replace(named[0], text=words)
                settlement = True  # known to be a place, whatever the tagger thought
        if (
            place is None
            and len(run) > 1
            and not any(
                t.ent_type_ in ("ORG", "PERSON", "NORP", "WORK_OF_ART", "EVENT", "LAW") for t in run
            )
        ):
            for size in range(len(run) - 1, 0, -1):
                for offset in (0, len(run) - size):
                    sub = " ".join(t.text for t in run[offset : offset + size])
                    place = gaz.place(sub)
                    if place is not None:
                        break
                if place is not None:
                    break
        if (
            place is not None
            and place.kind == "city"
            and known_countries is not None
            and place.country not in known
            and gazetteer().is_alternate_spelling(place.text)
        ):
            place = None  # another spelling of a town in a country the article never mentions
        if place is not None and (
            _metonym(run, place) or _taken_from(run) or _nationality_of_people(run, place)
        ):
            continue  # "Nairobi has asked ...": the government acting, not where
        if place is None and len(run) <= 3:
            # A town too small for the city list, in a country the article is about.
            place = gaz.town(words, countries=known)
            if place is None and (settlement or called or _unlisted_town(run, words)):
                # "the village of Kafr Nabl", "the Abs district": the text says it is a place;
                # "near Bunagana": the tagger does. No geonameid: the gazetteer does not know it.
                country = next(iter(sorted(known))) if len(known) == 1 else ""
                kind: Literal["city", "region"] = "region" if called == "region" else "city"
                place = Place(name=words, text=words, country=country, kind=kind)
                guessed = not called
            if place is not None:
                local.setdefault(words.casefold(), place)
        if place is None or (place.kind == "country" and place.country in exclude):
            continue
        before = run[0].doc[run[0].i - 1] if run[0].i > 0 else None
        locative = before is not None and before.lower_ in _LOCATIVE
        if (
            place.kind == "city"
            and run[0].ent_type_ in ("ORG", "PERSON")
            and not region_word
            and not locative
            and not settlement
        ):
            continue  # a news agency is not a town; "districts of El Fasher" is
        # A town only the tagger vouches for yields to any place the gazetteer knows.
        rank = 2 if guessed else _RANK.get(place.kind, 2)
        if best is None or rank > best[0] or (rank == best[0] and run[0].i < best[1]):
            best = (rank, run[0].i, place)
    return best[2] if best else None


# Nouns for places a nationality word can say whose they are: "three Syrian cities".
_PLACE_NOUNS = (
    _SETTLEMENT_WORDS
    | {"cities", "towns", "villages", "ports", "border", "capital"}
    | {
        "coast",
        "territory",
        "waters",
        "airspace",
        "soil",
        "provinces",
        "regions",
    }
)


def country_of_places(tokens: list[Token], exclude: set[str]) -> Place | None:
    """ "displaced in three major Syrian cities", "crossed the Ruritanian border": with no place
    named, the country a nationality word gives the places it describes."""
    gaz = gazetteer()
    for token in tokens:
        if (
            token.dep_ == "amod"
            and token.text[:1].isupper()
            and token.head.lower_ in _PLACE_NOUNS
            and (iso := gaz.country_iso(token.text)) is not None
            and iso not in exclude
        ):
            place = gaz.place(gaz.country_name(iso))
            if place is not None:
                return replace(place, text=token.text)
    return None


def content_root(tokens: list[Token]) -> Token | None:
    members = set(tokens)
    roots = [t for t in tokens if t.head not in members or t.head.i == t.i]
    verbs = [t for t in roots if t.pos_ in ("VERB", "AUX") and not is_stray_participle(t)]
    if verbs:
        return verbs[0]
    return roots[0] if roots else None


def event_verb(tokens: list[Token]) -> Token | None:
    """The event an unattributed sentence reports: "signed", "annexed", "captured"."""
    options = [
        t
        for t in tokens
        if t.pos_ == "VERB"
        and (is_event_verb(t) or _measured_change(t))
        and t.dep_ not in ("amod",)
    ]
    if not options:
        return None
    return min(options, key=lambda t: (depth(t), t.i))


def _measured_change(verb: Token) -> bool:
    """ "Shares in X fell 3.2 percent", "sales rose by $2 billion": a figure's move by an amount
    the sentence gives."""
    if verb.lemma_.casefold() not in lx.CHANGE_VERBS:
        return False
    amounts = [
        t
        for c in verb.children
        if c.dep_ in ("dobj", "npadvmod", "prep", "advmod")
        for t in c.subtree
        if t.ent_type_ in ("PERCENT", "MONEY") and t.like_num
    ]
    return bool(amounts)


def is_event_verb(token: Token) -> bool:
    """The lemma, or the written form less its ending when the lemmatizer slips ("staged" ->
    "stag")."""
    if token.lemma_.casefold() in lx.EVENT_VERBS:
        return True
    lower = token.lower_
    for ending in ("ed", "d", "es", "s", "ing"):
        if lower.endswith(ending):
            stem = lower[: -len(ending)]
            if stem in lx.EVENT_VERBS or f"{stem}e" in lx.EVENT_VERBS:
                return True
    return False


def actor_of(root: Token | None, context: Context) -> tuple[list[str], str]:
    """(ISO codes of the acting countries, the actor's name) from the clause's subject, or from
    the other side when the subject only sees or suffers what it does ("it had detected 153
    Chinese aircraft", "its troops came under fire from Armenian positions")."""
    if root is None:
        return [], ""
    other = _other_side(root)
    if other is not None:
        isos, actor = actor_of_subject(other, context, own_words_only=True)
        if actor:
            return isos, actor
    subject = subject_of(root)
    if subject is None:
        return [], ""
    # "An airstrike in Mali killed ...": whose the attack is, its words up to the noun say;
    # the country after it is where it struck.
    deed = subject.lemma_.casefold() in _DEED_NOUNS
    return actor_of_subject(subject, context, own_words_only=deed)


# Verbs whose subject suffers the deed: "two civilians died in Russian shelling", "were killed
# in Israeli air strikes"; and the deeds that do it.
_SUFFERING_VERBS = frozenset({"die", "kill", "wound", "injure", "hurt", "destroy", "damage"})
_DEED_NOUNS = lx.ATTACK_NOUNS | {"strike", "airstrike", "raid", "bombing", "barrage", "shell"}


def _deed_suffered(root: Token) -> Token | None:
    """The attack a victim subject suffered: "in Russian strikes", "as a result of Ruritanian
    shelling", "from Borduvian fire" (its words up to the noun say whose it is)."""
    if root.lemma_.casefold() not in _SUFFERING_VERBS:
        return None
    if root.lemma_.casefold() != "die" and not any(c.dep_ == "auxpass" for c in root.children):
        return None  # "troops killed three men": the subject acts
    for prep in root.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "from", "during", "as", "by"):
            continue
        for pobj in prep.children:
            if pobj.dep_ != "pobj":
                continue
            noun = pobj
            if pobj.lower_ == "result":  # "as a result of ..."
                noun = next(
                    (g for c in pobj.children if c.lower_ == "of" for g in c.children), pobj
                )
            if noun.lemma_.casefold() in _DEED_NOUNS:
                return noun
    return None


def _other_side(root: Token) -> Token | None:
    """What a verb of watching watches ("detected", "spotted", "tracked" ... aircraft), whence
    the fire came in "came under fire/attack from ...", or the attack a victim suffered."""
    lemma = root.lemma_.casefold()
    if lemma in lx.OBSERVING_VERBS:
        return next((c for c in root.children if c.dep_ == "dobj"), None)
    if lemma != "come":
        return _deed_suffered(root)
    under = [
        c
        for p in root.children
        if p.dep_ == "prep" and p.lower_ == "under"
        for c in p.children
        if c.dep_ == "pobj" and c.lemma_.casefold() in lx.ATTACK_NOUNS
    ]
    if not under:
        return None
    # "from ..." hung on the verb or on "fire".
    for holder in (root, under[0]):
        for prep in holder.children:
            if prep.dep_ == "prep" and prep.lower_ == "from":
                return next((c for c in prep.children if c.dep_ == "pobj"), None)
    return None


def actor_of_subject(
    subject: Token, context: Context, *, own_words_only: bool = False
) -> tuple[list[str], str]:
    """(ISO codes of the acting countries, the actor's name) of the one who acts.
    `own_words_only`: read the words up to the head alone, not what follows it ("Chinese
    vessels near the Philippines" are China's)."""
    gaz = gazetteer()
    lemma = subject.lemma_.casefold()
    phrase = (
        [t for t in subject.subtree if t.i <= subject.i] if own_words_only else noun_phrase(subject)
    )
    if lemma in lx.COUNTRY_ANAPHORS:
        plural = any(t.lower_ in ("two", "both") for t in phrase) or subject.tag_ == "NNS"
        isos = context.last_countries(2 if plural else 1)
        if isos:
            return isos, gaz.country_name(isos[0])
    organisation = [
        e for e in subject.doc.ents if e.label_ == "ORG" and e.start <= subject.i < e.end
    ]
    isos = countries_in(phrase)
    company = company_named(subject) or company_meant(subject, context)
    if company is not None:
        # "Spanish carmaker X plans to cut jobs", "the company": the business, not its country
        # (nor is its country kept from being where the claim happens: "its plants in Spain").
        return [], company
    if organisation and subject.pos_ == "PROPN":
        # "Sudan's paramilitary Rapid Support Forces": the force acts, not the country.
        name = organisation[0].text
        return list(dict.fromkeys(isos)), name[4:] if name.casefold().startswith("the ") else name
    if isos:
        return list(dict.fromkeys(isos)), gaz.country_name(isos[0])
    if subject.pos_ == "NOUN" and subject.lower_ in lx.GROUP_HEADS:
        # "M23 rebels had shelled ...": the named group acts, whatever the tagger took it for.
        names = [c for c in subject.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
        if names:
            words = [t for c in names for t in c.subtree if t.dep_ != "det"]
            # As written: "Zanu-PF", not "Zanu - PF".
            return [], "".join(t.text_with_ws for t in words[:-1]) + words[-1].text
    for ent in subject.doc.ents:
        if ent.start <= subject.i < ent.end and ent.label_ in ("ORG", "PERSON", "GPE", "NORP"):
            if ent.label_ == "PERSON":
                iso = context.person_country.get(ent.text.casefold()) or context.person_country.get(
                    ent.text.split()[-1].casefold()
                )
                if iso is not None:
                    return [iso], gaz.country_name(iso)
            return [], ent.text
    if subject.pos_ == "PROPN":
        return [], subject.text
    return [], ""


def moved_thing(root: Token | None) -> Token | None:
    """What a deployment moves: the object of "send", the subject of "are moving"."""
    if root is None:
        return None
    for verb in [root, *[c for c in root.children if c.dep_ in ("xcomp", "conj")]]:
        if verb.lemma_.casefold() not in lx.MOVEMENT_VERBS:
            continue
        for child in verb.children:
            if child.dep_ == "dobj":
                return child
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ == "NOUN":
                return child
    return None


def unit_of(thing: Token | None) -> str:
    """ "troops", "engineers", "engineering force": what is counted or sent."""
    if thing is None or thing.pos_ != "NOUN":
        return ""
    if thing.lower_ in lx.COLLECTIVE_NOUNS:
        modifiers = [
            c
            for c in thing.children
            if c.dep_ in ("compound", "amod")
            and c.lower_ not in lx.SIZE_WORDS
            and c.i < thing.i
            and not gazetteer().country_iso(c.text)
            and c.text[:1].islower()
        ]
        if modifiers:
            return f"{modifiers[-1].text.casefold()} {thing.text.casefold()}"
    return thing.text.casefold()


def keywords_of(tokens: list[Token]) -> list[str]:
    """Topic classes and content lemmas, for matching rewordings of one claim."""
    topics: list[str] = []
    lemmas: list[str] = []
    for token in tokens:
        if token.is_stop or token.is_punct or token.pos_ not in ("NOUN", "VERB", "PROPN", "ADJ"):
            continue
        lemma = token.lemma_.casefold()
        topic = lx.TOPIC_OF.get(lemma) or lx.TOPIC_OF.get(token.lower_)
        if topic and topic not in topics:
            topics.append(topic)
        if token.pos_ in ("NOUN", "VERB") and lemma not in lemmas and len(lemma) > 2:
            lemmas.append(lemma)
    return topics + [lemma for lemma in lemmas[:12] if lemma not in topics]


def _format_number(value: Decimal) -> str:
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,}"


def summary_of(
    *,
    content: str,
    quantity: Quantity | None,
    actor_iso: str | None,
    unit: str,
    place: Place | None,
    action: str,
    clipped: bool = False,
) -> str:
    """ "~3,000 Eritrean troops → Tigray region", else the content, trimmed. `clipped`: the
    content stops mid-phrase (pipeline's _clipped): its open last words go, and "…" says so."""
    if place is not None and action in lx.MOVEMENT_VERBS and (unit or quantity):
        words: list[str] = []
        if quantity is not None:
            number = _format_number(quantity.value)
            if quantity.value_max is not None:
                number = f"{number}–{_format_number(quantity.value_max)}"
            prefix = {"approx": "~", "at_least": "at least ", "at_most": "up to "}.get(
                quantity.qualifier, ""
            )
            words.append(f"{prefix}{number}")
        if actor_iso:
            words.append(gazetteer().demonym(actor_iso))
        words.append(quantity.unit if quantity is not None and quantity.unit else unit)
        place_text = place.text
        for prefix_word in ("the ", "occupied "):
            if place_text.casefold().startswith(prefix_word):
                place_text = place_text[len(prefix_word) :]
        return f"{' '.join(w for w in words if w)} → {place_text}"
    cleaned = content.strip(" “”\"'.,;:—–-")
    if cleaned[:1].islower() and not cleaned[1:2].isupper():
        # A title, though the clause started mid-sentence ("the deal is…"; not "iPhone").
        cleaned = cleaned[0].upper() + cleaned[1:]
    words = cleaned.split()
    if len(words) <= _SUMMARY_WORDS + _SUMMARY_SLACK:
        if clipped:
            while len(words) > 1 and words[-1].casefold() in _OPEN_ENDS:
                words.pop()
            return " ".join(words).rstrip(",;:—–-.") + "…"
        if cleaned.count("“") > cleaned.count("”"):
            cleaned += "”"  # the closing mark went with the sentence's end
        return cleaned
    return " ".join(words[: _summary_cut(words)]).rstrip(",;:—–-.") + "…"


# A longer summary is cut at a clause's end within this many words, else here.
_SUMMARY_WORDS = 24
# A summary this few words longer than the limit is kept whole rather than cut.
_SUMMARY_SLACK = 4
# Fewer words than this would say too little: the cut is then made at the limit.
_SUMMARY_MIN_WORDS = 12
# Words that start a new clause or phrase: a cut before them leaves a whole one.
_CLAUSE_STARTS = frozenset(
    {"and", "but", "while", "whereas", "which", "who", "whom", "whose", "although", "though"}
    | {"because", "after", "before", "since", "as", "when", "where", "amid", "despite"}
    | {"including", "according", "with", "without", "during", "until", "unless", "if", "or"}
)
# Words a summary must not end on: the phrase they open is missing ("the fourth-largest in").
_DANGLING = frozenset(
    {"the", "a", "an", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or"}
    | {"but", "that", "its", "their", "his", "her", "our", "this", "these", "those", "as"}
    | {"into", "than", "about", "over", "under", "between", "some", "any", "is", "are", "was"}
    | {"were", "be", "been", "has", "have", "had", "will", "would", "could", "may", "might"}
    | {"can", "should", "must", "not", "who", "which", "while", "such", "very", "more", "most"}
)

# Words that cannot end a clause cut from its sentence: an article, a preposition, "to".
_OPEN_ENDS = frozenset(
    {"the", "a", "an", "to", "of", "in", "on", "at", "for", "from", "by", "with", "into"}
    | {"onto", "than", "about", "over", "under", "between", "against", "toward", "towards"}
)


def _summary_cut(words: list[str]) -> int:
    """How many of `words` a summary keeps: up to the last clause boundary (a sentence's or a
    clause's punctuation, else a word that opens a new clause) within the limit; without one,
    the limit, less the words that would leave a phrase open."""
    limit = _SUMMARY_WORDS
    for ends in (".?!", ",;:—–"):
        for count in range(limit, _SUMMARY_MIN_WORDS - 1, -1):
            word = words[count - 1].rstrip("”’\"')")
            if word[-1:] in ends or words[count - 1] in ("—", "–"):
                return count
    for count in range(limit, _SUMMARY_MIN_WORDS - 1, -1):
        if (
            words[count].casefold() in _CLAUSE_STARTS
            and words[count - 1].casefold() not in _DANGLING
        ):
            return count
    count = limit
    while count > _SUMMARY_MIN_WORDS and words[count - 1].casefold().strip(",;:") in _DANGLING:
        count -= 1
    return count


def content_text(tokens: list[Token]) -> str:
    return text_of(tokens).strip(" “”\"'")


def summary_text(tokens: list[Token]) -> str:
    """The content as the article wrote it, for a person to read: the punctuation between its
    words kept ("in this conflict. Well, we are not asking"), where content_text (matching's
    input) joins the words alone.
    """
    if not tokens:
        return ""
    ordered = sorted(tokens, key=lambda t: t.i)
    # "its teams had recorded 58 deaths, and [warned ...]": no dangling conjunction; "[said]
    # that its fighters had withdrawn": no leading "that".
    while len(ordered) > 1 and (ordered[-1].dep_ == "cc" or ordered[-1].text in (",", ";")):
        ordered.pop()
    if len(ordered) > 1 and ordered[0].lower_ == "that" and ordered[0].pos_ == "SCONJ":
        ordered.pop(0)
    doc = ordered[0].doc
    parts: list[str] = []
    for token, following in pairwise(ordered):
        parts.append(token.text)
        if following.i == token.i + 1:
            parts.append(token.whitespace_)
            continue
        between = doc[token.i + 1 : following.i]
        punctuation_only = all(t.is_punct for t in between)
        parts.append(token.whitespace_ + between.text_with_ws if punctuation_only else " ")
    parts.append(ordered[-1].text)
    return "".join(parts).strip(" “”\"'‘’,;:—–-")
