"""What changes sources and articles: plain typed functions, no Celery (feeds change in
sources/feeds.py).

Every step can run twice, or on two workers at once, without changing the outcome: jobs are
claimed with a conditional UPDATE that must change exactly one row, network I/O happens
outside transactions, and the write that follows checks that the job is still ours (an
UPDATE conditional on the claim, or a row lock). Background work is enqueued only after the
transaction that needs it commits.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import ipaddress
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify

from sources import queue
from sources.extraction import (
    Extracted,
    ExtractionError,
    content_hash,
    extract_page,
    extract_plain_text,
    publication_plausible,
    timestamp_storable,
)
from sources.fetching import Accept, FetchError, backoff_delay, decode_body, fetch
from sources.models import Article, Feed, Source, SourceDomain
from sources.urlnorm import InvalidURLError, url_host, url_normalize

logger = logging.getLogger(__name__)

State = Article.State
FILE_EXTENSIONS = (".html", ".htm", ".txt")


@dataclass(frozen=True)
class FetchOutcome:
    """What one fetch step did. `retry_in` (seconds) asks the caller to run it again later."""

    article_id: int
    state: str  # the article's state afterwards, or "skipped" when the job was not ours
    retry_in: float | None = None

    @property
    def skipped(self) -> bool:
        return self.state == "skipped"


# -- input checks ----------------------------------------------------------------------------


def url_validate(url: str) -> str:
    """The normalized URL, or a ValidationError that says what is wrong with it."""
    try:
        return url_normalize(url)
    except InvalidURLError as exc:
        raise ValidationError(str(exc), code="bad_url") from None


def published_parse(value: str | date | datetime | None) -> datetime | None:
    """A publication date given by a person: "2024-10-24", or an ISO timestamp.

    A date alone becomes midnight UTC (the site's time zone, so it shows as that date); a
    timestamp without an offset is taken as UTC.
    """
    if value is None or value == "":
        return None
    text = str(value).strip()
    try:
        if isinstance(value, datetime):
            parsed = value
        elif isinstance(value, date):
            parsed = datetime.combine(value, time(0), tzinfo=UTC)
        elif len(text) == 10:
            parsed = datetime.combine(date.fromisoformat(text), time(0), tzinfo=UTC)
        else:
            parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            f"{text!r} is not a date: write it as YYYY-MM-DD, e.g. 2024-10-24, "
            "or as an ISO timestamp, e.g. 2024-10-24T15:30:00+00:00.",
            code="bad_date",
        ) from None
    parsed = parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=UTC)
    if not timestamp_storable(parsed):
        raise ValidationError(
            f"{text!r} is not a date Claimtrack can keep: in UTC it falls before the year 1 "
            "or after 9999.",
            code="bad_date",
        )
    if not publication_plausible(parsed):
        raise ValidationError(
            f"{text!r} is in the future: an article cannot have been published after "
            "tomorrow. Check the year.",
            code="bad_date",
        )
    return parsed


# -- sources ---------------------------------------------------------------------------------


def _serialize(*keys: str) -> None:
    """Hold transaction-scoped locks on `keys`: concurrent workers writing the same row take
    turns instead of racing into a unique-constraint error or a missed duplicate.
    """
    if connection.vendor != "postgresql":
        return  # SQLite (the embedded shape) has one writer at a time anyway
    # Always in the same order, so two transactions never wait for each other in a circle.
    ordered = sorted(set(keys))
    calls = ", ".join(["pg_advisory_xact_lock(hashtext(%s))"] * len(ordered))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {calls}", ordered)


def source_get_or_create(*, name: str, kind: str = Source.Kind.OUTLET) -> Source:
    """The Source called `name` (any letter case), created as `kind` when there is none."""
    clean = " ".join(name.split())
    if not clean:
        raise ValidationError("A source needs a name.", code="bad_source")
    if len(clean) > 200:
        raise ValidationError("A source name has at most 200 characters.", code="bad_source")
    with transaction.atomic():
        # Names that differ only in case or punctuation share a slug: one lock for them.
        _serialize(f"source:{slugify(clean)[:200]}")
        existing = _source_named(clean)
        if existing is not None:
            return existing
        try:
            with transaction.atomic():  # a savepoint, so that a refused INSERT can be retried
                return Source.objects.create(
                    name=clean, slug=Source.unique_slug_for(clean), kind=kind
                )
        except IntegrityError:
            # Another writer without our lock (the claims step's batch INSERT) committed this
            # slug meanwhile: look again, which finds its row, or the next free slug.
            pass
        return _source_named(clean) or Source.objects.create(
            name=clean, slug=Source.unique_slug_for(clean), kind=kind
        )


def _source_named(clean: str) -> Source | None:
    # Both sides lowered by the database, as the index on LOWER(name) has them: Python's
    # str.lower() differs from the database's LOWER for some letters ("İ", a final sigma;
    # PostgreSQL's depends on the collation), and a name would miss its own row.
    return (
        Source.objects.annotate(name_lower=Lower("name"))
        .filter(name_lower=Lower(Value(clean)))
        .order_by("pk")
        .first()
    )


def _domain_candidates(host: str) -> list[str]:
    """ "www.news.example.co.uk" -> itself, then each parent down to two labels."""
    labels = host.split(".")
    return [".".join(labels[i:]) for i in range(max(len(labels) - 1, 1))]


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def source_for_host(*, host: str, site_name: str = "") -> Source | None:
    """The publisher of pages on `host`: a known domain of a Source (walking up from
    subdomains), else an outlet named after the page's site name, registered for the domain.
    """
    host = host.strip().rstrip(".").lower()
    if not host:
        return None
    candidates = _domain_candidates(host)
    known = {
        d.domain: d.source
        for d in SourceDomain.objects.filter(domain__in=candidates).select_related("source")
    }
    for candidate in candidates:  # the most specific known domain wins
        if candidate in known:
            return known[candidate]
    domain = host if _is_ip(host) else host.removeprefix("www.")
    with transaction.atomic():
        _serialize(f"domain:{domain}")
        link = SourceDomain.objects.filter(domain=domain).select_related("source").first()
        if link is None:
            source = source_get_or_create(name=site_name or domain)
            link = SourceDomain.objects.create(domain=domain, source=source)
    return link.source


# -- articles from URLs ----------------------------------------------------------------------


def article_submit(
    *,
    url: str,
    source: Source | None = None,
    feed: Feed | None = None,
    published: datetime | date | str | None = None,
    byline: str | None = None,
    title: str | None = None,
) -> tuple[Article, bool]:
    """Queue `url` for fetching, or find the Article that already has it.

    The URL is normalized first, so a URL submitted twice, or equal to the canonical URL of
    an article already fetched, gives the existing Article (created False).
    """
    normalized = url_validate(url)
    published_at = published_parse(published)
    existing_id = _article_id_for_url(normalized)
    # None too when deleted since the look-up: then the URL is new again.
    existing = Article.objects.filter(pk=existing_id).first() if existing_id else None
    if existing is not None:
        return existing, False
    if published_at is None:
        published_from = Article.PublishedFrom.UNKNOWN
    elif feed is not None:
        published_from = Article.PublishedFrom.FEED
    else:
        published_from = Article.PublishedFrom.USER
    article = Article(
        url=normalized,
        publisher=source,
        feed=feed,
        published_at=published_at,
        published_from=published_from,
        byline=(byline or "").strip()[:500],
        title=(title or "").strip(),
        state=State.QUEUED,
        # Due at once: NULL, not this host's "now", which a drainer on a host whose clock
        # is behind would read as not due yet (and leave to the recovery).
        next_attempt_at=None,
    )
    if not _article_insert_unless_taken(article):
        # Submitted by someone else a moment ago: theirs is the article.
        return Article.objects.get(url=normalized), False
    article_id = article.pk
    # After the commit: at once in autocommit, at the end of a caller's transaction.
    transaction.on_commit(lambda: article_enqueue_fetch(article_id=article_id))
    logger.debug("article %s submit: queued %s", article.pk, normalized)
    return article, True


# A submission's two statements are SQL, as the store's are (below): the ORM's compilation
# of the look-up and of the INSERT cost ~0.9 ms of CPU per URL, five times what they cost
# written out, on every URL of an import or a feed.


def _article_id_for_url(normalized: str) -> int | None:
    """The first article with this URL, as its own or as its canonical one."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {Article._meta.db_table} "  # noqa: S608 (the model's table)
            "WHERE url = %s OR canonical_url = %s ORDER BY id LIMIT 1",
            [normalized, normalized],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else None


def _article_insert_unless_taken(article: Article) -> bool:
    """INSERT the new `article` unless its URL was taken meanwhile: True, and its id set,
    when inserted. One statement, which commits on its own outside a transaction."""
    # As save() does: a publisher or feed not saved yet is refused, not stored as NULL.
    article._prepare_related_fields_for_save(operation_name="save")  # type: ignore[attr-defined]
    fields = _stored_fields()
    values = [field.get_db_prep_save(field.pre_save(article, True), connection) for field in fields]
    # Inside a caller's transaction, in a savepoint: a row the database refuses leaves that
    # transaction usable. Outside one, no BEGIN and COMMIT around a single statement.
    savepoint = transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext()
    with savepoint, connection.cursor() as cursor:
        cursor.execute(_article_insert_sql(connection.vendor), values)
        row = cursor.fetchone()
    if row is None:
        return False
    article.pk = int(row[0])
    article._state.adding = False
    article._state.db = connection.alias
    return True


@dataclass(frozen=True)
class Submission:
    """What became of a URL a person sent: a new article, one that had failed and is queued
    again, or one already known and left as it is."""

    article: Article
    created: bool
    retried: bool

    @property
    def queued(self) -> bool:
        return self.created or self.retried


def article_submit_or_retry(
    *,
    url: str,
    source: Source | None = None,
    published: datetime | date | str | None = None,
    byline: str | None = None,
    title: str | None = None,
) -> Submission:
    """A person asks for `url` (the ingest page, the API, `manage.py ingest`): article_submit,
    and an article that had failed with it is fetched again, as its Retry button would. A
    feed poll, which sees the same entries on every poll, calls article_submit alone."""
    article, created = article_submit(
        url=url, source=source, published=published, byline=byline, title=title
    )
    retried = not created and article_retry_if_failed(article=article)
    return Submission(article=article, created=created, retried=retried)


def article_enqueue_fetch(*, article_id: int) -> None:
    """After the commit that queued `article_id`: make sure a worker will fetch it.

    In-process (no broker) its fetch runs now. With a broker the article is already in the
    queue, which is the table (sources/queue.py): this only wakes a drainer, unless one that
    was sent has yet to start.
    """
    from sources.tasks import article_fetch_task

    if article_fetch_task.app.conf.task_always_eager:
        _enqueue(article_id, "fetch", lambda: article_fetch_task.delay(article_id))
    else:
        articles_fetch_wake(article_id=article_id)


def articles_fetch_wake(*, article_id: int | None = None, force: bool = False) -> None:
    """Wake a drainer for the due articles (`article_id`: the one that made it due, for the
    log), unless a drainer sent before has yet to start (`force`: even then)."""
    from sources.tasks import articles_fetch_due_task

    _enqueue(article_id, "fetch", lambda: queue.wake(articles_fetch_due_task, force=force))


def _enqueue(article_id: int | None, step: str, send: Callable[[], object]) -> None:
    """Send a step's task, after the commit that makes it due. A broker that refuses it (down,
    unreachable) loses nothing: the row says the step is due, and the recovery sweeps send
    it again once it is a lease overdue. Raised, the refusal came out of the caller after
    its commit: a 500 on the ingest page after the first URL of a list, the others unsent.
    """
    try:
        send()
    except Exception:
        logger.exception(
            "%s: the broker refused the %s task; the recovery task sends it once it is overdue",
            "fetch queue wake-up" if article_id is None else f"article {article_id} enqueue",
            step,
        )


def article_retry(*, article_id: int) -> tuple[Article, bool]:
    """Re-queue a failed article with a fresh set of attempts; anything else is left as is.
    The article as it is now, and whether this call queued it again."""
    with transaction.atomic():
        article = Article.objects.filter(pk=article_id).first()
        if article is None:
            raise ValidationError(f"There is no article #{article_id}.", code="missing")
        if not article.url:
            raise ValidationError(
                "This article came from a file and has no URL to fetch again: "
                "upload the file again instead.",
                code="no_url",
            )
        requeued = _article_requeue(article_id)
    article.refresh_from_db()
    return article, requeued


def article_retry_if_failed(*, article: Article) -> bool:
    """A person asked again for a URL whose article failed (the site was down, or the
    address was refused before CLAIMTRACK_FETCH_ALLOW_PRIVATE was set): it is queued again
    with a fresh set of attempts. True if this call queued it again (`article` is then
    refreshed); False if it had not failed, or if someone else queued it again meanwhile
    (`article` was read before)."""
    if article.state != Article.State.FAILED or not article.url:
        return False
    with transaction.atomic():
        requeued = _article_requeue(article.pk)
    if requeued:
        article.refresh_from_db()
    return requeued


def _article_requeue(article_id: int) -> bool:
    # Conditional: two clicks, two editors or the same URL sent twice at once re-queue it
    # once, and only one of them says so.
    changed = Article.objects.filter(pk=article_id, state=Article.State.FAILED).update(
        state=Article.State.QUEUED,
        failure_kind="",
        failure_message="",
        attempts=0,
        claimed_at=None,
        next_attempt_at=None,  # due at once, whatever the clock of the host that takes it
        updated_at=timezone.now(),
    )
    if changed == 1:
        transaction.on_commit(lambda: article_enqueue_fetch(article_id=article_id))
    return changed == 1


def _article_claim(article_id: int, now: datetime) -> bool:
    lease_start = now - timedelta(seconds=settings.CLAIMTRACK_JOB_LEASE_SECONDS)
    changed = (
        Article.objects.filter(pk=article_id)
        .filter(Q(state=State.QUEUED) | Q(state=State.FETCHING, claimed_at__lt=lease_start))
        .update(state=State.FETCHING, claimed_at=now, attempts=F("attempts") + 1, updated_at=now)
    )
    return changed == 1


def article_fetch(*, article_id: int) -> FetchOutcome:
    """Fetch, extract and store one queued article (the step article_fetch_task wraps).

    Returns what happened; on a transient error the article goes back to the queue and the
    outcome says after how many seconds to try again.
    """
    claimed_at = timezone.now()
    if not _article_claim(article_id, claimed_at):
        logger.info("article %s fetch: skipped, not queued or held by another worker", article_id)
        return FetchOutcome(article_id, "skipped")
    return article_fetch_claimed(Article.objects.get(pk=article_id), claimed_at)


def article_claim_next() -> tuple[Article, datetime] | None:
    """Take the oldest due article in the queue, in one statement: its row as claimed, and
    the claim's time (what its store checks); None when nothing is due.

    Oldest by id, so an article the recovery task marks again keeps its place. On
    PostgreSQL, rows other drainers are taking are skipped rather than waited for.
    """
    now = timezone.now()
    stamp = connection.ops.adapt_datetimefield_value(now)
    table = connection.ops.quote_name(Article._meta.db_table)
    skip_locked = (
        " FOR UPDATE SKIP LOCKED" if connection.features.has_select_for_update_skip_locked else ""
    )
    # Only the table's name and a fixed clause are formatted in; the values are parameters.
    claimed = list(
        Article.objects.raw(
            f"UPDATE {table} SET state = %s, claimed_at = %s, attempts = attempts + 1, "  # noqa: S608
            f"updated_at = %s WHERE state = %s AND id = (SELECT id FROM {table} "
            "WHERE state = %s AND (next_attempt_at IS NULL OR next_attempt_at <= %s) "
            f"ORDER BY id LIMIT 1{skip_locked}) RETURNING *",
            [State.FETCHING, stamp, stamp, State.QUEUED, State.QUEUED, stamp],
        )
    )
    return (claimed[0], now) if claimed else None


def article_fetch_claimed(article: Article, claimed_at: datetime) -> FetchOutcome:
    """Fetch, extract and store `article`, claimed at `claimed_at` (its row as read then)."""
    article_id = article.pk
    logger.debug("article %s fetch: try %s of %s", article_id, article.attempts, _max_tries())
    if article.attempts > _max_tries():
        # Only a worker that died while holding it each time gets here (the lease ran out
        # every time): stop, rather than let one page take workers down for ever.
        return _article_fetch_failed(
            article_id,
            claimed_at,
            FetchError(
                Article.FailureKind.INTERNAL,
                f"The worker processing this page stopped {article.attempts - 1} times "
                "before finishing; it will not be tried again.",
                permanent=True,
            ),
        )
    if not article.url:
        return _article_fetch_failed(
            article_id,
            claimed_at,
            FetchError(Article.FailureKind.BAD_URL, "The article has no URL.", permanent=True),
        )

    # The network and the parser run outside any transaction: nothing is locked meanwhile.
    try:
        result = fetch(article.url, accept=Accept.HTML)
        html = decode_body(result)
        extracted = extract_page(html, url=result.final_url)
    except FetchError as exc:
        return _article_fetch_failed(article_id, claimed_at, exc)
    except ExtractionError as exc:
        return _article_fetch_failed(
            article_id, claimed_at, FetchError(exc.kind, exc.message, permanent=True)
        )
    return _article_fetch_store(
        article, claimed_at, extracted=extracted, html=html, final_url=result.final_url
    )


def _max_tries() -> int:
    return max(1, settings.CLAIMTRACK_FETCH_MAX_TRIES)


def _locked_if_still_ours(article_id: int, claimed_at: datetime) -> Article | None:
    article = Article.objects.select_for_update().get(pk=article_id)
    if article.state != State.FETCHING or article.claimed_at != claimed_at:
        # Our lease ran out and another worker took the job: its result stands.
        logger.warning("article %s fetch: result dropped, the job was taken over", article_id)
        return None
    return article


def _article_fetch_store(
    article: Article, claimed_at: datetime, *, extracted: Extracted, html: str, final_url: str
) -> FetchOutcome:
    """Store the result on `article` as read right after claiming it: while the claim holds,
    no one else writes the row, so the final UPDATE only has to check that it still holds
    (no SELECT ... FOR UPDATE and re-read first).
    """
    # Compressed before the transaction, so the locks below are held for less time.
    article.raw_html = html
    article.claimed_at = None
    article.next_attempt_at = None
    article.failure_kind = ""
    article.failure_message = ""
    with transaction.atomic():
        stored = _article_store(
            article, extracted, html=None, fallback_url=final_url, claimed_at=claimed_at
        )
    if not stored:
        logger.warning("article %s fetch: result dropped, the job was taken over", article.pk)
        return FetchOutcome(article.pk, "skipped")
    _log_stored(article, "fetch")
    return FetchOutcome(article.pk, article.state)


def _article_fetch_failed(article_id: int, claimed_at: datetime, error: FetchError) -> FetchOutcome:
    with transaction.atomic():
        article = _locked_if_still_ours(article_id, claimed_at)
        if article is None:
            return FetchOutcome(article_id, "skipped")
        article.claimed_at = None
        if error.permanent or article.attempts >= _max_tries():
            article.state = State.FAILED
            article.failure_kind = error.kind
            article.failure_message = (
                error.message
                if error.permanent
                else f"{error.message} Gave up after {article.attempts} tries."
            )
            article.next_attempt_at = None
            article.save()
            logger.warning(
                "article %s fetch: failed %s %s", article_id, error.kind, article.failure_message
            )
            return FetchOutcome(article_id, article.state)
        delay = backoff_delay(article.attempts, error.retry_after)
        article.state = State.QUEUED
        article.failure_kind = ""
        article.failure_message = (
            f"Try {article.attempts} of {_max_tries()}: {error.message} "
            f"Trying again in {delay:.0f} s."
        )
        article.next_attempt_at = timezone.now() + timedelta(seconds=delay)
        article.save()
    logger.info(
        "article %s fetch: will retry in %.1f s after %s %s",
        article_id,
        delay,
        error.kind,
        error.message,
    )
    return FetchOutcome(article_id, State.QUEUED, retry_in=delay)


def _log_stored(article: Article, step: str) -> None:
    if article.state == State.DUPLICATE:
        logger.info(
            "article %s %s: duplicate of article %s (%s)",
            article.pk,
            step,
            article.duplicate_of_id,
            article.duplicate_reason,
        )
    else:
        logger.info(
            "article %s %s: %s %r (%s chars)",
            article.pk,
            step,
            article.state,
            article.title[:80],
            len(article.text),
        )


def _article_store(
    article: Article,
    extracted: Extracted,
    *,
    html: str | None,
    fallback_url: str | None,
    claimed_at: datetime | None = None,
) -> bool:
    """Write extraction results into `article` (inside a transaction) and save it, recording
    it as a duplicate when its canonical URL or its text is already known.

    `html` None: raw_html is already set. With `claimed_at`, the row is written only if
    that claim still holds; returns whether it was written.
    """
    article.text = extracted.text
    article.content_hash = extracted.content_hash
    if html is not None:
        article.raw_html = html
    article.title = article.title or extracted.title
    article.byline = article.byline or extracted.byline
    article.language = extracted.language or article.language
    if extracted.published_at is not None and article.published_from in (
        Article.PublishedFrom.UNKNOWN,
        Article.PublishedFrom.FEED,
    ):
        # The page says it more precisely than a feed; a date a person gave stands.
        article.published_at = extracted.published_at
        article.published_from = Article.PublishedFrom.PAGE
    article.fetched_at = timezone.now()
    # Without a declared canonical URL, the address the page was finally served from is
    # its canonical one: two URLs that redirect to one page give one article.
    canonical = extracted.canonical_url or _normalized_or_none(fallback_url) or article.url
    if article.publisher_id is None:
        host = url_host(canonical or fallback_url or "")
        article.publisher_id = _publisher_id_for_host(host, extracted.site_name)
    if article.publisher_id is None and extracted.site_name:
        article.publisher = source_get_or_create(name=extracted.site_name)

    # Whoever stores the same canonical URL or the same text at this moment waits for our
    # commit and then sees our row: the checks below cannot race.
    keys = [f"text:{article.content_hash}"] + ([f"canonical:{canonical}"] if canonical else [])
    _serialize(*keys)
    by_canonical, by_text = _originals(article, canonical)
    if by_canonical is not None:
        _mark_duplicate(article, by_canonical, Article.DuplicateReason.CANONICAL_URL)
        article.canonical_url = None
    elif by_text is not None:
        article.canonical_url = canonical
        _mark_duplicate(article, by_text, Article.DuplicateReason.CONTENT)
    else:
        article.canonical_url = canonical
        article.state = State.FETCHED
        article.claims_attempts = 0  # new text: its claims extraction starts afresh
        article.duplicate_of = None
        article.duplicate_reason = Article.DuplicateReason.NONE
    if claimed_at is None:
        article.save()
    elif not _save_if_claimed(article, claimed_at):
        return False
    if article.state == State.FETCHED:
        transaction.on_commit(lambda: _on_article_fetched(article))
    return True


# The three statements of a page's store that every fetched page runs are written in SQL:
# the ORM's compilation of them cost ~1.5 ms of the worker's CPU per page (the update of
# every field, the duplicate look-up and the publisher look-up; timed against the same
# statements written out), more than PostgreSQL took to run them. Fields and columns still
# come from the model, so a new field is stored without touching this.


def _save_if_claimed(article: Article, claimed_at: datetime) -> bool:
    """Save every field of `article` in one UPDATE that also checks the claim still holds
    (our lease may have run out and another worker taken the job: its result stands).
    """
    article.updated_at = timezone.now()
    fields = _stored_fields()
    values = [
        field.get_db_prep_save(getattr(article, field.attname), connection) for field in fields
    ]
    claimed = Article._meta.get_field("claimed_at").get_db_prep_save(claimed_at, connection)
    params = [*values, article.pk, State.FETCHING, claimed]
    if connection.vendor == "postgresql":
        # Bound on the server: the text and the compressed page travel as parameters (the
        # page as bytes), not as ~50 KB of quoted literal for PostgreSQL to parse, which
        # halves its CPU for this statement (0.26 -> 0.13 ms) and takes 0.07 ms off ours.
        # Same connection, same transaction; errors wrapped as Django's, as a cursor's are.
        connection.ensure_connection()
        with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
            cursor.execute(_article_update_sql(connection.vendor), params)
            return cursor.rowcount == 1
    with connection.cursor() as cursor:
        cursor.execute(_article_update_sql(connection.vendor), params)
        return cursor.rowcount == 1


def _stored_fields() -> list[Any]:
    return [field for field in Article._meta.concrete_fields if not field.primary_key]


@functools.cache
def _article_update_sql(vendor: str) -> str:
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in _stored_fields())
    return (
        f"UPDATE {quote(Article._meta.db_table)} SET {assignments} "  # noqa: S608 (model names)
        "WHERE id = %s AND state = %s AND claimed_at = %s"
    )


