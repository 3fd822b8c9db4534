"""Settings that cannot work stop the start-up with a message naming the variable, as the
README promises, instead of failing every fetch or job later.

`float()` reads "nan" and "inf": CLAIMTRACK_FETCH_READ_TIMEOUT=nan started fine and every
fetch then crashed as an internal error (the socket refuses a NaN timeout). A limit of zero
or below was as quiet: CLAIMTRACK_FETCH_MAX_BYTES=0 made every page 'too large',
CLAIMTRACK_JOB_LEASE_SECONDS=0 made every job look abandoned the moment it was taken,
CLAIMTRACK_FETCH_MAX_TRIES=0 gave up before trying.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.conf import settings


def _start(variable: str, value: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={"DJANGO_SETTINGS_MODULE": "config.settings", variable: value, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("CLAIMTRACK_FETCH_READ_TIMEOUT", "nan", "must be a finite number, not 'nan'"),
        ("CLAIMTRACK_FETCH_DEADLINE", "inf", "must be a finite number, not 'inf'"),
        ("CLAIMTRACK_FETCH_CONNECT_TIMEOUT", "0", "must be more than 0, not '0'"),
        ("CLAIMTRACK_FETCH_HOST_INTERVAL", "-1", "must be 0 or more, not '-1'"),
        ("CLAIMTRACK_FETCH_MAX_BYTES", "0", "must be 1 or more, not '0'"),
        ("CLAIMTRACK_FETCH_MAX_TRIES", "0", "must be 1 or more, not '0'"),
        ("CLAIMTRACK_JOB_LEASE_SECONDS", "0", "must be 1 or more, not '0'"),
        ("CLAIMTRACK_TASK_SOFT_TIME_LIMIT", "-5", "must be 1 or more, not '-5'"),
        ("CLAIMTRACK_FEED_UNHEALTHY_AFTER", "0", "must be 1 or more, not '0'"),
        ("CLAIMTRACK_API_NUM_PROXIES", "-1", "must be 0 or more, not '-1'"),
    ],
)
def test_a_value_that_cannot_work_stops_the_start(variable: str, value: str, message: str) -> None:
    result = _start(variable, value)
    assert result.returncode != 0
    assert f"{variable} {message}" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("CLAIMTRACK_FETCH_HOST_INTERVAL", "0"),
        ("CLAIMTRACK_FETCH_READ_TIMEOUT", "2.5"),
        ("CLAIMTRACK_ROBOTS_CACHE_SECONDS", "0"),
        ("CLAIMTRACK_API_NUM_PROXIES", "2"),
    ],
)
def test_values_that_work_still_start(variable: str, value: str) -> None:
    result = _start(variable, value)
    assert result.returncode == 0, result.stderr
