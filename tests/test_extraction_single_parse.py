"""The pipeline parses a page once (lxml) and hands the tree to trafilatura, then reads the
canonical URL, times and language from the same tree: that must not change a word of the
body text. Held against trafilatura.extract on the page's text, with the same options, on
the fixture pages and on generated benchmark pages (mega-menus, teaser grids, inline
scripts and app state).

Bad inputs tried: none beyond the pages themselves (tests/test_extraction_pages.py covers
empty, junk and link-only pages); pages with 240-link menus and 60 KB of inline script are
the hard case for boilerplate removal.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
import trafilatura
from trafilatura.utils import load_html, normalize_unicode

from sources.extraction import (
    TRAFILATURA_OPTIONS,
    extract_page,
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
