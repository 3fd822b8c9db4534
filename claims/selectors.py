"""Reads behind the pages (and the API): the timeline, a claim's story, a source's record.

Every function here issues a fixed number of queries whatever the number of rows it
returns, so pages stay constant in queries as they grow.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Lower, Trunc
from django.http import Http404
from django.utils import timezone

from claims.models import Claim, EditorialEvent, Mention, StatusChange
from sources.models import Article, Source

DateBasis = Literal["reported", "event"]
# Claims with no date sort after every dated claim (oldest-first: before). The same
# expressions are indexed in migration claims/0004; keep them identical.
NO_DATE = date(1, 1, 1)
TIMELINE_PAGE_SIZE = 50
# Machine bookkeeping no page shows: not worth carrying in every row.
HEAVY_CLAIM_FIELDS = ("search_vector", "match_keys")
OPEN_STATUSES = (Claim.Status.UNVERIFIED, Claim.Status.DISPUTED)
SOURCE_CHOICES_KEY = "claims:filter-source-choices"
SOURCE_CHOICES_SECONDS = 300
# A claim a source "puts forward": it says so itself, or confirms it.
FORWARD_STANCES = (Mention.Stance.ASSERTS, Mention.Stance.CONFIRMS)


def timeline_date(basis: DateBasis) -> Coalesce:
    if basis == "event":
        return Coalesce("event_date", "first_reported", Value(NO_DATE), output_field=DateField())
    return Coalesce("first_reported", Value(NO_DATE), output_field=DateField())


def mention_date_expression(prefix: str = "") -> Coalesce:
    """When a mention was said: its own date, else its article's publication date."""
    return Coalesce(
        f"{prefix}stated_on",
        Cast(f"{prefix}article__published_at", output_field=DateField()),
        output_field=DateField(),
    )


def claims_live() -> QuerySet[Claim]:
    """Claims that are shown: merged ones live on only as redirects."""
    return Claim.objects.filter(merged_into__isnull=True)


def claim_addressed(*, pk: int) -> Claim:
    """The claim an address names (its page, an editor's form, the API, a feed, the
    JSON-LD), merged or not: Http404 if there is none. A merged claim's merged_into_id is
    the live claim it leads to, one hop away: merging repoints the claims merged into a
    duplicate. Each caller says what a merged claim answers: a GET moves for good
    (claims.shortcuts.claim_addressed_or_moved); an editor's act is refused."""
    claim = Claim.objects.filter(pk=pk).first()
    if claim is None:
        raise Http404(f"There is no claim #{pk}.")
    return claim


# --- The timeline -------------------------------------------------------------------


@dataclass(frozen=True)
class Cursor:
    """Keyset position: the last row shown, by (timeline date, id)."""

    day: date
    id: int

    def __str__(self) -> str:
        return f"{self.day.isoformat()}.{self.id}"

    @classmethod
    def parse(cls, raw: str) -> Cursor:
        try:
            day, _, pk = raw.partition(".")
            return cls(day=date.fromisoformat(day), id=int(pk))
        except ValueError:
            raise ValueError(
                f"{raw!r} is not a page position (expected a date and a number, "
                f"like 2024-06-21.123)."
            ) from None


@dataclass
class Claimant:
    name: str
    slug: str  # "" when the words name no known source


@dataclass
class TimelineRow:
    claim: Claim
    day: date | None
    claimants: list[Claimant] = field(default_factory=list)  # everyone quoted on it
    # The same people by what they said of it: "said by" is only for those who put it
    # forward; a claim only denied is not "said by" its denier.
    said_by: list[Claimant] = field(default_factory=list)
    denied_by: list[Claimant] = field(default_factory=list)
    neither_by: list[Claimant] = field(default_factory=list)
    source_count: int = 0
    mention_count: int = 0
    last_activity: date | None = None
    new_day: bool = False


@dataclass
class TimelinePage:
    rows: list[TimelineRow]
    next_cursor: Cursor | None


