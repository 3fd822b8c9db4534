"""Safe HTTP fetching for URLs that users type: the SSRF-proof, polite crawler.

Plain functions, no Celery: `fetch()` either returns a FetchResult or raises FetchError,
whose `permanent` flag tells the caller whether trying again could help.

What a fetch does, hop by hop (a redirect is a new hop and goes through all of it again):
1. The URL must be http(s), with a host, without a user name or password.
2. The host is resolved once and every address it resolves to must be a public one
   (`is_address_allowed`), unless CLAIMTRACK_FETCH_ALLOW_PRIVATE is on. The connection
   goes to exactly the address that was checked, with the real host name in the Host
   header and, for https, in SNI and certificate verification: no DNS-rebinding window.
3. robots.txt of the origin is read (through this same path, cached in the shared cache)
   and obeyed. 404 and other permanent failures of robots.txt mean "no rules"; 401/403
   mean "keep out"; 5xx, 429, timeouts and connection errors make the fetch fail
   temporarily, so the task layer tries again later rather than guessing.
4. The host's turn is taken (sources/politeness.py): one request per host per interval,
   across all workers.
5. Connect and read timeouts bound each step, one overall deadline bounds the whole fetch
   (robots.txt, waiting for a turn, every redirect, the body); a watchdog closes the socket
   when the deadline passes, because read timeouts alone let a server that drips one byte
   at a time hold a worker for ever.
6. The body is capped on the wire (Content-Length checked before reading, bytes counted
   while streaming) and again after gzip/deflate decoding, which is done here, bounded,
   so a compression bomb never gets inflated in memory.
A missing Content-Type is sniffed from the first bytes (HTML, XML feeds, PDF, images); a
body that looks like none of the wanted types fails with a content_type error.
"""

from __future__ import annotations

import codecs
import contextlib
import email.utils
import enum
import heapq
import http.client
import ipaddress
import logging
import os
import random
import re
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Protocol
from urllib.parse import quote, urljoin, urlsplit

from django.conf import settings
from redis.exceptions import RedisError
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import NewConnectionError
from urllib3.exceptions import SSLError as Urllib3SSLError
from urllib3.exceptions import TimeoutError as Urllib3Timeout
from urllib3.util.ssl_ import create_urllib3_context
from urllib3.util.ssl_match_hostname import CertificateError as HostnameMismatch

from sources.politeness import host_take_turn
from sources.robots import RobotsMode, RobotsPolicy, robots_cached, robots_remember
from sources.urlnorm import host_ascii

logger = logging.getLogger(__name__)


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
    # The URLs that answered with a redirect, in order (final_url not included).
    redirects: tuple[str, ...] = ()
    # The IP address the final response came from (the one that was checked).
    address: str = ""

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


# Article.FailureKind values, spelled out so this module needs no app registry.
BAD_URL = "bad_url"
BLOCKED_ADDRESS = "blocked_address"
ROBOTS = "robots"
TIMEOUT = "timeout"
CONNECTION = "connection"
REDIRECTS = "redirects"
HTTP_4XX = "http_4xx"
NOT_FOUND = "not_found"
RATE_LIMITED = "rate_limited"
HTTP_5XX = "http_5xx"
TOO_LARGE = "too_large"
CONTENT_TYPE = "content_type"
ENCODING = "encoding"
EMPTY = "empty"
INTERNAL = "internal"

MAX_REDIRECTS = 5
MAX_URL_LENGTH = 2000
# RFC 9309 asks crawlers to read at least 500 KiB of robots.txt; more is not a robots file.
ROBOTS_MAX_BYTES = 512 * 1024
_READ_CHUNK = 64 * 1024
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})

ACCEPTED_TYPES: dict[Accept, frozenset[str]] = {
    Accept.HTML: frozenset({"text/html", "application/xhtml+xml"}),
    Accept.FEED: frozenset(
        {
            "application/rss+xml",
            "application/atom+xml",
            "application/rdf+xml",
            "application/xml",
            "text/xml",
            "application/x-rss+xml",
            "application/x-atom+xml",
        }
    ),
    Accept.ROBOTS: frozenset({"text/plain"}),
}
_ACCEPT_HEADER = {
    Accept.HTML: "text/html,application/xhtml+xml;q=0.9",
    Accept.FEED: "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.8",
    Accept.ROBOTS: "text/plain",
}
_WANTED = {Accept.HTML: "an HTML page", Accept.FEED: "an RSS/Atom feed", Accept.ROBOTS: "text"}
# Framing and encoding are the fetcher's business: a caller's value would break the caps.
_RESERVED_HEADERS = frozenset(
    {"host", "accept-encoding", "connection", "content-length", "transfer-encoding", "te"}
)


# ---------------------------------------------------------------------------------------
# The public entry points


def fetch(
    url: str,
    *,
    accept: Accept = Accept.HTML,
    headers: Mapping[str, str] | None = None,
    check_robots: bool = True,
) -> FetchResult:
    """Fetch `url` safely (see the module docstring) or raise FetchError saying why not.

    `headers` are extra request headers (If-None-Match, If-Modified-Since...); a 304
    answer is a FetchResult with status 304 and an empty body, not an error.
    """
    started = time.monotonic()
    deadline = _Deadline(float(settings.CLAIMTRACK_FETCH_DEADLINE))
    try:
        result = _fetch(
            url,
            accept=accept,
            headers=headers or {},
            check_robots=check_robots,
            deadline=deadline,
            max_bytes=int(settings.CLAIMTRACK_FETCH_MAX_BYTES),
        )
    except RedisError as exc:
        # robots.txt verdicts and host turns live in Redis; without it no polite fetch.
        logger.error("fetch %s: the shared cache (Redis) failed: %s", url, exc)
        raise FetchError(
            INTERNAL,
            f"{url} was not fetched: Claimtrack's shared cache (Redis) did not answer ({exc}).",
            permanent=False,
        ) from exc
    except FetchError as exc:
        logger.warning(
            "fetch %s: failed %s (%s, status %s) after %.2fs: %s",
            url,
            exc.kind,
            "permanent" if exc.permanent else "temporary",
            exc.status,
            time.monotonic() - started,
            exc.message,
        )
        raise
    logger.info(
        "fetch %s: %s %s %s bytes from %s%s in %.2fs",
        url,
        result.status,
        result.content_type or "-",
        len(result.body),
        result.final_url,
        f" after {len(result.redirects)} redirects" if result.redirects else "",
        time.monotonic() - started,
    )
    return result


