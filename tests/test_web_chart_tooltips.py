"""The timeline chart's tooltips count claims in words that agree with the number, and the
chart comes in one drawing per card width (a phone's has fewer month labels)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from claims import selectors
from claims.charts import NARROW, WIDE, chart_svg
from tests.factories import ClaimFactory, StatusChangeFactory

pytestmark = pytest.mark.django_db


def test_a_week_with_one_claim_says_one_claim_not_one_claims(client):
    claim = ClaimFactory.create(first_reported=date(2024, 6, 17))
    StatusChangeFactory.create(claim=claim, to_status="confirmed")
    ClaimFactory.create(first_reported=date(2024, 6, 24))
    ClaimFactory.create(first_reported=date(2024, 6, 25))
    html = client.get(reverse("claims:timeline_chart")).content.decode()
    assert "Week of 17 Jun 2024: 1 claim (1 confirmed)</title>" in html
    assert "Week of 24 Jun 2024: 2 claims (2 unverified)</title>" in html
    assert "1 claims" not in html


def test_every_drawing_is_sent_each_with_its_own_width():
    chart = selectors.ChartData(
        unit="week",
        buckets=[
            selectors.ChartBucket(start=date(2024, 1, 1 + 7 * i), counts={"denied": 1})
            for i in range(4)
        ]
        + [
            selectors.ChartBucket(start=date(2024, month, 1), counts={"confirmed": 2})
            for month in range(2, 13)
        ],
        totals={"denied": 4, "confirmed": 11},
        undated=0,
    )
    wide, narrow = str(chart_svg(chart, WIDE)), str(chart_svg(chart, NARROW))
    assert 'data-layout="wide" viewBox="0 0 960 170"' in wide
    assert 'data-layout="narrow" viewBox="0 0 400 190"' in narrow
    month_label = r'<text class="axis" x="[\d.]+" y="[\d.]+">'
    assert len(re.findall(month_label, narrow)) <= NARROW.max_x_labels
    assert len(re.findall(month_label, narrow)) < len(re.findall(month_label, wide))
