"""schema.org ClaimReview (JSON-LD) for every claim with a verdict.

The review is the editor's verdict, published by the organization running Claimtrack
(settings.CLAIMTRACK_ORGANIZATION_NAME / _URL) on the day of the verdict. What it reviews is
the Claim: its author is whoever first put it forward (a Person or an Organization by the
Source's kind), dated by the first statement, appearing in the articles that carry it.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponsePermanentRedirect,
)
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET

from claims import selectors
from claims.api.exceptions import error_json, no_such
from claims.models import Claim, Mention, StatusChange
from claims.shortcuts import claim_addressed_or_moved
from sources.models import Article, Source

CONTENT_TYPE = "application/ld+json; charset=utf-8"
VERDICTS = (
    Claim.Status.CONFIRMED,
    Claim.Status.DENIED,
    Claim.Status.DISPUTED,
    Claim.Status.RETRACTED,
)
# The usual fact-check scale, 1 (false) to 5 (true). A retraction has no honest place on
# it (the claimant withdrew the claim; nobody showed it false), so it carries only its name.
RATING_VALUES = {
    Claim.Status.CONFIRMED: 5,
    Claim.Status.DISPUTED: 3,
    Claim.Status.DENIED: 1,
}
BEST_RATING, WORST_RATING = 5, 1
PERSON_KINDS = (Source.Kind.PERSON, Source.Kind.ANONYMOUS)
FORWARD_STANCES = (Mention.Stance.ASSERTS, Mention.Stance.CONFIRMS)


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    return value.isoformat()


def _party(source: Source) -> dict[str, Any]:
    party: dict[str, Any] = {
        "@type": "Person" if source.kind in PERSON_KINDS else "Organization",
        "name": source.name,
    }
    if source.homepage:
        party["url"] = source.homepage
    return party


def _creative_work(article: Article, base_url: str) -> dict[str, Any]:
    work: dict[str, Any] = {
        "@type": "CreativeWork",
        # A file imported without its address is known only by its page here.
        "url": article.canonical_url or article.url or base_url + article.get_absolute_url(),
    }
    if article.title:
        work["headline"] = article.title
    if article.published_at:
        work["datePublished"] = article.published_at.isoformat()
    if article.publisher is not None:
        work["publisher"] = {"@type": "Organization", "name": article.publisher.name}
    return work


def claim_verdict(claim: Claim) -> StatusChange | None:
    """The status change that gave the claim its current verdict (None if it has none)."""
    if claim.status not in VERDICTS:
        return None
    return (
        StatusChange.objects.filter(claim=claim, to_status=claim.status)
        .select_related("editor")
        .order_by("-created_at", "-id")
        .first()
    )


def claim_review(*, claim: Claim, base_url: str) -> dict[str, Any] | None:
    """The ClaimReview of `claim`, or None when it has no verdict. `base_url` is the site's
    scheme and host (no trailing slash): every URL in the document is absolute."""
    if claim.status not in VERDICTS:
        return None
    verdict = claim_verdict(claim)
    mentions = selectors.claim_mentions(claim=claim)  # date order, articles joined

    item: dict[str, Any] = {"@type": "Claim"}
    first_forward = next((m for m in mentions if m.stance in FORWARD_STANCES), None)
    first = first_forward or (mentions[0] if mentions else None)
    if first is not None:
        # With nobody named, the outlet speaks for itself (the track record's rule too).
        claimant = first.claimant or first.article.publisher
        if claimant is not None:
            item["author"] = _party(claimant)
    stated = claim.first_reported or (getattr(first, "said_on", None) if first else None)
    if stated is not None:
        item["datePublished"] = _iso(stated)
    # Each article once, in the order of its first mention.
    by_id: dict[int, Article] = {}
    for mention in mentions:
        by_id.setdefault(mention.article_id, mention.article)
    articles = list(by_id.values())
    if articles:
        item["firstAppearance"] = _creative_work(articles[0], base_url)
        item["appearance"] = [_creative_work(a, base_url) for a in articles]

    rating: dict[str, Any] = {
        "@type": "Rating",
        "alternateName": Claim.Status(claim.status).label,
    }
    if claim.status in RATING_VALUES:
        rating.update(
            ratingValue=RATING_VALUES[Claim.Status(claim.status)],
            bestRating=BEST_RATING,
            worstRating=WORST_RATING,
        )

    organization: dict[str, Any] = {
        "@type": "Organization",
        "name": settings.CLAIMTRACK_ORGANIZATION_NAME,
        "url": settings.CLAIMTRACK_ORGANIZATION_URL or base_url + "/",
    }
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": base_url + claim.get_absolute_url(),
        "claimReviewed": claim.summary,
        "itemReviewed": item,
        "author": organization,
        # The verdict's day; a claim whose verdict predates the audit trail keeps its
        # last change.
        "datePublished": _iso(verdict.created_at if verdict else claim.updated_at),
        "reviewRating": rating,
    }
    if verdict is not None and verdict.note:
        review["reviewBody"] = verdict.note
    return review


_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def jsonld_script(data: dict[str, Any]) -> SafeString:
    """`<script type="application/ld+json">`: the JSON with <, > and & escaped, so that no
    text in it (a headline, a quote) can close the script element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


def site_root(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_GET
def claim_review_view(request: HttpRequest, pk: int) -> HttpResponseBase:
    """/claims/<id>.jsonld"""
    try:
        claim = claim_addressed_or_moved(pk=pk, url_name="claim_review_jsonld")
    except Http404:
        return error_json(status=404, code="not_found", message=no_such("claim", pk))
    if isinstance(claim, HttpResponsePermanentRedirect):
        return claim
    review = claim_review(claim=claim, base_url=site_root(request))
    if review is None:
        return error_json(
            status=404,
            code="no_verdict",
            message=f"Claim #{pk} has no verdict yet (it is {claim.get_status_display().lower()})"
            ": a ClaimReview exists only for claims confirmed, denied, disputed or retracted.",
        )
    return HttpResponse(json.dumps(review, ensure_ascii=False, indent=2), content_type=CONTENT_TYPE)
