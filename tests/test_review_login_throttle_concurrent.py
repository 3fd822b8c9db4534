"""The login page's limit holds against guesses sent at the same time. The count of failed
log-ins was read before the password was checked and raised after: every guess of a burst
sent together (each check takes a large part of a second, PBKDF2) read the same count, so
a burst of 30 guesses had all 30 checked, not LOGIN_FAILURES_ALLOWED.

Bad input tried: 30 wrong passwords for an editor's account from one address, sent at once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from config import login
from tests.factories import EditorFactory

pytestmark = pytest.mark.django_db(transaction=True)  # the guesses run in other threads

GUESSER = "203.0.113.9"
BURST = 30


@pytest.fixture(autouse=True)
def _clean_count() -> Iterator[None]:
    cache.delete(login.failures_key(GUESSER))
    yield
    cache.delete(login.failures_key(GUESSER))


def test_a_burst_of_guesses_sent_at_once_is_checked_only_up_to_the_limit() -> None:
    editor = EditorFactory.create()
    start = threading.Barrier(BURST)
    statuses: list[int] = []

    def guess() -> None:
        client = Client(REMOTE_ADDR=GUESSER)
        start.wait()
        try:
            response = client.post(
                reverse("login"), {"username": editor.username, "password": "guess"}
            )
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=guess) for _ in range(BURST)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(statuses) == BURST
    assert statuses.count(200) == login.LOGIN_FAILURES_ALLOWED  # the form back: checked
    assert statuses.count(429) == BURST - login.LOGIN_FAILURES_ALLOWED
