"""The fetcher's time and size limits hold against servers that misbehave.

Bad inputs tried: a server that answers later than the read timeout; a server that accepts
the connection and never answers; a server that sends its header lines one by one, slower
than the overall deadline allows; a body dripped a few bytes at a time past the deadline;
a 20 MB page streamed without Content-Length; a page that never ends; a page announcing
20 MB in Content-Length;
a gzip bomb (1 GB of zeros, compressed while it is sent) and a raw-deflate bomb; a corrupt
gzip body; a body in an encoding nobody asked for (br). Good inputs alongside: gzip,
zlib-deflate, raw-deflate and multi-member gzip pages decode to the right bytes.
"""

from __future__ import annotations

import gzip
import socket
import threading
import time
import tracemalloc
import zlib
from collections.abc import Iterator

import pytest

from sources.fetching import FetchError, fetch
from tests.support.fetching import elapsed_since, fetch_env, page  # noqa: F401
from tests.support.http import LocalSite, RawServer, Reply

pytestmark = pytest.mark.usefixtures("fetch_env")

MB = 1024 * 1024


def test_a_server_slower_than_the_read_timeout_times_out(site: LocalSite, settings):
    settings.CLAIMTRACK_FETCH_READ_TIMEOUT = 0.3
    site.routes["/slow"] = Reply(200, page(), delay=1.5)
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/slow"), check_robots=False)
    assert caught.value.kind == "timeout"
    assert caught.value.permanent is False
    assert "did not answer in time" in caught.value.message
    assert elapsed_since(started) < 1.0


def test_a_server_that_accepts_and_never_answers_times_out(settings):
    settings.CLAIMTRACK_FETCH_READ_TIMEOUT = 0.3
    with RawServer() as silent:
        started = time.monotonic()
        with pytest.raises(FetchError) as caught:
            fetch(silent.url("/"), check_robots=False)
        assert elapsed_since(started) < 1.0
        assert silent.connections == 1
    assert caught.value.kind == "timeout"
    assert caught.value.permanent is False


def _slowloris(conn: socket.socket) -> None:
    """Answers with a header line every 0.15 s, each well within a read timeout, for ever."""
    conn.recv(65536)
    conn.sendall(b"HTTP/1.1 200 OK\r\n")
    for n in range(100):
        time.sleep(0.15)
        conn.sendall(b"X-Padding-%d: x\r\n" % n)


def test_headers_sent_one_line_at_a_time_cannot_outlast_the_deadline(settings):
    """Each line comes within the read timeout; only the overall deadline stops it."""
    settings.CLAIMTRACK_FETCH_READ_TIMEOUT = 0.4
    settings.CLAIMTRACK_FETCH_DEADLINE = 0.6

    with RawServer(_slowloris) as server:
        started = time.monotonic()
        with pytest.raises(FetchError) as caught:
            fetch(server.url("/"), check_robots=False)
        took = elapsed_since(started)
    assert caught.value.kind == "timeout"
    assert caught.value.permanent is False
    assert "overall time limit of 0.6 s" in caught.value.message
    assert 0.55 < took < 1.0


