"""Reading and editing in a real browser (Debian's Chromium, headless, via Playwright):
what a layout or a script does, which the Django client cannot see.

Bad inputs tried: an article with more claims than a window holds (its claims list ran
past the window and stayed out of reach while the text was read); a summary emptied and
saved (the page came back at its top, the refusal below the fold); a phone reading the
sources table (the counts were off screen to the right); labels of unequal length above
fields side by side (the fields were out of line); a claim's link in a highlight of the
article's text (no line under it: told from the text by nothing).
"""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Browser, Page, expect

from sources.models import Source
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EditorFactory,
    MentionFactory,
    SourceFactory,
)
from tests.support.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _long_article_with_many_claims(claims: int = 24):
    sentences = [f"Officials said that event number {n} happened at the border." for n in range(80)]
    article = ArticleFactory.create(title="A long report", text="\n\n".join(sentences))
    text = article.text
    for n in range(claims):
        quote = sentences[n * 3]
        start = text.index(quote)
        claim = ClaimFactory.create(summary=f"Event number {n * 3} happened at the border")
        MentionFactory.create(
            claim=claim, article=article, quote=quote, start=start, end=start + len(quote)
        )
    return article


def test_the_claims_list_stays_beside_the_text_while_it_is_read(page: Page, live_server):
    article = _long_article_with_many_claims()
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    side = page.locator(".article-side")
    expect(side.locator("ol.article-claims li")).to_have_count(24)
    # Half way down the text the list is still in the window, all of it.
    page.evaluate("window.scrollTo(0, document.querySelector('.article').offsetHeight / 2)")
    top, bottom = side.evaluate(
        "e => [e.getBoundingClientRect().top, e.getBoundingClientRect().bottom]"
    )
    assert top >= 0
    assert bottom <= 900, f"the claims list ends at {bottom}px in a 900px window"
    # Its last claim is reached by scrolling the list itself, not the page.
    last = side.locator("ol.article-claims li").last
    last.scroll_into_view_if_needed()
    expect(last).to_be_in_viewport()


def test_a_refused_summary_brings_its_field_into_view_with_the_focus(page: Page, live_server):
    claim = ClaimFactory.create(summary="Convoy crossed the river")
    for n in range(4):
        MentionFactory.create(claim=claim, quote=f"Officials said convoy number {n} crossed.")
    log_in(page, live_server.url, EditorFactory.create(username="summary-editor").username)
    page.goto(f"{live_server.url}{claim.get_absolute_url()}")
    page.fill("#id_summary_summary", " ")
    page.click("text=Save summary")
    field = page.locator("#id_summary_summary")
    expect(field).to_be_focused()
    expect(field).to_be_in_viewport()
    expect(page.locator("#id_summary_summary_error")).to_be_in_viewport()


def test_a_refused_url_list_puts_the_focus_in_the_list(page: Page, live_server):
    # The field to fix, not the error box above it: its error is read out with it.
    log_in(page, live_server.url, EditorFactory.create(username="url-editor").username)
    page.goto(f"{live_server.url}/ingest/")
    page.fill("#id_urls_urls", "not a url")
    page.click("text=Queue articles")
    expect(page.locator("#id_urls_urls_error")).to_contain_text("line 1")
    expect(page.locator("#id_urls_urls")).to_be_focused()


def test_a_page_with_no_refusal_keeps_the_focus_where_it_was(page: Page, live_server):
    claim = ClaimFactory.create(summary="Convoy crossed the river")
    MentionFactory.create(claim=claim)
    log_in(page, live_server.url, EditorFactory.create(username="calm-editor").username)
    page.goto(f"{live_server.url}{claim.get_absolute_url()}")
    assert page.evaluate("document.activeElement === document.body")
    assert page.evaluate("window.scrollY") == 0
    # Nor does a refused timeline filter (it says so above the claims) take the focus.
    page.goto(f"{live_server.url}/?date_from=2024-13-01")
    expect(page.locator(".filters .form-errors")).to_be_visible()
    assert page.evaluate("document.activeElement === document.body")


def test_load_more_by_keyboard_leaves_the_focus_on_the_first_claim_loaded(page: Page, live_server):
    for n in range(52):
        claim = ClaimFactory.create(summary=f"Open claim {n:02d}", first_reported=date(2024, 5, 1))
        MentionFactory.create(claim=claim)
    page.goto(live_server.url)
    expect(page.locator(".claim-row")).to_have_count(50)
    page.focus(".load-more a")
    page.keyboard.press("Enter")
    expect(page.locator(".claim-row")).to_have_count(52)
    expect(page.locator(".claim-row").nth(50).locator(".claim-summary")).to_be_focused()


def test_on_a_phone_an_editor_jumps_past_the_mentions_to_the_status_form(
    browser: Browser, live_server
):
    claim = ClaimFactory.create(summary="Convoy crossed the river")
    for n in range(5):
        MentionFactory.create(claim=claim, quote=f"Officials said convoy number {n} crossed.")
    editor = EditorFactory.create(username="phone-editor")
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    log_in(tab, live_server.url, editor.username)
    tab.goto(f"{live_server.url}{claim.get_absolute_url()}")
    expect(tab.locator("#status-panel")).not_to_be_in_viewport()
    tab.get_by_role("link", name="set the status").click()
    expect(tab.locator("#id_to_status")).to_be_in_viewport()
    context.close()
    # Beside the mentions on a wide screen, the panels need no such link.
    wide = browser.new_context(viewport={"width": 1280, "height": 900})
    desk = wide.new_page()
    log_in(desk, live_server.url, editor.username)
    desk.goto(f"{live_server.url}{claim.get_absolute_url()}")
    expect(desk.locator(".editor-jump")).to_be_hidden()
    wide.close()


