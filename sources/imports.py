"""Bulk ways in, shared by `manage.py ingest`, `load_demo` and anything else that imports:
one input (a URL or a local file, with what it cannot say about itself) at a time, bad
inputs reported with where they came from, and a summary of what became of the rest.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.template.defaultfilters import pluralize
from django.utils import timezone

from sources.models import Article, Source
from sources.services import (
    article_imported_since,
    article_ingest_file,
    article_submit_or_retry,
    published_parse,
    source_get_or_create,
    url_validate,
)

MANIFEST_FIELDS = frozenset({"path", "url", "source", "published", "byline", "title"})
# A line describes one input (a path or URL and a few words about it): one longer than this
# is not a manifest line (a whole JSON document, a binary file) and is not read into memory.
MAX_LINE_CHARS = 1024 * 1024
# What errors="surrogateescape" makes of a byte that is not UTF-8 (0x80-0xff). Valid UTF-8
# never decodes to a lone surrogate, and JSON's "\udce9" is still six characters here.
_UNDECODED_BYTE = re.compile("[\udc80-\udcff]")
MAX_LINES_NOT_UTF8 = 10


@dataclass(frozen=True)
class IngestInput:
    """One thing to import: a local file (`path`), or a URL to fetch (`url` alone)."""

    where: str  # how to name it in a report: "line 3" or the argument itself
    path: Path | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    byline: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class BadInput:
    where: str
    message: str

    def __str__(self) -> str:
        # A file's own errors already start with its name.
        if self.message.startswith(f"{self.where}:"):
            return self.message
        return f"{self.where}: {self.message}"


@dataclass
class IngestReport:
    started: datetime = field(default_factory=timezone.now)
    article_ids: list[int] = field(default_factory=list)
    already_known: int = 0
    retried: int = 0  # URLs whose article had failed: asked for again, they are fetched again
    problems: list[BadInput] = field(default_factory=list)

    def summary(self) -> str:
        """'3 imported: 1 fetched, 1 duplicate, 1 failed (not_found 1); 2 bad inputs'."""
        unique_ids = list(dict.fromkeys(self.article_ids))
        states: Counter[str] = Counter()
        failures: Counter[str] = Counter()
        for state, failure_kind in Article.objects.filter(pk__in=unique_ids).values_list(
            "state", "failure_kind"
        ):
            states[state] += 1
            if state == Article.State.FAILED:
                failures[failure_kind or "unknown"] += 1
        parts = [f"{count} {state}" for state, count in sorted(states.items())]
        text = f"{len(unique_ids)} article(s)"
        if parts:
            text += ": " + ", ".join(parts)
        if failures:
            text += " (failed by reason: "
            text += ", ".join(f"{kind} {n}" for kind, n in sorted(failures.items())) + ")"
        if self.already_known:
            text += f"; {self.already_known} already imported before"
        if self.retried:
            text += f"; {self.retried} had failed before, queued again"
        bad = len(self.problems)
        text += f"; {bad} bad input{pluralize(bad)}"
        return text


def manifest_read(path: Path) -> Iterator[IngestInput | BadInput]:
    """The inputs of a JSON Lines manifest, in order; a bad line becomes a BadInput naming
    its line number, and the lines after it are still read.
    """
    try:
        # Bytes that are not UTF-8 are kept as lone surrogates and reported by their line:
        # decoding strictly failed a whole block of lines read ahead, the number with them.
        handle = path.open(encoding="utf-8-sig", errors="surrogateescape")
    except OSError as exc:
        yield BadInput(str(path), f"the manifest cannot be opened ({exc.strerror or exc})")
        return
    folder = path.parent
    listed = False
    with handle:
        number = not_utf8 = 0
        while True:
            number += 1
            line = handle.readline(MAX_LINE_CHARS + 1)
            too_long = len(line) > MAX_LINE_CHARS and not line.endswith("\n")
            while line and not line.endswith("\n") and too_long:
                line = handle.readline(MAX_LINE_CHARS)  # the rest of it, piece by piece
            if too_long:
                listed = True
                yield BadInput(
                    f"line {number}", f"longer than {MAX_LINE_CHARS:,} characters; not read"
                )
                continue
            if not line:
                break
            if not line.strip():
                continue
            undecoded = _UNDECODED_BYTE.search(line)
            if undecoded is not None:
                not_utf8 += 1
                if not_utf8 > MAX_LINES_NOT_UTF8:
                    # Not saved as UTF-8, or a binary file: one line for the rest, not one
                    # per "line" of it.
                    yield BadInput(
                        str(path),
                        f"more than {MAX_LINES_NOT_UTF8} lines are not UTF-8 text (not a "
                        f"manifest, or not saved as UTF-8); not read from line {number} on",
                    )
                    return
                listed = True
                byte = ord(undecoded.group()) - 0xDC00
                yield BadInput(
                    f"line {number}",
                    f"not UTF-8 text (the byte {byte:#04x} at column {undecoded.start() + 1}); "
                    "save the manifest as UTF-8",
                )
                continue
            yield _manifest_line(line, where=f"line {number}", folder=folder)
            listed = True
    if not listed:
        # An empty manifest is a mistake (the wrong file, an export that wrote nothing):
        # "0 articles" and success would hide it.
        yield BadInput(
            str(path), 'the manifest lists nothing: one JSON object per line, with "path" or "url"'
        )


def _manifest_line(line: str, *, where: str, folder: Path) -> IngestInput | BadInput:
    try:
        data: Any = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as exc:  # RecursionError: '[' 1000 deep
        why = (
            f"{exc.msg} at column {exc.colno}"
            if isinstance(exc, json.JSONDecodeError)
            else "nested too deeply"
        )
        return BadInput(where, f"not valid JSON ({why})")
    if not isinstance(data, dict):
        return BadInput(where, 'each line must be a JSON object, e.g. {"url": "https://..."}')
    unknown = sorted(set(data) - MANIFEST_FIELDS)
    if unknown:
        return BadInput(
            where,
            f"unknown field(s) {', '.join(unknown)}; the fields are "
            + ", ".join(sorted(MANIFEST_FIELDS)),
        )
    problem = next(filter(None, (_field_problem(n, v) for n, v in data.items())), None)
    if problem is not None:
        return BadInput(where, problem)
    if not data.get("path") and not data.get("url"):
        return BadInput(where, "needs a path (a local .html/.htm/.txt file) or a url")
    path = Path(data["path"]) if data.get("path") else None
    if path is not None and not path.is_absolute():
        path = folder / path
    return IngestInput(
        where=where,
        path=path,
        url=data.get("url") or None,
        source=data.get("source") or None,
        published=data.get("published") or None,
        byline=data.get("byline") or None,
        title=data.get("title") or None,
    )


def text_argument(value: str) -> str:
    """argparse type of a command's text options: bytes that are not UTF-8 (a terminal set to
    Latin-1) reach Python as half surrogate pairs ("\udcfe"), which the database refuses
    with UnicodeEncodeError once the row is written."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not UTF-8 text (a byte that is not UTF-8 reads as \\udc..): "
            "set the terminal to UTF-8 and type it again."
        ) from None
    return value