def timeline_page(
    *,
    claims: QuerySet[Claim],
    basis: DateBasis = "reported",
    oldest_first: bool = False,
    after: Cursor | None = None,
    size: int = TIMELINE_PAGE_SIZE,
) -> TimelinePage:
    """One page of the timeline after `after`: keyset, never OFFSET, so page 2,000 costs
    what page 1 costs."""
    qs = (
        claims.filter(merged_into__isnull=True)
        .annotate(tl_date=timeline_date(basis))
        .defer(*HEAVY_CLAIM_FIELDS)
    )
    if after is not None:
        # Written as a range plus a tie-break (not an OR) so the planner walks the
        # (date, id) index from the cursor instead of sorting.
        if oldest_first:
            qs = qs.filter(tl_date__gte=after.day).exclude(tl_date=after.day, id__lte=after.id)
        else:
            qs = qs.filter(tl_date__lte=after.day).exclude(tl_date=after.day, id__gte=after.id)
    order = ("tl_date", "id") if oldest_first else ("-tl_date", "-id")
    claims_found = list(qs.order_by(*order)[: size + 1])
    more = len(claims_found) > size
    claims_found = claims_found[:size]
    rows = timeline_rows(claims=claims_found, previous_day=after.day if after else None)
    next_cursor = None
    if more and claims_found:
        last = claims_found[-1]
        next_cursor = Cursor(day=last.tl_date, id=last.pk)
    return TimelinePage(rows=rows, next_cursor=next_cursor)


def timeline_rows(
    *, claims: Sequence[Claim], previous_day: date | None = None
) -> list[TimelineRow]:
    """Rows with claimants, number of sources and last activity: three queries in all."""
    ids = [c.pk for c in claims]
    per_claim = {
        r["claim_id"]: r
        for r in Mention.objects.filter(claim_id__in=ids)
        .values("claim_id")
        .annotate(
            sources=Count("article__publisher", distinct=True),
            mentions=Count("id"),
            last=Max(mention_date_expression()),
        )
    }
    claimants: dict[int, list[Claimant]] = defaultdict(list)
    by_stance: dict[tuple[int, str], list[Claimant]] = defaultdict(list)
    for r in (
        Mention.objects.filter(claim_id__in=ids)
        .values("claim_id", "claimant__name", "claimant__slug", "claimant_text", "stance")
        .distinct()
        .order_by("claim_id", "claimant__name", "claimant_text", "stance")
    ):
        name = r["claimant__name"] or r["claimant_text"]
        if not name:
            continue
        claimant = Claimant(name=name, slug=r["claimant__slug"] or "")
        if all(c.name != name for c in claimants[r["claim_id"]]):
            claimants[r["claim_id"]].append(claimant)
        voice = "said" if r["stance"] in FORWARD_STANCES else r["stance"]
        group = by_stance[(r["claim_id"], voice)]
        if all(c.name != name for c in group):
            group.append(claimant)
    verdicts = dict(
        StatusChange.objects.filter(claim_id__in=ids)
        .values("claim_id")
        .annotate(last=Max("created_at"))
        .values_list("claim_id", "last")
    )
    rows: list[TimelineRow] = []
    day_before = previous_day
    for claim in claims:
        day = getattr(claim, "tl_date", claim.first_reported)
        day = None if day == NO_DATE else day
        stats = per_claim.get(claim.pk, {})
        dates = [d for d in (stats.get("last"), _as_date(verdicts.get(claim.pk))) if d]
        rows.append(
            TimelineRow(
                claim=claim,
                day=day,
                claimants=claimants.get(claim.pk, []),
                said_by=by_stance.get((claim.pk, "said"), []),
                denied_by=by_stance.get((claim.pk, Mention.Stance.DENIES), []),
                neither_by=by_stance.get((claim.pk, Mention.Stance.NEITHER), []),
                source_count=stats.get("sources", 0),
                mention_count=stats.get("mentions", 0),
                last_activity=max(dates) if dates else None,
                new_day=day != day_before or (not rows and previous_day is None),
            )
        )
        day_before = day
    return rows


