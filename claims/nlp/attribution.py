"""Who asserts a sentence's content, with which words and stance: claimant, cue, chain, hedge.

Structure comes from spaCy's dependency parse; the words from ``lexicon``. ``Context`` is the
article read so far, for coreference-lite: "he", "the nation", "the White House spokesman".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from operator import attrgetter

from spacy.tokens import Span, Token

from claims.nlp import lexicon as lx
from claims.nlp.gazetteer import gazetteer
from claims.nlp.types import Claimant, FuzzyDate, Place, Stance

_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_DETERMINERS = ("the ", "a ", "an ")
_TITLE_WORDS = frozenset(
    [
        "president",
        "prime",
        "minister",
        "vice",
        "foreign",
        "defense",
        "defence",
        "secretary",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "gen.",
        "general",
        "maj.",
        "lt.",
        "col.",
        "colonel",
        "adm.",
        "admiral",
        "sen.",
        "senator",
        "rep.",
        "ambassador",
        "chairman",
        "chairperson",
        "vice-chairperson",
        "commander",
        "chief",
        "director",
        "deputy",
        "mr.",
        "mrs.",
        "ms.",
        "dr.",
        "king",
        "queen",
        "prince",
        "sheikh",
        "leader",
        "envoy",
        "national",
        "security",
        "governor",
        "mayor",
        "manager",
        "councillor",
        "councilor",
        "councilman",
        "councilwoman",
        "commissioner",
        "secretary-general",
        "attorney",
        "judge",
        "professor",
        "prof.",
        "sheriff",
        "inspector",
        "superintendent",
        "executive",
        "chairwoman",
        "speaker",
        "lieutenant",
        "capt.",
        "captain",
        "sgt.",
        "sergeant",
        "brig.",
        "brigadier",
        "cmdr.",
        "commander-in-chief",
        "premier",
        "chancellor",
        "dr",
        "mr",
        "mrs",
        "ms",
        "sir",
        "emir",
    ]
)


_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "sir"})


@dataclass
class Context:
    """What the article has said so far, for resolving "he", "the regime", "the spokesman"."""

    published: date | None
    publisher: str = ""
    countries: list[str] = field(default_factory=list)  # ISO codes, latest last
    persons: list[Claimant] = field(default_factory=list)
    claimants: list[Claimant] = field(default_factory=list)
    stated: dict[str, FuzzyDate] = field(default_factory=dict)  # casefolded name -> date
    # Countries seen as subjects (who acts), latest last: "the regime" means one of these.
    subject_countries: list[str] = field(default_factory=list)
    # A person's country as the article introduced them: "Sudanese army chief Abdel Fattah".
    person_country: dict[str, str] = field(default_factory=dict)  # casefolded name -> ISO
    # Acronyms the article spelled out: "the Rapid Support Forces (RSF)".
    aliases: dict[str, str] = field(default_factory=dict)  # casefolded acronym -> full name
    # Places the article itself made known: its dateline's town, "the village of X".
    places: dict[str, Place] = field(default_factory=dict)  # casefolded name -> place
    # The settlement the text last called a town, a village ...: "the town of X", "X, a village".
    settlements: dict[str, Place] = field(default_factory=dict)  # "town" -> place
    # Businesses the text named as such ("Spanish carmaker X"), latest last: "the company".
    companies: list[str] = field(default_factory=list)
    # Organisations named that are no state body or outlet ("Islamic Jihad", "the RSF"), latest
    # last: "the militant group", "the armed group".
    groups: list[str] = field(default_factory=list)
    # What the text called a named organisation beside its name: "the banking regulator, the
    # FDIC," -> "regulator": "the regulator" later is it.
    described: dict[str, str] = field(default_factory=dict)

    def last_country(self) -> str | None:
        if self.subject_countries:
            return self.subject_countries[-1]
        return self.countries[-1] if self.countries else None

    def full_person(self, name: str) -> Claimant | None:
        """ "Pashinyan" after "Nikol Pashinyan", "Wang" after "Wang Lei": the person named in full
        earlier."""
        key = name.casefold()
        people = [p for p in reversed([*self.claimants, *self.persons]) if p.kind == "person"]
        for earlier in people:
            words = earlier.name.casefold().split()
            if len(words) > 1 and words[-1] == key:
                return earlier
        for earlier in people:
            if earlier.name.casefold() == key:
                return earlier
        for earlier in people:
            # "Wang" after "Wang Lei", "Choi" after "Choi Min-jun": the family name written first.
            words = earlier.name.casefold().split()
            if len(words) == 2 and words[0] == key:
                return earlier
        return None

    def last_countries(self, count: int) -> list[str]:
        seen: list[str] = []
        for iso in reversed(self.countries):
            if iso not in seen:
                seen.append(iso)
            if len(seen) == count:
                break
        return list(reversed(seen))


@dataclass
class Attribution:
    cue_token: Token | None
    claimant: Claimant | None
    cue: str
    stance: Stance
    chain: list[str]
    via: list[str]
    content: list[Token]  # the proposition's tokens
    content_range: tuple[int, int]  # char offsets within the sentence's Doc
    direct_quote: bool


# -- small helpers over the parse --------------------------------------------------------------


def in_ranges(token: Token, ranges: list[tuple[int, int]]) -> bool:
    if not ranges:
        return False  # most sentences quote nobody: skip reading the token's offset
    return any(a <= token.idx < b for a, b in ranges)


def depth(token: Token) -> int:
    """How far the token is below its sentence's root, in steps up its heads (at most 50)."""
    steps = 0
    while token.head.i != token.i and steps < 50:
        token = token.head
        steps += 1
    return steps


