"""Only well-formed http(s) URLs are fetched; the rest fail at once with a clear reason.

Bad inputs tried: an empty and a blank URL, no scheme, ftp:, file:, javascript:, data:,
gopher:, a scheme but no host, user name and password in the URL, a host with a space,
an unclosed IPv6 bracket, a port out of range, port 0, control characters and a newline
(header injection), a URL longer than 2000 characters, a host name no IDNA can encode.
Good inputs alongside: spaces and non-ASCII in the path and query (sent percent-encoded),
a fragment (not sent), an upper-case scheme and host, a trailing dot on the host.
"""

from __future__ import annotations

import pytest

from sources.fetching import FetchError, fetch
from tests.support.fetching import fetch_env, page  # noqa: F401
from tests.support.http import LocalSite, Reply

pytestmark = pytest.mark.usefixtures("fetch_env")


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("", "The URL is empty"),
        ("   ", "The URL is empty"),
        ("example.org/story", "only http:// and https:// URLs are fetched."),
        ("ftp://example.org/file", "not ftp:"),
        ("file:///etc/passwd", "not file:"),
        ("javascript:alert(document.cookie)", "not javascript:"),
        ("data:text/html,<h1>hi</h1>", "not data:"),
        ("gopher://example.org/", "not gopher:"),
        ("http://", "has no host name"),
        ("http:///story", "has no host name"),
        ("http://user:secret@example.org/", "user name or password"),
        ("http://evil.example@example.org/", "user name or password"),
        ("http://exa mple.org/", "host name that is not valid"),
        ("http://[::1/", "is not a valid URL"),
        ("http://example.org:99999/", "is not a valid URL"),
        ("http://example.org:0/", "names port 0"),
        ("http://example.org/\r\nX-Injected: 1", "control characters"),
        ("http://example.org/a\x00b", "control characters"),
        ("http://example.org/" + "a" * 2000, "longer than 2000 characters"),
        ("http://" + "a" * 64 + ".example/", "host name that is not valid"),
    ],
)
def test_bad_urls_fail_permanently_with_a_reason(url: str, words: str):
    with pytest.raises(FetchError) as caught:
        fetch(url)
    assert caught.value.kind == "bad_url"
    assert caught.value.permanent is True
    assert words in caught.value.message


def test_spaces_and_non_ascii_are_sent_percent_encoded(site: LocalSite):
    site.routes["/caf%C3%A9%20cr%C3%A8me"] = Reply(200, page())
    result = fetch(site.url("/caf\u00e9 cr\u00e8me?q=na\u00efve words#comments"))
    assert result.final_url == site.url("/caf%C3%A9%20cr%C3%A8me?q=na%C3%AFve%20words")
    assert site.requests[-1][0] == "/caf%C3%A9%20cr%C3%A8me?q=na%C3%AFve%20words"


def test_existing_percent_escapes_are_kept(site: LocalSite):
    site.routes["/a%2Fb"] = Reply(200, page())
    fetch(site.url("/a%2Fb?x=%26"))
    assert site.requests[-1][0] == "/a%2Fb?x=%26"


def test_scheme_and_host_case_and_a_trailing_dot_do_not_matter(site: LocalSite):
    site.routes["/Story"] = Reply(200, page())
    result = fetch(f"HTTP://LocalHost.:{site.port}/Story")
    assert result.final_url == f"http://localhost:{site.port}/Story"
