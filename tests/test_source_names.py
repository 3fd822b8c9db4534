"""Sources are found by name in any letter case, through an index on LOWER(name).

The claims step looks its claimants up this way for nearly every article; without the
index each look-up read the whole table, which only grows. Bad inputs tried: an empty name,
a name of only spaces, and a name over the 200-character limit.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models.functions import Lower

from sources.models import Source
from sources.services import source_get_or_create

pytestmark = pytest.mark.django_db


def test_a_name_in_another_letter_case_is_the_same_source() -> None:
    first = source_get_or_create(
        name="Institute for Conflict Studies", kind=Source.Kind.ORGANIZATION
    )
    again = source_get_or_create(name="institute  FOR conflict studies")
    assert again.pk == first.pk
    assert Source.objects.count() == 1


@pytest.mark.parametrize("name", ["", "   ", "x" * 201])
def test_a_name_that_cannot_be_a_source_is_refused(name: str) -> None:
    with pytest.raises(ValidationError):
        source_get_or_create(name=name)
    assert not Source.objects.exists()


def _plan(sql: str, params: list[Any]) -> str:
    with connection.cursor() as cursor:
        # Whether the index can serve the query at all, whatever a small table's costs say.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_look_ups_by_name_read_the_index() -> None:
    Source.objects.bulk_create(
        Source(name=f"Outlet {n}", slug=f"outlet-{n}", kind=Source.Kind.OUTLET) for n in range(500)
    )
    by_orm = Source.objects.annotate(name_lower=Lower("name")).filter(name_lower="outlet 7")
    sql, params = by_orm.query.sql_with_params()
    assert "sources_source_name_lower" in _plan(sql, list(params))
    # The claims step's own shape: names and slugs in one query.
    table = Source._meta.db_table
    claims_shape = f"SELECT * FROM {table} WHERE LOWER(name) = ANY(%s) OR slug = ANY(%s)"
    assert "sources_source_name_lower" in _plan(claims_shape, [["outlet 7"], ["outlet-8"]])


def test_claimants_made_sources_meanwhile_by_someone_else_are_reused_and_learn_a_kind() -> None:
    # The claims step's one INSERT of new claimant Sources meets a row another writer made
    # since its look-up (the same slug): it falls back to the shared get-or-create, one by
    # one, and a Source of kind `other` learns the better kind.
    from claims import services as claims_services

    made = Source.objects.create(name="harbour board", slug="harbour-board", kind="other")
    fresh = [("Harbour Board", "organization"), ("Mira Olt", "person")]

    sources = claims_services._sources_create(fresh, taken=set())

    reused, new = sources
    assert reused.pk == made.pk
    made.refresh_from_db()
    assert made.kind == "organization"
    assert (new.name, new.kind) == ("Mira Olt", "person")
    assert Source.objects.count() == 2