def text_of(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    ordered = sorted(tokens, key=lambda t: t.i)
    parts: list[str] = []
    for index, token in enumerate(ordered):
        parts.append(token.text)
        if index + 1 < len(ordered):
            gap = ordered[index + 1].i != token.i + 1
            parts.append(" " if gap else token.whitespace_)
    return "".join(parts).strip(" ,;:—–-")


def glued_noun(name: Token) -> Token | None:
    """ "..., a charge Dushanbe has repeatedly denied": the noun an unmarked relative clause
    describes, which the parser took for a word of the name that is the clause's subject (or
    object). An indefinite article and a common noun never begin a name's phrase; "the" does
    ("the militant group X"), except before a word for a claim ("the accusation X rejects").
    Before speakers named by a common noun, only a word for a claim is glued, and only where its
    article cannot be theirs: "..., an account local residents disputed", "a claim the ministry
    denied" (not "an account manager said")."""
    if name.pos_ == "NOUN":
        return _glued_claim_noun(name)
    if name.pos_ != "PROPN":
        return None
    doc = name.doc
    for left in name.lefts:
        if left.dep_ != "compound" or left.pos_ != "NOUN" or not left.text.islower():
            continue
        if left.i == 0 or any(t.pos_ != "PROPN" for t in doc[left.i + 1 : name.i]):
            continue
        article = doc[left.i - 1].lower_
        if article in ("a", "an") or (
            article in ("the", "this", "that") and left.lemma_.casefold() in lx.CLAIM_NOUNS
        ):
            return left
    return None


def _glued_claim_noun(name: Token) -> Token | None:
    doc = name.doc
    for left in name.lefts:
        if left.dep_ not in ("compound", "nmod") or left.lemma_.casefold() not in lx.CLAIM_NOUNS:
            continue
        if left.i == 0 or doc[left.i - 1].lower_ not in ("a", "an"):
            continue
        between = doc[left.i + 1 : name.i]
        if any(t.pos_ not in ("ADJ", "NOUN", "PROPN", "DET") for t in between):
            continue
        if name.tag_ == "NNS" or any(t.pos_ == "DET" for t in between):
            return left  # "an account" cannot be the article of "residents", nor "a claim" of "the"
    return None


def noun_phrase(head: Token) -> list[Token]:
    """The head's phrase without relative clauses, appositions or trailing punctuation."""
    tokens: list[Token] = [head]
    glued = glued_noun(head)
    for child in head.children:
        if glued is not None and child.i <= glued.i:
            continue  # "a charge" of "a charge X has denied": what X denied, not X
        if child.dep_ == "punct" and _inner_hyphen(child):
            tokens.append(child)  # "Abu-Bakr", "Hae-jin"
            continue
        if child.dep_ == "prep" and any(g.ent_type_ in ("DATE", "TIME") for g in child.children):
            continue  # "the opposition candidate on Friday": when, not who
        if _what_is_accused(head, child):
            continue  # "accused by rights groups of killing ...": what of, not who
        if child.dep_ in ("relcl", "appos", "acl", "advcl", "punct", "cc", "conj"):
            if child.dep_ == "conj" and child.i > head.i:
                # "Ukrainian and South Korean agencies"; not "... and the army of beating ...".
                accused = {
                    t.i for p in child.children if _what_is_accused(child, p) for t in p.subtree
                }
                tokens.extend(t for t in child.subtree if t.i not in accused)
            elif child.dep_ == "cc":
                tokens.append(child)
            continue
        if child.dep_ == "prep":
            tokens.extend(_without_asides(child))
            continue
        tokens.extend(child.subtree)
    return sorted(set(tokens), key=lambda t: t.i)


def _without_asides(prep: Token) -> list[Token]:
    """ "of Kibati, a hillside village north of the lake": the place the phrase names, without
    what a comma adds about it (an apposition or a relative clause)."""
    subtree = list(prep.subtree)
    doc = prep.doc
    cut: set[int] = set()
    for aside in subtree:
        # Set off by a comma or a dash: not "(SBU)", the name's own acronym.
        if aside.dep_ in ("appos", "relcl") and doc[aside.left_edge.i - 1].text in _ASIDE_MARKS:
            cut.update(range(aside.left_edge.i - 1, aside.right_edge.i + 1))
            after = aside.right_edge.i + 1
            if after < len(doc) and doc[after].text in _ASIDE_MARKS:
                cut.add(after)
    if not cut:
        return subtree
    return [t for t in subtree if t.i not in cut]


_ASIDE_MARKS = frozenset({",", "—", "–"})


def _what_is_accused(head: Token, prep: Token) -> bool:
    """ "of killing" that the parser hung on the accuser or the accused ("X has been accused by
    rights groups of killing ...", "accused the ruling X party of rigging the vote in ..."): it
    says what the verb is about, so it is no part of either's name."""
    if prep.dep_ != "prep" or prep.lower_ not in ("of", "for", "with"):
        return False
    if head.dep_ == "pobj" and head.head.dep_ == "agent":
        verb = head.head.head
    elif head.dep_ == "dobj":
        verb = head.head
    elif head.dep_ == "conj" and head.head.dep_ == "dobj":
        verb = head.head.head  # "accused the police and the army of beating ..."
    else:
        return False
    return (
        verb.lemma_.casefold() in lx.ACCUSING_VERBS
        # "of killing", or "of burning villages" with "burning" taken for an adjective
        and prep.i + 1 < len(prep.doc)
        and prep.doc[prep.i + 1].tag_ == "VBG"
    )


def trailing_agent(cue: Token) -> Token | None:
    """The "by" of "X was accused of rigging the vote by the opposition", which the parser hangs
    inside what X is accused of: who accuses, when it ends the clause and names someone."""
    if cue.lemma_.casefold() not in lx.ACCUSING_VERBS:
        return None
    children = list(cue.children)
    if any(c.dep_ == "agent" for c in children) or not any(c.dep_ == "nsubjpass" for c in children):
        return None
    for prep in children:
        if prep.dep_ != "prep" or prep.lower_ not in ("of", "for", "with"):
            continue
        end = prep.right_edge.i
        for by in prep.subtree:
            if by.dep_ != "prep" or by.lower_ != "by" or by.right_edge.i != end:
                continue
            objects = [o for o in by.children if o.dep_ == "pobj"]
            if objects and (
                objects[0].pos_ == "PROPN"
                or objects[0].ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
                or objects[0].lower_ in lx.ACCUSER_NOUNS
            ):
                return by
    return None


def _inner_hyphen(token: Token) -> bool:
    doc = token.doc
    return (
        token.text in ("-", "–")
        and not token.whitespace_
        and token.i > 0
        and not doc[token.i - 1].whitespace_
    )


# Called for every token of every sentence several times: C-level getters, not lambdas.
_INDEX = attrgetter("i")
_TEXT = attrgetter("text")


def countries_in(tokens: list[Token]) -> list[str]:
    """ISO codes of the countries the tokens name: "South Sudanese", "Qatar", "Baku"."""
    gaz = gazetteer()
    found: list[str] = []
    index = 0
    ordered = sorted(tokens, key=_INDEX)
    if not ordered:
        return found
    # Read once into plain lists: each token is looked at by up to six windows, and a Span
    # built per window (for its text) was this function's main cost.
    positions = list(map(_INDEX, ordered))
    texts = list(map(_TEXT, ordered))
    capital = [w[:1].isupper() or w in ("U.S.", "U.K.") for w in texts]
    count = len(ordered)
    while index < count:
        if not capital[index]:
            index += 1
            continue
        matched = 0
        for size in (6, 5, 4, 3, 2, 1):
            last = index + size - 1
            if last >= count or positions[last] - positions[index] != size - 1:
                continue
            if not capital[last]:
                continue
            # What Span.text gives for the window (the window's tokens are contiguous).
            words = "".join(texts[k] + ordered[k].whitespace_ for k in range(index, last))
            words += texts[last]
            iso = gaz.country_iso(words)
            if iso is None and size <= 2 and ordered[index].ent_type_ in ("GPE", ""):
                iso = gaz.capital_country(words)
            if iso is not None:
                found.append(iso)
                matched = size
                break
        index += matched or 1
    return found


def _name_run(head: Token, tokens: list[Token]) -> list[Token]:
    """The capitalised words that end at the head: "Antony Blinken", "Tele Sahel"."""
    members = {t.i for t in tokens}
    run = [head]
    current = head.i - 1
    doc = head.doc
    while current >= 0 and current in members:
        token = doc[current]
        if token.text in ("-", "–") or token.text[:1].isupper() or token.like_num:
            run.insert(0, token)
            current -= 1
            continue
        break
    while run and (run[0].lower_ in ("the", "a", "an") or run[0].text in ("-", "–")):
        run.pop(0)
    return run


def _strip_det(text: str) -> str:
    lowered = text.casefold()
    for det in _DETERMINERS:
        if lowered.startswith(det):
            return text[len(det) :]
    return text


_DETERMINER_WORDS = frozenset({"the", "a", "an", "agencies"})


def _kind_of(words: str) -> str:
    lowered = f" {words.casefold()} "
    if any(marker in lowered for marker in lx.STATE_MEDIA_MARKERS):
        return "state_media"
    tokens = set(lowered.replace(".", " ").split())
    # "Several outlets", "two newspapers", "state broadcasters": the plural is the same kind.
    tokens |= {f"{t[:-3]}y" if t.endswith("ies") else t[:-1] for t in tokens if t.endswith("s")}
    if tokens & lx.THINK_TANK_WORDS or any(p in lowered for p in lx.THINK_TANK_PHRASES):
        return "organization"  # "the Council on Foreign Relations", not a government's council
    if tokens & lx.INTELLIGENCE_WORDS:
        return "intelligence"
    outlet_words = tokens & lx.OUTLET_WORDS
    # "the International Atomic Energy Agency", "the UN refugee agency": a public body; an
    # agency is a news agency when the name says so ("news agency") or is short ("X Agency").
    public_agency = outlet_words == {"agency"} and len(tokens - _DETERMINER_WORDS) >= 3
    if outlet_words and not public_agency:
        return "outlet"
    if tokens & lx.MILITARY_WORDS:
        return "military"
    if tokens & lx.GOVERNMENT_WORDS or " white house " in lowered:
        return "government"
    return "organization"


def _person_entity(head: Token) -> Span | None:
    for ent in head.doc.ents:
        if ent.label_ == "PERSON" and ent.start <= head.i < ent.end:
            return ent
    return None


def _affiliation(tokens: list[Token], name_start: int) -> str:
    before = [t for t in tokens if t.i < name_start]
    for ent in head_doc_ents(before):
        if ent.label_ in ("ORG", "FAC") and not ent.text.casefold().startswith("the "):
            return ent.text
    isos = countries_in(before)
    return gazetteer().country_name(isos[0]) if isos else ""


def head_doc_ents(tokens: list[Token]) -> list[Span]:
    if not tokens:
        return []
    members = {t.i for t in tokens}
    return [e for e in tokens[0].doc.ents if e.start in members and (e.end - 1) in members]


# -- claimants ---------------------------------------------------------------------------------


def resolve_source(head: Token, context: Context, *, quotes: list[tuple[int, int]]) -> Claimant:
    """The Source a noun phrase names, resolving pronouns and descriptions from ``context``."""
    gaz = gazetteer()
    if head.lower_ == "it" and context.publisher and _possibility(head.head):
        # "It was not possible to verify the claims": the outlet's own caveat.
        return Claimant(context.publisher, "", "outlet")
    described_by: list[Token] = []
    if not _proper(head):
        # "the flagship outlet" in apposition to a name, or "the Russian agency Tass".
        named_appos = [c for c in head.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"]
        named_appos = named_appos or _named_in_aside(head)
        if named_appos:
            described_by = noun_phrase(head)
            head = named_appos[0]  # "A spokesman for the government, Zaw Min Tun, ..."
        elif head.dep_ == "appos" and _proper(head.head):
            head = head.head
        else:
            apposed = _apposed_name(head)
            if apposed is not None:
                head = apposed
    tokens = noun_phrase(head)
    text = text_of(tokens)
    lower = head.lower_
    if lower in lx.PERSON_PRONOUNS or _an_age(head):
        # "he", "she", and "the 62-year-old": the person the text last named.
        recent = _recent_person(head, context, quotes)
        said_as = text_of(list(head.subtree))
        if recent is not None and recent.kind != "person":
            # "an Iberauto spokeswoman said ... She declined to say ...": the one described.
            return Claimant(recent.name, said_as, recent.kind, recent.affiliation)
        if recent is not None:
            return _person(recent.name, said_as, recent.affiliation, context)
    if lower in lx.THING_PRONOUNS:
        for earlier in reversed(context.claimants):
            if _the_outlet_itself(earlier, context):
                continue  # "It says ..." after the outlet's own report: not the outlet
            if earlier.kind != "person" or lower == "they":
                return Claimant(earlier.name, head.text, earlier.kind, earlier.affiliation)
    if (
        head.lemma_.casefold() in lx.ISSUED_NOUNS
        and len(tokens) == 2
        and tokens[0].lower_
        in (
            "the",
            "that",
            "this",
        )
    ):
        # "The ministry said in a statement ... The statement added ...": its issuer.
        for earlier in reversed(context.claimants):
            if not _the_outlet_itself(earlier, context):
                return Claimant(earlier.name, text, earlier.kind, earlier.affiliation)
    words = {t.lower_ for t in tokens}
    sentence_words = head.sent.text.casefold()
    unnamed = (
        tokens[0].lower_ in ("a", "an")
        and not _proper(head)
        and not any(t.ent_type_ == "PERSON" for t in tokens)
    )
    anonymity = (
        "condition of anonymity" in sentence_words
        or "not authorized to speak" in sentence_words
        or "asked not to be named" in sentence_words
        or bool(words & lx.ANONYMOUS_WORDS)
    )
    if unnamed and not anonymity and head.lower_ in lx.SPOKESPERSON_WORDS:
        # "An ADF spokesman": unnamed but speaking officially for a named organisation.
        speaks_for = _organisation_in(tokens, context)
        if speaks_for:
            return Claimant(_strip_det(text), text, _kind_of(speaks_for), speaks_for)
        company = next((c for t in tokens if (c := company_meant(t, context)) is not None), None)
        if company is not None:
            # "A spokesman for the company": the business named before speaks through them.
            return Claimant(f"{company} {head.text}", text, "organization", company)
    if (unnamed or anonymity) and not _proper(head):
        return Claimant(text, text, "anonymous")
    if words & lx.ANONYMOUS_WORDS or (
        head.lemma_.casefold() in lx.ANONYMOUS_HEADS
        and not countries_in(tokens)
        and not any(t.ent_type_ in ("ORG", "PERSON") for t in tokens)
    ):
        return Claimant(text, text, "anonymous")
    if head.lower_ in lx.GENERIC_REPORT_HEADS and all(
        t.i == head.i or t.lower_ in lx.GENERIC_REPORT_WORDS for t in tokens
    ):
        # "past reports indicating ...": no one is named, so no one but "media reports" speaks.
        return Claimant(lx.GENERIC_REPORT_NAME, text, "anonymous")
    bare = tokens[1:] if tokens[0].lower_ == "the" else tokens
    if len(bare) <= 3 and all(t.text[:1].isupper() for t in bare):
        # "Yerevan said", "Dushanbe said": a country or its capital speaking, whatever the
        # tagger took the name for (a person, a common noun).
        named_as = text_of(bare)
        place = gaz.place(named_as)
        iso = place.country if place and place.kind == "country" else gaz.capital_country(named_as)
        if iso is not None and context.full_person(named_as) is None:
            return Claimant(gaz.country_name(iso), text, "government")
    person = _person_entity(head)
    run = _name_run(head, tokens)
    run_text = text_of(run)
    if person is not None and not ({t.lower_ for t in run} & lx.OUTLET_WORDS):
        affiliation = (
            _affiliation(tokens, person.start)
            or _organisation_in(described_by, context)
            or _affiliation(described_by, len(head.doc))
        )
        # "spokesperson Zhang Wei" as the tagger cut it: the name without its title.
        person_words = list(person)
        while len(person_words) > 1 and (
            person_words[0].lower_ in _TITLE_WORDS or person_words[0].text[:1].islower()
        ):
            person_words.pop(0)
        return _person(text_of(person_words), text, _expand(affiliation, context), context)
    honorific = [t for t in run[:-1] if t.lower_.rstrip(".") in _HONORIFICS]
    if honorific:
        # "Mr Choi", whatever the tagger took him for.
        return _person(text_of([t for t in run if t.i > honorific[-1].i]), text, "", context)
    organisation = _entity_at(head, ("ORG", "NORP", "FAC"))
    if organisation is not None and len(organisation) > 1 and _proper(head):
        named_countries = set(countries_in(tokens))
        if head.lower_ in lx.GOVERNMENT_BODIES and len(named_countries) == 1:
            # "The Turkish Foreign Ministry" speaks for Turkey, as "Armenia's defence ministry".
            return Claimant(gaz.country_name(named_countries.pop()), text, "government")
        name = _strip_det(_without_acronym(_whole_name(organisation, tokens)))
        acronym = _acronym_said_earlier(name, context)
        if acronym is not None:
            # "The IAEA said ... the International Atomic Energy Agency said": one body.
            return Claimant(acronym.name, _without_acronym(text), acronym.kind)
        return Claimant(name, _without_acronym(text), _kind_of(text))
    alias = context.aliases.get(run_text.casefold())
    if alias is not None:
        return Claimant(alias, text, _kind_of(alias))
    spelt = _spelt_out_earlier(run, context)
    if spelt is not None:
        # "The World Health Organization said ... WHO said": the body named in full before.
        return Claimant(spelt.name, text, spelt.kind, spelt.affiliation)
    if _proper(head) and run and len(run) == 1:
        known = context.full_person(head.text)
        if known is not None:
            return Claimant(known.name, text, "person", known.affiliation)
    if _proper(head) and run:
        # A person named without an entity: "Maj. Gen. Ana Sorel" as the tagger saw it.
        titles = [t for t in run if t.lower_ in _TITLE_WORDS]
        # Not "President Hotel" (a place), not "Chief Executive Group" (an organisation); a title
        # before a name the tagger took for a work of art or an event is a person's.
        if (
            titles
            and titles[-1].i + 1 < head.i + 1
            and head.ent_type_ not in ("ORG", "GPE", "NORP", "FAC", "LOC")
        ):
            name_tokens = [t for t in run if t.i > titles[-1].i]
            if name_tokens:
                return _person(
                    text_of(name_tokens), text, _affiliation(tokens, name_tokens[0].i), context
                )
        iso = gaz.country_iso(run_text) or gaz.capital_country(run_text)
        # "The United States" is the country as "United States" is; "the Ankara metro" is not.
        if iso is not None and run[-1].i == head.i and len(run) == len(bare):
            return Claimant(gaz.country_name(iso), text, "government")
        name = _strip_det(run_text)
        return Claimant(name, text, _kind_of(text))
    # Descriptions: "the nation's representatives", "the regime", "the U.S. government".
    possessors = [c for c in head.children if c.dep_ == "poss"]
    owner_iso: str | None = None
    for owner in possessors:
        if owner.lemma_.casefold() in lx.COUNTRY_ANAPHORS:
            owner_iso = context.last_country()
        else:
            found = countries_in(list(owner.subtree))
            owner_iso = found[0] if found else None
    named = countries_in(tokens)
    if head.lemma_.casefold() in lx.COUNTRY_ANAPHORS and not named:
        iso = context.last_country()
        if iso is not None:
            return Claimant(gaz.country_name(iso), text, "government")
    if (
        head.lemma_.casefold() in lx.GOVERNMENT_ROLES
        or lower in lx.GOVERNMENT_ROLES
        or head.lemma_.casefold() in ("official", "government", "representative")
    ):
        iso = owner_iso or (named[0] if len(set(named)) == 1 else None)
        if iso is not None:
            return Claimant(gaz.country_name(iso), text, "government")
    if head.lemma_.casefold() in lx.COUNTRY_ANAPHORS and named:
        return Claimant(gaz.country_name(named[0]), text, "government")
    company = company_meant(head, context)
    if company is not None:
        return Claimant(company, text, "organization")
    group = group_meant(head, context)
    if group is not None:
        # "The militant group confirmed ...": the group the text named.
        said_before = next((c for c in context.claimants if c.name == group), None)
        return Claimant(group, text, said_before.kind if said_before else _kind_of(group))
    # "the White House spokesman", "the state outlet": someone the article already quoted.
    if any(t.lower_ == "the" for t in tokens[:1]) and not _proper(head):
        if (
            (lower in lx.OUTLET_WORDS or lower in ("agency", "outlet", "network", "newspaper"))
            and (
                # Not "the Daily Star newspaper": a name of its own (an agency's may be a field,
                # "the Public Health agency").
                lower == "agency" or not any(_proper(t) for t in tokens)
            )
            and not _another_agency(tokens, head)
        ):
            for earlier in reversed(context.claimants):
                if lower == "agency" and not (
                    earlier.kind in ("outlet", "state_media")
                    or "agency" in earlier.text.casefold().split()
                ):
                    continue  # "the agency" is no army or ministry quoted before
                if earlier.kind not in ("person", "government", "anonymous", "other") or (
                    lower == "agency" and earlier.kind != "person"
                ):
                    return Claimant(earlier.name, text, earlier.kind, earlier.affiliation)
        # Every word of the description, not only its head: "the Gaza health ministry" is not
        # "Egypt's foreign ministry".
        # (A possessive's "'s" is no word of it, as it is none of the earlier claimant's.)
        own = {t.lower_ for t in tokens if t.lower_ not in ("the", "'s", "’s") and not t.is_punct}
        for earlier in reversed(context.claimants):
            said = earlier.text.casefold().replace("’s", "").replace("'s", "").split()
            said_by = set(said)
            # Its head, not what its phrase is about: "the ministry" is not "a spokesman for
            # the ministry".
            before = next((k for k, w in enumerate(said) if w in _OF_WORDS), len(said))
            if lower in said[:before] and own <= said_by:
                return Claimant(earlier.name, text, earlier.kind, earlier.affiliation)
    if (
        tokens[0].lower_ == "the"
        and head.pos_ == "NOUN"
        and head.lower_ in context.described
        and not any(_proper(t) for t in tokens)
    ):
        # "The regulator said ..." after "the banking regulator, the FDIC,".
        body = context.described[head.lower_]
        return Claimant(body, text, _kind_of(body))
    return Claimant(
        _strip_det(text),
        text,
        _kind_of(text) if named or _proper(head) else _description_kind(text),
    )


_OF_WORDS = frozenset({"for", "of", "at", "from", "with", "to", "in"})


def _another_agency(tokens: list[Token], head: Token) -> bool:
    """ "the UN refugee agency", "the EU's border agency": what it does or whose it is names a
    body of its own, not the news agency quoted before ("the state news agency" is that one)."""
    return head.lower_ == "agency" and any(
        t.pos_ in ("NOUN", "PROPN") and t.lower_ not in lx.OUTLET_WORDS and t.lower_ != "state"
        for t in tokens
        if t.i != head.i
    )


def _possibility(verb: Token) -> bool:
    """ "was (not) possible", "is impossible": the verb of "it ... to verify"."""
    return verb.lemma_ == "be" and any(
        c.dep_ == "acomp" and c.lower_ in lx.POSSIBILITY_WORDS for c in verb.children
    )


def _the_outlet_itself(claimant: Claimant, context: Context) -> bool:
    """The publisher as the claimant of its own report (no words of the text name it)."""
    return claimant.kind == "outlet" and not claimant.text and claimant.name == context.publisher


def company_named(token: Token) -> str | None:
    """ "Iberauto" in "Spanish carmaker Iberauto" or "Iberauto, the carmaker": a name the text
    calls a business."""
    if token.pos_ != "PROPN" or token.dep_ == "compound":
        return None
    names = [c for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
    described = (
        any(
            # "carmaker Iberauto", not "Bank Secrecy Act" (a word of the name itself)
            c.dep_ == "compound"
            and c.i < token.i
            and c.lemma_.casefold() in lx.COMPANY_NOUNS
            and c.text[:1].islower()
            for c in token.children
        )
        or any(
            c.dep_ == "appos" and c.lemma_.casefold() in lx.COMPANY_NOUNS for c in token.children
        )
        # "Harrow Bank", "Norland Airline": the name says what business it is.
        or (token.lower_ in lx.COMPANY_NOUNS and bool(names))
    )
    if not described:
        return None
    names = [n for n in names if n.text[:1].isupper()]
    return text_of([*names, token])


def company_meant(head: Token, context: Context) -> str | None:
    """ "the company", "the carmaker": the business the text named last."""
    if head.pos_ != "NOUN" or head.tag_ != "NN" or head.lemma_.casefold() not in lx.COMPANY_NOUNS:
        return None
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
        return None
    if any(c.dep_ in ("compound", "amod", "poss", "prep") for c in head.children):
        return None  # "the state oil company", "the company's lawyers": another one
    # "Canadian miner X suspended production ..., the company said": named in this sentence.
    here = [n for t in head.sent if t.i < head.i and (n := company_named(t)) is not None]
    return here[-1] if here else context.companies[-1] if context.companies else None


_STATE_FORCE_WORDS = frozenset({"armed", "national", "regular", "royal", "defence", "defense"})


def description_beside(entity: Span) -> Token | None:
    """The noun a text set beside an organisation's name: "the banking regulator, the FDIC",
    "the FDIC, the regulator,". Read from the words around it (the parser often breaks such
    appositions)."""
    doc = entity.doc

    def closed(i: int) -> bool:  # set off: not a list ("the army, the RSF and the police")
        return i >= len(doc) or doc[i].text in (",", ".", ")", ";")

    def usable(noun: Token) -> bool:
        # Not "the army" or "the ministry": a state's, whatever was named beside it.
        lowered = noun.lower_
        return (
            noun.pos_ == "NOUN"
            and noun.text.islower()
            and lowered not in lx.MILITARY_WORDS
            and lowered not in lx.GOVERNMENT_WORDS
        )

    end = entity.end
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
        end += 3  # "the Federal Deposit Insurance Corporation (FDIC)"
    elif end < len(doc) and doc[end].text == ")":
        end += 1  # the tagger took "(FDIC" into the name
    before = entity.start - 1
    if before >= 2 and doc[before].text == "," and closed(end):
        noun = doc[before - 1]
        if usable(noun) and doc[noun.left_edge.i].lower_ == "the":
            return noun
    if end + 2 < len(doc) and doc[end].text == "," and doc[end + 1].lower_ == "the":
        last = end + 2
        while last + 1 < len(doc) and doc[last + 1].pos_ == "NOUN" and doc[last + 1].text.islower():
            last += 1
        if usable(doc[last]) and closed(last + 1):
            return doc[last]
    return None


def group_name(entity: Span, context: Context) -> str | None:
    """The name of an organisation the text mentions, when it is no state body, outlet or
    country (those are named otherwise): "Islamic Jihad", "Rapid Support Forces (RSF)"."""
    if entity.label_ != "ORG":
        return None
    name = _strip_det(_without_acronym(entity.text))
    words = set(name.casefold().split())
    if words & lx.GOVERNMENT_WORDS or words & lx.OUTLET_WORDS or words & lx.INTELLIGENCE_WORDS:
        return None
    if not words - lx.MILITARY_WORDS - _STATE_FORCE_WORDS:
        return None  # "Army", "the Armed Forces": a state's, not a group's
    if gazetteer().country_iso(name) is not None or countries_in(list(entity)):
        return None
    return context.aliases.get(name.casefold(), name)


def group_meant(head: Token, context: Context) -> str | None:
    """ "the militant group", "the armed group", "the movement": the organisation the text named
    last (in this sentence before it, else before)."""
    if head.tag_ != "NN" or head.lemma_.casefold() not in lx.GROUP_NOUNS:
        return None
    children = list(head.children)
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in children):
        return None
    if any(c.dep_ in ("poss", "prep", "compound") or _proper(c) for c in children):
        return None  # "the group's leader", "the group of experts", "the Wagner group"
    here = [
        name
        for ent in head.sent.ents
        if ent.end <= head.i and (name := group_name(ent, context)) is not None
    ]
    return here[-1] if here else context.groups[-1] if context.groups else None


def _proper(token: Token) -> bool:
    """A name, not a description: the small tagger calls "ministry" a PROPN at times."""
    return token.pos_ == "PROPN" and token.text[:1].isupper()


def _apposed_name(head: Token) -> Token | None:
    """The name right after a description: "the Russian agency Tass" -> Tass."""
    doc = head.doc
    index = head.i + 1
    last: Token | None = None
    while index < len(doc) and doc[index].pos_ == "PROPN" and doc[index].ent_type_ != "DATE":
        last = doc[index]
        index += 1
    return last


def _named_in_aside(head: Token) -> list[Token]:
    """The name an aside gives a description: "the army's press office, the Joint Information
    Bureau, said", "the woman, identified in court papers as Jane Roe, said"."""
    for child in head.children:
        if (
            child.dep_ == "appos"
            and child.ent_type_ == "ORG"
            and _proper(child)
            and child.i > head.i + 1
            and head.doc[child.left_edge.i - 1].text == ","
        ):
            return [child]
        if child.dep_ == "acl" and child.lemma_.casefold() in lx.IDENTIFYING_CUES:
            named = [
                o
                for p in _as_phrases(child)
                for o in p.children
                if o.dep_ == "pobj"
                and (o.ent_type_ == "PERSON" or (_proper(o) and not o.ent_type_))
            ]
            if named:
                return named
    return []


_NAME_JOINERS = frozenset({"of", "and", "for", "the", "on", "in", "de", "des", "du", "&"})


def _initials(name: str) -> tuple[str, str]:
    """ "International Atomic Energy Agency" -> IAEA; "Ministry of Defence" -> MD and MOD."""
    words = [w for w in re.split(r"[\s-]+", name) if w]
    every = "".join(w[0] for w in words if w[0].isalnum()).casefold()
    content = "".join(w[0] for w in words if w.casefold() not in _NAME_JOINERS).casefold()
    return content, every


def _an_acronym(text: str) -> bool:
    """ "IAEA", "WHO", "MoD"."""
    return (
        2 <= len(text) <= 6
        and text.isalpha()
        and text[0].isupper()
        and text[-1].isupper()
        and sum(c.isupper() for c in text) >= 2
    )


def _whole_name(entity: Span, tokens: list[Token]) -> str:
    """ "U.N. Office for the Coordination of Humanitarian Affairs" where the tagger's entity
    stopped at "U.N. Office": the name goes on while its words are capitalised or join them."""
    after = [t for t in tokens if t.i >= entity.end]
    if not after or after[0].i != entity.end or after[0].lower_ not in ("for", "of", "on"):
        return entity.text
    end = entity.end
    for token in after:
        if token.i != end or not (token.lower_ in _NAME_JOINERS or _proper(token)):
            break
        end += 1
    while end > entity.end and entity.doc[end - 1].lower_ in _NAME_JOINERS:
        end -= 1
    return entity.doc[entity.start : end].text


def _spelt_out_earlier(run: list[Token], context: Context) -> Claimant | None:
    """The organisation whose name the article gave in full before its acronym, without "(X)"."""
    if len(run) != 1 or not _an_acronym(run[0].text):
        return None
    key = run[0].text.casefold()
    for earlier in reversed(context.claimants):
        if earlier.kind in ("person", "anonymous"):
            continue
        # Its name, or the words it was named by: "Britain's Ministry of Defence" is the
        # United Kingdom speaking, and "the MoD" is it again.
        words = earlier.text.split()
        owners = [k for k, w in enumerate(words) if w.endswith(("'s", "’s"))]
        named_as = " ".join(words[owners[-1] + 1 :] if owners else words)
        for name in (earlier.name, _strip_det(named_as)):
            if len(name.split()) > 1 and key in _initials(name):
                return earlier
    return None


def _acronym_said_earlier(name: str, context: Context) -> Claimant | None:
    """The claimant the article named by this name's acronym before spelling it out."""
    if len(name.split()) < 2:
        return None
    initials = _initials(name)
    for earlier in reversed(context.claimants):
        if _an_acronym(earlier.name) and earlier.name.casefold() in initials:
            return earlier
    return None


def _without_acronym(text: str) -> str:
    """ "World Health Organization (WHO" as the tagger cut it -> the name alone."""
    cut = text.rfind(" (")
    return text[:cut] if cut > 0 else text


def _expand(name: str, context: Context) -> str:
    """An acronym the article spelled out, in full: "WHO" -> "World Health Organization"."""
    return context.aliases.get(name.casefold(), name) if name else name


def _organisation_in(tokens: list[Token], context: Context) -> str:
    """The organisation a description names: "an ADF spokesman" -> "Allied Democratic Forces"."""
    for token in tokens:
        alias = context.aliases.get(token.text.casefold())
        if alias:
            return alias
    for ent in head_doc_ents(tokens):
        if ent.label_ == "ORG" and not countries_in(list(ent)):
            return _strip_det(_without_acronym(ent.text))
    return ""


def _person(name: str, text: str, affiliation: str, context: Context) -> Claimant:
    earlier = context.full_person(name) if len(name.split()) == 1 else None
    if earlier is not None:
        return Claimant(earlier.name, text, "person", affiliation or earlier.affiliation)
    return Claimant(name, text, "person", affiliation)


def _entity_at(head: Token, labels: tuple[str, ...]) -> Span | None:
    for ent in head.doc.ents:
        if ent.label_ in labels and ent.start <= head.i < ent.end:
            return ent
    return None


def _description_kind(text: str) -> str:
    kind = _kind_of(text)
    return kind if kind != "organization" else "other"


def _an_age(head: Token) -> bool:
    """ "the 62-year-old" standing for a person: "old" with "year" in its phrase."""
    return head.lower_ == "old" and any(c.lower_ in ("year", "years") for c in head.subtree)


def _recent_person(head: Token, context: Context, quotes: list[tuple[int, int]]) -> Claimant | None:
    sentence_start = head.sent.start
    trailing = head.i > sentence_start and head.doc[head.i - 1].text in (",", "”", '"', "’")
    for ent in reversed(head.doc.ents):
        if (
            ent.label_ == "PERSON"
            and sentence_start <= ent.start
            and ent.end <= head.i
            and not in_ranges(ent[0], quotes)
            # "Villagers from X had fled, he said": a name in what was said is no speaker.
            and not (trailing and ent.root.dep_ in ("pobj", "dobj"))
        ):
            return Claimant(ent.text, ent.text, "person")
    return context.persons[-1] if context.persons else None


# -- cues ----------------------------------------------------------------------------------------


def _is_cue(token: Token, quotes: list[tuple[int, int]]) -> bool:
    # Called on every token of a sentence: the cheap part-of-speech test first.
    if token.pos_ not in ("VERB", "AUX"):
        return False
    lemma = token.lemma_.casefold()
    if lemma not in lx.REPORTING_VERBS:
        if lemma == "reach":
            return _unreachable(token, quotes)
        return lemma in lx.UNANSWERED_CUES and _unanswered(token, quotes)
    if in_ranges(token, quotes):
        return False
    if token.dep_ in ("amod", "compound"):
        return False
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children) and not _ability(token):
        return False  # "a chance for governments to observe": not someone reporting
    if (
        lemma in lx.FINITE_CUES
        and token.tag_ in ("VBG", "VBN")
        and not any(c.dep_ in ("aux", "auxpass") for c in token.children)
    ):
        return False  # "..., condemning the government as a puppet regime": no statement
    if lemma in lx.IDENTIFYING_CUES:
        return _identifies(token)
    if lemma == "comment" and token.tag_ == "VBG" and token.dep_ in ("advcl", "acl", "pcomp"):
        return False  # "Commenting on the talks, the spokesman said ...": "said" reports
    if lemma == "call" and any(c.dep_ == "prep" and c.lower_ in _APPEALS for c in token.children):
        return False  # "called on the government to ...", "called for calm": an appeal
    if lemma == "claim" and any(
        c.dep_ == "dobj" and c.lemma_.casefold() in lx.CLAIMED_TOLLS for c in token.children
    ):
        return False  # "an attack that claimed many victims": a toll, not a claim
    if lemma in lx.OBJECT_CUES:
        allowed = lx.OBJECT_CUES[lemma]
        objects = [c for c in token.children if c.dep_ in ("dobj", "attr")]
        if lemma == "post" and _posted_on_platform(token):
            return True
        if lemma in ("surface", "emerge"):
            subjects = [c for c in token.children if c.dep_ in _SUBJECTS]
            return any(
                s.lemma_.casefold() in ("report", "rumor", "claim", "allegation", "news")
                for s in subjects
            )
        return any(o.lemma_.casefold() in allowed or o.lower_ in allowed for o in objects)
    if lemma in lx.DESCRIBING_CUES and _says_what_it_is(token):
        return True  # "described the vote as fraudulent", "viewed polling as free and fair"
    if lemma in lx.CLAUSE_CUES:
        # Only with a clause or an object complement: "called X a rumor", "found that ...",
        # "declared the incumbent the winner" (the parser's apposition); "documented 67
        # killings" with a counted object.
        return any(c.dep_ in ("ccomp", "oprd", "xcomp") for c in token.children) or any(
            c.dep_ == "dobj"
            and any(
                g.dep_ in ("appos", "oprd") or (g.dep_ == "nummod" and lemma in lx.COUNTING_CUES)
                for g in c.children
            )
            for c in token.children
        )
    if lemma in ("decline", "refuse"):
        return any(
            (c.dep_ == "xcomp" and c.lemma_.casefold() in lx.NEITHER_AFTER)
            or (c.dep_ == "dobj" and c.lemma_.casefold() == "comment")  # "declined comment"
            for c in token.children
        )
    return True


_APPEALS = frozenset({"on", "upon", "for"})


def _unanswered(token: Token, quotes: list[tuple[int, int]]) -> bool:
    """ "did not return calls", "has not returned messages": no answer, so no position."""
    allowed = lx.UNANSWERED_CUES[token.lemma_.casefold()]
    children = list(token.children)
    return (
        any(c.dep_ == "neg" for c in children)
        and any(c.dep_ == "dobj" and c.lower_ in allowed for c in children)
        and not in_ranges(token, quotes)
    )


def _unreachable(token: Token, quotes: list[tuple[int, int]]) -> bool:
    """ "X could not be reached for comment", "could not immediately be reached for a response":
    no answer from X, so no position (the village that "could not be reached by road" is none)."""
    children = list(token.children)
    return (
        any(c.dep_ == "neg" for c in children)
        and any(c.dep_ == "nsubjpass" for c in children)
        and any(
            c.dep_ == "prep"
            and c.lower_ == "for"
            and any(o.lemma_.casefold() in lx.ANSWER_NOUNS for o in c.children)
            for c in children
        )
        and not in_ranges(token, quotes)
    )


def _as_phrases(token: Token) -> list[Token]:
    """The "as" phrases of "named the driver as X" (on the verb or, as parsed, its object)."""
    holders = [token, *[c for c in token.children if c.dep_ == "dobj"]]
    return [c for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ == "as"]


def _identifies(token: Token) -> bool:
    """ "Police named the driver as X", "was identified by officials as Y": a naming said by
    someone; not "the man, identified as X, said" (an aside) nor a passive with no namer."""
    return token.dep_ not in ("acl", "relcl", "amod") and _says_what_it_is(token)


def _says_what_it_is(token: Token) -> bool:
    """ "named the driver as X", "described the vote as a sham", "was viewed by observers as
    fair": someone says what a thing is; not "is regarded as a stronghold" (no one does)."""
    if token.dep_ in ("acl", "amod") or not any(list(p.children) for p in _as_phrases(token)):
        return False
    children = list(token.children)
    if any(c.dep_ == "nsubjpass" for c in children):
        return any(c.dep_ == "agent" for c in children)
    return any(c.dep_ == "dobj" for c in children)


def _posted_on_platform(token: Token) -> bool:
    """ "the ministry posted on Telegram", "wrote ... posted on its website"."""
    return any(
        c.dep_ == "prep"
        and c.lower_ == "on"
        and any(o.dep_ == "pobj" and o.lower_ in lx.POSTING_PLACES for o in c.children)
        for c in token.children
    )


def _not_yet(verb: Token) -> bool:
    """ "has yet to", "is yet to": not done so far."""
    return verb.lemma_ in ("have", "be") and any(c.lower_ == "yet" for c in verb.children)


def _ability(token: Token) -> Token | None:
    """ "able" in "has not been able to confirm", "unable to verify", "possible" in "it was not
    possible to verify": the word carrying the negation and the tense of the cue."""
    head = token.head
    if token.dep_ != "xcomp" or head.i == token.i:
        return None
    if head.lower_ in ("able", "unable"):
        return head
    if _not_yet(head) and token.lemma_.casefold() in (*lx.NEITHER_AFTER, "respond"):
        return head  # "The army has yet to comment on the claims"
    if token.lemma_.casefold() in lx.NEITHER_AFTER and _possibility(head):
        # "It was not (immediately) possible to confirm ...", as parsed: both hang on "was".
        return next(c for c in head.children if c.lower_ in lx.POSSIBILITY_WORDS)
    return None


def _speaker_after_comma(subjects: list[Token], verb: Token) -> Token | None:
    """ "X has recorded 1,240 cases, most of them in the south, the ministry said": the parser
    gave "said" two subjects; the last, set off by a comma just before the verb, speaks."""
    if len(subjects) < 2 or any(s.i > verb.i for s in subjects):
        return None
    last = max(subjects, key=_INDEX)
    start = last.left_edge.i
    if start == 0 or last.doc[start - 1].text != ",":
        return None
    if any(t.i >= start for s in subjects if s is not last for t in s.subtree):
        return None
    return last


_RELATIVES = frozenset({"who", "which", "that"})


def _dateline(token: Token) -> bool:
    """A place name opening the text and set off by a colon: "Toronto:"."""
    if token.left_edge.i != token.sent.start:
        return False
    end = token.right_edge
    after = end.nbor() if end.i + 1 < len(token.doc) else end
    return end.text == ":" or after.text == ":"


def subject_of(token: Token) -> Token | None:
    agent = as_reported_by(token)
    if agent is not None:
        return agent  # "..., as confirmed by local activists"
    current: Token | None = token
    for _ in range(4):
        if current is None:
            return None
        children = list(current.children)
        # The small parser sometimes hangs the subject on the auxiliary ("agencies have ...").
        children += [g for c in children if c.dep_ == "aux" for g in c.children]
        subjects = [c for c in children if c.dep_ in _SUBJECTS]
        if len(subjects) > 1:
            # "Toronto: Research In Motion said ...": a dateline the parser made a subject;
            # "gunboats that the fishermen say block ...": the relative word is no speaker.
            subjects = [
                s for s in subjects if not _dateline(s) and s.lower_ not in _RELATIVES
            ] or subjects
        if subjects:
            verb = current
            # "X has recorded 1,240 cases, most of them in the south, the ministry said": the
            # parser gave "said" two subjects; the one next to the verb is the speaker.
            child = _speaker_after_comma(subjects, verb) or subjects[0]
            # "X was quoted (by Y) as saying": X speaks, Y only carried it.
            # "X could not be reached (by us) for comment": X gave no answer.
            if child.dep_ == "nsubjpass" and verb.lemma_.casefold() not in ("quote", "reach"):
                agents = [a for a in verb.children if a.dep_ == "agent"]
                for agent in agents:
                    objects = [o for o in agent.children if o.dep_ == "pobj"]
                    if objects:
                        return objects[0]
            if child.lower_ in _RELATIVES and verb.dep_ == "relcl":
                return verb.head
            return child
        ages = [c for c in children if c.dep_ == "amod" and c.i < current.i and _an_age(c)]
        if ages and any(c.dep_ == "det" and c.i < ages[0].i for c in children):
            return ages[0]  # '"...," the 62-year-old alleged', parsed as the verb's modifier
        if current.dep_ in ("conj", "xcomp", "advcl") and current.head.i != current.i:
            current = current.head
            continue
        if current.dep_ == "acomp" and current.lower_ in ("able", "unable"):
            current = current.head
            continue
        issued = current.head
        if (
            current.dep_ == "acl"
            and issued.dep_ == "dobj"
            and issued.lemma_.casefold() in lx.ISSUED_NOUNS
            and issued.head.i != issued.i
        ):
            current = issued.head  # "X filed a sworn statement denying ...": X denies
            continue
        if current.dep_ in ("relcl", "acl") and current.head.pos_ in ("NOUN", "PROPN"):
            return current.head  # "past reports indicating ...", "Wire News, reporting ..."
        return None
    return None


def as_reported_by(token: Token) -> Token | None:
    """X in "..., as confirmed by X", "as reported by X": a passive aside with no subject of its
    own whose agent speaks for the clause it hangs on."""
    if token.tag_ != "VBN" or token.dep_ != "advcl":
        return None
    children = list(token.children)
    if not any(c.lower_ == "as" and c.dep_ in ("mark", "advmod") for c in children):
        return None
    if any(c.dep_ in _SUBJECTS for c in children):
        return None
    for agent in children:
        if agent.dep_ == "agent":
            objects = [o for o in agent.children if o.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


def _cue_text(token: Token) -> str:
    lemma = token.lemma_.casefold()
    children = list(token.children)
    preconj = [c for c in children if c.dep_ == "preconj" and c.lower_ == "neither"]
    nor = [c for c in children if c.dep_ == "conj" and any(g.lower_ == "nor" for g in c.children)]
    nor = nor or [
        c for c in children if c.dep_ == "conj" and c.i > 0 and c.doc[c.i - 1].lower_ == "nor"
    ]
    if preconj and nor:
        return f"neither {token.text} nor {nor[0].text}"
    parts = [c for c in children if c.dep_ in ("aux", "neg", "auxpass") and c.i < token.i]
    parts += [c for c in children if c.lower_ == "independently" and c.i < token.i]
    negated = any(c.dep_ == "neg" for c in parts)
    text = token.text
    if negated:
        text = text_of([*parts, token])
    able = _ability(token)
    if able is not None:
        # "has not been able to confirm", "unable to verify"
        verb = able.head if able.dep_ == "acomp" else able
        helpers = [c for c in verb.children if c.dep_ in ("aux", "neg") and c.i < verb.i]
        helpers += [verb] if verb is not able else []
        # "was not immediately possible to verify"
        helpers += [
            c for c in verb.children if c.dep_ in ("neg", "advmod") and verb.i < c.i < able.i
        ]
        yet = " yet" if _not_yet(able) else ""
        text = text_of([*helpers, able]) + f"{yet} to {token.text}"
    if lemma == "tell":
        audience = [
            c for c in children if c.dep_ in ("dobj", "dative") and c.lower_ in lx.AUDIENCES
        ]
        if audience:
            text = f"{text} {text_of(list(audience[0].subtree))}"
    if lemma in lx.OBJECT_CUES or lemma in lx.UNANSWERED_CUES:
        objects = [c for c in children if c.dep_ in ("dobj", "attr")]
        if objects and lemma in lx.FIGURE_CUES:
            text = f"{text} {text_of(noun_phrase(objects[0]))} at"  # "put the death toll at"
        elif objects:
            text = f"{text} {objects[0].text}"
    if lemma == "quote":
        saying = [g for c in children if c.lower_ == "as" for g in c.children if g.lemma_ == "say"]
        if saying:
            text = f"{text} as {saying[0].text}"
    if lemma in ("decline", "refuse"):
        xcomp = [c for c in children if c.dep_ == "xcomp"]
        if xcomp:
            text = f"{text} to {xcomp[0].text}"
        elif any(c.dep_ == "dobj" and c.lemma_.casefold() == "comment" for c in children):
            text = f"{text} comment"
    oprd = [c for c in children if c.dep_ == "oprd"]
    if oprd:
        words = text_of(list(oprd[0].subtree)).replace("“", "").replace("”", "").replace('"', "")
        text = f"{text} … {words.strip(' .')}"
    particle = [c for c in children if c.dep_ == "prt"]
    if particle:
        text = f"{text} {particle[0].text}"
    return text


def _negated(token: Token) -> bool:
    if any(c.dep_ == "neg" for c in token.children):
        return True
    able = _ability(token)
    if able is not None:
        verb = able.head if able.dep_ == "acomp" else able
        return (
            able.lower_ in ("unable", "impossible")
            or _not_yet(able)
            or any(c.dep_ == "neg" for c in verb.children)
        )
    for child in token.children:
        if child.dep_ in _SUBJECTS:
            if child.lower_ in ("nobody", "none") or any(
                g.dep_ in ("preconj", "det") and g.lower_ in ("neither", "no")
                for g in child.children
            ):
                return True
            if child.lower_ == "one" and any(g.lower_ == "no" for g in child.children):
                return True
    return False


_EPISTEMIC = frozenset({"confirm", "announce", "acknowledge", "verify", "corroborate", "comment"})


def _epistemic_negation(root: Token) -> bool:
    """ "has not confirmed", "has made no such announcements": no position either way."""
    if not _negated(root) and not any(
        c.dep_ == "dobj" and any(g.lower_ == "no" for g in c.children) for c in root.children
    ):
        return False
    lemma = root.lemma_.casefold()
    if lemma in _EPISTEMIC:
        return True
    objects = [c.lemma_.casefold() for c in root.children if c.dep_ == "dobj"]
    return lemma == "make" and any(o in ("announcement", "statement", "comment") for o in objects)


def stance_of(cue: Token | None, content: list[Token], *, direct_quote: bool) -> Stance:
    if cue is None:
        return "asserts"
    lemma = cue.lemma_.casefold()
    cue_text = _cue_text(cue).casefold()
    if cue_text.startswith("neither "):
        return "neither"
    if lemma in ("decline", "refuse"):
        return "neither"
    negated = _negated(cue)
    if lemma in lx.CONFIRM_VERBS:
        return "neither" if negated else "confirms"
    if lemma in lx.DENY_VERBS:
        return "neither" if negated else "denies"
    oprd = [c for c in cue.children if c.dep_ == "oprd"]
    if lemma in lx.DESCRIBING_CUES:
        oprd = oprd or _as_phrases(cue)  # "described the report as baseless"
    if oprd and {t.lemma_.casefold() for t in oprd[0].subtree} & lx.DENY_WORDS:
        return "denies"
    conjuncts = [c for c in cue.children if c.dep_ == "conj" and c.pos_ == "VERB"]
    if any(c.lemma_.casefold() in lx.DENY_VERBS and not _negated(c) for c in conjuncts):
        return "denies"  # "told state media that ... but denied that the army had lost"
    if negated:
        return "neither"
    roots = [t for t in content if t.head not in content or t.head.i == t.i]
    verbs = [t for t in roots if t.pos_ in ("VERB", "AUX")]
    if direct_quote:
        # A speaker's own words that say it is not so: "That is simply untrue", "There is
        # no evidence of a leak", "We are not sending anyone", "They were not combatants".
        # Only the quotation's first sentences count; the rest is elaboration.
        for root in verbs[:2]:
            if _epistemic_negation(root):
                return "neither"  # "neither X nor Y has made any such announcements"
            clauses = [c for c in root.children if c.dep_ in ("ccomp", "conj") and c.pos_ == "VERB"]
            if any(_says_not_so(verb) for verb in (root, *clauses)):
                return "denies"
        return "asserts"
    for root in verbs[:1]:
        conjuncts = [root, *[c for c in root.children if c.dep_ == "conj"]]
        if _epistemic_negation(conjuncts[0]):
            return "neither"
        if _says_not_so(root):
            return "denies"
        if _negated(root):
            lemma = root.lemma_.casefold()
            if lemma in lx.REPORTING_VERBS:
                return "neither"  # "did not mention the deployment"
            if (lemma in lx.EVENT_VERBS or lemma in lx.DENIABLE_VERBS) and not _intended(root):
                return "denies"  # "said it did not shell the market"
            # "France said it did not recognise the junta": a position, not a denial.
        complements = [
            c
            for c in root.children
            if c.dep_ in ("acomp", "attr") and c.lemma_.casefold() in lx.DENY_WORDS
        ]
        if complements:
            return "denies"
    return "asserts"


def _says_not_so(root: Token) -> bool:
    """The clause denies something: a negated event, "X is false/not true", "there is no
    evidence", "those killed were not combatants", "the claim is not supported"."""
    lemma = root.lemma_.casefold()
    children = list(root.children)
    if any(c.dep_ == "advmod" and c.lower_ in lx.FALSITY_ADVERBS for c in children):
        return True  # "its boats have been falsely accused of ramming ..."
    negated = _negated(root)
    complements = [c for c in children if c.dep_ in ("acomp", "attr")]
    complements += [g for c in complements for g in c.children if g.dep_ == "conj"]
    if any(c.lemma_.casefold() in lx.DENY_WORDS for c in complements):
        return True  # "the report is false and misleading"
    if any(c.lemma_.casefold() in lx.TRUTH_WORDS and (negated or _negated(c)) for c in complements):
        return True  # "that is simply not correct"
    if (
        negated
        and lemma == "be"
        and any(c.dep_ == "attr" and c.pos_ in ("NOUN", "PROPN") for c in children)
    ):
        return not any(c.dep_ == "expl" for c in children)  # "they were not combatants"
    if lemma == "be" and any(c.dep_ == "expl" for c in children):
        # "there is no evidence of a leak", "there was no plan to ..."
        return any(
            c.dep_ == "attr"
            and c.lemma_.casefold() in lx.ABSENCE_NOUNS
            and (negated or any(g.lower_ == "no" for g in c.children))
            for c in children
        )
    if lemma == "have" and any(
        c.dep_ == "dobj"
        and c.lemma_.casefold() in lx.PART_NOUNS
        and (negated or any(g.lower_ == "no" for g in c.children))
        for c in children
    ):
        return True  # "it had no involvement in the protests", "has no role in the attack"
    subjects = [c for c in children if c.dep_ in _SUBJECTS]
    if negated and any(s.lemma_.casefold() in lx.CLAIM_NOUNS for s in subjects):
        return True  # "the council member's claim ... is not supported by testing"
    return (
        negated and (lemma in lx.EVENT_VERBS or lemma in lx.DENIABLE_VERBS) and not _intended(root)
    )


def _intended(verb: Token) -> bool:
    """ "would not take part", "will not attend": what someone means to do, not a denial that
    something happened."""
    return any(c.dep_ == "aux" and c.lower_ in _INTENT_AUXILIARIES for c in verb.children)


_INTENT_AUXILIARIES = frozenset({"will", "would", "shall", "wo", "'ll", "’ll"})


def hedge_of(tokens: list[Token]) -> str:
    """ "could", "certainly possible, perhaps even likely": the words that make it uncertain."""
    phrases: list[str] = []
    doc_tokens = sorted(tokens, key=lambda t: t.i)
    members = {t.i for t in doc_tokens}
    for token in doc_tokens:
        lower = token.lower_
        is_modal = token.tag_ == "MD" and lower in lx.HEDGE_MODALS
        if not is_modal and lower not in lx.HEDGE_WORDS:
            continue
        if lower in lx.HEDGE_WORDS and token.i + 1 in members:
            following = token.doc[token.i + 1]
            if following.lower_ in lx.HEDGE_WORDS:
                continue  # the next word carries the phrase: "perhaps even likely"
        start = token.i
        while (
            start - 1 in members
            and token.doc[start - 1].pos_ == "ADV"
            and (token.doc[start - 1].lower_ not in ("so", "just", "also", "then"))
        ):
            start -= 1
        phrase = token.doc[start : token.i + 1].text
        if phrase not in phrases and not any(phrase in p for p in phrases):
            phrases = [p for p in phrases if p not in phrase]
            phrases.append(phrase)
    return ", ".join(phrases)


# -- content -------------------------------------------------------------------------------------


def _exclusions(tokens: list[Token]) -> set[int]:
    """Token ids of attribution furniture inside a clause: "citing ...", "according to ..."."""
    excluded: set[int] = set()
    for token in tokens:
        lemma = token.lemma_.casefold()
        if (
            (lemma == "cite" and token.pos_ == "VERB")
            or (lemma == "accord" and token.dep_ == "prep")
            or (token.lower_ == "according")
        ):
            excluded.update(t.i for t in token.subtree)
    return excluded


def content_of(
    cue: Token, sentence: Span, quotes: list[tuple[int, int]]
) -> tuple[list[Token], bool]:
    """The proposition's tokens, and whether it is a direct quotation."""
    inside = [t for t in sentence if in_ranges(t, quotes) and not t.is_punct]
    if quotes and len(inside) >= max(3, 0.4 * len(sentence)):
        return inside, True
    tokens, direct = _clause_of(cue, sentence, quotes)
    if len(inside) >= 3 and (
        (direct and tokens) or (not tokens and not in_ranges(cue, quotes) and cue.i > inside[0].i)
    ):
        # ""That is simply not correct," said X, the mayor's spokeswoman": the quotation
        # is what was said, however short next to the speaker's description.
        return inside, True
    if not tokens:
        # "It was reported by the broadcaster X that troops fired ...": the that-clause hangs
        # somewhere under the reporter.
        for token in cue.subtree:
            if token.dep_ in ("relcl", "acl", "ccomp") and _is_that_clause(token):
                return _without_mark(token), False
    return tokens, False


def _is_that_clause(clause: Token) -> bool:
    """A clause its "that" introduces: "... reported that troops fired", "a charge that ..."."""
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)


def _without_mark(clause: Token) -> list[Token]:
    """The clause's words without its own subordinating word: "troops fired", not "that"."""
    return [t for t in clause.subtree if not (t.dep_ == "mark" and t.head.i == clause.i)]


def is_stray_participle(token: Token) -> bool:
    """ "occupied Crimea" parsed as an adverbial clause (or a loose dependent) of the verb before
    it, though it ends the phrase it follows (no comma between): a past participle with an
    object, not a clause."""
    return (
        token.dep_ in ("advcl", "dep")
        and token.tag_ == "VBN"
        and token.i > 0
        and not token.doc[token.i - 1].is_punct
        and any(g.dep_ == "dobj" for g in token.children)
    )


def _clause_of(
    cue: Token, sentence: Span, quotes: list[tuple[int, int]]
) -> tuple[list[Token], bool]:
    """The cue's clause, and whether the parser put that clause inside a quotation."""
    for child in cue.children:
        if child.dep_ == "dobj" and child.i > cue.i and glued_noun(child) is not None:
            return _glued_object(cue, child), False
    clause: Token | None = None
    for child in cue.children:
        if child.dep_ == "ccomp" or (
            child.dep_ == "xcomp" and child.lemma_.casefold() not in lx.NEITHER_AFTER
        ):
            clause = child
            break
    if clause is None:
        # "in what Ankara called ...": a relative pronoun is no content.
        objects = [
            c for c in cue.children if c.dep_ in ("dobj", "attr") and c.tag_ not in ("WP", "WDT")
        ]
        for obj in objects:
            for child in obj.children:
                if child.dep_ in ("acl", "ccomp", "relcl") and _is_that_clause(child):
                    clause = child
                    break
            if clause is None:
                for child in obj.children:
                    if child.dep_ == "prep" and child.lower_ in (
                        "about",
                        "over",
                        "regarding",
                        "on",
                    ):
                        clause = child
                        break
        if clause is None:
            for child in cue.children:
                if child.dep_ == "prep" and child.lower_ in ("about", "over", "regarding", "that"):
                    clause = child
                    break
        preps = [c for c in cue.children if c.dep_ == "prep" and c.lower_ in ("of", "for")]
        if cue.lemma_.casefold() in lx.IDENTIFYING_CUES | lx.DESCRIBING_CUES:
            # "named X as Y", "described the vote as a sham"
            preps += [p for p in _as_phrases(cue) if p.head.i == cue.i]
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in cue.children)
        if passive and not preps:
            # "has been accused by rights groups of carrying out ...": "of" under the agent.
            agents = [g for c in cue.children if c.dep_ == "agent" for g in c.children]
            preps = [p for a in agents for p in a.children if p.dep_ == "prep" and p.lower_ == "of"]
        if clause is None and not objects and passive and preps:
            # "The junta has been accused by rights groups of carrying out air strikes"
            agent = trailing_agent(cue)
            accuser = {t.i for t in agent.subtree} if agent is not None else set()
            tokens = [t for p in preps for t in p.subtree if t.i not in accuser]
            return tokens, False
        if clause is None and objects and preps:
            # "accused the RSF of committing genocide in West Darfur"
            tokens = [t for o in (objects[0], *preps) for t in o.subtree]
            excluded = _exclusions(tokens)
            return [t for t in tokens if t.i not in excluded], False
        if clause is None and objects:
            obj = objects[0]
            if obj.lower_ not in lx.AUDIENCES and not (
                cue.lemma_.casefold() in lx.OBJECT_CUES
                and obj.lemma_.casefold() in lx.OBJECT_CUES.get(cue.lemma_.casefold(), ())
                and not list(obj.children)
            ):
                clause = obj
    if clause is None:
        for conj in (c for c in cue.children if c.dep_ == "conj"):
            objects = [c for c in conj.children if c.dep_ == "dobj"]
            if objects:
                clause = objects[0]  # "neither confirmed nor denied the accusations"
                break
    if clause is None and cue.dep_ == "acl" and cue.head.dep_ in ("nsubj", "nsubjpass"):
        # "Wire News reported ... that X has not announced": parsed with "reported" inside the
        # subject of the clause it introduces.
        main = cue.head.head
        if _is_that_clause(main):
            skip = {t.i for t in cue.head.subtree}
            return [t for t in _without_mark(main) if t.i not in skip], False
    if clause is None and cue.dep_ == "relcl":
        clause = _stranded_clause(cue)
    if clause is None and _inverted_after_comma(cue):
        # "More than 20 soldiers died ..., reports the newspaper X", parsed with "reports" as a
        # second verb of "died": what went before the comma is what X reports.
        own = {t.i for t in cue.subtree}
        return [t for t in cue.head.subtree if t.i not in own and t.i < cue.i - 1], False
    if clause is None:
        return [], False
    if clause.dep_ == "dobj" and cue.lemma_.casefold() in lx.FIGURE_CUES:
        values = [
            c for c in cue.children if c.dep_ == "prep" and c.lower_ == "at" and c.i > clause.i
        ]
        if values:
            # "put the death toll at 31": the figure and its value.
            return [*clause.subtree, *[t for v in values for t in v.subtree]], False
    if clause.dep_ == "dobj":
        # "forecast 3 percent to 5 percent growth": a range the parser split at "to".
        ranges = [
            c for c in cue.children if c.dep_ == "prep" and c.lower_ == "to" and c.i == clause.i + 1
        ]
        if ranges and any(t.like_num for t in clause.subtree):
            return [*clause.subtree, *ranges[0].subtree], False
    if clause.dep_ == "xcomp" and clause.lemma_.casefold() in lx.SHOWING_VERBS:
        # "The image purports to show 400 soldiers gathered ...": the soldiers gathered.
        shown = [c for c in clause.children if c.dep_ in ("ccomp", "dobj")]
        if shown:
            clause = shown[0]
    excluded = _exclusions(list(clause.subtree))
    if clause.dep_ == "dobj" and cue.lemma_.casefold() in lx.DENY_VERBS:
        # "rejected the accusations as baseless": what is rejected, not how it is called.
        for child in clause.children:
            if child.dep_ == "prep" and child.lower_ == "as":
                excluded.update(t.i for t in child.subtree)
    tokens = [
        t
        for t in clause.subtree
        if t.i not in excluded
        and not (
            t.dep_ == "mark" and t.head.i == clause.i and t.lower_ in ("that", "if", "whether")
        )
        and not (t.dep_ == "prep" and t.i == clause.i)
    ]
    last = max((t.i for t in tokens), default=clause.i)
    for child in cue.children:
        if child.i == last + 1 and is_stray_participle(child):
            # "... missiles to target occupied Crimea": the parser hung "occupied Crimea" on the
            # reporting verb; a participle right after the clause, with an object, is its end.
            tokens += list(child.subtree)
    subjects = [c for c in cue.children if c.dep_ in _SUBJECTS]
    speaker = _speaker_after_comma(subjects, cue)
    if speaker is not None and clause.i < cue.i:
        # What the parser took for a first subject of "said" ends the clause before it.
        tokens += [t for s in subjects if s is not speaker and s.i > last for t in s.subtree]
    words = [t for t in tokens if not t.is_punct]
    quoted = [t for t in words if in_ranges(t, quotes)]
    # A partial quotation ('the militia had only "defended its positions"') stays indirect.
    return tokens, bool(words) and len(quoted) >= 0.8 * len(words)


