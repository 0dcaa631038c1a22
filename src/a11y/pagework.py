"""The work on one page: load it, hold it still, run every engine, take pictures.

`scan_page` takes a page job and a browser tab and returns the page's outcome
(its record, the links it found, its final URL). It knows nothing of the
frontier: the loop (scan.py) passes `claim`, which says whether the address the
page ended at is this job's to audit, and `seen_content`, which says whether the
same content was scanned under another address. So this can run in this process
or in a worker on another machine.

A page is read, and audited, once it has settled (settle.py): an app whose scripts render it
after `load` is audited as rendered, with the links and title it then has. Two addresses are
one page when they show the same once rendered (CONTENT_DIGEST), not when the server sends the
same bytes: an app served with a history fallback sends one shell for every route, and each
route renders its own page.
"""
from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urldefrag

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeout

from .browser import Tab, is_top_navigation
from .cpuslots import PageSlots
from .cpuslots import hold as cpu_slot
from .discovery import PageJob
from .discovery.urls import RENDERED_TYPES  # documents the browser renders as a DOM the engines audit
from .engines.base import Engine, EngineResults, PageTarget
from .jsonwire import evaluate_json
from .locations import record_order
from .models import Page
from .pagesize import PhaseTimeout, budget_scale, element_count, extend
from .politeness import SLOW_DOWN, GiveUp, Politeness
from .refresh import zero_delay_refresh_js
from .screenshots import ScreenshotSettings, capture
from .settle import BUSY, FINITE_RUNNING, WATCH_SCRIPT, wait_for_animations, wait_for_rendering
from .sizegate import ElementGate
from .sizegate import hold as room_for

# How many times a page may replace its own document before we give up on it.
MAX_SELF_NAVIGATIONS = 5

# What the page shows once rendered, as a digest that does not depend on its address: its title,
# its visible text, its links and frames (as absolute addresses, but a link within the page,
# href="#main", as written: the same link at / and at /index.html), and its forms. Two addresses
# with the same digest are one page shown twice.
CONTENT_DIGEST = """() => {
  const links = [];
  for (const el of document.querySelectorAll('a[href], area[href]')) {
    const href = el.getAttribute('href').trim();
    links.push(href === '' || href.startsWith('#') ? href : el.href);
  }
  for (const el of document.querySelectorAll('iframe[src], frame[src]')) links.push(el.src);
  const forms = [...document.forms].map((f) => (f.getAttribute('action') ? f.action : '') + ' ' + f.method + ' ' +
    [...f.elements].map((e) => e.name + ':' + e.type).join(','));
  const root = document.body || document.documentElement;
  const text = root ? (typeof root.innerText === 'string' ? root.innerText : root.textContent) : '';
  const all = [document.title, text, ...[...new Set(links)].sort(), ...forms.sort()].join('\\n');
  // Two 32-bit FNV-style hashes of the text and its length: a digest in no need of a secure context.
  let a = 0x811c9dc5, b = 0x01000193;
  for (let i = 0; i < all.length; i++) {
    const c = all.charCodeAt(i);
    a = Math.imul(a ^ c, 16777619);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return [a >>> 0, b >>> 0, all.length].map((n) => n.toString(16)).join('-');
}"""

# Reads the loaded document and tags it, so that after the audit we can tell whether
# the same document is still there (see _audit_loaded). [mark, ask, digest]: ask whether the
# page has settled (settle.BUSY: if not, the rest is read again once it has), and give its
# content's digest (for the de-duplication of pages).
_READ_AND_MARK_DOCUMENT_JS = """([mark, ask, digest]) => {
  window.__a11yDocumentMark = mark;
  const busy = ask ? BUSY : null;
  const out = [];
  for (const el of document.querySelectorAll('a[href], area[href]')) out.push(el.href);
  for (const el of document.querySelectorAll('iframe[src], frame[src]')) out.push(el.src);
  const links = out.filter(h => typeof h === 'string');
  // With the size of the page (pagesize.element_count's measure), whether scripts run in it
  // (see _scripts_off), and whether a transition it started on load is still running
  // (settle.py), in the same call.
  return [location.href, document.title, links,
          document.getElementsByTagName('*').length,
          // Ours, not the page's: the activity record would count it as a script watching the window.
          window.__a11yActivity ? window.__a11yActivity.asOurs(() => matchMedia('(scripting: none)').matches)
                                : matchMedia('(scripting: none)').matches,
          busy ? [0, false] : FINITE_RUNNING, busy, digest && !busy ? (CONTENT_DIGEST)() : null];
}""".replace("FINITE_RUNNING", FINITE_RUNNING).replace("BUSY", BUSY).replace("CONTENT_DIGEST", CONTENT_DIGEST)

