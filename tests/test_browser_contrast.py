"""Colours that must be told from what is behind them, as the browser computes them
(Debian's Chromium via Playwright): what axe-core's text check does not reach.

Bad inputs tried (each failed before): an empty form field, whose edge in the rules' grey
was 1.6:1 against white (non-text contrast wants 3:1); a source with nothing resolved,
whose large "—" was 1.9:1; the ingest queue's stage in progress, whose name pulsed down to
55% opacity, 2.6:1 at the bottom of each pulse; the API documentation in Swagger UI's own
colours (method badges, Authorize, links: 2.0 to 3.2:1); the timeline chart's disputed and
open bars (2.8:1 and 2.1:1 against the card).
"""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Locator, Page, expect

from sources.models import Source
from tests.factories import ArticleFactory, EditorFactory, MentionFactory, SourceFactory
from tests.support.browser import log_in
from tests.support.colour import BACKGROUND_BEHIND, BACKGROUND_UNDER, contrast, parse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _edge_contrast(field: Locator) -> float:
    edge, alpha = parse(field.evaluate("e => getComputedStyle(e).borderTopColor"))
    assert alpha == 1
    behind, _ = parse(field.evaluate(BACKGROUND_BEHIND))
    return contrast(edge, behind)


def test_an_empty_form_field_has_an_edge_that_can_be_seen(page: Page, live_server):
    MentionFactory.create()
    page.goto(live_server.url)
    for field in ("#id_q", "#id_place", "#id_source", "#id_date_from"):
        assert _edge_contrast(page.locator(field)) >= 3, field
    page.goto(f"{live_server.url}/sources/")
    assert _edge_contrast(page.locator("#source-q")) >= 3


def test_a_source_with_nothing_resolved_shows_its_dashes_readably(page: Page, live_server):
    # One open claim put forward, as its claimant: a track record with nothing resolved.
    person = SourceFactory.create(name="Quiet Spokesperson", kind=Source.Kind.PERSON)
    MentionFactory.create(claimant=person)
    page.goto(f"{live_server.url}{person.get_absolute_url()}")
    dashes = page.locator(".stat-none")
    expect(dashes).to_have_count(2)
    for i in range(2):
        colour, _ = parse(dashes.nth(i).evaluate("e => getComputedStyle(e).color"))
        behind, _ = parse(dashes.nth(i).evaluate(BACKGROUND_BEHIND))
        # Large text (1.9rem, bold): 3:1.
        assert contrast(colour, behind) >= 3


def test_the_stage_in_progress_stays_readable_as_it_pulses(page: Page, live_server):
    ArticleFactory.create(title="A story still in the queue", state="queued")
    log_in(page, live_server.url, EditorFactory.create(username="pulse-editor").username)
    page.goto(f"{live_server.url}/ingest/")
    stage = page.locator(".progress li.now").first
    expect(stage).to_have_text("queued")
    # Stopped at the middle of its pulse, where it is furthest from its resting look; all
    # read at once, since the queue's polling may replace the element between two reads.
    style = stage.evaluate(
        """e => {
            for (const a of e.getAnimations()) { a.pause(); a.currentTime = 600; }
            const s = getComputedStyle(e);
            let behind = 'rgb(255, 255, 255)';
            for (let n = e.parentElement; n; n = n.parentElement) {
                const c = getComputedStyle(n).backgroundColor;
                if (c !== 'rgba(0, 0, 0, 0)') { behind = c; break; }
            }
            return {animated: e.getAnimations().length, opacity: parseFloat(s.opacity),
                    color: s.color, background: s.backgroundColor, behind: behind};
        }"""
    )
    assert style["animated"], "the stage in progress no longer pulses: nothing to check"
    behind, _ = parse(style["behind"])
    opacity = style["opacity"]

    def seen(colour: str) -> tuple[int, int, int]:
        (red, green, blue), _ = parse(colour)

        def blend(channel: int, under: int) -> int:
            return round(opacity * channel + (1 - opacity) * under)

        return blend(red, behind[0]), blend(green, behind[1]), blend(blue, behind[2])

    assert contrast(seen(style["color"]), seen(style["background"])) >= 4.5


def test_the_api_documentation_reads_at_four_and_a_half_to_one(page: Page, live_server):
    # Swagger UI's colours (vendored): white on light blue and green method badges, a green
    # Authorize, light blue links; each 2.0 to 3.2:1 (axe-core color-contrast, 18 nodes).
    page.goto(f"{live_server.url}/api/v1/docs/")
    methods = page.locator(".opblock-summary-method")
    expect(methods.first).to_be_visible()
    texts = [
        *methods.all(),
        page.locator(".btn.authorize span"),
        page.locator(".version-stamp pre"),
        page.locator(".info a").first,
    ]
    for text in texts:
        colour, _ = parse(text.evaluate("e => getComputedStyle(e).color"))
        behind, _ = parse(text.evaluate(BACKGROUND_UNDER))
        assert contrast(colour, behind) >= 4.5, text.evaluate("e => e.outerHTML.slice(0, 80)")


def test_the_charts_bars_stand_out_from_the_card_and_from_each_other(page: Page, live_server):
    # The disputed orange was 2.8:1 against the card, the open grey 2.1:1 (non-text
    # contrast wants 3:1); each status keeps a colour of its own.
    statuses = ["unverified", "confirmed", "denied", "disputed", "retracted"]
    for status in statuses:
        MentionFactory.create(claim__status=status, claim__first_reported=date(2024, 6, 3))
    page.goto(live_server.url)
    card = page.locator(".chart-card")
    expect(card.locator("svg.chart:visible .bar")).to_have_count(len(statuses))
    behind, _ = parse(card.evaluate("e => getComputedStyle(e).backgroundColor"))
    fills = {}
    for status in statuses:
        bar = card.locator(f"svg.chart:visible .bar-{status}")
        fills[status], _ = parse(bar.evaluate("e => getComputedStyle(e).fill"))
        assert contrast(fills[status], behind) >= 3, status
        swatch = card.locator(f".legend .swatch-{status}")
        swatch_colour, _ = parse(swatch.evaluate("e => getComputedStyle(e).backgroundColor"))
        assert swatch_colour == fills[status], status
    assert len(set(fills.values())) == len(statuses)
