"""Matching bookkeeping: Claim.match_keys and Mention.content.

On PostgreSQL a GIN index over the keys as an array lets claims/matching.py narrow the
claims a new mention is compared with (`&&` overlap). SQLite skips the index; the embedded
database is small and matching narrows with LIKE there.
"""

from django.db import migrations, models

MATCH_KEYS_INDEX = "claims_claim_match_keys_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {MATCH_KEYS_INDEX} ON claims_claim "
        "USING gin (string_to_array(match_keys, ' ')) WHERE merged_into_id IS NULL"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {MATCH_KEYS_INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0004_timeline_indexes_postgres'),
    ]

    operations = [
        migrations.AddField(
            model_name='claim',
            name='match_keys',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='mention',
            name='content',
            field=models.TextField(blank=True, default=''),
        ),
        migrations.RunPython(create_index, drop_index),
    ]
