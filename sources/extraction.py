"""From a page (or a plain-text file) to the article's text and metadata.

trafilatura does the work and its output is kept as it is: the only change made to its
text is whitespace normalization. Its settings are its balanced defaults (fallback
extractors on, neither precision nor recall favoured), with comments left out, which is
what its authors tuned on human-annotated news pages; on the fixture pages in
tests/fixtures/pages they give the body text word for word.

What trafilatura does not give, this module adds from the same parsed tree:
- the canonical URL (`<link rel=canonical>`, else `og:url`), normalized;
- the publication time of day when the page states one (`article:published_time`,
  JSON-LD `datePublished`, `<time datetime>`) on the date trafilatura found;
- a floor: fewer than MIN_ARTICLE_WORDS words is "no article text" (trafilatura returns
  whatever is left on a page of links);
- dates only from markup and the URL, never guessed from body text;
- the language: the page's declared language (`<html lang>`, `content-language`,
  `og:locale`), else a cheap guess from the share of common function words of a few
  languages (trafilatura only detects language when the optional py3langid is
  installed, and it is not).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import trafilatura
from django.utils import timezone
from lxml.html import HtmlElement, fromstring
from trafilatura.settings import Document
from trafilatura.utils import (
    DOCTYPE_TAG,
    FAULTY_HTML,
    HTML_PARSER,
    load_html,
    normalize_unicode,
)

from sources.urlnorm import InvalidURLError, url_normalize

# Fewer words than this is a page of links or a stub ("Home News"), not an article.
MIN_ARTICLE_WORDS = 10
MAX_TITLE_LENGTH = 1000
MAX_BYLINE_LENGTH = 500
MAX_SITE_NAME_LENGTH = 200


class ExtractionError(ValueError):
    """A document with nothing to keep; `kind` is an Article.FailureKind value."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


@dataclass(frozen=True)
class Extracted:
    text: str
    title: str = ""
    byline: str = ""
    published_at: datetime | None = None
    site_name: str = ""
    language: str = ""
    canonical_url: str | None = None

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)


_INLINE_SPACE = re.compile(r"[^\S\n]+")
# The C0 controls that are not whitespace, and DEL: a bell or an escape in a .txt file would
# show on the article page and could reach a claim's quote. (Tab, line breaks, form feed and
# the separators \x1c-\x1f count as whitespace below: they still part words and lines.)
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0e-\x1b\x7f]")