# The longest wait a server's Retry-After is obeyed for. Beyond it the retry's time, now plus
# the wait, could not be held (timedelta and datetime overflow past ~10^14 s, year 9999).
RETRY_AFTER_MAX = 24 * 3600.0


def backoff_delay(attempt: int, retry_after: float | None = None) -> float:
    """Seconds to wait before try `attempt + 1`, after `attempt` tries failed (1, 2, ...).

    Exponential backoff with full jitter (uniform between 0 and base * 2^(attempt-1),
    capped at CLAIMTRACK_FETCH_BACKOFF_MAX) spreads retries of many workers; a server's
    Retry-After is a floor: never come back sooner than it asked, unless it asked for more
    than RETRY_AFTER_MAX (a day; parse_retry_after caps it).
    """
    base = float(settings.CLAIMTRACK_FETCH_BACKOFF_BASE)
    cap = float(settings.CLAIMTRACK_FETCH_BACKOFF_MAX)
    ceiling = min(cap, base * 2 ** min(max(attempt, 1) - 1, 62))
    delay = random.uniform(0, ceiling)
    if retry_after is not None and retry_after > delay:
        return float(retry_after)
    return delay


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP-date), None if unusable,
    at most RETRY_AFTER_MAX."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        # float(), not int(): 400 digits would overflow the conversion, 4301 int()'s limit.
        return min(float(value), RETRY_AFTER_MAX)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    seconds = (when - (now or datetime.now(tz=UTC))).total_seconds()
    return min(max(0.0, seconds), RETRY_AFTER_MAX)


