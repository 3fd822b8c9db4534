"""One error format for every failure of the API, whoever raises it.

    {"error": {"status": 400, "code": "invalid", "message": "...", "fields": {"note": ["..."]}}}

`fields` appears on validation errors only, keyed by field (nested ones dotted: `urls.2`);
`retry_after` on 429; `current` on 409 (the state the client did not know about).
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import (
    Http404,
    HttpRequest,
    HttpResponseBase,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.urls import Resolver404, ResolverMatch, resolve
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

logger = logging.getLogger("claims.api")

NON_FIELD = "non_field_errors"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "too_large"


class Conflict(exceptions.APIException):
    """The resource is not in the state the client assumed; `current` says what it is."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "The resource changed; nothing was saved."
    default_code = "conflict"

    def __init__(self, detail: str, *, code: str = "conflict", current: dict[str, Any]) -> None:
        super().__init__(detail, code)
        self.current = current


def error_body(
    *,
    status: int,
    code: str,
    message: str,
    fields: dict[str, list[str]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    error: dict[str, Any] = {"status": status, "code": code, "message": message}
    if fields:
        error["fields"] = fields
    error.update(extra)
    return {"error": error}


def no_such(what: str, key: int | str) -> str:
    """What a 404 for one object says, in the API and the JSON-LD alike: "There is no claim
    #12.", "There is no source with the slug “x”." (not Django's "No Claim matches the
    given query.")."""
    if isinstance(key, int):
        return f"There is no {what} #{key}."
    return f"There is no {what} with the slug “{key}”."


def error_json(*, status: int, code: str, message: str, **extra: Any) -> JsonResponse:
    """The same body from a plain Django view (URL not found, a claim without a verdict)."""
    return JsonResponse(
        error_body(status=status, code=code, message=message, **extra),
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def flatten_errors(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as {"field": [...], "urls.2": [...], "non_field_errors": [...]}."""
    found: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = str(key) if not prefix else f"{prefix}.{key}"
            if str(key) == NON_FIELD and prefix:
                name = prefix
            found.update(flatten_errors(value, name))
    elif isinstance(detail, list) and all(isinstance(item, str) for item in detail):
        if detail:
            found.setdefault(prefix or NON_FIELD, []).extend(str(item) for item in detail)
    elif isinstance(detail, list):
        # A list serializer's errors: one entry per item, empty for the valid ones.
        for index, item in enumerate(detail):
            if item:
                found.update(flatten_errors(item, f"{prefix}.{index}" if prefix else str(index)))
    else:
        found.setdefault(prefix or NON_FIELD, []).append(str(detail))
    return found


def _validation_message(fields: dict[str, list[str]]) -> str:
    parts = []
    for name, messages in fields.items():
        text = " ".join(messages)
        parts.append(text if name == NON_FIELD else f"{name}: {text}")
    return "The request is not valid. " + " ".join(parts[:5]) + (" …" if len(parts) > 5 else "")


def _code(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    if isinstance(codes, str):
        return codes
    return str(exc.default_code)


def _request_refused(exc: SuspiciousOperation) -> exceptions.APIException:
    if isinstance(exc, RequestDataTooBig):
        return PayloadTooLarge(
            f"The request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes."
        )
    if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        return exceptions.ParseError(
            f"The request has more than {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:,} fields or "
            f"{settings.DATA_UPLOAD_MAX_NUMBER_FILES:,} files.",
            code="too_many_fields",
        )
    return exceptions.ParseError("The request is malformed.", code="bad_request")


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """REST framework's EXCEPTION_HANDLER: every failure in the one format."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) if exc.args else "Nothing here with that address.")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) if exc.args else None)
    elif isinstance(exc, SuspiciousOperation):
        # Raised while reading the body: the client's doing, which Django's own handler
        # answers with a 400 (it became a 500 here, with a traceback in the log).
        exc = _request_refused(exc)

    if not isinstance(exc, exceptions.APIException):
        if settings.DEBUG:
            return None  # Django's debug page shows the traceback.
        logger.exception("API request failed: %s", context.get("request"))
        set_rollback()
        return Response(
            error_body(
                status=500,
                code="server_error",
                message="Something went wrong on our side; it has been logged. Try again later.",
            ),
            status=500,
        )

    headers: dict[str, str] = {}
    extra: dict[str, Any] = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header  # type: ignore[attr-defined]
    wait = getattr(exc, "wait", None)
    if isinstance(exc, exceptions.Throttled) and wait is not None:
        headers["Retry-After"] = str(int(wait))
        extra["retry_after"] = int(wait)
    if isinstance(exc, Conflict):
        extra["current"] = exc.current

    if isinstance(exc, exceptions.ValidationError):
        fields = flatten_errors(exc.detail)
        message = _validation_message(fields)
        fields.pop(NON_FIELD, None)
        body = error_body(
            status=exc.status_code, code="invalid", message=message, fields=fields, **extra
        )
    else:
        body = error_body(status=exc.status_code, code=_code(exc), message=str(exc.detail), **extra)
    set_rollback()
    return Response(body, status=exc.status_code, headers=headers)


@csrf_exempt  # it changes nothing; a POST to a wrong address must get this 404, not CSRF's 403
def api_not_found(request: HttpRequest, path: str = "") -> HttpResponseBase:
    """Any address under /api/ that names nothing: JSON, never the HTML 404 page. A GET
    that only lacks its trailing slash is redirected, as Django's APPEND_SLASH would."""
    if not request.path.endswith("/"):
        match = _resolve_or_none(request.path + "/")
        if match is not None and match.func is not api_not_found:
            if request.method in {"GET", "HEAD"}:
                query = request.META.get("QUERY_STRING", "")
                return HttpResponsePermanentRedirect(
                    request.path + "/" + ("?" + query if query else "")
                )
            return error_json(
                status=404,
                code="not_found",
                message=f"There is no API endpoint at {request.path}; did you mean "
                f"{request.path}/ (with the slash)?",
            )
    return error_json(
        status=404,
        code="not_found",
        message=f"There is no API endpoint at {request.path}. The endpoints are listed at "
        "/api/v1/ and documented at /api/v1/docs/.",
    )


def _resolve_or_none(path: str) -> ResolverMatch | None:
    try:
        return resolve(path)
    except Resolver404:
        return None