@functools.cache
def _article_insert_sql(vendor: str) -> str:
    quote = connection.ops.quote_name
    fields = _stored_fields()
    return (
        f"INSERT INTO {quote(Article._meta.db_table)} "  # noqa: S608 (model names)
        f"({', '.join(quote(field.column) for field in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))}) "
        f"ON CONFLICT ({quote(Article._meta.get_field('url').column)}) DO NOTHING RETURNING id"
    )


def _publisher_id_for_host(host: str, site_name: str) -> int | None:
    """source_for_host's answer as an id: a known domain is one light query (no Source row
    built), which is every page but the first from a site.
    """
    host = host.strip().rstrip(".").lower()
    if not host:
        return None
    candidates = _domain_candidates(host)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT domain, source_id FROM {SourceDomain._meta.db_table} "  # noqa: S608
            f"WHERE domain IN ({', '.join(['%s'] * len(candidates))})",
            candidates,
        )
        known = dict(cursor.fetchall())
    for candidate in candidates:  # the most specific known domain wins, as there
        if candidate in known:
            return int(known[candidate])
    source = source_for_host(host=host, site_name=site_name)
    return source.pk if source is not None else None


@dataclass(frozen=True)
class _Original:
    pk: int
    duplicate_of_id: int | None


def _originals(
    article: Article, canonical: str | None
) -> tuple[_Original | None, _Original | None]:
    """The first other article with this canonical URL, and the first original (not itself
    a duplicate, fetched or beyond) with this text; one query for both.
    """
    same = "(content_hash = %s AND duplicate_of_id IS NULL AND state NOT IN (%s, %s, %s, %s))"
    params: list[Any] = [
        article.content_hash,
        State.QUEUED,
        State.FETCHING,
        State.FAILED,
        State.DUPLICATE,
    ]
    if canonical:
        same += " OR canonical_url = %s"
        params.append(canonical)
    others = ""
    if article.pk is not None:
        others = "id <> %s AND "
        params.insert(0, article.pk)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, canonical_url, content_hash, duplicate_of_id "  # noqa: S608
            f"FROM {Article._meta.db_table} WHERE {others}({same}) ORDER BY id LIMIT 20",
            params,
        )
        candidates = cursor.fetchall()
    by_canonical = next(
        (_Original(pk, dup) for pk, url, _, dup in candidates if canonical and url == canonical),
        None,
    )
    by_text = next(
        (
            _Original(pk, dup)
            for pk, _, text_hash, dup in candidates
            if text_hash == article.content_hash and dup is None
        ),
        None,
    )
    return by_canonical, by_text


