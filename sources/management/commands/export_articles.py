"""python manage.py export_articles: one JSON object per article, a contract other tools use.

Fields, always all of them: id, url, canonical_url, source, title, byline, published (ISO
8601 or null), language, state, failure_kind, failure_message, duplicate_of (an id or null),
text. Rows are streamed from the database in chunks, so memory stays flat on any archive.
"""

from __future__ import annotations

import json
import os
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from sources.models import Article

EXPORT_FIELDS = (
    "id",
    "url",
    "canonical_url",
    "source",
    "title",
    "byline",
    "published",
    "language",
    "state",
    "failure_kind",
    "failure_message",
    "duplicate_of",
    "text",
)
CHUNK_SIZE = 500


class Command(BaseCommand):
    help = "Print every article as JSON Lines (one object per line), oldest first."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--format", choices=["jsonl"], default="jsonl", help="jsonl (the only format)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        rows = (
            Article.objects.order_by("pk")
            .values_list(
                "pk",
                "url",
                "canonical_url",
                "publisher__name",
                "title",
                "byline",
                "published_at",
                "language",
                "state",
                "failure_kind",
                "failure_message",
                "duplicate_of_id",
                "text",
            )
            .iterator(chunk_size=CHUNK_SIZE)
        )
        try:
            for row in rows:
                record: dict[str, object] = dict(zip(EXPORT_FIELDS, row, strict=True))
                published = row[6]
                record["published"] = published.isoformat() if published else None
                self.stdout.write(json.dumps(record, ensure_ascii=False))
            self.stdout.flush()
        except BrokenPipeError:
            # The reader stopped early (`| head`): not an error. Point stdout at devnull so
            # the interpreter's final flush does not complain either.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
