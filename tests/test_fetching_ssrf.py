"""The fetcher refuses every address that is not on the public internet (SSRF).

Bad inputs tried: literal loopback, private, link-local, cloud-metadata (169.254.169.254),
CGNAT (100.64/10), unspecified, multicast and reserved IPv4 addresses; IPv6 loopback,
unique-local (fd00::/8), link-local, IPv4-mapped (::ffff:127.0.0.1), NAT64 and 6to4
addresses wrapping loopback; loopback spelled as a decimal (2130706433) or hex (0x7f.1)
number; the name `localhost` through the real resolver; a public-looking server that
redirects to another loopback address, to 169.254.169.254 and to [::1]; a name whose DNS
answer changes between the check and the connection (DNS rebinding). Also proves that
CLAIMTRACK_FETCH_ALLOW_PRIVATE is off in a process started with a clean environment.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from sources import fetching
from sources.fetching import FetchError, fetch, is_address_allowed
from tests.support.fetching import fetch_env  # noqa: F401
from tests.support.http import LocalSite, Reply

pytestmark = pytest.mark.usefixtures("fetch_env")

ROOT = Path(__file__).resolve().parent.parent

BLOCKED_HOSTS = [
    "127.0.0.1",
    "127.1.2.3",
    "10.0.0.1",
    "172.16.5.4",
    "192.168.1.1",
    "169.254.169.254",
    "169.254.1.1",
    "100.64.0.1",
    "100.127.255.254",
    "0.0.0.0",
    "224.0.0.1",
    "240.0.0.1",
    "255.255.255.255",
    "[::1]",
    "[::]",
    "[fd00::1]",
    "[fc00::1]",
    "[fe80::1]",
    "[ff02::1]",
    "[::ffff:127.0.0.1]",
    "[::ffff:169.254.169.254]",
    "[::ffff:10.0.0.1]",
    "[64:ff9b::7f00:1]",
    "[2002:7f00:1::1]",
    "2130706433",
    "0x7f.1",
    "017700000001",
]


@pytest.fixture
def private_off(fetch_env) -> None:  # noqa: F811
    fetch_env.CLAIMTRACK_FETCH_ALLOW_PRIVATE = False


@pytest.mark.usefixtures("private_off")
@pytest.mark.parametrize("host", BLOCKED_HOSTS)
def test_non_public_addresses_are_refused_before_any_connection(site: LocalSite, host: str):
    site.routes["/secret"] = Reply(200, b"<html>internal admin</html>")
    with pytest.raises(FetchError) as caught:
        fetch(f"http://{host}:{site.port}/secret")
    assert caught.value.kind == "blocked_address"
    assert caught.value.permanent is True
    assert "only fetches public web sites" in caught.value.message
    assert site.hits == {}


@pytest.mark.usefixtures("private_off")
def test_localhost_is_resolved_and_refused(site: LocalSite):
    site.routes["/"] = Reply(200, b"<html>dev server</html>")
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/", host="localhost"))
    assert caught.value.kind == "blocked_address"
    assert "localhost resolves to 127.0.0.1, a loopback address" in caught.value.message
    assert site.hits == {}


def test_the_metadata_address_is_named_in_the_message(settings):
    settings.CLAIMTRACK_FETCH_ALLOW_PRIVATE = False
    with pytest.raises(FetchError) as caught:
        fetch("http://169.254.169.254/latest/meta-data/iam/security-credentials/")
    assert "link-local address (where cloud metadata services live)" in caught.value.message


@pytest.mark.parametrize(
    "address", ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"]
)
def test_public_addresses_are_allowed(address: str):
    assert is_address_allowed(ipaddress.ip_address(address)) is True


@pytest.fixture
def only_first_loopback_counts_as_public(monkeypatch, fetch_env) -> None:  # noqa: F811
    """127.0.0.1 stands for "a public site": every other address keeps the real policy."""
    fetch_env.CLAIMTRACK_FETCH_ALLOW_PRIVATE = False
    real = fetching.is_address_allowed

    def policy(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        return address == ipaddress.IPv4Address("127.0.0.1") or real(address)

    monkeypatch.setattr(fetching, "is_address_allowed", policy)


@pytest.fixture
def inside() -> Iterator[LocalSite]:
    """An "internal" server on another loopback address, which must never be reached."""
    server = LocalSite(host="127.0.0.2").start()
    server.routes["/admin"] = Reply(200, b"<html>internal admin</html>")
    yield server
    server.stop()


@pytest.mark.usefixtures("only_first_loopback_counts_as_public")
def test_every_redirect_hop_is_checked_again(site: LocalSite, inside: LocalSite):
    site.routes["/fine"] = Reply(200, b"<html><body>public page</body></html>")
    site.routes["/hop"] = Reply(302, headers={"Location": "/fine"})
    site.routes["/to-inside"] = Reply(302, headers={"Location": inside.url("/admin")})
    site.routes["/to-metadata"] = Reply(
        301, headers={"Location": "http://169.254.169.254/latest/meta-data/"}
    )
    site.routes["/to-v6-loopback"] = Reply(307, headers={"Location": f"http://[::1]:{site.port}/"})

    # The stand-in policy lets the first server through, and a same-site redirect too...
    assert fetch(site.url("/hop")).body == b"<html><body>public page</body></html>"
    # ...but every hop elsewhere meets the real policy.
    for path, words in [
        ("/to-inside", "127.0.0.2 is a loopback address"),
        ("/to-metadata", "169.254.169.254 is a link-local address"),
        ("/to-v6-loopback", "::1 is a loopback address"),
    ]:
        with pytest.raises(FetchError) as caught:
            fetch(site.url(path))
        assert caught.value.kind == "blocked_address", path
        assert caught.value.permanent is True
        assert words in caught.value.message
    assert inside.hits == {}


@pytest.mark.usefixtures("only_first_loopback_counts_as_public")
def test_the_connection_goes_to_the_address_that_was_checked(inside: LocalSite, monkeypatch):
    """DNS rebinding: the name answers 127.0.0.1 once, then 127.0.0.2 ("inside"),
    where a server listens on the same port: only a second lookup could reach it."""
    outside = LocalSite(host="127.0.0.1", port=inside.port).start()
    outside.routes["/admin"] = Reply(200, b"<html><body>the public page</body></html>")
    real_getaddrinfo = socket.getaddrinfo
    answers = ["127.0.0.1"]
    asked: list[str] = []

    def rebinding_dns(host, port, *args, **kwargs):
        if host != "rebind.test":
            return real_getaddrinfo(host, port, *args, **kwargs)
        asked.append(host)
        address = answers.pop(0) if answers else "127.0.0.2"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding_dns)
    try:
        result = fetch(f"http://rebind.test:{inside.port}/admin", check_robots=False)
    finally:
        outside.stop()
    assert result.body == b"<html><body>the public page</body></html>"
    assert result.address == "127.0.0.1"
    assert asked == ["rebind.test"]
    assert outside.requests[-1][1]["Host"] == f"rebind.test:{inside.port}"
    assert inside.hits == {}


def test_allow_private_is_off_in_a_clean_environment(site: LocalSite):
    """No CLAIMTRACK_* variable set: the setting is False and loopback is refused."""
    site.routes["/"] = Reply(200, b"<html><body>local</body></html>")
    script = (
        "import django, os\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'\n"
        "django.setup()\n"
        "from django.conf import settings\n"
        "from sources.fetching import FetchError, fetch\n"
        "print('allow_private', settings.CLAIMTRACK_FETCH_ALLOW_PRIVATE)\n"
        "try:\n"
        f"    fetch('{site.url('/')}', check_robots=False)\n"
        "    print('fetched')\n"
        "except FetchError as exc:\n"
        "    print('refused', exc.kind)\n"
    )
    clean_env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT), "LANG": "C.UTF-8"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=clean_env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["allow_private False", "refused blocked_address"]
    assert site.hits == {}
    # This test process itself runs with the setting turned on (the fetch_env fixture).
    assert settings.CLAIMTRACK_FETCH_ALLOW_PRIVATE is True
