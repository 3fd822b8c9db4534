"""python manage.py export_claims [--article ID] [--format jsonl|csv] [--output FILE]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.export import claim_records, claims_for_export, write_csv, write_jsonl
from sources.models import Article


class Command(BaseCommand):
    help = (
        "Export claims with their mentions: JSON Lines (one claim per line) or CSV (one row "
        "per mention, the claim's columns repeated). Writes to standard output or --output."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--article", type=int, help="only the claims this article mentions")
        parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
        parser.add_argument("--output", type=Path, help="a file to write instead of stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        article_id: int | None = options["article"]
        if article_id is not None and not Article.objects.filter(pk=article_id).exists():
            raise CommandError(f"There is no article with id {article_id}.")
        records = claim_records(claims_for_export(article_id=article_id))
        write = write_csv if options["format"] == "csv" else write_jsonl
        output: Path | None = options["output"]
        if output is None:
            count = write(records, self.stdout)
        else:
            try:
                with output.open("w", encoding="utf-8", newline="") as out:
                    count = write(records, out)
            except OSError as exc:
                raise CommandError(f"Cannot write {output}: {exc.strerror or exc}") from exc
        self.stderr.write(f"{count} claims exported.")
