"""backoff_delay() spreads retries out and never comes back before Retry-After.

Bad inputs tried: attempt 0 and negative attempts, an absurd attempt number (no overflow),
a Retry-After far beyond the backoff cap, Retry-After headers that are garbage, empty,
negative dates in the past, or dates without a time zone.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sources.fetching import backoff_delay, parse_retry_after


@pytest.fixture(autouse=True)
def backoff(settings) -> None:
    settings.CLAIMTRACK_FETCH_BACKOFF_BASE = 2.0
    settings.CLAIMTRACK_FETCH_BACKOFF_MAX = 300.0


@pytest.mark.parametrize(("attempt", "ceiling"), [(1, 2), (2, 4), (3, 8), (4, 16), (9, 300)])
def test_delays_are_jittered_below_an_exponential_ceiling(attempt: int, ceiling: float):
    delays = [backoff_delay(attempt, None) for _ in range(300)]
    assert all(0 <= delay <= ceiling for delay in delays)
    # Full jitter: spread over the whole range, not clustered at the top.
    assert min(delays) < ceiling * 0.2
    assert max(delays) > ceiling * 0.8


def test_odd_attempt_numbers_stay_within_bounds():
    assert 0 <= backoff_delay(0, None) <= 2
    assert 0 <= backoff_delay(-3, None) <= 2
    assert 0 <= backoff_delay(10_000, None) <= 300


def test_retry_after_is_a_floor_even_beyond_the_cap():
    assert all(backoff_delay(1, 30.0) >= 30.0 for _ in range(50))
    assert backoff_delay(2, 3600.0) == 3600.0


def test_the_cap_follows_the_setting(settings):
    settings.CLAIMTRACK_FETCH_BACKOFF_MAX = 5.0
    assert all(backoff_delay(8, None) <= 5.0 for _ in range(100))


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        (" 5 ", 5.0),
        ("Wed, 01 Jan 2031 00:01:40 GMT", 100.0),
        ("Wed, 01 Jan 2031 00:01:40", 100.0),
        ("Tue, 31 Dec 2030 23:00:00 GMT", 0.0),
        ("", None),
        (None, None),
        ("soon", None),
        ("-5", None),
        ("1.5", None),
    ],
)
def test_retry_after_headers_are_parsed(header: str | None, seconds: float | None):
    now = datetime(2031, 1, 1, tzinfo=UTC)
    assert parse_retry_after(header, now=now) == seconds
