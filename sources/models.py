"""Who publishes (Source), where from (Feed) and what was fetched (Article)."""

from __future__ import annotations

import threading
import zlib
from datetime import timedelta
from urllib.parse import urlsplit

import zstandard
from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify


class Source(models.Model):
    """Anyone who publishes or makes claims: an outlet, a government body, a person."""

    class Kind(models.TextChoices):
        OUTLET = "outlet", "News outlet"
        STATE_MEDIA = "state_media", "State media"
        GOVERNMENT = "government", "Government body"
        MILITARY = "military", "Military"
        INTELLIGENCE = "intelligence", "Intelligence service"
        ORGANIZATION = "organization", "Organization"
        PERSON = "person", "Person"
        ANONYMOUS = "anonymous", "Anonymous source"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    # A spokesperson speaks for a body, a service belongs to a government.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    homepage = models.URLField(max_length=500, blank=True)
    description = models.TextField(blank=True)
    # Other names the same source goes by in text ("the White House", "Moscow's TASS").
    aliases = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["name"]),
            # Sources are looked up by name in any letter case: the claims step does it for
            # the claimants of nearly every article, which without this reads the whole table.
            models.Index(Lower("name"), name="sources_source_name_lower"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("sources:source_detail", kwargs={"slug": self.slug})

    @staticmethod
    def unique_slug_for(name: str) -> str:
        base = slugify(name)[:200] or "source"
        slug, n = base, 2
        while Source.objects.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug


class SourceDomain(models.Model):
    """A web domain an outlet publishes on; an article's host maps to its publisher."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(max_length=253, unique=True)

    class Meta:
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain


class Feed(models.Model):
    """An RSS/Atom feed of a source, polled on its own interval."""

    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="feeds"
    )
    url = models.URLField(max_length=2000, unique=True)
    title = models.CharField(max_length=500, blank=True)
    is_active = models.BooleanField(default=True)
    poll_interval = models.DurationField(default=timedelta(minutes=30))
    next_poll_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Conditional GET: what the server said last time.
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    entries_seen = models.PositiveIntegerField(default=0)
    # Claimed by a poller (conditional update) so two beats never poll the same feed at once.
    polling_since = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["url"]

    def __str__(self) -> str:
        return self.title or self.url or f"article {self.pk}"

    @property
    def is_healthy(self) -> bool:
        return self.consecutive_failures < settings.CLAIMTRACK_FEED_UNHEALTHY_AFTER

    @property
    def health(self) -> str:
        """What the pages say of it: "new" (not polled yet), "healthy" (its last poll
        worked), "failing" (its last polls failed, fewer than CLAIMTRACK_FEED_UNHEALTHY_AFTER
        of them: maybe a passing fault) or "unhealthy". is_healthy holds for the first three."""
        if not self.consecutive_failures:
            return "healthy" if self.last_polled_at else "new"
        return "failing" if self.is_healthy else "unhealthy"


class Article(models.Model):
    """One fetched document, from URL submission to extracted text and claims."""

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        FETCHING = "fetching", "Fetching"
        FETCHED = "fetched", "Fetched"
        EXTRACTING = "extracting", "Extracting claims"
        EXTRACTED = "extracted", "Claims extracted"
        UNSUPPORTED = "unsupported", "Language not yet supported for claims"
        DUPLICATE = "duplicate", "Duplicate"
        FAILED = "failed", "Failed"

    class FailureKind(models.TextChoices):
        BAD_URL = "bad_url", "Not a fetchable URL"
        BLOCKED_ADDRESS = "blocked_address", "Address not allowed"
        ROBOTS = "robots", "Disallowed by robots.txt"
        TIMEOUT = "timeout", "Timed out"
        CONNECTION = "connection", "Connection failed"
        TOO_MANY_REDIRECTS = "redirects", "Too many redirects"
        HTTP_CLIENT_ERROR = "http_4xx", "Client error from the server"
        NOT_FOUND = "not_found", "Not found (404/410)"
        RATE_LIMITED = "rate_limited", "Rate limited (429)"
        SERVER_ERROR = "http_5xx", "Server error"
        TOO_LARGE = "too_large", "Too large"
        CONTENT_TYPE = "content_type", "Not an HTML page"
        ENCODING = "encoding", "Unreadable encoding"
        EMPTY = "empty", "No article text found"
        FILE = "file", "Unreadable file"
        INTERNAL = "internal", "Internal error"

    class PublishedFrom(models.TextChoices):
        UNKNOWN = "", "Unknown"
        PAGE = "page", "Page metadata"
        FEED = "feed", "Feed entry"
        USER = "user", "Given on import"

    class DuplicateReason(models.TextChoices):
        NONE = "", "Not a duplicate"
        CANONICAL_URL = "canonical_url", "Same canonical URL"
        CONTENT = "content", "Same text (syndicated)"

    # The URL as submitted, normalized; submitting it again finds this row. Empty for a file
    # imported without one.
    url = models.URLField(max_length=2000, unique=True, null=True, blank=True)
    canonical_url = models.URLField(max_length=2000, unique=True, null=True, blank=True)
    publisher = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    feed = models.ForeignKey(
        Feed, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    title = models.TextField(blank=True)
    byline = models.CharField(max_length=500, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    published_from = models.CharField(
        max_length=10, choices=PublishedFrom.choices, blank=True, default=PublishedFrom.UNKNOWN
    )
    language = models.CharField(max_length=20, blank=True)
    text = models.TextField(blank=True)
    raw_html_compressed = models.BinaryField(null=True, blank=True, editable=False)
    content_hash = models.CharField(max_length=64, blank=True, db_index=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    duplicate_reason = models.CharField(
        max_length=20, choices=DuplicateReason.choices, blank=True, default=DuplicateReason.NONE
    )

    state = models.CharField(
        max_length=20, choices=State.choices, default=State.QUEUED, db_index=True
    )
    failure_kind = models.CharField(max_length=20, choices=FailureKind.choices, blank=True)
    failure_message = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    # Claims extraction tries since the last success (or the last fetch): the claims task's
    # retries and the recovery sweep stop at claims.services.CLAIMS_MAX_TRIES.
    claims_attempts = models.PositiveSmallIntegerField(default=0)
    # When a worker took the job; a job held past the lease by a vanished worker is retaken.
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    fetched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["state", "claimed_at"]),
            # The fetch queue (sources/queue.py): the oldest queued rows, in order.
            models.Index(
                fields=["id"], condition=models.Q(state="queued"), name="sources_article_queue"
            ),
            # The claims step's queue: the oldest articles waiting for their claims (not
            # those released after a failure, which wait for their own retries), in order.
            models.Index(
                fields=["id"],
                condition=models.Q(state="fetched", failure_message=""),
                name="sources_article_claims_queue",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.url or f"article {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("sources:article_detail", kwargs={"pk": self.pk})

    @property
    def domain(self) -> str:
        hostname = urlsplit(self.canonical_url or self.url or "").hostname
        return str(hostname or "").lower()

    @property
    def raw_html(self) -> str:
        if not self.raw_html_compressed:
            return ""
        stored = bytes(self.raw_html_compressed)
        if stored.startswith(_ZSTD_MAGIC):
            return zstandard.decompress(stored).decode("utf-8", "replace")
        # Kept before 2026-12-07: zlib (whose streams never begin with that magic number).
        return zlib.decompress(stored).decode("utf-8", "replace")

    @raw_html.setter
    def raw_html(self, html: str) -> None:
        self.raw_html_compressed = _page_compressor().compress(html.encode()) if html else None

    # The pipeline's end for an article, what `ingest --wait` and the ingest queue wait for:
    # `fetched` is only half way, the claims step follows and ends in one of these, or puts
    # the article back to `fetched` with a failure_kind when extraction failed.
    @property
    def claims_failed(self) -> bool:
        return self.state == self.State.FETCHED and bool(self.failure_kind)

    @property
    def never_fetchable(self) -> bool:
        """Failed on an address Claimtrack refuses to fetch (not public, not a URL it can
        read): trying again could only fail the same way."""
        return self.failure_kind in (self.FailureKind.BLOCKED_ADDRESS, self.FailureKind.BAD_URL)

    @property
    def can_retry(self) -> bool:
        """A person's Retry can do something: it failed, on an address that can be fetched."""
        return self.state == self.State.FAILED and bool(self.url) and not self.never_fetchable

    @property
    def ended_badly(self) -> bool:
        """It failed: fetching it, or extracting its claims (a person has to look)."""
        return self.state == self.State.FAILED or self.claims_failed

    @property
    def has_ended(self) -> bool:
        """Nothing more will happen without a person: the claims step has ended, or the
        article never got that far (duplicate, failed)."""
        return self.state in _ENDED_STATES or self.claims_failed

    @staticmethod
    def ended_q() -> models.Q:
        """has_ended as a filter."""
        return models.Q(state__in=_ENDED_STATES) | (
            models.Q(state=Article.State.FETCHED) & ~models.Q(failure_kind="")
        )

    @property
    def fetch_has_ended(self) -> bool:
        """The fetch step is over (its text is in, or it failed); claims may still follow."""
        return self.state not in {self.State.QUEUED, self.State.FETCHING}

    @property
    def stage(self) -> str:
        """Where the article is, in a newsroom's words (the ingest queue shows it)."""
        if self.claims_failed:
            return "Claims extraction failed"
        return _STAGES.get(self.state, self.get_state_display())


_ENDED_STATES = frozenset(
    {
        Article.State.EXTRACTED,
        Article.State.UNSUPPORTED,
        Article.State.DUPLICATE,
        Article.State.FAILED,
    }
)
_STAGES: dict[str, str] = {
    Article.State.QUEUED: "Waiting to be fetched",
    Article.State.FETCHING: "Fetching the page",
    Article.State.FETCHED: "Fetched, waiting for claims extraction",
    Article.State.EXTRACTING: "Extracting claims",
    Article.State.EXTRACTED: "Done: claims extracted",
    Article.State.UNSUPPORTED: "Done: no claims (language not supported yet)",
    Article.State.DUPLICATE: "Duplicate of an earlier article",
    Article.State.FAILED: "Failed",
}


# The page as fetched is kept compressed with Zstandard at level 3: a 110 KB news page in
# ~0.2 ms of CPU to 14% of its size, where zlib at level 3 took 0.55 ms for 16%, on every
# page a worker stores. A compressor keeps its buffers between calls but must not be used
# by two threads at once: one per thread.
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_compressors = threading.local()


def _page_compressor() -> zstandard.ZstdCompressor:
    compressor: zstandard.ZstdCompressor | None = getattr(_compressors, "page", None)
    if compressor is None:
        # With a checksum, as zlib's streams had: a damaged copy fails to read, not garbles.
        compressor = _compressors.page = zstandard.ZstdCompressor(level=3, write_checksum=True)
    return compressor
