"""A URL holding a control character (C0 or DEL) anywhere is refused by url_normalize with
a message naming the character, whoever submits it: the ingest form, a feed, a page's
canonical link. Before, the host took them as they were (a NUL reached PostgreSQL, which
cannot store it: a 500), and urlsplit silently dropped a tab or line break inside a URL,
so what was stored was not what was typed.

Bad inputs tried: NUL, SOH and ESC in the host, DEL and BEL in the path, a tab inside the
host, a line break inside the path, a unit separator in the query. Spaces and line breaks
around a pasted URL are still trimmed.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sources.models import Article
from sources.urlnorm import InvalidURLError, url_normalize
from tests.factories import EditorFactory


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("https://news\x00.example/a", "U+0000"),
        ("https://news\x01.example/a", "U+0001"),
        ("https://news.exam\x1bple/a", "U+001B"),
        ("https://news.example/a\x7fb", "U+007F"),
        ("https://news.example/a\x07b", "U+0007"),
        ("https://news.\texample/a", "U+0009"),
        ("https://news.example/a\nb", "U+000A"),
        ("https://news.example/a?q=1\x1f&p=2", "U+001F"),
    ],
)
def test_a_control_character_anywhere_is_refused(raw: str, code: str) -> None:
    with pytest.raises(InvalidURLError) as refused:
        url_normalize(raw)
    assert f"contains a control character ({code})" in str(refused.value)


def test_a_relative_link_with_a_control_character_is_refused() -> None:
    with pytest.raises(InvalidURLError, match="control character"):
        url_normalize("/story\x00", base="https://news.example/")


def test_whitespace_around_a_pasted_url_is_still_trimmed() -> None:
    assert url_normalize(" \t https://news.example/a \r\n") == "https://news.example/a"


@pytest.mark.django_db
def test_the_ingest_form_names_the_line_and_queues_nothing() -> None:
    client = Client()
    client.force_login(EditorFactory.create())
    response = client.post(
        reverse("sources:ingest_urls"),
        {"urls": "https://news.example/fine\nhttps://news\x01.example/a"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was queued." in html
    assert "line 2" in html
    assert "control character (U+0001)" in html
    assert not Article.objects.exists()
