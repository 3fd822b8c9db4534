"""URL normalization: one spelling per address, so that "submitted twice" is detectable.

Bad inputs tried: empty and blank strings, no scheme, ftp:/mailto:/javascript: schemes, no
host, a non-numeric port, an over-long URL, an invalid internationalised host, a '%' in
the host (percent-encoding, an IPv6 zone id), a space, a no-break space or punctuation in
the host, an unclosed '[' resolved against a base.
"""

from __future__ import annotations

import pytest

from sources.urlnorm import InvalidURLError, url_host, url_normalize


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("HTTP://WWW.Example.COM/Path", "http://www.example.com/Path"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/a#section-2", "https://example.com/a"),
        (
            "https://example.com/a?utm_source=x&id=7&UTM_Medium=y&fbclid=abc&gclid=1&page=2",
            "https://example.com/a?id=7&page=2",
        ),
        ("https://example.com/a?utm_campaign=only", "https://example.com/a"),
        ("https://example.com/a?q=a+b&x", "https://example.com/a?q=a+b&x"),
        ("  https://example.com/with space  ", "https://example.com/with%20space"),
        ("https://user:secret@example.com/a", "https://example.com/a"),
        ("https://bücher.example/ü", "https://xn--bcher-kva.example/%C3%BC"),
        ("https://example.com./a", "https://example.com/a"),
        ("http://[::1]:8000/a", "http://[::1]:8000/a"),
    ],
)
def test_normalized_form(raw: str, normalized: str) -> None:
    assert url_normalize(raw) == normalized
    assert url_normalize(normalized) == normalized  # idempotent


def test_relative_urls_resolve_against_a_base() -> None:
    assert (
        url_normalize("../b?utm_source=x", base="https://Example.com/dir/sub/page")
        == "https://example.com/dir/b"
    )
    assert url_normalize("//cdn.example.com/x", base="https://example.com/") == (
        "https://cdn.example.com/x"
    )


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("example.com/story", "has no scheme"),
        ("ftp://example.com/file", "only http and https"),
        ("mailto:someone@example.com", "only http and https"),
        ("javascript:alert(1)", "only http and https"),
        ("https:///path-only", "no host name"),
        ("http://example.com:port/", "not a valid URL"),
        ("https://example.com/" + "a" * 2100, "at most 2000"),
        ("https://a%00b.example/", "cannot contain '%'"),
        ("https://%61.example/", "cannot contain '%'"),
        ("http://[fe80::1%25eth0]/", "cannot contain '%'"),
        ("http://[fe80::1%eth0]/", "cannot contain '%'"),
        # The idna codec passed these through; the fetcher refused them only once queued.
        ("http://exa mple.com/story", "only letters, digits"),
        ("https://news.example<b>/", "only letters, digits"),
        ("https://news\u00a0example.com/", "only letters, digits"),
        ("https://news!.example/", "only letters, digits"),
    ],
)
def test_bad_urls_are_refused_with_a_reason(raw: str, message: str) -> None:
    with pytest.raises(InvalidURLError, match=message):
        url_normalize(raw)


@pytest.mark.parametrize("raw", ["http://[", "//[::1/a", "https://[news.example/a"])
def test_a_broken_ipv6_host_is_refused_when_resolved_against_a_base(raw: str) -> None:
    # urljoin, run before the checks, raised a bare ValueError.
    with pytest.raises(InvalidURLError, match="not a valid URL"):
        url_normalize(raw, base="https://news.example.org/section/")


def test_host_of_a_url() -> None:
    assert url_host("https://WWW.Example.com:8443/a") == "www.example.com"
