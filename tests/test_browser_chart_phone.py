"""The timeline's chart on a phone and on a desktop, in a real browser (Chromium).

Bad input tried: a year of weekly claims read on a 375px phone. The one 960-unit-wide
drawing was scaled down to the phone's width, its 11-unit labels with it: about 4px tall.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from playwright.sync_api import Browser, expect

from tests.factories import ClaimFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [375, 600, 800, 900, 961, 1024, 1100, 1280])
def test_the_charts_labels_are_readable_and_apart_at_any_width(
    browser: Browser, live_server, width: int
):
    start = date(2024, 1, 1)
    for week in range(52):
        for _ in range(1 + week % 4):
            ClaimFactory.create(first_reported=start + timedelta(weeks=week))
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        tab = context.new_page()
        tab.set_default_timeout(10_000)
        tab.goto(live_server.url)
        charts = tab.locator("svg.chart:visible")
        expect(charts).to_have_count(1)
        boxes = charts.first.locator("text.axis").evaluate_all(
            "els => els.map(e => { const r = e.getBoundingClientRect();"
            " return {text: e.textContent, h: r.height, left: r.left, right: r.right,"
            " top: r.top}; })"
        )
        assert len(boxes) >= 4
        # A label's box is about 1.1 times its font size: 9 to 18px text.
        unreadable = [(b["text"], round(b["h"])) for b in boxes if not 10 <= b["h"] <= 20]
        assert unreadable == []
        bottom = max(b["top"] for b in boxes)
        months = sorted((b for b in boxes if b["top"] == bottom), key=lambda b: b["left"])
        assert len(months) >= 3
        for one, next_ in itertools.pairwise(months):
            assert one["right"] + 4 <= next_["left"], (one["text"], next_["text"])
    finally:
        context.close()
