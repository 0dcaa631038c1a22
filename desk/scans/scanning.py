"""Scan one reported page with the project's own scanner, through the address guard."""
from __future__ import annotations

import asyncio
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from a11y.models import Results

from .hosts import AllowList, decide, resolve


@dataclass
class Guard:
    """The browser's RequestGuard for a desk scan: the page itself (and every redirect it
    takes) must stay on the allow-list; nothing at all may come from a private address
    that the list does not name. Remembers what it refused, to say why on the request.

    `refused` is everything it refused, in any tab: our checks load copies of pages in tabs of
    their own (a link's destination, a linked page), and what is refused there is the check's
    to report (it names a destination it could not load). What the scanner says was refused
    of the reported page itself (`page_refused`, from scan_page) is what the request is told."""

    allow: AllowList
    refused: list[tuple[str, bool, str]] = field(default_factory=list)  # (url, top level, reason)
    page_refused: list[tuple[str, bool, str]] = field(default_factory=list)  # the page's own (url, top, reason)
    page_refused_count: int = 0  # how many in all: the scanner keeps the first 100 (and the page's navigation)
    _addresses: dict[str, list[str]] = field(default_factory=dict)

    async def __call__(self, url: str, top: bool) -> str | None:
        from urllib.parse import urlsplit

        host = urlsplit(url).hostname or ""
        if host not in self._addresses:
            self._addresses[host] = await asyncio.get_running_loop().run_in_executor(None, resolve, url)
        reason = decide(url, self._addresses[host], self.allow, check_host=top)
        if reason:
            self.refused.append((url, top, reason))
        return reason

    def of_page(self, url: str, refused: list, count: int) -> None:
        """ScanOptions.on_refused: what was refused of the page itself (a11y.browser.Refusal)."""
        self.page_refused = [(r.url, r.top_level, r.reason) for r in refused]
        self.page_refused_count = count

    def page_refusal(self) -> str | None:
        """Why the page itself (or a redirect it took) was not fetched, if it was refused."""
        for url, top, reason in self.page_refused:
            if top:
                return f"{url} was not fetched: {reason}"
        return None

    def resource_refusals(self) -> str:
        """What the scanned page uses that was not fetched (its images, styles, scripts or frames
        on addresses the guard refused), the first named with the reason; "" when nothing was: what
        the checks could not see may be missing from the findings."""
        refused = list(dict.fromkeys((url, reason) for url, top, reason in self.page_refused if not top))
        if not refused:
            return ""
        url, reason = refused[0]
        more = f" and {len(refused) - 1} more" if len(refused) > 1 else ""
        # Past the refusals the scanner kept, more files may have been refused: the count is a floor.
        files = f"at least {len(refused)}" if self.page_refused_count > len(self.page_refused) else len(refused)
        return (f"{files} file(s) the page uses were not fetched, so findings about them may be missing "
                f"({url}{more}: {reason})")


def scan_page(url: str, standard: str, guard: Guard, timeout: float) -> Results:
    """A depth-0 scan of url: no sitemap, no robots.txt (nothing fetched outside the browser)."""
    from a11y.scan import Scanner, ScanOptions

    options = ScanOptions(standard=standard, depth=0, sitemap=False, robots=False, concurrency=1,
                          timeout=timeout, request_guard=guard, on_refused=guard.of_page)

    async def go() -> Results:
        async with Scanner([url], options) as scanner:
            return await scanner.run()

    return asyncio.run(go())


def report_html(results: Results) -> str:
    from a11y.reporters.html import render_html

    with tempfile.TemporaryDirectory(prefix="desk-report-") as folder:
        return render_html(results, Path(folder))
