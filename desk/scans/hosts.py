"""Which reported addresses the desk may fetch: DESK_SCAN_HOSTS, and no private networks.

DESK_SCAN_HOSTS lists host names (www.agency.gov), patterns (*.agency.gov) and
addresses or networks (10.20.0.0/16, 127.0.0.1). A page is fetched only if its host
is on the list, and only if every address the host resolves to is public, or is
named on the list as an address or network: a host name or a pattern never opens a
private, loopback or link-local address (an intranet or a local test site is listed
by its address). The decision takes the resolved addresses as an argument, so it is
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


def public(address: Address) -> bool:
    """Routable on the internet: not private, loopback, link-local, multicast, reserved..."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


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
            return (f"{host} resolves to {address}, a private, loopback or link-local address "
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