def _inverted_after_comma(cue: Token) -> bool:
    """ "..., reports the newspaper X" / "..., said X": a cue after a comma, its speaker after
    it, that the parser made a conjunct of the verb before the comma."""
    return (
        cue.dep_ == "conj"
        and cue.head.i < cue.i
        and cue.head.pos_ in ("VERB", "AUX")
        and cue.doc[cue.i - 1].text == ","
        and not any(c.dep_ == "cc" for c in cue.head.children if c.i < cue.i)
        and any(c.dep_ in _SUBJECTS and c.i > cue.i for c in cue.children)
    )


def _stranded_clause(cue: Token) -> Token | None:
    """ "patrol boats that Manila says harass fishing vessels": the verb after the cue is what
    Manila says of the boats, though the parser hung it on the sentence's verb."""
    if not any(c.dep_ in ("dobj", "nsubj") and c.lower_ in _RELATIVES for c in cue.children):
        return None
    following = cue.nbor() if cue.i + 1 < len(cue.doc) else None
    if (
        following is not None
        and following.pos_ == "VERB"
        and following.head.i != cue.i
        and following.dep_ in ("advcl", "conj", "dep", "xcomp")
        and following.tag_ in ("VBP", "VBZ", "VBD", "VB")
    ):
        return following
    return None


