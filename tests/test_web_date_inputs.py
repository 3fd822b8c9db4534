"""The claim page's date inputs hold year-month-day, the only value a browser's type=date
input keeps: the site's own format (en-gb, 21/06/2024) was emptied by the browser, and the
"Correct the details" form then posted the event date as taken away. Saving any other
detail of a claim with an event date cleared its date (seen in Chromium: an input drawn
with value="21/06/2024" reads as "").
"""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import ClaimFactory, MentionFactory

pytestmark = pytest.mark.django_db


def test_the_details_form_draws_the_event_date_as_year_month_day(editor_client: Client) -> None:
    claim = ClaimFactory.create(event_date=date(2024, 6, 21), event_date_precision="day")
    MentionFactory.create(claim=claim)

    html = editor_client.get(claim.get_absolute_url()).content.decode()

    assert 'type="date" name="event_date" value="2024-06-21"' in html


def test_the_attribution_form_draws_the_date_said_as_year_month_day(
    editor_client: Client,
) -> None:
    mention = MentionFactory.create(stated_on=date(2024, 6, 21))
    url = reverse("claims:mention_correct", args=[mention.claim_id, mention.pk])

    html = editor_client.get(url).content.decode()

    assert 'type="date" name="stated_on" value="2024-06-21"' in html
