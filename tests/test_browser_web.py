"""The pages in a real browser (Debian's Chromium, headless, driven by Playwright).

Bad inputs tried: an article whose title is `<script>alert(1)</script>` and whose text
carries an `<img onerror>`: shown as text, and no dialog ever opens; a reader who is not
an editor looking for controls.
"""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Browser, Page, expect

from claims.models import Claim, StatusChange
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EditorFactory,
    MentionFactory,
    SourceFactory,
    StatusChangeFactory,
    UserFactory,
)
from tests.support.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _claim(summary: str, status: str = "unverified", **kwargs) -> Claim:
    claim = ClaimFactory.create(summary=summary, **kwargs)
    MentionFactory.create(claim=claim, quote=f"Officials said: {summary}.")
    if status != "unverified":
        StatusChangeFactory.create(claim=claim, to_status=status)
    return claim


def test_filter_the_timeline_and_load_more(page: Page, live_server):
    _claim(
        "Confirmed bridge closure", "confirmed", place="Eastport", first_reported=date(2024, 6, 2)
    )
    _claim("Denied troop movement", "denied", place="Westport", first_reported=date(2024, 6, 3))
    for i in range(52):
        _claim(f"Open claim {i}", place="Northport", first_reported=date(2024, 5, 1))

    page.goto(live_server.url)
    expect(page.locator(".claim-row")).to_have_count(50)
    page.click("text=Load more claims")
    expect(page.locator(".claim-row")).to_have_count(54)

    page.check("input[name=status][value=confirmed]")
    page.fill("#id_place", "east")
    page.click("text=Apply filters")
    expect(page).to_have_url(
        f"{live_server.url}/?q=&status=confirmed&place=east&actor="
        "&source=&claimant=&stance=&date_from=&date_to="
    )
    expect(page.locator(".claim-row")).to_have_count(1)
    expect(page.locator(".claim-summary")).to_have_text("Confirmed bridge closure")
    expect(page.locator(".chart-count")).to_have_text("1 claim matches these filters")
    expect(page.locator("svg.chart:visible .bar-confirmed")).to_have_count(1)


def test_expand_a_claim_in_place(page: Page, live_server):
    claim = ClaimFactory.create(summary="Engineers to the front", first_reported=date(2024, 6, 21))
    MentionFactory.create(
        claim=claim,
        quote="The station claimed engineers would deploy.",
        claimant=SourceFactory.create(name="The Station"),
        stated_on=date(2024, 6, 21),
    )
    StatusChangeFactory.create(claim=claim, to_status="disputed", note="Conflicting reports.")

    page.goto(live_server.url)
    row = page.locator(f"#claim-{claim.pk}")
    expect(row.locator(".claim-story .story")).to_have_count(0)
    row.locator(".expand").click()
    story = row.locator(".claim-story .story")
    expect(story).to_be_visible()
    expect(story).to_contain_text("Asserted by The Station")
    expect(story).to_contain_text("The station claimed engineers would deploy.")
    expect(story).to_contain_text("Conflicting reports.")
    assert page.url == f"{live_server.url}/"  # expanded in place, no navigation


def test_editor_confirms_a_claim_and_badge_and_history_change(page: Page, live_server):
    agency = SourceFactory.create(name="Press Agency", kind="state_media")
    claim = ClaimFactory.create(summary="Satellite images show the convoy")
    mention = MentionFactory.create(
        claim=claim, claimant=agency, quote="The agency said the convoy moved."
    )
    editor = EditorFactory.create(username="desk-editor")

    log_in(page, live_server.url, editor.username)
    page.goto(f"{live_server.url}{claim.get_absolute_url()}")
    expect(page.locator("#claim-status .badge")).to_have_text("Unverified")
    page.select_option("#id_to_status", "confirmed")
    page.fill("#id_note", "Matches commercial satellite imagery.")
    page.fill("#id_evidence_url", "https://evidence.example/imagery")
    page.select_option("#id_evidence_mention", str(mention.pk))
    page.click("text=Save status")

    expect(page.locator(".message-success")).to_contain_text("Status set to Confirmed.")
    expect(page.locator("#claim-status .badge")).to_have_text("Confirmed")
    history = page.locator("#history")
    expect(history).to_contain_text("Matches commercial satellite imagery.")
    expect(history).to_contain_text("desk-editor")
    expect(history.locator("a[href='https://evidence.example/imagery']")).to_have_count(1)

    page.goto(live_server.url)
    expect(page.locator(f"#claim-{claim.pk} .badge")).to_have_text("Confirmed")
    page.goto(f"{live_server.url}{agency.get_absolute_url()}")
    expect(page.locator(".stat-confirmed .stat-n")).to_have_text("1")
    change = StatusChange.objects.get(claim=claim)
    assert change.editor == editor
    assert change.evidence_mention == mention