def _glued_object(cue: Token, name: Token) -> list[Token]:
    """What "denied a charge X has repeatedly made that its troops crossed the border" denies:
    the charge's that-clause, else the charge ("a charge"), never "X has made"."""
    glued = glued_noun(name)
    assert glued is not None
    for verb in cue.children:
        if verb.dep_ not in ("ccomp", "relcl") or verb.i < name.i:
            continue
        for clause in verb.children:
            if clause.dep_ in ("ccomp", "acl", "advcl") and _is_that_clause(clause):
                return _without_mark(clause)
    return list(name.doc[glued.i - 1 : glued.i + 1])


@dataclass(frozen=True)
class Remark:
    """A cue that remarks on another speaker's words ("..., a claim X has denied"): the noun that
    names those words ("claim") and where the remark begins (its article)."""

    noun: Token
    start: int


@dataclass(frozen=True)  # frozen: the remark, worked out once, stays the cue's
class CueChoice:
    token: Token
    subject: Token | None

    @cached_property
    def remark(self) -> Remark | None:
        """The remark this cue makes, if it makes one; worked out once, though the cue's sentence
        asks three times (which cues are outer, where a second speaker begins, what was said)."""
        noun = remark_noun(self)
        return None if noun is None else Remark(noun, _remark_start(noun))


