from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings

from tests.support.http import LocalSite


def pytest_configure(config: pytest.Config) -> None:
    # The suite proves behaviour on the production database; SQLite would hide differences.
    if not settings.IS_POSTGRES:
        raise pytest.UsageError(
            "The tests run on PostgreSQL: set DATABASE_URL (make test does), "
            "e.g. postgres://postgres@127.0.0.1:5432/claimtrack"
        )


@pytest.fixture
def site() -> Iterator[LocalSite]:
    """A real HTTP server on loopback that serves whatever the test routes to it."""
    server = LocalSite().start()
    yield server
    server.stop()
