"""A timeline row in a real browser (Chromium): its claim link and the button showing its
story are siblings. The link was inside the row's <summary>, interactive content inside a
button: a screen reader read the whole row as one long button name, and an accessibility
checker flagged it. The row still opens by a click on its head and by keyboard."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Browser, Page, expect

from claims.models import Claim
from tests.factories import ClaimFactory, MentionFactory, SourceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _claim(summary: str) -> Claim:
    claim = ClaimFactory.create(summary=summary, first_reported=date(2024, 6, 21), place="Eastport")
    MentionFactory.create(
        claim=claim,
        quote=f"The station said: {summary}.",
        claimant=SourceFactory.create(name="The Station"),
        stated_on=date(2024, 6, 21),
    )
    return claim


def test_the_link_and_the_toggle_are_siblings_each_with_its_own_name(page: Page, live_server):
    claim = _claim("Engineers to the front")
    _claim("Bridge closed for repairs")
    page.goto(live_server.url)
    row = page.locator(f"#claim-{claim.pk}")
    nested = page.evaluate(
        "[...document.querySelectorAll('.claim-row')].filter(r =>"
        " r.querySelector('summary a, button a, a button, [role=button] a')).length"
    )
    assert nested == 0
    assert page.locator(".claim-row summary").count() == 0
    link = row.get_by_role("link", name="Engineers to the front")
    expect(link).to_have_attribute("href", claim.get_absolute_url())
    toggle = row.get_by_role("button", name="Show this claim's timeline")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("button", name="Show this claim's timeline")).to_have_count(2)


def test_a_click_on_the_rows_head_opens_and_closes_its_story(page: Page, live_server):
    claim = _claim("Engineers to the front")
    page.goto(live_server.url)
    row = page.locator(f"#claim-{claim.pk}")
    story = row.locator(".claim-story")
    expect(story).to_be_hidden()
    row.locator(".meta-place").click()  # the head, not its link or its button
    expect(story.locator(".story")).to_contain_text("The station said: Engineers to the front.")
    expect(row.locator(".row-toggle")).to_have_attribute("aria-expanded", "true")
    row.locator(".row-meta").click(position={"x": 2, "y": 2})
    expect(story).to_be_hidden()
    expect(row.locator(".row-toggle")).to_have_attribute("aria-expanded", "false")
    assert page.url == f"{live_server.url}/"


def test_by_keyboard_the_link_then_the_toggle_and_enter_and_space_work(page: Page, live_server):
    claim = _claim("Engineers to the front")
    page.goto(live_server.url)
    row = page.locator(f"#claim-{claim.pk}")
    row.locator(".claim-summary").focus()
    page.keyboard.press("Tab")
    toggle = row.locator(".row-toggle")
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    expect(row.locator(".claim-story .story")).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Space")
    expect(row.locator(".claim-story")).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    row.locator(".claim-summary").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}{claim.get_absolute_url()}")


def test_the_claim_link_opens_the_claim_page_without_opening_the_row(page: Page, live_server):
    claim = _claim("Engineers to the front")
    page.goto(live_server.url)
    page.locator(f"#claim-{claim.pk} .claim-summary").click()
    expect(page).to_have_url(f"{live_server.url}{claim.get_absolute_url()}")


def test_a_screen_reader_reads_the_place_and_the_filters_without_their_marks(
    browser: Browser, live_server
):
    # The place's "◉" and the folded filters' "▾" are drawn by CSS (::before, ::after), and
    # Chromium read them out: "fisheye Eastport", "Filters down-pointing small triangle".
    claim = _claim("Engineers to the front")
    context = browser.new_context(viewport={"width": 375, "height": 800})
    tab = context.new_page()
    tab.goto(live_server.url)
    place = tab.locator(f"#claim-{claim.pk} .meta-place")
    expect(place).to_be_visible()
    assert "◉" in place.evaluate("e => getComputedStyle(e, '::before').content")
    assert "◉" not in place.aria_snapshot()
    assert "Eastport" in place.aria_snapshot()
    summary = tab.locator("details.filter-box > summary")
    expect(summary).to_be_visible()
    assert summary.aria_snapshot().strip() == "- text: Filters"
    context.close()