def find_cue(sentence: Span, quotes: list[tuple[int, int]]) -> CueChoice | None:
    """The reporting verb that carries the sentence: outside quotes, nearest the root."""
    outer = outer_cues(sentence, quotes)
    return outer[0] if outer else None


def outer_cues(sentence: Span, quotes: list[tuple[int, int]]) -> list[CueChoice]:
    """The attributions of a sentence that are not part of another's content, in text order."""
    options: list[tuple[int, int, CueChoice]] = []
    for token in sentence:
        if not _is_cue(token, quotes):
            continue
        subject = subject_of(token)
        if subject is not None and token.dep_ == "acl" and subject.i == token.head.i:
            subject = _named_remarker(subject, token) or subject
        if subject is not None and subject.dep_ == "nsubjpass":
            # "X was accused of rigging the vote by the opposition": the opposition accuses.
            agent = trailing_agent(token)
            if agent is not None:
                subject = next(o for o in agent.children if o.dep_ == "pobj")
        if subject is not None and in_ranges(subject, quotes):
            subject = None
        if subject is None and token.lemma_.casefold() not in ("surface", "emerge"):
            continue
        options.append((depth(token), token.i, CueChoice(token, subject)))
    if not options:
        return []
    # The outermost attribution: a cue inside another cue's clause is part of the content
    # ("Y denied Z, X said"); otherwise the first in reading order ("X reported that Y has
    # not announced ...", however the parser attached "reported").
    cue_ids = {choice.token.i for _, _, choice in options}
    nested: set[int] = set()
    for _, _, choice in options:
        # "A said X, a charge B denied", parsed with A's words inside B's: they are not B's.
        glued = glued_noun(choice.subject) if choice.subject is not None else None
        begins = glued.i if glued is not None else -1
        for child in choice.token.children:
            if child.dep_ in ("ccomp", "xcomp", "dobj"):
                nested.update(
                    t.i
                    for t in child.subtree
                    if t.i in cue_ids and t.i != choice.token.i and t.i > begins
                )
    # "..., a figure the opposition called a fabrication": a remark appended to the content is
    # another speaker's attribution, wherever the parser hung it.
    appended = {
        choice.token.i
        for _, _, choice in options
        if (remark := choice.remark) is not None
        and (
            (choice.token.dep_ == "relcl" and choice.token.head.dep_ in ("npadvmod", "appos"))
            or any(o.token.i < remark.start for _, _, o in options)
        )
    }
    nested -= appended
    outer = [item for item in options if item[2].token.i not in nested] or options
    outer.sort(key=lambda item: item[1])
    return [item[2] for item in outer]


