"""A host name with ß, final sigma (ς) or a zero-width joiner is read as browsers read it
(IDNA 2008, UTS 46 non-transitional), not as Python's "idna" codec does (IDNA 2003).

The codec maps those characters away: "faß.example" became fass.example and
"straße.example" strasse.example, other domains (DENIC has registered ß names apart from
their "ss" spellings since 2010), so Claimtrack fetched, and filed under its publisher, a
site other than the one the person typed and their browser shows. Typed (url_normalize)
and met in a redirect (the fetcher) alike. A joiner where IDNA 2008 does not allow one was
dropped ("a\\u200db" became "ab"): it is refused now.
"""

from __future__ import annotations

import pytest

from sources.fetching import FetchError, fetch
from sources.urlnorm import InvalidURLError, url_normalize
from tests.support.fetching import fetch_env  # noqa: F401
from tests.support.http import LocalSite, Reply


@pytest.mark.parametrize(
    ("typed", "normalized"),
    [
        ("https://faß.example/story", "https://xn--fa-hia.example/story"),
        ("https://www.straße.example/", "https://www.xn--strae-oqa.example/"),
        ("https://ςοφία.example/", "https://xn--kxae4blv.example/"),
        ("https://news.faß.example/", "https://news.xn--fa-hia.example/"),
        # Unchanged: names without those characters read as before.
        ("https://Bücher.example/", "https://xn--bcher-kva.example/"),
        ("https://例え。example/", "https://xn--r8jz45g.example/"),
    ],
)
def test_a_typed_host_is_the_one_a_browser_would_visit(typed: str, normalized: str) -> None:
    assert url_normalize(typed) == normalized


def test_a_joiner_idna_2008_does_not_allow_is_refused_not_dropped() -> None:
    with pytest.raises(InvalidURLError, match="is not a valid host name"):
        url_normalize("https://a\u200db.example/")


@pytest.mark.usefixtures("fetch_env")
def test_a_redirect_to_such_a_host_goes_to_that_host(site: LocalSite) -> None:
    # The test server writes header values as Latin-1: these are the UTF-8 bytes of "faß".
    site.routes["/moved"] = Reply(302, headers={"Location": "http://fa\u00c3\u009f.invalid/"})
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/moved"))
    assert "xn--fa-hia.invalid" in caught.value.message
    assert "fass.invalid" not in caught.value.message
