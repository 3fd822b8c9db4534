"""One spelling per address: the normalization that makes "submitted twice" detectable.

`url_normalize` is used on every URL that enters the system (typed, from a feed, from a
page's canonical link) so that equal addresses compare equal in the database.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote_plus, urljoin, urlsplit, urlunsplit

import idna

# Parameters that identify a campaign or a click, never the document. Anything else in the
# query string may select the content (?id=123, ?page=2) and is kept as given.
_TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "ocid",
        "cmpid",
    }
)
_TRACKING_PREFIXES = ("utm_",)
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters that may appear literally in a path or query; everything else is
# percent-encoded so the stored form is plain ASCII and stable.
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_QUERY_SAFE = "/%:@!$'()*+,;?-._~"
MAX_URL_LENGTH = 2000
# C0 controls and DEL. urlsplit drops tabs and line breaks inside a URL and passes the others
# on (a NUL in the host reached the database, which cannot store it, and the fetcher).
_CONTROL_CHARACTER = re.compile("[\x00-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# What sources.fetching accepts in a host name that is not an IPv6 literal.
_HOST_CHARACTERS = re.compile(r"[a-z0-9._-]+")


# What IDNA 2003 (Python's "idna" codec) maps away and IDNA 2008, as browsers read host
# names (UTS 46, non-transitional), keeps: ß, final sigma, the zero-width (non-)joiner.
# To the codec "faß.example" is fass.example, another domain than the xn--fa-hia.example
# a browser visits.
_IDNA_DEVIATIONS = re.compile("[\u00df\u03c2\u200c\u200d]")
# The label separators of IDNA: the full stop and its ideographic and full-width forms.
_LABEL_DOTS = re.compile("[.\u3002\uff0e\uff61]")


def host_ascii(hostname: str) -> str:
    """The ASCII (punycode) form of a host name, the host a browser would visit; raises
    UnicodeError when the name has none. Shared by url_normalize and the fetcher."""
    if not _IDNA_DEVIATIONS.search(hostname):
        return hostname.encode("idna").decode("ascii")
    labels = _LABEL_DOTS.split(hostname)
    if not all(labels):
        raise UnicodeError("empty label")
    return ".".join(
        idna.encode(label, uts46=True, transitional=False).decode("ascii")
        if _IDNA_DEVIATIONS.search(label)
        else label.encode("idna").decode("ascii")
        for label in labels
    )


class InvalidURLError(ValueError):
    """A string that is not a fetchable http(s) address; the message says why."""


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_PARAMS or lowered.startswith(_TRACKING_PREFIXES)


def _host(hostname: str) -> str:
    host = hostname.rstrip(".").lower()
    if not host:
        return ""
    if "%" in host:
        # Percent-encoding (RFC 3986 allows it in a reg-name) has no meaning to DNS, and an
        # IPv6 zone id ("[fe80::1%25eth0]") names an interface of this machine: the fetcher
        # refuses both, so such an address could never be read.
        raise InvalidURLError(
            f"{hostname!r} is not a valid host name: a host name cannot contain '%' "
            "(no percent-encoding, no IPv6 zone id)."
        )
    if ":" in host:  # an IPv6 literal keeps its brackets in the netloc
        return f"[{host}]"
    try:
        # Internationalised names are stored in their ASCII (punycode) form so that the
        # Unicode and the ASCII spelling of one host compare equal.
        ascii_host = host_ascii(host)
    except UnicodeError:
        raise InvalidURLError(f"{hostname!r} is not a valid host name.") from None
    if not _HOST_CHARACTERS.fullmatch(ascii_host):
        # The idna codec passes ASCII through as it is ("exa mple.com", "a<b>.com"); the
        # fetcher refuses such a name, so the address could never be read.
        raise InvalidURLError(
            f"{hostname!r} is not a valid host name: a host name holds only letters, "
            "digits, '-', '_' and '.' (no spaces)."
        )
    return ascii_host


def url_normalize(raw: str, *, base: str | None = None) -> str:
    """The normalized absolute form of `raw` (resolved against `base` when relative).

    Lower-case scheme and host, no default port, no fragment, no user-info, no tracking
    parameters (utm_*, fbclid, gclid, ...), an empty path becomes "/". Raises InvalidURLError
    with a sentence a person can act on.
    """
    text = (raw or "").strip()
    if not text:
        raise InvalidURLError("The URL is empty.")
    control = _CONTROL_CHARACTER.search(text)
    if control is not None:
        raise InvalidURLError(
            f"{text[:200]!r} contains a control character (U+{ord(control.group()):04X}); "
            "a URL cannot hold one."
        )
    surrogate = _SURROGATE.search(text)
    if surrogate is not None:
        # A byte that is not UTF-8 in a command's argument, or JSON's "\ud800": quote()
        # raised UnicodeEncodeError on it.
        raise InvalidURLError(
            f"{text[:200]!r} contains U+{ord(surrogate.group()):04X}, half of a surrogate "
            "pair (often a byte that is not UTF-8); a URL cannot hold one."
        )
    try:
        # urljoin splits both: an unclosed '[' in a page's canonical href ("http://[") raises
        # ValueError there as in urlsplit.
        if base:
            text = urljoin(base, text)
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise InvalidURLError(f"{text[:200]!r} is not a valid URL ({exc}).") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        if re.search(r"\s", text):
            # Words, not an address missing its "https://" ("not a url", "see: the story"):
            # neither suggesting a scheme nor naming "see:" as one would help.
            raise InvalidURLError(
                f"{text[:200]!r} is not a web address: an address has no spaces, "
                "e.g. https://www.example.com/news/story"
            )
        if not scheme:
            raise InvalidURLError(
                f"{text[:200]!r} has no scheme: write it in full, e.g. https://{text[:80]}"
            )
        raise InvalidURLError(
            f"{text[:200]!r} uses the {scheme}: scheme; only http and https addresses are read."
        )
    host = _host(parts.hostname or "")
    if not host:
        raise InvalidURLError(f"{text[:200]!r} has no host name.")
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = quote(parts.path or "/", safe=_PATH_SAFE)
    # The kept pieces stay as written: re-encoding "a+b" or a bare "?123" could change what
    # the server returns.
    query = "&".join(
        quote(piece, safe=_QUERY_SAFE + "=&")
        for piece in parts.query.split("&")
        if piece and not _is_tracking(unquote_plus(piece.split("=", 1)[0]))
    )
    normalized = urlunsplit((scheme, netloc, path, query, ""))
    if len(normalized) > MAX_URL_LENGTH:
        raise InvalidURLError(
            f"The URL is {len(normalized)} characters long; at most 2000 are kept."
        )
    return normalized


def url_host(url: str) -> str:
    """The lower-case host of a URL, without port: the key for publisher lookup."""
    return (urlsplit(url).hostname or "").rstrip(".").lower()
