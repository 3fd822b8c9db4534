"""Safe HTTP fetching for URLs that users type: the SSRF-proof, polite crawler.

Plain functions, no Celery: `fetch()` either returns a FetchResult or raises FetchError,
whose `permanent` flag tells the caller whether trying again could help.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field


class Accept(enum.Enum):
    """What the caller wants; anything else fails with a clear content-type error."""

    HTML = "html"  # text/html, application/xhtml+xml
    FEED = "feed"  # RSS/Atom/XML
    ROBOTS = "robots"  # text/plain (robots.txt)


@dataclass(frozen=True)
class FetchResult:
    requested_url: str
    final_url: str  # after redirects
    status: int  # 200, or 304 when a conditional request found nothing new
    headers: Mapping[str, str] = field(default_factory=dict)  # lower-cased names
    content_type: str = ""  # media type only, lower-cased: "text/html"
    charset: str | None = None  # from the Content-Type header, if any
    body: bytes = b""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class FetchError(Exception):
    """A fetch that did not give a usable body. `kind` is an Article.FailureKind value."""

    def __init__(
        self,
        kind: str,
        message: str,
        *,
        permanent: bool,
        retry_after: float | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.permanent = permanent
        self.retry_after = retry_after
        self.status = status
