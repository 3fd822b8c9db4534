"""'Load more' with a page position that is none, in a real browser (Chromium): the
server's message takes the button's place, rather than "This could not be loaded"."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.factories import ClaimFactory
from tests.test_browser_web import CHROMIUM, CHROMIUM_ARGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    # As in test_browser_web: Playwright's sync API runs an event loop in this thread.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


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
    expect(slot.get_by_role("link", name="Go to the first page")).to_have_attribute("href", "/")
    expect(page.locator(".load-error")).to_have_count(0)