def _field_problem(name: str, value: Any) -> str | None:
    if value is not None and not isinstance(value, str):
        return f"{name} must be a string, not {type(value).__name__}"
    if value and "\x00" in value:
        # JSON can spell it (\u0000); neither a path nor the database can hold it.
        return f"{name} contains a NUL character (\\u0000)"
    if value and not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            # JSON can spell half a surrogate pair (\ud800) too: it is no character, and
            # neither a path nor the database can hold it.
            return (
                f"{name} contains \\u{ord(value[exc.start]):04x}, half of a surrogate pair, "
                "which is not a character"
            )
    return None


def ingest_one(item: IngestInput, report: IngestReport) -> Article | None:
    """Import one input; a bad one is recorded in the report and nothing is stored."""
    try:
        # Checked before anything is stored, so a bad date never leaves half an import.
        published_parse(item.published)
        if item.path is not None:
            article = article_ingest_file(
                path=item.path,
                url=item.url,
                source=item.source,
                published=item.published,
                byline=item.byline,
                title=item.title,
            )
            created = article_imported_since(article, report.started)
        else:
            # Checked before the outlet is created, so a bad URL leaves no Source behind.
            url_validate(item.url or "")
            source: Source | None = source_get_or_create(name=item.source) if item.source else None
            submission = article_submit_or_retry(
                url=item.url or "",
                source=source,
                published=item.published,
                byline=item.byline,
                title=item.title,
            )
            article = submission.article
            # Queued again after it failed, as a new one is: not "already imported".
            created = submission.queued
            report.retried += submission.retried
    except ValidationError as exc:
        report.problems.append(BadInput(item.where, " ".join(exc.messages)))
        return None
    report.article_ids.append(article.pk)
    if not created:
        report.already_known += 1
    return article


def ingest_all(
    items: Iterable[IngestInput | BadInput], report: IngestReport
) -> Iterator[Article | BadInput | None]:
    """Import each input in turn, yielding after each one (for a progress bar)."""
    for item in items:
        if isinstance(item, BadInput):
            report.problems.append(item)
            yield item
            continue
        yield ingest_one(item, report)


@contextmanager
def quieter_logs(*, enabled: bool, level: int = logging.WARNING) -> Iterator[None]:
    """The step-by-step log (what workers write, INFO) kept out of a command's output while
    `enabled`: in-process, without a broker, the tasks run inside the command and their log
    lines would bury the lines it writes for a person. Records from `level` up still show."""
    loggers = [logging.getLogger(name) for name in ("sources", "claims", "celery")]
    saved = [logger.level for logger in loggers]
    if enabled:
        for logger in loggers:
            logger.setLevel(max(logger.getEffectiveLevel(), level))
    try:
        yield
    finally:
        for logger, before in zip(loggers, saved, strict=True):
            logger.setLevel(before)
