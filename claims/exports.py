"""Exports over HTTP: the claims any timeline filter selects, as CSV (one row per mention,
so a spreadsheet shows who said what when) or JSON Lines (one claim per line, its mentions
inside), streamed.

The record format is claims.export's, the one `manage.py export_claims` writes; this module
only selects (the timeline's filters) and streams. Claims come from a server-side cursor a
chunk at a time with their mentions prefetched per chunk, and each claim's text is sent as
soon as it is written, so memory stays flat however many claims match.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Literal

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone

from claims.export import claim_records, claims_for_export, csv_chunks, jsonl_lines
from claims.models import Claim

ExportFormat = Literal["csv", "jsonl"]
CONTENT_TYPES: dict[ExportFormat, str] = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/jsonl; charset=utf-8",
}
# Small enough to start the download at once, large enough not to send one packet per claim.
SEND_BYTES = 64 * 1024


def export_lines(*, claims: QuerySet[Claim], fmt: ExportFormat) -> Iterator[str]:
    """The export of `claims` (any filtered queryset), as text chunks, in claim id order."""
    records = claim_records(claims_for_export(claims=claims))
    if fmt == "csv":
        # Downloads open in spreadsheets: cells that would run as formulas stay text.
        return csv_chunks(records, formula_safe=True)
    return jsonl_lines(records)


def _batched(chunks: Iterable[str], size: int = SEND_BYTES) -> Iterator[bytes]:
    pending: list[bytes] = []
    held = 0
    for chunk in chunks:
        data = chunk.encode("utf-8")
        pending.append(data)
        held += len(data)
        if held >= size:
            yield b"".join(pending)
            pending, held = [], 0
    if pending:
        yield b"".join(pending)


def export_response(*, claims: QuerySet[Claim], fmt: ExportFormat) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        _batched(export_lines(claims=claims, fmt=fmt)), content_type=CONTENT_TYPES[fmt]
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="claims-{stamp}.{fmt}"'
    return response
