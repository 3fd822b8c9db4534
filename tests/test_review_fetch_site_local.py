"""The fetcher refuses IPv6 site-local addresses (fec0::/10): deprecated, but still routed
inside some networks, and not on the public internet. Python's ipaddress counts them as
global, so the policy let them through, literal or resolved, unlike unique-local fc00::/7.
"""

from __future__ import annotations

import ipaddress

import pytest

from sources.fetching import FetchError, describe_address, fetch, is_address_allowed
from tests.support.fetching import fetch_env  # noqa: F401

pytestmark = pytest.mark.usefixtures("fetch_env")


@pytest.mark.parametrize("address", ["fec0::1", "fed0::a:b", "feff:ffff::1"])
def test_site_local_addresses_are_not_public(address: str) -> None:
    parsed = ipaddress.ip_address(address)
    assert is_address_allowed(parsed) is False
    assert describe_address(parsed) == "a site-local (private) IPv6 address"


def test_a_site_local_literal_is_refused_before_any_connection(fetch_env) -> None:  # noqa: F811
    fetch_env.CLAIMTRACK_FETCH_ALLOW_PRIVATE = False
    with pytest.raises(FetchError) as caught:
        fetch("http://[fec0::1]/internal")
    assert caught.value.kind == "blocked_address"
    assert caught.value.permanent is True
    assert "site-local" in caught.value.message


def test_the_addresses_around_it_keep_their_verdicts() -> None:
    assert is_address_allowed(ipaddress.ip_address("fe80::1")) is False  # link-local
    assert is_address_allowed(ipaddress.ip_address("2606:4700:4700::1111")) is True
