"""What changes claims and mentions: plain typed functions, no Celery.

`article_extract_claims` is the claims step of the pipeline. It claims the article with a
conditional UPDATE (fetched -> extracting) that must change exactly one row, runs the
extractor outside any transaction, then writes in one short transaction after re-checking
under a row lock that the job is still ours. Running it twice leaves the same rows.

Re-extraction loses nothing an editor did: mentions an editor pinned (split, merge) stay
exactly as they are, mentions cited as evidence of a verdict are never deleted, a claim with
editorial work (a verdict, a note, a merge, an edited summary) may gain mentions but its
summary and structured parts never change, and a merged claim never gains mentions (its
surviving claim does).

Failure policy: when the extractor or the write fails, the article goes back to the state it
was claimed from (`fetched` for a first extraction) with failure_kind `internal` and a
failure_message a person can read, and ExtractionFailedError is raised; the task retries a
few times, `extract_claims --article ID` retries by hand. Its fetched text is never touched.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, F, Min, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.text import slugify

from claims import matching
from claims.matching import Parts, Profile, Target
from claims.models import Claim, EditorialEvent, Mention, StatusChange
from claims.nlp.lexicon import GENERIC_REPORT_NAME
from claims.nlp.types import ArticleInput, Claimant, ClaimCandidate
from sources import services as sources_services
from sources.models import Article, Source

logger = logging.getLogger(__name__)

State = Article.State

# States a forced re-extraction may start from (besides the usual fetched / stale lease).
_FORCE_FROM = (State.EXTRACTED, State.UNSUPPORTED)
# Serializes the write phase of extractions on PostgreSQL, so two workers never create the
# same new claim twice or attach a mention to a claim another is deleting. The phase is
# short (no NLP in it); the extraction itself runs in parallel.
_MATCHING_LOCK_KEY = 0x636C61696D73  # "claims"

# Tries of one article's claims extraction (the first and the task's retries) before the
# task, and the recovery sweep, leave it to a person (`extract_claims --article ID`).
CLAIMS_MAX_TRIES = 4

_MAX_SUMMARY = 500
_MAX_QUANTITY = Decimal("1e17")

Extractor = Callable[[Article], list[ClaimCandidate]]


class ClaimExtractionError(Exception):
    """A claims step that cannot be done; the message is for the person who asked."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ArticleNotFoundError(ClaimExtractionError):
    pass


class ExtractionFailedError(ClaimExtractionError):
    """The extractor or the write failed; the article was released with the reason.
    `attempts`: the article's claims tries, this one included (Article.claims_attempts as
    this worker's claim left it), for the task to decide on a retry without reading it."""

    def __init__(self, message: str, *, article_id: int, attempts: int) -> None:
        super().__init__(message)
        self.article_id = article_id
        self.attempts = attempts


@dataclass(frozen=True)
class ExtractionOutcome:
    """What one claims step did. `done` is False when the article was not ours to extract."""

    article_id: int
    state: str  # the article's state afterwards
    done: bool
    message: str = ""
    mentions: int = 0  # machine mentions the article has now
    claims_new: int = 0  # claims created for this article
    claims_matched: int = 0  # existing claims that got (or kept) this article's mentions
    pinned_kept: int = 0  # editor-pinned mentions left as they were
    claims_removed: int = 0  # machine claims left with nothing, deleted


# -- claiming the job ------------------------------------------------------------------------


# An article this worker holds: the article, its lease (claimed_at), the state it came from.
_Claimed = tuple[Article, datetime, str]


def _claim_article(
    article_id: int, *, force: bool, look_first: bool = False
) -> _Claimed | ExtractionOutcome:
    """Take the article for extraction, or say why not. Returns it with the state it had.

    `look_first`: read the article's state alone first, and load it as a model object (with
    its text and publisher) only if it can be taken. For the tasks of a burst, most of which
    find their article already taken along by an earlier task: the ORM load cost them ~1 ms
    of Python for nothing. Elsewhere the article is usually ours and the look is a statement
    more. The decision is made again on the loaded row either way."""
    if look_first:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT state, claimed_at FROM {Article._meta.db_table} WHERE id = %s",  # noqa: S608
                [article_id],
            )
            found = cursor.fetchone()
        if found is None:
            raise ArticleNotFoundError(f"There is no article with id {article_id}.")
        state, claimed_at = found
        if not _claimable(state, claimed_at, now=timezone.now(), force=force):
            message = _why_not(article_id, state, claimed_at, force)
            return ExtractionOutcome(article_id, state, done=False, message=message)
    try:
        # get(), not first(): first() orders and builds its query again, ~0.3 ms of Python.
        # The raw HTML (kept for provenance, often the largest value of the row) is not
        # read: nothing in this step uses it.
        article = (
            Article.objects.select_related("publisher")
            .defer("raw_html_compressed")
            .get(pk=article_id)
        )
    except Article.DoesNotExist:
        raise ArticleNotFoundError(f"There is no article with id {article_id}.") from None
    now = timezone.now()
    previous = article.state
    if not _claimable(previous, article.claimed_at, now=now, force=force):
        message = _why_not(article_id, previous, article.claimed_at, force)
        return ExtractionOutcome(article_id, previous, done=False, message=message)
    # Compare-and-set on (state, claimed_at): of two workers racing, exactly one wins.
    changed = Article.objects.filter(
        pk=article_id, state=previous, claimed_at=article.claimed_at
    ).update(
        state=State.EXTRACTING,
        claimed_at=now,
        updated_at=now,
        claims_attempts=F("claims_attempts") + 1,
    )
    if changed != 1:
        return ExtractionOutcome(
            article_id,
            State.EXTRACTING,
            done=False,
            message=f"Article {article_id} was taken by another worker a moment ago.",
        )
    article.state, article.claimed_at = State.EXTRACTING, now
    article.claims_attempts += 1
    return article, now, (State.FETCHED if previous == State.EXTRACTING else previous)


def _claimable(state: str, claimed_at: datetime | None, *, now: datetime, force: bool) -> bool:
    """Whether an article in `state` (held since `claimed_at`) may be taken now: fetched, or
    held by a worker whose lease ran out, or (`force`) done already."""
    lease = timedelta(seconds=settings.CLAIMTRACK_JOB_LEASE_SECONDS)
    stale = state == State.EXTRACTING and (claimed_at is None or claimed_at < now - lease)
    return state == State.FETCHED or stale or (force and state in _FORCE_FROM)


def _why_not(article_id: int, state: str, claimed_at: datetime | None, force: bool) -> str:
    label = State(state).label if state in State.values else state
    if state == State.EXTRACTING:
        return (
            f"Article {article_id} is being extracted by another worker (since "
            f"{claimed_at:%Y-%m-%d %H:%M:%S} UTC); it is retaken if that worker "
            "does not finish within the lease."
        )
    if state in _FORCE_FROM and not force:
        return f"Article {article_id} is already done ({label}); use --force to extract again."
    return (
        f"Article {article_id} is {label.lower()} ({state}): claims are extracted only from "
        "fetched articles."
    )


def _release(article_id: int, claimed_at: datetime, *, state: str, **fields: object) -> bool:
    """Leave the job, if it is still ours, in `state` with `fields`."""
    changed = Article.objects.filter(
        pk=article_id, state=State.EXTRACTING, claimed_at=claimed_at
    ).update(state=state, claimed_at=None, updated_at=timezone.now(), **fields)
    return changed == 1


# -- languages -------------------------------------------------------------------------------


def language_supported(language: str) -> bool:
    from claims.nlp.pipeline import is_supported_language

    # Extraction leaves `language` blank when it cannot tell; English is what we read.
    return is_supported_language(language or "en")


def language_name(code: str) -> str:
    info = LANG_INFO.get(code.lower()) or LANG_INFO.get(code.lower().split("-")[0])
    name = info.get("name") if info else None
    return f"{name} ({code})" if name else f"language {code!r}"


def _unsupported_message(language: str) -> str:
    return (
        f"This article is in {language_name(language)}. Claims are extracted from English "
        "articles only for now; the article is kept and shown as it is."
    )


# -- the step --------------------------------------------------------------------------------


def _article_input(article: Article) -> ArticleInput:
    return ArticleInput(
        text=article.text,
        published=article.published_at.date() if article.published_at else None,
        title=article.title,
        publisher=article.publisher.name if article.publisher else "",
        language=article.language or "en",
    )


def _candidates(articles: list[Article], extractor: Extractor | None) -> list[list[ClaimCandidate]]:
    """Each article's claim candidates: the NLP pipeline, all of them in one batch."""
    if extractor is not None:
        return [extractor(article) for article in articles]
    from claims.nlp.pipeline import extract_claims_many

    return extract_claims_many([_article_input(article) for article in articles])


