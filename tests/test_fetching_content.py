"""Only HTML/XHTML is taken for articles and RSS/Atom/XML for feeds; nothing empty.

Bad inputs tried: a PDF, a PNG, a JPEG, JSON, a ZIP, CSS and plain text where a page was
wanted; an HTML page where a feed was wanted; a PDF and a PNG sent without any
Content-Type (sniffed); an unknown body without Content-Type; an empty 200, a 200 of
only whitespace, a 204, and an empty gzip body. Good inputs alongside: text/html with
and without parameters, upper-case types, XHTML, RSS, Atom, RDF and generic XML feeds,
and HTML or a feed without Content-Type (sniffed).
"""

from __future__ import annotations

import gzip

import pytest

from sources.fetching import Accept, FetchError, fetch
from tests.support.fetching import fetch_env, page  # noqa: F401
from tests.support.http import LocalSite, Reply

pytestmark = pytest.mark.usefixtures("fetch_env")

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/pdf", PDF),
        ("image/png", PNG),
        ("image/jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 64),
        ("application/json", b'{"title": "not a page"}'),
        ("application/zip", b"PK\x03\x04rest"),
        ("text/css", b"body { color: red }"),
        ("text/plain", b"Just some words."),
    ],
)
def test_a_page_that_is_not_html_is_refused_by_name(
    site: LocalSite, content_type: str, body: bytes
):
    site.routes["/thing"] = Reply(200, body, {"Content-Type": content_type})
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/thing"))
    assert caught.value.kind == "content_type"
    assert caught.value.permanent is True
    assert caught.value.message == (
        f"{site.url('/thing')} is not an HTML page: the server sent {content_type}."
    )


def test_a_large_pdf_is_refused_without_downloading_it(site: LocalSite):
    sent: list[int] = []

    def pdf_chunks():
        for _ in range(200):
            sent.append(64 * 1024)
            yield b"%PDF" + b"\x00" * (64 * 1024 - 4)

    site.routes["/big.pdf"] = lambda _: Reply(
        200, chunks=pdf_chunks(), headers={"Content-Type": "application/pdf"}
    )
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/big.pdf"))
    assert caught.value.kind == "content_type"
    assert sum(sent) < 200 * 64 * 1024


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (PDF, "looks like application/pdf"),
        (PNG, "looks like image/png"),
        (b"\x00\x01\x02", "does not say what it is"),
    ],
)
def test_a_body_without_content_type_is_sniffed(site: LocalSite, body: bytes, words: str):
    site.routes["/blob"] = Reply(200, body, {"Content-Type": ""})
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/blob"))
    assert caught.value.kind == "content_type"
    assert words in caught.value.message


@pytest.mark.parametrize(
    "content_type",
    ["text/html", "text/html; charset=utf-8", "TEXT/HTML;Charset=UTF-8", "application/xhtml+xml"],
)
def test_html_and_xhtml_are_taken(site: LocalSite, content_type: str):
    site.routes["/story"] = Reply(200, page(), {"Content-Type": content_type})
    result = fetch(site.url("/story"))
    assert result.content_type == content_type.split(";", maxsplit=1)[0].lower()
    assert result.body == page()


def test_the_charset_parameter_is_kept(site: LocalSite):
    site.routes["/story"] = Reply(200, page(), {"Content-Type": 'text/html; charset="ISO-8859-1"'})
    assert fetch(site.url("/story")).charset == "ISO-8859-1"


def test_html_without_content_type_is_sniffed_as_html(site: LocalSite):
    site.routes["/story"] = Reply(200, b"\n\n  " + page(), {"Content-Type": ""})
    assert fetch(site.url("/story")).content_type == "text/html"


@pytest.mark.parametrize(
    "content_type",
    [
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml; charset=utf-8",
    ],
)
def test_feeds_take_rss_atom_and_xml(site: LocalSite, content_type: str):
    site.routes["/feed"] = Reply(200, RSS, {"Content-Type": content_type})
    assert fetch(site.url("/feed"), accept=Accept.FEED).body == RSS


def test_a_feed_without_content_type_is_sniffed(site: LocalSite):
    site.routes["/feed"] = Reply(200, RSS, {"Content-Type": ""})
    assert fetch(site.url("/feed"), accept=Accept.FEED).content_type == "application/xml"


def test_an_html_page_is_not_a_feed(site: LocalSite):
    site.routes["/feed"] = Reply(200, page())
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/feed"), accept=Accept.FEED)
    assert caught.value.kind == "content_type"
    assert "is not an RSS/Atom feed: the server sent text/html" in caught.value.message


@pytest.mark.parametrize(
    "reply",
    [
        Reply(200, b""),
        Reply(200, b" \n\t\r\n "),
        Reply(204, b""),
        Reply(200, gzip.compress(b""), {"Content-Encoding": "gzip"}),
    ],
    ids=["empty", "whitespace", "204", "empty-gzip"],
)
def test_an_empty_page_fails_permanently(site: LocalSite, reply: Reply):
    site.routes["/empty"] = reply
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/empty"))
    assert caught.value.kind == "empty"
    assert caught.value.permanent is True
    assert "with an empty page" in caught.value.message


@pytest.mark.parametrize(
    ("accept", "content_type", "body", "said"),
    [
        (
            Accept.HTML,
            "application/rss+xml",
            RSS,
            "If it is a feed, add it as one: manage.py add_feed",
        ),
        (Accept.HTML, "application/xml", RSS, "If it is a feed, add it as one: manage.py add_feed"),
        (Accept.FEED, "text/html", page(), "A feed's address is that of its RSS or Atom file"),
    ],
)
def test_a_feed_given_as_an_article_or_a_page_as_a_feed_is_told_which_is_which(
    site: LocalSite, accept: Accept, content_type: str, body: bytes, said: str
):
    """Found walking the README as a new user: `ingest` of a feed's URL failed with 'is not
    an HTML page: the server sent application/xml.', which does not say what to do."""
    site.routes["/thing"] = Reply(200, body, {"Content-Type": content_type})
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/thing"), accept=accept)
    assert caught.value.kind == "content_type"
    assert caught.value.message.startswith(f"{site.url('/thing')} is not ")
    assert said in caught.value.message
