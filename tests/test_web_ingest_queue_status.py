"""The ingest queue's progress, for someone who cannot watch the table.

The table is swapped whole every two seconds while anything is unfinished, and it was
itself the live region: a screen reader read out the whole table again, or nothing, on
each poll. One stable status line now holds the queue in a sentence; each poll (and a
retry) rewrites its words in place, out of band, and the table is no longer live.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def _queue_of_three() -> None:
    ArticleFactory.create(state="queued")
    ArticleFactory.create(state="failed", failure_kind="timeout", failure_message="Timed out")
    ArticleFactory.create(state="extracted")


def test_the_page_has_one_live_status_line_and_no_live_table(editor_client):
    _queue_of_three()
    html = editor_client.get(reverse("sources:ingest")).content.decode()
    status = re.search(r'<p id="queue-status"[^>]*role="status">(.*?)</p>', html)
    assert status is not None
    assert status.group(1) == "Queue: 1 in progress, 1 failed, 1 done."
    assert "aria-live" not in html
    assert html.count('role="status"') == 1


def test_each_poll_rewrites_the_status_words_in_place(editor_client):
    _queue_of_three()
    fragment = editor_client.get(reverse("sources:ingest_queue")).content.decode()
    assert (
        '<p id="queue-status" hx-swap-oob="innerHTML">Queue: 1 in progress, 1 failed, 1 done.</p>'
        in fragment
    )
    assert "aria-live" not in fragment


def test_an_empty_queue_says_so_once(editor_client):
    html = editor_client.get(reverse("sources:ingest")).content.decode()
    assert html.count("Nothing in the queue.") == 1
