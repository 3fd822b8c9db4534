"""Atom feeds, so an analyst can subscribe to "tell me when anyone confirms or denies this":

    /feeds/verdicts.atom          every claim's status changes
    /feeds/sources/<slug>.atom    the claims a source newly put its name to
    /feeds/claims/<id>.atom       one claim's new mentions and verdicts

Entries are dated by when Claimtrack recorded them (a mention found today in an article
of last June is news today); when it was said is in the entry. Entry summaries are HTML
in Atom, so every piece of page text in them is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Min, Q
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.feedgenerator import Atom1Feed, SyndicationFeed
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from claims.models import Claim, Mention, StatusChange
from claims.shortcuts import claim_addressed_or_moved
from sources.models import Source
from sources.validators import without_control_characters

FEED_SIZE = 50
STANCE_PHRASES: dict[str, str] = {
    Mention.Stance.ASSERTS: "Asserted by",
    Mention.Stance.CONFIRMS: "Confirmed by",
    Mention.Stance.DENIES: "Denied by",
    Mention.Stance.NEITHER: "Neither confirmed nor denied by",
}


@dataclass(frozen=True)
class Entry:
    title: str
    summary: SafeString
    link: str
    updated: datetime


def _day(value: date | datetime | None) -> str:
    if value is None:
        return "an unknown date"
    return f"{value:%d %b %Y}"


def _who(mention: Mention) -> str:
    if mention.claimant is not None:
        return mention.claimant.name
    if mention.claimant_text:
        return mention.claimant_text
    publisher = mention.article.publisher
    return publisher.name if publisher is not None else "an unnamed source"


def mention_entry(mention: Mention, *, with_summary: bool) -> Entry:
    article = mention.article
    outlet = article.publisher.name if article.publisher else "an unknown outlet"
    said = mention.stated_on or article.published_at
    title = f"{STANCE_PHRASES.get(mention.stance, 'Mentioned by')} {_who(mention)}"
    title += f" ({outlet}, {_day(said)})"
    if with_summary:
        title += f": {mention.claim.summary}"
    details = [("Cue", mention.cue), ("Hedge", mention.hedge)]
    if mention.chain:
        details.append(("Citing", " → ".join(str(c) for c in mention.chain)))
    address = article.canonical_url or article.url
    summary = format_html(
        "<blockquote>“{}”</blockquote><p>{}</p>{}",
        mention.quote,
        format_html_join("; ", "{}: {}", ((k, v) for k, v in details if v)),
        format_html('<p>In <a href="{}">{}</a></p>', address, article.title or address)
        if address
        else format_html("<p>In {}</p>", article.title or "an imported file"),
    )
    return Entry(
        title=title,
        summary=summary,
        link=f"{reverse('claims:claim_detail', args=[mention.claim_id])}#m-{mention.pk}",
        updated=mention.created_at,
    )


def status_entry(change: StatusChange, *, with_summary: bool) -> Entry:
    to_label = Claim.Status(change.to_status).label.lower()
    title = f"Marked {to_label} by an editor"
    if with_summary:
        title = f"Claim #{change.claim_id} marked {to_label}: {change.claim.summary}"
    evidence = []
    if change.evidence_url:
        evidence.append(
            format_html('<a href="{}">{}</a>', change.evidence_url, change.evidence_url)
        )
    if change.evidence_mention is not None:
        evidence.append(format_html("“{}”", change.evidence_mention.quote))
    summary = format_html(
        "<p>From {} to {}.</p><p>{}</p>{}",
        Claim.Status(change.from_status).label,
        Claim.Status(change.to_status).label,
        change.note,
        format_html("<p>Evidence: {}</p>", format_html_join("; ", "{}", ((e,) for e in evidence)))
        if evidence
        else "",
    )
    return Entry(
        title=title,
        summary=summary,
        link=f"{reverse('claims:claim_detail', args=[change.claim_id])}#status-change-{change.pk}",
        updated=change.created_at,
    )


# An empty verdicts feed has nothing of its own to be dated by; any fixed time will do.
NEVER_UPDATED = datetime(2024, 1, 1, tzinfo=UTC)


def _xml_safe(value: Any) -> Any:
    if isinstance(value, str):
        return without_control_characters(value)
    if isinstance(value, dict):
        return {k: _xml_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_xml_safe(v) for v in value)
    return value


class StableAtom1Feed(Atom1Feed):
    """Atom whose <updated> (and the Last-Modified header) is the newest entry's time or,
    with no entries, the feed's own fixed `empty_updated` time. Django's default there is
    the time of the request, which made an empty feed look changed to every poll.

    Control characters XML 1.0 cannot carry are left out of every string written: Django's
    writer raises on them, and one in any stored text (a note, a summary, an outlet's name,
    an imported article's title) made the feed a 500 for every reader until the entry aged
    out. The forms and the API refuse them; this covers what is stored already or comes in
    another way (files, feeds, the NLP's output)."""

    def latest_post_date(self) -> datetime:
        empty_updated = self.feed.get("empty_updated")
        if not self.items and empty_updated is not None:
            return empty_updated
        return super().latest_post_date()

    def write(self, outfile: Any, encoding: str) -> None:
        self.feed = _xml_safe(self.feed)
        self.items = [_xml_safe(item) for item in self.items]
        super().write(outfile, encoding)


class AtomFeed(Feed):
    """Shared by the three feeds: Atom, entries from `Entry`, the feed's id its own URL."""

    feed_type = StableAtom1Feed

    def author_name(self) -> str:
        return str(settings.CLAIMTRACK_ORGANIZATION_NAME)

    def empty_updated(self, obj: Any) -> datetime:
        """When a feed without entries was last updated: since the thing it follows
        began, nothing has happened."""
        return NEVER_UPDATED

    def feed_extra_kwargs(self, obj: Any) -> dict[str, Any]:
        return {**super().feed_extra_kwargs(obj), "empty_updated": self.empty_updated(obj)}

    def get_feed(self, obj: Any, request: HttpRequest) -> SyndicationFeed:
        feed = super().get_feed(obj, request)
        feed.feed["id"] = feed.feed["feed_url"]
        return feed

    def item_title(self, item: Entry) -> str:
        return item.title

    def item_description(self, item: Entry) -> str:
        return item.summary

    def item_link(self, item: Entry) -> str:
        return item.link

    def item_updateddate(self, item: Entry) -> datetime:
        return item.updated

    def item_pubdate(self, item: Entry) -> datetime:
        return item.updated


class VerdictsFeed(AtomFeed):
    title = "Claimtrack: verdicts"
    subtitle = "Every claim's status changes: confirmed, denied, disputed, retracted."

    def link(self) -> str:
        return reverse("claims:timeline")

    def items(self) -> list[Entry]:
        changes = StatusChange.objects.select_related("claim", "evidence_mention").order_by(
            "-created_at", "-id"
        )[:FEED_SIZE]
        return [status_entry(c, with_summary=True) for c in changes]


class SourceClaimsFeed(AtomFeed):
    """Claims in which the source is named as claimant, or that its articles carry, newest
    first by the day Claimtrack first saw the source on them."""

    def get_object(self, request: HttpRequest, slug: str) -> Source:
        return get_object_or_404(Source, slug=slug)

    def title(self, source: Source) -> str:
        return f"Claimtrack: claims by {source.name}"

    def subtitle(self, source: Source) -> str:
        return f"New claims {source.name} made or published, with their current status."

    def link(self, source: Source) -> str:
        return source.get_absolute_url()

    def empty_updated(self, source: Source) -> datetime:
        return source.created_at

    def items(self, source: Source) -> list[Entry]:
        firsts = list(
            Mention.objects.filter(
                Q(claimant=source) | Q(article__publisher=source), claim__merged_into__isnull=True
            )
            .values("claim_id")
            .annotate(first_seen=Min("created_at"), first_id=Min("id"))
            .order_by("-first_seen", "-claim_id")[:FEED_SIZE]
        )
        mentions = Mention.objects.select_related(
            "claim", "claimant", "article__publisher"
        ).in_bulk([r["first_id"] for r in firsts])
        entries = []
        for row in firsts:
            mention = mentions[row["first_id"]]
            claim = mention.claim
            base = mention_entry(mention, with_summary=False)
            entries.append(
                Entry(
                    title=f"{claim.summary} ({claim.get_status_display().lower()})",
                    summary=format_html("<p>{}</p>{}", base.title, base.summary),
                    # The source's own mention on the claim page: one entry per claim and source.
                    link=f"{claim.get_absolute_url()}#m-{mention.pk}",
                    updated=row["first_seen"],
                )
            )
        return entries


class ClaimFeed(AtomFeed):
    """One claim's story as it grows: new mentions and verdicts, newest first."""

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # A merged claim's feed moved for good to the claim it became, as its page did:
        # readers that follow a 301 subscribe to the survivor's feed id.
        claim = claim_addressed_or_moved(pk=kwargs["pk"], url_name="feeds:claim")
        if isinstance(claim, HttpResponsePermanentRedirect):
            return claim
        # The claim just loaded is the feed's object: get_object receives it, not its id.
        return super().__call__(request, claim=claim)

    def get_object(self, request: HttpRequest, claim: Claim) -> Claim:
        return claim

    def title(self, claim: Claim) -> str:
        return f"Claimtrack: {claim.summary}"

    def subtitle(self, claim: Claim) -> str:
        return f"New mentions and verdicts of claim #{claim.pk}."

    def link(self, claim: Claim) -> str:
        return claim.get_absolute_url()

    def empty_updated(self, claim: Claim) -> datetime:
        return claim.created_at

    def items(self, claim: Claim) -> list[Entry]:
        mentions = (
            Mention.objects.filter(claim=claim)
            .select_related("article__publisher", "claimant")
            .order_by("-created_at", "-id")[:FEED_SIZE]
        )
        changes = (
            StatusChange.objects.filter(claim=claim)
            .select_related("evidence_mention")
            .order_by("-created_at", "-id")[:FEED_SIZE]
        )
        entries = [mention_entry(m, with_summary=False) for m in mentions]
        entries += [status_entry(c, with_summary=False) for c in changes]
        entries.sort(key=lambda e: e.updated, reverse=True)
        return entries[:FEED_SIZE]


app_name = "feeds"
urlpatterns = [
    path("verdicts.atom", VerdictsFeed(), name="verdicts"),
    path("sources/<slug:slug>.atom", SourceClaimsFeed(), name="source"),
    path("claims/<int:pk>.atom", ClaimFeed(), name="claim"),
]
