"""The secrets a scan carries (--header values, --storage-state cookies) and where they may go.

Header values go only to the origins of the seeds and those named with --header-origin:
never to an image, script or frame from another site, nor to a redirect's next request
when it leaves those origins (in the browser: browser.add_site_headers, hop by hop). Cookies
go where a browser would send them (their domain, path and `secure` flag), from the first
request on, discovery's plain HTTP included.
"""
from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Credentials:
    headers: dict[str, str] = field(default_factory=dict)
    origins: frozenset[str] = frozenset()  # where the headers may go
    cookies: tuple[dict, ...] = ()  # storage-state cookies, for discovery's plain HTTP

    @classmethod
    def for_site(cls, headers: dict[str, str] | None, origins: Iterable[str | None],
                 cookies: Iterable[dict] = ()) -> Credentials:
        return cls(dict(headers or {}), frozenset(o for o in origins if o), tuple(cookies))

    def headers_for(self, url: str) -> dict[str, str]:
        """The extra headers a request to url carries: all of them on the allowed origins, else none."""
        from .discovery.urls import origin_of  # here: discovery imports this module

        return dict(self.headers) if self.headers and origin_of(url) in self.origins else {}

    def cookie_header(self, url: str) -> str | None:
        """The Cookie header a browser would send to url with these cookies (None: no cookie)."""
        parts = urlsplit(url)
        host, path = (parts.hostname or "").lower(), parts.path or "/"
        now = time.time()
        pairs = [f"{c['name']}={c['value']}" for c in self.cookies
                 if _domain_matches(c, host) and _path_matches(c, path)
                 and (parts.scheme == "https" or not c.get("secure"))
                 and not (c.get("expires", -1) != -1 and c.get("expires", -1) < now)]
        return "; ".join(pairs) or None

    async def httpx_hook(self, request) -> None:
        """An httpx request hook: put the secrets on this request, or take them off it.

        It runs for every request, a redirect's next one included (httpx copies the
        previous request's headers to it, which must not carry them to another origin)."""
        url = str(request.url)
        for name in self.headers:
            request.headers.pop(name, None)
        request.headers.update(self.headers_for(url))
        if self.cookies:
            cookie = self.cookie_header(url)
            if cookie:
                request.headers["Cookie"] = cookie
            else:
                request.headers.pop("Cookie", None)


def _domain_matches(cookie: dict, host: str) -> bool:
    if "url" in cookie:
        return (urlsplit(cookie["url"]).hostname or "").lower() == host
    domain = str(cookie.get("domain", "")).lower()
    if domain.startswith("."):  # a domain cookie: the domain and its subdomains
        return host == domain[1:] or host.endswith(domain)
    return host == domain  # a host-only cookie


def _path_matches(cookie: dict, path: str) -> bool:
    prefix = cookie.get("path") or (urlsplit(cookie["url"]).path if "url" in cookie else "/") or "/"
    return path == prefix or path.startswith(prefix.rstrip("/") + "/")
