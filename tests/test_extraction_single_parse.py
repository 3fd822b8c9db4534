"""The pipeline parses a page once (lxml) and hands the tree to trafilatura, then reads the
canonical URL, times and language from the same tree: that must not change a word of the
body text. Held against trafilatura.extract on the page's text, with the same options, on
the fixture pages and on generated benchmark pages (mega-menus, teaser grids, inline
scripts and app state).

The pipeline's loader (sources.extraction.html_tree) is held to trafilatura's own
(trafilatura.utils.load_html) tree for tree. Bad inputs tried there: control characters
and the non-characters U+FFFE/U+FFFF, a doctype with a slash, a self-closing <html/>, an
XML declaration with an encoding, a fragment, two blocks without <html>, plain text, an
empty and a blank page, a lone comment; each as text and as bytes. Pages with 240-link
menus and 60 KB of inline script are the hard case for boilerplate removal
(tests/test_extraction_pages.py covers empty, junk and link-only pages).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
import trafilatura
from lxml import etree
from trafilatura.utils import INVALID_XML_CHARS, load_html, normalize_unicode

from sources.extraction import (
    TRAFILATURA_OPTIONS,
    _has_xml_invalid_characters,
    extract_page,
    html_tree,
    text_normalize_whitespace,
    trafilatura_document,
)
from tests.support.pages import BREITBART, EXAMINER, page_html

ROOT = Path(__file__).resolve().parents[1]


def _bench_pages(count: int) -> list[tuple[str, str]]:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import ingest as bench
    finally:
        sys.path.remove(str(ROOT / "bench"))
    rng, corpus = random.Random(7), bench._corpus()
    host = "http://127.0.0.9:8000"
    return [
        (f"{host}/story/{n}/", bench.page_for(n, host, rng, corpus).decode()) for n in range(count)
    ]


PAGES = [
    ("https://www.washingtonexaminer.com/story", page_html(EXAMINER).decode()),
    ("https://www.breitbart.com/story", page_html(BREITBART).decode()),
    *_bench_pages(5),
]


def _extract_text(html: str, url: str) -> str:
    # with_metadata off only because extract() would then put a metadata header in the text.
    text = trafilatura.extract(html, url=url, output_format="txt", **TRAFILATURA_OPTIONS)
    assert text, f"trafilatura found no text on {url}"
    return str(text)


@pytest.mark.parametrize(("url", "html"), PAGES, ids=[url for url, _ in PAGES])
def test_one_parse_gives_trafilaturas_own_text(url: str, html: str) -> None:
    reference = _extract_text(html, url)
    tree = load_html(html)
    assert tree is not None
    document = trafilatura_document(tree, url=url)
    assert document is not None
    assert normalize_unicode(document.text or "") == reference
    # The tree is ours to read afterwards: trafilatura worked on a copy.
    assert tree.xpath("//nav") or tree.xpath("//header")
    assert extract_page(html, url=url).text == text_normalize_whitespace(reference)


# -- the loader: trafilatura's tree, without its scan when the page is clean ----------------

_XHTML_DOCTYPE = (
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
    '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">'
)
_BODY = "<body><h1>A headline</h1><p>Officials said on Monday that the bridge had reopened.</p>"
LOADER_INPUTS = {
    "plain page": f"<html><head><title>t</title></head>{_BODY}</body></html>",
    "doctype with a slash": f"{_XHTML_DOCTYPE}\n<html><head></head>{_BODY}</body></html>",
    "doctype on a line of its own page": f"<!doctype html>\n<html>{_BODY}</html>",
    "self-closing html tag": f'<html lang="en" />\n<head></head>{_BODY}</body></html>',
    "xml declaration with an encoding": (
        f'<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="x">{_BODY}</body></html>'
    ),
    "control characters": f"<html>{_BODY}\x00\x07 a bell\x0c and \ufffe\uffff</body></html>",
    "non-ASCII text": f"<html>{_BODY}<p>\u00e9t\u00e9 \u4e2d\u6587 \U0001f600</p></html>",
    "a fragment, no html tag": "<p>Just one paragraph of something.</p>",
    "two blocks, no html tag": "<div>one</div><div>two</div>",
    "plain text": "This is not markup at all, only words.",
    "empty": "",
    "whitespace": "   \n\t  ",
    "comment only": "<!-- nothing here -->",
}


def _serialized(tree: object) -> bytes | None:
    return None if tree is None else etree.tostring(tree)


@pytest.mark.parametrize("name", list(LOADER_INPUTS))
def test_the_loader_builds_trafilaturas_tree(name: str) -> None:
    html = LOADER_INPUTS[name]
    assert _serialized(html_tree(html)) == _serialized(load_html(html))
    assert _serialized(html_tree(html.encode())) == _serialized(load_html(html.encode()))


@pytest.mark.parametrize(("url", "html"), PAGES, ids=[url for url, _ in PAGES])
def test_the_loader_builds_trafilaturas_tree_for_whole_pages(url: str, html: str) -> None:
    assert _serialized(html_tree(html)) == _serialized(load_html(html))


def test_the_loaders_check_finds_the_characters_trafilatura_removes() -> None:
    # Every character of the first planes, the two non-characters and a few beyond.
    for point in [*range(0x3000), 0xFFFD, 0xFFFE, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF]:
        page = f"<p>text {chr(point)} more</p>"
        assert _has_xml_invalid_characters(page) == bool(INVALID_XML_CHARS.search(page)), point
