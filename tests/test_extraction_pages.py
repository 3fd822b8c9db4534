"""Extraction of article text and metadata from realistic pages (tests/fixtures/pages: the
seed articles wrapped in navigation, share buttons, a cookie banner, a related-links sidebar,
ads, a comment teaser and a footer).

Bad inputs tried: an empty page, a page of navigation with no article, bytes that are not
HTML, a canonical link that is relative, junk, wrapped over lines or with an unclosed '['
(IPv6) host, JSON-LD nested too deep to parse, a .txt with nothing
after its title line, text in a language the page does not declare, text too short to guess
a language from, a character reference to a control character (&#7;, &#x1b;) inside the
article's text.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone

import pytest

from sources.extraction import (
    ExtractionError,
    content_hash,
    extract_page,
    extract_plain_text,
    language_guess,
    text_normalize_whitespace,
)
from tests.support.pages import (
    BREITBART,
    BREITBART_CANONICAL,
    EXAMINER,
    EXAMINER_CANONICAL,
    page_html,
    seed_body_paragraphs,
    seed_txt,
)

BOILERPLATE = [
    "We use cookies",
    "Accept all",
    "This website uses cookies",
    "Accept Cookies",
    "Share on Facebook",
    "Post on X",
    "Email this article",
    "Copy link",
    "Trending",
    "Debate Night",
    "Related Content",
    "Pentagon budget request",
    "Most Read",
    "newsletter",
    "Sign up",
    "Terms of Use",
    "Privacy Policy",
    "All rights reserved",
    "Entertainment",
    "Restoring America",
    "Advertisement",
    "comments are loaded",
    "LinkedIn",
    "Tumblr",
]


def _word_f1(predicted: str, truth: str) -> float:
    words_p = Counter(re.findall(r"\w+", predicted.lower()))
    words_t = Counter(re.findall(r"\w+", truth.lower()))
    common = sum((words_p & words_t).values())
    if not common:
        return 0.0
    precision, recall = common / sum(words_p.values()), common / sum(words_t.values())
    return 2 * precision * recall / (precision + recall)


@pytest.mark.parametrize("name", [BREITBART, EXAMINER])
def test_the_body_text_is_the_article_and_nothing_around_it(name: str) -> None:
    extracted = extract_page(page_html(name), url="http://127.0.0.1:8000/story")
    paragraphs = seed_body_paragraphs(name)

    assert extracted.text.split("\n")[0] == paragraphs[0]
    assert extracted.text.split("\n")[-1] == paragraphs[-1]
    for paragraph in paragraphs:
        assert paragraph in extracted.text
    for junk in BOILERPLATE:
        assert junk.lower() not in extracted.text.lower(), junk
    assert _word_f1(extracted.text, "\n".join(paragraphs)) >= 0.99


def test_breitbart_page_metadata() -> None:
    extracted = extract_page(page_html(BREITBART), url="http://127.0.0.1:8000/story")

    assert extracted.title == "Rumors Swirl North Korea Is Preparing to Deploy Troops to Ukraine"
    assert extracted.byline == "Frances Martel"
    assert extracted.published_at == datetime(
        2024, 6, 27, 14, 21, 38, tzinfo=timezone(timedelta(hours=-4))
    )
    assert extracted.site_name == "Breitbart"
    assert extracted.language == "en"
    # <link rel=canonical> wins over og:url (which carries utm_ parameters here).
    assert extracted.canonical_url == BREITBART_CANONICAL


def test_examiner_page_metadata_from_og_url_normalized() -> None:
    extracted = extract_page(page_html(EXAMINER), url="http://127.0.0.1:8000/story")

    assert extracted.title == (
        "North Korean troops expected to attack as regime defends right to engage"
    )
    assert extracted.byline == ""  # the page names no author, like the seed
    assert extracted.published_at == datetime(2024, 10, 24, 15, 30, tzinfo=UTC)
    assert extracted.site_name == "Washington Examiner"
    # og:url is "HTTPS://www.WashingtonExaminer.com:443/...?utm_source=rss&...&fbclid=...#comments"
    assert extracted.canonical_url == EXAMINER_CANONICAL


def test_a_relative_canonical_link_is_resolved_against_the_page_url() -> None:
    html = page_html(BREITBART).replace(
        BREITBART_CANONICAL.encode(), b"/asia/2024/06/27/story/?utm_medium=x&page=2"
    )
    extracted = extract_page(html, url="https://news.example.org/some/path")
    assert extracted.canonical_url == "https://news.example.org/asia/2024/06/27/story/?page=2"


def test_a_junk_canonical_link_falls_back_to_og_url() -> None:
    html = page_html(BREITBART).replace(
        f'<link rel="canonical" href="{BREITBART_CANONICAL}">'.encode(),
        b'<link rel="canonical" href="javascript:void(0)">',
    )
    extracted = extract_page(html, url="https://news.example.org/a")
    assert extracted.canonical_url == BREITBART_CANONICAL  # from og:url, utm_ dropped


@pytest.mark.parametrize("href", ["http://[", "https://[::1/story", "//[news.example.org/a"])
def test_a_canonical_link_with_a_broken_ipv6_host_falls_back_to_og_url(href: str) -> None:
    # urljoin raised ValueError ("Invalid IPv6 URL") out of url_normalize and extract_page:
    # the fetch ended as an internal error and the article was lost.
    html = page_html(BREITBART).replace(
        f'<link rel="canonical" href="{BREITBART_CANONICAL}">'.encode(),
        f'<link rel="canonical" href="{href}">'.encode(),
    )
    extracted = extract_page(html, url="https://news.example.org/a")
    assert extracted.canonical_url == BREITBART_CANONICAL  # from og:url, utm_ dropped


def test_a_canonical_link_wrapped_over_lines_is_read_as_a_browser_reads_it() -> None:
    # HTML's URL parsing drops tabs and line breaks inside an href (a long attribute
    # wrapped by a template); url_normalize refuses them in typed URLs, so the page's own
    # canonical link was lost and og:url taken instead.
    html = page_html(BREITBART).replace(
        f'<link rel="canonical" href="{BREITBART_CANONICAL}">'.encode(),
        b'<link rel="canonical" href="https://news.example.org/asia/2024/06/27/\n\tstory/">',
    )
    extracted = extract_page(html, url="https://news.example.org/a")
    assert extracted.canonical_url == "https://news.example.org/asia/2024/06/27/story/"


@pytest.mark.parametrize("junk", ["[" * 1000, '{"a":' * 1000, "[" * 50_000 + "]" * 50_000])
def test_json_ld_nested_too_deep_to_parse_is_skipped(junk: str) -> None:
    # json.loads raised RecursionError, not the ValueError _json_ld_dates caught: the fetch
    # ended as an internal error and the article was lost.
    html = re.sub(rb"<meta property=\"article:published_time\"[^>]*>", b"", page_html(EXAMINER))
    html = html.replace(
        b"</head>", f'<script type="application/ld+json">{junk}</script></head>'.encode(), 1
    )
    extracted = extract_page(html, url="https://news.example.org/a")
    assert extracted.text.startswith("The U.S. government suspects")


def test_a_page_without_any_date_has_none() -> None:
    html = page_html(EXAMINER)
    html = re.sub(rb"<meta property=\"article:published_time\"[^>]*>", b"", html)
    html = html.replace(b"October 24, 2024 11:30 am", b"")
    extracted = extract_page(html, url="https://news.example.org/a")
    assert extracted.published_at is None


@pytest.mark.parametrize(
    ("html", "why"),
    [
        (b"", "empty"),
        (b"   \n  ", "blank"),
        (
            b"<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
            b"<footer>Copyright 2024</footer></body></html>",
            "navigation only",
        ),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >>", "not HTML"),
    ],
)
def test_a_page_with_no_article_raises_a_readable_error(html: bytes, why: str) -> None:
    with pytest.raises(ExtractionError) as caught:
        extract_page(html, url="https://news.example.org/a")
    assert caught.value.kind == "empty"
    assert caught.value.message in {
        "No article text was found on the page.",
        "The page is empty or is not HTML.",
    }


def test_plain_text_first_line_is_the_title() -> None:
    extracted = extract_plain_text(seed_txt(EXAMINER).read_text())
    assert extracted.title == (
        "North Korean troops expected to attack as regime defends right to engage- "
        "Washington Examiner"
    )
    assert extracted.text.startswith("The U.S. government suspects")
    assert "\n\n" not in extracted.text
    assert extracted.language == "en"
    assert extracted.canonical_url is None


def test_plain_text_with_only_a_title_is_refused() -> None:
    with pytest.raises(ExtractionError, match="no text after its first line"):
        extract_plain_text("\n\n   A headline alone   \n\n")


def test_whitespace_is_normalized_and_the_hash_ignores_layout() -> None:
    messy = "  First\u00a0 paragraph\t here.  \n\n\n  Second   one. \r\n"
    assert text_normalize_whitespace(messy) == "First paragraph here.\nSecond one."
    assert content_hash(messy) == content_hash("First paragraph here. Second one.")
    assert content_hash("First paragraph here.") != content_hash("First paragraph there.")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Le gouvernement a annoncé mardi que les troupes seront déployées dans la région "
            "pour une durée qui reste à préciser, selon un porte-parole du ministère qui a "
            "refusé de donner plus de détails sur le nombre de soldats et sur le calendrier.",
            "fr",
        ),
        (
            "Die Regierung hat am Dienstag angekündigt, dass die Truppen in der Region für "
            "eine noch nicht festgelegte Dauer stationiert werden, sagte ein Sprecher des "
            "Ministeriums, der sich nicht zu der Zahl der Soldaten und dem Zeitplan äußerte.",
            "de",
        ),
        (
            "The government said on Tuesday that the troops would be deployed to the region "
            "for a period that is still to be decided, according to a spokesman for the "
            "ministry who declined to give details of the number of soldiers or the timing.",
            "en",
        ),
        ("Too short to tell.", ""),
    ],
)
def test_language_guess_for_pages_that_do_not_declare_one(text: str, language: str) -> None:
    assert language_guess(text) == language


def test_declared_language_wins_over_the_guess() -> None:
    html = page_html(EXAMINER).replace(b'<html lang="en">', b'<html lang="fr-CA">')
    assert extract_page(html, url="https://a.example/x").language == "fr"


@pytest.mark.parametrize("reference", ["&#7;", "&#x1b;", "&#X1F;", "&#0008"])
def test_a_reference_to_a_control_character_does_not_cost_the_article(reference: str) -> None:
    """trafilatura discarded the whole document over one such reference in a paragraph
    ("No article text"): it is dropped before parsing, as XML could not carry it anyway."""
    html = page_html(BREITBART).decode()
    clean = extract_page(html, url=BREITBART_CANONICAL).text
    paragraph = clean.split("\n")[3]
    at = html.index(paragraph[:40])
    page = f"{html[:at]}x{reference}y {html[at:]}"
    for given in (page, page.encode()):
        text = extract_page(given, url=BREITBART_CANONICAL).text
        assert text == clean.replace(paragraph, f"xy {paragraph}", 1)