def _named_remarker(noun: Token, verb: Token) -> Token | None:
    """ "..., a claim Colonel X denied on Monday", parsed with the name in apposition to "a claim"
    and "denied" as its participle: the name speaks, not the claim."""
    if noun.lemma_.casefold() not in lx.CLAIM_NOUNS:
        return None
    names = [c for c in noun.children if c.dep_ == "appos" and c.pos_ == "PROPN" and c.i < verb.i]
    if not names or any(t.is_punct for t in noun.doc[noun.i + 1 : names[0].i]):
        return None  # "a claim, X, ...": an apposition after a comma is the claim's content
    return names[0]


def remark_noun(choice: CueChoice) -> Token | None:
    """The noun of a remark on another speaker's words, when the cue is one: "figure" in "...,
    a figure the opposition called a fabrication", "charge" in "..., a charge X has denied" (read
    with "a charge" as a word of the name), "claim" in "..., a claim the Y government denied"
    (with "a claim" as a second clause of the verb before)."""
    subject = choice.subject
    if subject is None:
        return None
    glued = glued_noun(subject)
    if glued is not None:
        return glued
    token, head = choice.token, choice.token.head
    if (
        token.dep_ in ("relcl", "acl")
        and subject.i > head.i
        and (
            head.dep_ in ("npadvmod", "appos")
            or (head.dep_ in ("ccomp", "dep") and head.lemma_.casefold() in lx.CLAIM_NOUNS)
            # "X accused Y of ..., an allegation Z has rejected": a second object after a comma.
            or (
                head.dep_ == "dobj"
                and head.lemma_.casefold() in lx.CLAIM_NOUNS
                and _after_comma(head)
                and any(c.dep_ == "dobj" and c.i < head.i for c in head.head.children)
            )
        )
    ):
        return head
    return None


