"""Which reported addresses the desk may fetch: DESK_SCAN_HOSTS, and no private networks.

DESK_SCAN_HOSTS lists host names (www.agency.gov), patterns (*.agency.gov) and
addresses or networks (10.20.0.0/16, 127.0.0.1). A page is fetched only if its host
is on the list, and only if every address the host resolves to is public, or is
named on the list as an address or network: a host name or a pattern never opens a
private, loopback, link-local or reserved address, nor an IPv6 address that carries such an
IPv4 address (NAT64, 6to4, Teredo, IPv4-mapped): an intranet or a local test site is listed
by its address. The decision takes the resolved addresses as an argument, so it is
tested without resolving or connecting anything; the guard applies it to every
request and every redirect the browser makes.
"""
from __future__ import annotations

import fnmatch
import ipaddress
import socket
from dataclasses import dataclass, field
from urllib.parse import urlsplit

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class AllowListError(ValueError):
    """A DESK_SCAN_HOSTS entry that is neither a host name, a pattern nor an address."""


@dataclass
class AllowList:
    names: list[str] = field(default_factory=list)  # lower-case names and fnmatch patterns
    networks: list[Network] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str) -> AllowList:
        out = cls()
        for raw in text.replace(",", " ").split():
            entry = raw.strip().lower().strip("[]")
            try:
                out.networks.append(ipaddress.ip_network(entry, strict=False))
                continue
            except ValueError:
                pass
            if not entry or "/" in entry or ":" in entry or not all(
                    c.isalnum() or c in "-.*?" for c in entry):
                raise AllowListError(f"DESK_SCAN_HOSTS: {raw!r} is not a host name, pattern (*.agency.gov), "
                                     "address or network (10.0.0.0/8)")
            out.names.append(entry.rstrip("."))
        return out

    def __bool__(self) -> bool:
        return bool(self.names or self.networks)

    def names_host(self, host: str) -> bool:
        """The host is on the list: by name or pattern, or (an address) inside a listed network."""
        host = host.lower().rstrip(".")
        address = _address(host)
        if address is not None:
            return self.names_address(address)
        return any(fnmatch.fnmatchcase(host, pattern) for pattern in self.names)

    def names_address(self, address: Address) -> bool:
        return any(address.version == n.version and address in n for n in self.networks)


def _address(host: str) -> Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


# IPv6 addresses that stand for an IPv4 address: a connection to one reaches the IPv4 address it
# carries (through the host's own stack, or a NAT64 gateway), so it is judged as that address is.
IPV4_MAPPED = ipaddress.IPv6Network("::ffff:0:0/96")
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # RFC 6052's well-known prefix: the IPv4 address is the last 32 bits
# Refused whatever they carry. RFC 8215's local-use NAT64 prefix is a network's own translator, and
# where the IPv4 address sits in it depends on the prefix length that network chose (RFC 6052 2.2),
# so it cannot be read reliably; IPv4-compatible addresses (::a.b.c.d) are deprecated (RFC 4291
# 2.5.5.1), no site resolves to one, and an old stack may still tunnel them to the IPv4 address.
NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")
IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")


def _carried(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses a 6to4 (2002::/16) or Teredo (2001::/32: server and client) address
    carries, which a connection to it goes through or reaches."""
    if address.sixtofour is not None:
        return [address.sixtofour]
    return list(address.teredo or ())


def stands_for(address: Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv4-mapped or well-known NAT64 address stands for, or None."""
    if isinstance(address, ipaddress.IPv6Address) and (address in IPV4_MAPPED or address in NAT64):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def public(address: Address) -> bool:
    """Routable on the internet: not private, loopback, link-local, shared, multicast, reserved,
    unspecified or site-local, nor an IPv6 form of an IPv4 address that is one of those.
    (Python's is_global alone says True of some reserved addresses, 64:ff9b::a00:1 among them.)"""
    if (v4 := stands_for(address)) is not None:
        return public(v4)
    if isinstance(address, ipaddress.IPv6Address):
        if address in NAT64_LOCAL or address in IPV4_COMPATIBLE or address.is_site_local:
            return False
        if not all(public(v4) for v4 in _carried(address)):
            return False
    return address.is_global and not (address.is_multicast or address.is_reserved or address.is_unspecified)


def host_refusal(url: str, allow: AllowList) -> str | None:
    """Why a URL is never fetched before any lookup: not http(s), or its host not on the list."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        return "not a web address that can be fetched"
    if parts.scheme not in ("http", "https") or not host:
        return "not a web address that can be fetched (only http and https pages are scanned)"
    if not allow:
        return "no sites are listed for scanning (DESK_SCAN_HOSTS is empty)"
    if not allow.names_host(host):
        return f"{host} is not one of the sites listed for scanning (DESK_SCAN_HOSTS)"
    return None


def address_refusal(host: str, addresses: list[str], allow: AllowList) -> str | None:
    """Why a host that resolved to these addresses must not be contacted, or None."""
    if not addresses:
        return f"{host} did not resolve to any address"
    for text in addresses:
        address = ipaddress.ip_address(text.split("%")[0])
        if not public(address) and not allow.names_address(address):
            v4 = stands_for(address)
            shown = f"{address} (which stands for {v4})" if v4 is not None else str(address)
            return (f"{host} resolves to {shown}, a private, loopback or link-local address "
                    "not listed in DESK_SCAN_HOSTS")
    return None


def decide(url: str, addresses: list[str], allow: AllowList, check_host: bool = True) -> str | None:
    """The whole decision for one request: None to fetch it, or the reason not to.
    check_host=False for a page's own resources (styles, images), which may come from
    other hosts, but never from a private address."""
    if check_host:
        reason = host_refusal(url, allow)
        if reason:
            return reason
    host = urlsplit(url).hostname or ""
    return address_refusal(host, addresses, allow)


def resolve(url: str) -> list[str]:
    """Every address the URL's host resolves to ([] if it does not)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if _address(host) is not None:
        return [str(_address(host))]
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return []
    return sorted({info[4][0] for info in infos})
