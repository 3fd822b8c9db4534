"""The OpenAPI description: the docs page's introduction and the errors every operation
can answer with."""

from __future__ import annotations

from typing import Any

from drf_spectacular.authentication import TokenScheme
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse

from claims.api.serializers import ErrorSerializer

API_DESCRIPTION = """
Claimtrack's claims, mentions, sources and articles, the same data the web pages show.

**Reading** is open to everyone. Anonymous clients are throttled per address (the rate is
the `CLAIMTRACK_API_ANON_RATE` setting); over it the answer is `429` with `Retry-After`.

**Writing** (submitting URLs, setting a status, merging claims) is for members of the
Editors group. Get a token with `POST /api/v1/auth/token/` (username and password), then
send `Authorization: Token <key>` (or `Bearer <key>`). Without credentials a write answers
`401`; with an account that is not an editor, `403`.

**Lists** are keyset-paginated: each answer is `{"next": <url or null>, "results": [...]}`;
follow `next` until it is null. `page_size` takes 1 to 200.

**Claims** take exactly the timeline page's filters: `q` (full-text search), `status`
(repeatable), `place`, `actor`, `source` and `claimant` (source slugs), `stance`,
`date_from`/`date_to` (year-month-day), `dates` (`reported` or `event`) and `order`
(`newest`/`oldest`). A parameter a list or an export does not take is refused (`400`), not
ignored, except `format` and `_`, the cache-buster some HTTP clients append
(`_=1718000000000`): they are ignored.
The same query string exports everything it selects:
`/api/v1/exports/claims.csv` (one row per mention) and `/api/v1/exports/claims.jsonl`
(one claim per line, its mentions inside).

**Errors** all look alike:
`{"error": {"status": 400, "code": "invalid", "message": "...", "fields": {"note": ["..."]}}}`.
Setting a status that changed since you read it answers `409` with `error.current`.

**Also**: Atom feeds at `/feeds/verdicts.atom`, `/feeds/claims/<id>.atom` and
`/feeds/sources/<slug>.atom`; schema.org ClaimReview JSON-LD at `/claims/<id>.jsonld` for
every claim with a verdict.
"""

ERROR_DESCRIPTIONS = {
    400: "Not valid: `error.fields` says what is wrong with which field.",
    401: "No credentials, or a token that is not valid.",
    403: "Signed in, but not an editor.",
    404: "Nothing with that id.",
    406: "The Accept header asks for a format this endpoint cannot give.",
    409: "The claim changed since you read it (or was merged); `error.current` is its state.",
    415: "The body's Content-Type is not JSON or a form.",
    429: "Too many requests from your address; wait `Retry-After` seconds.",
}

# Answers any operation can give whatever it declares: a query with NUL characters (400),
# a bad token (401), an Accept header it cannot satisfy (406), the throttle (429).
COMMON = (400, 401, 406, 429)
COMMON_WRITE = (415,)


class BearerTokenScheme(TokenScheme):
    """The same token sent as `Bearer <key>` (its own scheme: two under one name clash)."""

    target_class = "claims.api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"
    match_subclasses = False
    priority = 1


class ExportSchema(AutoSchema):
    """An export is not a list to the schema generator (its body is a file, not an array),
    which then leaves out the filters; they are the timeline's, all of them."""

    def get_filter_backends(self) -> list[Any]:
        return list(getattr(self.view, "filter_backends", []))


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {
        code: OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code])
        for code in codes
    }


def _error_response(code: int) -> dict[str, Any]:
    return {
        "description": ERROR_DESCRIPTIONS[code],
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def document_common_errors(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: the errors every operation can answer with."""
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = COMMON + (COMMON_WRITE if method in {"post", "put", "patch"} else ())
            for code in codes:
                operation["responses"].setdefault(str(code), _error_response(code))
    return result