def test_concurrent_requests_each_keep_their_own_deadline(site: LocalSite, settings):
    """One watcher thread serves every request of the process: a request with an earlier
    deadline, started while it waits for a later one, is still cut off on time, and the
    other request is left alone."""
    settings.CLAIMTRACK_FETCH_READ_TIMEOUT = 0.5
    body = page()
    pieces = [body[i : i + len(body) // 4 + 1] for i in range(0, len(body), len(body) // 4 + 1)]
    # ~2 s in all, each piece within the read timeout.
    site.routes["/slower"] = Reply(200, chunks=iter(pieces), chunk_delay=0.4)
    slower: list[int] = []

    settings.CLAIMTRACK_FETCH_DEADLINE = 4.0
    other = threading.Thread(
        target=lambda: slower.append(fetch(site.url("/slower"), check_robots=False).status)
    )
    other.start()
    waiting = time.monotonic() + 5
    while not site.hits["/slower"] and time.monotonic() < waiting:
        time.sleep(0.01)

    settings.CLAIMTRACK_FETCH_DEADLINE = 0.8
    with RawServer(_slowloris) as server:
        started = time.monotonic()
        with pytest.raises(FetchError) as caught:
            fetch(server.url("/"), check_robots=False)
        took = elapsed_since(started)
    other.join()
    assert caught.value.kind == "timeout"
    assert 0.75 < took < 1.3
    assert slower == [200]


def test_a_body_dripped_past_the_deadline_is_abandoned(site: LocalSite, settings):
    settings.CLAIMTRACK_FETCH_READ_TIMEOUT = 0.4
    settings.CLAIMTRACK_FETCH_DEADLINE = 0.6

    def drip() -> Iterator[bytes]:
        yield b"<html><body>"
        for _ in range(200):
            yield b"."

    site.routes["/drip"] = lambda _: Reply(200, chunks=drip(), chunk_delay=0.05)
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/drip"), check_robots=False)
    assert caught.value.kind == "timeout"
    assert "overall time limit" in caught.value.message
    assert 0.55 < elapsed_since(started) < 1.0


def test_the_deadline_covers_robots_txt_and_redirects_together(site: LocalSite, settings):
    settings.CLAIMTRACK_FETCH_READ_TIMEOUT = 0.4
    settings.CLAIMTRACK_FETCH_DEADLINE = 0.6
    site.routes["/robots.txt"] = Reply(
        200, b"User-agent: *\nAllow: /\n", {"Content-Type": "text/plain"}, delay=0.25
    )
    for n in range(1, 5):
        site.routes[f"/{n}"] = Reply(302, headers={"Location": f"/{n + 1}"}, delay=0.15)
    site.routes["/5"] = Reply(200, page())
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/1"))
    assert caught.value.kind == "timeout"
    assert caught.value.permanent is False
    assert elapsed_since(started) < 1.0
    assert site.hits["/5"] == 0


def _twenty_megabytes() -> Iterator[bytes]:
    yield b"<html><body>"
    block = b"<p>" + b"words " * 10_000 + b"</p>"
    for _ in range(20 * MB // len(block)):
        yield block


def test_a_twenty_megabyte_page_is_cut_off_while_streaming(site: LocalSite):
    site.routes["/huge"] = lambda _: Reply(200, chunks=_twenty_megabytes())
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/huge"), check_robots=False)
    assert caught.value.kind == "too_large"
    assert caught.value.permanent is True
    assert "more than the 10.0 MB limit" in caught.value.message


def test_a_page_that_never_ends_is_cut_off_at_the_cap_not_the_deadline(site: LocalSite, settings):
    settings.CLAIMTRACK_FETCH_DEADLINE = 30.0

    def endless() -> Iterator[bytes]:
        block = b"<p>" + b"more " * 20_000 + b"</p>"
        while True:
            yield block

    site.routes["/endless"] = lambda _: Reply(200, chunks=endless())
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/endless"), check_robots=False)
    assert caught.value.kind == "too_large"
    assert elapsed_since(started) < 5


def test_a_page_announcing_twenty_megabytes_is_refused_before_reading(site: LocalSite):
    sent: list[int] = []

    def counted() -> Iterator[bytes]:
        for chunk in _twenty_megabytes():
            sent.append(len(chunk))
            yield chunk
            time.sleep(0.01)

    site.routes["/huge"] = lambda _: Reply(
        200, chunks=counted(), headers={"Content-Length": str(20 * MB)}
    )
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/huge"), check_robots=False)
    assert caught.value.kind == "too_large"
    assert "it says it is 20.0 MB, over the 10.0 MB limit" in caught.value.message
    assert elapsed_since(started) < 0.5


def _compressed_zeros(total: int, wbits: int, sent: list[int]) -> Iterator[bytes]:
    """`total` zero bytes, compressed as they are sent (never held whole anywhere)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, wbits)
    zeros = bytes(MB)
    for _ in range(total // MB):
        piece = compressor.compress(zeros)
        if piece:
            sent.append(len(piece))
            yield piece
    tail = compressor.flush()
    sent.append(len(tail))
    yield tail


@pytest.mark.parametrize(("encoding", "wbits"), [("gzip", 31), ("deflate", -15)])
def test_a_compression_bomb_is_stopped_at_the_decoded_cap(
    site: LocalSite, encoding: str, wbits: int
):
    sent: list[int] = []
    site.routes["/bomb"] = lambda _: Reply(
        200,
        chunks=_compressed_zeros(1024 * MB, wbits, sent),
        headers={"Content-Encoding": encoding},
    )
    tracemalloc.start()
    try:
        with pytest.raises(FetchError) as caught:
            fetch(site.url("/bomb"), check_robots=False)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.kind == "too_large"
    assert caught.value.permanent is True
    assert "expands to more than the 20.0 MB limit" in caught.value.message
    # Refused after a few dozen kilobytes on the wire, holding about the cap in memory.
    assert sum(sent) < 1 * MB
    assert peak < 3 * 20 * MB


def test_compressed_pages_decode_to_the_same_bytes(site: LocalSite):
    body = page("Compressed", "All the words " * 2000)
    zlib_deflate = zlib.compress(body)
    raw = zlib.compressobj(6, zlib.DEFLATED, -15)
    raw_deflate = raw.compress(body) + raw.flush()
    half = len(body) // 2
    two_members = gzip.compress(body[:half]) + gzip.compress(body[half:])
    site.routes["/gzip"] = Reply(200, gzip.compress(body), {"Content-Encoding": "gzip"})
    site.routes["/zlib"] = Reply(200, zlib_deflate, {"Content-Encoding": "deflate"})
    site.routes["/raw"] = Reply(200, raw_deflate, {"Content-Encoding": "deflate"})
    site.routes["/members"] = Reply(200, two_members, {"Content-Encoding": "gzip"})
    site.routes["/twice"] = Reply(
        200, gzip.compress(gzip.compress(body)), {"Content-Encoding": "gzip, gzip"}
    )
    for path in ["/gzip", "/zlib", "/raw", "/members", "/twice"]:
        assert fetch(site.url(path), check_robots=False).body == body, path
    assert site.requests[0][1]["Accept-Encoding"] == "gzip, deflate"


def test_a_corrupt_gzip_body_fails_as_unreadable(site: LocalSite):
    broken = bytearray(gzip.compress(page("Broken", "text " * 500)))
    broken[20:40] = b"\xff" * 20
    site.routes["/broken"] = Reply(200, bytes(broken), {"Content-Encoding": "gzip"})
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/broken"), check_robots=False)
    assert caught.value.kind == "encoding"
    assert caught.value.permanent is True
    assert "gzip body that is corrupt" in caught.value.message


def test_an_encoding_nobody_asked_for_is_refused(site: LocalSite):
    site.routes["/br"] = Reply(200, b"\x1b\x00\x00binary", {"Content-Encoding": "br"})
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/br"), check_robots=False)
    assert caught.value.kind == "encoding"
    assert "content encoding 'br'" in caught.value.message
