"""Running the fetch pipeline in the test process against the loopback HTTP server."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sources.models import Article
from sources.services import article_submit

# What the tests need from settings to fetch from 127.0.0.1 quickly. Applied through
# pytest-django's `settings` fixture, so each test gets them back afterwards.
LOCAL_FETCH_SETTINGS: dict[str, Any] = {
    "CLAIMTRACK_FETCH_ALLOW_PRIVATE": True,
    "CLAIMTRACK_FETCH_HOST_INTERVAL": 0.0,
    "CLAIMTRACK_FETCH_BACKOFF_BASE": 0.01,
    "CLAIMTRACK_FETCH_MAX_TRIES": 4,
    "CLAIMTRACK_FETCH_READ_TIMEOUT": 2.0,
    "CLAIMTRACK_FETCH_DEADLINE": 10.0,
}


def apply_local_fetch_settings(settings: Any, **overrides: Any) -> None:
    for name, value in {**LOCAL_FETCH_SETTINGS, **overrides}.items():
        setattr(settings, name, value)


def submit_and_run(capture: Callable[..., Any], url: str, **options: Any) -> tuple[Article, bool]:
    """article_submit, then the fetch task it enqueues after commit, run in-process (the
    embedded shape: no broker, the same code)."""
    with capture(execute=True):
        article, created = article_submit(url=url, **options)
    article.refresh_from_db()
    return article, created
