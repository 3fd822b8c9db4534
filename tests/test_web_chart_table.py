"""The timeline chart's numbers are in a table beside it (WCAG 1.1.1, 2.1.1): the count of
each bar was only in the bars' hover titles, which no keyboard reaches and a screen reader
does not read inside the drawing (an image to it, named 'Claims per week by status').

Bad inputs tried: weeks with no claim between two that have some (no row: they are the gaps
between the bars); a status no claim has (no column); a chart with nothing drawn (no table).
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from tests.factories import ClaimFactory, StatusChangeFactory

pytestmark = pytest.mark.django_db


def _table(html: str) -> str:
    match = re.search(r'<details class="chart-data">.*?</details>', html, re.S)
    assert match, "no table of the chart's numbers"
    return match.group(0)


def _cells(row: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>.*?</t[hd]>", row)]


def test_each_week_with_claims_is_a_row_of_its_counts_by_status(client):
    confirmed = ClaimFactory.create(first_reported=date(2024, 6, 17))
    StatusChangeFactory.create(claim=confirmed, to_status="confirmed")
    ClaimFactory.create(first_reported=date(2024, 6, 18))
    ClaimFactory.create(first_reported=date(2024, 7, 8))
    table = _table(client.get(reverse("claims:timeline_chart")).content.decode())

    rows = re.findall(r"<tr>.*?</tr>", table, re.S)
    assert [_cells(r) for r in rows] == [
        ["Week", "Claims", "Confirmed", "Unverified"],
        ["Week of 17 Jun 2024", "2", "1", "1"],
        ["Week of 8 Jul 2024", "1", "0", "1"],
    ]
    assert '<th scope="row">Week of 17 Jun 2024</th>' in table
    assert "Claims per week by status</caption>" in table
    # The table's box scrolls, so the keyboard can reach it and a reader can name it.
    assert re.search(r'role="region" aria-labelledby="chart-data-caption" tabindex="0"', table)


def test_a_chart_with_nothing_drawn_has_no_table(client):
    ClaimFactory.create(first_reported=None)
    html = client.get(reverse("claims:timeline_chart")).content.decode()
    assert "chart-data" not in html
