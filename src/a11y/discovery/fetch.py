"""Plain HTTP fetches for discovery (robots.txt, sitemaps, `a11y crawl`'s pages), with a size
cap, asked again after the pause a server names when it answers 429 or 503 (politeness.py): in the
scan's own pauses, those its page loads, revalidation and checks' copies meet too."""
from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx

from ..politeness import SLOW_DOWN, GiveUp, Politeness


class FetchError(Exception):
    """A fetch that gave no usable response; the message is fit for a warning."""


class TooLarge(FetchError):
    pass


@dataclass
class Fetched:
    url: str  # final URL, after redirects
    status: int
    content_type: str
    body: bytes
    retry_after: str | None = None  # the Retry-After header, if any


def describe_error(exc: BaseException) -> str:
    """A short, human-readable cause for an httpx (or other) error."""
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    if isinstance(exc, httpx.TooManyRedirects):
        return "too many redirects"
    if isinstance(exc, httpx.ConnectError):
        return f"could not connect ({exc or 'connection failed'})"
    if isinstance(exc, httpx.HTTPError):
        return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return f"{type(exc).__name__}: {exc}"


async def fetch_capped(
    client: httpx.AsyncClient, url: str, max_bytes: int, total: float | None = None,
    politeness: Politeness | None = None,
) -> Fetched:
    """GET url, following redirects; the body is read up to max_bytes (after any
    Content-Encoding is undone), beyond which TooLarge is raised. total bounds
    the whole fetch (the client's timeout bounds each read only, so a server
    dripping a byte at a time could otherwise hold discovery forever).
    politeness: the scan's pauses (default: a pause of this fetch's own)."""
    if total is None:
        total = _default_total(client)
    polite = politeness if politeness is not None else Politeness()
    tries = 0
    while True:
        await polite.wait(url)  # the server's pause is not the fetch's time: outside `total`
        try:
            async with asyncio.timeout(total):
                fetched = await _fetch(client, url, max_bytes)
        except TimeoutError:
            raise FetchError(f"timed out (took more than {total:g} s)") from None
        tries += 1
        if fetched.status not in SLOW_DOWN:
            return fetched
        try:
            polite.refused(fetched.url, fetched.status, fetched.retry_after, tries)
        except GiveUp as exc:
            if fetched.status == 429:
                raise FetchError(str(exc)) from None
            return fetched  # a 503 that lasts is the server's answer


def _default_total(client: httpx.AsyncClient) -> float:
    read = client.timeout.read
    return 3 * read if read else 60.0


async def _fetch(client: httpx.AsyncClient, url: str, max_bytes: int) -> Fetched:
    try:
        async with client.stream("GET", url) as response:
            chunks: list[bytes] = []
            size = 0
            if response.status_code == 200:
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise TooLarge(f"larger than {max_bytes // 1024} KiB; not read")
                    chunks.append(chunk)
            return Fetched(
                url=str(response.url),
                status=response.status_code,
                content_type=response.headers.get("content-type", "").split(";")[0].strip().lower(),
                body=b"".join(chunks),
                retry_after=response.headers.get("retry-after"),
            )
    except FetchError:
        raise
    except (httpx.HTTPError, httpx.InvalidURL, OSError, ValueError) as exc:
        raise FetchError(describe_error(exc)) from exc
