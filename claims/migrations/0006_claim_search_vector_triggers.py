"""Claim.search_vector: one full-text document per claim (summary and every quote).

PostgreSQL only. Triggers keep it current whoever writes the rows (the extractor, an
editor's merge or split, the admin): a row trigger on claims (the summary changed; a
full save() cannot overwrite the document with a stale copy),
statement-level triggers with transition tables on mentions, so a bulk insert of
thousands of mentions refreshes each claim once. One GIN index over it replaces the two
expression indexes of 0004 (summary, quote): a search is one index scan over claims
instead of a union over 300,000 mentions.

Also trigram indexes for the timeline's place and actor filters (case-insensitive
substring, as Django's icontains writes it), when the pg_trgm extension can be created;
without it the filters still work, by scanning.
"""

import django.contrib.postgres.search
from django.db import migrations, transaction

DOCUMENT_FUNCTION = """
CREATE OR REPLACE FUNCTION claims_claim_search_document(claim_id bigint, summary text)
RETURNS tsvector LANGUAGE sql STABLE AS $$
    SELECT setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(
               (SELECT string_agg(m.quote, ' ' ORDER BY m.id)
                  FROM claims_mention m WHERE m.claim_id = $1), '')), 'B')
$$;

CREATE OR REPLACE FUNCTION claims_claim_search_on_claim() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.search_vector := claims_claim_search_document(NEW.id, NEW.summary);
    ELSIF NEW.summary IS DISTINCT FROM OLD.summary THEN
        NEW.search_vector := claims_claim_search_document(NEW.id, NEW.summary);
    ELSIF pg_trigger_depth() = 1 THEN
        -- The application writes every column on a full save(); its copy may be stale.
        -- Only the mention triggers (depth 2) set the document.
        NEW.search_vector := OLD.search_vector;
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION claims_mention_search_refresh() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE claims_claim c SET search_vector = claims_claim_search_document(c.id, c.summary)
         WHERE c.id IN (SELECT claim_id FROM new_rows);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE claims_claim c SET search_vector = claims_claim_search_document(c.id, c.summary)
         WHERE c.id IN (SELECT claim_id FROM old_rows);
    ELSE
        UPDATE claims_claim c SET search_vector = claims_claim_search_document(c.id, c.summary)
         WHERE c.id IN (SELECT claim_id FROM new_rows UNION SELECT claim_id FROM old_rows);
    END IF;
    RETURN NULL;
END $$;
"""

TRIGGERS = """
CREATE TRIGGER claims_claim_search_insert BEFORE INSERT ON claims_claim
    FOR EACH ROW EXECUTE FUNCTION claims_claim_search_on_claim();
CREATE TRIGGER claims_claim_search_update BEFORE UPDATE ON claims_claim
    FOR EACH ROW EXECUTE FUNCTION claims_claim_search_on_claim();
CREATE TRIGGER claims_mention_search_insert AFTER INSERT ON claims_mention
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_mention_search_refresh();
CREATE TRIGGER claims_mention_search_update AFTER UPDATE ON claims_mention
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_mention_search_refresh();
CREATE TRIGGER claims_mention_search_delete AFTER DELETE ON claims_mention
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_mention_search_refresh();
"""

DROP = """
DROP TRIGGER IF EXISTS claims_claim_search_insert ON claims_claim;
DROP TRIGGER IF EXISTS claims_claim_search_update ON claims_claim;
DROP TRIGGER IF EXISTS claims_mention_search_insert ON claims_mention;
DROP TRIGGER IF EXISTS claims_mention_search_update ON claims_mention;
DROP TRIGGER IF EXISTS claims_mention_search_delete ON claims_mention;
DROP FUNCTION IF EXISTS claims_mention_search_refresh();
DROP FUNCTION IF EXISTS claims_claim_search_on_claim();
DROP FUNCTION IF EXISTS claims_claim_search_document(bigint, text);
DROP INDEX IF EXISTS claims_claim_search_vector_gin;
DROP INDEX IF EXISTS claims_claim_place_trgm;
DROP INDEX IF EXISTS claims_claim_actor_trgm;
"""

LIVE = "WHERE merged_into_id IS NULL"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(DOCUMENT_FUNCTION)
    # Before the triggers: the claim trigger ignores writes of the document from outside.
    schema_editor.execute(
        "UPDATE claims_claim SET search_vector = claims_claim_search_document(id, summary)"
    )
    schema_editor.execute(TRIGGERS)
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS claims_claim_search_vector_gin "
        "ON claims_claim USING gin (search_vector)"
    )
    schema_editor.execute("DROP INDEX IF EXISTS claims_claim_summary_fts")
    schema_editor.execute("DROP INDEX IF EXISTS claims_mention_quote_fts")
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception:  # noqa: BLE001 - no privilege to create it: the filters scan instead
        return
    for column in ("place", "actor"):
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS claims_claim_{column}_trgm ON claims_claim "
            f"USING gin (upper(({column})::text) gin_trgm_ops) {LIVE}"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(DROP)
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS claims_claim_summary_fts ON claims_claim USING gin "
        "(to_tsvector('english'::regconfig, COALESCE(summary, ''::text)))"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS claims_mention_quote_fts ON claims_mention USING gin "
        "(to_tsvector('english'::regconfig, COALESCE(quote, ''::text)))"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0005_claim_match_keys_mention_content"),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                blank=True, editable=False, null=True
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
