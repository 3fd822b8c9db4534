"""Claims' CharField indexes are plain btrees, without PostgreSQL's varchar_pattern_ops copies.

db_index=True on a CharField makes PostgreSQL a second "_like" index for LIKE 'prefix%';
nothing queries claims that way (place and actor are filtered with icontains, status by
equality), so each was one more index for every claim write to update. Claim.Meta.indexes
declares the plain ones under their old names; migration claims/0008 drops the copies and
makes them again when reversed, and leaves the models and the migrations in step.

Bad inputs tried: the migration reversed and applied again on a database that has claims.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from claims.models import Claim

pytestmark = pytest.mark.django_db

PLAIN = {
    "claims_claim_actor_8a34cf2a": "btree (actor)",
    "claims_claim_place_8e5c1180": "btree (place)",
    "claims_claim_status_c8a1541f": "btree (status)",
}


def _indexes(table: str) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table])
        return {name: definition.split(" USING ", 1)[1] for name, definition in cursor.fetchall()}


def _pattern_ops_indexes() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename LIKE 'claims\\_%%' "
            "AND indexdef LIKE '%%pattern_ops%%'"
        )
        return sorted(row[0] for row in cursor.fetchall())


def test_claims_tables_have_no_pattern_ops_indexes_and_keep_the_plain_ones() -> None:
    assert _pattern_ops_indexes() == []
    indexes = _indexes(Claim._meta.db_table)
    for name, definition in PLAIN.items():
        assert indexes.get(name) == definition


def _migrate(target: str) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([("claims", target)])


@pytest.mark.django_db(transaction=True)
def test_the_migration_drops_the_copies_and_reversed_makes_them_again() -> None:
    Claim.objects.create(summary="The bridge reopened.", actor="city", place="Tessane")
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes("claims")[0][1]
    try:
        _migrate("0007_claim_match_keys_costed_index")
        indexes = _indexes(Claim._meta.db_table)
        for name, definition in PLAIN.items():
            column = definition.removeprefix("btree ")[1:-1]
            assert indexes.get(name) == definition
            assert indexes.get(f"{name}_like") == f"btree ({column} varchar_pattern_ops)"
    finally:
        _migrate(latest)
    assert _pattern_ops_indexes() == []
    assert {name: _indexes(Claim._meta.db_table).get(name) for name in PLAIN} == PLAIN
    assert Claim.objects.filter(place="Tessane").count() == 1


def test_the_models_and_the_migrations_agree() -> None:
    out = io.StringIO()
    call_command("makemigrations", "claims", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
