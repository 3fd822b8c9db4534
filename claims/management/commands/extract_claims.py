"""python manage.py extract_claims (--article ID | --all) [--force]"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils import timezone

from claims import services
from claims.services import ExtractionOutcome
from sources.models import Article

State = Article.State


class Command(BaseCommand):
    help = (
        "Extract the claims of fetched articles now, in this process. --force extracts "
        "again articles already extracted or marked unsupported: their machine-made "
        "mentions are replaced, editors' work is kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--article", type=int, action="append", metavar="ID")
        which.add_argument("--all", action="store_true", help="every article waiting for it")
        parser.add_argument("--force", action="store_true", help="extract again")

    def handle(self, *args: Any, **options: Any) -> None:
        force: bool = options["force"]
        if options["all"]:
            self._all(force=force)
            return
        failures: list[str] = []
        for article_id in options["article"]:
            try:
                outcome = services.article_extract_claims(article_id=article_id, force=force)
            except services.ClaimExtractionError as exc:
                failures.append(exc.message)
                self.stderr.write(f"article {article_id}: {exc.message}")
                continue
            self._report(outcome)
            if not outcome.done:
                failures.append(outcome.message)
        if failures:
            raise CommandError("; ".join(failures))

    def _all(self, *, force: bool) -> None:
        lease_start = timezone.now() - timedelta(seconds=settings.CLAIMTRACK_JOB_LEASE_SECONDS)
        waiting = Q(state=State.FETCHED) | Q(state=State.EXTRACTING, claimed_at__lt=lease_start)
        if force:
            waiting |= Q(state__in=[State.EXTRACTED, State.UNSUPPORTED])
        ids = list(Article.objects.filter(waiting).order_by("pk").values_list("pk", flat=True))
        if not ids:
            self.stdout.write("No article is waiting for claim extraction.")
            return
        done = failed = 0
        for result in services.articles_extract_claims(article_ids=ids, force=force):
            if isinstance(result, services.ClaimExtractionError):
                failed += 1
                self.stderr.write(result.message)
                continue
            self._report(result)
            done += result.done
        self.stdout.write(f"{done} of {len(ids)} articles extracted, {failed} failed.")
        if failed:
            raise CommandError(f"{failed} articles failed; their reasons are above.")

    def _report(self, outcome: ExtractionOutcome) -> None:
        if not outcome.done:
            self.stdout.write(f"article {outcome.article_id}: {outcome.message}")
            return
        if outcome.state != State.EXTRACTED:
            self.stdout.write(f"article {outcome.article_id}: {outcome.state}: {outcome.message}")
            return
        self.stdout.write(
            f"article {outcome.article_id}: {outcome.mentions} claims found "
            f"({outcome.claims_new} new, {outcome.claims_matched} matched), "
            f"{outcome.pinned_kept} pinned kept, {outcome.claims_removed} orphan claims "
            f"removed, state {outcome.state}"
        )
