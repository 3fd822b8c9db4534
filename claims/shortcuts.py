"""Answers every HTTP face of Claimtrack gives alike: the pages, the API, the feeds and the
JSON-LD (as django.shortcuts is to views). Data comes from selectors; only the HTTP answer
is decided here."""

from __future__ import annotations

from django.http import HttpResponsePermanentRedirect
from django.shortcuts import redirect

from claims import selectors
from claims.models import Claim


def claim_addressed_or_moved(*, pk: int, url_name: str) -> Claim | HttpResponsePermanentRedirect:
    """The claim a GET address names, or, when it was merged, that address's answer: 301 to
    the same address (``url_name``) of the claim it was merged into. A merge is never undone,
    so the page, the API, the feed and the JSON-LD have moved for good: readers and feed
    readers that follow a 301 keep the survivor's address. Http404 if there is no claim."""
    claim = selectors.claim_addressed(pk=pk)
    if claim.merged_into_id is not None:
        return redirect(url_name, pk=claim.merged_into_id, permanent=True)
    return claim
