"""What the ingest page and the API say about a line that is not a web address: words
("not a url") are not offered "https://not a url" as the fix, and "Nothing was queued." is
said once, on its own, not glued onto the first bad line's message."""

from __future__ import annotations

import html as html_lib

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from sources.forms import UrlsForm
from sources.models import Article
from sources.urlnorm import InvalidURLError, url_normalize
from tests.factories import EditorFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("words", ["not a url", "see: the story", "example.com/a story"])
def test_text_with_spaces_is_not_a_web_address_and_gets_no_scheme_suggested(words: str):
    with pytest.raises(InvalidURLError) as caught:
        url_normalize(words)
    message = str(caught.value)
    assert message.startswith(f"{words!r} is not a web address")
    assert "https://" + words.split(maxsplit=1)[0] not in message
    assert "scheme" not in message


def test_an_address_without_its_scheme_is_still_offered_one():
    with pytest.raises(InvalidURLError, match=r"write it in full, e\.g\. https://example\.com/a"):
        url_normalize("example.com/a")


def test_nothing_was_queued_is_its_own_message_before_the_lines_to_fix(client):
    client.force_login(EditorFactory.create())
    response = client.post(
        reverse("sources:ingest_urls"),
        {"urls": "https://news.example/fine\nnot a url\nftp://files.example/x"},
    )
    assert response.status_code == 400
    form = response.context["urls_form"]
    assert form.non_field_errors() == [
        "Nothing was queued. Fix the lines below and send the list again."
    ]
    assert form.errors["urls"] == [
        "line 2 (not a url): 'not a url' is not a web address: an address has no spaces, "
        "e.g. https://www.example.com/news/story",
        "line 3 (ftp://files.example/x): 'ftp://files.example/x' uses the ftp: scheme; "
        "only http and https addresses are read.",
    ]
    page = html_lib.unescape(response.content.decode())
    box = page[page.index('<div class="form-errors"') :]
    assert box.index("Nothing was queued.") < box.index("line 2 (not a url)")
    assert "Nothing was queued. line" not in page
    assert not Article.objects.exists()


def test_a_good_list_has_no_errors():
    form = UrlsForm({"urls": "https://news.example/a\n\nhttps://news.example/b"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["urls"] == ["https://news.example/a", "https://news.example/b"]


def test_the_api_names_the_line_that_is_words_without_suggesting_a_scheme(client):
    token = Token.objects.create(user=EditorFactory.create())
    response = client.post(
        "/api/v1/articles/",
        {"urls": ["https://news.example.org/fine", "not a url"]},
        content_type="application/json",
        headers={"Authorization": f"Token {token.key}"},
    )
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert fields == {
        "urls.1": [
            "'not a url' is not a web address: an address has no spaces, "
            "e.g. https://www.example.com/news/story"
        ]
    }
