from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from playwright.sync_api import Browser, Page

from tests.factories import EditorFactory
from tests.support.browser import chromium, desktop_page
from tests.support.http import LocalSite


def pytest_configure(config: pytest.Config) -> None:
    # The suite proves behaviour on the production database; SQLite would hide differences.
    if not settings.IS_POSTGRES:
        raise pytest.UsageError(
            "The tests run on PostgreSQL: set DATABASE_URL (make test does), "
            "e.g. postgres://postgres@127.0.0.1:5432/claimtrack"
        )


@pytest.fixture(scope="session", autouse=True)
def _fresh_cache() -> None:
    """Each run starts from an empty cache: the test Redis database outlives a run, and what
    an earlier run left (a chart's HTML keyed by data the new run recreates with the same
    ids, throttle and log-in counters) would otherwise be served to this one."""
    cache.clear()


@pytest.fixture
def editor_client() -> Client:
    """The Django test client, logged in as a member of the editors group."""
    client = Client()
    client.force_login(EditorFactory.create())
    return client


@pytest.fixture
def site() -> Iterator[LocalSite]:
    """A real HTTP server on loopback that serves whatever the test routes to it."""
    server = LocalSite().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Chromium, one per test module (tests/support/browser.py)."""
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    with desktop_page(browser) as tab:
        yield tab


@pytest.fixture
def broker() -> Iterator[str]:
    """This process sends tasks to the test Redis (not in-process); its URL."""
    from tests.support.worker import tasks_through_broker

    with tasks_through_broker() as url:
        yield url
