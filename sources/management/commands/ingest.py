"""python manage.py ingest: URLs, local files or a manifest of either, into Articles."""

from __future__ import annotations

import logging
import math
import re
import sys
import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, QuerySet
from django.template.defaultfilters import pluralize
from tqdm import tqdm

from sources.imports import (
    BadInput,
    IngestInput,
    IngestReport,
    ingest_all,
    manifest_read,
    quieter_logs,
    text_argument,
)
from sources.models import Article
from sources.tasks import article_fetch_task

WAIT_POLL_SECONDS = 0.5
# "example.com/story": a URL typed without its scheme, not a file.
_HOST_LIKE = re.compile(r"^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$", re.IGNORECASE)


def _looks_like_url(text: str) -> bool:
    return "://" in text


class Command(BaseCommand):
    help = (
        "Import articles. URLs are queued for fetching and every article for claims "
        "extraction (add --wait to see how each ends); "
        ".html/.htm files go through the same extraction as fetched pages; .txt files take "
        "their first non-empty line as the title. --manifest imports a JSON Lines file, one "
        'object per line: {"path": "a.html"} or {"url": "https://..."}, optionally with '
        "url, source, published, byline, title. Exits with status 1 if any input was bad "
        "(or, with --wait or with no broker, if an article failed; with --wait, if the "
        "wait timed out)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("inputs", nargs="*", metavar="URL_OR_FILE")
        parser.add_argument("--manifest", type=Path, help="a .jsonl file listing the inputs")
        parser.add_argument(
            "--url",
            type=text_argument,
            help="the page's address, for a single file (the file cannot say)",
        )
        parser.add_argument("--source", type=text_argument, help="the publishing outlet's name")
        parser.add_argument(
            "--published",
            type=text_argument,
            help="publication date, YYYY-MM-DD or an ISO timestamp",
        )
        parser.add_argument("--byline", type=text_argument, help="the author(s)")
        parser.add_argument("--title", type=text_argument, help="the headline, for a single input")
        parser.add_argument(
            "--wait",
            action="store_true",
            help=(
                "wait until every article is through (claims extracted, unsupported language, "
                "duplicate or failed), and print how each ended"
            ),
        )
        parser.add_argument(
            "--timeout",
            type=float,
            default=300.0,
            help="seconds --wait waits at most (default 300)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        _check_options(options)
        # The lines below say what a person needs; the step-by-step log (what workers
        # write) is for -v 2.
        # With --wait every article's end is printed, a failure with its reason: the
        # fetcher's warning about it, logged in-process, would say it twice more.
        level = logging.ERROR if options["wait"] else logging.WARNING
        with quieter_logs(enabled=options["verbosity"] < 2, level=level):
            self._ingest(options)

    def _ingest(self, options: dict[str, Any]) -> None:
        inputs: list[str] = options["inputs"]
        manifest: Path | None = options["manifest"]
        items: list[IngestInput | BadInput]
        if manifest is not None:
            items = list(manifest_read(manifest))
        else:
            items = [self._argument_input(text, options) for text in inputs]

        report = IngestReport()
        show_progress = sys.stderr.isatty() and len(items) >= 5
        with tqdm(
            total=len(items), unit="input", disable=not show_progress, file=sys.stderr
        ) as bar:
            for _ in ingest_all(items, report):
                bar.update(1)
        for problem in report.problems:
            self.stderr.write(str(problem))

        failed_or_late = False
        in_process = bool(article_fetch_task.app.conf.task_always_eager)
        if options["wait"] and report.article_ids:
            # Files too: they are stored fetched, and their claims are extracted in the
            # background like a fetched page's.
            failed_or_late = self._wait(report.article_ids, options["timeout"])
        elif report.article_ids and (in_process or options["verbosity"] >= 2):
            for article in _articles(report.article_ids):
                # Without a broker the tasks ran in this command: each article has ended,
                # and one that failed is as known as with --wait (exit 1, named with why).
                failed_or_late |= in_process and article.ended_badly
                if options["verbosity"] >= 2 or (in_process and article.ended_badly):
                    self.stdout.write(_describe(article))
        self.stdout.write(report.summary())
        if not options["wait"] and _unfinished(report.article_ids):
            # With a broker the command ends as the work begins: say where it can be seen.
            self.stdout.write(
                "The workers go on with them: follow how each ends on the ingest page "
                "(/ingest/). With --wait, the command waits for them and says how each ended."
            )
        if report.problems:
            # "the others were" of a lone bad input, or of a manifest that cannot be opened,
            # spoke of imports that never happened.
            rest = "the others were" if report.article_ids else "nothing was imported"
            raise CommandError(
                f"{len(report.problems)} input(s) could not be imported (see above); {rest}.",
                returncode=1,
            )
        if failed_or_late:
            raise CommandError(
                "Not every article got through (see above): one failed or was not done in time.",
                returncode=1,
            )

    def _argument_input(self, text: str, options: dict[str, Any]) -> IngestInput | BadInput:
        common = {
            "source": options["source"],
            "published": options["published"],
            "byline": options["byline"],
            "title": options["title"],
        }
        if _looks_like_url(text):
            return IngestInput(where=text, url=text, **common)
        path = Path(text)
        host, slash, _ = text.partition("/")
        if not path.exists() and _HOST_LIKE.match(host) and (slash or host.startswith("www.")):
            return BadInput(
                text, f"no such file; for a web page, write the URL in full: https://{text}"
            )
        return IngestInput(where=text, path=path, url=options["url"], **common)

    def _wait(self, article_ids: list[int], timeout: float) -> bool:
        """Print each article's end as it comes; True if any failed or did not finish."""
        deadline = time.monotonic() + timeout
        pending = list(dict.fromkeys(article_ids))
        any_bad = False
        while pending:
            # One cheap look per poll (ids only, no counting, no joins); the ended ones are
            # then described, each once. Rechecked there: one whose claims failed may have
            # been taken again meanwhile, and is then not done yet.
            ended = list(
                Article.objects.filter(Article.ended_q(), pk__in=pending)
                .order_by()
                .values_list("pk", flat=True)
            )
            done = {a.pk: a for a in _articles(ended) if a.has_ended} if ended else {}
            for article_id in [i for i in pending if i in done]:
                article = done[article_id]
                any_bad |= article.ended_badly
                self.stdout.write(_describe(article))
            pending = [i for i in pending if i not in done]
            if pending and time.monotonic() >= deadline:
                late = list(
                    Article.objects.filter(pk__in=pending).only(
                        "state", "url", "failure_message", "failure_kind", "attempts"
                    )
                )
                for article in late:
                    self.stdout.write(
                        f"[{article.state}] #{article.pk} {article.url}: not finished after "
                        f"{timeout:.0f} s {article.failure_message}".rstrip()
                    )
                if any(_untouched(article) for article in late):
                    # What a first run "for real" meets when the worker was not started.
                    self.stdout.write(
                        "Nothing has taken some of them up yet: is a Celery worker running "
                        "(`celery -A config worker`, which takes both the default and the "
                        "claims queue)?"
                    )
                return True
            if pending:
                time.sleep(WAIT_POLL_SECONDS)
        return any_bad


def _check_options(options: dict[str, Any]) -> None:
    inputs: list[str] = options["inputs"]
    manifest: Path | None = options["manifest"]
    if not inputs and manifest is None:
        raise CommandError("Give URLs or files to import, or --manifest FILE.jsonl.")
    if manifest is not None and inputs:
        raise CommandError("Give either --manifest or URLs/files, not both.")
    # Not `<= 0`: nan passes that, and a deadline of nan (or inf) is never reached.
    if not 0 < options["timeout"] < math.inf:
        raise CommandError("--timeout must be a positive number of seconds.")
    if (options["url"] or options["title"]) and (manifest is not None or len(inputs) != 1):
        raise CommandError(
            "--url and --title describe one input: give exactly one URL or file "
            "(a manifest has its own fields)."
        )
    if options["url"] and _looks_like_url(inputs[0]):
        raise CommandError("--url is for a file: the input is already a URL.")


def _untouched(article: Article) -> bool:
    """No worker has started on it: never fetched, or fetched and its claims not begun."""
    if article.state == Article.State.QUEUED:
        return article.attempts == 0
    return article.state == Article.State.FETCHED and not article.failure_kind


def _unfinished(article_ids: list[int]) -> bool:
    return bool(article_ids) and (
        Article.objects.filter(pk__in=article_ids).exclude(Article.ended_q()).exists()
    )


def _articles(article_ids: list[int]) -> QuerySet[Article]:
    """The articles with what _describe prints: outlet, and the claims and mentions found."""
    return (
        Article.objects.filter(pk__in=article_ids)
        .select_related("publisher")
        .defer("text", "raw_html_compressed")
        .annotate(
            mention_count=Count("mentions", distinct=True),
            claim_count=Count("mentions__claim", distinct=True),
        )
    )


def _describe(article: Article) -> str:
    head = f"[{article.state}] #{article.pk}"
    if article.state == Article.State.FAILED:
        return f"{head} {article.url}: {article.failure_message} ({article.failure_kind})"
    published = article.published_at.date().isoformat() if article.published_at else "no date"
    outlet = article.publisher.name if article.publisher else "unknown outlet"
    text = f"{head} {article.title or '(no title)'} | {outlet} | {published}"
    if article.state == Article.State.DUPLICATE:
        text += f" | duplicate of #{article.duplicate_of_id} ({article.duplicate_reason})"
    elif article.state == Article.State.EXTRACTED:
        claims: int = getattr(article, "claim_count", 0)
        mentions: int = getattr(article, "mention_count", 0)
        text += f" | {claims} claim{pluralize(claims)}, {mentions} mention{pluralize(mentions)}"
    elif article.claims_failed:
        text += f" | no claims: {article.failure_message} ({article.failure_kind})"
    return text