def article_extract_claims(
    *, article_id: int, force: bool = False, extractor: Extractor | None = None
) -> ExtractionOutcome:
    """Extract, attribute and match the claims of one fetched article.

    `force` re-extracts an article already extracted (or marked unsupported). `extractor`
    replaces the NLP pipeline (tests hand it candidates they built). Raises ArticleNotFoundError
    and ExtractionFailedError; any other "cannot" is an outcome with `done=False`.
    """
    claimed = _claim_article(article_id, force=force)
    if isinstance(claimed, ExtractionOutcome):
        logger.info("article %s claims: skipped: %s", article_id, claimed.message)
        return claimed
    (result,) = _extract_claimed([claimed], extractor=extractor)
    if isinstance(result, ExtractionFailedError):
        raise result
    return result


def articles_extract_claims(
    *, article_ids: Sequence[int], force: bool = False, batch_size: int = 16
) -> Iterable[ExtractionOutcome | ClaimExtractionError]:
    """The same step for many articles, the NLP batched (spaCy's pipe) for throughput.

    Yields one outcome per article in order, or the error that stopped that article; one
    article's failure does not stop the others.
    """
    for offset in range(0, len(article_ids), batch_size):
        claimed: list[_Claimed] = []
        for article_id in article_ids[offset : offset + batch_size]:
            try:
                taken = _claim_article(article_id, force=force)
            except ClaimExtractionError as exc:
                yield exc
                continue
            if isinstance(taken, ExtractionOutcome):
                yield taken
                continue
            claimed.append(taken)
        yield from _extract_claimed(claimed)


@dataclass(frozen=True)
class BacklogResult:
    """What one claims task did: its own article, then the waiting ones it took along."""

    own: ExtractionOutcome | ArticleNotFoundError | ExtractionFailedError
    others: list[ExtractionOutcome | ExtractionFailedError]


def article_extract_claims_with_backlog(
    *,
    article_id: int,
    backlog: int,
    backlog_bytes: int,
    stop_on: tuple[type[BaseException], ...] = (),
) -> BacklogResult:
    """The claims task's step: this article, and up to `backlog` more articles waiting in
    `fetched` (oldest first, at most `backlog_bytes` bytes of text in all), their NLP
    batched in one `nlp.pipe` as `articles_extract_claims` does.

    A burst of fetched articles (a feed, a manifest import) queues one task each; the first
    task takes the others along and their own tasks find them done (and take nothing: the
    next task whose article is still waiting takes the next batch). Articles released
    after a failure (they wait for their task's retries) are not taken. Each taken article
    is claimed with the same compare-and-set as one taken alone, and succeeds or fails on
    its own. PostgreSQL only (the backlog is claimed with SKIP LOCKED); elsewhere, and with
    `backlog` 0, this is `article_extract_claims`. `stop_on`: errors after which nothing is
    tried again in this call (the task's soft time limit): every article not done fails.
    The articles are extracted in id order, as one by one in arrival order.
    """
    own: ExtractionOutcome | ArticleNotFoundError | ExtractionFailedError
    claimed: list[_Claimed] = []
    try:
        taken = _claim_article(article_id, force=False, look_first=True)
    except ArticleNotFoundError as exc:
        own = exc
    else:
        if isinstance(taken, ExtractionOutcome):
            logger.info("article %s claims: skipped: %s", article_id, taken.message)
            own = taken
        else:
            claimed.append(taken)
    if claimed and backlog > 0 and connection.vendor == "postgresql":
        try:
            claimed.extend(
                _claim_backlog(exclude=article_id, limit=backlog, max_bytes=backlog_bytes)
            )
        except Exception:
            # This article alone, then; any taken but not loaded come back after the lease.
            logger.exception("article %s claims: could not take the waiting ones", article_id)
    if len(claimed) > 1:
        logger.info(
            "article %s claims: taking %s waiting articles along", article_id, len(claimed) - 1
        )
    results = {result.article_id: result for result in _extract_claimed(claimed, stop_on=stop_on)}
    if claimed:  # the first is our own: the backlog is only taken along with it
        own = results.pop(article_id)
    return BacklogResult(own=own, others=list(results.values()))


