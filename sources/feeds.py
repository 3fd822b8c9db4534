"""Feeds: adding one, and polling it — new entries become queued Articles.

A poll records its outcome on the Feed every time (last success, last error, consecutive
failures), so a feed that stops working shows as unhealthy instead of going quiet.
"""

from __future__ import annotations

import logging
import re
import time as time_module
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import feedparser
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils import timezone

from sources.extraction import publication_plausible
from sources.fetching import Accept, FetchError, FetchResult, fetch
from sources.models import Feed
from sources.services import article_submit, source_get_or_create, url_validate

logger = logging.getLogger(__name__)

# What adding a feed that is paused (is_active off, in the admin) says: the poller skips it.
PAUSED = "It is paused, so it is not polled (an admin resumes it: Feeds, 'Is active')."
MIN_POLL_MINUTES = 1
MAX_POLL_MINUTES = 7 * 24 * 60
# C0 controls but tab and line breaks, and DEL. feedparser decodes a numeric reference
# (&#0;, &#7;) to the character: PostgreSQL cannot store NUL in text, and XML 1.0 (our Atom
# feeds, which show article titles) cannot carry the others.
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A numeric character reference, up to eight digits after any zeros (enough for any code point).
_NUMERIC_REFERENCE = re.compile(rb"&#(?:0*([0-9]{1,8})|[xX]0*([0-9a-fA-F]{1,8}));?")


@dataclass(frozen=True)
class FeedPollResult:
    feed_id: int
    status: str  # "polled", "not_modified", "failed" or "skipped" (another poller has it)
    entries: int = 0
    new_articles: int = 0
    error: str = ""

    @property
    def summary(self) -> str:
        if self.status == "polled":
            return f"polled: {self.entries} entries, {self.new_articles} new"
        return f"{self.status}: {self.error}" if self.error else self.status


def feed_add(
    *, url: str, source_name: str | None = None, every_minutes: int | None = None
) -> tuple[Feed, bool]:
    """The Feed for `url`, created (and due at once) if new; an existing one gets the given
    source and interval.
    """
    normalized = url_validate(url)
    if every_minutes is not None and not MIN_POLL_MINUTES <= every_minutes <= MAX_POLL_MINUTES:
        raise ValidationError(
            f"The polling interval must be between {MIN_POLL_MINUTES} minute and "
            f"{MAX_POLL_MINUTES // (24 * 60)} days ({MAX_POLL_MINUTES} minutes), "
            f"not {every_minutes}.",
            code="bad_interval",
        )
    source = source_get_or_create(name=source_name) if source_name else None
    feed, created = Feed.objects.get_or_create(url=normalized)
    changed = []
    if source is not None and feed.source_id != source.pk:
        feed.source = source
        changed.append("source")
    if every_minutes is not None and feed.poll_interval != timedelta(minutes=every_minutes):
        feed.poll_interval = timedelta(minutes=every_minutes)
        changed.append("poll_interval")
    if changed:
        feed.save(update_fields=changed)
    return feed, created


def feeds_due() -> list[int]:
    """Active feeds whose next poll time has come and that no live poller holds."""
    now = timezone.now()
    return list(
        Feed.objects.filter(is_active=True, next_poll_at__lte=now)
        .filter(_not_held(now))
        .order_by("next_poll_at")
        .values_list("pk", flat=True)
    )


def _not_held(now: datetime) -> Q:
    lease_start = now - timedelta(seconds=settings.CLAIMTRACK_JOB_LEASE_SECONDS)
    return Q(polling_since__isnull=True) | Q(polling_since__lt=lease_start)


def _entry_published(entry: Any) -> datetime | None:
    parsed: time_module.struct_time | None = entry.get("published_parsed") or entry.get(
        "updated_parsed"
    )
    if not parsed:
        return None
    # feedparser gives UTC struct_times, of any year it reads (0, or 10000 once a time
    # zone shifts 9999-12-31): what datetime cannot hold is no date.
    try:
        published = datetime(*parsed[:6], tzinfo=UTC)
    except ValueError:
        return None
    return published if publication_plausible(published) else None


def _entry_link(entry: Any) -> str:
    link = entry.get("link") or ""
    if link:
        return str(link)
    for candidate in entry.get("links") or []:
        if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
            return str(candidate["href"])
    return ""


