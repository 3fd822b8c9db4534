"""Marks that carry meaning without words, as the browser computes their colours (Debian's
Chromium via Playwright): each 3:1 or more against what touches it (WCAG 2.1 SC 1.4.11,
non-text contrast). The timeline chart's bars are in test_browser_contrast.py.

Bad inputs tried (each failed before): a timeline row's status edge, disputed orange
#d48a00 and open grey #aab4bf, 2.7:1 and 2.0:1 against the paper; the dots of a claim's
story, a grey ring for "neither" (2.1:1) and a yellow one for "asserts" (2.5:1); a source
page's "still open" card, its top edge in the same grey; a feed not polled yet, its grey dot.

Judged decorative, so not checked: the rules between day headings, rows, list items and
table cells; a card's 1px edge (the white card on the paper and its shadow); the line that
joins a story's dots (the entries' order and dates carry the sequence); a quote's left rule;
a badge's tinted edge and a stance pill's tint, whose words say what they mean.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from playwright.sync_api import Locator, Page, expect

from claims.models import Claim, Mention
from sources.models import Source
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EditorialEventFactory,
    FeedFactory,
    MentionFactory,
    SourceFactory,
    StatusChangeFactory,
)
from tests.support.colour import BACKGROUND_BEHIND, contrast, parse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STATUSES = ["unverified", "confirmed", "denied", "disputed", "retracted"]
RGB = tuple[int, int, int]


def _colour(element: Locator, prop: str, pseudo: str | None = None) -> RGB:
    pseudo_arg = f"'{pseudo}'" if pseudo else "null"
    colour, alpha = parse(element.evaluate(f"e => getComputedStyle(e, {pseudo_arg}).{prop}"))
    assert alpha == 1, (prop, pseudo)
    return colour


def _behind(element: Locator) -> RGB:
    colour, _ = parse(element.evaluate(BACKGROUND_BEHIND))
    return colour


def test_a_timeline_rows_status_edge_stands_out_and_is_the_charts_colour(page: Page, live_server):
    for status in STATUSES:
        MentionFactory.create(
            claim__status=status,
            claim__summary=f"A claim that is {status}",
            claim__first_reported=date(2024, 6, 3),
        )
    page.goto(live_server.url)
    card = page.locator(".chart-card")
    expect(card.locator("svg.chart:visible .bar")).to_have_count(len(STATUSES))
    edges = {}
    for status in STATUSES:
        row = page.locator(f'.claim-row[data-status="{status}"]')
        edge = edges[status] = _colour(row, "borderLeftColor")
        inside = _colour(row, "backgroundColor")
        outside = _behind(row)
        row.locator(".row-head").hover()
        hovered = _colour(row.locator(".row-head"), "backgroundColor")
        worst = min(contrast(edge, c) for c in (inside, outside, hovered))
        assert worst >= 3, (status, round(worst, 2))
        # One colour per status across the page: the row's edge is its bar in the chart.
        bar = _colour(card.locator(f"svg.chart:visible .bar-{status}"), "fill")
        assert edge == bar, status
    assert len(set(edges.values())) == len(STATUSES)


def test_the_dots_of_a_claims_story_stand_out(page: Page, live_server):
    claim = ClaimFactory.create(summary="Ferry service resumed", first_reported=date(2024, 6, 3))
    for stance in Mention.Stance.values:
        MentionFactory.create(claim=claim, stance=stance, stated_on=date(2024, 6, 3))
    StatusChangeFactory.create(claim=claim, to_status=Claim.Status.CONFIRMED)
    EditorialEventFactory.create(claim=claim)
    page.goto(live_server.url)
    row = page.locator(f"#claim-{claim.pk}")
    row.locator(".row-toggle").click()
    story = row.locator(".claim-story .story")
    expect(story.locator(".story-item")).to_have_count(len(Mention.Stance.values) + 2)
    rings = {}
    items = [*story.locator(".story-mention").all(), story.locator(".story-status")]
    for item in [*items, story.locator(".story-event")]:
        name = item.evaluate("e => e.className")
        ring = _colour(item, "borderTopColor", "::before")
        fill = _colour(item, "backgroundColor", "::before")
        outside = _behind(item)
        if ring == fill:  # a filled dot: its fill against the story's background
            assert contrast(fill, outside) >= 3, name
        else:  # a ring: against the story's background outside and its own fill inside
            worst = min(contrast(ring, outside), contrast(ring, fill))
            assert worst >= 3, (name, round(worst, 2))
        if "story-mention" in name:
            rings[name] = ring
    # Each stance keeps a ring of its own.
    assert len(set(rings.values())) == len(Mention.Stance.values)


def test_a_source_pages_record_and_feed_marks_stand_out(page: Page, live_server):
    person = SourceFactory.create(name="Harbour Spokesperson", kind=Source.Kind.PERSON)
    for status in STATUSES:
        MentionFactory.create(claimant=person, claim__status=status)
    polled = datetime(2024, 6, 21, 9, 0, tzinfo=UTC)
    FeedFactory.create(source=person)  # new: never polled
    FeedFactory.create(source=person, last_polled_at=polled, last_success_at=polled)
    FeedFactory.create(source=person, last_polled_at=polled, consecutive_failures=1)
    FeedFactory.create(source=person, last_polled_at=polled, consecutive_failures=5)
    page.goto(f"{live_server.url}{person.get_absolute_url()}")
    stats = page.locator(".stat-confirmed, .stat-denied, .stat-open, .stat-retracted")
    expect(stats).to_have_count(4)
    for stat in stats.all():
        edge = _colour(stat, "borderTopColor")
        worst = min(contrast(edge, _colour(stat, "backgroundColor")), contrast(edge, _behind(stat)))
        assert worst >= 3, (stat.evaluate("e => e.className"), round(worst, 2))
    segments = page.locator(".record-bar .seg")
    expect(segments).to_have_count(4)
    behind_bar = _behind(page.locator(".record-bar"))
    for segment in segments.all():
        fill = _colour(segment, "backgroundColor")
        assert contrast(fill, behind_bar) >= 3, segment.evaluate("e => e.className")
    # The open card's edge is the open segment's colour, as the chart's grey.
    assert _colour(page.locator(".stat-open"), "borderTopColor") == _colour(
        page.locator(".record-bar .seg-open"), "backgroundColor"
    )
    dots = page.locator(".feed-list .health-dot")
    expect(dots).to_have_count(4)
    health = set()
    for dot in dots.all():
        fill = _colour(dot, "backgroundColor")
        health.add(fill)
        assert contrast(fill, _behind(dot)) >= 3, dot.evaluate("e => e.parentElement.className")
    assert len(health) == 4


def test_a_highlighted_quotes_stance_has_an_edge_that_stands_out(page: Page, live_server):
    # The tints alone say the stance: 1.1 to 1.35:1 against the page and about as close to
    # each other. Each highlight's underline (its link's) is drawn in its stance's colour.
    sentences = {
        "asserts": "The mayor said the ferry would sail on Monday.",
        "confirms": "The port authority confirmed the sailing.",
        "denies": "The union denied that crews were ready.",
        "neither": "The operator would neither confirm nor deny a date.",
    }
    text = " ".join(sentences.values())
    article = ArticleFactory.create(title="Ferry report", text=text)
    for stance, quote in sentences.items():
        start = text.index(quote)
        end = start + len(quote)
        MentionFactory.create(article=article, quote=quote, start=start, end=end, stance=stance)
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    edges = {}
    for stance in sentences:
        mark = page.locator(f".article-text mark.quote.stance-{stance}")
        link = mark.locator("a")
        edge = edges[stance] = _colour(link, "textDecorationColor")
        assert "underline" in link.evaluate("e => getComputedStyle(e).textDecorationLine")
        tint = _colour(mark, "backgroundColor")
        worst = min(contrast(edge, tint), contrast(edge, _behind(mark)))
        assert worst >= 3, (stance, round(worst, 2))
        # The legend above the text shows the same edge on the same tint.
        key = page.locator(f".highlight-legend mark.quote.stance-{stance}")
        assert "underline" in key.evaluate("e => getComputedStyle(e).textDecorationLine"), stance
        assert _colour(key, "textDecorationColor") == edge, stance
        assert _colour(key, "backgroundColor") == tint, stance
    assert len(set(edges.values())) == len(sentences)
