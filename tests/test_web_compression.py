"""Responses are gzip-compressed for a client that accepts it, and only then.

The timeline's chart over a year of claims is ~180 KB of SVG; pages, feeds, the API and the
streamed exports are text that compresses tenfold. What was tried: a client that sends no
Accept-Encoding (gets the plain body, as curl does), one that accepts gzip (gets the same
bytes compressed, marked so, with `Vary: Accept-Encoding` for caches), and a streamed export
(compressed piece by piece, still streamed).
"""

from __future__ import annotations

import gzip
from datetime import date, timedelta

import pytest
from django.urls import reverse

from tests.factories import ClaimFactory, MentionFactory, StatusChangeFactory

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.fixture
def year_of_claims():
    monday = date(2024, 1, 1)
    for week in range(52):
        claim = ClaimFactory.create(first_reported=monday + timedelta(days=7 * week))
        MentionFactory.create(claim=claim)
        if week % 3 == 0:
            StatusChangeFactory.create(claim=claim, to_status="confirmed")


def test_the_chart_is_compressed_for_a_browser_and_plain_for_others(client, year_of_claims):
    url = reverse("claims:timeline_chart")
    plain = client.get(url)
    assert plain.status_code == 200
    assert "Content-Encoding" not in plain
    assert '<svg class="chart"' in plain.content.decode()

    compressed = client.get(url, **GZIP)
    assert compressed.status_code == 200
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) * 4 < len(plain.content)


def test_pages_are_compressed_and_keep_their_forms_working(client, year_of_claims):
    timeline = client.get(reverse("claims:timeline"), **GZIP)
    assert timeline["Content-Encoding"] == "gzip"
    assert "Skip to results" in gzip.decompress(timeline.content).decode()
    # A page with a form: the CSRF token inside the compressed body is masked anew in each
    # response (Django's defence against BREACH), so two loads never carry the same bytes.
    first = gzip.decompress(client.get(reverse("login"), **GZIP).content).decode()
    second = gzip.decompress(client.get(reverse("login"), **GZIP).content).decode()
    assert 'name="csrfmiddlewaretoken"' in first
    assert first != second


def test_a_streamed_export_is_compressed_as_it_streams(client, year_of_claims):
    url = reverse("api:export-csv")
    plain = client.get(url)
    compressed = client.get(url, **GZIP)
    assert compressed.streaming
    assert compressed["Content-Encoding"] == "gzip"
    body = b"".join(compressed.streaming_content)
    assert gzip.decompress(body) == b"".join(plain.streaming_content)
    assert compressed["Content-Disposition"] == plain["Content-Disposition"]


def test_the_admin_is_not_compressed_where_token_keys_sit_beside_the_echoed_search(client):
    # BREACH: a secret (every editor's API token key) and what the address asks for (?q=,
    # echoed in the search box) in one compressed body let a page that makes the staff's
    # browser send guesses read the key from the sizes.
    from rest_framework.authtoken.models import Token

    from tests.factories import EditorFactory, UserFactory

    editor = EditorFactory.create()
    key = Token.objects.create(user=editor).key
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    url = reverse("admin:authtoken_tokenproxy_changelist") + "?q=" + editor.username[:3]
    response = client.get(url, **GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert key in response.content.decode()
    # The rest of the site still is compressed for the same client.
    assert client.get(reverse("claims:timeline"), **GZIP)["Content-Encoding"] == "gzip"
