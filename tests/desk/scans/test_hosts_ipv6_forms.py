"""IPv6 addresses that carry an IPv4 address (NAT64, 6to4, Teredo, IPv4-mapped and -compatible),
and reserved ones: the decision, given the resolved addresses (nothing is resolved or contacted)."""
from __future__ import annotations

import pytest

from desk.scans.hosts import AllowList, decide

AGENCY = AllowList.parse("www.agency.gov *.agency.gov")
URL = "https://www.agency.gov/"


@pytest.mark.parametrize("address", [
    "64:ff9b::a00:1",  # NAT64 (RFC 6052 well-known prefix) of 10.0.0.1
    "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
    "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254 (cloud metadata)
    "64:ff9b::6440:1",  # NAT64 of 100.64.0.1 (shared address space)
    "64:ff9b:1::a00:1",  # RFC 8215 local-use NAT64: a network's own translator, refused whatever it carries
    "64:ff9b:1::808:808",
    "2002:a9fe:a9fe::",  # 6to4 of 169.254.169.254
    "2002:7f00:1::",  # 6to4 of 127.0.0.1
    "2002:c0a8:101::1",  # 6to4 of 192.168.1.1
    "2001:0:a00:1::1",  # Teredo whose server is 10.0.0.1
    "2001:0:808:808:0:0:f5ff:fffe",  # Teredo whose client (inverted in the last 32 bits) is 10.0.0.1
    "::7f00:1",  # IPv4-compatible 127.0.0.1 (deprecated)
    "::a00:1",  # IPv4-compatible 10.0.0.1
    "::808:808",  # IPv4-compatible, even of a public address: no site resolves to one
    "::ffff:a00:1",  # IPv4-mapped 10.0.0.1
    "fec0::1",  # site-local (deprecated, but Python says is_global)
    "ff0e::1",  # global-scope multicast
    "4000::1",  # reserved by the IETF (not in 2000::/3)
    "::",  # unspecified
])
def test_refused(address):
    reason = decide(URL, [address], AGENCY)
    assert reason is not None and "not listed in DESK_SCAN_HOSTS" in reason


@pytest.mark.parametrize("address", [
    "8.8.8.8",
    "93.184.216.34",
    "2001:4860:4860::8888",
    "2606:2800:220:1::248",
    "64:ff9b::808:808",  # NAT64 of 8.8.8.8: how an IPv6-only network with DNS64 reaches an IPv4-only site
    "::ffff:808:808",  # IPv4-mapped 8.8.8.8
])
def test_public_addresses_stay_allowed(address):
    assert decide(URL, [address], AGENCY) is None


def test_the_refusal_names_the_ipv4_address_the_ipv6_one_stands_for():
    assert "resolves to 64:ff9b::a00:1 (which stands for 10.0.0.1), a private" in decide(URL, ["64:ff9b::a00:1"],
                                                                                          AGENCY)


def test_one_refused_form_among_public_addresses_refuses_the_host():
    assert "resolves to 2002:7f00:1::" in decide(URL, ["8.8.8.8", "2002:7f00:1::"], AGENCY)


def test_resources_from_other_hosts_are_judged_alike():
    assert "resolves to 64:ff9b::7f00:1" in decide("https://cdn.example.net/a.css", ["64:ff9b::7f00:1"], AGENCY,
                                                    check_host=False)
