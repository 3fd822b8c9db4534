"""The article page names the language of an article's own words (WCAG 3.1.2, language of
parts): a screen reader read a French or German article's title and text with the page's
English voice and rules. The page around them (its labels, the claims list) stays English.

Bad inputs tried: a French article; an article whose language was not detected (no
attribute: an empty one would declare the text in no language); an article that failed
before it had a title (the heading is its address, not French words).
"""

from __future__ import annotations

import re

import pytest

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def _tag(html: str, pattern: str) -> str:
    match = re.search(pattern, html)
    assert match, pattern
    return match.group(0)


def test_a_french_articles_title_and_text_are_marked_french(client):
    article = ArticleFactory.create(
        title="Le pont est fermé", text="Le ministre a dit que le pont était fermé.", language="fr"
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'lang="fr"' in _tag(html, r"<h1 [^>]*>")
    assert 'lang="fr"' in _tag(html, r'<div class="article-text"[^>]*>')
    assert html.count('lang="fr"') == 2
    assert '<html lang="en">' in html


def test_an_article_in_no_detected_language_declares_none(client):
    article = ArticleFactory.create(language="")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "lang=" not in _tag(html, r"<h1 [^>]*>")
    assert "lang=" not in _tag(html, r'<div class="article-text"[^>]*>')


def test_a_failed_articles_address_in_the_heading_is_not_marked(client):
    article = ArticleFactory.create(
        url="https://news.example/fr/pont", title="", text="", state="failed", language="fr"
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "lang=" not in _tag(html, r"<h1 [^>]*>")