_DOCUMENT_MARK_JS = "() => window.__a11yDocumentMark || null"

# Whether the document asks for a zero-delay meta refresh (and tags it, to tell it from
# the document the refresh brings). Chromium starts a refresh's timer when the load event
# has run, so such a refresh is always on its way when goto returns.
# The first valid meta refresh is the one the browser acts on (HTML's refresh steps ignore an
# invalid one, such as "0: url"); it is a redirect when its time is 0.
_ZERO_DELAY_REFRESH_JS = zero_delay_refresh_js()
_REFRESH_MARK_JS = "() => window.__a11yRefreshMark || null"


class SkipPage(Exception):
    """Not a page to scan (e.g. a download); the message is the skipped page's `reason`."""


class PageError(Exception):
    """A page that cannot be scanned, and would fail the same way again: no retry."""

    def __init__(self, reason: str, final_url: str | None = None):
        super().__init__(reason)
        self.reason, self.final_url = reason, final_url


class EngineTimeout(PageError):
    """An engine used up the budget a page of this size is given (pagesize.py): it would hang
    again, so no retry; and the tab is not reused, as its renderer may still be busy."""


@dataclass
class PageSettings:
    timeout: float = 30.0  # seconds for loading, and for each engine's run
    dedupe_content: bool = True  # skip a discovered page that shows, rendered, what another address showed
    screenshots: ScreenshotSettings | None = None
    locate: bool = False  # a local folder's page: note where identical elements stand (locations.py)
    cpu: PageSlots | None = None  # this page's view of the scan's CPU slots (cpuslots.py)
    sizes: ElementGate | None = None  # the bound on elements under audit at once (sizegate.py)
    budget: asyncio.Timeout | None = None  # the page's overall deadline, moved on for a large page (pagesize.py)
    # The scan's pauses per origin for servers that answer 429 or 503 (politeness.py), shared by
    # every page of the scan (a page's settings are copies of the scan's, this object with them)
    # and by its discovery, --cache revalidation and checks' copies of pages (Scanner.politeness).
    politeness: Politeness = field(default_factory=Politeness)


@dataclass
class PageOutcome:
    page: Page
    links: list[str] = field(default_factory=list)  # every link and frame address the document names
    final_url: str | None = None
    content_digest: str | None = None  # CONTENT_DIGEST of the page as audited, with de-duplication on


# claim(job, final_url) -> None if this job may audit the document at final_url, else the
# reason to record it as skipped (a duplicate after a redirect, out of scope).
Claim = Callable[[PageJob, str], "str | None"]
# seen_content(digest of the rendered content (CONTENT_DIGEST), url) -> the URL first scanned showing it.
SeenContent = Callable[[str, str], str]


async def scan_page(job: PageJob, tab: Tab, engines: list[Engine], settings: PageSettings,
                    claim: Claim, seen_content: SeenContent,
                    on_links: Callable[[list[str], str], None] | None = None,
                    referrer: str | None = None) -> PageOutcome:
    """Load job.url in tab and audit it with every engine. Raises SkipPage / PageError for
    pages that are not to be (re)tried, and anything else for a failure worth one retry.
    referrer: the page of the crawl whose link led here (PageTarget.referrer), if any."""
    await _watch_for_settling(tab)
    await _wait_for_room(tab, settings)
    failed = _FailedNavigations(tab.page)  # where the page sent itself and could not go, until the hold
    try:
        try:
            response = await _load(job.url, tab, settings)
        except PlaywrightTimeout:
            raise PhaseTimeout(f"timeout: the page did not load within {settings.timeout:g} s") from None
        except Exception as exc:
            if "Download is starting" in str(exc):
                sent = await failed.download_type(settings.timeout) or "the server sent a download"
                raise SkipPage(f"not-html: {sent}") from None
            raise
        await _follow_zero_delay_refresh(tab, settings.timeout)
    finally:
        failed.stop()
    # From here on, audit the document that is loaded: a meta refresh or a script
    # redirect firing mid-audit would otherwise pull the page away under the engines.
    await tab.hold_navigation()
    release = True
    try:
        return await _audit_loaded(job, tab, response, engines, settings, claim, seen_content, on_links,
                                   failed.last, referrer)
    except EngineTimeout:
        # Releasing would wait on the renderer, which may still be busy with the audit.
        release = False
        await tab.close()
        raise
    finally:
        if release:
            await tab.release_navigation()