def _normalized_or_none(url: str | None) -> str | None:
    try:
        return url_normalize(url) if url else None
    except InvalidURLError:
        return None


def _mark_duplicate(article: Article, original: _Original, reason: str) -> None:
    article.state = State.DUPLICATE
    article.duplicate_of_id = original.duplicate_of_id or original.pk
    article.duplicate_reason = reason


def _on_article_fetched(article: Article) -> None:
    """Runs once after an article reaches `fetched` (after commit): the next step starts here.

    The claims pipeline enqueues its extraction from this hook.
    """
    # Imported here: claims builds on sources, so sources names claims only at this one seam.
    from claims.tasks import article_enqueue_extract_claims

    _enqueue(article.pk, "claims", lambda: article_enqueue_extract_claims(article_id=article.pk))


# -- articles from files ---------------------------------------------------------------------


def _file_read(path: Path) -> bytes:
    if path.is_dir():
        # Before the extension: a folder has none, and "not a file without an extension"
        # sent the person looking for one.
        raise ValidationError(
            f"{path}: is a folder, not a file; give the files in it "
            f"(e.g. {path / '*.html'} {path / '*.txt'}).",
            code="file_unreadable",
        )
    if path.suffix.lower() not in FILE_EXTENSIONS:
        kind = f"a {path.suffix} file" if path.suffix else "a file without an extension"
        raise ValidationError(
            f"{path}: only .html, .htm and .txt files can be imported, not {kind}.",
            code="file_type",
        )
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ValidationError(f"{path}: no such file.", code="file_missing") from None
    except IsADirectoryError:
        raise ValidationError(f"{path}: is a folder, not a file.", code="file_unreadable") from None
    except OSError as exc:
        raise ValidationError(
            f"{path}: cannot be read ({exc.strerror or exc}).", code="file_unreadable"
        ) from None
    if not data.strip():
        raise ValidationError(f"{path}: the file is empty.", code="file_empty")
    return data