def test_reader_sees_no_controls(page: Page, live_server):
    claim = _claim("A claim readers can read")
    reader = UserFactory.create(username="plain-reader")
    log_in(page, live_server.url, reader.username)
    page.goto(f"{live_server.url}{claim.get_absolute_url()}")
    expect(page.locator("h1.claim-title")).to_have_text("A claim readers can read")
    expect(page.locator("form[method=post]").filter(has_text="Save")).to_have_count(0)
    expect(page.locator("text=Set the status")).to_have_count(0)
    expect(page.locator("nav.primary a", has_text="Ingest")).to_have_count(0)
    response = page.goto(f"{live_server.url}/ingest/")
    assert response is not None
    assert response.status == 403
    expect(page.locator("h1")).to_have_text("Editors only")


def test_script_in_an_article_title_shows_as_text_and_runs_nothing(page: Page, live_server):
    title = "<script>alert(1)</script>"
    text = "Officials said <img src=x onerror=alert(2)> the bridge closed. <b>Bold?</b>"
    article = ArticleFactory.create(title=title, byline="<script>alert(3)</script>", text=text)
    quote = "Officials said <img src=x onerror=alert(2)> the bridge closed."
    claim = ClaimFactory.create(summary="<i>Bridge</i> closed <script>alert(4)</script>")
    MentionFactory.create(claim=claim, article=article, quote=quote, start=0, end=len(quote))

    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    expect(page.locator("h1.article-title")).to_have_text(title)
    expect(page.locator(".byline")).to_have_text("<script>alert(3)</script>")
    expect(page.locator(".article-text mark.quote")).to_contain_text("<img src=x onerror=alert(2)>")
    expect(page.locator(".article-text img")).to_have_count(0)
    page.goto(live_server.url)
    expect(page.locator(".claim-summary")).to_have_text(claim.summary)
    page.locator(f"#claim-{claim.pk} .expand").click()
    expect(page.locator(".claim-story")).to_contain_text(title[:20])
    page.goto(f"{live_server.url}{claim.get_absolute_url()}")
    expect(page.locator("h1.claim-title")).to_have_text(claim.summary)
    page.wait_for_timeout(300)
    assert page.dialogs == []  # type: ignore[attr-defined]


def test_on_a_phone_no_page_scrolls_sideways(browser: Browser, live_server):
    # Tables scroll inside their own box; the page itself stays as wide as the screen.
    for kind in ("outlet", "state_media", "government", "person", "anonymous"):
        SourceFactory.create(
            name=f"Ministry of Information and Public Communication {kind}", kind=kind
        )
    ArticleFactory.create(
        state="failed",
        failure_kind="timeout",
        failure_message="The server did not answer within 30 seconds.",
        title="A long headline about a border crossing that closed overnight",
    )
    claim = _claim("Convoy crossed the river at dawn", place="Eastport")
    editor = EditorFactory.create(username="phone-editor")
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    log_in(tab, live_server.url, editor.username)
    for path in ("/", "/sources/", "/ingest/", claim.get_absolute_url()):
        tab.goto(f"{live_server.url}{path}")
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path} is {width}px wide on a 375px screen"
    tab.goto(f"{live_server.url}/sources/")
    expect(tab.locator(".table-scroll .sources-table")).to_be_visible()
    context.close()


def test_each_label_on_the_claim_page_focuses_its_own_field(page: Page, live_server):
    claim = _claim("Bridge closed for repairs")
    log_in(page, live_server.url, EditorFactory.create(username="label-editor").username)
    page.goto(f"{live_server.url}{claim.get_absolute_url()}")
    for panel, field in (
        ("Set the status", "#id_note"),
        ("Edit the summary", "#id_summary_note"),
        ("Merge a duplicate", "#id_merge_note"),
    ):
        page.get_by_role("region", name=panel).locator("label", has_text="Note").click()
        expect(page.locator(field)).to_be_focused()
    expect(page.get_by_role("textbox", name="Note (optional)")).to_have_count(2)


def test_a_row_whose_story_cannot_be_loaded_says_so(page: Page, live_server):
    claim = _claim("Claim removed after the page loaded")
    _claim("A claim that stays")
    page.goto(live_server.url)
    Claim.objects.filter(pk=claim.pk).delete()
    row = page.locator(f"#claim-{claim.pk}")
    row.locator(".expand").click()
    expect(row.locator(".claim-story .load-error")).to_have_text(
        "This could not be loaded (error 404). Reload the page to try again."
    )
    expect(row.locator(".claim-story .loading")).to_have_count(0)
    expect(page.locator("h1")).to_have_count(1)  # no error page pasted into the row


