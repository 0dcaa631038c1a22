"""Sitemaps: /sitemap.xml, the Sitemap: lines of robots.txt, sitemap indexes, gzip.

Sitemaps come from the site under test and may be broken or hostile, so every
problem becomes a warning and never an exception: XML is parsed with defusedxml
with DTDs forbidden (no entity expansion, no external entities), and the
number of sitemaps, the bytes read (compressed and decompressed) and the URLs
taken are all capped.
"""
from __future__ import annotations

import asyncio
import zlib
from collections import deque
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as SafeET
import httpx
from defusedxml import DefusedXmlException

from ..politeness import Politeness
from .fetch import FetchError, fetch_capped
from .urls import normalize_url


@dataclass
class SitemapLimits:
    max_sitemaps: int = 50  # files fetched, indexes included, across all origins
    max_bytes: int = 10 * 1024 * 1024  # per file as downloaded
    max_unzipped: int = 50 * 1024 * 1024  # per file after gunzip (the protocol's limit)
    max_urls: int = 50_000  # page URLs taken, in total
    max_nesting: int = 2  # an index may list indexes this deep
    max_seconds: float = 120.0  # for all sitemaps together


@dataclass
class SitemapResult:
    urls: list[tuple[str, str]] = field(default_factory=list)  # (page URL as written, sitemap URL)
    warnings: list[str] = field(default_factory=list)
    read: list[str] = field(default_factory=list)  # sitemaps successfully parsed


class SitemapError(Exception):
    """A sitemap that cannot be used; the message is fit for a warning."""


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def gunzip_capped(data: bytes, limit: int) -> bytes:
    """Decompress gzip data, refusing to produce more than limit bytes (no gzip bombs)."""
    decomp = zlib.decompressobj(wbits=31)
    try:
        out = decomp.decompress(data, limit + 1)
    except zlib.error as exc:
        raise SitemapError(f"not valid gzip ({exc})") from None
    if len(out) > limit or decomp.unconsumed_tail:
        raise SitemapError(f"larger than {limit // (1024 * 1024)} MiB once decompressed; not read")
    return out


def parse_sitemap(data: bytes) -> tuple[str, list[str]]:
    """('urlset' | 'sitemapindex' | 'text', locations) from the bytes of one sitemap."""
    if data[:2] == b"\x1f\x8b":
        raise SitemapError("gzip data must be decompressed first")  # caller's job
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped:
        raise SitemapError("empty")
    if not stripped.startswith(b"<"):
        # The protocol also allows a plain text file of URLs, one per line.
        text = stripped.decode("utf-8", errors="replace")
        lines = [line.strip() for line in text.splitlines()]
        urls = [line for line in lines if line.lower().startswith(("http://", "https://"))]
        if not urls:
            raise SitemapError("neither XML nor a text list of URLs")
        return "text", urls
    head = stripped[:64].lower()
    if head.startswith((b"<!doctype html", b"<html")):
        raise SitemapError("not a sitemap (an HTML page)")
    try:
        root = SafeET.fromstring(stripped, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise SitemapError(
            "rejected: it declares a DTD or entities, which sitemaps never need "
            "(entity expansion and external entities are refused)"
        ) from None
    except ParseError as exc:
        line = getattr(exc, "position", (None, None))[0]
        where = f" (line {line})" if line else ""
        raise SitemapError(f"not valid XML{where}") from None
    except (ValueError, RecursionError, MemoryError) as exc:
        raise SitemapError(f"could not be parsed ({type(exc).__name__})") from None
    kind = _local(root.tag)
    if kind == "urlset":
        child = "url"
    elif kind == "sitemapindex":
        child = "sitemap"
    else:
        raise SitemapError(f"not a sitemap (root element <{kind or '?'}>)")
    locs = []
    for entry in root:
        if _local(entry.tag) != child:
            continue
        for sub in entry:
            if _local(sub.tag) == "loc" and sub.text and sub.text.strip():
                locs.append(sub.text.strip())
                break
    return kind, locs


async def read_sitemaps(
    client: httpx.AsyncClient,
    start: list[tuple[str, bool]],
    allowed,
    limits: SitemapLimits | None = None,
    politeness: Politeness | None = None,
) -> SitemapResult:
    """Read sitemaps breadth-first from start, a list of (sitemap URL, explicit).

    explicit is False for the conventional /sitemap.xml, whose absence (a 4xx)
    is normal and not worth a warning. allowed(url) -> bool says whether a
    sitemap URL may be fetched (the frontier allows the scanned origins only).
    """
    limits = limits or SitemapLimits()
    result = SitemapResult()
    queue: deque[tuple[str, bool, int]] = deque((url, explicit, 0) for url, explicit in start)
    seen: set[str] = set()
    fetched_count = 0
    warned_files = warned_urls = False
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limits.max_seconds

    while queue:
        if loop.time() > deadline:
            result.warnings.append(
                f"sitemaps: reading took more than {limits.max_seconds:g} s; the rest were not read"
            )
            break
        url, explicit, nesting = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        if not allowed(url):
            result.warnings.append(f"sitemap {url}: not on a scanned origin; not read")
            continue
        if fetched_count >= limits.max_sitemaps:
            if not warned_files:
                result.warnings.append(
                    f"sitemaps: more than {limits.max_sitemaps} sitemap files; the rest were not read"
                )
                warned_files = True
            continue
        fetched_count += 1
        try:
            fetched = await fetch_capped(client, url, limits.max_bytes, politeness=politeness)
        except FetchError as exc:
            result.warnings.append(f"sitemap {url}: {exc}")
            continue
        if fetched.status != 200:
            if explicit or fetched.status >= 500:
                result.warnings.append(f"sitemap {url}: HTTP {fetched.status}")
            continue
        try:
            body = fetched.body
            if body[:2] == b"\x1f\x8b":
                body = gunzip_capped(body, limits.max_unzipped)
            kind, locs = parse_sitemap(body)
        except SitemapError as exc:
            result.warnings.append(f"sitemap {url}: {exc}")
            continue
        result.read.append(url)
        if kind == "sitemapindex":
            if nesting >= limits.max_nesting:
                result.warnings.append(
                    f"sitemap {url}: sitemap index nested more than {limits.max_nesting} deep; not followed"
                )
                continue
            for loc in locs:
                child = normalize_url(loc, base=url)
                if child is not None:
                    queue.append((child, True, nesting + 1))
            continue
        for loc in locs:
            if len(result.urls) >= limits.max_urls:
                if not warned_urls:
                    result.warnings.append(
                        f"sitemaps: more than {limits.max_urls} URLs; the rest were ignored"
                    )
                    warned_urls = True
                break
            result.urls.append((loc, url))
    return result