def _as_date(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


def timeline_iter(
    *, claims: QuerySet[Claim], basis: DateBasis = "reported", oldest_first: bool = False
) -> Iterator[TimelineRow]:
    """Every filtered row in timeline order, a keyset page at a time (for exports)."""
    after = None
    while True:
        page = timeline_page(
            claims=claims, basis=basis, oldest_first=oldest_first, after=after, size=1000
        )
        yield from page.rows
        if page.next_cursor is None:
            return
        after = page.next_cursor


# --- The chart ----------------------------------------------------------------------

CHART_STATUS_ORDER = (
    Claim.Status.CONFIRMED,
    Claim.Status.DENIED,
    Claim.Status.DISPUTED,
    Claim.Status.RETRACTED,
    Claim.Status.UNVERIFIED,
)
CHART_MAX_WEEKS = 156
CHART_MAX_MONTHS = 240
# The years the chart draws. A claim dated outside them (a page that said it was published
# in 9999, a "3000 years ago" read as a date) is counted beside the chart, not drawn: one
# such date among two years of claims drew ~95,000 empty months, 34 MB of SVG.
CHART_EARLIEST_YEAR = 1900
CHART_YEARS_AHEAD = 10

ChartUnit = Literal["week", "month", "year"]


@dataclass
class ChartBucket:
    start: date
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class ChartData:
    unit: ChartUnit
    buckets: list[ChartBucket]
    totals: dict[str, int]  # of the claims drawn, by status
    undated: int
    # Dated outside the years drawn (first_year..last_year): counted, not drawn.
    off_chart: int = 0
    first_year: int = CHART_EARLIEST_YEAR
    last_year: int = CHART_EARLIEST_YEAR

    @property
    def total(self) -> int:
        return sum(self.totals.values()) + self.undated + self.off_chart


def timeline_chart(*, claims: QuerySet[Claim], basis: DateBasis = "reported") -> ChartData:
    """Claims per week (per month or year over long spans) by status, over the filtered
    claims dated within the years the chart draws."""
    qs = claims.filter(merged_into__isnull=True).annotate(tl_date=timeline_date(basis))
    counts = list(
        qs.annotate(bucket=Trunc("tl_date", "week", output_field=DateField()))
        .values("bucket", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    undated = sum(r["n"] for r in counts if r["bucket"] is None or r["bucket"] <= NO_DATE)
    dated = [r for r in counts if r["bucket"] is not None and r["bucket"] > NO_DATE]
    first_year = CHART_EARLIEST_YEAR
    last_year = min(date.max.year, timezone.localdate().year + CHART_YEARS_AHEAD)
    drawn = [r for r in dated if first_year <= r["bucket"].year <= last_year]
    off_chart = sum(r["n"] for r in dated) - sum(r["n"] for r in drawn)
    totals: dict[str, int] = defaultdict(int)
    for r in drawn:
        totals[r["status"]] += r["n"]
    chart = ChartData(
        unit="week",
        buckets=[],
        totals=dict(totals),
        undated=undated,
        off_chart=off_chart,
        first_year=first_year,
        last_year=last_year,
    )
    if not drawn:
        return chart
    first, last = min(r["bucket"] for r in drawn), max(r["bucket"] for r in drawn)
    if (last - first).days // 7 + 1 > CHART_MAX_WEEKS:
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        chart.unit = "month" if months <= CHART_MAX_MONTHS else "year"
    by_start: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in drawn:
        by_start[_bucket_start(r["bucket"], chart.unit)][r["status"]] += r["n"]
    cursor: date | None = _bucket_start(first, chart.unit)
    while cursor is not None and cursor <= last:
        chart.buckets.append(ChartBucket(start=cursor, counts=dict(by_start.get(cursor, {}))))
        cursor = _next_bucket(cursor, chart.unit)
    return chart


def _bucket_start(week: date, unit: ChartUnit) -> date:
    if unit == "week":
        return week
    return week.replace(day=1) if unit == "month" else week.replace(month=1, day=1)


def _next_bucket(start: date, unit: ChartUnit) -> date | None:
    """The next bucket's first day; None after the last one a date can hold."""
    try:
        if unit == "week":
            return start + timedelta(days=7)
        if unit == "month":
            return date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return date(start.year + 1, 1, 1)
    except (OverflowError, ValueError):
        return None


# --- One claim ----------------------------------------------------------------------


@dataclass
class TimelineEntry:
    """One line of a claim's own story: a mention, a verdict or an editorial act."""

    kind: Literal["mention", "status", "event"]
    day: date | None
    at: datetime | None
    mention: Mention | None = None
    status_change: StatusChange | None = None
    event: EditorialEvent | None = None
    # A verdict given on another claim, which a merge brought here with its status left
    # behind: that claim's number, so the history does not contradict the badge.
    moved_from: int | None = None

    @property
    def sort_key(self) -> tuple[date, int, datetime, int]:
        at = self.at or datetime.min.replace(tzinfo=UTC)
        pk = (self.mention or self.status_change or self.event).pk  # type: ignore[union-attr]
        # Mentions carry only a day: on the same day they come before an editor's act.
        # Undated ones last, as on the claim's page (claim_mentions): the story's first
        # line is its first dated report, not an article that gave no date.
        return (self.day or date.max, 0 if self.kind == "mention" else 1, at, pk)


def claim_mentions(*, claim: Claim) -> list[Mention]:
    """The claim's mentions in date order, with article, publisher and claimant."""
    return list(
        Mention.objects.filter(claim=claim)
        .select_related("article__publisher", "claimant")
        .annotate(said_on=mention_date_expression())
        .order_by(F("said_on").asc(nulls_last=True), "article_id", "start")
    )


def claim_history(*, claim: Claim) -> list[TimelineEntry]:
    """Verdicts and editorial acts, oldest first."""
    changes = StatusChange.objects.filter(claim=claim).select_related(
        "editor", "evidence_mention__article__publisher", "evidence_mention__claimant"
    )
    events = list(EditorialEvent.objects.filter(claim=claim).select_related("editor"))
    # Merges record the verdicts they moved; the first merge of a verdict names the claim
    # it was given on (a later merge of that survivor moves it again).
    moved_from: dict[int, int] = {}
    for e in sorted(events, key=lambda e: (e.created_at, e.pk)):
        if e.kind == EditorialEvent.Kind.MERGE:
            for pk in e.details.get("status_change_ids", []):
                moved_from.setdefault(pk, e.details.get("merged_claim_id"))
    entries = [
        TimelineEntry(
            kind="status",
            day=c.created_at.date(),
            at=c.created_at,
            status_change=c,
            moved_from=moved_from.get(c.pk),
        )
        for c in changes
    ] + [
        TimelineEntry(kind="event", day=e.created_at.date(), at=e.created_at, event=e)
        for e in events
    ]
    return sorted(entries, key=lambda e: e.sort_key)


def claim_timeline(*, claim: Claim) -> list[TimelineEntry]:
    """Every mention, verdict and editorial act of the claim, in date order."""
    entries = [
        TimelineEntry(kind="mention", day=m.said_on, at=None, mention=m)  # type: ignore[attr-defined]
        for m in claim_mentions(claim=claim)
    ] + claim_history(claim=claim)
    return sorted(entries, key=lambda e: e.sort_key)


def claim_related(*, claim: Claim, limit: int = 6) -> list[Claim]:
    """Other live claims about the same place or actor, the nearest to it in time (an
    undated claim: the newest), shown most recent first; undated ones fill what is left.

    Not simply the newest: for any claim but the latest those are other news at the same
    place. Nearest: up to `limit` on each side of its day, then the closest of them."""
    # Exact values, as the extractor normalizes them: each side is an index lookup.
    same = Q()
    if claim.place:
        same |= Q(place=claim.place)
    if claim.actor:
        same |= Q(actor=claim.actor)
    if not same:
        return []
    others = claims_live().filter(same).defer(*HEAVY_CLAIM_FIELDS).exclude(pk=claim.pk)
    newest = F("first_reported").desc(nulls_last=True)
    day = claim.first_reported
    if day is None:
        return list(others.order_by(newest, "-id")[:limit])
    before = list(others.filter(first_reported__lte=day).order_by(newest, "-id")[:limit])
    after = list(others.filter(first_reported__gt=day).order_by("first_reported", "id")[:limit])
    nearest = sorted(
        before + after,
        key=lambda c: (abs((c.first_reported - day).days), -c.pk),  # type: ignore[operator]
    )[:limit]
    nearest.sort(key=lambda c: (c.first_reported, c.pk), reverse=True)
    if len(nearest) < limit:
        nearest += list(
            others.filter(first_reported__isnull=True).order_by("-id")[: limit - len(nearest)]
        )
    return nearest


# --- Sources ------------------------------------------------------------------------


@dataclass
class StatusCounts:
    confirmed: int = 0
    denied: int = 0
    open: int = 0
    retracted: int = 0

    @property
    def total(self) -> int:
        return self.confirmed + self.denied + self.open + self.retracted

    def add(self, status: str, n: int) -> None:
        if status in OPEN_STATUSES:
            self.open += n
        elif status in (Claim.Status.CONFIRMED, Claim.Status.DENIED, Claim.Status.RETRACTED):
            setattr(self, str(status), getattr(self, str(status)) + n)


@dataclass(kw_only=True)
class TrackRecord(StatusCounts):
    median_days_to_confirmation: float | None
    confirmations_timed: int

    @property
    def resolved(self) -> int:
        return self.confirmed + self.denied

    @property
    def share_confirmed(self) -> float | None:
        """Among resolved claims; None (not 0%) when nothing is resolved yet."""
        return self.confirmed / self.resolved if self.resolved else None


@dataclass
class SourceOverview:
    record: TrackRecord
    latest: list[Mention]  # its latest statements as claimant, with their claims


def source_overview(*, source: Source, latest: int = 25) -> SourceOverview:
    """A source's track record and latest statements in five index-driven queries: its
    mentions as claimant are read once (narrow rows) and serve both. A claim merged
    away is counted once, as its survivor (its mentions moved there)."""
    first_reported: dict[int, date | None] = {}
    dated: list[tuple[date | None, int]] = []

    def note(claim_id: int, said_on: date | None) -> None:
        known = first_reported.get(claim_id)
        if said_on is not None and (known is None or said_on < known):
            first_reported[claim_id] = said_on
        else:
            first_reported.setdefault(claim_id, known)

    # Mentions only, no join to claims: the planner would otherwise hash-join every claim.
    as_claimant = (
        Mention.objects.filter(claimant=source)
        .annotate(said_on=mention_date_expression())
        .order_by()
        .values_list("id", "claim_id", "stance", "said_on")
    )
    for pk, claim_id, stance, said_on in as_claimant:
        dated.append((said_on, pk))
        if stance in FORWARD_STANCES:
            note(claim_id, said_on)
    # Published by it with nobody else named: its own reporting.
    unattributed = (
        Mention.objects.filter(
            claimant__isnull=True, article__publisher=source, stance__in=FORWARD_STANCES
        )
        .annotate(said_on=mention_date_expression())
        .order_by()
        .values_list("claim_id", "said_on")
    )
    for claim_id, said_on in unattributed:
        note(claim_id, said_on)
    # By primary key; filtering merged claims in SQL instead leads the planner to scan a
    # whole partial index.
    statuses: dict[int, str] = {
        pk: status
        for pk, status, merged_into in Claim.objects.filter(pk__in=list(first_reported))
        .order_by()
        .values_list("pk", "status", "merged_into_id")
        if merged_into is None
    }

    confirmed = [pk for pk, status in statuses.items() if status == Claim.Status.CONFIRMED]
    # When each was confirmed: its latest confirming verdict, dated by the mention it
    # cites as evidence when that is earlier (an editor recording a year on, from a
    # statement made two days after the report, is not a year's wait), else by when it
    # was recorded.
    confirmed_on: dict[int, tuple[datetime, date]] = {}
    for claim_id, at, evidence_on in (
        StatusChange.objects.filter(claim_id__in=confirmed, to_status=Claim.Status.CONFIRMED)
        .annotate(evidence_on=mention_date_expression("evidence_mention__"))
        .order_by()
        .values_list("claim_id", "created_at", "evidence_on")
    ):
        if claim_id not in confirmed_on or at > confirmed_on[claim_id][0]:
            day = at.date() if evidence_on is None else min(at.date(), evidence_on)
            confirmed_on[claim_id] = (at, day)
    # Only claims the source reported before the confirmation: repeating a settled fact
    # is not foresight, and a negative delay would flatter nobody honestly.
    days = [
        (day - first).days
        for claim_id, (_, day) in confirmed_on.items()
        if (first := first_reported.get(claim_id)) is not None and day >= first
    ]
    record = TrackRecord(
        median_days_to_confirmation=statistics.median(days) if days else None,
        confirmations_timed=len(days),
    )
    for status, n in Counter(statuses.values()).items():
        record.add(status, n)

    newest = [pk for _, pk in sorted(dated, key=lambda d: (d[0] or NO_DATE, d[1]), reverse=True)]
    newest = newest[:latest]
    mentions = (
        Mention.objects.filter(pk__in=newest)
        .select_related("claim", "article__publisher")
        .defer(
            *(f"claim__{f}" for f in HEAVY_CLAIM_FIELDS),
            "article__text",
            "article__raw_html_compressed",
        )
        .annotate(said_on=mention_date_expression())
    )
    order = {pk: n for n, pk in enumerate(newest)}
    return SourceOverview(record=record, latest=sorted(mentions, key=lambda m: order[m.pk]))


@dataclass
class MemberRecord:
    source: Source
    counts: StatusCounts


@dataclass
class MembersRecord:
    """A body's record through its people (its spokesperson, its services: the sources
    whose parent it is), who speak for it where it has no claim of its own."""

    members: list[MemberRecord]  # most claims first
    combined: StatusCounts  # a claim two of them put forward counts once


# Sources in the order of the alphabet: claimants keep the case the article wrote them
# in ("army spokesperson" beside "AFP"), and by code point (PostgreSQL's C collation,
# SQLite's binary one) every lower-case name would come after "Z". The exact name, then
# the id, keep the order total.
SOURCE_NAME_ORDER = (Lower("name"), "name", "id")


def source_members_record(*, source: Source, limit: int = 50) -> MembersRecord:
    """Each member's claims put forward as claimant, by status, in three queries whatever
    the number of members: the `limit` members with most claims (by name within a count),
    and the total over every member."""
    members = list(Source.objects.filter(parent=source).order_by(*SOURCE_NAME_ORDER))
    if not members:  # most sources: an outlet, a person
        return MembersRecord(members=[], combined=StatusCounts())
    forward = Mention.objects.filter(
        claimant__parent=source,
        stance__in=FORWARD_STANCES,
        claim__merged_into__isnull=True,
    ).order_by()
    by_member: dict[int, StatusCounts] = defaultdict(StatusCounts)
    for claimant_id, status, n in forward.values_list("claimant_id", "claim__status").annotate(
        n=Count("claim_id", distinct=True)
    ):
        by_member[claimant_id].add(status, n)
    combined = StatusCounts()
    if by_member:
        for status, n in forward.values_list("claim__status").annotate(
            n=Count("claim_id", distinct=True)
        ):
            combined.add(status, n)
    records = [MemberRecord(source=m, counts=by_member[m.pk]) for m in members]
    records.sort(key=lambda r: -r.counts.total)  # stable: by name within a count
    return MembersRecord(members=records[:limit], combined=combined)


def source_track_record(*, source: Source) -> TrackRecord:
    """How the claims a source put forward (asserted or confirmed, as claimant or as the
    publisher with nobody else named) turned out."""
    return source_overview(source=source, latest=0).record


def source_articles(*, source: Source, limit: int = 25) -> list[Article]:
    """Its latest articles with how many claim mentions each holds (two queries: the
    counts only for the articles shown)."""
    articles = list(
        Article.objects.filter(publisher=source)
        .defer("text", "raw_html_compressed")
        .order_by(F("published_at").desc(nulls_last=True), "-id")[:limit]
    )
    counts = dict(
        Mention.objects.filter(article_id__in=[a.pk for a in articles])
        .order_by()
        .values("article_id")
        .annotate(n=Count("id"))
        .values_list("article_id", "n")
    )
    for article in articles:
        article.mention_count = counts.get(article.pk, 0)  # type: ignore[attr-defined]
    return articles


def source_list() -> QuerySet[Source]:
    """Sources with how many articles they published and claims they are named in."""
    return Source.objects.annotate(
        article_count=Subquery(
            Article.objects.filter(publisher=OuterRef("pk"))
            .order_by()
            .values("publisher")
            .annotate(n=Count("id"))
            .values("n")[:1]
        ),
        mention_count=Subquery(
            Mention.objects.filter(claimant=OuterRef("pk"))
            .order_by()
            .values("claimant")
            .annotate(n=Count("id"))
            .values("n")[:1]
        ),
    ).order_by(*SOURCE_NAME_ORDER)


def timeline_fingerprint() -> str:
    """Changes whenever a claim, mention, verdict, editorial act or source is added (ids
    only grow): cached aggregates keyed by it are never served after such a change. One
    query of five index lookups."""
    tables = [m._meta.db_table for m in (Claim, Mention, StatusChange, EditorialEvent, Source)]
    # Table names from the models, not from input.
    sql = "SELECT " + ", ".join(f"(SELECT max(id) FROM {t})" for t in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return ".".join(str(v or 0) for v in row)


@dataclass(frozen=True)
class SourceChoice:
    slug: str
    name: str


def filter_source_choices(*, fingerprint: str) -> dict[str, list[SourceChoice]]:
    """The timeline's two source menus: outlets that published something, and every
    source named as a claimant. One query each, cached while nothing changes."""
    key = f"{SOURCE_CHOICES_KEY}:{fingerprint}"
    cached: dict[str, list[SourceChoice]] | None = cache.get(key)
    if cached is not None:
        return cached
    publishers = Source.objects.filter(Exists(Article.objects.filter(publisher=OuterRef("pk"))))
    claimants = Source.objects.filter(Exists(Mention.objects.filter(claimant=OuterRef("pk"))))
    choices = {
        name: [
            SourceChoice(slug=slug, name=label)
            for slug, label in qs.order_by(*SOURCE_NAME_ORDER).values_list("slug", "name")
        ]
        for name, qs in (("publishers", publishers), ("claimants", claimants))
    }
    cache.set(key, choices, SOURCE_CHOICES_SECONDS)
    return choices


def article_waiting_for_claims(*, exclude: Sequence[int] = ()) -> int | None:
    """The oldest article waiting for its claims (fetched, not released after a failure:
    those wait for their own retries), as the claims step's backlog takes them; its id."""
    waiting = Article.objects.filter(state=Article.State.FETCHED, failure_message="")
    if exclude:
        waiting = waiting.exclude(pk__in=exclude)
    return waiting.order_by("pk").values_list("pk", flat=True).first()


def articles_released_after_failure(*, ids: Sequence[int]) -> set[int]:
    """Of `ids`, the articles released after a failure (failure_message set): they wait for
    their own retry message, the claims step's drainers leave them."""
    if not ids:
        return set()
    released = Article.objects.filter(pk__in=ids).exclude(failure_message="")
    return set(released.values_list("pk", flat=True))
