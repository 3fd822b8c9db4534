"""https works with the connection pinned to the checked address: SNI and the certificate
check still use the real host name.

Bad inputs tried: a server whose certificate names another host; a server whose
certificate comes from an authority nobody trusts; plain http spoken to an https port.
Good input: a certificate for `localhost` from a trusted (test) authority, reached
through the IP address `localhost` resolved to.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sources.fetching import FetchError, fetch
from tests.support.fetching import fetch_env, page  # noqa: F401
from tests.support.http import LocalSite, Reply
from tests.support.tls import Certificates, make_certificates

pytestmark = pytest.mark.usefixtures("fetch_env")


@pytest.fixture(scope="module")
def certificates(tmp_path_factory) -> Certificates:
    return make_certificates(tmp_path_factory.mktemp("tls"), hostname="localhost")


@pytest.fixture
def https_site(certificates: Certificates, monkeypatch) -> Iterator[LocalSite]:
    # OpenSSL reads SSL_CERT_FILE whenever a context loads the default trust store.
    monkeypatch.setenv("SSL_CERT_FILE", str(certificates.ca_file))
    server = LocalSite(tls=certificates.server_context()).start()
    server.routes["/story"] = Reply(200, page("Over TLS"))
    yield server
    server.stop()


def test_https_verifies_the_real_host_name_over_the_pinned_address(https_site: LocalSite):
    result = fetch(https_site.url("/story", host="localhost"))
    assert b"Over TLS" in result.body
    assert result.address == "127.0.0.1"
    assert result.final_url == https_site.url("/story", host="localhost")
    assert "localhost" in https_site.sni_names
    assert https_site.requests[-1][1]["Host"] == f"localhost:{https_site.port}"


def test_a_certificate_for_another_name_is_refused(https_site: LocalSite):
    # Same server, asked for by its address: the certificate says "localhost".
    with pytest.raises(FetchError) as caught:
        fetch(https_site.url("/story", host="127.0.0.1"), check_robots=False)
    assert caught.value.kind == "connection"
    assert caught.value.permanent is True
    assert "TLS certificate of 127.0.0.1 could not be verified" in caught.value.message
    assert https_site.hits == {}


def test_an_untrusted_authority_is_refused(https_site: LocalSite, monkeypatch, tmp_path: Path):
    stranger = make_certificates(tmp_path, hostname="localhost")
    monkeypatch.setenv("SSL_CERT_FILE", str(stranger.ca_file))
    with pytest.raises(FetchError) as caught:
        fetch(https_site.url("/story", host="localhost"), check_robots=False)
    assert caught.value.kind == "connection"
    assert caught.value.permanent is True
    assert "could not be verified" in caught.value.message


def test_plain_http_to_an_https_port_fails_clearly(https_site: LocalSite):
    with pytest.raises(FetchError) as caught:
        fetch(f"http://localhost:{https_site.port}/story", check_robots=False)
    assert caught.value.kind == "connection"
    assert caught.value.permanent is False
