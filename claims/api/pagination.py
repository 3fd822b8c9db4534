"""Keyset pagination for every list: no OFFSET, so a deep page costs what the first costs.

Every list answers {"next": <url or null>, "results": [...]}; follow `next` until it is
null. The claims list pages with the timeline's own keyset (selectors.timeline_page), the
other lists with REST framework's cursor over a fixed ordering.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from rest_framework import exceptions
from rest_framework.pagination import BasePagination, CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from claims import selectors
from claims.models import Claim

MAX_PAGE_SIZE = 200
CURSOR_HELP = (
    "Where the page starts: the value from a previous page's `next` link. Leave it out "
    "for the first page."
)
PAGE_SIZE_HELP = f"How many results per page, 1 to {MAX_PAGE_SIZE}."


def page_size_from(request: Request, default: int) -> int:
    raw = request.query_params.get("page_size")
    if raw is None or raw == "":
        return default
    try:
        size = int(raw)
    except ValueError:
        size = 0
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise exceptions.ValidationError(
            {"page_size": [f"Give a whole number from 1 to {MAX_PAGE_SIZE}, not {raw!r}."]}
        )
    return size


def envelope_schema(results: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["next", "results"],
        "properties": {
            "next": {
                "type": "string",
                "nullable": True,
                "format": "uri",
                "description": "The next page, or null on the last page.",
            },
            "results": results,
        },
    }


def pagination_parameters() -> list[dict[str, Any]]:
    return [
        {
            "name": "cursor",
            "required": False,
            "in": "query",
            "description": CURSOR_HELP,
            "schema": {"type": "string"},
        },
        {
            "name": "page_size",
            "required": False,
            "in": "query",
            "description": PAGE_SIZE_HELP,
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
        },
    ]


class Envelope(BasePagination):
    """What every list answers, however it pages: {"next": <url or null>, "results": [...]},
    its schema, and the `cursor` and `page_size` parameters. Put first among the bases, so that
    it answers before REST framework's own pagination does."""

    # The paging class gives the link (REST framework's cursor, or the timeline's keyset).
    get_next_link: Callable[[], str | None]

    def get_paginated_response(self, data: Any) -> Response:
        return Response({"next": self.get_next_link(), "results": data})

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return envelope_schema(schema)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return pagination_parameters()


def _bad_cursor() -> exceptions.ValidationError:
    return exceptions.ValidationError(
        {"cursor": ["Not a page position from this API: follow the `next` link of a page."]}
    )


class KeysetPagination(Envelope, CursorPagination):
    """REST framework's cursor, newest first, answering 400 (not 404) to a bad cursor."""

    ordering: str | tuple[str, ...] = "-id"
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request: Request) -> int:
        return page_size_from(request, int(self.page_size or 50))

    def decode_cursor(self, request: Request) -> Any:
        try:
            cursor = super().decode_cursor(request)
        except exceptions.NotFound:
            raise _bad_cursor() from None
        # The position is compared with a text column (a source's name): PostgreSQL text
        # cannot hold NUL, and the query would fail with a 500. The raw parameter is checked
        # for NUL (ApiView.initial), but this is inside its base64.
        position: object = cursor.position if cursor is not None else None
        if isinstance(position, str) and "\x00" in position:
            raise _bad_cursor()
        return cursor

    def paginate_queryset(
        self, queryset: QuerySet[Any], request: Request, view: Any = None
    ) -> list[Any] | None:
        try:
            return super().paginate_queryset(queryset, request, view)
        except (ValueError, TypeError):
            # A well-formed cursor whose position is not a value of the ordering field.
            raise _bad_cursor() from None


class NamePagination(KeysetPagination):
    ordering = ("name", "id")


class TimelinePagination(Envelope):
    """The timeline's keyset (date, id) in the timeline's order; cursors read like
    `2024-06-21.123`."""

    page_size = selectors.TIMELINE_PAGE_SIZE

    def paginate_timeline(
        self,
        *,
        claims: QuerySet[Claim],
        basis: selectors.DateBasis,
        oldest_first: bool,
        request: Request,
    ) -> list[selectors.TimelineRow]:
        self.request = request
        size = page_size_from(request, self.page_size)
        after = None
        raw = request.query_params.get("cursor")
        if raw:
            try:
                after = selectors.Cursor.parse(raw)
            except ValueError:
                raise _bad_cursor() from None
            if not 0 < after.id < 2**63:
                raise _bad_cursor()
        page = selectors.timeline_page(
            claims=claims, basis=basis, oldest_first=oldest_first, after=after, size=size
        )
        self.next_cursor = page.next_cursor
        return page.rows

    def get_next_link(self) -> str | None:
        if self.next_cursor is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, "cursor", str(self.next_cursor))
