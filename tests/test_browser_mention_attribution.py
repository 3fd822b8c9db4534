"""An editor corrects who said a mention in a real browser (Debian's Chromium, headless):
the claim page's "Correct the attribution" panel loads its form when opened (htmx), the
date input holds the date the mention was said (a browser empties a type=date input that
holds any other format, which read as the date taken away), and the saved correction shows
on the mention and in the history.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from playwright.sync_api import Page, expect

from claims.models import Mention
from sources.models import Source
from tests.factories import ClaimFactory, EditorFactory, MentionFactory, SourceFactory
from tests.support.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_corrects_the_claimant_and_stance(page: Page, live_server) -> None:
    SourceFactory.create(name="Port Minister", kind=Source.Kind.PERSON)
    claim = ClaimFactory.create(summary="Forty ships wait at the northern terminal")
    mention = MentionFactory.create(
        claim=claim,
        claimant=SourceFactory.create(name="Harbour Office", kind=Source.Kind.GOVERNMENT),
        stated_on=date(2025, 3, 4),
        article__published_at=datetime(2025, 3, 4, 9, tzinfo=UTC),
    )
    editor = EditorFactory.create(username="attribution-editor")

    log_in(page, live_server.url, editor.username)
    page.goto(f"{live_server.url}{claim.get_absolute_url()}")
    item = page.locator(f"#m-{mention.pk}")
    item.locator("summary", has_text="Correct the attribution").click()
    claimant = item.locator(f"#id_attribution{mention.pk}_claimant")
    expect(claimant).to_have_value("Harbour Office")  # loaded into the panel, in place
    expect(item.locator(f"#id_attribution{mention.pk}_stated_on")).to_have_value("2025-03-04")
    claimant.fill("Port Minister")
    item.locator(f"#id_attribution{mention.pk}_stance").select_option("denies")
    item.locator("button", has_text="Save the attribution").click()

    expect(page.locator(".message-success")).to_have_text("Attribution corrected.")
    item = page.locator(f"#m-{mention.pk}")
    expect(item.locator(".stance-pill")).to_have_text("Denies")
    expect(item.locator(".mention-who .claimant")).to_have_text("Port Minister")
    expect(page.locator("#history")).to_contain_text("A mention was corrected")
    expect(page.locator("#history")).to_contain_text("attribution-editor")
    corrected = Mention.objects.get(pk=mention.pk)
    assert (corrected.claimant.name if corrected.claimant else None, corrected.stance) == (
        "Port Minister",
        "denies",
    )
    assert corrected.stated_on == date(2025, 3, 4)  # untouched, not emptied by the browser