def feed_poll(*, feed_id: int) -> FeedPollResult:
    """Fetch the feed (conditional GET), queue its new entries, record the outcome."""
    now = timezone.now()
    claimed = (
        Feed.objects.filter(pk=feed_id, is_active=True)
        .filter(_not_held(now))
        .update(polling_since=now)
    )
    if claimed != 1:
        logger.info("feed %s poll: skipped, inactive or being polled", feed_id)
        return FeedPollResult(feed_id, "skipped")
    feed = Feed.objects.select_related("source").get(pk=feed_id)
    headers = {}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    try:
        result = fetch(feed.url, accept=Accept.FEED, headers=headers)
    except FetchError as exc:
        return _feed_failed(feed, now, exc.message, retry_after=exc.retry_after)
    except Exception as exc:
        logger.exception("feed %s poll: crashed while fetching", feed_id)
        return _feed_failed(
            feed, now, f"An internal error stopped the poll ({type(exc).__name__})."
        )

    if result.not_modified:
        _feed_succeeded(feed, now, etag=feed.etag, last_modified=feed.last_modified, new=0)
        logger.info("feed %s poll: not modified", feed_id)
        return FeedPollResult(feed_id, "not_modified")

    parsed = _feed_parse(feed_id, result)
    if parsed is None or (not parsed.entries and (parsed.bozo or not parsed.get("version"))):
        reason = (
            "feedparser failed on it (the details are in the log)"
            if parsed is None
            else getattr(parsed, "bozo_exception", None) or "no RSS or Atom content"
        )
        return _feed_failed(feed, now, f"The feed could not be read as RSS or Atom: {reason}.")

    new = invalid = 0
    for entry in parsed.entries:
        link = _entry_link(entry)
        title = _CONTROL_CHARACTERS.sub("", str(entry.get("title") or ""))
        try:
            # A link holding a control character is refused by article_submit's url_validate,
            # as any URL is, before anything is stored.
            _, created = article_submit(
                url=link,
                feed=feed,
                source=feed.source,
                published=_entry_published(entry),
                title=title[:1000] or None,
            )
        except ValidationError as exc:
            invalid += 1
            logger.info("feed %s poll: entry skipped, %s", feed_id, "; ".join(exc.messages))
            continue
        new += int(created)
    feed_title = _CONTROL_CHARACTERS.sub("", str(parsed.feed.get("title") or ""))
    if not feed.title and feed_title:
        Feed.objects.filter(pk=feed_id).update(title=feed_title[:500])
    _feed_succeeded(
        feed,
        now,
        etag=result.headers.get("etag", ""),
        last_modified=result.headers.get("last-modified", ""),
        new=new,
    )
    logger.info(
        "feed %s poll: %s entries, %s new, %s without a usable link",
        feed_id,
        len(parsed.entries),
        new,
        invalid,
    )
    return FeedPollResult(feed_id, "polled", entries=len(parsed.entries), new_articles=new)


def _feed_parse(feed_id: int, result: FetchResult) -> Any:
    """feedparser's reading of the body, or None if it crashed: the poll then records a
    failure, rather than leave the feed held, its failure unrecorded, until the lease runs
    out (and crash again on the next poll)."""
    try:
        return feedparser.parse(
            _without_references_to_no_character(result.body),
            response_headers={
                "content-type": result.headers.get("content-type", ""),
                "content-location": result.final_url,
            },
        )
    except Exception:
        logger.exception("feed %s poll: feedparser crashed", feed_id)
        return None


def _without_references_to_no_character(body: bytes) -> bytes:
    """The feed with each reference to half a surrogate pair (&#xD800;, &#55296;) or past
    U+10FFFF (&#x110000;) read as U+FFFD, as an HTML parser reads it. Such a reference is not
    XML, so feedparser's loose parser reads the feed, and raised on it: UnicodeEncodeError
    (chr(c).encode('utf-8')) or ValueError (chr() arg not in range)."""
    if b"&#" not in body:
        return body

    def replaced(match: re.Match[bytes]) -> bytes:
        decimal, hexadecimal = match.groups()
        value = int(decimal) if decimal is not None else int(hexadecimal, 16)
        return b"&#xFFFD;" if 0xD800 <= value <= 0xDFFF or value > 0x10FFFF else match.group()

    return _NUMERIC_REFERENCE.sub(replaced, body)


def _validator(value: str, limit: int) -> str:
    # One with a control character cannot be sent back as it came (and with NUL cannot be
    # stored): without it, the next poll simply asks unconditionally.
    return "" if _CONTROL_CHARACTERS.search(value) or len(value) > limit else value


def _feed_succeeded(feed: Feed, now: datetime, *, etag: str, last_modified: str, new: int) -> None:
    Feed.objects.filter(pk=feed.pk).update(
        etag=_validator(etag, 500),
        last_modified=_validator(last_modified, 100),
        last_polled_at=now,
        last_success_at=now,
        last_error="",
        consecutive_failures=0,
        entries_seen=F("entries_seen") + new,
        next_poll_at=now + feed.poll_interval,
        polling_since=None,
    )


def _feed_failed(
    feed: Feed, now: datetime, message: str, *, retry_after: float | None = None
) -> FeedPollResult:
    wait = feed.poll_interval
    if retry_after:
        wait = max(wait, timedelta(seconds=retry_after))
    Feed.objects.filter(pk=feed.pk).update(
        last_polled_at=now,
        last_error=message,
        consecutive_failures=F("consecutive_failures") + 1,
        next_poll_at=now + wait,
        polling_since=None,
    )
    logger.warning("feed %s poll: failed, %s", feed.pk, message)
    return FeedPollResult(feed.pk, "failed", error=message)