def _after_comma(noun: Token) -> bool:
    first = min(t.i for t in noun.subtree)
    return first > 0 and noun.doc[first - 1].text in _ASIDE_MARKS


def _remark_start(noun: Token) -> int:
    """Where the remark whose noun ``remark_noun`` found begins: its article."""
    if noun.head.i != noun.i and noun.dep_ in ("compound", "nmod"):
        return noun.i - 1  # the article before the glued noun
    return min(t.i for t in noun.subtree if not t.is_punct)


def according_to(sentence: Span, quotes: list[tuple[int, int]]) -> Token | None:
    """The head of X in "according to X" (outside quotes)."""
    for token in sentence:
        if token.lower_ == "according" and not in_ranges(token, quotes):
            for child in token.children:
                if child.lower_ == "to":
                    objects = [o for o in child.children if o.dep_ == "pobj"]
                    if objects:
                        return objects[0]
            following = token.doc[token.i + 1 : token.i + 2]
            if len(following) and following[0].lower_ == "to":
                objects = [o for o in following[0].children if o.dep_ == "pobj"]
                if objects:
                    return objects[0]
    return None


def source_head(head: Token) -> Token:
    """ "a report in Tass" -> Tass; "a translation by Al Jazeera" -> the outlet; "figures from
    the health ministry" -> the ministry; "its annual report" -> what "its" stands for."""
    if head.lemma_.casefold() in lx.SOURCE_NOUNS or head.lower_ in lx.SOURCE_NOUNS:
        for child in head.children:
            if child.dep_ in ("prep", "agent") and child.lower_ in ("by", "from", "in", "of"):
                objects = [o for o in child.children if o.dep_ == "pobj"]
                if objects and objects[0].ent_type_ not in ("DATE", "TIME"):
                    return objects[0]
        for child in head.children:
            if child.dep_ == "acl" and child.lemma_.casefold() in lx.RELAYING_VERBS:
                # "according to documents seen by the daily X": X.
                agents = [o for a in child.children if a.dep_ == "agent" for o in a.children]
                if agents and agents[0].dep_ == "pobj":
                    return agents[0]
        named = [c for c in head.children if c.dep_ == "compound" and _proper(c)]
        if named and not any(c.dep_ == "poss" for c in head.children):
            return named[-1]  # "according to the WSJ report": the WSJ
        owners = [c for c in head.children if c.dep_ == "poss"]
        if owners:
            owner = owners[0]
            if owner.lower_ in ("its", "their"):
                subject = _sentence_subject(owner)
                return subject if subject is not None and subject not in head.subtree else owner
            return _described_earlier(owner) or owner
    return head


