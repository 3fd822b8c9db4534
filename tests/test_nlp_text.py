"""Paragraphs, sentences and the boilerplate filter: offsets into the original text.

Bad inputs tried here: Windows line endings, leading and trailing whitespace, hard-wrapped
lines, share-button lists, "Follow X on Facebook and Twitter", "CLICK HERE ...", newsletter
prompts, wire credit lines, photo captions with "(AP Photo/...)" and "... via AP" credits,
empty text, text that is nothing but boilerplate.
"""

from __future__ import annotations

from datetime import date

import pytest

from claims.nlp.boilerplate import is_boilerplate_paragraph, is_boilerplate_sentence
from claims.nlp.pipeline import extract_claims, get_nlp
from claims.nlp.segment import sentences_of, split_paragraphs


def test_paragraphs_are_exact_slices() -> None:
    text = "  Title line  \r\n\r\nFirst paragraph here.\nSecond one, which\nwraps onto a line.\n"
    paragraphs = split_paragraphs(text)
    assert [p.text for p in paragraphs] == [
        "Title line",
        "First paragraph here.",
        "Second one, which\nwraps onto a line.",
    ]
    for paragraph in paragraphs:
        assert text[paragraph.start : paragraph.end] == paragraph.text


def test_a_quotation_and_its_attribution_stay_one_sentence() -> None:
    text = (
        "“As for the possibility of using each other’s capabilities. Well, we are not asking "
        "anyone for this,” the president said, according to a news agency."
    )
    doc = get_nlp()(text)
    sentences = sentences_of(doc, offset=0, paragraph=0)
    assert len(sentences) == 1
    assert text[sentences[0].start : sentences[0].end] == text


@pytest.mark.parametrize(
    "line",
    [
        "Facebook Twitter LinkedIn Telegram Tumblr",
        "Share",
        "Follow Frances Martel on Facebook and Twitter.",
        "Follow us on X",
        "CLICK HERE TO READ MORE FROM THE WASHINGTON EXAMINER",
        "Source link",
        "Sign up for our Africa newsletter to get the latest news every week.",
        "(Reporting by Khalid Abdelaziz; Editing by Aidan Lewis)",
        "Soldiers march in a parade in the capital on Sept. 9, 2018. (AP Photo/Ng Han Guan, File)",
        "Two leaders exchange documents. (Kristina Kormilitsyna, Sputnik, Kremlin Pool Photo via "
        "AP, File)",
        "Related: Why the conflict keeps flaring up",
        "Photo: A soldier walks along a trench. (Reuters/Staff)",
        "Advertisement",
    ],
)
def test_boilerplate_paragraphs(line: str) -> None:
    assert is_boilerplate_paragraph(line)


def test_credit_line_without_a_full_stop_is_boilerplate() -> None:
    assert is_boilerplate_sentence("Korean Central News Agency/Korea News Service via AP")


@pytest.mark.parametrize(
    "line",
    [
        "The army said it had shelled the city on Monday, killing at least 27 civilians.",
        "Follow-up talks will be held in Cairo next week, officials said.",
        "Related talks in Doha collapsed, the mediators said.",
        "The ministry shared photos it said showed the damage.",
    ],
)
def test_reporting_is_not_boilerplate(line: str) -> None:
    assert not is_boilerplate_paragraph(line)
    assert not is_boilerplate_sentence(line)


def test_an_article_of_only_boilerplate_has_no_claims() -> None:
    text = "Share\nFacebook\nTwitter\n\nSign up for our newsletter\n\nSource link\n"
    assert extract_claims(text, published=date(2024, 1, 1)) == []
    assert extract_claims("", published=None) == []
    assert extract_claims("   \n\n  ", published=None) == []


def test_headline_without_title_is_not_a_claim() -> None:
    text = (
        "Rebels seize border town as army retreats\n"
        "Rebels captured the border town of Goma on Sunday, a UN official said.\n"
    )
    claims = extract_claims(text, published=date(2025, 1, 27))
    assert [c.quote for c in claims] == [
        "Rebels captured the border town of Goma on Sunday, a UN official said."
    ]
