"""python manage.py evaluate_claims GOLD.jsonl [--details]: score the extractor (no database)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.evaluation import GoldArticle, GoldFormatError, evaluate, format_report
from claims.nlp.pipeline import extract_claims
from claims.nlp.types import ClaimCandidate


def _extract(text: str, article: GoldArticle) -> list[ClaimCandidate]:
    return extract_claims(
        text, published=article.published, title=article.title, publisher=article.publisher
    )


class Command(BaseCommand):
    help = (
        "Score the claim extractor against a gold JSONL file (format in docs/evaluation.md): "
        "precision, recall and F1 for claim detection, claimant, stance, cue and each part."
    )

    # Scoring touches no database or URL: it must run even while the project is half-configured.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("gold", nargs="+", help="gold JSONL file(s)")
        parser.add_argument(
            "--root",
            default=str(settings.BASE_DIR),
            help="directory the gold files' article paths are relative to (the repository)",
        )
        parser.add_argument(
            "--details", action="store_true", help="list missed, spurious and wrong claims"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        lines: list[str] = []
        for name in options["gold"]:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"gold file not found: {name}")
            lines.extend(path.read_text(encoding="utf-8").splitlines())
        try:
            report = evaluate(lines, _extract, root=Path(options["root"]))
        except (GoldFormatError, FileNotFoundError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(format_report(report, details=options["details"]))
