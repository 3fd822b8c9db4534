"""The keyboard's focus can be seen wherever it lands (WCAG 2.4.7, and 1.4.11's 3:1 for the
indicator against what is behind it), in a real browser (Debian's Chromium via Playwright):
the computed outline and box-shadow are what a reader sees, which the Django client cannot.

Bad inputs tried (each failed before the rings were doubled): a link on the light page,
whose yellow ring alone was 1.8:1 against the paper; a claim's link on the article page,
in a yellow highlight the ring was drawn in; a status check box and the search field,
whose focus was an outline of 18% blue, about 1.2:1 against white; Shift+Tab up the
timeline, which scrolled each link to the top edge, under the sticky day heading (2.4.11).
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.factories import ArticleFactory, ClaimFactory, MentionFactory
from tests.support.colour import contrast, parse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What the browser computes for the element in focus: the colours that draw its focus
# indicator (a solid outline of 2px or more, a box-shadow ring of 2px or more) and the
# first opaque background behind it.
_FOCUS_STYLE = """e => {
    const style = getComputedStyle(e);
    let behind = null;
    for (let n = e.parentElement; n && !behind; n = n.parentElement) {
        const colour = getComputedStyle(n).backgroundColor;
        if (colour !== 'rgba(0, 0, 0, 0)') behind = colour;
    }
    return {
        focusVisible: e.matches(':focus-visible'),
        outlineStyle: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth),
        outlineColor: style.outlineColor,
        boxShadow: style.boxShadow,
        behind: behind || 'rgb(255, 255, 255)',
    };
}"""


def _best_ring_contrast(element: Locator) -> float:
    """The contrast, against the background behind the element, of the most visible of its
    focus rings; 0 when it has none (a translucent ring counts for nothing)."""
    style = element.evaluate(_FOCUS_STYLE)
    assert style["focusVisible"], "the element does not match :focus-visible"
    behind, _ = parse(style["behind"])
    rings = []
    if style["outlineStyle"] not in ("none", "hidden") and style["outlineWidth"] >= 2:
        rings.append(parse(style["outlineColor"]))
    shadow = style["boxShadow"]
    if shadow != "none":
        spread = re.findall(r"(-?[\d.]+)px", shadow)
        if len(spread) >= 4 and float(spread[3]) >= 2:
            rings.append(parse(shadow))
    return max((contrast(rgb, behind) for rgb, alpha in rings if alpha == 1), default=0.0)


def _timeline(page: Page, base: str) -> None:
    claim = ClaimFactory.create(summary="Bridge closed at dawn", first_reported=date(2024, 6, 2))
    MentionFactory.create(claim=claim, quote="Officials said the bridge closed at dawn.")
    page.goto(base)
    # A key pressed first: the focus that follows is a keyboard user's (:focus-visible).
    page.keyboard.press("Tab")


def test_a_link_on_the_light_page_has_a_ring_that_stands_out(page: Page, live_server):
    _timeline(page, live_server.url)
    toggle = page.get_by_test_id("toggle-order")
    toggle.focus()
    assert _best_ring_contrast(toggle) >= 3


def test_a_link_on_the_dark_masthead_keeps_a_ring_that_stands_out(page: Page, live_server):
    _timeline(page, live_server.url)
    brand = page.locator(".masthead .brand")
    brand.focus()
    assert _best_ring_contrast(brand) >= 3


def test_a_status_check_box_in_focus_shows_it(page: Page, live_server):
    _timeline(page, live_server.url)
    page.locator("#id_q").focus()
    page.keyboard.press("Tab")
    box = page.locator("#id_status_0")
    expect(box).to_be_focused()
    assert _best_ring_contrast(box) >= 3


def test_the_search_field_in_focus_has_a_solid_edge(page: Page, live_server):
    _timeline(page, live_server.url)
    field = page.locator("#id_q")
    field.focus()
    assert _best_ring_contrast(field) >= 3


def test_a_claims_link_in_a_highlight_of_the_article_shows_its_focus(page: Page, live_server):
    text = "The minister said the bridge was closed at dawn. Nobody else spoke."
    article = ArticleFactory.create(title="Bridge report", text=text)
    quote = "the bridge was closed at dawn"
    start = text.index(quote)
    MentionFactory.create(
        claim=ClaimFactory.create(summary="Bridge closed at dawn"),
        article=article,
        quote=quote,
        start=start,
        end=start + len(quote),
        stance="asserts",
    )
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    page.keyboard.press("Tab")
    link = page.locator("mark.quote a")
    link.focus()
    assert _best_ring_contrast(link) >= 3


def test_shift_tab_up_the_timeline_never_hides_the_focus_under_a_day_heading(
    page: Page, live_server
):
    # The day headings stick to the top of the window; the browser scrolled each link
    # focused going up to the very top edge, under the heading (WCAG 2.4.11).
    for day in range(1, 25):
        claim = ClaimFactory.create(
            summary=f"Bridge closed on day {day}", first_reported=date(2024, 6, day)
        )
        MentionFactory.create(claim=claim, quote=f"Officials said the bridge closed on day {day}.")
    page.goto(live_server.url)
    page.keyboard.press("Tab")
    page.locator(".claim-summary").nth(20).focus()
    covered = []
    for _ in range(30):
        page.keyboard.press("Shift+Tab")
        top, heading_bottom, text = page.evaluate(
            """() => {
                const e = document.activeElement;
                const r = e.getBoundingClientRect();
                const stuck = [...document.querySelectorAll('h2.day')]
                    .map(h => h.getBoundingClientRect())
                    .filter(h => h.top <= 1 && h.bottom > 0);
                return [r.top, stuck.length ? stuck[0].bottom : 0,
                        (e.innerText || e.getAttribute('aria-label') || '').slice(0, 40)];
            }"""
        )
        if heading_bottom and top < heading_bottom - 1:
            covered.append((text, round(top), round(heading_bottom)))
    assert covered == []