def test_reading_the_pages_asks_for_nothing_that_is_not_there(page: Page, live_server):
    # The browser asked for /favicon.ico on every visit: a 404 in its console and a
    # logged warning on the server each time.
    mention = MentionFactory.create()
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    # The favicon request is the browser's own: Playwright reports it only as a console error.
    page.on("console", lambda m: failed.append(m.text) if m.type == "error" else None)
    for path in (
        "/",
        mention.claim.get_absolute_url(),
        mention.article.get_absolute_url(),
        mention.article.publisher.get_absolute_url(),
        "/sources/",
    ):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    assert failed == []


def test_a_word_longer_than_its_column_does_not_push_the_page_sideways(
    browser: Browser, live_server
):
    # An address quoted in an article, a title or a name with no space in it: each page
    # that showed one was wider than the screen (2,300px on a 1280px desktop).
    address = "https://www.example.com/" + "averyverylongpathsegmentwithoutanybreaks" * 3
    outlet = SourceFactory.create(name="Outlet" + "X" * 60)
    text = f"Officials said the report at {address} was accurate and complete."
    article = ArticleFactory.create(url=address, title="T" * 150, text=text, publisher=outlet)
    claim = ClaimFactory.create(summary="Unbreakable" * 12, place="P" * 80, actor="A" * 80)
    MentionFactory.create(
        claim=claim,
        article=article,
        quote=text,
        start=0,
        end=len(text),
        claimant=outlet,
        claimant_text="spokes" * 20,
    )
    pages = ("/", claim.get_absolute_url(), article.get_absolute_url(), outlet.get_absolute_url())
    for width in (375, 1280):
        context = browser.new_context(viewport={"width": width, "height": 800})
        tab = context.new_page()
        tab.set_default_timeout(10_000)
        for path in pages:
            tab.goto(f"{live_server.url}{path}")
            if path == "/":
                tab.locator(".claim-row .row-toggle").first.click()
                expect(tab.locator(".claim-story .story")).to_be_visible()
            scroll = tab.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, f"{path} is {scroll}px wide on a {width}px screen"
        context.close()


def test_a_claims_seven_facts_fit_on_one_line_on_a_desktop(page: Page, live_server):
    # Ruled off from each other they took a second line at 1280px, a rule left hanging
    # at the end of the first.
    claim = ClaimFactory.create(
        summary="Troops move to the border region",
        actor="Northland",
        action="move",
        quantity=3000,
        quantity_qualifier="approx",
        unit="troops",
        place="Kursk Oblast",
        place_country="RU",
        event_date=date(2024, 10, 1),
        event_date_precision="month",
        first_reported=date(2024, 10, 24),
    )
    MentionFactory.create(claim=claim)
    page.goto(f"{live_server.url}{claim.get_absolute_url()}")
    terms = page.locator(".facts dt")
    expect(terms).to_have_count(7)
    tops = {round(box["y"]) for box in (t.bounding_box() for t in terms.all()) if box}
    assert len(tops) == 1, f"the facts take {len(tops)} lines"


def test_the_queue_status_line_changes_its_words_in_place_as_the_queue_is_polled(
    page: Page, live_server
):
    article = ArticleFactory.create(state="queued", title="Waiting page")
    log_in(page, live_server.url, EditorFactory.create(username="queue-watcher").username)
    page.goto(f"{live_server.url}/ingest/")
    status = page.locator("#queue-status")
    expect(status).to_have_text("Queue: 1 in progress.")
    status.evaluate("e => { e.dataset.original = 'yes'; }")
    type(article).objects.filter(pk=article.pk).update(state="extracted")
    expect(status).to_have_text("Queue: 1 done.", timeout=8_000)
    # The same element (a live region replaced is not read out), and only one of it.
    expect(page.locator("#queue-status[data-original='yes']")).to_have_count(1)
    expect(page.locator("#queue-status")).to_have_count(1)


def test_on_a_phone_the_sources_table_shows_its_counts(browser: Browser, live_server):
    SourceFactory.create(
        name="An Intelligence Service With A Long Name", kind=Source.Kind.INTELLIGENCE
    )
    SourceFactory.create(name="Daily Example")
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.goto(f"{live_server.url}/sources/")
    table = tab.locator(".sources-table")
    expect(table).to_contain_text("Intelligence service")  # the kind, under the name
    for header in table.locator("thead th").all():
        if header.is_visible():
            box = header.bounding_box()
            assert box is not None
            assert box["x"] + box["width"] <= 375, f"{header.inner_text()!r} is off screen"
    context.close()


def test_fields_side_by_side_line_up_under_labels_of_any_length(page: Page, live_server):
    log_in(page, live_server.url, EditorFactory.create(username="ingest-editor").username)
    page.goto(f"{live_server.url}/ingest/")
    for left, right in (
        ("#id_files_published", "#id_files_byline"),
        ("#id_feed_source", "#id_feed_every_minutes"),
    ):
        a = page.locator(left).bounding_box()
        b = page.locator(right).bounding_box()
        assert a is not None
        assert b is not None
        assert abs(a["y"] + a["height"] - (b["y"] + b["height"])) <= 2, (left, right, a, b)


def test_a_claims_link_in_the_articles_text_is_underlined(page: Page, live_server):
    # The highlight's colour says the stance; the link in it had the text's colour and no
    # line, told from the text around it by nothing (axe: link-in-text-block).
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
    )
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    link = page.locator("mark.quote a")
    expect(link).to_have_text(quote)
    assert "underline" in link.evaluate("e => getComputedStyle(e).textDecorationLine")
