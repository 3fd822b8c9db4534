"""Redirects are followed, at most five, never in circles, each one a fresh checked hop.

Bad inputs tried: a chain of six redirects; a loop between two pages; a page redirecting
to itself (also via a fragment); a redirect to ftp:, javascript:, a URL with a password
and one with an unclosed '[' (IPv6) host; a 3xx answer without a Location. Good inputs: a
chain of exactly five, relative Locations (`/x`, `x`, `../x`, `?q`), a protocol-relative
Location, a UTF-8 Location with non-ASCII characters, and every redirect status (301, 302,
303, 307, 308).
"""

from __future__ import annotations

import pytest

from sources.fetching import MAX_REDIRECTS, FetchError, fetch
from tests.support.fetching import fetch_env, page  # noqa: F401
from tests.support.http import LocalSite, Reply

pytestmark = pytest.mark.usefixtures("fetch_env")


def _chain(site: LocalSite, length: int) -> None:
    for n in range(length):
        site.routes[f"/step{n}"] = Reply(302, headers={"Location": f"/step{n + 1}"})
    site.routes[f"/step{length}"] = Reply(200, page("The end"))


def test_five_redirects_are_followed(site: LocalSite):
    assert MAX_REDIRECTS == 5
    _chain(site, 5)
    result = fetch(site.url("/step0"))
    assert result.status == 200
    assert result.final_url == site.url("/step5")
    assert result.requested_url == site.url("/step0")
    assert result.redirects == tuple(site.url(f"/step{n}") for n in range(5))
    assert b"The end" in result.body


def test_a_sixth_redirect_is_refused(site: LocalSite):
    _chain(site, 6)
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/step0"))
    assert caught.value.kind == "redirects"
    assert caught.value.permanent is True
    assert "redirects more than 5 times" in caught.value.message
    assert site.hits[f"/step{6}"] == 0


def test_a_redirect_loop_is_detected_without_going_round(site: LocalSite):
    site.routes["/a"] = Reply(302, headers={"Location": "/b"})
    site.routes["/b"] = Reply(301, headers={"Location": site.url("/a")})
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/a"))
    assert caught.value.kind == "redirects"
    assert caught.value.permanent is True
    assert "redirect loop" in caught.value.message
    assert (site.hits["/a"], site.hits["/b"]) == (1, 1)


@pytest.mark.parametrize("location", ["/self", "/self#top", "self"])
def test_a_page_redirecting_to_itself_is_a_loop(site: LocalSite, location: str):
    site.routes["/self"] = Reply(307, headers={"Location": location})
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/self"))
    assert caught.value.kind == "redirects"
    assert site.hits["/self"] == 1


@pytest.mark.parametrize(
    ("start", "location", "lands_on"),
    [
        ("/news/a/story", "/news/b/story", "/news/b/story"),
        ("/news/a/story", "other", "/news/a/other"),
        ("/news/a/story", "../b/story", "/news/b/story"),
        ("/news/a/story", "?page=2", "/news/a/story?page=2"),
        ("/news/a/story", "  /padded  ", "/padded"),
    ],
)
def test_relative_locations_resolve_against_the_current_url(
    site: LocalSite, start: str, location: str, lands_on: str
):
    site.routes[start] = Reply(302, headers={"Location": location})
    site.routes[lands_on] = Reply(200, page("Landed"))
    result = fetch(site.url(start))
    assert result.final_url == site.url(lands_on)


def test_a_protocol_relative_location_keeps_the_scheme(site: LocalSite):
    site.routes["/from"] = Reply(302, headers={"Location": f"//localhost:{site.port}/to"})
    site.routes["/to"] = Reply(200, page())
    result = fetch(site.url("/from"))
    assert result.final_url == f"http://localhost:{site.port}/to"
    assert site.requests[-1][1]["Host"] == f"localhost:{site.port}"


# The test server writes header values as Latin-1: "/caf\u00c3\u00a9" puts the UTF-8
# bytes of "/caf\u00e9" on the wire, "/caf\u00e9" its single Latin-1 byte.
@pytest.mark.parametrize("location", ["/caf\u00c3\u00a9", "/caf\u00e9"])
def test_a_non_ascii_location_is_followed_percent_encoded(site: LocalSite, location: str):
    site.routes["/old"] = Reply(302, headers={"Location": location})
    site.routes["/caf%C3%A9"] = Reply(200, page("Caf\u00e9"))
    result = fetch(site.url("/old"))
    assert result.final_url == site.url("/caf%C3%A9")


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_every_redirect_status_is_followed(site: LocalSite, status: int):
    site.routes["/moved"] = Reply(status, headers={"Location": "/here"})
    site.routes["/here"] = Reply(200, page())
    assert fetch(site.url("/moved")).final_url == site.url("/here")


@pytest.mark.parametrize(
    ("location", "words"),
    [
        ("ftp://example.org/file", "only http:// and https:// URLs are fetched"),
        ("javascript:alert(1)", "only http:// and https:// URLs are fetched"),
        ("file:///etc/passwd", "only http:// and https:// URLs are fetched"),
        ("http://admin:secret@example.org/", "user name or password"),
        # urljoin raised ValueError ("Invalid IPv6 URL") out of the fetch.
        ("http://[", "is not a valid URL (Invalid IPv6 URL)"),
        ("//[::1/story", "is not a valid URL (Invalid IPv6 URL)"),
    ],
)
def test_a_redirect_to_something_unfetchable_fails_clearly(
    site: LocalSite, location: str, words: str
):
    site.routes["/go"] = Reply(302, headers={"Location": location})
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/go"))
    assert caught.value.kind == "bad_url"
    assert caught.value.permanent is True
    assert "redirects to something that cannot be fetched" in caught.value.message
    assert words in caught.value.message


def test_a_redirect_without_location_fails_clearly(site: LocalSite):
    site.routes["/nowhere"] = Reply(302, b"")
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/nowhere"))
    assert caught.value.kind == "redirects"
    assert caught.value.permanent is True
    assert "without a Location" in caught.value.message
