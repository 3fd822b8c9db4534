"""python manage.py add_feed URL [--source NAME] [--every MINUTES]"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from sources.feeds import PAUSED, feed_add
from sources.imports import text_argument
from sources.tasks import feed_poll_task


class Command(BaseCommand):
    help = (
        "Add an RSS/Atom feed to poll (celery beat polls due feeds every minute). "
        "Adding a feed that exists updates its source and interval."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("url", help="the feed's address (http or https)")
        parser.add_argument(
            "--source",
            type=text_argument,
            help="the outlet the feed belongs to (created if new)",
        )
        parser.add_argument(
            "--every", type=int, metavar="MINUTES", help="polling interval (default 30)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            feed, created = feed_add(
                url=options["url"], source_name=options["source"], every_minutes=options["every"]
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        minutes = int(feed.poll_interval.total_seconds() // 60)
        source = f" for {feed.source}" if feed.source else ""
        verb = "Added" if created else "Updated"
        said = f"{verb} feed #{feed.pk} {feed.url}{source}"
        if not feed.is_active:
            # Paused in the admin: the poller skips it, whatever its interval.
            self.stdout.write(f"{said}. {PAUSED}")
            return
        self.stdout.write(f"{said}, polled every {minutes} min.")
        if feed_poll_task.app.conf.task_always_eager:
            # The demo's shape: no broker, so no worker and, unless someone starts it, no
            # beat. Said here, or the feed stays "not polled yet" with no word of why.
            self.stdout.write(
                "No broker is set (CELERY_BROKER_URL), so feeds are polled only while celery "
                "beat runs: start `.venv/bin/celery -A config beat` beside the server and it "
                "polls the feeds that are due every minute, fetching in its own process."
            )