async def _watch_for_settling(tab: Tab) -> None:
    """settle.WATCH_SCRIPT in every document the tab loads from now on: added once per tab."""
    if getattr(tab, "watches_settling", False):
        return
    await tab.page.add_init_script(script=WATCH_SCRIPT)
    tab.watches_settling = True


async def _load(url: str, tab: Tab, settings: PageSettings):
    """goto url; asked again, after the pause the server asks for, while it answers 429 or 503
    (politeness.py). A 429 that lasts is a PageError; a 503 that lasts is the page's answer."""
    polite = settings.politeness
    tries = 0
    while True:
        await polite.wait(url, settings.budget)
        async with cpu_slot(settings.cpu):
            await _leave_document_of(url, tab)
            response = await tab.page.goto(url, wait_until="load", timeout=settings.timeout * 1000)
        tries += 1
        if response is None or response.status not in SLOW_DOWN:
            return response
        try:
            polite.refused(response.url, response.status, response.headers.get("retry-after"), tries)
        except GiveUp as exc:
            if response.status == 429:
                raise PageError(str(exc), response.url) from None
            return response


async def _leave_document_of(url: str, tab: Tab) -> None:
    """Leave the tab's document when url differs from it only by its fragment: goto would move
    within it (no response, the last page's state kept), and a hash-routed app's view (#/apply) is
    audited as it loads at its address, like any page."""
    address, fragment = urldefrag(url)
    if fragment and urldefrag(tab.page.url)[0] == address:
        await tab.page.goto("about:blank")


async def _wait_for_room(tab: Tab, settings: PageSettings) -> None:
    """While large pages are audited (sizegate.py), load nothing; and meanwhile let the tab's
    renderer free the last page it showed."""
    if settings.sizes is None or not settings.sizes.crowded():
        return
    try:
        await tab.page.goto("about:blank")
    except PlaywrightError:
        pass  # a tab that cannot even do this fails its next page, where it is retried in a new one
    await settings.sizes.wait_to_load(settings.budget)


async def _follow_zero_delay_refresh(tab: Tab, timeout: float) -> None:
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
            await asyncio.wait_for(navigated, timeout=timeout)
        finally:
            tab.page.remove_listener("framenavigated", on_navigated)
        await tab.page.wait_for_load_state("load")
        try:
            if await tab.page.evaluate(_REFRESH_MARK_JS) == mark:
                return  # a same-document navigation (e.g. to a fragment): nothing to follow
        except PlaywrightError:
            pass


class _FailedNavigations:
    """The page's own top-level navigations that failed (a refresh or script redirect to an
    address that does not answer), for the error to name where it went; and the type of a
    document the browser took as a download."""

    def __init__(self, page) -> None:
        self.page, self.last = page, None
        self._failed_requests: asyncio.Queue = asyncio.Queue()
        page.on("requestfailed", self._failed)

    def _failed(self, request) -> None:
        if is_top_navigation(request):
            self.last = (request.url, request.failure or "")
            self._failed_requests.put_nowait(request)

    async def download_type(self, timeout: float) -> str | None:
        """The media type the server sent for a navigation that became a download (a PDF in
        Chromium's headless shell, which has no viewer; a file sent as an attachment), as the
        page's load would have given it. The navigation's request ends, aborted, as the download
        starts, which may be just after goto says so: waited for. None when it cannot be told."""
        try:
            async with asyncio.timeout(timeout):
                while True:
                    mime = media_type(await (await self._failed_requests.get()).response())
                    if mime:
                        return mime
        except (TimeoutError, PlaywrightError):
            return None

    def stop(self) -> None:
        self.page.remove_listener("requestfailed", self._failed)


