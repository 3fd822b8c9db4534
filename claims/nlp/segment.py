"""Text -> paragraphs -> sentences, every piece as character offsets into the original text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span

OPEN_QUOTES = '“"«‘'
CLOSE_QUOTES = '”"»’'
_SENTENCE_END = '.!?:;”"’)…'
# The only characters the quotation readers act on: finding them is cheaper than a loop over all.
_QUOTE_MARKS = re.compile('[“«”»"]')


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    text: str  # exactly text[start:end]


@dataclass(frozen=True)
class Sentence:
    start: int  # offsets into the article text
    end: int
    span: Span  # the spaCy tokens (of the paragraph's Doc)
    paragraph: int  # index of its paragraph


def split_paragraphs(text: str) -> list[Paragraph]:
    """One paragraph per line, blank lines dropped, hard-wrapped lines joined back together.

    A line that does not end a sentence and is followed by one starting in lower case is a
    wrapped line, not a paragraph (plain-text copies often wrap at 72 characters).
    """
    lines: list[tuple[int, int]] = []
    offset = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            lead = len(body) - len(body.lstrip())
            start = offset + lead
            lines.append((start, start + len(stripped)))
        offset += len(raw)
    paragraphs: list[Paragraph] = []
    for start, end in lines:
        if paragraphs:
            previous = paragraphs[-1]
            if previous.text[-1] not in _SENTENCE_END and text[start].islower():
                paragraphs[-1] = Paragraph(previous.start, end, text[previous.start : end])
                continue
        paragraphs.append(Paragraph(start, end, text[start:end]))
    return paragraphs


def _quote_balance(text: str) -> int:
    """How many quotations are open at the end of ``text`` (straight quotes alternate)."""
    depth = 0
    straight_open = False
    for char in _QUOTE_MARKS.findall(text):
        if char in {"“", "«"}:
            depth += 1
        elif char in {"”", "»"}:
            depth = max(0, depth - 1)
        else:
            straight_open = not straight_open
    return depth + (1 if straight_open else 0)


def sentences_of(doc: Doc, *, offset: int, paragraph: int) -> list[Sentence]:
    """The Doc's sentences, re-joined where spaCy cut inside a quotation or its attribution.

    ``“As for ... conflict. Well, we are not asking ...,” the minister said`` is one statement with
    one speaker: kept whole so the quote and its claimant stay together.
    """
    # ``Span.text`` is rebuilt from every token on each access; the Doc's text is sliced instead.
    doc_text = doc.text
    pieces: list[Span] = list(doc.sents)
    merged: list[Span] = []
    for piece in pieces:
        if merged:
            previous = merged[-1]
            previous_text = doc_text[previous.start_char : previous.end_char]
            prev_text = previous_text.rstrip()
            first = doc_text[piece.start_char : piece.end_char].lstrip()[:1]
            if (
                _quote_balance(previous_text) > 0
                or prev_text.endswith((",”", ',"', ",’"))
                or (first and (first.islower() or (first in CLOSE_QUOTES and first != '"')))
            ):
                merged[-1] = doc[previous.start : piece.end]
                continue
        merged.append(piece)
    result: list[Sentence] = []
    for span in merged:
        # Offsets exclude surrounding whitespace so the quote is exactly what was written.
        text = doc_text[span.start_char : span.end_char]
        lead = len(text) - len(text.lstrip())
        trail = len(text) - len(text.rstrip())
        start = offset + span.start_char + lead
        end = offset + span.end_char - trail
        if end > start:
            result.append(Sentence(start, end, span, paragraph))
    return result


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges (inside the marks) of the quotations in ``text``."""
    ranges: list[tuple[int, int]] = []
    start: int | None = None
    for mark in _QUOTE_MARKS.finditer(text):
        index = mark.start()
        char = text[index]
        if start is None and (char in "“«" or (char == '"' and _opens(text, index))):
            start = index + 1
        elif start is not None and char in '”»"':
            ranges.append((start, index))
            start = None
    if start is not None:
        ranges.append((start, len(text)))
    return ranges


def _opens(text: str, index: int) -> bool:
    return index == 0 or not text[index - 1].isalnum()


def join_ranges(ranges: Iterable[tuple[int, int]]) -> tuple[int, int] | None:
    items = list(ranges)
    if not items:
        return None
    return min(a for a, _ in items), max(b for _, b in items)
