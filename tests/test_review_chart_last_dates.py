"""The timeline chart ends at the last week or month a date can hold: a claim reported in the
last days of 9999 (an article a page or a person dated 9999-12-31) is drawn, not a 500.

Before, the bucket after the last one was computed before the loop ended: ValueError (year
10000) for months, OverflowError for weeks, and /chart/ answered 500 for every reader of the
timeline. Found by loading such an article on the fuzzing server.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from claims import selectors
from claims.models import Claim
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_a_claim_in_the_last_week_a_date_can_hold_is_charted_by_week(client) -> None:
    ClaimFactory.create(first_reported=date(9999, 12, 20))
    ClaimFactory.create(first_reported=date(9999, 12, 31))

    chart = selectors.timeline_chart(claims=Claim.objects.all())

    assert chart.unit == "week"
    assert [b.start for b in chart.buckets] == [date(9999, 12, 20), date(9999, 12, 27)]
    assert client.get(reverse("claims:timeline_chart")).status_code == 200


def test_a_claim_in_the_last_month_a_date_can_hold_is_charted_by_month(client) -> None:
    ClaimFactory.create(first_reported=date(9996, 6, 3))
    ClaimFactory.create(first_reported=date(9999, 12, 31))

    chart = selectors.timeline_chart(claims=Claim.objects.all())

    assert chart.unit == "month"
    assert (chart.buckets[0].start, chart.buckets[-1].start) == (
        date(9996, 6, 1),
        date(9999, 12, 1),
    )
    assert sum(b.total for b in chart.buckets) == 2
    assert client.get(reverse("claims:timeline_chart")).status_code == 200