async def _audit_loaded(job, tab, response, engines, settings, claim, seen_content, on_links,
                        failed_navigation: tuple[str, str] | None = None, referrer: str | None = None) -> PageOutcome:
    # A client-side redirect that committed before the hold (e.g. a zero-delay meta
    # refresh) is a redirect like any other: its target is the page. One that was
    # already in flight when the hold began can still replace the document while
    # the engines run; then the audit belongs to neither document and is done again
    # on the one that replaced it.
    page: Page | None = None
    links: list[str] = []
    digest: str | None = None
    for _ in range(MAX_SELF_NAVIGATIONS):
        await tab.page.wait_for_load_state("load")
        mark = os.urandom(8).hex()
        want_digest = page is None and settings.dedupe_content
        try:
            (final_url, title, links, elements, scripts_off, (animating, far_frames), busy,
             digest) = await evaluate_json(tab.page, _READ_AND_MARK_DOCUMENT_JS, [mark, True, want_digest])
            waited = None
            if busy:  # its scripts are still building it: read it once it has settled (settle.py)
                waited = await wait_for_rendering(tab.page)
                (final_url, title, links, elements, scripts_off, (animating, far_frames), _,
                 digest) = await evaluate_json(tab.page, _READ_AND_MARK_DOCUMENT_JS, [mark, False, want_digest])
        except PlaywrightError:  # the document was replaced while we read it
            continue
        refused = _claim(job, final_url, claim, failed_navigation)
        if refused is not None:
            return PageOutcome(refused, [], final_url)
        if page is None:  # what the navigation's response says is decided once
            page = _page_for_response(job, final_url, response)
            if page.status == "scanned" and settings.dedupe_content:
                _skip_if_shown_already(page, job, response, digest, seen_content)
            if page.status != "scanned":
                return PageOutcome(page, [], final_url)  # a duplicate's links are the first one's
        page.final_url, page.title, page.waited = final_url, title, waited
        if on_links:
            on_links(links, final_url)
        if scripts_off:
            raise PageError(await _scripts_off(response), final_url)
        if animating or far_frames:
            # A dialog fading in, measured mid-fade, has colours nobody reads it in (settle.py).
            faded = await wait_for_animations(tab.page, far_frames)
            page.waited = "; ".join(filter(None, (page.waited, faded))) or None
        found = await _run_engines(tab, engines, settings, response, referrer, elements)
        if tab.crashed:
            raise RuntimeError("page crashed")
        if await _still_showing(tab, mark):
            break
    else:
        raise PageError("navigation failed: the page kept replacing itself (meta refresh or script) "
                        "while it was audited", tab.page.url)
    page.violations, page.incomplete, page.settled = found.violations, found.incomplete, found.settled
    if settings.locate:
        await record_order(tab.page, page.violations + page.incomplete)
    page.passed, page.inapplicable = found.passed, found.inapplicable
    if settings.screenshots and page.violations:
        await capture(tab.page, page.violations, settings.screenshots, page.final_url)
    return PageOutcome(page, links, page.final_url, digest)


async def _run_engines(tab: Tab, engines: list[Engine], settings: PageSettings, response,
                       referrer: str | None = None, elements: int | None = None) -> EngineResults:
    """`elements`: the page's size, when the caller has read it (else it is read here)."""
    if elements is None:
        elements = await element_count(tab.page)
    tab.elements += elements  # a tab that saw many elements is replaced sooner (Tab.usable)
    async with room_for(settings.sizes, elements, settings.budget):
        return await _run_engines_on(tab, engines, settings, response, elements, referrer)


async def _run_engines_on(tab: Tab, engines: list[Engine], settings: PageSettings, response,
                          elements: int, referrer: str | None = None) -> EngineResults:
    found = EngineResults()
    for engine in engines:
        # A large page gets time in proportion to its size, and so does its overall deadline.
        usual = settings.timeout * engine.budget_factor
        granted = usual * budget_scale(elements)
        extend(settings.budget, granted - usual)
        target = PageTarget(page=tab.page, timeout=granted, response=response, earlier=found, referrer=referrer)
        try:
            if engine.mostly_waits:
                found.extend(await engine.run(target))
            else:
                async with cpu_slot(settings.cpu):
                    found.extend(await engine.run(target))
        except TimeoutError:
            raise EngineTimeout(f"timeout: {engine.name} did not finish within {granted:.0f} s "
                                f"on a page of {elements:,} elements", tab.page.url) from None
        if elements >= Tab.COLLECT_FROM_ELEMENTS:
            await tab.collect_garbage()  # what the engine built for this page, freed before the next
    return found


