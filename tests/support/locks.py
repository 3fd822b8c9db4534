"""Two writers on real PostgreSQL connections: waiting until one of them waits for a lock."""

from __future__ import annotations

import time

from django.db import connection


def wait_for_a_lock_wait(what: str, timeout: float = 10.0) -> None:
    """Return once some session of the test database waits for a lock; fail, saying that
    `what` never waited, after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            (waiting,) = cursor.fetchone()
        if waiting:
            return
        time.sleep(0.02)
    raise AssertionError(f"{what} never waited")
