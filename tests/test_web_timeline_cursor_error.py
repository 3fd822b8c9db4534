"""A timeline link whose page position (`after`) is not one the timeline gave answers 400
with the timeline page around a readable message and a link to the first page, not a
bare line of text; "Load more" (htmx) gets the message in the button's place."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db
TIMELINE = reverse("claims:timeline")


def test_a_bad_page_position_shows_the_timeline_with_an_error_and_a_way_back(client):
    ClaimFactory.create(summary="A listed claim", first_reported=date(2024, 6, 1))
    response = client.get(TIMELINE, {"status": "unverified", "after": "garbage"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert '<h1 id="timeline-title">Claim timeline</h1>' in html  # the page, filters too
    assert 'name="q"' in html
    assert "This page of the timeline cannot be shown." in html
    assert "is not a page position" in html
    assert f'<a href="{TIMELINE}?status=unverified">Go to the first page</a>' in html
    assert "A listed claim" not in html  # no rows from some other position
    assert "No claims yet" not in html


def test_load_more_with_a_bad_position_answers_a_fragment_in_the_buttons_place(client):
    response = client.get(TIMELINE, {"after": "2024-13-01.x"}, headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert response["X-Claimtrack-Swap-Error"] == "1"
    html = response.content.decode()
    assert html.startswith('<div class="load-more">')
    assert "<html" not in html
    assert "is not a page position" in html
    assert f'<a href="{TIMELINE}">Go to the first page</a>' in html