def _file_decode(path: Path, data: bytes) -> str:
    text = _file_text(path, data)
    # Checked on the decoded text (a UTF-16 page holds NUL bytes and none once decoded):
    # PostgreSQL text cannot hold NUL, and a text file has none.
    if "\x00" in text:
        raise ValidationError(
            f"{path}: the file contains NUL bytes: not a text file.", code="file_binary"
        )
    return text


# A byte-order mark is the one sure sign of a file's encoding (Notepad's "Unicode" is UTF-16
# with one); UTF-32's are tried first, as its little-endian mark begins with UTF-16's.
_BYTE_ORDER_MARKS = (
    ((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE), "utf-32"),
    ((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE), "utf-16"),
)


def _file_text(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    for marks, codec in _BYTE_ORDER_MARKS:
        if data.startswith(marks):
            try:
                return data.decode(codec)  # the codec reads the mark and drops it
            except UnicodeDecodeError:
                raise ValidationError(
                    f"{path}: starts with a {codec.upper()} byte-order mark but is not "
                    f"{codec.upper()} text.",
                    code="file_encoding",
                ) from None
    # A .txt file says nothing of its encoding, and a guess is not safe (charset_normalizer
    # reads windows-1252's "São Paulo" as cp1250's "Săo Paulo"): it is refused. A page's
    # <meta charset> guides trafilatura's guess.
    if path.suffix.lower() in (".html", ".htm"):
        from trafilatura.utils import decode_file

        decoded = decode_file(data)
        if isinstance(decoded, str):
            return decoded
    raise ValidationError(
        f"{path}: the text is not UTF-8 and its encoding cannot be recognised; "
        "save it as UTF-8 and import it again.",
        code="file_encoding",
    )


def article_ingest_file(
    *,
    path: str | Path,
    url: str | None = None,
    source: str | Source | None = None,
    published: datetime | date | str | None = None,
    byline: str | None = None,
    title: str | None = None,
) -> Article:
    """Store a local .html/.htm (same extraction as fetched pages) or .txt file as a fetched
    Article. What the file cannot say (URL, outlet, date, byline, a clean title) can be given.

    Importing the same file again, or a file whose URL or canonical URL is already known,
    gives the existing Article; the same text under another URL becomes a duplicate of the
    first. Bad input raises ValidationError and stores nothing.
    """
    file_path = Path(path)
    normalized_url = url_validate(url) if url else None
    published_at = published_parse(published)
    data = _file_read(file_path)
    content = _file_decode(file_path, data)
    is_html = file_path.suffix.lower() in (".html", ".htm")
    try:
        extracted = (
            extract_page(content, url=normalized_url) if is_html else extract_plain_text(content)
        )
    except ExtractionError as exc:
        raise ValidationError(f"{file_path}: {exc.message}", code="file_empty") from None

    with transaction.atomic():
        publisher = source_get_or_create(name=source) if isinstance(source, str) else source
        existing = _file_already_imported(normalized_url, extracted)
        if existing is not None:
            logger.info("article %s ingest: %s is already imported", existing.pk, file_path)
            return existing
        if normalized_url:
            article, _ = Article.objects.select_for_update().get_or_create(
                url=normalized_url, defaults={"state": State.FETCHING}
            )
        else:
            article = Article(state=State.FETCHING)
        article.publisher = publisher
        article.title = (title or "").strip()
        article.byline = (byline or "").strip()[:500]
        article.published_at = published_at
        article.published_from = (
            Article.PublishedFrom.USER if published_at else Article.PublishedFrom.UNKNOWN
        )
        article.failure_kind = ""
        article.failure_message = ""
        article.claimed_at = None
        article.next_attempt_at = None
        _article_store(article, extracted, html=content if is_html else "", fallback_url=None)
    _log_stored(article, "ingest")
    return article


def article_imported_since(article: Article, moment: datetime) -> bool:
    """Whether an import begun at `moment` stored `article`'s text, rather than finding the
    file already imported: a new article, or a failed URL's article the file completes (that
    row is older than the import; its text is not)."""
    return article.fetched_at is not None and article.fetched_at >= moment


def _file_already_imported(normalized_url: str | None, extracted: Extracted) -> Article | None:
    """The article this file is a re-import of, if any.

    A file with its own URL is new unless that URL (or its canonical URL) is known and not
    failed; a failed fetch of that URL is completed by the file. A file without a URL is a
    re-import when its canonical URL or its text is already stored.
    """
    keys = [k for k in (normalized_url, extracted.canonical_url) if k]
    if keys:
        known = (
            Article.objects.filter(Q(url__in=keys) | Q(canonical_url__in=keys))
            .exclude(state=State.FAILED)
            .order_by("pk")
            .first()
        )
        if known is not None:
            return known
    if normalized_url:
        return None
    same_text = (
        Article.objects.filter(content_hash=content_hash(extracted.text))
        .exclude(state__in=[State.QUEUED, State.FETCHING, State.FAILED])
        .order_by("pk")
        .first()
    )
    if same_text is not None and same_text.duplicate_of_id is not None:
        return same_text.duplicate_of
    return same_text


# -- recovery --------------------------------------------------------------------------------


def articles_recover_stalled(*, limit: int = 1000) -> list[int]:
    """Re-enqueue the articles whose job was lost; returns their ids.

    A fetch held past its lease belongs to a worker that died (SIGKILL, OOM, a lost
    machine): it goes back to the queue. A queued article still waiting a lease after it
    was due has lost its message (a broker restart, a crash between commit and enqueue).
    Each is claimed with a conditional update first, so running this on several workers at
    once enqueues every article once.
    """
    now = timezone.now()
    lease = timedelta(seconds=settings.CLAIMTRACK_JOB_LEASE_SECONDS)
    recovered: list[int] = []
    stale_fetching = Article.objects.filter(state=State.FETCHING, claimed_at__lt=now - lease)
    for article_id in stale_fetching.values_list("pk", flat=True)[:limit]:
        changed = stale_fetching.filter(pk=article_id).update(
            state=State.QUEUED, claimed_at=None, next_attempt_at=None, updated_at=now
        )
        if changed == 1:
            recovered.append(article_id)
    from sources.tasks import article_fetch_task

    eager = article_fetch_task.app.conf.task_always_eager
    overdue = Article.objects.filter(state=State.QUEUED).filter(
        Q(next_attempt_at__lt=now - lease)
        | Q(next_attempt_at__isnull=True, updated_at__lt=now - lease)
    )
    # With a broker a queued row has no message of its own to lose: one waiting long is a
    # backlog the drainers are working through, and the wake below is all it needs.
    for article_id in overdue.values_list("pk", flat=True)[: limit if eager else 0]:
        # Moving updated_at to now marks it re-enqueued: the next run leaves it alone for
        # a whole lease.
        if overdue.filter(pk=article_id).update(next_attempt_at=None, updated_at=now) == 1:
            recovered.append(article_id)
    for article_id in recovered:
        logger.warning("article %s recover: its job was lost, queued again", article_id)

    if eager:
        for article_id in recovered:
            article_enqueue_fetch(article_id=article_id)
    elif recovered or _fetch_due().exists():
        # One drainer takes them all, and whatever else is due: the articles a drainer that
        # was killed (or stopped at the hard time limit) left behind it. Sent whatever the
        # wake mark says: a mark left by a message the broker lost must not hold them back.
        articles_fetch_wake(force=True)
    return recovered


def _fetch_due() -> QuerySet[Article]:
    return Article.objects.filter(state=State.QUEUED).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=timezone.now())
    )
