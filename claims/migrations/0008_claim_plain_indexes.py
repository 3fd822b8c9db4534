"""Claim.actor, place and status: plain btree indexes, without PostgreSQL's "_like" copies.

`db_index=True` on a CharField gives PostgreSQL a second index of the column with
varchar_pattern_ops, for LIKE 'prefix%' under a non-C collation. No query runs that on these
columns (the timeline's place and actor filters are icontains, UPPER(...) LIKE '%...%', which
no btree serves; the rest is equality), and every claim insert and update wrote it.

The fields now declare their index in Claim.Meta.indexes, under the name db_index gave it
(claims/0001), so the database keeps it as it is: only the "_like" copies are dropped
(PostgreSQL; SQLite never had them), and made again on the way back.
"""

from django.db import migrations, models

LIKE_INDEXES = {
    "actor": "claims_claim_actor_8a34cf2a_like",
    "place": "claims_claim_place_8e5c1180_like",
    "status": "claims_claim_status_c8a1541f_like",
}


def drop_like_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in LIKE_INDEXES.values():
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def create_like_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column, name in LIKE_INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON claims_claim ({column} varchar_pattern_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0007_claim_match_keys_costed_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="claim",
                    name="actor",
                    field=models.CharField(blank=True, max_length=200),
                ),
                migrations.AlterField(
                    model_name="claim",
                    name="place",
                    field=models.CharField(blank=True, max_length=200),
                ),
                migrations.AlterField(
                    model_name="claim",
                    name="status",
                    field=models.CharField(
                        choices=[
                            ("unverified", "Unverified"),
                            ("confirmed", "Confirmed"),
                            ("denied", "Denied"),
                            ("disputed", "Disputed"),
                            ("retracted", "Retracted"),
                        ],
                        default="unverified",
                        max_length=12,
                    ),
                ),
                migrations.AddIndex(
                    model_name="claim",
                    index=models.Index(fields=["actor"], name="claims_claim_actor_8a34cf2a"),
                ),
                migrations.AddIndex(
                    model_name="claim",
                    index=models.Index(fields=["place"], name="claims_claim_place_8e5c1180"),
                ),
                migrations.AddIndex(
                    model_name="claim",
                    index=models.Index(fields=["status"], name="claims_claim_status_c8a1541f"),
                ),
            ],
            database_operations=[migrations.RunPython(drop_like_indexes, create_like_indexes)],
        ),
    ]
