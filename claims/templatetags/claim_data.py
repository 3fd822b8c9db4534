"""`{% load claim_data %}`: the machine-readable side of a page (JSON-LD)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from claims.jsonld import claim_review, jsonld_script, site_root
from claims.models import Claim

register = template.Library()


@register.simple_tag(takes_context=True)
def claim_review_jsonld(context: dict[str, Any], claim: Claim) -> SafeString | str:
    """The claim's ClaimReview as a JSON-LD script element; nothing without a verdict."""
    request = context.get("request")
    if request is None:
        return ""
    review = claim_review(claim=claim, base_url=site_root(request))
    return jsonld_script(review) if review is not None else ""
