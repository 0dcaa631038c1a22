"""The scan loop: discovery feeds page jobs to a pool of browser contexts.

One Chromium process; each worker has an isolated context and tab of its own
(browser.Tab), and several pages run at once. A page that fails is retried
once in a fresh context; a crashed renderer costs one page; a crashed browser
is relaunched. Results are handed to `on_page` as each page finishes so they
can be written as we go.
"""
from __future__ import annotations

import asyncio
import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from playwright.async_api import Error as PlaywrightError

from . import __version__
from .browser import Chromium, Tab
from .discovery import Frontier, PageJob
from .engines.axe import axe_options, axe_source, axe_version, convert, known_rule_ids, run_axe
from .models import Page, Results, finalise
from .screenshots import ScreenshotSettings, capture

# Resources that are not web pages: listed for their own 508 review, never rendered.
DOCUMENT_EXTENSIONS = {
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".odp",
    ".rtf", ".epub", ".csv", ".txt", ".zip", ".mp3", ".mp4", ".mov", ".wav", ".avi",
}

# Documents the browser renders as a DOM that axe can audit.
RENDERED_TYPES = {"text/html", "application/xhtml+xml", "image/svg+xml"}

# Reads the loaded document and tags it, so that after the audit we can tell whether
# the same document is still there (see _audit_loaded).
_READ_AND_MARK_DOCUMENT_JS = """(mark) => {
  window.__a11yDocumentMark = mark;
  const out = [];
  for (const el of document.querySelectorAll('a[href], area[href]')) out.push(el.href);
  for (const el of document.querySelectorAll('iframe[src], frame[src]')) out.push(el.src);
  return [location.href, document.title, out.filter(h => typeof h === 'string')];
}"""

_DOCUMENT_MARK_JS = "() => window.__a11yDocumentMark || null"

# Whether the document asks for a zero-delay meta refresh (and tags it, to tell it from
# the document the refresh brings). Chromium starts a refresh's timer when the load event
# has run, so such a refresh is always on its way when goto returns.
_ZERO_DELAY_REFRESH_JS = """(mark) => {
  window.__a11yRefreshMark = mark;
  return [...document.querySelectorAll('meta[http-equiv="refresh" i]')].some(m => {
    const delay = /^\\s*([0-9]*(?:\\.[0-9]*)?)/.exec(m.content || '')[1];
    return delay !== '' && delay !== '.' && Number(delay) === 0;
  });
}"""
_REFRESH_MARK_JS = "() => window.__a11yRefreshMark || null"

# How many times a page may replace its own document before we give up on it.
MAX_SELF_NAVIGATIONS = 5


def default_concurrency() -> int:
    # Chromium's renderers are the bottleneck: one page per core (measured: on 2 cores,
    # 4 pages at once were 50% slower than 2 on local pages), at least two so that a
    # slow server does not stall the scan, at most eight.
    return max(2, min(8, os.cpu_count() or 2))


def _ms_since(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass
class ScanOptions:
    standard: str = "section508"
    best_practice: bool = False
    rules: list[str] = field(default_factory=list)
    disable_rules: list[str] = field(default_factory=list)
    depth: int | None = None
    max_pages: int = 100
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    sitemap: bool = True
    robots: bool = True
    concurrency: int = field(default_factory=default_concurrency)
    timeout: float = 30.0
    headers: dict[str, str] = field(default_factory=dict)
    storage_state: str | None = None
    chromium: str | None = None
    screenshots: ScreenshotSettings | None = None  # pictures of failing elements, when asked for

    def axe(self) -> dict:
        return axe_options(self.standard, self.best_practice, self.rules, self.disable_rules)

    def recorded(self) -> dict:
        """The options worth keeping in results.json (no header values: they may be secrets)."""
        return {
            "tags": [] if self.rules else self.axe()["runOnly"]["values"], "best_practice": self.best_practice,
            "rules": self.rules, "disable_rules": self.disable_rules, "depth": self.depth,
            "max_pages": self.max_pages, "include": self.include, "exclude": self.exclude,
            "sitemap": self.sitemap, "robots": self.robots, "concurrency": self.concurrency,
            "timeout": self.timeout, "headers": sorted(self.headers),
            "screenshots": bool(self.screenshots),
        }


class SkipPage(Exception):
    """Not a page to scan (e.g. a download); the message is the skipped page's `reason`."""


class ScanSetupError(ValueError):
    """The scan cannot start as asked (a usage error, exit 2)."""


class PageError(Exception):
    """A page that cannot be scanned, and would fail the same way again: no retry."""

    def __init__(self, reason: str, final_url: str | None = None):
        super().__init__(reason)
        self.reason, self.final_url = reason, final_url


def _is_document(url: str) -> bool:
    return PurePosixPath(urlsplit(url).path).suffix.lower() in DOCUMENT_EXTENSIONS


def _reason(exc: BaseException, timeout: float) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, (asyncio.TimeoutError, TimeoutError)) or "Timeout" in text:
        return f"timeout: the page did not finish within {timeout:g} s"
    if "crash" in text.lower():
        return "crashed: the page's renderer crashed"
    for code, words in (
        ("ERR_NAME_NOT_RESOLVED", "DNS lookup failed"),
        ("ERR_CONNECTION_REFUSED", "connection refused"),
        ("ERR_TOO_MANY_REDIRECTS", "redirect loop"),
        ("ERR_CONNECTION_RESET", "connection reset"),
        ("ERR_ADDRESS_UNREACHABLE", "host unreachable"),
        ("ERR_CERT", "TLS certificate error"),
        ("ERR_EMPTY_RESPONSE", "empty response"),
    ):
        if code in text:
            return f"navigation failed: {words} ({code.lower()})"
    return f"error: {text[:300]}"