def is_address_allowed(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """True only for addresses on the public internet.

    Consulted for every address of every hop (tests swap it to let one loopback server
    stand for "the internet" and prove the next hop is still checked).
    """
    if isinstance(address, ipaddress.IPv6Address):
        # An IPv6 address that carries an IPv4 one reaches that IPv4 host: judge that one.
        embedded = address.ipv4_mapped or address.sixtofour or _nat64_embedded(address)
        if embedded is not None:
            return is_address_allowed(embedded)
        if address.is_site_local:
            # fec0::/10, deprecated but still routed inside some networks; ipaddress calls
            # it global.
            return False
    return not (
        not address.is_global
        or address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def describe_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    """Why an address is refused, in words a person can act on."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour or _nat64_embedded(address)
        if embedded is not None:
            return f"an IPv6 address wrapping {embedded}, {describe_address(embedded)}"
    kinds = (
        (address.is_unspecified, "the unspecified address"),
        (address.is_loopback, "a loopback address (this machine)"),
        (address.is_link_local, "a link-local address (where cloud metadata services live)"),
        (address in _CGNAT, "a shared (carrier-grade NAT) address"),
        (address in _ULA, "a unique-local (private) IPv6 address"),
        (address in _SITE_LOCAL, "a site-local (private) IPv6 address"),
        (address.is_multicast, "a multicast address"),
        (address.is_private, "a private network address"),
    )
    return next(
        (words for matches, words in kinds if matches),
        "a reserved address, not on the public internet",
    )


def decode_body(result: FetchResult) -> str:
    """The body as text: charset from the BOM, the header, <meta>/<?xml?>, then UTF-8.

    Undeclared bytes that are not UTF-8 are read as windows-1252, as browsers do. Fails
    with FetchError(kind="encoding", permanent=True) when the declared charset is unknown
    and the bytes are not UTF-8, or when the text comes out mostly unreadable (binary
    data, a wrong charset label on UTF-16).
    """
    body = result.body
    url = result.final_url or result.requested_url
    if not body:
        return ""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            try:
                return _readable(body[len(bom) :].decode(codec), url, codec)
            except UnicodeDecodeError:
                raise FetchError(
                    ENCODING,
                    f"{url} starts with a {codec} byte-order mark but is not valid {codec}.",
                    permanent=True,
                ) from None
    head = body[:4096]
    declared = [
        label
        for label in (result.charset, _sniffed_charset(head, result.content_type))
        if label and label.strip()
    ]
    known = [codec for codec in (_codec_for(label) for label in declared) if codec]
    if declared and not known:
        try:
            return _readable(body.decode("utf-8"), url, "utf-8")
        except UnicodeDecodeError:
            raise FetchError(
                ENCODING,
                f"{url} declares the character set {declared[0]!r}, which Claimtrack does "
                "not know, and is not valid UTF-8 either.",
                permanent=True,
            ) from None
    for codec in dict.fromkeys([*known, "utf-8"]):
        try:
            text = body.decode(codec)
        except UnicodeDecodeError:
            continue
        return _readable(text, url, codec)
    return _decode_damaged(body, known, url)


def _decode_damaged(body: bytes, known: list[str], url: str) -> str:
    """Bytes that no candidate decodes cleanly: the likeliest reading, if it is readable."""
    # A declared legacy charset with a few bad bytes is still that charset.
    if known and known[0] != "utf-8":
        with contextlib.suppress(FetchError):
            return _readable(body.decode(known[0], errors="replace"), url, known[0])
    # UTF-8 with a stray broken byte (a cut multi-byte character) stays UTF-8: its valid
    # multi-byte sequences outnumber the broken ones. Legacy text is the other way round.
    as_utf8 = body.decode("utf-8", errors="replace")
    broken = as_utf8.count("\ufffd")
    non_ascii = len(as_utf8) - len(as_utf8.encode("ascii", errors="ignore"))
    if non_ascii - broken >= 4 * broken:
        return _readable(as_utf8, url, "utf-8")
    # The web's legacy default, as browsers read undeclared or mislabelled pages.
    return _readable(body.decode("cp1252", errors="replace"), url, "windows-1252")


# ---------------------------------------------------------------------------------------
# Hops, redirects, robots.txt and turns


@dataclass(frozen=True)
class _Target:
    url: str  # normalised, without the fragment
    scheme: str
    host: str  # ASCII (IDNA), lower-case, no brackets
    port: int
    request_target: str  # path and query

    @property
    def _host_in_url(self) -> str:
        return f"[{self.host}]" if ":" in self.host else self.host

    @property
    def host_header(self) -> str:
        default = 443 if self.scheme == "https" else 80
        return self._host_in_url if self.port == default else f"{self._host_in_url}:{self.port}"

    @property
    def origin(self) -> str:
        return f"{self.scheme}://{self._host_in_url}:{self.port}"

    @property
    def robots_url(self) -> str:
        return f"{self.scheme}://{self.host_header}/robots.txt"


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def left(self, url: str, doing: str) -> float:
        left = self.remaining()
        if left <= 0:
            raise self.passed(url, doing)
        return left

    def passed(self, url: str, doing: str) -> FetchError:
        return FetchError(
            TIMEOUT,
            f"Gave up on {url}: the overall time limit of {self.seconds:g} s passed {doing}.",
            permanent=False,
        )


def _fetch(
    url: str,
    *,
    accept: Accept,
    headers: Mapping[str, str],
    check_robots: bool,
    deadline: _Deadline,
    max_bytes: int,
    cut_at_cap: bool = False,
) -> FetchResult:
    """`cut_at_cap`: a body over `max_bytes` is cut there, after its last complete line,
    instead of refused (for line-based text: robots.txt)."""
    target = _parse_target(url)
    seen = {target.url}
    redirects: list[str] = []
    extra = dict(headers)
    while True:
        addresses = _resolve(target)
        if check_robots:
            _robots_check(target, deadline=deadline)
        _take_turn(target, deadline=deadline)
        outcome = _hop(
            target,
            addresses,
            accept=accept,
            headers=extra,
            deadline=deadline,
            max_bytes=max_bytes,
            cut_at_cap=cut_at_cap,
        )
        if isinstance(outcome, FetchResult):
            return replace(outcome, requested_url=url, redirects=tuple(redirects))
        location, status = outcome
        if len(redirects) >= MAX_REDIRECTS:
            raise FetchError(
                REDIRECTS,
                f"{url} redirects more than {MAX_REDIRECTS} times (gave up at {target.url}).",
                permanent=True,
                status=status,
            )
        try:
            next_target = _parse_target(_joined(target.url, location))
        except FetchError as exc:
            raise FetchError(
                exc.kind,
                f"{target.url} redirects to something that cannot be fetched: {exc.message}",
                permanent=True,
                status=status,
            ) from None
        if next_target.url in seen:
            raise FetchError(
                REDIRECTS,
                f"{url} is caught in a redirect loop ({target.url} sends back to "
                f"{next_target.url}).",
                permanent=True,
                status=status,
            )
        logger.debug("fetch %s: %s redirects to %s", url, target.url, next_target.url)
        if next_target.origin != target.origin:
            # Credentials a caller meant for one site must not travel to another.
            extra = {k: v for k, v in extra.items() if k.lower() not in {"authorization", "cookie"}}
        seen.add(next_target.url)
        redirects.append(target.url)
        target = next_target


def _robots_check(target: _Target, *, deadline: _Deadline) -> None:
    policy = robots_cached(origin=target.origin)
    if policy is None:
        policy = _robots_read(target, deadline=deadline)
        robots_remember(
            origin=target.origin,
            policy=policy,
            seconds=int(settings.CLAIMTRACK_ROBOTS_CACHE_SECONDS),
        )
    if not policy.allows(target.url, settings.CLAIMTRACK_USER_AGENT):
        if policy.mode is RobotsMode.DISALLOW_ALL:
            why = f"keeps all robots out ({policy.reason})"
        else:
            why = "disallows it"
        raise FetchError(
            ROBOTS, f"{target.url} may not be fetched: {target.robots_url} {why}.", permanent=True
        )


def _robots_read(target: _Target, *, deadline: _Deadline) -> RobotsPolicy:
    robots_url = target.robots_url
    try:
        result = _fetch(
            robots_url,
            accept=Accept.ROBOTS,
            headers={},
            check_robots=False,
            deadline=deadline,
            max_bytes=ROBOTS_MAX_BYTES,
            # RFC 9309 §2.5: parse at least 500 KiB; what follows may be ignored, but a
            # longer file is still the site's rules (refused whole, it meant "no rules").
            cut_at_cap=True,
        )
    except FetchError as exc:
        if exc.status in (401, 403):
            policy = RobotsPolicy(
                RobotsMode.DISALLOW_ALL, reason=f"robots.txt answered {exc.status}"
            )
        elif not exc.permanent:
            # The site may be down or overloaded: asking again later beats guessing.
            raise FetchError(
                exc.kind,
                f"{target.url} waits: its robots.txt could not be read ({exc.message})",
                permanent=False,
                retry_after=exc.retry_after,
                status=exc.status,
            ) from None
        else:
            # 404, 410, other 4xx, an HTML page, an empty file: no rules.
            policy = RobotsPolicy(RobotsMode.ALLOW_ALL, reason=f"no usable robots.txt: {exc.kind}")
    else:
        policy = RobotsPolicy(
            RobotsMode.RULES,
            # RFC 9309: UTF-8, and a byte-order mark is not part of the first rule.
            text=result.body.decode("utf-8", errors="replace").removeprefix("\ufeff"),
            reason="robots.txt rules",
        )
    logger.info("robots %s: %s (%s)", robots_url, policy.mode.value, policy.reason)
    return policy


def _take_turn(target: _Target, *, deadline: _Deadline) -> None:
    interval = float(settings.CLAIMTRACK_FETCH_HOST_INTERVAL)
    if host_take_turn(host=target.host, interval=interval, wait_until=deadline.at) is None:
        raise FetchError(
            TIMEOUT,
            f"{target.url}: no turn at {target.host} within the overall time limit of "
            f"{deadline.seconds:g} s (one request per {interval:g} s per host, others go first).",
            permanent=False,
        )


def _parse_target(url: str) -> _Target:
    if not isinstance(url, str) or not url.strip():
        raise FetchError(BAD_URL, "The URL is empty.", permanent=True)
    url = url.strip()
    shown = url if len(url) <= 200 else url[:200] + "..."
    if len(url) > MAX_URL_LENGTH:
        raise FetchError(
            BAD_URL, f"The URL is longer than {MAX_URL_LENGTH} characters: {shown}", permanent=True
        )
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        raise FetchError(BAD_URL, f"The URL contains control characters: {shown!r}", permanent=True)
    try:
        parts = urlsplit(url)
        port = parts.port
        hostname = parts.hostname
    except ValueError as exc:
        raise FetchError(BAD_URL, f"{shown} is not a valid URL: {exc}.", permanent=True) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(
            BAD_URL,
            f"{shown} is not a web address: only http:// and https:// URLs are fetched"
            + (f", not {scheme}:." if scheme else "."),
            permanent=True,
        )
    if parts.username is not None or parts.password is not None:
        raise FetchError(
            BAD_URL,
            f"{shown} carries a user name or password; such URLs are not fetched.",
            permanent=True,
        )
    if not hostname:
        raise FetchError(BAD_URL, f"{shown} has no host name.", permanent=True)
    host = _ascii_host(hostname.rstrip("."), shown)
    if port == 0:
        raise FetchError(BAD_URL, f"{shown} names port 0.", permanent=True)
    port = port or (443 if scheme == "https" else 80)
    # Browsers send non-ASCII and spaces percent-encoded; http.client refuses them raw.
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    query = quote(parts.query, safe="/?%:@!$&'()*+,;=-._~")
    request_target = f"{path}?{query}" if query else path
    target = _Target(url="", scheme=scheme, host=host, port=port, request_target=request_target)
    return replace(target, url=f"{scheme}://{target.host_header}{request_target}")


_HOST_CHARS = re.compile(r"^[a-z0-9._-]+$|^[0-9a-f:.]+$")


def _ascii_host(hostname: str, shown: str) -> str:
    try:
        host = hostname if hostname.isascii() else host_ascii(hostname)
    except UnicodeError:
        raise FetchError(
            BAD_URL, f"{shown} has a host name that is not valid: {hostname!r}.", permanent=True
        ) from None
    host = host.lower()
    if not _HOST_CHARS.match(host):
        raise FetchError(
            BAD_URL, f"{shown} has a host name that is not valid: {hostname!r}.", permanent=True
        )
    return host


def _resolve(target: _Target) -> list[str]:
    """The addresses to connect to, every one of them checked."""
    try:
        infos = socket.getaddrinfo(
            target.host, target.port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
        )
    except UnicodeError:
        raise FetchError(
            BAD_URL, f"{target.url} has a host name that is not valid.", permanent=True
        ) from None
    except socket.gaierror as exc:
        # "No such name" is the DNS's final word; other failures (no answer) may pass.
        missing = exc.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", None))
        raise FetchError(
            CONNECTION,
            f"{target.host} could not be found ({exc.strerror})."
            if missing
            else f"{target.host} could not be resolved right now ({exc.strerror}).",
            permanent=missing,
        ) from None
    addresses: list[str] = []
    allow_private = bool(settings.CLAIMTRACK_FETCH_ALLOW_PRIVATE)
    for info in infos:
        raw = str(info[4][0])
        address = ipaddress.ip_address(raw.split("%", 1)[0])
        if not allow_private and not is_address_allowed(address):
            said = "is" if raw == target.host else f"resolves to {address},"
            raise FetchError(
                BLOCKED_ADDRESS,
                f"{target.url} is not fetched: {target.host} {said} "
                f"{describe_address(address)}. Claimtrack only fetches public web sites.",
                permanent=True,
            )
        if raw not in addresses:
            addresses.append(raw)
    if not addresses:
        raise FetchError(CONNECTION, f"{target.host} has no address.", permanent=False)
    return addresses


# ---------------------------------------------------------------------------------------
# One request on the wire


class _Watchdog:
    """Shuts the socket down when the overall deadline passes, whatever it is waiting for.

    One thread per process watches every open request (a thread started per request cost
    more than the whole request on a fast network); it sleeps until the earliest deadline.
    """

    _lock = threading.Lock()
    _wake = threading.Condition(_lock)
    _due: list[tuple[float, int, _Watchdog]] = []  # a heap of (deadline, sequence, watchdog)
    _sequence = 0
    _thread: threading.Thread | None = None

    def __init__(self, sock: socket.socket, seconds: float) -> None:
        self.fired = False
        self._sock: socket.socket | None = sock
        cls = type(self)
        with cls._lock:
            cls._sequence += 1
            heapq.heappush(cls._due, (time.monotonic() + max(seconds, 0.0), cls._sequence, self))
            cls._ensure_thread()
            if cls._due[0][2] is self:
                cls._wake.notify()

    def cancel(self) -> None:
        # Under the lock: once this returns, the watcher cannot shut the socket down, so the
        # caller may close it and the system may give its number to another socket.
        with self._lock:
            self._sock = None

    def _fire(self) -> None:
        if self._sock is None:
            return
        self.fired = True
        # The plain socket's shutdown even for TLS: it wakes a blocked read without
        # touching the SSL object another thread is using.
        with contextlib.suppress(OSError):
            socket.socket.shutdown(self._sock, socket.SHUT_RDWR)
        self._sock = None

    @classmethod
    def _reset_after_fork(cls) -> None:
        # The child has none of the parent's requests, and the parent's lock may have been
        # held by one of its threads at the fork.
        cls._lock = threading.Lock()
        cls._wake = threading.Condition(cls._lock)
        cls._due = []
        cls._thread = None

    @classmethod
    def _ensure_thread(cls) -> None:
        # A forked worker process starts with none (_reset_after_fork): it starts its own.
        if cls._thread is not None:
            return
        cls._thread = threading.Thread(target=cls._watch, name="fetch-deadlines", daemon=True)
        cls._thread.start()

    @classmethod
    def _watch(cls) -> None:
        with cls._lock:
            while True:
                while cls._due and (cls._due[0][2]._sock is None):
                    heapq.heappop(cls._due)  # finished in time
                if not cls._due:
                    cls._wake.wait()
                    continue
                wait = cls._due[0][0] - time.monotonic()
                if wait > 0:
                    cls._wake.wait(wait)
                    continue
                heapq.heappop(cls._due)[2]._fire()


os.register_at_fork(after_in_child=_Watchdog._reset_after_fork)


def _hop(
    target: _Target,
    addresses: list[str],
    *,
    accept: Accept,
    headers: Mapping[str, str],
    deadline: _Deadline,
    max_bytes: int,
    cut_at_cap: bool = False,
) -> FetchResult | tuple[str, int]:
    """One request: a FetchResult, or (Location, status) for a redirect to follow."""
    conn, address = _connect(target, addresses, deadline=deadline)
    assert conn.sock is not None
    watchdog = _Watchdog(conn.sock, deadline.remaining())
    try:
        conn.timeout = min(float(settings.CLAIMTRACK_FETCH_READ_TIMEOUT), deadline.remaining())
        conn.request(
            "GET",
            target.request_target,
            headers=_request_headers(target, accept, headers),
            preload_content=False,
            decode_content=False,
        )
        response = conn.getresponse()
        if watchdog.fired:
            # http.client takes the shut socket's end for the end of the headers.
            raise deadline.passed(target.url, "while waiting for the server")
        status = response.status
        reply_headers = {name.lower(): response.headers.get(name, "") for name in response.headers}
        location = reply_headers.get("location", "").strip()
        if status in _REDIRECT_STATUSES and location:
            return _location(location), status
        if status == 304:
            return FetchResult(
                requested_url=target.url,
                final_url=target.url,
                status=304,
                headers=reply_headers,
                address=address,
            )
        if not 200 <= status < 300:
            raise _status_error(target.url, status, response.reason or "", reply_headers)
        result = _success(
            target,
            status,
            reply_headers,
            response.read1,
            accept=accept,
            deadline=deadline,
            max_bytes=max_bytes,
            cut_at_cap=cut_at_cap,
        )
        if watchdog.fired:
            # The socket was shut mid-body; what was read is a truncated page.
            raise deadline.passed(target.url, "while reading the page")
        return replace(result, address=address)
    except FetchError as exc:
        if watchdog.fired and exc.kind != TIMEOUT:
            # Whatever went wrong after the socket was shut (an "empty" page, a short
            # gzip stream) is the deadline's doing.
            raise deadline.passed(target.url, "while reading the page") from None
        raise
    except (OSError, http.client.HTTPException, Urllib3Error) as exc:
        if watchdog.fired or deadline.remaining() <= 0:
            raise deadline.passed(target.url, "while waiting for the server") from None
        raise _transport_error(target, address, exc) from None
    finally:
        watchdog.cancel()
        conn.close()


def _success(
    target: _Target,
    status: int,
    reply_headers: dict[str, str],
    read1: _Reader,
    *,
    accept: Accept,
    deadline: _Deadline,
    max_bytes: int,
    cut_at_cap: bool = False,
) -> FetchResult:
    """A 2xx answer: check what it is and how big, then read it within the caps."""
    media_type, charset = _parse_content_type(reply_headers.get("content-type", ""))
    if media_type:
        # Before reading: a PDF or a video is refused without downloading it.
        _check_type(target.url, media_type, accept)
    length = _content_length(reply_headers.get("content-length"))
    if length is not None and length > max_bytes and not cut_at_cap:
        raise _too_large(
            target.url, f"it says it is {_size(length)}, over the {_size(max_bytes)} limit"
        )
    body = b""
    if status not in (204, 205):
        body = _read_body(
            read1,
            target.url,
            content_encoding=reply_headers.get("content-encoding", ""),
            max_bytes=max_bytes,
            deadline=deadline,
            cut_at_cap=cut_at_cap,
        )
    if not body or body.isspace():
        raise FetchError(
            EMPTY,
            f"{target.url} answered {status} with an empty page.",
            permanent=True,
            status=status,
        )
    if not media_type:
        media_type = _sniff(body, accept)
        _check_type(target.url, media_type, accept, sniffed=True)
    return FetchResult(
        requested_url=target.url,
        final_url=target.url,
        status=status,
        headers=reply_headers,
        content_type=media_type,
        charset=charset,
        body=body,
    )


def _connect(
    target: _Target, addresses: list[str], *, deadline: _Deadline
) -> tuple[HTTPConnection, str]:
    last_error: BaseException | None = None
    last_address = addresses[0]
    for address in addresses:
        timeout = min(
            float(settings.CLAIMTRACK_FETCH_CONNECT_TIMEOUT),
            deadline.left(target.url, "before a connection was made"),
        )
        conn: HTTPConnection
        if target.scheme == "https":
            conn = HTTPSConnection(
                host=address,
                port=target.port,
                timeout=timeout,
                server_hostname=target.host,
                assert_hostname=target.host,
                cert_reqs="CERT_REQUIRED",
                ssl_context=_tls_context(),
            )
        else:
            conn = HTTPConnection(host=address, port=target.port, timeout=timeout)
        try:
            conn.connect()
        except (OSError, Urllib3Error, HostnameMismatch) as exc:
            conn.close()
            if _is_certificate_error(exc):
                raise _transport_error(target, address, exc) from None
            last_error, last_address = exc, address
            continue
        return conn, address
    assert last_error is not None
    if deadline.remaining() <= 0:
        raise deadline.passed(target.url, "before a connection was made")
    raise _transport_error(target, last_address, last_error)


_tls_contexts: dict[tuple[str | None, str | None], ssl.SSLContext] = {}
_tls_lock = threading.Lock()


def _tls_context() -> ssl.SSLContext:
    # Loading the system trust store takes ~20 ms: once per process is enough. Keyed by
    # the variables OpenSSL reads, so a changed trust store is picked up.
    key = (os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"))
    with _tls_lock:
        context = _tls_contexts.get(key)
        if context is None:
            context = create_urllib3_context(cert_reqs=ssl.CERT_REQUIRED)
            context.load_default_certs()
            _tls_contexts[key] = context
    return context


def _request_headers(target: _Target, accept: Accept, extra: Mapping[str, str]) -> dict[str, str]:
    headers = {
        "Host": target.host_header,
        "User-Agent": settings.CLAIMTRACK_USER_AGENT,
        "Accept": _ACCEPT_HEADER[accept],
        "Accept-Encoding": "gzip, deflate",
        # One connection per hop, pinned to a checked address: nothing to keep alive.
        "Connection": "close",
    }
    lower = {name.lower(): name for name in headers}
    for name, value in extra.items():
        if name.lower() in _RESERVED_HEADERS:
            continue
        headers.pop(lower.get(name.lower(), name), None)
        headers[name] = value
    return headers


class _Reader(Protocol):
    def __call__(self, amt: int | None = None, decode_content: bool | None = None) -> bytes: ...


def _read_body(
    read1: _Reader,
    url: str,
    *,
    content_encoding: str,
    max_bytes: int,
    deadline: _Deadline,
    cut_at_cap: bool = False,
) -> bytes:
    max_decoded = int(settings.CLAIMTRACK_FETCH_MAX_DECOMPRESSED_BYTES)
    decoders = _decoders(content_encoding, url, max_decoded)
    body = bytearray()
    on_wire = 0
    for chunk in _chunks(read1):
        on_wire += len(chunk)
        if on_wire > max_bytes and not cut_at_cap:
            raise _over_wire_cap(url, max_bytes)
        data = chunk
        for decoder in decoders:
            data = decoder.feed(data)
        body += data
        if cut_at_cap and (on_wire >= max_bytes or len(body) >= max_bytes):
            # Enough: the rest is not read (the connection is closed after the hop). The
            # last line may be cut short ("Disallow: /" of "Disallow: /archive/2019/"),
            # which would say something else: it goes too.
            cut = bytes(body[:max_bytes])
            return cut[: cut.rfind(b"\n") + 1]
        if len(body) > max_decoded:
            raise _over_decoded_cap(url, max_decoded)
        if deadline.remaining() <= 0:
            raise deadline.passed(url, "while reading the page")
    tail = b""
    for decoder in decoders:
        tail = decoder.feed(tail) + decoder.finish()
    body += tail
    if len(body) > max_decoded:
        raise _over_decoded_cap(url, max_decoded)
    return bytes(body)


def _chunks(read1: _Reader) -> Iterator[bytes]:
    while True:
        chunk = read1(_READ_CHUNK, decode_content=False)
        if not chunk:
            return
        yield chunk


class _Inflater:
    """Bounded gzip/deflate decoding: never holds more than `limit` decoded bytes."""

    def __init__(self, coding: str, url: str, limit: int) -> None:
        self._coding = coding
        self._url = url
        self._limit = limit
        self._produced = 0
        self._obj: zlib._Decompress | None = None
        self._pending = b""  # bytes before a stream starts (its header decides the format)
        self._finished = False
        self._members = 0

    def _start(self, data: bytes) -> None:
        if self._coding == "gzip":
            wbits = 16 + zlib.MAX_WBITS
        elif len(data) >= 2 and (data[0] & 0x0F) == 8 and ((data[0] << 8) | data[1]) % 31 == 0:
            wbits = zlib.MAX_WBITS
        else:
            # Many servers send raw deflate under "deflate"; browsers accept both.
            wbits = -zlib.MAX_WBITS
        self._obj = zlib.decompressobj(wbits)
        self._members += 1

    def feed(self, data: bytes) -> bytes:
        out: list[bytes] = []
        while data and not self._finished:
            if self._obj is None:
                data = self._pending + data
                if len(data) < 2:
                    self._pending = data
                    break
                self._pending = b""
                if self._members and data[:2] != b"\x1f\x8b":
                    # Trailing bytes after the last gzip member (padding): ignored.
                    self._finished = True
                    break
                self._start(data)
            assert self._obj is not None
            try:
                piece = self._obj.decompress(data, self._limit - self._produced + 1)
            except zlib.error as exc:
                raise FetchError(
                    ENCODING,
                    f"{self._url} sent a {self._coding} body that is corrupt ({exc}).",
                    permanent=True,
                ) from None
            self._produced += len(piece)
            if self._produced > self._limit:
                raise _over_decoded_cap(self._url, self._limit)
            out.append(piece)
            if self._obj.unconsumed_tail:
                data = self._obj.unconsumed_tail
            elif self._obj.eof:
                # A gzip body may hold several members one after the other.
                data = self._obj.unused_data
                self._obj = None
                if self._coding != "gzip":
                    self._finished = True
            else:
                data = b""
        return b"".join(out)

    def finish(self) -> bytes:
        if self._obj is None:
            return b""
        # A stream cut short gives what it has, as browsers show a truncated page.
        rest = self._obj.flush()
        self._produced += len(rest)
        if self._produced > self._limit:
            raise _over_decoded_cap(self._url, self._limit)
        return rest


def _decoders(content_encoding: str, url: str, limit: int) -> list[_Inflater]:
    codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
    decoders: list[_Inflater] = []
    # Listed in the order they were applied: undo them last first.
    for coding in reversed(codings):
        if coding == "identity":
            continue
        if coding in ("gzip", "x-gzip"):
            decoders.append(_Inflater("gzip", url, limit))
        elif coding == "deflate":
            decoders.append(_Inflater("deflate", url, limit))
        else:
            raise FetchError(
                ENCODING,
                f"{url} was sent with content encoding {coding!r}, which Claimtrack did not "
                "ask for and cannot decode.",
                permanent=True,
            )
    return decoders


# ---------------------------------------------------------------------------------------
# Reading what the server said


def _joined(url: str, location: str) -> str:
    try:
        return urljoin(url, location)
    except ValueError as exc:  # urljoin splits the Location: "http://[" is no IPv6 host
        raise FetchError(
            BAD_URL, f"{location[:200]!r} is not a valid URL ({exc}).", permanent=True
        ) from None


def _location(raw: str) -> str:
    # http.client reads header bytes as Latin-1; a UTF-8 Location comes out as mojibake.
    try:
        return raw.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return raw


def _status_error(url: str, status: int, reason: str, headers: Mapping[str, str]) -> FetchError:
    kind: str
    if status in (404, 410):
        kind, permanent, what = NOT_FOUND, True, "does not exist"
    elif status == 429:
        kind, permanent, what = (
            RATE_LIMITED,
            False,
            "is rate-limited: the server asks us to slow down",
        )
    elif status == 408:
        kind, permanent, what = TIMEOUT, False, "timed out on the server's side"
    elif 400 <= status < 500:
        kind, permanent, what = HTTP_4XX, True, "was refused by the server"
    elif status >= 500:
        kind, permanent, what = HTTP_5XX, False, "failed on the server's side"
    elif 300 <= status < 400:
        kind, permanent, what = REDIRECTS, True, "redirects without a Location to follow"
    else:
        kind, permanent, what = HTTP_5XX, False, "got an unexpected answer"
    retry_after = None if permanent else parse_retry_after(headers.get("retry-after"))
    wait = f"; it asks us to wait {retry_after:g} s" if retry_after is not None else ""
    return FetchError(
        kind,
        f"{url} {what} (the server answered {status} {reason}".rstrip() + f"){wait}.",
        permanent=permanent,
        retry_after=retry_after,
        status=status,
    )


def _transport_error(target: _Target, address: str, exc: BaseException) -> FetchError:
    where = target.host if target.host == address else f"{target.host} ({address})"
    reason = _reason(exc)
    # urllib3 makes a refused connection a subclass of its connect timeout.
    if isinstance(exc, TimeoutError | Urllib3Timeout) and not isinstance(exc, NewConnectionError):
        return FetchError(
            TIMEOUT, f"{target.url}: {where} did not answer in time ({reason}).", permanent=False
        )
    if _is_certificate_error(exc):
        # A certificate that does not verify will not start verifying on the next try.
        return FetchError(
            CONNECTION,
            f"{target.url}: the TLS certificate of {target.host} could not be verified ({reason}).",
            permanent=True,
        )
    if isinstance(exc, ssl.SSLError | Urllib3SSLError):
        return FetchError(
            CONNECTION, f"{target.url}: TLS with {where} failed ({reason}).", permanent=False
        )
    return FetchError(
        CONNECTION, f"{target.url}: the connection to {where} failed ({reason}).", permanent=False
    )


def _reason(exc: BaseException) -> str:
    """The innermost error's words ("Connection refused"), not urllib3's wrapping."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError) and seen.verify_message:
            return str(seen.verify_message)
        if isinstance(seen, OSError) and seen.strerror:
            return str(seen.strerror)
        seen = seen.__cause__ or seen.__context__
    return str(exc) or type(exc).__name__


def _is_certificate_error(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError | ssl.CertificateError | HostnameMismatch):
            return True
        seen = seen.__cause__ or seen.__context__
    return "CERTIFICATE_VERIFY_FAILED" in str(exc)


def _parse_content_type(value: str) -> tuple[str, str | None]:
    if not value.strip():
        return "", None
    media_type, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, raw = param.partition("=")
        if name.strip().lower() == "charset":
            charset = raw.strip().strip("\"'").strip() or None
    return media_type.strip().lower(), charset


def _check_type(url: str, media_type: str, accept: Accept, *, sniffed: bool = False) -> None:
    if media_type in ACCEPTED_TYPES[accept]:
        return
    if sniffed:
        what = (
            f"looks like {media_type}"
            if media_type
            else "does not say what it is (no Content-Type) and does not look like it"
        )
        message = f"{url} {what}; Claimtrack wanted {_WANTED[accept]}."
    else:
        message = f"{url} is not {_WANTED[accept]}: the server sent {media_type}."
    # The one mix-up a person makes often: a feed's address given as an article's, or a
    # site's page given as its feed.
    if accept == Accept.HTML and media_type in ACCEPTED_TYPES[Accept.FEED]:
        message += (
            " If it is a feed, add it as one: manage.py add_feed, or 'Add a feed' on the "
            "ingest page."
        )
    elif accept == Accept.FEED and media_type in ACCEPTED_TYPES[Accept.HTML]:
        message += (
            " A feed's address is that of its RSS or Atom file, which a site's page often "
            "links to as 'RSS'."
        )
    raise FetchError(CONTENT_TYPE, message, permanent=True)


_MAGIC = (
    (b"%pdf-", "application/pdf"),
    (b"\x89png", "image/png"),
    (b"gif8", "image/gif"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"pk\x03\x04", "application/zip"),
)
_HTML_START = (b"<!doctype html", b"<html", b"<head", b"<body", b"<title", b"<meta", b"<!--")
_FEED_ROOTS = (b"<rss", b"<feed", b"<rdf:rdf")


def _sniff(body: bytes, accept: Accept) -> str:
    """The media type of a body that came without one: only the unmistakable cases."""
    head = body[:1024].removeprefix(codecs.BOM_UTF8).lstrip().lower()
    is_xml = head.startswith(b"<?xml")
    guesses = (
        *((head.startswith(magic), media_type) for magic, media_type in _MAGIC),
        (head.startswith(b"riff") and head[8:12] == b"webp", "image/webp"),
        (is_xml and b"<html" in head, "application/xhtml+xml"),
        (is_xml or head.startswith(_FEED_ROOTS), "application/xml"),
        (head.startswith(_HTML_START), "text/html"),
        # robots.txt is often served without a type; anything not markup is taken as text.
        (accept is Accept.ROBOTS and not head.startswith(b"<"), "text/plain"),
    )
    return next((media_type for matches, media_type in guesses if matches), "")


def _content_length(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.split(",")[0].strip())
    except ValueError:
        return None


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"


def _too_large(url: str, what: str) -> FetchError:
    return FetchError(TOO_LARGE, f"{url} is too large: {what}.", permanent=True)


def _over_wire_cap(url: str, limit: int) -> FetchError:
    return _too_large(url, f"the server sent more than the {_size(limit)} limit")


def _over_decoded_cap(url: str, limit: int) -> FetchError:
    return _too_large(
        url,
        f"its compressed body expands to more than the {_size(limit)} limit (a compression bomb?)",
    )


_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_ULA = ipaddress.ip_network("fc00::/7")
_SITE_LOCAL = ipaddress.ip_network("fec0::/10")
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


def _nat64_embedded(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if any(address in net for net in _NAT64):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


# ---------------------------------------------------------------------------------------
# Charsets

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9._:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(
    rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([a-z0-9._:-]+)""", re.IGNORECASE
)
# The WHATWG Encoding Standard reads these labels as windows-1252, as every browser does.
_WINDOWS_1252_LABELS = frozenset(
    {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "cp819"}
)
# What counts as unreadable: C0 control characters but tab, line feed, form feed and
# carriage return, and the replacement character a decoder puts for a byte it cannot read.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20)])
# Every byte but those: what bytes.translate deletes to leave only the control bytes.
_NOT_CONTROL_BYTES = bytes(sorted(set(range(256)) - set(_CONTROL_BYTES)))
_REPLACEMENT_UTF8 = "\ufffd".encode()
# Share of characters that may be unreadable (replacement characters, control codes)
# before the text is judged binary or mis-declared.
_UNREADABLE_SHARE = 0.02


_NOT_CHARSETS = frozenset({"idna", "punycode", "undefined", "unicode-escape", "raw-unicode-escape"})


def _sniffed_charset(head: bytes, content_type: str) -> str | None:
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if not match:
        return None
    label = match.group(1).decode("ascii").lower()
    # A page that declares UTF-16 in ASCII-readable bytes is not UTF-16 (HTML standard).
    if content_type in ("text/html", "") and label.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return label


def _codec_for(label: str) -> str | None:
    label = label.strip().lower()
    if label in _WINDOWS_1252_LABELS:
        return "cp1252"
    try:
        info = codecs.lookup(label)
    except (LookupError, ValueError):  # ValueError: a NUL or a lone surrogate in the label
        return None
    # codecs also knows base64, rot13, zlib...: those are not character sets. Nor are the
    # text codecs below: decoding with idna, punycode or undefined raises UnicodeError (not
    # UnicodeDecodeError), even with errors="replace"; the escape codecs rewrite backslashes.
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_CHARSETS:
        return None
    return info.name


def _unreadable_count(text: str) -> int:
    """How many characters of `text` are control characters or U+FFFD.

    Counted on its UTF-8 form, where each control character is its own byte (no byte of a
    multi-byte sequence is below 0x80) and U+FFFD is the one character encoded EF BF BD:
    two passes in C, about a fifth of a regular expression's scan of a 100 KB page.
    """
    encoded = text.encode("utf-8", "surrogatepass")
    return len(encoded.translate(None, _NOT_CONTROL_BYTES)) + encoded.count(_REPLACEMENT_UTF8)


def _readable(text: str, url: str, codec: str) -> str:
    allowed = max(1, int(len(text) * _UNREADABLE_SHARE))
    if _unreadable_count(text) > allowed:
        raise FetchError(
            ENCODING,
            f"{url} does not read as text in {codec}: too many unreadable or control "
            "characters (binary data or a wrong character set).",
            permanent=True,
        )
    return text
