"""A Source created by another writer while source_get_or_create creates the same one is
found, not a crash.

source_get_or_create serializes on a lock of its own, but the claims step's batch (one
INSERT for all the new claimants of a batch, claims.services._sources_create) takes no such
lock, nor does anything else that writes a Source. Both then insert the same slug and
the later INSERT fails on the unique index: the claims side falls back to
source_get_or_create, but source_get_or_create itself let the IntegrityError out, so the
fetch that was filing its page under that outlet crashed ('internal error', the article
failed), as did an ingest page or a command naming that outlet. It now looks again: the
row the other writer committed is the Source asked for. A different name that happens to
want the same slug (the other writer took 'harbour-gazette' for another spelling) gets the
next free slug.

The race is real: two PostgreSQL connections in two threads, the other writer's INSERT held
uncommitted until ours is seen waiting for it on the unique index.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connections, transaction

from sources.models import Source
from sources.services import source_get_or_create
from tests.support.locks import wait_for_a_lock_wait

pytestmark = pytest.mark.django_db(transaction=True)  # the other writer runs in a thread


def _while_another_writer_inserts(name: str, slug: str, asked: str) -> Any:
    inserted, go = threading.Event(), threading.Event()
    outcome: dict[str, Any] = {}

    def other_writer() -> None:
        try:
            with transaction.atomic():
                Source.objects.create(name=name, slug=slug, kind=Source.Kind.PERSON)
                inserted.set()
                go.wait(timeout=20)
        finally:
            connections.close_all()

    def ours() -> None:
        try:
            outcome["source"] = source_get_or_create(name=asked)
        except BaseException as exc:  # reported by the assertions
            outcome["source"] = exc
        finally:
            connections.close_all()

    writer = threading.Thread(target=other_writer)
    writer.start()
    assert inserted.wait(timeout=10)
    asker = threading.Thread(target=ours)
    asker.start()
    try:
        wait_for_a_lock_wait("source_get_or_create (for the other writer)")
    finally:
        go.set()
        writer.join(timeout=20)
        asker.join(timeout=20)
    return outcome["source"]


def test_the_same_name_created_meanwhile_is_the_source_asked_for() -> None:
    found = _while_another_writer_inserts("Harbour Gazette", "harbour-gazette", "Harbour Gazette")

    assert isinstance(found, Source), found
    assert list(Source.objects.values_list("pk", "name")) == [(found.pk, "Harbour Gazette")]


def test_another_name_that_took_the_slug_meanwhile_leaves_ours_the_next_one() -> None:
    found = _while_another_writer_inserts("Harbour-Gazette", "harbour-gazette", "Harbour Gazette")

    assert isinstance(found, Source), found
    assert (found.name, found.slug) == ("Harbour Gazette", "harbour-gazette-2")
    assert Source.objects.count() == 2