def _claim_backlog(*, exclude: int, limit: int, max_bytes: int) -> list[_Claimed]:
    """Take up to `limit` fetched articles (oldest first, `max_bytes` of text in all at
    most) with one UPDATE; rows another worker is taking are skipped, not waited for."""
    now = timezone.now()
    table = Article._meta.db_table
    # octet_length reads a text's size (uncompressed, in bytes) from its stored header: a
    # large text is not decompressed to measure it.
    sql = (
        f"WITH waiting AS (SELECT id, octet_length(text) AS size FROM {table} "  # noqa: S608
        "WHERE state = %s AND failure_message = '' AND id <> %s "
        "ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED), "
        "running AS (SELECT id, SUM(size) OVER (ORDER BY id) AS total FROM waiting) "
        f"UPDATE {table} a SET state = %s, claimed_at = %s, updated_at = %s, "
        "claims_attempts = a.claims_attempts + 1 "
        "FROM running WHERE a.id = running.id AND running.total <= %s RETURNING a.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [State.FETCHED, exclude, limit, State.EXTRACTING, now, now, max_bytes])
        ids = sorted(row[0] for row in cursor.fetchall())
    if not ids:
        return []
    articles = (
        Article.objects.select_related("publisher")
        .defer("raw_html_compressed")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    return [(article, now, State.FETCHED) for article in articles]


def _extract_claimed(
    claimed: list[_Claimed],
    *,
    extractor: Extractor | None = None,
    stop_on: tuple[type[BaseException], ...] = (),
) -> Iterable[ExtractionOutcome | ExtractionFailedError]:
    """Extract the articles this worker holds: NLP for all of them in one batch, then their
    writes; one outcome or error each. When the batch's NLP fails, each article is tried
    alone, so one article that breaks the extractor fails alone. An error of a `stop_on`
    class (the task's time limit) fails every article not done yet at once: no time is left
    to try them one by one."""
    batch: list[_Claimed] = []
    for article, claimed_at, previous in sorted(claimed, key=lambda item: item[0].pk):
        try:
            prepared = _prepare(article, claimed_at)
        except Exception as exc:
            yield _failed(article, claimed_at, previous, "checking the article", exc)
            continue
        if prepared is not None:
            yield prepared
            continue
        logger.info("article %s claims: extracting (%s characters)", article.pk, len(article.text))
        batch.append((article, claimed_at, previous))
    if not batch:
        return
    results: list[list[ClaimCandidate]] | None = None
    error: Exception | None = None
    try:
        results = _candidates([article for article, _, _ in batch], extractor)
    except Exception as exc:
        error = exc
        if len(batch) > 1 and not isinstance(exc, stop_on):
            logger.exception("claims: the extractor failed on a batch; each article alone now")
    extracted: list[tuple[Article, datetime, str, list[ClaimCandidate]]] = []
    for index, (article, claimed_at, previous) in enumerate(batch):
        try:
            if results is not None:
                candidates = results[index]
            elif error is not None and (len(batch) == 1 or isinstance(error, stop_on)):
                raise error
            else:
                candidates = _candidates([article], extractor)[0]
        except Exception as exc:
            yield _failed(article, claimed_at, previous, "the extractor", exc)
            if isinstance(exc, stop_on):
                error = exc
            continue
        extracted.append((article, claimed_at, previous, candidates))
    yield from _persist_all(extracted, stop_on=stop_on)


def _persist_all(
    extracted: list[tuple[Article, datetime, str, list[ClaimCandidate]]],
    *,
    stop_on: tuple[type[BaseException], ...] = (),
) -> Iterable[ExtractionOutcome | ExtractionFailedError]:
    """Write the claims of several articles in one transaction (one lock, one commit, each
    article matched against the claims of those before it, as if committed one by one).
    If anything in it fails, nothing of it is kept and each article is written on its own,
    so the one that failed fails alone (unless the error is of a `stop_on` class: then
    they all fail at once)."""
    if len(extracted) > 1:
        try:
            written = _persist_many([(a, at, candidates) for a, at, _, candidates in extracted])
        except stop_on as exc:
            for article, claimed_at, previous, _ in extracted:
                yield _failed(article, claimed_at, previous, "saving the claims", exc)
            return
        except Exception:
            logger.exception(
                "claims: writing %s articles in one transaction failed; each on its own now",
                len(extracted),
            )
        else:
            for (article, _, _, _), (outcome, left_behind) in zip(extracted, written, strict=True):
                yield _after_persist(article, outcome, left_behind)
            return
    for article, claimed_at, previous, candidates in extracted:
        try:
            yield _persist_or_fail(article, claimed_at, previous, candidates)
        except ExtractionFailedError as exc:
            yield exc


def _prepare(article: Article, claimed_at: datetime) -> ExtractionOutcome | None:
    """Settle the articles there is nothing to extract from; None when extraction goes on."""
    if not language_supported(article.language):
        message = _unsupported_message(article.language)
        _release(
            article.pk,
            claimed_at,
            state=State.UNSUPPORTED,
            failure_kind="",
            failure_message=message,
        )
        logger.info("article %s claims: unsupported language %r", article.pk, article.language)
        return ExtractionOutcome(article.pk, State.UNSUPPORTED, done=True, message=message)
    if not article.text.strip():
        message = "The article has no text to extract claims from."
        _release(
            article.pk,
            claimed_at,
            state=State.FAILED,
            failure_kind=Article.FailureKind.EMPTY,
            failure_message=message,
        )
        logger.info("article %s claims: no text", article.pk)
        return ExtractionOutcome(article.pk, State.FAILED, done=True, message=message)
    return None


def _failed(
    article: Article, claimed_at: datetime, previous: str, step: str, exc: BaseException
) -> ExtractionFailedError:
    article_id = article.pk
    logger.exception("article %s claims: %s failed", article_id, step)
    message = (
        f"Claim extraction failed in {step} ({type(exc).__name__}: {exc}); the article "
        "text is kept and extraction can be run again."
    )
    try:
        _release(
            article_id,
            claimed_at,
            state=previous,
            failure_kind=Article.FailureKind.INTERNAL,
            failure_message=message[:2000],
        )
    except Exception:
        # The database itself is down: the lease runs out and recovery takes it again.
        logger.exception("article %s claims: could not record the failure", article_id)
    return ExtractionFailedError(message, article_id=article_id, attempts=article.claims_attempts)


def _persist_or_fail(
    article: Article, claimed_at: datetime, previous: str, candidates: list[ClaimCandidate]
) -> ExtractionOutcome:
    try:
        outcome, left_behind = _persist(article, claimed_at, candidates)
    except Exception as exc:
        raise _failed(article, claimed_at, previous, "saving the claims", exc) from exc
    return _after_persist(article, outcome, left_behind)


def _after_persist(
    article: Article, outcome: ExtractionOutcome, left_behind: set[int]
) -> ExtractionOutcome:
    """Once the write is committed: sweep the claims it left without mentions, and log."""
    if outcome.done:
        try:
            removed = claims_delete_orphans(claim_ids=left_behind)
        except Exception:
            # Orphans are harmless (no mention points at them) and the next run retries.
            logger.exception("article %s claims: could not remove orphan claims", article.pk)
            removed = 0
        outcome = replace(outcome, claims_removed=removed)
        logger.info(
            "article %s claims: %s mentions, %s new claims, %s matched, %s pinned kept, "
            "%s orphan claims removed -> %s",
            article.pk,
            outcome.mentions,
            outcome.claims_new,
            outcome.claims_matched,
            outcome.pinned_kept,
            outcome.claims_removed,
            outcome.state,
        )
    return outcome


# -- the write -------------------------------------------------------------------------------


@dataclass
class _Existing:
    mention_id: int
    claim_id: int
    start: int
    end: int
    pinned: bool
    cited: bool
    values: tuple[object, ...] = ()  # _MENTION_FIELDS as stored, to skip unchanged rows


@dataclass
class _RunTarget:
    target: Target
    claim: Claim | None  # None until created
    new: bool
    # The claim exists only through this article's machine mentions: re-extraction may
    # rewrite its summary and parts from what the extractor says now.
    owned: bool = False
    candidates: list[ClaimCandidate] = field(default_factory=list)


def lock_claim_writes() -> None:
    """Take, until the end of the transaction, the lock every writer of several claims at
    once takes first: the extraction's write phase (one article, or a batch's whole write)
    and an editor's merge. Their row locks then cannot be taken in crossing orders (a
    deadlock). PostgreSQL only; SQLite has one writer at a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_MATCHING_LOCK_KEY])


def _ids_in(ids: list[Any]) -> tuple[str, list[Any]]:
    """`<column> <this>` with its parameters: one array parameter on PostgreSQL (the query
    text stays the same for any number of ids, so psycopg parses it once per process), a
    list of placeholders elsewhere (SQLite, the embedded shape)."""
    if connection.vendor == "postgresql":
        return "= ANY(%s)", [ids]
    return f"IN ({', '.join(['%s'] * len(ids))})", list(ids)


def _lowered_in(names: list[str]) -> tuple[str, list[Any]]:
    """`LOWER(<column>) <this>`: equal to one of `names` lowered by the database, as
    _ids_in (an array parameter on PostgreSQL); an index on LOWER(<column>) serves it."""
    if connection.vendor == "postgresql":
        return "= ANY(ARRAY(SELECT LOWER(n) FROM unnest(%s::text[]) AS n))", [names]
    return f"IN ({', '.join(['LOWER(%s)'] * len(names))})", list(names)


def _names_asked(names: list[str], *, vendor: str | None = None) -> tuple[str, list[Any]]:
    """`names` as a table `w` of one column, `name`, to join on. `vendor`: the database's,
    by default the connection's."""
    if (vendor or connection.vendor) == "postgresql":
        return "unnest(%s::text[]) AS w(name)", [names]
    # VALUES, not a UNION ALL of SELECTs: SQLite refuses over 500 terms in a compound
    # SELECT, and a batch of articles can name more claimants than that.
    rows = ", ".join(["(%s)"] * len(names))
    return f"(SELECT column1 AS name FROM (VALUES {rows})) AS w", list(names)  # noqa: S608


def _valid_candidates(article: Article, candidates: list[ClaimCandidate]) -> list[ClaimCandidate]:
    """Candidates whose span is inside the text, one per span, in text order."""
    text = article.text
    seen: set[tuple[int, int]] = set()
    valid: list[ClaimCandidate] = []
    for raw in sorted(candidates, key=lambda c: (c.start, c.end)):
        candidate = raw
        span = (candidate.start, candidate.end)
        if not 0 <= candidate.start < candidate.end <= len(text) or span in seen:
            logger.warning(
                "article %s claims: dropped a candidate with span %s (text has %s characters)",
                article.pk,
                span,
                len(text),
            )
            continue
        if text[candidate.start : candidate.end] != candidate.quote:
            # The offsets are the contract (they locate the quote for readers); trust them.
            logger.warning(
                "article %s claims: quote at %s differs from the text; using the text",
                article.pk,
                span,
            )
            candidate = replace(candidate, quote=text[candidate.start : candidate.end])
        seen.add(span)
        valid.append(candidate)
    return valid


def _editorial_work_lookups() -> list[tuple[str, str, str]]:
    """Where a claim's editorial work lives: (table, column naming the claim, a boolean
    column that must also be true, or "")."""
    return [
        (StatusChange._meta.db_table, "claim_id", ""),
        (EditorialEvent._meta.db_table, "claim_id", ""),
        (Claim._meta.db_table, "merged_into_id", ""),
        (Mention._meta.db_table, "claim_id", "pinned_by_editor"),
    ]


def _editorial_claim_ids(claims: Iterable[Claim]) -> set[int]:
    """Which of these (loaded) claims carry an editor's work: the same test as
    _editorial_q, as one cheap UNION of indexed lookups instead of an OR of subqueries."""
    loaded = list(claims)
    ids = [claim.pk for claim in loaded]
    if not ids:
        return set()
    found = {
        claim.pk
        for claim in loaded
        if claim.summary_edited
        or claim.merged_into_id is not None
        or claim.status != Claim.Status.UNVERIFIED
    }
    # Plain SQL: building this UNION through the ORM cost more Python than the query took
    # on the server. On PostgreSQL one array parameter keeps the text constant (psycopg
    # parses it once per process); SQLite, the embedded shape, gets a list of placeholders.
    if connection.vendor == "postgresql":
        within, params = "= ANY(%s)", [ids] * 4
    else:
        within, params = f"IN ({', '.join(['%s'] * len(ids))})", [*ids] * 4  # type: ignore[list-item]
    # Only model table names and placeholders are interpolated; the ids are parameters.
    sql = " UNION ".join(
        f"SELECT {column} FROM {table} WHERE {column} {within}"  # noqa: S608
        + (f" AND {flag}" if flag else "")
        for table, column, flag in _editorial_work_lookups()
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found.update(pk for (pk,) in cursor.fetchall())
    return found


def _editorial_q() -> Q:
    """Claims carrying an editor's work: never deleted, never rewritten by the machine."""
    return (
        Q(summary_edited=True)
        | Q(merged_into__isnull=False)
        | ~Q(status=Claim.Status.UNVERIFIED)
        | Q(Exists(StatusChange.objects.filter(claim=OuterRef("pk"))))
        | Q(Exists(EditorialEvent.objects.filter(claim=OuterRef("pk"))))
        | Q(Exists(Claim.objects.filter(merged_into=OuterRef("pk"))))
        | Q(Exists(Mention.objects.filter(claim=OuterRef("pk"), pinned_by_editor=True)))
    )


def _surviving(claim_ids: Iterable[int]) -> dict[int, int]:
    """Each claim id -> the claim that survives it (itself, or the end of merged_into)."""
    ids = list(claim_ids)
    result: dict[int, int] = {}
    pending = set(ids)
    parent: dict[int, int | None] = {}
    for _ in range(20):  # merges chain rarely; the bound guards against a cycle
        missing = [pk for pk in pending if pk not in parent]
        if not missing:
            break
        for pk, merged_into in Claim.objects.filter(pk__in=missing).values_list(
            "pk", "merged_into_id"
        ):
            parent[pk] = merged_into
            if merged_into is not None:
                pending.add(merged_into)
    for pk in ids:
        current: int | None = pk
        for _ in range(20):
            if current is None or parent.get(current) is None:
                break
            current = parent[current]
        if current is not None and current in parent:
            result[pk] = current
    return result


def _editorial_work_sql(claim: str) -> str:
    """Whether claim row `claim` has editorial work in other tables, as one boolean column:
    the lookups of _editorial_claim_ids, each an index probe per claim. Written as scalar
    subqueries with LIMIT 1 rather than EXISTS: without statistics the planner turned each
    EXISTS into a hash of its whole table (every claim, every mention), read per query."""
    exists = " OR ".join(
        f"(SELECT 1 FROM {table} w WHERE w.{column} = {claim}.id"  # noqa: S608
        + (f" AND w.{flag}" if flag else "")
        + " LIMIT 1) IS NOT NULL"
        for table, column, flag in _editorial_work_lookups()
    )
    return f"({exists})"


def _claims_by_id(
    ids: list[int], *, unmerged: bool = False, lock: bool = False, editorial: bool = False
) -> list[Claim]:
    """Claims by id as the ORM would load them: `unmerged` leaves out merged ones in the
    model's order, `lock` takes their row locks in id order (select_for_update). Plain SQL:
    it runs once or twice per article, and compiling the ORM query cost more than running it.

    `editorial` also reads, in the same statement, whether each has editorial work in other
    tables (`claim.editorial_work`; see _editorial_ids_loaded): one query less per article.
    Not with `lock`: a read in the locking statement is from before any wait for the lock,
    and _recheck_under_lock must see what an editor committed meanwhile."""
    assert not (lock and editorial)
    within, params = _ids_in(ids)
    if lock:
        order = " ORDER BY id"
        if connection.features.has_select_for_update:
            order += " FOR UPDATE"
    else:
        # Claim's Meta.ordering, NULLs placed by each database as the ORM query leaves them.
        order = " ORDER BY first_reported DESC, id DESC"
    table = Claim._meta.db_table
    columns = f"c.*, {_editorial_work_sql('c')} AS editorial_work" if editorial else "c.*"
    sql = f"SELECT {columns} FROM {table} c WHERE id {within}{order}"  # noqa: S608
    claims = list(Claim.objects.raw(sql, params))
    # Merged claims are left out here, not in SQL: a condition "merged_into_id IS NULL"
    # let the planner read every live claim through an index of live claims instead of
    # these few by id, whenever it had no statistics to tell that nearly all are live.
    return [c for c in claims if c.merged_into_id is None] if unmerged else claims


def _editorial_ids_loaded(claims: Iterable[Claim]) -> set[int]:
    """_editorial_claim_ids for claims loaded with `editorial=True`: no query."""
    return {
        claim.pk
        for claim in claims
        if claim.summary_edited
        or claim.merged_into_id is not None
        or claim.status != Claim.Status.UNVERIFIED
        or claim.editorial_work  # type: ignore[attr-defined]
    }


def _parts_of(values: dict[str, Any]) -> Parts:
    """A stored claim's Parts from its field values (by attname)."""
    place, geonameid = values["place"], values["place_geonameid"]
    return Parts(
        actor=values["actor"],
        action=values["action"],
        place=place,
        place_geonameid=geonameid,
        place_country=values["place_country"],
        place_is_country=bool(place) and matching.place_is_country(name=place, geonameid=geonameid),
        unit=values["unit"],
        quantity=values["quantity"],
        quantity_max=values["quantity_max"],
        quantity_qualifier=values["quantity_qualifier"],
        event_date=values["event_date"],
        event_date_precision=values["event_date_precision"],
        reported=values["first_reported"],
    )


# What matching reads of a stored claim: every column but its search document (large, and
# never needed here). A Claim built from them has that one field deferred.
_STORED_FIELDS = [f for f in Claim._meta.concrete_fields if f.name != "search_vector"]


@dataclass
class _Stored:
    """A live stored claim as matching reads it: its field values (by attname, as the ORM
    loads them), whether it carries editorial work, and the wordings of its mentions other
    than this article's machine mentions (in Mention's order). The Claim model object is
    built only for the claims a candidate joins."""

    values: dict[str, Any]
    editorial: bool
    wordings: list[str]
    loaded: Claim | None = None

    def claim(self) -> Claim:
        if self.loaded is None:
            names, values = list(self.values), list(self.values.values())
            self.loaded = Claim.from_db(connection.alias, names, values)
        return self.loaded


def _stored_claims(ids: list[int], *, article_id: int) -> dict[int, _Stored]:
    """The live claims among `ids`, with their editorial work and other wordings."""
    if connection.vendor != "postgresql":
        return _stored_claims_orm(ids, article_id=article_id)
    # One statement on PostgreSQL: the claims, whether each has editorial work, and the
    # wordings of its mentions, each lookup a probe of an index by claim. As two statements
    # (the claims as model objects, then their mentions) it cost a round trip more, a Claim
    # object per claim in the pool, and a read of the whole mentions table whenever the
    # planner had no statistics for it (always, in a table the benchmark empties).
    quote = connection.ops.quote_name
    columns = ", ".join(f"c.{quote(f.column)}" for f in _STORED_FIELDS)
    mention = Mention._meta.db_table
    within, params = _ids_in(ids)
    # Only model table and column names are interpolated; ids are parameters.
    sql = (
        f"SELECT {columns}, {_editorial_work_sql('c')}, "  # noqa: S608
        f"ARRAY(SELECT COALESCE(NULLIF(w.content, ''), w.quote) FROM {mention} w "
        "WHERE w.claim_id = c.id AND (w.article_id <> %s OR w.pinned_by_editor) "
        "ORDER BY w.article_id, w.start) "
        f"FROM {Claim._meta.db_table} c WHERE c.id {within} ORDER BY c.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [article_id, *params])
        rows = cursor.fetchall()
    names = [f.attname for f in _STORED_FIELDS]
    stored: dict[int, _Stored] = {}
    for *row, editorial_work, wordings in rows:
        values = dict(zip(names, row, strict=True))
        if values["merged_into_id"] is not None:
            continue
        editorial = bool(
            values["summary_edited"]
            or values["status"] != Claim.Status.UNVERIFIED
            or editorial_work
        )
        stored[values["id"]] = _Stored(values, editorial, wordings)
    return stored


def _stored_claims_orm(ids: list[int], *, article_id: int) -> dict[int, _Stored]:
    """_stored_claims elsewhere (SQLite): the claims as model objects, then their mentions."""
    claims = {claim.pk: claim for claim in _claims_by_id(ids, unmerged=True, editorial=True)}
    editorial = _editorial_ids_loaded(claims.values())
    wordings: dict[int, list[str]] = {pk: [] for pk in claims}
    within, params = _ids_in(list(claims))
    sql = (
        "SELECT claim_id, article_id, pinned_by_editor, content, quote "  # noqa: S608
        f"FROM {Mention._meta.db_table} WHERE claim_id {within} ORDER BY article_id, start"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for claim_id, mention_article, pinned, content, quote in rows:
        if mention_article == article_id and not pinned:
            continue
        wordings[claim_id].append(content or quote)
    return {
        pk: _Stored(
            {f.attname: getattr(claim, f.attname) for f in _STORED_FIELDS},
            pk in editorial,
            wordings[pk],
            loaded=claim,
        )
        for pk, claim in claims.items()
    }


def _load_targets(
    claim_ids: Iterable[int], *, article_id: int
) -> tuple[dict[int, Target], dict[int, _Stored], set[int]]:
    """Stored claims as matching targets; their wordings exclude this article's machine
    mentions, which this run replaces. Also returns the ids only this article supports."""
    ids = sorted(set(claim_ids))
    if not ids:
        return {}, {}, set()
    stored = _stored_claims(ids, article_id=article_id)
    targets: dict[int, Target] = {}
    for pk, claim in stored.items():
        values = claim.values
        names = (values["actor"], values["place"])
        keys = matching.decode_keys(values["match_keys"])
        # The participants its mentions named live on in its keys (mentions keep no list).
        known = matching.entities_in_keys(keys)
        profiles = [
            matching.with_entities(matching.stored_profile(text, names), known)
            for text in claim.wordings or [values["summary"]]
        ]
        targets[pk] = Target(
            claim_id=pk,
            parts=_parts_of(values),
            profiles=profiles,
            keys=keys,
            editorial=claim.editorial,
        )
    # Supported elsewhere: it has a wording besides this article's machine mentions.
    only_here = {pk for pk, claim in stored.items() if not claim.wordings and not claim.editorial}
    return targets, stored, only_here


_Prepared = tuple[ClaimCandidate, Parts, Profile]


def _persist(
    article: Article, claimed_at: datetime, raw_candidates: list[ClaimCandidate]
) -> tuple[ExtractionOutcome, set[int]]:
    """Write one article's mentions and claims in one transaction; also returns the claims
    it may have left without any mention (the orphan sweep's candidates)."""
    return _persist_many([(article, claimed_at, raw_candidates)])[0]


def _persist_many(
    items: list[tuple[Article, datetime, list[ClaimCandidate]]],
) -> list[tuple[ExtractionOutcome, set[int]]]:
    """`_persist` for several articles in one transaction: the job checks, the stored
    mentions and the claimant Sources of all of them in one statement each, then each
    article's matching and writes in turn (each sees the claims of those before it)."""
    # The candidates' parts and profiles are worked out before the lock is taken.
    prepared = [(article, at, _prepared(article, raw)) for article, at, raw in items]
    with transaction.atomic():
        lock_claim_writes()
        return _persist_held(prepared)


def _prepared(article: Article, raw_candidates: list[ClaimCandidate]) -> list[_Prepared]:
    published = article.published_at.date() if article.published_at else None
    return [
        (c, matching.candidate_parts(c, published=published), matching.candidate_profile(c))
        for c in _valid_candidates(article, raw_candidates)
    ]


def _persist_held(
    items: list[tuple[Article, datetime, list[_Prepared]]],
) -> list[tuple[ExtractionOutcome, set[int]]]:
    """The write of `_persist_many`, inside the transaction that holds the lock."""
    now = timezone.now()
    # Finishing the jobs first is also the check that they are still ours: the UPDATE
    # matches only our leases, and holds the rows locked until the writes below commit.
    ours = _finish([(article.pk, claimed_at) for article, claimed_at, _ in items], now=now)
    existing = _existing_mentions_many(
        [article.pk for article, _, _ in items if article.pk in ours]
    )
    kept = {
        article.pk: _outside_pinned(prepared, existing[article.pk])
        for article, _, prepared in items
        if article.pk in ours
    }
    sources = _SourceCache()
    sources.prefetch(
        candidate.claimant
        for article_kept in kept.values()
        for candidate, _, _ in article_kept
        if candidate.claimant is not None
    )
    return [
        _write_article(article, kept[article.pk], existing[article.pk], sources, now=now)
        if article.pk in ours
        else (_dropped(article.pk), set())
        for article, _, _ in items
    ]


def _finish(jobs: list[tuple[int, datetime]], *, now: datetime) -> set[int]:
    """Mark extracted the articles whose job (id, lease) is still ours; returns their ids.
    The rows stay locked until the transaction ends."""
    if connection.vendor != "postgresql":
        done: set[int] = set()
        for article_id, claimed_at in jobs:
            changed = Article.objects.filter(
                pk=article_id, state=State.EXTRACTING, claimed_at=claimed_at
            ).update(
                state=State.EXTRACTED,
                claimed_at=None,
                failure_kind="",
                failure_message="",
                updated_at=now,
                claims_attempts=0,
            )
            if changed == 1:
                done.add(article_id)
        return done
    table = Article._meta.db_table
    sql = (
        f"UPDATE {table} a SET state = %s, claimed_at = NULL, failure_kind = '', "  # noqa: S608
        "failure_message = '', updated_at = %s, claims_attempts = 0 "
        "FROM UNNEST(%s::bigint[], %s::timestamptz[]) AS job(id, claimed_at) "
        "WHERE a.id = job.id AND a.claimed_at = job.claimed_at AND a.state = %s "
        "RETURNING a.id"
    )
    ids, leases = [article_id for article_id, _ in jobs], [lease for _, lease in jobs]
    with connection.cursor() as cursor:
        cursor.execute(sql, [State.EXTRACTED, now, ids, leases, State.EXTRACTING])
        return {row[0] for row in cursor.fetchall()}


def _dropped(article_id: int) -> ExtractionOutcome:
    # Our lease ran out and another worker took the job: its result stands.
    logger.warning("article %s claims: result dropped, the job was taken over", article_id)
    current = Article.objects.filter(pk=article_id).values_list("state", flat=True).first()
    return ExtractionOutcome(
        article_id,
        current or "",
        done=False,
        message="The job was taken over by another worker; its result stands.",
    )


def _outside_pinned(prepared: list[_Prepared], existing: list[_Existing]) -> list[_Prepared]:
    """The candidates an editor's pinned mentions leave to the machine: where an editor
    pinned how a stretch of text maps to claims, it is left to them."""
    pinned = [m for m in existing if m.pinned]
    if not pinned:
        return prepared
    return [
        item
        for item in prepared
        if not any(item[0].start < p.end and p.start < item[0].end for p in pinned)
    ]


def _write_article(
    article: Article,
    prepared: list[_Prepared],
    existing: list[_Existing],
    sources: _SourceCache,
    *,
    now: datetime,
) -> tuple[ExtractionOutcome, set[int]]:
    """Match one article's candidates and write its claims and mentions; also returns the
    claims it may have left without any mention (the orphan sweep's candidates)."""
    pinned = [m for m in existing if m.pinned]
    machine_by_span = {(m.start, m.end): m for m in existing if not m.pinned}
    survivor = _surviving(m.claim_id for m in machine_by_span.values())
    runs, assignments, editorial = _match(article.pk, prepared, machine_by_span, survivor)
    found_spans = {(c.start, c.end) for c, _ in assignments}

    published = article.published_at.date() if article.published_at else None
    new_claims = _save_claims(runs, now=now, published=published)
    if connection.vendor == "postgresql":
        # The new claims' ids are taken from their sequence and their rows inserted
        # after their mentions (the foreign key is checked at commit): the claim's
        # insert trigger then builds its full-text document once, from its mentions.
        # Inserted first, the mentions' trigger would build it again and write every
        # new claim row twice, with all its index entries.
        _take_claim_ids(new_claims)
        _write_mentions(article.pk, assignments, machine_by_span, sources)
        Claim.objects.bulk_create(new_claims)
    else:
        Claim.objects.bulk_create(new_claims)
        _write_mentions(article.pk, assignments, machine_by_span, sources)
    touched = {run.claim.pk for run in runs if run.claim is not None}
    # _save_claims may have found more editorial claims under its lock.
    editorial |= {run.claim.pk for run in runs if run.claim and run.target.editorial}
    stored = {run.claim.pk for run in runs if run.claim is not None and not run.new}
    _update_first_reported(stored, editorial=editorial)
    # Machine mentions not found again but cited as evidence stay (see _write_mentions).
    kept_cited = [m for span, m in machine_by_span.items() if m.cited and span not in found_spans]
    mentions = len(assignments) + len(kept_cited)
    outcome = ExtractionOutcome(
        article.pk,
        State.EXTRACTED,
        done=True,
        mentions=mentions,
        claims_new=sum(1 for run in runs if run.new),
        claims_matched=sum(1 for run in runs if not run.new),
        pinned_kept=len(pinned),
    )
    left_behind = {m.claim_id for m in machine_by_span.values()} | set(survivor.values())
    return outcome, left_behind - touched


def _existing_mentions_many(article_ids: list[int]) -> dict[int, list[_Existing]]:
    """The stored mentions of each of these articles, in text order."""
    found: dict[int, list[_Existing]] = {article_id: [] for article_id in article_ids}
    if not article_ids:
        return found
    rows: Iterable[tuple[Any, ...]]
    if connection.vendor == "postgresql":
        rows = _existing_mention_rows(article_ids)
    else:
        stored = [_field_column(name) for name in _MENTION_FIELDS]
        rows = (
            Mention.objects.filter(article_id__in=article_ids)
            .annotate(cited=Exists(StatusChange.objects.filter(evidence_mention=OuterRef("pk"))))
            .order_by("article_id", "start")
            .values_list(
                "article_id", "pk", "claim_id", "start", "end", "pinned_by_editor", "cited", *stored
            )
        )
    for article_id, pk, claim_id, start, end, pinned, cited, *stored_values in rows:
        found[article_id].append(
            _Existing(pk, claim_id, start, end, pinned, cited, tuple(stored_values))
        )
    return found


def _existing_mention_rows(article_ids: list[int]) -> list[tuple[Any, ...]]:
    """The ORM query of _existing_mentions_many as plain SQL on PostgreSQL, the same columns
    and values: it runs for every article, and compiling the ORM query cost more than
    running it (a first extraction finds no row at all)."""
    mention, cited = Mention._meta, StatusChange._meta
    column = {f.name: f.column for f in [*mention.concrete_fields, *cited.concrete_fields]}
    columns = ", ".join(f'm."{column[name]}"' for name in _MENTION_FIELDS)
    evidence = column["evidence_mention"]
    within, params = _ids_in(article_ids)
    # Only model table and column names are interpolated; the article ids are a parameter.
    sql = (
        'SELECT m.article_id, m.id, m.claim_id, m.start, m."end", m.pinned_by_editor, '  # noqa: S608
        f"EXISTS (SELECT 1 FROM {cited.db_table} s WHERE s.{evidence} = m.id), {columns} "
        f"FROM {mention.db_table} m WHERE m.article_id {within} ORDER BY m.article_id, m.start"
    )
    chain = 7 + _MENTION_FIELDS.index("chain")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    # Django reads jsonb as text and decodes it in the field; do the same.
    return [(*row[:chain], json.loads(row[chain]), *row[chain + 1 :]) for row in rows]


def _field_column(name: str) -> str:
    # values_list names foreign keys by their column ("claim_id"), as _mention_values does.
    return f"{name}_id" if name in _MENTION_FOREIGN_KEYS else name


def _mention_values(mention: Mention) -> tuple[object, ...]:
    return tuple(getattr(mention, _field_column(name)) for name in _MENTION_FIELDS)


def _match(
    article_id: int,
    prepared: list[_Prepared],
    machine_by_span: dict[tuple[int, int], _Existing],
    survivor: dict[int, int],
) -> tuple[list[_RunTarget], list[tuple[ClaimCandidate, _RunTarget]], set[int]]:
    """Decide each candidate's claim: the same span's claim as last time when it still
    fits, else the best-matching stored or new claim, else a new one."""
    wanted_keys: set[str] = set()
    for _, parts, profile in prepared:
        wanted_keys |= matching.match_keys(parts, profile)
    pool_ids = set(matching.claim_ids_sharing_keys(wanted_keys)) | set(survivor.values())
    targets, claims, only_here = _load_targets(pool_ids, article_id=article_id)

    runs: dict[int, _RunTarget] = {}  # by id(Target)
    order: list[Target] = sorted(targets.values(), key=lambda t: t.claim_id or 0)
    assignments: list[tuple[ClaimCandidate, _RunTarget]] = []
    for candidate, parts, profile in prepared:
        target: Target | None = None
        old = machine_by_span.get((candidate.start, candidate.end))
        if old is not None:
            # Same span as last time: keep its claim (stable ids), unless what the
            # extractor says now contradicts it.
            hinted = targets.get(survivor.get(old.claim_id, -1))
            if hinted is not None and hinted.score(parts, profile) is not None:
                target = hinted
        if target is None:
            target = matching.best_target(parts, profile, order)
        if target is None:
            target = Target(claim_id=None, parts=replace(parts), profiles=[])
            order.append(target)
        run = runs.get(id(target))
        if run is None:
            claim_id = target.claim_id
            run = _RunTarget(
                target=target,
                claim=claims[claim_id].claim() if claim_id is not None else None,
                new=claim_id is None,
                owned=claim_id in only_here,
            )
            runs[id(target)] = run
        _absorb(run, candidate, parts, profile)
        assignments.append((candidate, run))
    editorial = {pk for pk, target in targets.items() if target.editorial}
    return list(runs.values()), assignments, editorial


def _write_mentions(
    article_id: int,
    assignments: list[tuple[ClaimCandidate, _RunTarget]],
    machine_by_span: dict[tuple[int, int], _Existing],
    sources: _SourceCache,
) -> None:
    """Update in place the machine mentions found again (their ids, which verdicts may cite,
    stay), create the new ones, delete those not found again unless cited as evidence.
    `sources` already holds every claimant of `assignments` (_persist_held looked them all
    up at once)."""
    kept_spans: set[tuple[int, int]] = set()
    to_update: list[Mention] = []
    to_create: list[Mention] = []
    for candidate, run in assignments:
        assert run.claim is not None
        span = (candidate.start, candidate.end)
        kept_spans.add(span)
        mention = _mention_from(candidate, run.claim, article_id, sources)
        old = machine_by_span.get(span)
        if old is None:
            to_create.append(mention)
        elif _mention_values(mention) != old.values:
            # Found again but said differently now; unchanged rows are not written at all.
            mention.pk = old.mention_id
            to_update.append(mention)
    stale = [
        m.mention_id
        for span, m in machine_by_span.items()
        if span not in kept_spans and not m.cited
    ]
    if stale:
        Mention.objects.filter(pk__in=stale).delete()
    if to_update:
        Mention.objects.bulk_update(to_update, _MENTION_FIELDS)
    if to_create:
        Mention.objects.bulk_create(to_create)


def _absorb(run: _RunTarget, candidate: ClaimCandidate, parts: Parts, profile: Profile) -> None:
    """Let the claim learn from one more wording: keys always, parts only when allowed."""
    target = run.target
    target.profiles.append(profile)
    target.keys |= matching.match_keys(parts, profile)
    run.candidates.append(candidate)
    if target.editorial:
        return
    if run.owned and len(run.candidates) == 1:
        # The claim exists only because of this article: what the extractor says now wins.
        target.parts = replace(parts)
        return
    own = target.parts
    # Fill what the claim does not say yet; never overwrite what it does.
    if not own.actor:
        own.actor = parts.actor
    if not own.action:
        own.action = parts.action
    if not own.place and parts.place:
        own.place, own.place_geonameid = parts.place, parts.place_geonameid
        own.place_country, own.place_is_country = parts.place_country, parts.place_is_country
    if own.quantity is None and parts.quantity is not None:
        own.quantity, own.quantity_max = parts.quantity, parts.quantity_max
        own.quantity_qualifier = parts.quantity_qualifier
        own.unit = own.unit or parts.unit
    if not own.unit:
        own.unit = parts.unit
    if own.event_date is None and parts.event_date is not None:
        own.event_date, own.event_date_precision = parts.event_date, parts.event_date_precision
    if parts.reported and (own.reported is None or parts.reported < own.reported):
        own.reported = parts.reported  # first reported: the earliest wording's date


_PRONOUNS = frozenset({"it", "he", "she", "they", "we", "i", "you", "this", "that"})


def _best_worded(candidates: list[ClaimCandidate]) -> ClaimCandidate:
    """The wording that titles a claim: the most informative of its candidates, the first
    of equals (deterministic)."""
    return min(enumerate(candidates), key=lambda pair: (_wording_rank(pair[1]), pair[0]))[1]


def _wording_rank(candidate: ClaimCandidate) -> tuple[int, ...]:
    """Lower is better: a structured summary ("~3,000 X troops → Y"); a claim of its own
    over one that only names an earlier one; a named claimant (or the outlet itself) over
    a common noun ("the regime") over a pronoun ("It noted that …"); then what the summary
    text itself says (`_summary_rank`)."""
    claimant = candidate.claimant
    words = claimant.text.split() if claimant is not None else []
    if claimant is None:
        who = 1
    elif not words:
        who = 0  # the publisher's own statement
    elif words[0].casefold() in _PRONOUNS:
        who = 2
    elif any(w[:1].isupper() for w in words[1:]) or words[0].casefold() not in ("the", "a", "an"):
        who = 0
    else:
        who = 1
    summary = _summary_of(candidate)
    structured, cut = _summary_rank(summary)
    fragment = int(structured and len(summary.split()) < 5)
    return (structured, int(candidate.refers_to is not None), who, cut, fragment)


def _summary_rank(summary: str) -> tuple[int, int]:
    """What a summary's text alone says of it, lower is better: structured ("~3,000 X troops →
    Y"), not cut short ("…"). A stored summary gives way only to one better by this."""
    return (0 if " → " in summary else 1, 1 if summary.endswith("…") else 0)


def _summary_of(candidate: ClaimCandidate) -> str:
    summary = " ".join((candidate.summary or candidate.content or candidate.quote).split())
    return summary[:_MAX_SUMMARY]


def _quantity(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    try:
        rounded = Decimal(value).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        return None
    return rounded if abs(rounded) < _MAX_QUANTITY else None


_CLAIM_PART_FIELDS = [
    "actor",
    "action",
    "place",
    "place_geonameid",
    "place_country",
    "unit",
    "quantity",
    "quantity_max",
    "quantity_qualifier",
    "event_date",
    "event_date_precision",
]


def _apply_parts(claim: Claim, parts: Parts) -> None:
    claim.actor = parts.actor[:200]
    claim.action = parts.action[:200]
    claim.place = parts.place[:200]
    claim.place_geonameid = parts.place_geonameid
    claim.place_country = parts.place_country[:2]
    claim.unit = parts.unit[:100]
    claim.quantity = _quantity(parts.quantity)
    claim.quantity_max = _quantity(parts.quantity_max)
    claim.quantity_qualifier = parts.quantity_qualifier if claim.quantity is not None else ""
    claim.event_date = parts.event_date
    claim.event_date_precision = parts.event_date_precision if parts.event_date else ""


def _earliest(candidates: list[ClaimCandidate], published: date | None) -> date | None:
    dates = [c.stated_on.value for c in candidates if c.stated_on is not None]
    if published is not None:
        dates.append(published)
    return min(dates) if dates else None


def _take_claim_ids(claims: list[Claim]) -> None:
    """Give unsaved claims ids from the claims table's own sequence (PostgreSQL), in order."""
    if not claims:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Claim._meta.db_table, len(claims)],
        )
        ids = sorted(row[0] for row in cursor.fetchall())
    for claim, pk in zip(claims, ids, strict=True):
        claim.pk = pk


def _save_claims(runs: list[_RunTarget], *, now: datetime, published: date | None) -> list[Claim]:
    """Update the stored claims of `runs`; returns the new ones, built but not inserted."""
    existing = [run for run in runs if not run.new]
    _recheck_under_lock(existing)
    new_claims: list[Claim] = []
    machine: list[Claim] = []
    editorial: list[Claim] = []
    for run in runs:
        target = run.target
        if run.new:
            claim = Claim(summary=_summary_of(_best_worded(run.candidates)))
            _apply_parts(claim, target.parts)
            # All its mentions are in this article: no query needed for when it was first said.
            claim.first_reported = _earliest(run.candidates, published)
            claim.match_keys = matching.encode_keys(target.keys)
            run.claim = claim
            new_claims.append(claim)
            continue
        assert run.claim is not None
        claim = run.claim
        before = _claim_values(claim)
        claim.match_keys = matching.encode_keys(target.keys)
        if not target.editorial:
            _apply_parts(claim, target.parts)
            best = _summary_of(_best_worded(run.candidates))
            if run.owned or _summary_rank(best) < _summary_rank(claim.summary):
                # Its own article says it best now, or this one says it clearly better.
                claim.summary = best
        if _claim_values(claim) == before:
            continue  # re-extraction that changes nothing writes nothing
        claim.updated_at = now
        (editorial if target.editorial else machine).append(claim)
    _update_claims(machine, [*_CLAIM_PART_FIELDS, "summary", "match_keys", "updated_at"])
    # Only our bookkeeping: an editor may be editing the summary this very moment.
    _update_claims(editorial, ["match_keys", "updated_at"])
    return new_claims


def _update_claims(claims: list[Claim], fields: list[str]) -> None:
    """Write `fields` of these claims (the few of one article), one UPDATE each, in id order.
    Not bulk_update: its CASE per field and claim cost ~2.7 ms of Python for one claim of
    14 fields, a plain UPDATE ~0.3 ms. Like bulk_update, it writes the values as they are
    (auto_now fields included) and sends no signal."""
    for claim in sorted(claims, key=lambda c: c.pk):
        Claim.objects.filter(pk=claim.pk).update(**{name: getattr(claim, name) for name in fields})


def _claim_values(claim: Claim) -> tuple[object, ...]:
    return tuple(getattr(claim, name) for name in [*_CLAIM_PART_FIELDS, "summary", "match_keys"])


def _recheck_under_lock(runs: list[_RunTarget]) -> None:
    """Lock the stored claims we are about to change and look again: an editor (who does
    not take the matching lock) may have given a verdict, edited or merged one since we
    read it. A claim merged meanwhile hands its mentions to the claim it was merged into."""
    if not runs:
        return
    ids = sorted({run.claim.pk for run in runs if run.claim is not None})
    fresh = {claim.pk: claim for claim in _claims_by_id(ids, lock=True)}
    editorial_now = _editorial_claim_ids(fresh.values())
    merged = {pk: claim.merged_into_id for pk, claim in fresh.items() if claim.merged_into_id}
    survivors = _surviving(merged) if merged else {}
    for run in runs:
        assert run.claim is not None
        pk = run.claim.pk
        if pk in merged and survivors.get(pk) is not None:
            logger.info(
                "claim %s was merged meanwhile: its new mentions go to %s", pk, survivors[pk]
            )
            run.claim = Claim.objects.select_for_update().get(pk=survivors[pk])
            run.target.editorial = True
        elif pk in fresh:
            run.claim = fresh[pk]
            if pk in editorial_now:
                run.target.editorial = True


def _update_first_reported(claim_ids: set[int], *, editorial: set[int]) -> None:
    """Earliest date any mention was stated or published; an editor's claim only moves earlier."""
    if not claim_ids:
        return
    changed: list[Claim] = []
    for pk, first_reported, stated, published in _first_reported_rows(sorted(claim_ids)):
        dates = [d for d in (stated, published) if d is not None]
        earliest: date | None = min(dates) if dates else None
        if (
            pk in editorial
            and first_reported is not None
            and (earliest is None or earliest >= first_reported)
        ):
            continue
        if earliest != first_reported:
            changed.append(Claim(pk=pk, first_reported=earliest))
    _update_claims(changed, ["first_reported"])


def _first_reported_rows(
    claim_ids: list[int],
) -> list[tuple[int, date | None, date | None, date | None]]:
    """(id, first_reported, earliest stated_on, earliest publication day) of each claim."""
    if connection.vendor != "postgresql":
        rows = Claim.objects.filter(pk__in=claim_ids).annotate(
            stated=Min("mentions__stated_on"),
            published=Min(TruncDate("mentions__article__published_at")),
        )
        return list(rows.values_list("pk", "first_reported", "stated", "published"))
    # Plain SQL on PostgreSQL, the query the ORM builds above: it runs for most articles,
    # and compiling it cost more than running it. The day is taken in the current time
    # zone, as TruncDate does.
    within, params = _ids_in(claim_ids)
    sql = (
        "SELECT c.id, c.first_reported, MIN(m.stated_on), "  # noqa: S608
        "MIN((a.published_at AT TIME ZONE %s)::date) "
        f"FROM {Claim._meta.db_table} c "
        f"LEFT JOIN {Mention._meta.db_table} m ON m.claim_id = c.id "
        f"LEFT JOIN {Article._meta.db_table} a ON a.id = m.article_id "
        f"WHERE c.id {within} GROUP BY c.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [timezone.get_current_timezone_name(), *params])
        return cursor.fetchall()


_MENTION_FOREIGN_KEYS = frozenset({"claim", "claimant"})
_MENTION_FIELDS = [
    "claim",
    "quote",
    "content",
    "claimant",
    "claimant_text",
    "chain",
    "cue",
    "stance",
    "hedge",
    "stated_on",
    "stated_on_precision",
]


def _mention_from(
    candidate: ClaimCandidate, claim: Claim, article_id: int, sources: _SourceCache
) -> Mention:
    claimant = candidate.claimant
    stance = candidate.stance if candidate.stance in Mention.Stance.values else "asserts"
    return Mention(
        claim=claim,
        article_id=article_id,
        quote=candidate.quote,
        content=candidate.content,
        start=candidate.start,
        end=candidate.end,
        claimant=sources.for_claimant(claimant) if claimant is not None else None,
        claimant_text=(claimant.text if claimant is not None else "")[:300],
        chain=[str(link) for link in candidate.chain],
        cue=candidate.cue[:200],
        stance=stance,
        hedge=candidate.hedge[:200],
        stated_on=candidate.stated_on.value if candidate.stated_on else None,
        stated_on_precision=candidate.stated_on.precision if candidate.stated_on else "",
        pinned_by_editor=False,
    )


# -- claimants as sources --------------------------------------------------------------------

_SOURCE_KINDS = set(Source.Kind.values)
_LEADING_ARTICLES = ("the ", "a ", "an ")
_NAME_PUNCTUATION = " ,.;:\"'\u201c\u201d\u2018\u2019"


def source_name_normalize(name: str, *, anonymous: bool = False) -> str:
    """ "the  White House" -> "White House"; "an anonymous official" -> "Anonymous official"."""
    clean = " ".join(name.split()).strip(_NAME_PUNCTUATION)
    lowered = clean.lower()
    for article in _LEADING_ARTICLES:
        if lowered.startswith(article) and len(clean) > len(article):
            clean = clean[len(article) :]
            break
    if anonymous and clean:
        clean = clean[0].upper() + clean[1:]
    return clean[:200]


class _SourceCache:
    """Claimants as Sources, for one article or for the articles of one write transaction:
    looked up in one query, the new ones created in one more, each name once."""

    def __init__(self) -> None:
        self._by_name: dict[str, Source] = {}

    @staticmethod
    def _name_and_kind(claimant: Claimant) -> tuple[str, str]:
        kind = claimant.kind if claimant.kind in _SOURCE_KINDS else Source.Kind.OTHER
        anonymous = kind == Source.Kind.ANONYMOUS
        # An anonymous claimant is named by the words used for it ("an anonymous South
        # Korean official"): the same words in another article are the same Source.
        if anonymous and claimant.name == GENERIC_REPORT_NAME:
            # "past reports", "media reports": no one in particular; the words stay on the
            # mention (claimant_text), no Source is made of them.
            return "", kind
        words = claimant.text if anonymous and claimant.text else claimant.name
        return source_name_normalize(words, anonymous=anonymous), kind

    def prefetch(self, claimants: Iterable[Claimant]) -> None:
        wanted: dict[str, tuple[str, str]] = {}
        for claimant in claimants:
            name, kind = self._name_and_kind(claimant)
            if name:
                first = wanted.setdefault(name.lower(), (name, kind))
                if first[1] == Source.Kind.OTHER and kind != Source.Kind.OTHER:
                    # As when each claimant is looked up in turn: the first spelling, the
                    # first kind better than `other` (see _upgrade_kind).
                    wanted[name.lower()] = (first[0], kind)
            affiliation = source_name_normalize(claimant.affiliation)
            if affiliation:
                first = wanted.setdefault(
                    affiliation.lower(), (affiliation, Source.Kind.ORGANIZATION)
                )
                if first[1] == Source.Kind.OTHER:
                    wanted[affiliation.lower()] = (first[0], Source.Kind.ORGANIZATION)
        missing = [key for key in wanted if key not in self._by_name]
        if not missing:
            return
        slugs = {key: _slug_for(wanted[key][0]) for key in missing}
        # One query finds the sources by name and, for the new names, whether their plain
        # slug is taken. Newest first: the oldest of a same-named pair is the one kept.
        # Plain SQL: it runs for nearly every article, and compiling the ORM query (an OR
        # of a subquery and a lookup) cost more than running it. Names are compared lowered
        # by the database on both sides, as sources.services.source_get_or_create does
        # (Python's str.lower() differs for some letters); each row says which of the
        # names asked for it answers (`asked`), NULL when it was found by slug only.
        key_of = {wanted[key][0]: key for key in missing}
        names = list(key_of)
        asked, asked_params = _names_asked(names)
        by_name, name_params = _lowered_in(names)
        by_slug, slug_params = _ids_in(list(slugs.values()))
        table = Source._meta.db_table
        found = Source.objects.raw(
            f"SELECT s.*, w.name AS asked FROM {table} s "  # noqa: S608
            f"LEFT JOIN {asked} ON LOWER(w.name) = LOWER(s.name) "
            f"WHERE LOWER(s.name) {by_name} OR s.slug {by_slug} ORDER BY s.id DESC",
            [*asked_params, *name_params, *slug_params],
        )
        taken: set[str] = set()
        for source in found:
            taken.add(source.slug)
            asked_name: str | None = getattr(source, "asked", None)
            if asked_name is not None:
                self._by_name[key_of[asked_name]] = source
        create_keys = [key for key in missing if key not in self._by_name]
        created = _sources_create([wanted[key] for key in create_keys], taken=taken)
        # In the order asked (both ways _sources_create makes them): filed by the key asked
        # for, not by the name the row came back with, which a concurrent writer may have
        # spelt in another case (the database's LOWER, not Python's, matched it).
        for key, source in zip(create_keys, created, strict=True):
            self._by_name[key] = source
        for key, (_, kind) in wanted.items():
            self._upgrade_kind(self._by_name[key], kind)

    @staticmethod
    def _upgrade_kind(source: Source, kind: str) -> None:
        # A Source of kind `other` learns a better kind; a kind someone set never changes.
        if source.kind == Source.Kind.OTHER and kind != Source.Kind.OTHER:
            Source.objects.filter(pk=source.pk, kind=Source.Kind.OTHER).update(kind=kind)
            source.kind = kind

    def for_claimant(self, claimant: Claimant) -> Source | None:
        name, _ = self._name_and_kind(claimant)
        if not name:
            return None
        self.prefetch([claimant])
        source = self._by_name[name.lower()]
        affiliation = source_name_normalize(claimant.affiliation)
        if affiliation and source.parent_id is None:
            parent = self._by_name[affiliation.lower()]
            if parent.pk != source.pk:
                source.parent = parent
                Source.objects.filter(pk=source.pk, parent__isnull=True).update(parent=parent)
        return source


def _slug_for(name: str) -> str:
    return slugify(name)[:200] or "source"


def _sources_create(wanted: list[tuple[str, str]], *, taken: set[str]) -> list[Source]:
    """New Sources for (name, kind) pairs in one INSERT; slugs taken already get a number."""
    if not wanted:
        return []
    rows: list[Source] = []
    for name, kind in wanted:
        slug = _slug_for(name)
        if slug in taken:
            slug = Source.unique_slug_for(name)
        taken.add(slug)
        rows.append(Source(name=name, slug=slug, kind=kind))
    try:
        with transaction.atomic():
            return Source.objects.bulk_create(rows)
    except IntegrityError:
        # Someone else (an ingest, an editor) created one of them meanwhile: go one by one.
        return [_source_get_or_create(name=name, kind=kind) for name, kind in wanted]


def _source_get_or_create(*, name: str, kind: str) -> Source:
    """The Source called `name` (any letter case), created as `kind` when there is none; a
    Source of kind `other` learns a better kind, a kind someone set is never changed."""
    source = sources_services.source_get_or_create(name=name, kind=kind)
    _SourceCache._upgrade_kind(source, kind)
    return source


# -- orphans ---------------------------------------------------------------------------------


def claims_delete_orphans(*, claim_ids: Iterable[int]) -> int:
    """Delete those of `claim_ids` with no mention and no editorial work; returns how many."""
    ids = sorted(set(claim_ids))
    if not ids:
        return 0
    with transaction.atomic():
        lock_claim_writes()
        # Lock first, then look: a mention or a verdict added meanwhile either committed
        # before the lock (and the query below sees it) or waits for us.
        list(Claim.objects.select_for_update().filter(pk__in=ids).values_list("pk", flat=True))
        orphans = _orphans(Claim.objects.filter(pk__in=ids))
        deleted = list(orphans.values_list("pk", flat=True))
        if deleted:
            Claim.objects.filter(pk__in=deleted).delete()
    return len(deleted)


def _orphans(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    return claims.exclude(Exists(Mention.objects.filter(claim=OuterRef("pk")))).exclude(
        _editorial_q()
    )


# -- recovery --------------------------------------------------------------------------------


def articles_recover_stalled_extractions(*, limit: int = 1000) -> list[int]:
    """Release the extractions a dead worker held past their lease; returns their ids.

    The articles waiting for their claims are the claims step's queue (sources/queue.py),
    as queued rows are the fetch queue: with a broker a `fetched` article has no message of
    its own to lose, and one waiting a lease or more is a backlog the drainers are working
    through (or its drainer's wake was lost, which the recovery task's forced wake puts
    right). Its row is left as it is: rewriting it would only cost an UPDATE per waiting
    article every sweep. What is put right here is an extraction held past its lease: its
    worker went away (SIGKILL, OOM, a hard time limit) and the article goes back to
    `fetched`, where a drainer takes it, or, released after a failure before that
    (failure_message set: the drainers leave it), the task sends its own retry. Each is
    released with a conditional update, so several sweeps at once return it once. An article
    whose worker died on it CLAIMS_MAX_TRIES times is not queued again (one article must not
    take workers down for ever): it goes back to `fetched` with the reason, for a person,
    and is not returned.

    In-process (no broker, tasks run eagerly) there is no drainer: a `fetched` article
    untouched for a lease, not released after a failure, lost its extraction (the process
    went away before it ran), and it is returned too, its updated_at moved to now so the next
    sweep leaves it alone for a whole lease.
    """
    from claims.tasks import article_extract_claims_task

    now = timezone.now()
    lease_start = now - timedelta(seconds=settings.CLAIMTRACK_JOB_LEASE_SECONDS)
    stale = Article.objects.filter(state=State.EXTRACTING).filter(
        Q(claimed_at__lt=lease_start) | Q(claimed_at__isnull=True)
    )
    worn_out = stale.filter(claims_attempts__gte=CLAIMS_MAX_TRIES)
    for article_id in worn_out.order_by("pk").values_list("pk", flat=True)[:limit]:
        given_up = worn_out.filter(pk=article_id).update(
            state=State.FETCHED,
            claimed_at=None,
            updated_at=now,
            failure_kind=Article.FailureKind.INTERNAL,
            failure_message=(
                f"Claim extraction stopped {CLAIMS_MAX_TRIES} times before finishing (the "
                "worker went away each time); it is not tried again by itself. The article "
                "text is kept: run extract_claims --article ID to try again."
            ),
        )
        if given_up:
            logger.error(
                "article %s claims: its worker died on it every time; given up", article_id
            )
    stale = stale.filter(claims_attempts__lt=CLAIMS_MAX_TRIES)
    queues: list[QuerySet[Article]] = [stale]
    if article_extract_claims_task.app.conf.task_always_eager:
        queues.append(
            Article.objects.filter(
                state=State.FETCHED, failure_message="", updated_at__lt=lease_start
            )
        )
    recovered: list[int] = []
    for queryset in queues:
        for article_id in queryset.order_by("pk").values_list("pk", flat=True)[:limit]:
            changed = queryset.filter(pk=article_id).update(
                state=State.FETCHED, claimed_at=None, updated_at=now
            )
            if changed == 1:
                recovered.append(article_id)
    return recovered
