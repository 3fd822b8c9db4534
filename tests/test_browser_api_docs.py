"""The API documentation page (Swagger UI, vendored) in a real browser (Chromium): each
operation opens from one button with nothing to click inside it. With Swagger UI's deep
links each operation's path was a link inside that button, a control inside a control that
a screen reader may never reach (axe-core nested-interactive, on every operation)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_no_operation_has_a_control_inside_its_button(page: Page, live_server):
    page.goto(f"{live_server.url}/api/v1/docs/")
    buttons = page.locator(".opblock-summary-control")
    expect(buttons.first).to_be_visible()
    assert buttons.count() > 5
    nested = page.evaluate(
        "[...document.querySelectorAll('button')].filter(b => b.querySelector("
        "'a[href], button, input, select, textarea, [tabindex]:not([tabindex=\"-1\"])')).length"
    )
    assert nested == 0
    # Still opened by keyboard.
    buttons.first.focus()
    page.keyboard.press("Enter")
    expect(buttons.first).to_have_attribute("aria-expanded", "true")
