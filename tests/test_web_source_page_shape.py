"""A source page fits what the source is, and the ingest page's feeds and uploads say
what happened in plain words.

Bad inputs tried: a person quoted in the news who publishes nothing (its page had an
"Articles it published" column saying "No articles from this source." for ever); a feed
just added and never polled (shown "healthy" with a green dot); an uploaded file the
importer refuses (its name said twice: "two.txt: two.txt: the file is empty.").
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sources.models import Source
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    FeedFactory,
    MentionFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def test_a_person_who_publishes_nothing_has_no_articles_column(client):
    person = SourceFactory.create(name="Jo Spokes", kind=Source.Kind.PERSON)
    MentionFactory.create(claimant=person)
    html = client.get(person.get_absolute_url()).content.decode()
    assert "Latest statements" in html
    assert "Articles it published" not in html
    assert "No articles from this source." not in html
    assert 'class="one-col"' in html


def test_an_outlet_keeps_its_articles_column(client):
    outlet = SourceFactory.create(name="Daily Example")
    ArticleFactory.create(publisher=outlet, title="Bridge reopens")
    html = client.get(outlet.get_absolute_url()).content.decode()
    assert "Articles it published" in html
    assert "Bridge reopens" in html
    assert 'class="two-col"' in html


def test_a_feed_never_polled_is_not_called_healthy(editor_client):
    outlet = SourceFactory.create(name="Wire Example")
    FeedFactory.create(source=outlet, url="https://wire.example/new.xml")
    FeedFactory.create(
        source=outlet,
        url="https://wire.example/old.xml",
        last_polled_at=timezone.now(),
        last_success_at=timezone.now(),
    )
    for url in (reverse("sources:ingest"), outlet.get_absolute_url()):
        html = editor_client.get(url).content.decode()
        assert html.count("not polled yet") == 1, url
        assert "feed-new" in html
        assert "healthy" in html  # the polled one


def test_a_refused_upload_names_the_file_once(editor_client):
    response = editor_client.post(
        reverse("sources:ingest_files"),
        {"documents": [SimpleUploadedFile("two.txt", b"\n\n")]},
        follow=True,
    )
    html = response.content.decode()
    assert "two.txt: the file is empty." in html
    assert "two.txt: two.txt" not in html
    assert "upload-0" not in html  # nor the temporary copy's name


def test_a_timeline_row_counts_outlets_not_sources(client):
    claim = ClaimFactory.create(summary="Bridge closed")
    MentionFactory.create(claim=claim)
    MentionFactory.create(claim=claim)
    html = client.get(reverse("claims:timeline")).content.decode()
    assert "2 outlets" in html
    assert "2 sources" not in html


def test_sources_are_found_by_part_of_their_name_within_a_kind(client):
    SourceFactory.create(name="Northern Daily")
    SourceFactory.create(name="Northern Ministry", kind=Source.Kind.GOVERNMENT)
    SourceFactory.create(name="Southern Gazette")
    url = reverse("sources:source_list")
    html = client.get(url, {"q": "northern"}).content.decode()
    assert "Northern Daily" in html
    assert "Northern Ministry" in html
    assert "Southern Gazette" not in html
    assert 'value="northern"' in html
    # The kind tabs keep the search, and the search keeps the kind.
    assert 'href="?kind=government&amp;q=northern"' in html
    both = client.get(url, {"q": "northern", "kind": "government"}).content.decode()
    assert "Northern Ministry" in both
    assert "Northern Daily" not in both
    assert '<input type="hidden" name="kind" value="government">' in both


def test_a_filter_that_finds_no_source_says_so_and_leads_back(client):
    SourceFactory.create(name="Northern Daily")
    url = reverse("sources:source_list")
    html = client.get(url, {"kind": "military"}).content.decode()
    assert "No source of the kind “Military”." in html
    assert "No sources yet" not in html  # there are some, of other kinds
    assert f'<a href="{url}">Show every source</a>' in html
    assert client.get(url, {"q": "North\x00ern"}).status_code == 200
    named = client.get(url, {"q": "<b>zz</b>"}).content.decode()
    assert "No source named like “&lt;b&gt;zz&lt;/b&gt;”." in named