def test_evidence_address_without_https_goes_through_the_browser_too(page: Page, live_server):
    # Before, the browser's type=url check stopped `example.org/x` that the server takes.
    claim = _claim("Convoy crossed at night")
    log_in(page, live_server.url, EditorFactory.create(username="url-editor").username)
    page.goto(f"{live_server.url}{claim.get_absolute_url()}")
    page.select_option("#id_to_status", "confirmed")
    page.fill("#id_note", "Photographed by a local paper.")
    page.fill("#id_evidence_url", "evidence.example/photos")
    page.click("text=Save status")
    expect(page.locator(".message-success")).to_contain_text("Status set to Confirmed.")
    expect(page.locator("#history a[href='https://evidence.example/photos']")).to_have_count(1)


def test_merge_shows_the_other_claim_as_the_number_is_typed_and_asks_first(page: Page, live_server):
    duplicate = _claim("Convoy seen near the river")
    target = _claim("Convoy crossed the river", "confirmed")
    log_in(page, live_server.url, EditorFactory.create(username="merge-editor").username)
    page.goto(f"{live_server.url}{duplicate.get_absolute_url()}")
    panel = page.get_by_role("region", name="Merge a duplicate")
    panel.locator("#id_merge_into").fill(str(duplicate.pk))
    expect(panel.locator(".merge-problem")).to_have_text("A claim cannot be merged into itself.")
    panel.locator("#id_merge_into").fill(str(target.pk))
    expect(panel.locator(".merge-target")).to_contain_text("Convoy crossed the river")
    expect(panel.locator(".merge-target .badge")).to_have_text("Confirmed")
    panel.get_by_role("button", name="Review the merge").click()
    confirm = panel.get_by_role("button", name=f"Yes, merge #{duplicate.pk} into #{target.pk}")
    expect(confirm).to_be_visible()
    assert Claim.objects.get(pk=duplicate.pk).merged_into_id is None
    confirm.click()
    expect(page).to_have_url(f"{live_server.url}{target.get_absolute_url()}")
    assert Claim.objects.get(pk=duplicate.pk).merged_into_id == target.pk


def test_on_a_phone_the_ingest_queue_fits_the_screen(browser: Browser, live_server):
    # Not even inside its own box: as a four-column table it was 670px wide, the progress
    # and the failure's reason scrolled out of sight to the right.
    long_url = "https://news.example/" + "a-very-long-slug-without-any-spaces-" * 4
    ArticleFactory.create(
        url=long_url,
        title="",
        state="failed",
        failure_kind="timeout",
        failure_message="The server did not answer within 30 seconds.",
    )
    ArticleFactory.create(title="A long headline about a border crossing that closed overnight")
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    log_in(tab, live_server.url, EditorFactory.create(username="queue-editor").username)
    tab.goto(f"{live_server.url}/ingest/")
    queue = tab.locator("#ingest-queue .table-scroll")
    expect(queue).to_contain_text("The server did not answer within 30 seconds.")
    scroll, client = queue.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert scroll <= client, f"the queue is {scroll}px wide in a {client}px box"
    assert tab.evaluate("document.documentElement.scrollWidth") <= 375
    retry = tab.get_by_role("button", name="Retry").bounding_box()
    assert retry is not None
    assert retry["x"] + retry["width"] <= 375
    context.close()


def test_timeline_keyboard_skips_to_results_and_dates_fit_their_fields(page: Page, live_server):
    _claim("Bridge closed at dawn")
    page.goto(f"{live_server.url}/?date_from=2024-06-21&date_to=2024-10-24")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to results")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("#results")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('#results').contains(document.activeElement)")

    # Each date field is at least as wide as a date input sized to its own content
    # (side by side in the 1280px sidebar they were ~112px: "06/21/202").
    for field in ("#id_date_from", "#id_date_to"):
        width, needed = page.locator(field).evaluate(
            """e => {
                const probe = e.cloneNode();
                probe.removeAttribute('id');
                probe.style.width = 'auto';
                probe.style.minWidth = '0';
                probe.style.position = 'absolute';
                document.body.appendChild(probe);
                const needed = probe.getBoundingClientRect().width;
                probe.remove();
                return [e.getBoundingClientRect().width, needed];
            }"""
        )
        assert width >= needed, f"{field} is {width}px, its date needs {needed}px"
