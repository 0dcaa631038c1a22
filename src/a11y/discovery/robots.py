"""robots.txt: fetched once per origin, parsed with protego."""
from __future__ import annotations

from dataclasses import dataclass, field

import httpx
from protego import Protego

from ..politeness import Politeness
from .fetch import FetchError, fetch_capped

#: RFC 9309 asks crawlers to read at least 500 KiB; larger files are ignored (allow all).
MAX_ROBOTS_BYTES = 512 * 1024


@dataclass
class Robots:
    """The rules of one origin. rules None means every URL is allowed."""

    url: str
    rules: Protego | None = None
    sitemaps: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def allows(self, url: str, user_agent: str) -> bool:
        if self.rules is None:
            return True
        try:
            return self.rules.can_fetch(url, user_agent)
        except Exception:  # noqa: BLE001 - a parser bug must not stop a scan
            return True

    def crawl_delay(self, user_agent: str) -> float | None:
        """The seconds its Crawl-delay asks between requests for user_agent, if it names any."""
        if self.rules is None:
            return None
        try:
            delay = self.rules.crawl_delay(user_agent)
        except Exception:  # noqa: BLE001 - a parser bug must not stop a scan
            return None
        return float(delay) if delay and delay > 0 else None


async def fetch_robots(client: httpx.AsyncClient, origin: str, politeness: Politeness | None = None) -> Robots:
    """Fetch and parse origin/robots.txt.

    A missing robots.txt (4xx) allows everything, silently. A server error, a
    network error or an oversized file also allows everything, with a warning:
    the scanner is usually run by a site's owner, and refusing to scan a whole
    site because robots.txt answered 503 would be more surprising than useful.
    """
    url = origin.rstrip("/") + "/robots.txt"
    robots = Robots(url=url)
    try:
        fetched = await fetch_capped(client, url, MAX_ROBOTS_BYTES, politeness=politeness)
    except FetchError as exc:
        robots.warnings.append(f"robots.txt {url}: {exc}; treating every page as allowed")
        return robots
    if fetched.status != 200:
        if fetched.status >= 500:
            robots.warnings.append(
                f"robots.txt {url}: HTTP {fetched.status}; treating every page as allowed"
            )
        return robots
    text = fetched.body.decode("utf-8", errors="replace").lstrip("\ufeff")
    try:
        robots.rules = Protego.parse(text)
        robots.sitemaps = [s.strip() for s in robots.rules.sitemaps if s and s.strip()]
    except Exception as exc:  # noqa: BLE001 - hostile input must not stop a scan
        robots.rules = None
        robots.warnings.append(
            f"robots.txt {url}: could not be parsed ({type(exc).__name__}); "
            "treating every page as allowed"
        )
    return robots
