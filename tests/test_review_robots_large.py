"""A robots.txt larger than the fetcher's cap is obeyed as far as the cap (RFC 9309 §2.5:
crawlers MUST parse at least 500 KiB; what follows may be ignored), instead of being
thrown away whole as "no usable robots.txt", which let every page of such a site be
fetched, the disallowed ones included.

Bad inputs tried: a 700 KB robots.txt that disallows a section in its first lines, sent
with its Content-Length and without one (read to the end of the connection); one whose
cap falls inside a rule (the cut line is not read as a shorter, different rule).
"""

from __future__ import annotations

import pytest

from sources.fetching import ROBOTS_MAX_BYTES, FetchError, fetch
from sources.robots import RobotsMode, robots_cached
from tests.support.fetching import fetch_env, page  # noqa: F401
from tests.support.http import LocalSite, Reply

pytestmark = pytest.mark.usefixtures("fetch_env")

PADDING = "# " + "x" * 97 + "\n"  # 100 bytes a line


def _large(head: str) -> bytes:
    body = head + PADDING * (700 * 1024 // len(PADDING))
    assert len(body) > ROBOTS_MAX_BYTES
    return body.encode()


@pytest.mark.parametrize("with_length", [True, False])
def test_rules_at_the_top_of_a_large_robots_txt_are_obeyed(site: LocalSite, with_length: bool):
    body = _large("User-agent: *\nDisallow: /private/\n")
    headers = {"Content-Type": "text/plain"}
    if with_length:
        site.routes["/robots.txt"] = Reply(200, body, headers)
    else:
        # No Content-Length: the body runs to the end of the connection.
        pieces = [body[i : i + 65536] for i in range(0, len(body), 65536)]
        site.routes["/robots.txt"] = lambda handler: Reply(200, b"", headers, chunks=iter(pieces))
    site.routes["/private/report"] = Reply(200, page())
    site.routes["/public/report"] = Reply(200, page())

    with pytest.raises(FetchError) as caught:
        fetch(site.url("/private/report"))

    assert caught.value.kind == "robots"
    assert site.hits.get("/private/report", 0) == 0
    assert fetch(site.url("/public/report")).status == 200
    policy = robots_cached(origin=f"http://127.0.0.1:{site.port}")
    assert policy is not None
    assert policy.mode is RobotsMode.RULES


def test_a_rule_cut_by_the_cap_is_not_read(site: LocalSite):
    rule = "Disallow: /"
    head = "User-agent: *\n" + PADDING * ((ROBOTS_MAX_BYTES - 300) // len(PADDING))
    filler = ROBOTS_MAX_BYTES - len(head) - len(rule) - 1
    head += "#" + "x" * (filler - 1) + "\n"
    # The cap falls right after "Disallow: /": read so, it would keep everything out.
    assert len(head) + len(rule) == ROBOTS_MAX_BYTES
    head += rule + "archive/2019/\n"
    site.routes["/robots.txt"] = Reply(200, _large(head), {"Content-Type": "text/plain"})
    site.routes["/news/story"] = Reply(200, page())

    assert fetch(site.url("/news/story")).status == 200