# A document served with a Content-Security-Policy sandbox (without allow-scripts) runs no script:
# not the page's, and not the engines' timers either (Playwright's evaluate runs, but a setTimeout in
# it never fires), so axe would wait out its whole time. The page is not audited in a browser that
# ignores the policy (bypass_csp): that would run the page's own scripts, which its readers' browsers
# do not run, apply the styles and load the images the policy blocks, and hide its <noscript>
# content: findings about a page nobody sees. The policy's other directives do not stop the audit:
# our scripts come in through the DevTools protocol (add_init_script, evaluate), which no CSP blocks.
_CSP_SANDBOX = re.compile(r"(?:^|[;,\n])\s*sandbox(?:\s|;|,|$)", re.I)


async def _scripts_off(response) -> str:
    """Why a document in which scripts do not run is not audited (a PageError's reason)."""
    try:  # every Content-Security-Policy header the document came with, joined with ", "
        policy = await response.header_value("content-security-policy") if response else None
    except PlaywrightError:  # the response is gone: the reason is said without the policy
        policy = None
    if _CSP_SANDBOX.search(policy or ""):
        return "scripts off: the page's Content-Security-Policy sandbox turns off scripts, so the audit cannot run"
    return "scripts off: scripts do not run in the page, so the audit cannot run"


def _claim(job: PageJob, final_url: str, claim: Claim, failed_navigation: tuple[str, str] | None = None) -> Page | None:
    """None if the document the tab shows at final_url is this job's to audit, else
    the `skipped` record saying why (a duplicate after a redirect, out of scope).
    failed_navigation: (address, error) of the last navigation of its own the page could not make."""
    if not final_url.startswith(("http://", "https://")):
        # e.g. chrome-error://: the page sent itself somewhere that could not be loaded.
        where = "an address that could not be loaded"
        if failed_navigation is not None:
            address, error = failed_navigation
            where = f"{address}, which could not be loaded" + (f" ({error})" if error else "")
        raise PageError(f"navigation failed: the page redirected itself (meta refresh or script) to {where}",
                        final_url)
    reason = claim(job, final_url)
    if reason is None:
        return None
    return Page(url=job.url, final_url=final_url, status="skipped", depth=job.depth,
                found_on=job.found_on, reason=reason)


def media_type(response) -> str:
    """The response's media type ("text/html"), lower case without parameters; "" for none."""
    content_type = response.headers.get("content-type", "") if response else ""
    return content_type.split(";")[0].strip().lower()


def _page_for_response(job: PageJob, final_url: str, response) -> Page:
    """The page record from the navigation's response: `scanned`, or `skipped` if
    it is not a rendered document."""
    status = response.status if response else None
    mime = media_type(response)
    page = Page(url=job.url, final_url=final_url, status="scanned", http_status=status,
                content_type=mime or None, depth=job.depth, found_on=job.found_on)
    if mime and mime not in RENDERED_TYPES:
        page.status, page.reason = "skipped", f"not-html: {mime}"
    return page


def _skip_if_shown_already(page: Page, job: PageJob, response, digest: str | None,
                           seen_content: SeenContent) -> None:
    """Mark page `skipped` when another address showed the same content, rendered (digest:
    CONTENT_DIGEST), e.g. /docs/ and /docs/index.html. Not the same bytes: an app's server may
    send one shell for every route, which its scripts render as different pages.

    Only successful responses count: error pages often share one body, and
    each broken link must still be reported. A seed asked for by name is always scanned.
    """
    if digest is None or response is None or not 200 <= response.status < 300:
        return
    first = seen_content(digest, page.final_url)
    if first != page.final_url and job.depth > 0:
        page.status, page.reason = "skipped", f"duplicate: same content as {first}"


async def _still_showing(tab: Tab, mark: str) -> bool:
    """Whether the tab still shows the document that was marked before the audit
    (history.pushState keeps the document, and so the mark)."""
    try:
        return await tab.page.evaluate(_DOCUMENT_MARK_JS) == mark
    except PlaywrightError:  # execution context destroyed: a new document is loading
        return False
