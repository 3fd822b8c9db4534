"""python manage.py load_demo: the two seed articles (and, in DEBUG, a demo editor). Safe to
run any number of times: what is already there is left as it is.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sources.imports import IngestReport, ingest_all, manifest_read, quieter_logs

DEMO_MANIFEST = Path(settings.BASE_DIR) / "demo" / "manifest.jsonl"
DEMO_USERNAME = "editor"
DEMO_PASSWORD = "claimtrack-demo"  # noqa: S105 - printed on purpose, only with DEBUG on


class Command(BaseCommand):
    help = (
        "Import the demo articles (demo/manifest.jsonl) and, when DEBUG is on, create the "
        f"demo editor '{DEMO_USERNAME}'. Idempotent."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--manifest", type=Path, default=DEMO_MANIFEST, help="another demo manifest"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = IngestReport()
        # The lines below are what `make demo` shows; the tasks' own log is for -v 2.
        with quieter_logs(enabled=options["verbosity"] < 2):
            for _ in ingest_all(manifest_read(options["manifest"]), report):
                pass
        for problem in report.problems:
            self.stderr.write(str(problem))
        self.stdout.write(f"Demo articles: {report.summary()}")
        if settings.DEBUG:
            self._demo_editor()
        if report.problems:
            raise CommandError("Some demo data could not be loaded (see above).", returncode=1)

    def _demo_editor(self) -> None:
        from claims.permissions import editors_group_ensure

        User = get_user_model()  # noqa: N806 - Django's spelling
        with transaction.atomic():
            user = User.objects.filter(username=DEMO_USERNAME).first()
            if user is None:
                user = User.objects.create_user(username=DEMO_USERNAME, password=DEMO_PASSWORD)
                self.stdout.write(
                    f"Demo editor created: username {DEMO_USERNAME}, password {DEMO_PASSWORD} "
                    "(DEBUG is on; a production site never gets this user)."
                )
            else:
                self.stdout.write(f"Demo editor '{DEMO_USERNAME}' already exists; left as it is.")
            user.groups.add(editors_group_ensure())