class Scanner:
    def __init__(self, seeds: list[str], options: ScanOptions,
                 on_page: Callable[[Page, Results], None] | None = None,
                 on_warning: Callable[[str], None] | None = None):
        self.seeds = seeds
        self.options = options
        self.on_page = on_page or (lambda page, results: None)
        self.on_warning = on_warning or (lambda message: None)
        self.results = Results(
            standard=options.standard, started=now_iso(),
            tool={"name": "a11y", "version": __version__},
            engine={"name": "axe-core", "version": axe_version()},
            options=options.recorded(),
        )
        self.frontier = Frontier(
            # Every seed named on the command line is scanned; the limit is on what discovery adds.
            seeds, max_depth=options.depth, max_pages=max(options.max_pages, len(seeds)), include=options.include,
            exclude=options.exclude, respect_robots=options.robots, use_sitemaps=options.sitemap,
            headers=options.headers, timeout=min(options.timeout, 15.0),
        )
        self.chromium = Chromium(options.chromium, on_warning=self.on_warning)
        self._content_seen: dict[str, str] = {}  # sha256 of a page's HTML -> the URL scanned with it
        self._finishers: list = []  # blank pages with axe loaded, where partial results are merged
        self._busy = 0
        self._wake = asyncio.Event()
        self._recorded_skips = 0
        self.pages_done = 0

    async def start(self) -> None:
        await self.chromium.start()
        named = set(self.options.rules) | set(self.options.disable_rules)
        if named:
            unknown = sorted(named - await known_rule_ids(await self.chromium.get()))
            if unknown:
                raise ScanSetupError(f"unknown axe rule id {', '.join(map(repr, unknown))} "
                                     f"(axe-core {axe_version()})")

    async def stop(self) -> None:
        await self.chromium.stop()

    async def __aenter__(self) -> Scanner:
        await self.start()
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self.stop()

    # --- the loop ------------------------------------------------------------
    async def run(self) -> Results:
        for warning in await self.frontier.prepare():
            self.on_warning(warning)
        self._record_skips()
        workers = [asyncio.create_task(self._worker()) for _ in range(max(1, self.options.concurrency))]
        try:
            await asyncio.gather(*workers)
        finally:
            for w in workers:
                w.cancel()
        self._record_skips()
        self.results.finished = now_iso()
        self.results.complete = True
        return finalise(self.results)

    async def _worker(self) -> None:
        tab = None
        try:
            while True:
                job = self.frontier.next_job()
                if job is None:
                    if self._busy == 0:
                        self._wake.set()  # nothing queued and nobody working: the crawl is over
                        return
                    self._wake.clear()
                    await self._wake.wait()
                    continue
                self._busy += 1
                try:
                    page, tab = await self._scan_with_retry(job, tab)
                    self._add(page)
                finally:
                    self._busy -= 1
                    self._record_skips()
                    self._wake.set()
        finally:
            if tab is not None:
                await tab.close()

    def _add(self, page: Page) -> None:
        self.results.pages.append(page)
        self.pages_done += 1
        self.on_page(page, self.results)

    def _record_skips(self) -> None:
        skipped = self.frontier.skipped
        for s in skipped[self._recorded_skips:]:
            self._add(Page(url=s.url, status="skipped", reason=s.reason, depth=s.depth, found_on=s.found_on))
        self._recorded_skips = len(skipped)

    async def _scan_with_retry(self, job: PageJob, tab: Tab | None) -> tuple[Page, Tab | None]:
        """Scan one page in the worker's tab; on failure, once more in a fresh context."""
        if _is_document(job.url):
            suffix = PurePosixPath(urlsplit(job.url).path).suffix.lower()
            return Page(url=job.url, status="skipped", reason=f"not-html: document ({suffix})",
                        depth=job.depth, found_on=job.found_on), tab
        started = time.monotonic()
        last: BaseException | None = None
        for _attempt in range(2):  # the first try, and one retry in a fresh context
            try:
                if tab is None or not tab.usable():
                    if tab is not None:
                        await tab.close()
                    tab = await self.chromium.open_tab(
                        timeout=self.options.timeout, headers=self.options.headers,
                        storage_state=self.options.storage_state,
                        init_script=axe_source(),  # axe in every document and frame as it loads
                    )
                page = await asyncio.wait_for(self._scan_once(job, tab), timeout=self.options.timeout * 2 + 5)
                tab.used += 1
                page.duration_ms = _ms_since(started)
                return page, tab
            except SkipPage as exc:  # not worth retrying (e.g. a download)
                return Page(url=job.url, status="skipped", reason=str(exc), depth=job.depth,
                            found_on=job.found_on, duration_ms=_ms_since(started)), tab
            except PageError as exc:
                return Page(url=job.url, status="error", reason=exc.reason, final_url=exc.final_url,
                            depth=job.depth, found_on=job.found_on, duration_ms=_ms_since(started)), tab
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - any failure costs this page only
                last = exc
                if tab is not None:
                    await tab.close()
                tab = None
        return Page(url=job.url, status="error", reason=_reason(last, self.options.timeout),
                    depth=job.depth, found_on=job.found_on, duration_ms=_ms_since(started)), tab

    async def _same_content_as(self, response, url: str) -> str | None:
        """The page already scanned with byte-identical HTML (e.g. /docs/ and /docs/index.html).

        Only successful responses count: error pages often share one body, and
        each broken link must still be reported.
        """
        if response is None or not 200 <= response.status < 300:
            return None
        try:
            body = await response.body()
        except Exception:  # the body may be gone (e.g. after a client-side redirect)
            return None
        digest = hashlib.sha256(body).hexdigest()
        first = self._content_seen.setdefault(digest, url)
        return first if first != url else None

    async def _audit(self, tab: Tab) -> dict:
        """axe across the tab's frames, merged in a reusable finisher page."""
        finisher = await self._take_finisher(tab.browser)
        raw = await asyncio.wait_for(run_axe(tab.page, self.options.axe(), finisher), timeout=self.options.timeout)
        self._finishers.append(finisher)  # only a finisher that worked is reused
        return raw

    async def _take_finisher(self, browser):
        """A blank page in its own context, reused across scans so axe loads there once."""
        while self._finishers:
            finisher = self._finishers.pop()
            if finisher.context.browser is browser and not finisher.is_closed():
                return finisher
        context = await browser.new_context()
        return await context.new_page()

    async def _scan_once(self, job: PageJob, tab: Tab) -> Page:
        try:
            response = await tab.page.goto(job.url, wait_until="load", timeout=self.options.timeout * 1000)
        except Exception as exc:
            if "Download is starting" in str(exc):
                raise SkipPage("not-html: the server sent a download") from None
            raise
        await self._follow_zero_delay_refresh(tab)
        # From here on, audit the document that is loaded: a meta refresh or a script
        # redirect firing mid-audit would otherwise pull the page away under axe.
        await tab.hold_navigation()
        try:
            return await self._audit_loaded(job, tab, response)
        finally:
            await tab.release_navigation()

    async def _follow_zero_delay_refresh(self, tab: Tab) -> None:
        """A zero-delay meta refresh is a redirect: wait for the document it brings
        (which the navigation hold would otherwise refuse or not, by a race)."""
        for _ in range(MAX_SELF_NAVIGATIONS):
            navigated = asyncio.get_running_loop().create_future()

            def on_navigated(frame, navigated=navigated):
                if frame.parent_frame is None and not navigated.done():
                    navigated.set_result(None)

            tab.page.on("framenavigated", on_navigated)
            try:
                mark = os.urandom(8).hex()
                try:
                    if not await tab.page.evaluate(_ZERO_DELAY_REFRESH_JS, mark):
                        return
                except PlaywrightError:  # replaced while we looked: the refresh is under way
                    if tab.crashed:
                        raise
                await asyncio.wait_for(navigated, timeout=self.options.timeout)
            finally:
                tab.page.remove_listener("framenavigated", on_navigated)
            await tab.page.wait_for_load_state("load")
            try:
                if await tab.page.evaluate(_REFRESH_MARK_JS) == mark:
                    return  # a same-document navigation (e.g. to a fragment): nothing to follow
            except PlaywrightError:
                pass

    async def _audit_loaded(self, job: PageJob, tab: Tab, response) -> Page:
        # A client-side redirect that committed before the hold (e.g. a zero-delay meta
        # refresh) is a redirect like any other: its target is the page. One that was
        # already in flight when the hold began can still replace the document while
        # axe runs; then the audit belongs to neither document and is done again on
        # the one that replaced it.
        page: Page | None = None
        for _ in range(MAX_SELF_NAVIGATIONS):
            await tab.page.wait_for_load_state("load")
            mark = os.urandom(8).hex()
            try:
                final_url, title, links = await tab.page.evaluate(_READ_AND_MARK_DOCUMENT_JS, mark)
            except PlaywrightError:  # the document was replaced while we read it
                continue
            refused = self._claim_url(job, final_url)
            if refused is not None:
                return refused
            if page is None:  # what the navigation's response says is decided once
                page = await self._page_for_response(job, final_url, response)
                if page.status != "scanned":
                    return page
            page.final_url, page.title = final_url, title
            for href in links:
                self.frontier.add(href, job.depth + 1, final_url)
            raw = await self._audit(tab)
            if tab.crashed:
                raise RuntimeError("page crashed")
            if await self._still_showing(tab, mark):
                break
        else:
            raise PageError("navigation failed: the page kept replacing itself (meta refresh or script) "
                            "while it was audited", tab.page.url)
        converted = convert(raw)
        page.violations = converted["violations"]
        page.incomplete = converted["incomplete"]
        page.passed = converted["passed"]
        page.inapplicable = converted["inapplicable"]
        if self.options.screenshots and page.violations:
            await capture(tab.page, page.violations, self.options.screenshots, final_url)
        return page

    def _claim_url(self, job: PageJob, final_url: str) -> Page | None:
        """None if the document the tab shows at final_url is this job's to audit, else
        the `skipped` record saying why (a duplicate after a redirect, out of scope)."""
        if not final_url.startswith(("http://", "https://")):
            # e.g. chrome-error://: the page sent itself somewhere that could not be loaded.
            raise PageError("navigation failed: the page redirected itself (meta refresh or script) "
                            "to an address that could not be loaded", final_url)
        if self.frontier.claim_final(job, final_url):
            return None
        return Page(url=job.url, final_url=final_url, status="skipped", depth=job.depth,
                    found_on=job.found_on, reason=self.frontier.last_claim_reason)

    async def _page_for_response(self, job: PageJob, final_url: str, response) -> Page:
        """The page record from the navigation's response: `scanned`, or `skipped` if
        it is not a rendered document or repeats a page already scanned."""
        status = response.status if response else None
        content_type = response.headers.get("content-type", "") if response else ""
        mime = content_type.split(";")[0].strip().lower()
        page = Page(url=job.url, final_url=final_url, status="scanned", http_status=status,
                    content_type=mime or None, depth=job.depth, found_on=job.found_on)
        if mime and mime not in RENDERED_TYPES:
            page.status, page.reason = "skipped", f"not-html: {mime}"
            return page
        # Seeds asked for by name are always scanned; with --depth 0 nothing else comes.
        duplicate_of = await self._same_content_as(response, final_url) if self.options.depth != 0 else None
        if duplicate_of and job.depth > 0:
            page.status, page.reason = "skipped", f"duplicate: same content as {duplicate_of}"
        return page

    @staticmethod
    async def _still_showing(tab: Tab, mark: str) -> bool:
        """Whether the tab still shows the document that was marked before the audit
        (history.pushState keeps the document, and so the mark)."""
        try:
            return await tab.page.evaluate(_DOCUMENT_MARK_JS) == mark
        except PlaywrightError:  # execution context destroyed: a new document is loading
            return False

