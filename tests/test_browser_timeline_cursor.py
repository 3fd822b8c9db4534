"""'Load more' with a page position that is none, in a real browser (Chromium): the
server's message takes the button's place, rather than "This could not be loaded"."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.factories import ClaimFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_load_more_with_a_bad_position_shows_the_servers_message(page: Page, live_server):
    for i in range(51):
        ClaimFactory.create(summary=f"Claim {i}", first_reported=date(2024, 5, 1))
    page.goto(live_server.url)
    more = page.get_by_role("link", name="Load more claims")
    more.evaluate("a => a.setAttribute('hx-get', '?after=garbage')")
    page.evaluate("htmx.process(document.querySelector('.load-more'))")
    more.click()
    slot = page.locator(".load-more")
    expect(slot.get_by_role("alert")).to_contain_text("is not a page position")
    first_page = slot.get_by_role("link", name="Go to the first page")
    expect(first_page).to_have_attribute("href", "/")
    # The focus, on the link the message replaced, goes to the message's own link (it fell
    # back to the page's body, and the next Tab started over at the masthead).
    expect(first_page).to_be_focused()
    expect(page.locator(".load-error")).to_have_count(0)
