"""Indexes behind the timeline: keyset order, status filter, full-text search.

PostgreSQL only (the embedded SQLite database is small and falls back to icontains).
The expressions must stay identical to claims/selectors.py timeline_date(),
or the planner will not use them. They are not in Claim.Meta because functional
full-text GIN indexes cannot be expressed portably; the state is unaffected.
"""

from django.db import migrations

REPORTED = "COALESCE(first_reported, '0001-01-01'::date)"
EVENT = "COALESCE(event_date, first_reported, '0001-01-01'::date)"
LIVE = "WHERE merged_into_id IS NULL"

INDEXES = {
    "claims_claim_tl_reported": f"ON claims_claim (({REPORTED}), id) {LIVE}",
    "claims_claim_tl_event": f"ON claims_claim (({EVENT}), id) {LIVE}",
    "claims_claim_tl_status_reported": f"ON claims_claim (status, ({REPORTED}), id) {LIVE}",
    "claims_claim_tl_status_event": f"ON claims_claim (status, ({EVENT}), id) {LIVE}",
    "claims_claim_summary_fts": (
        "ON claims_claim USING gin (to_tsvector('english'::regconfig, COALESCE(summary, ''::text)))"
    ),
    "claims_mention_quote_fts": (
        "ON claims_mention USING gin (to_tsvector('english'::regconfig, COALESCE(quote, ''::text)))"
    ),
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} {definition}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("claims", "0003_editors_group")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