def _sentence_subject(token: Token) -> Token | None:
    """The subject of the token's sentence, for "its"/"their" pointing back inside it."""
    root = token.sent.root
    for child in root.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ in ("NOUN", "PROPN"):
            return child
    return None


def _described_earlier(token: Token) -> Token | None:
    """ "the agency's tally" after "the monitoring agency Airwars" in the same sentence."""
    if token.pos_ == "PROPN" or not any(c.lower_ == "the" for c in token.children):
        return None
    for earlier in token.sent:
        if earlier.i >= token.i:
            break
        if earlier.lemma_.casefold() == token.lemma_.casefold():
            named = _apposed_name(earlier)
            if named is not None:
                return named
    return None


def trailing_speaker(cue: Token, subject: Token) -> Token:
    """ "... as harvests improve and the currency steadies, a deputy finance minister said":
    the parser took the content's last noun for the subject and the speaker for
    its apposition."""
    if subject.i > cue.i or subject.pos_ == "PROPN" or subject.ent_type_ == "PERSON":
        return subject
    appos = [c for c in subject.children if c.dep_ == "appos" and subject.i < c.i < cue.i]
    if not appos:
        return subject
    first = min(t.i for t in noun_phrase(subject))
    before = subject.doc[cue.sent.start : first]
    if any(t.pos_ in ("VERB", "AUX") for t in before):
        return appos[0]
    return subject


def spoken_for(choice: CueChoice, sentence: Span, quotes: list[tuple[int, int]]) -> CueChoice:
    """ "The militia said on Monday it had downed a drone, the group's spokesman said": the
    spokesman speaks for the militia, the sentence's first attribution."""
    subject = choice.subject
    if subject is None or subject.i < choice.token.i - 12 or subject.i > choice.token.i:
        return choice
    phrase = noun_phrase(subject)
    speaks_for = any(
        t.dep_ == "poss" and (t.lower_ in ("its", "their") or t.pos_ == "NOUN") for t in phrase
    ) or any(t.lower_ in lx.SPOKESPERSON_WORDS for t in phrase)
    if not speaks_for:
        return choice
    for child in choice.token.children:
        if child.dep_ != "ccomp" or not _is_cue(child, quotes):
            continue
        inner = subject_of(child)
        if (
            inner is not None
            and inner.i < child.i
            and min(t.i for t in inner.subtree) == sentence.start
            and inner.lower_ not in lx.PERSON_PRONOUNS | lx.THING_PRONOUNS
        ):
            return CueChoice(child, inner)
    return choice


def chain_and_via(
    cue: Token | None,
    claimant: Claimant | None,
    sentence: Span,
    quotes: list[tuple[int, int]],
    context: Context,
    *,
    claimant_from_according: bool,
) -> tuple[list[str], list[str]]:
    chain: list[str] = [claimant.name] if claimant else []
    via: list[str] = []
    for token in sentence:
        if in_ranges(token, quotes):
            continue
        if token.lemma_.casefold() == "cite" and token.pos_ == "VERB":
            for obj in token.children:
                if obj.dep_ in ("dobj", "pobj"):
                    source = resolve_source(obj, context, quotes=quotes)
                    if source.name not in chain:
                        chain.append(source.name if source.kind != "anonymous" else source.text)
    if cue is not None:
        for obj in cue.children:
            if (
                obj.dep_ in ("dobj", "pobj", "nsubjpass")
                and obj.lemma_.casefold() in lx.SOURCE_NOUNS
            ):
                for child in obj.children:
                    if child.dep_ in ("prep", "agent") and child.lower_ in ("by", "from"):
                        for pobj in child.children:
                            if pobj.dep_ == "pobj":
                                source = resolve_source(pobj, context, quotes=quotes)
                                if source.name not in chain:
                                    chain.append(source.name)
                    if child.dep_ == "poss":
                        source = resolve_source(child, context, quotes=quotes)
                        if source.name not in chain:
                            chain.append(source.name)
        for child in cue.children:
            if (
                child.dep_ in ("dobj", "dative")
                and child.lemma_.casefold() not in lx.AUDIENCES
                and cue.lemma_.casefold() == "tell"
                and child.pos_ == "PROPN"
            ):
                via.append(resolve_source(child, context, quotes=quotes).name)
    if cue is not None and cue.lemma_.casefold() == "quote":
        # "was quoted as saying by the state broadcaster": the conduit, not a source.
        for token in cue.subtree:
            if (
                token.lower_ == "by"
                and token.dep_ in ("agent", "prep")
                and not in_ranges(token, quotes)
            ):
                for pobj in token.children:
                    if pobj.dep_ == "pobj":
                        via.append(resolve_source(pobj, context, quotes=quotes).name)
    if not claimant_from_according:
        head = according_to(sentence, quotes)
        if head is not None:
            source = resolve_source(source_head(head), context, quotes=quotes)
            if claimant is None or source.name != claimant.name:
                # "According to the ministry, 14 died, Alpha reported": the outlet's report
                # rests on the ministry (its chain). "X said ..., according to a translation by
                # Y" or "..., according to Alpha": the article's conduit.
                relays = head.lemma_.casefold() in lx.RELAY_NOUNS or source.kind in (
                    "outlet",
                    "state_media",
                )
                outlet_cites = (
                    claimant is not None
                    and claimant.kind in ("outlet", "state_media")
                    and not _the_outlet_itself(claimant, context)
                )
                if outlet_cites and not relays and source.name not in chain:
                    chain.append(source.name if source.kind != "anonymous" else source.text)
                else:
                    via.append(source.name)
    return chain, via