def text_normalize_whitespace(text: str) -> str:
    """One paragraph per line, single spaces inside, no blank lines, no edge spaces, no
    control characters."""
    text = _CONTROL_CHARACTERS.sub("", text)
    lines = (_INLINE_SPACE.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def content_hash(text: str) -> str:
    """sha256 of the text with all whitespace collapsed, so layout never hides a copy."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def _clip(value: str | None, limit: int) -> str:
    return " ".join((value or "").split())[:limit]


# -- the canonical URL -------------------------------------------------------------------


_TAB_OR_NEWLINE = re.compile("[\t\n\r]")


def _canonical_url(tree: HtmlElement, page_url: str | None) -> str | None:
    candidates = [
        *tree.xpath(
            '//link[contains(concat(" ", normalize-space(@rel), " "), " canonical ")]/@href'
        ),
        *tree.xpath('//meta[@property="og:url" or @name="og:url"]/@content'),
    ]
    for href in candidates:
        try:
            # As a browser reads an href: tabs and line breaks inside it (a long attribute
            # wrapped over lines) are dropped, where url_normalize refuses them.
            return url_normalize(_TAB_OR_NEWLINE.sub("", str(href)), base=page_url)
        except InvalidURLError:
            # A relative canonical on a page read from a file without URL, or junk:
            # try the next declaration rather than keep a wrong one.
            continue
    return None


# -- the time of publication -------------------------------------------------------------


def _parse_timestamp(raw: str) -> datetime | None:
    value = raw.strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None and publication_plausible(parsed) else None


def timestamp_storable(stamp: datetime) -> bool:
    """False for an aware datetime that is out of range in UTC (0001-01-01T00:00+14:00 is in
    the year 0 there): PostgreSQL stores it, but no row holding it can be read back."""
    try:
        stamp.astimezone(UTC)
    except OverflowError:
        return False
    return True


# How far ahead of the clock a publication time may be: a site in UTC+14 dates its midnight
# edition half a day early. Later than that is a template's placeholder or a mistyped year,
# and would sit at the top of the timeline for years.
PUBLICATION_FUTURE_SLACK = timedelta(days=1)


def publication_plausible(stamp: datetime) -> bool:
    """Whether an aware datetime can be when something was published: storable, and not
    after tomorrow."""
    return timestamp_storable(stamp) and stamp <= timezone.now() + PUBLICATION_FUTURE_SLACK


def _json_ld_dates(tree: HtmlElement) -> Iterator[str]:
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(script)
        except (ValueError, RecursionError):  # RecursionError: '[' nested a thousand deep
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if isinstance(item.get("datePublished"), str):
                    yield item["datePublished"]
                stack.extend(v for v in item.values() if isinstance(v, list | dict))


def _declared_timestamps(tree: HtmlElement) -> Iterator[str]:
    yield from (
        str(v)
        for v in tree.xpath(
            '//meta[@property="article:published_time" or @name="article:published_time"'
            ' or @property="og:published_time" or @itemprop="datePublished"'
            ' or @name="pubdate" or @name="publish-date"]/@content'
        )
    )
    yield from _json_ld_dates(tree)
    yield from (str(v) for v in tree.xpath("//time[@datetime]/@datetime"))


def _published_at(tree: HtmlElement, found: str | None) -> datetime | None:
    """trafilatura's date, with the page's own time of day when it states one for that date.

    A date alone is stored as midnight UTC; the site runs in UTC, so it shows as that date.
    """
    day: date | None = None
    if found:
        try:
            day = date.fromisoformat(found[:10])
        except ValueError:
            day = None
    if day is not None and day > (timezone.now() + PUBLICATION_FUTURE_SLACK).date():
        day = None
    for raw in _declared_timestamps(tree):
        stamp = _parse_timestamp(raw)
        if stamp is not None and (day is None or stamp.date() == day):
            return stamp
    return datetime.combine(day, time(0), tzinfo=UTC) if day else None


# -- the language --------------------------------------------------------------------------

_LANG_TAG = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*$")
# The most frequent function words of each language: cheap and good enough to tell the
# languages apart on a whole article; short or mixed texts give no answer rather than a
# wrong one.
_FUNCTION_WORDS_TEXT = {
    "en": "the of and to in is that for it was on with as by at be this are from",
    "fr": "le la les de des et est un une du que qui dans pour pas sur au avec",
    "de": "der die das und ist nicht zu den von mit sich des auf für ein eine dem",
    "es": "el la los las de y que en un una por con para del se es al como",
    "it": "il di che la è e un una per non in del della sono le gli con",
    "pt": "o a os as de que e do da em um uma para com não no na por",
    "nl": "de het een en van is dat op te in niet zijn voor met die er",
}
_FUNCTION_WORDS = {lang: frozenset(words.split()) for lang, words in _FUNCTION_WORDS_TEXT.items()}
_WORD = re.compile(r"[^\W\d_]+")


def _declared_language(tree: HtmlElement) -> str:
    candidates = [
        *tree.xpath("/html/@lang"),
        *tree.xpath("/html/@xml:lang", namespaces={"xml": "http://www.w3.org/XML/1998/namespace"}),
        *tree.xpath(
            '//meta[translate(@http-equiv, "CONTENTLAG", "contentlag")="content-language"]/@content'
        ),
        *tree.xpath('//meta[@property="og:locale"]/@content'),
    ]
    for raw in candidates:
        match = _LANG_TAG.match(str(raw).strip().split(",")[0].strip())
        if match:
            return match.group(1).lower()
    return ""


def language_guess(text: str) -> str:
    """An ISO 639-1 code from function-word counts, or "" when the text does not say."""
    words = [w.lower() for w in _WORD.findall(text[:20000])]
    if len(words) < 20:
        return ""
    if sum(1 for w in words if re.match(r"[\u0400-\u04ff]", w)) > len(words) / 2:
        return "ru" if not any(c in text for c in "іїєґ") else "uk"
    scores = {
        lang: sum(1 for w in words if w in vocabulary)
        for lang, vocabulary in _FUNCTION_WORDS.items()
    }
    best, best_score = max(scores.items(), key=lambda item: item[1])
    runner_up = max((s for lang, s in scores.items() if lang != best), default=0)
    # Require function words to be common and the winner clear; otherwise say nothing.
    if best_score < len(words) * 0.08 or best_score < runner_up * 1.5:
        return ""
    return best


# -- the two kinds of document -------------------------------------------------------------


# trafilatura's balanced mode without comments; a test holds the pipeline's text to
# trafilatura.extract(html, **TRAFILATURA_OPTIONS) on the same page.
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "fast": False,
    "favor_precision": False,
    "favor_recall": False,
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "include_formatting": False,
    "deduplicate": False,
    # Dates only from the page's markup and URL: a date guessed from the body text (a photo
    # caption, an anniversary) would be confidently wrong.
    "date_extraction_params": {"extensive_search": False, "original_date": True},
}


def trafilatura_document(html: HtmlElement | str | bytes, *, url: str | None) -> Document | None:
    """trafilatura alone, with its metadata (the benchmark times this on the page's text).

    Given a tree, trafilatura works on a copy of it (~0.4 ms on a 100 KB page, a quarter of
    parsing it again), so the caller can read the tree afterwards.
    """
    document = trafilatura.bare_extraction(html, url=url, with_metadata=True, **TRAFILATURA_OPTIONS)
    return document if isinstance(document, Document) else None


# A character reference to a C0 control XML cannot carry (all but tab, line feed, carriage
# return): one "&#7;" in an article's paragraph made trafilatura discard the whole document
# ("No article text"). Not followed by another digit: "&#12" is not the start of "&#1234;".
_CONTROL_REFERENCE = (
    r"&#(?:0*(?:[0-8]|1[124-9]|2[0-9]|3[01])(?![0-9])"
    r"|[xX]0*(?:[0-8bBcCeEfF]|1[0-9a-fA-F])(?![0-9a-fA-F]));?"
)
_CONTROL_REFERENCE_STR = re.compile(_CONTROL_REFERENCE)
_CONTROL_REFERENCE_BYTES = re.compile(_CONTROL_REFERENCE.encode())


def _without_control_references(html: str | bytes) -> str | bytes:
    if isinstance(html, bytes):
        return _CONTROL_REFERENCE_BYTES.sub(b"", html) if b"&#" in html else html
    return _CONTROL_REFERENCE_STR.sub("", html) if "&#" in html else html


# The characters trafilatura's loader removes (INVALID_XML_CHARS), as the bytes that
# bytes.translate keeps: each is one byte in UTF-8 but U+FFFE and U+FFFF (EF BF BE/BF).
_XML_INVALID_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_XML_VALID_BYTES = bytes(sorted(set(range(256)) - set(_XML_INVALID_BYTES)))
_XML_INVALID_WIDE = ("\ufffe".encode(), "\uffff".encode())


def _has_xml_invalid_characters(html: str) -> bool:
    encoded = html.encode("utf-8", "surrogatepass")
    return bool(encoded.translate(None, _XML_VALID_BYTES)) or any(
        wide in encoded for wide in _XML_INVALID_WIDE
    )


def html_tree(html: str | bytes) -> HtmlElement | None:
    """The page's tree exactly as trafilatura's own loader (trafilatura.utils.load_html)
    builds it, without that loader's one costly step when it has nothing to do.

    The loader removes characters XML cannot hold with a regular expression run over the
    whole page, ~0.4 ms on a 100 KB page (a fifth of what parsing it costs) even when there
    are none, which is every page but a broken one. Here a scan in C (~0.08 ms) decides: a
    page that has some, or bytes, goes through the loader itself; a clean text gets the
    loader's other steps, with its own patterns, parser and order: the repairs of the first
    lines, the parse, the second try from bytes, the check that it is HTML at all.
    """
    if isinstance(html, bytes) or _has_xml_invalid_characters(html):
        return load_html(html)
    beginning = html[:50].lower()
    if "doctype" in beginning:
        first, _, rest = html.partition("\n")
        html = DOCTYPE_TAG.sub("", first, count=1) + "\n" + rest
    for line in html[:4096].splitlines()[:4]:
        if "<html" in line and line.endswith("/>"):
            html = FAULTY_HTML.sub(r"\1>", html, count=1)
            break
    tree: HtmlElement | None
    try:
        tree = fromstring(html, parser=HTML_PARSER)
    except Exception:  # a text with an encoding declaration, an empty document...
        tree = _tree_from_bytes(html)  # ...the loader tries its bytes, as here
    else:
        if len(tree) < 1:
            tree = _tree_from_bytes(html)
    if tree is not None and "html" not in beginning and len(tree) < 2:
        return None  # not HTML at all: one block of something else
    return tree


def _tree_from_bytes(html: str) -> HtmlElement | None:
    try:
        return fromstring(html.encode("utf-8", "surrogatepass"), parser=HTML_PARSER)
    except Exception:  # lxml raises several kinds; the loader gives None too
        return None


def extract_page(html: str | bytes, *, url: str | None = None) -> Extracted:
    """Text and metadata of an HTML page; raises ExtractionError when it holds no article."""
    tree = html_tree(_without_control_references(html))
    if tree is None:
        raise ExtractionError("empty", "The page is empty or is not HTML.")
    document = trafilatura_document(tree, url=url)
    if document is None:
        raise ExtractionError("empty", "No article text was found on the page.")
    text = text_normalize_whitespace(normalize_unicode(document.text or ""))
    if len(text.split()) < MIN_ARTICLE_WORDS:
        raise ExtractionError("empty", "No article text was found on the page.")
    return Extracted(
        text=text,
        title=_clip(document.title, MAX_TITLE_LENGTH),
        byline=_clip(document.author, MAX_BYLINE_LENGTH),
        published_at=_published_at(tree, document.date),
        site_name=_clip(document.sitename, MAX_SITE_NAME_LENGTH),
        language=_declared_language(tree) or language_guess(text),
        canonical_url=_canonical_url(tree, url),
    )


def extract_plain_text(content: str) -> Extracted:
    """A .txt file: the first non-empty line is the title, the rest is the text."""
    lines = text_normalize_whitespace(content).split("\n")
    title, body = lines[0], "\n".join(lines[1:])
    if not body:
        raise ExtractionError(
            "empty", "The file has no text after its first line (which is taken as the title)."
        )
    return Extracted(text=body, title=_clip(title, MAX_TITLE_LENGTH), language=language_guess(body))
