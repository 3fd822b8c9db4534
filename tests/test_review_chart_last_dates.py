"""The timeline chart draws the years news is dated in, whatever dates the data holds.

A claim reported in the last days of 9999 (an article a page or a person dated 9999-12-31)
once made /chart/ answer 500 for every reader (the bucket after the last one overflowed).
Once that was fixed, one such date among two years of claims drew ~95,000 empty months:
34 MB of SVG, 2.9 s, cached for everyone. Claims dated before CHART_EARLIEST_YEAR or more
than CHART_YEARS_AHEAD years ahead are now counted beside the chart, not drawn, and spans
too long for months are drawn by year.

Dates tried: 9999-12-20 and 9999-12-31 alone; 9999 and year 2 among two years of claims;
the first and last years drawn, and the years just outside them; 75 years of claims.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from claims import selectors
from claims.models import Claim
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def _chart_html(client) -> str:
    response = client.get(reverse("claims:timeline_chart"))
    assert response.status_code == 200
    return response.content.decode()


def test_claims_dated_in_9999_alone_are_counted_not_drawn(client) -> None:
    ClaimFactory.create(first_reported=date(9999, 12, 20))
    ClaimFactory.create(first_reported=date(9999, 12, 31))

    chart = selectors.timeline_chart(claims=Claim.objects.all())

    assert chart.buckets == []
    assert chart.off_chart == 2
    assert chart.total == 2
    html = _chart_html(client)
    assert "<strong>2</strong> claims" in html
    last = timezone.localdate().year + selectors.CHART_YEARS_AHEAD
    # Nothing to draw, and the reader is told why rather than shown nothing.
    assert f"Not charted: every claim here is dated before 1900 or after {last}." in html


def test_a_far_off_date_among_two_years_of_claims_leaves_the_chart_by_week(client) -> None:
    for month in range(1, 13):
        ClaimFactory.create(first_reported=date(2023, month, 10))
        ClaimFactory.create(first_reported=date(2024, month, 10))
    ClaimFactory.create(first_reported=date(9999, 12, 31))
    ClaimFactory.create(first_reported=date(2, 6, 1))

    chart = selectors.timeline_chart(claims=Claim.objects.all())

    assert chart.unit == "week"
    assert chart.buckets[0].start.year == 2023
    assert chart.buckets[-1].start.year == 2024
    assert sum(b.total for b in chart.buckets) == 24
    assert chart.off_chart == 2
    assert chart.total == 26
    # The legend's entries add up to the total: its statuses count the claims drawn.
    assert sum(chart.totals.values()) + chart.undated + chart.off_chart == chart.total
    assert sum(chart.totals.values()) == 24
    html = _chart_html(client)
    last = timezone.localdate().year + selectors.CHART_YEARS_AHEAD
    assert f"Dated before 1900 or after {last}, not drawn <b>2</b>" in html
    assert len(html) < 200_000  # was 34 MB


def test_the_first_and_last_years_drawn_are_drawn_and_the_years_outside_are_not() -> None:
    last = timezone.localdate().year + selectors.CHART_YEARS_AHEAD
    ClaimFactory.create(first_reported=date(1900, 1, 1))  # a Monday: its week is in 1900
    ClaimFactory.create(first_reported=date(last, 6, 1))
    ClaimFactory.create(first_reported=date(1899, 12, 1))
    ClaimFactory.create(first_reported=date(last + 1, 6, 1))

    chart = selectors.timeline_chart(claims=Claim.objects.all())

    assert chart.unit == "year"
    assert (chart.buckets[0].start, chart.buckets[-1].start) == (date(1900, 1, 1), date(last, 1, 1))
    assert len(chart.buckets) == last - 1900 + 1
    assert sum(b.total for b in chart.buckets) == 2
    assert chart.off_chart == 2


def test_decades_of_claims_are_drawn_by_year_and_labelled_by_decade(client) -> None:
    for year in range(1950, 2025, 5):
        ClaimFactory.create(first_reported=date(year, 3, 15))

    chart = selectors.timeline_chart(claims=Claim.objects.all())

    assert chart.unit == "year"
    assert [b.start for b in chart.buckets] == [date(y, 1, 1) for y in range(1950, 2021)]
    assert chart.off_chart == 0
    html = _chart_html(client)
    assert "Claims per year by status" in html
    assert "<title>1975: 1 claim (1 unverified)</title>" in html
    assert ">1980</text>" in html
    assert ">1981</text>" not in html  # the axis labels decades
