"""Finding and launching Chromium. Knows nothing of rules.

A system Chromium (Debian's `chromium`) is the main path, not a fallback:
Playwright cannot download its own browser on many locked-down machines.
"""
from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import re
import shlex
import shutil
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from . import browserversion, devtools
from .politeness import SLOW_DOWN, GiveUp
from .refresh import zero_delay_refresh_js

# Chromium's headless shell first (Debian's chromium-headless-shell, the "old" headless mode that
# Playwright itself runs headless by default): no browser window or UI behind each tab, so a
# navigation costs the browser process about half as much (about:blank 30 -> 12 ms of CPU, an ACT
# test case 43 -> 20). A scan of 102 ACT test cases used 418 ms of CPU a page instead of 475, with
# the same findings on every page (2026-12-06).
SYSTEM_NAMES = ("chromium-headless-shell", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

# Stop Chromium's own background traffic (updates, sync, field trials): it is
# noise on a scan and is refused outright on closed networks.
QUIET_FLAGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--mute-audio",
]

# Let media autoplay as the page asks, as a browser does for a site its user visits often:
# headless Chromium otherwise keeps unmuted autoplay media paused, and a check of audio
# that plays by itself (WCAG 1.4.2) would see nothing play. --mute-audio keeps it silent.
AUTOPLAY_FLAGS = ["--autoplay-policy=no-user-gesture-required"]


class BrowserNotFound(RuntimeError):
    pass


class BrowserLaunchFailed(RuntimeError):
    """The scan's first Chromium would not start: a set-up error, not a page's."""


def _playwright_chromium() -> str | None:
    """Playwright's own downloaded Chromium, if one is installed."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    try:
        with sync_playwright() as p:
            path = p.chromium.executable_path
    except Exception:
        return None
    return path if path and Path(path).exists() else None


def find_chromium() -> str:
    """A11Y_CHROMIUM, else a system Chromium/Chrome, else Playwright's own browser."""
    env = os.environ.get("A11Y_CHROMIUM")
    if env:
        if Path(env).is_file() and os.access(env, os.X_OK):
            return env
        raise BrowserNotFound(f"A11Y_CHROMIUM={env} is not an executable file")
    for name in SYSTEM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    path = _playwright_chromium()
    if path:
        return path
    raise BrowserNotFound(
        "no Chromium found (looked at A11Y_CHROMIUM, chromium, chromium-browser, google-chrome, "
        "and Playwright's browsers)"
    )


# With two or more contexts browsing one site at once, Chromium started a new renderer
# process for almost every navigation (112 processes for 150 pages, against 3 with one
# context). Past this soft limit it reuses a same-site process of the same context
# instead; site isolation still gives other sites, and other contexts, processes of
# their own. Measured on 300 ACT pages, 2 workers: 28.2 s -> 20.4 s, same findings.
RENDERER_PROCESS_LIMIT = 4

# One renderer process per site and context, not one per tab: the copies of linked pages that
# the checks open beside a page (browser.open_copy) run in the page's own renderer instead of
# a new one. On 102 ACT test cases (2026-12-04, quiet machine, two rounds in turns) the scan's
# process tree used 69.6 s of CPU instead of 87.4 with the checks, 42.2 instead of 49.5 without,
# with the same findings; a crawl of Python's documentation ran 6 renderers instead of 10.
PROCESS_PER_SITE = "--process-per-site"

# Node's young generation for Playwright's driver, MB per semi-space (Node's own default is 16
# or more). Every message between Python and Chromium passes through the driver as a string;
# with the default its heap grew to 220-250 MB over a crawl of Python's documentation, with 2
# it stays near 150 MB, as fast (bench/memory.py). Given through NODE_OPTIONS, before the
# user's own, so that theirs win.
DRIVER_NODE_OPTIONS = "--max-semi-space-size=2"

# V8's limit on each renderer's old generation, MB (Chromium's own is about 4 GB here). V8 lets
# a heap grow far before it collects: axe on a page of 35,000 elements took a renderer to 900 MB,
# of which 230 MB were alive after a collection, and with a few such pages in flight a crawl of
# Python's documentation peaked at 2.0-2.4 GB (bench/memory.py). Under this limit V8 collects
# sooner: that page peaked at 700 MB, in the same time, and 500 pages of the crawl at 2.0 GB
# instead of 2.4 (the first 150 at 1.3 GB instead of 2.0, on a loaded machine). It is a hard limit:
# a page that keeps more alive crashes its renderer, and is then scanned again in a browser
# without it (Chromium.open_tab(roomy=True)). A --js-flags switch in A11Y_CHROMIUM_ARGS replaces
# this one (Chromium reads only the last).
RENDERER_HEAP_MB = 512

# How far, in percent, V8 lets a renderer's heap grow past what was alive after a collection
# before it collects again (V8 picks 10-300% by itself, mostly the upper end on a busy page). axe's
# color-contrast rule alone took the renderer of a 49,000-element page to 770 MB, of which 10 MB
# were alive once collected; at 10% it peaked at 687 MB, in the same time (2026-12-04, Python's
# documentation: contents.html; on genindex-all.html 600 MB instead of 660, axe 9% slower). The
# scan's CPU was the same on 12 pages of that documentation (156.8 s over two rounds, 158.5
# without) and on 102 ACT test cases (86.6 s, 88.8 without), with the same findings. Given with
# the heap limit, in the one --js-flags switch (Chromium reads only the last).
RENDERER_HEAP_GROWING_PERCENT = 10

# V8's own full collection, as a function in each page's window (V8's --expose-gc-as), for
# collect_garbage. The DevTools protocol's HeapProfiler.collectGarbage frees as much, but costs
# more than its own time: the next page's renderer then compiles axe and our scripts again
# (bench/LOG.md, session 30: 12 pages of Python's documentation with --checks none, 8-10% less
# CPU this way, with the same peak memory over a 300-page crawl). The window already holds axe
# and our helpers; one more name of ours changes nothing a page does.
GC_FUNCTION = "__a11yCollectGarbage"


# Playwright's own list (as of Playwright 1.65: chromiumSwitches in its driver; no silent upgrade
# of http:// pages to https, no paint holding, no calls home for hints, time or search), which
# ours replaces (Chromium reads only the last --disable-features), then ours:
# - local network checks: a page fulfilled from Python (the request guard: see _send_if_allowed)
#   counts as public to Chromium, which would then refuse its loopback and intranet images,
#   scripts and frames;
# - the address bar's pop-up pages: new headless Chromium gives each browser context a real
#   window, and its omnibox pop-ups are web pages (chrome://omnibox-popup.top-chrome/) loaded
#   into a renderer process of their own, about 1.4 s of CPU for every context the scan opened
#   (one per tab, again each time a tab is renewed).
PLAYWRIGHT_DISABLED_FEATURES = ["AvoidUnnecessaryBeforeUnloadCheckSync", "DestroyProfileOnBrowserClose",
                                "HttpsUpgrades", "HttpsFirstBalancedModeAutoEnable", "LensOverlay", "MediaRouter",
                                "PaintHolding", "ThirdPartyStoragePartitioning", "AvoidCorsURLLoaderRestartOnRedirect",
                                "OptimizationHints", "NetworkTimeServiceQuerying", "AimEnabled", "PreconnectToSearch"]
DISABLED_FEATURES = PLAYWRIGHT_DISABLED_FEATURES + ["LocalNetworkAccessChecks", "WebUIOmniboxPopup",
                                                    "WebUIOmniboxAimPopup"]


def launch_args(heap_limit_mb: int | None = RENDERER_HEAP_MB) -> list[str]:
    args = list(QUIET_FLAGS) + AUTOPLAY_FLAGS + [f"--renderer-process-limit={RENDERER_PROCESS_LIMIT}",
                                                 PROCESS_PER_SITE]
    js_flags = [f"--heap-growing-percent={RENDERER_HEAP_GROWING_PERCENT}", f"--expose-gc-as={GC_FUNCTION}"]
    if heap_limit_mb:
        js_flags.insert(0, f"--max-old-space-size={heap_limit_mb}")
    args.append("--js-flags=" + " ".join(js_flags))
    # One switch with Playwright's list and ours (see DISABLED_FEATURES).
    args.append("--disable-features=" + ",".join(DISABLED_FEATURES))
    # Chromium refuses to start as root with its sandbox on; only then do we turn it off.
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")
    # A11Y_CHROMIUM_ARGS: extra switches, e.g. a proxy (--proxy-server=...) or host resolver rules.
    args += shlex.split(os.environ.get("A11Y_CHROMIUM_ARGS", ""))
    return args


def launch_options(executable: str | None = None, heap_limit_mb: int | None = RENDERER_HEAP_MB) -> dict:
    """Keyword arguments for playwright's chromium.launch()."""
    return {"executable_path": executable or find_chromium(), "args": launch_args(heap_limit_mb), "headless": True}


@contextlib.contextmanager
def driver_options():
    """NODE_OPTIONS with DRIVER_NODE_OPTIONS first, while Playwright starts its driver (it
    copies the environment then); the environment as it was afterwards."""
    before = os.environ.get("NODE_OPTIONS")
    os.environ["NODE_OPTIONS"] = f"{DRIVER_NODE_OPTIONS} {before or ''}".strip()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("NODE_OPTIONS", None)
        else:
            os.environ["NODE_OPTIONS"] = before


class Chromium:
    """One Chromium process for a scan, started again if it dies.

    Tabs come from `open_tab`: each in an isolated context of its own. A page whose renderer
    crashed under the heap limit (RENDERER_HEAP_MB) can be given a roomy tab: one of a second
    browser without that limit, launched when first asked for and closed with its last tab.
    """

    def __init__(self, executable: str | None = None, on_warning=None,
                 heap_limit_mb: int | None = RENDERER_HEAP_MB):
        self.executable = executable
        self.on_warning = on_warning or (lambda message: None)
        self.heap_limit_mb = heap_limit_mb
        self._playwright = None
        self._browser = None
        self._launched = 0
        self._lock = None
        self._roomy = None  # the browser without the heap limit, while a roomy tab is open
        self._roomy_tabs = 0

    async def start(self) -> None:
        """Ready to launch: the executable is found now (a missing one is a usage error at once),
        the browser itself on first use, so a scan that never needs it (every page reused
        from --cache) does not wait for it."""
        import asyncio

        self._lock = asyncio.Lock()
        _quiet_about_the_driver_leaving(asyncio.get_running_loop())
        self.executable = self.executable or find_chromium()

    async def get(self):
        """The running browser: launched on first use, and again if the last one died."""
        async with self._lock:
            if self._browser is None or not self._browser.is_connected():
                if self._browser is not None:
                    self.on_warning("Chromium stopped unexpectedly; starting it again")
                self._browser = await self._launch(self.heap_limit_mb)
            return self._browser

    async def _get_roomy(self):
        """The browser without the heap limit (sharing this one's Playwright), launched if need be."""
        await self.get()  # Playwright started, and the main browser's failures reported as they are
        async with self._lock:
            if self._roomy is None or not self._roomy.is_connected():
                self._roomy = await self._launch(None)
            return self._roomy

    async def _roomy_tab_closed(self) -> None:
        self._roomy_tabs -= 1
        if self._roomy_tabs == 0 and self._roomy is not None:
            roomy, self._roomy = self._roomy, None
            try:
                await roomy.close()
            except Exception:  # noqa: BLE001 - it died already
                pass

    async def _launch(self, heap_limit_mb: int | None = None):
        try:
            if self._playwright is None:
                from playwright.async_api import async_playwright

                with driver_options():
                    self._playwright = await async_playwright().start()
            browser = await self._playwright.chromium.launch(**launch_options(self.executable, heap_limit_mb))
        except Exception as exc:
            if self._launched:
                raise  # it ran before: a failure of the moment, which costs the page that asked
            first = (str(exc).strip() or type(exc).__name__).splitlines()[0]
            raise BrowserLaunchFailed(f"could not start Chromium: {first}") from exc
        self._launched += 1
        return browser

    async def version(self, memo: browserversion.VersionMemo | None = None) -> str:
        """The browser's version (e.g. 120.0.6099.71), from the executable's own answer to --version
        (the same number the running browser gives), so that knowing it launches nothing; the
        browser is asked only when the executable will not say. Remembered per executable file
        (browserversion.py): in this process, and in memo (the --cache folder) when given."""
        executable = self.executable or find_chromium()
        stamp = browserversion.ExecutableStamp.of(executable)
        version = browserversion.known(stamp, memo)
        if version is None:
            version = await browserversion.ask(executable) or (await self.get()).version
            browserversion.keep(stamp, memo, version)
        return version

    @property
    def process(self):
        """The current playwright Browser (for tests and diagnostics)."""
        return self._browser

    @property
    def roomy_process(self):
        """The browser without the heap limit while a roomy tab is open, else None."""
        return self._roomy

    async def stop(self) -> None:
        try:
            for browser in (self._roomy, self._browser):
                if browser is not None and browser.is_connected():
                    await browser.close()
        finally:
            if self._playwright is not None:
                await self._playwright.stop()
            self._browser = self._playwright = self._roomy = None

    async def open_tab(self, *, timeout: float, credentials=None,
                       storage_state: str | None = None, init_script: str | None = None,
                       guard: RequestGuard | None = None, roomy: bool = False, emulation=None) -> Tab:
        """credentials: a11y.credentials.Credentials, whose header values go only to their origins.
        guard: asked about every request and every redirect hop (see RequestGuard).
        roomy: in the browser without the heap limit; such a tab is for one page, then closed.
        emulation: a11y.emulation.Emulation, the window size and colour scheme (default: Playwright's)."""
        if not roomy:
            return await self._open_tab(await self.get(), timeout, credentials, storage_state, init_script, guard,
                                        emulation)
        self._roomy_tabs += 1
        try:
            tab = await self._open_tab(await self._get_roomy(), timeout, credentials, storage_state, init_script,
                                       guard, emulation)
        except BaseException:
            await self._roomy_tab_closed()
            raise
        tab.roomy = True
        tab.on_close = self._roomy_tab_closed
        return tab

    @staticmethod
    async def _open_tab(browser, timeout, credentials, storage_state, init_script, guard, emulation) -> Tab:
        # Not bypass_csp: a page is audited as its Content-Security-Policy lets it render (see
        # pagework._scripts_off), and our scripts come in through DevTools, which no policy blocks.
        context = await browser.new_context(**({"storage_state": storage_state} if storage_state else {}),
                                            **(emulation.context_options() if emulation else {}))
        context.set_default_timeout(timeout * 1000)
        refused = Refused()
        if guard is not None:
            _guards[context] = (guard, refused)
            await context.route("**/*", functools.partial(_send_if_allowed, guard, refused, context))
        if credentials is not None and credentials.headers and credentials.origins:
            _site_headers[context] = credentials
        page = await context.new_page()
        try:
            await add_site_headers(page)  # before the page's first request
            if init_script:
                await add_scan_scripts(page, init_script)
        except BaseException:
            await context.close()
            raise
        tab = Tab(browser, context, page)
        tab.refused = refused
        refused.page = tab.page  # whose requests are the tab's own (not a copy's: open_copy)
        tab.page.on("crash", lambda _: tab.mark_crashed())
        return tab


# guard(url, top_level) -> None to let the request go, or the reason to refuse it. top_level is
# True for a navigation of the page itself (not a frame's or a resource's request).
RequestGuard = Callable[[str, bool], Awaitable["str | None"]]


@dataclass(frozen=True)
class Refusal:
    """A request the guard refused, with its reason (Tab.refused)."""

    url: str
    top_level: bool  # the page's own navigation (or a hop of its redirects), not a resource or frame
    reason: str


#: Refusals a tab keeps between two pages (the scan reads and clears them for each page).
MAX_REFUSALS = 100


class Refused:
    """What the request guard refused of a tab's own page (Tab.refused): the page's requests and
    its frames', not those of another tab of its context. A check's copy of a page (open_copy)
    shares the context and so the guard, and what the guard refuses there (a destination that
    redirects off the allow-list) is the check's to report, not the page's: the page loaded.
    The first MAX_REFUSALS are kept, and every refusal of the page's own navigation; `count`
    counts them all. The scan reads and clears it for each page."""

    def __init__(self) -> None:
        self.page = None  # the tab's Playwright page (Chromium._open_tab)
        self.kept: list[Refusal] = []
        self.count = 0

    def of_page(self, request) -> bool:
        """Whether the request is the tab's page's own, or one of its frames'. (A service worker's
        request has no frame, nor the first request of a popup: neither is the page's.)"""
        try:
            return self.page is not None and request.frame.page is self.page
        except Exception:  # noqa: BLE001 - no frame (see above)
            return False

    def add(self, refusal: Refusal) -> None:
        self.count += 1
        if len(self.kept) < MAX_REFUSALS or refusal.top_level:
            self.kept.append(refusal)

    def clear(self) -> None:
        self.kept, self.count = [], 0

    def __iter__(self):
        return iter(self.kept)

    def __len__(self) -> int:
        return len(self.kept)

    def __getitem__(self, i):
        return self.kept[i]


def is_top_navigation(request) -> bool:
    """Whether a request loads a new document into the page itself (not into a frame)."""
    try:
        return request.is_navigation_request() and request.frame.parent_frame is None
    except Exception:  # noqa: BLE001 - a service worker's request has no frame
        return False


async def _send_if_allowed(guard: RequestGuard, refused: Refused, context, route) -> None:
    """Ask the guard about the request; let the browser send it if allowed. The browser sends it
    once and follows its redirects itself, and its page's own DevTools session asks the guard
    about each hop before it leaves (add_site_headers). Playwright does not route the later
    requests of a chain, and that session sees only what its page's process sends: a request
    from a frame in a process of its own (a frame of another site, under site isolation), a
    worker of such a frame, a service worker or a popup is walked here instead, hop by hop
    from Python, and the browser given the first 3xx to follow: each hop after the first is
    then sent twice, once here and once by the browser (see _walk_redirects).
    What it refuses of the tab's own page is kept in `refused`, with the guard's reason, so
    that the scan can say why the page or a resource of it was not fetched; other tabs of the
    context (a check's copies) are refused alike, and tell their check by failing to load."""
    request = route.request
    try:
        top = is_top_navigation(request)
        reason = await guard(request.url, top)
        if reason is not None:
            if refused.of_page(request):
                refused.add(Refusal(request.url, top, reason))
            await route.abort("blockedbyclient")
            return
        if await _hops_paused(request):
            await route.continue_()
        else:
            await _walk_redirects(guard, refused, context, route, top)
    except Exception:  # noqa: BLE001 - the page went away meanwhile: nothing is waiting for this request
        pass


async def _hops_paused(request) -> bool:
    """Whether the redirect hops of a request will be paused on its page's own DevTools session
    (add_site_headers) for the guard to decide: the request is of a page that has one, and of
    its main frame (a dedicated worker's is too) or a frame in the main frame's process. Asked
    anew for each request of a frame: a frame changes process when it goes to another site."""
    try:
        frame = request.frame
    except Exception:  # noqa: BLE001 - a service worker's request has no frame
        return False
    if frame.page not in _hops_guarded:
        return False
    while frame.parent_frame is not None:
        if await _in_a_process_of_its_own(frame):
            return False
        frame = frame.parent_frame
    return True


async def _in_a_process_of_its_own(frame) -> bool:
    """Whether a frame is a DevTools target of its own (a frame of another site under site
    isolation), which its page's session does not see the requests of. Playwright opens a
    session only on such a frame; anything else it says (the frame detached) counts as one too,
    so that the request is walked rather than let through unchecked."""
    try:
        session = await frame.page.context.new_cdp_session(frame)
    except Exception as exc:  # noqa: BLE001
        return _PART_OF_THE_PARENT not in str(exc)
    with contextlib.suppress(Exception):  # the frame went away meanwhile
        await session.detach()
    return True


# What Playwright says of a frame that shares its parent's process and DevTools target.
_PART_OF_THE_PARENT = "it is a part of the parent frame's session"


async def _walk_redirects(guard: RequestGuard, refused: Refused, context, route, top: bool) -> None:
    """For a request whose hops no session of ours pauses (_hops_paused): fetch it without
    following redirects, ask the guard about each hop of the chain, and give the browser the
    first response (a 3xx for it to follow again) once every hop was allowed."""
    request = route.request

    async def refuse(url: str) -> bool:
        reason = await guard(url, top)
        if reason is None:
            return False
        if refused.of_page(request):
            refused.add(Refusal(url, top, reason))
        await route.abort("blockedbyclient")
        return True

    url = request.url
    try:
        response = hop = await route.fetch(max_redirects=0)
        for _ in range(MAX_REDIRECTS):
            if not 300 <= hop.status < 400 or "location" not in hop.headers:
                break
            url = urljoin(url, hop.headers["location"])
            if await refuse(url):
                return
            # With the header values where the browser's own request will carry them
            # (add_site_headers): a site that answers differently without them would
            # otherwise show the guard another chain than the browser's.
            credentials = _site_headers.get(context)
            extra = credentials.headers_for(url) if credentials is not None else {}
            hop = await context.request.fetch(url, headers=extra or None, max_redirects=0)
        else:
            await route.abort("failed")  # the browser would give up on this chain too
            return
    except Exception as exc:  # noqa: BLE001 - unreachable, timed out: the browser sees that network error
        await route.abort(network_error(exc))
        return
    await route.fulfill(response=response)


# Why a fetch from Python failed (Node's error codes, Playwright's own time-out), as the error code
# route.abort gives the browser: the page then fails with the network error the browser would have
# met itself (net::ERR_CONNECTION_REFUSED, not ERR_FAILED), which the scan says in words. First match
# wins: Node says "socket hang up (ECONNRESET)" of a connection closed before any answer (Chromium's
# ERR_EMPTY_RESPONSE, which route.abort cannot give). A certificate error has no code to give either.
_FETCH_ERRORS = (
    (re.compile(r"socket hang up"), "connectionclosed"),
    (re.compile(r"\bECONNREFUSED\b"), "connectionrefused"),
    (re.compile(r"\b(?:ECONNRESET|EPIPE)\b"), "connectionreset"),
    (re.compile(r"\bECONNABORTED\b"), "connectionaborted"),
    (re.compile(r"\bETIMEDOUT\b|\bTimeout \d+ms exceeded|\btimed out after\b"), "timedout"),
    (re.compile(r"\b(?:ENOTFOUND|EAI_AGAIN|EAI_NONAME)\b"), "namenotresolved"),
    (re.compile(r"\b(?:EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL)\b"), "addressunreachable"),
    (re.compile(r"\bENETDOWN\b"), "internetdisconnected"),
)


def network_error(exc: BaseException) -> str:
    """route.abort's error code for a failed route.fetch (or request.fetch): "failed" if unknown."""
    text = (str(exc).strip().splitlines() or [""])[0]  # the message, without Playwright's call log
    return next((code for pattern, code in _FETCH_ERRORS if pattern.search(text)), "failed")


# Each context's credentials (a11y.credentials.Credentials) whose header values its pages add
# (add_site_headers): the scan's tabs and the copies the checks open beside their pages.
_site_headers: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
# Each context's request guard, and what it refused of the tab's own page (Chromium._open_tab).
_guards: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # context -> (RequestGuard, Refused)
# Pages whose own session asks the guard about every redirect hop (add_site_headers).
_hops_guarded: weakref.WeakSet = weakref.WeakSet()
# The tasks answering paused requests, kept until done (asyncio holds tasks weakly).
_answering: set = set()


async def add_site_headers(page) -> None:
    """From now on, every request of page to a credentials origin of its context carries the
    header values: each redirect hop that lands on one of them too, and none that leaves them.
    And in a context with a request guard, each redirect hop is asked about before it is sent,
    and failed (net::ERR_BLOCKED_BY_CLIENT) if refused; the guard's route asks about the first
    request of each chain (_send_if_allowed).

    Through the DevTools protocol's Fetch domain on the page's own session (devtools.py), not a
    Playwright route: Chromium pauses each request to those origins (every request, under a
    guard), each hop of a redirect included, and it goes on with the values added to that
    request alone (the protocol's header overrides do not pass to the next hop). The browser
    sends everything itself, once (a sign-in form with a single-use token, a one-time link
    that redirects, is not sent again), and follows its redirects itself. A route cannot do
    it: Playwright gives every later hop of a redirect chain the headers the first request was
    continued with, whatever its origin, a request fulfilled from Python loses the values on
    its later hops, and Playwright never routes a later hop at all. Playwright's own routes
    (the request guard, held navigation) pause the same requests on Playwright's session and
    see them as sent.

    Limits: requests paused on the page's own session only: those of its main frame, of the
    frames in its process, of their dedicated workers, and the whole chain of every frame's
    first document. A frame of another site may run in a process (and DevTools target) of its
    own (site isolation): what it loads itself is not paused here, so a credentials-origin
    frame inside a page of another site loads its images, scripts and frames without the
    values; so do service workers, and popups (which the checks close at once). The guard's
    route walks the redirects of those requests itself (_send_if_allowed)."""
    credentials = _site_headers.get(page.context)
    guarded = _guards.get(page.context)
    if credentials is None and guarded is None:
        return
    session = await devtools.page_session(page)
    main_frame = (await session.send("Target.getTargetInfo"))["targetInfo"]["targetId"]
    session.on("Fetch.requestPaused", functools.partial(_on_paused, session, page, main_frame, credentials, guarded))
    if guarded is not None:
        patterns = [{"urlPattern": "*", "requestStage": "Request"}]
    else:
        patterns = [{"urlPattern": f"{origin}/*", "requestStage": "Request"} for origin in sorted(credentials.origins)]
    await session.send("Fetch.enable", {"patterns": patterns})
    if guarded is not None:
        _hops_guarded.add(page)


def _on_paused(session, page, main_frame: str, credentials, guarded, event: dict) -> None:
    task = asyncio.get_running_loop().create_task(_answer_paused(session, page, main_frame, credentials, guarded,
                                                                 event))
    _answering.add(task)
    task.add_done_callback(_answering.discard)


async def _answer_paused(session, page, main_frame: str, credentials, guarded, event: dict) -> None:
    """A paused request: failed if it is a redirect hop the guard refuses (or cannot decide),
    else let go, with the header values if its URL is on a credentials origin. Every paused
    request is answered (the page would wait for it forever)."""
    try:
        if guarded is not None and event.get("redirectedRequestId"):
            reason = await _hop_refusal(page, main_frame, guarded, event)
            if reason is not None:
                await session.send("Fetch.failRequest", {"requestId": event["requestId"], "errorReason": reason})
                return
        await _continue_with_site_headers(session, credentials, event)
    except Exception:  # noqa: BLE001 - the page or its request went away meanwhile: nothing waits for it
        pass


async def _hop_refusal(page, main_frame: str, guarded, event: dict) -> str | None:
    """The protocol's error reason to fail a redirect hop with, if the guard refuses it (kept
    in the tab's Refused if the hop is its page's), or None to let it go."""
    guard, refused = guarded
    url = event["request"]["url"]
    top = event.get("resourceType") == "Document" and event.get("frameId") == main_frame
    try:
        reason = await guard(url, top)
    except Exception:  # noqa: BLE001 - a guard that cannot decide lets nothing through
        return "Failed"
    if reason is None:
        return None
    if refused.page is page:
        refused.add(Refusal(url, top, reason))
    return "BlockedByClient"


async def _continue_with_site_headers(session, credentials, event: dict) -> None:
    """Let a paused request go, with the header values if its URL is on a credentials origin
    (unchanged if the values cannot be added)."""
    request_id = event["requestId"]
    extra = credentials.headers_for(event["request"]["url"]) if credentials is not None else {}
    if extra:
        names = {name.lower() for name in extra}
        headers = [{"name": k, "value": v} for k, v in event["request"].get("headers", {}).items()
                   if k.lower() not in names]
        headers += [{"name": k, "value": v} for k, v in extra.items()]
        try:
            await session.send("Fetch.continueRequest", {"requestId": request_id, "headers": headers})
            return
        except Exception:  # noqa: BLE001 - refused as sent (a header Chromium will not take): unchanged
            pass
    await session.send("Fetch.continueRequest", {"requestId": request_id})


MAX_REDIRECTS = 10


_DRIVER_GONE = "Connection closed while reading from the driver"


def _quiet_about_the_driver_leaving(loop) -> None:
    """Playwright keeps a future that fails when its driver process exits and that only
    start-up ever awaits. On Ctrl-C the terminal interrupts the driver too, and asyncio
    would print that unread failure ("Future exception was never retrieved") after the
    scan has stopped cleanly. The calls in flight fail on their own, so it says nothing new."""
    default = loop.get_exception_handler()

    def handler(loop, context) -> None:
        if _DRIVER_GONE in str(context.get("exception", "")) and "never retrieved" in context.get("message", ""):
            return
        if default is not None:
            default(loop, context)
        else:
            loop.default_exception_handler(context)

    loop.set_exception_handler(handler)


_COLLECT = f"typeof {GC_FUNCTION} === 'function' && ({GC_FUNCTION}(), true)"


async def collect_garbage(page) -> None:
    """A full garbage collection in the page's renderer now: V8's own (GC_FUNCTION), or the
    protocol's where the page's window lacks it (a --js-flags switch of A11Y_CHROMIUM_ARGS took
    its place, or the page put something else under its name)."""
    try:
        answer = await devtools.send(page, "Runtime.evaluate", {"expression": _COLLECT, "returnByValue": True})
        if answer.get("result", {}).get("value") is not True:
            await devtools.send(page, "HeapProfiler.collectGarbage")
    except Exception:  # noqa: BLE001 - the page is gone or busy navigating: nothing to free then
        pass


class Tab:
    """A worker's context and page, reused for its pages. Replaced after a failure, a
    crash, or RECYCLE_AFTER pages (long-lived renderers grow; a fresh context bounds memory),
    or sooner once its pages have had RECYCLE_AFTER_ELEMENTS elements in all."""

    RECYCLE_AFTER = 50
    # Pages are not all alike: on a crawl of Python's documentation (3,000-60,000 elements a
    # page) a renderer kept for 50 pages reached 1.1 GB. Counting what the pages held bounds
    # a renderer's growth by the work it did, and costs small pages nothing.
    RECYCLE_AFTER_ELEMENTS = 100_000

    # From this many elements a page's audit leaves garbage worth collecting at once (see
    # collect_garbage); a smaller page's is small, and the call would cost more than it frees.
    COLLECT_FROM_ELEMENTS = 1_000

    def __init__(self, browser, context, page):
        self.browser, self.context, self.page = browser, context, page
        self.used = 0
        self.elements = 0  # elements of the pages audited in this tab (pagework._run_engines)
        self.crashed = False
        self.roomy = False  # in the browser without the heap limit (Chromium.open_tab)
        self.on_close = None  # awaited once, when the tab is closed
        self.refused = Refused()  # what the request guard refused of this page (Chromium.open_tab's guard)

    async def collect_garbage(self) -> None:
        """A full garbage collection in the page's renderer now. axe leaves what it built for a
        page's audit to the collector, and V8 lets the heap grow a long way before it collects:
        on a page of 35,000 elements the renderer held 920 MB after axe and 230 MB after a
        collection. Taken while the page's checks still run, and while other pages are audited
        beside it, that garbage was the scan's peak memory."""
        await collect_garbage(self.page)

    def mark_crashed(self) -> None:
        self.crashed = True

    def usable(self) -> bool:
        return (not self.crashed and self.used < self.RECYCLE_AFTER and self.elements < self.RECYCLE_AFTER_ELEMENTS
                and self.browser.is_connected() and not self.page.is_closed())

    async def close(self) -> None:
        try:
            await self.context.close()
        except Exception:  # the browser may be gone already
            pass
        on_close, self.on_close = self.on_close, None
        if on_close is not None:
            await on_close()

    async def hold_navigation(self) -> None:
        """From now on refuse new top-level navigations (meta refresh, script redirects),
        so what is audited is the document that loaded."""
        await self.page.route("**/*", _refuse_top_level_navigation)
        _HELD.add(self.page)

    async def release_navigation(self) -> None:
        _HELD.discard(self.page)
        try:
            await self.page.unroute("**/*", _refuse_top_level_navigation)
        except Exception:  # noqa: BLE001 - the page is gone (a crash, Ctrl-C): nothing left to release
            if not self.page.is_closed() and self.browser.is_connected():
                raise


class _CopyTab:
    """A tab that loads copies of pages for the checks, one at a time. It refuses every top-level
    navigation but the load it was asked for (see open_copy); what each use allows and whom it
    tells of a refusal is reset by begin()."""

    def __init__(self, scripted: bool) -> None:
        self.scripted = scripted  # it runs the scan's init scripts (open_copy's with_scan_scripts)
        self.allowed = 0  # top-level navigations the copy may still start: its own load
        self.refusals: asyncio.Queue = asyncio.Queue()
        self.on_refused: Callable[[str], None] | None = None
        self.beside = None  # the page the copy was opened for: brought to the front again after

    def begin(self, on_refused: Callable[[str], None] | None, beside) -> None:
        self.allowed, self.refusals, self.on_refused, self.beside = 1, asyncio.Queue(), on_refused, beside

    async def route(self, route) -> None:
        request = route.request
        if is_top_navigation(request) and request.redirected_from is None:
            if self.allowed <= 0:
                await route.abort("aborted")
                self.refusals.put_nowait(request.url)
                if self.on_refused is not None:
                    self.on_refused(request.url)
                return
            self.allowed -= 1
        await route.fallback()


# Each context's tab for copies, between two uses (at about:blank). A new tab costs about twice
# the CPU of sending a kept one to the next address (a renderer process started, Playwright's
# set-up of a page): about 500 against 250 ms a copy on 2 cores. One for copies without the scan's
# init scripts and one for copies with them (a tab's init scripts stay with it).
_parked: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_parked_scripted: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
# The scan's init scripts (axe, the checks' records: Chromium.open_tab's init_script) by context.
# They are the scanned page's, not the context's: a copy that only reads a linked page's text
# does not run them (about 70 ms of CPU a copy: axe set up in the copy's document and again in the
# about:blank it is parked at), one that watches the page's own activity does (with_scan_scripts).
_scan_scripts: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


async def add_scan_scripts(page, script: str) -> None:
    """`script` (the scan's init scripts) in every document of page and its frames from now on,
    and in those of its context's copies that ask for it (open_copy's with_scan_scripts)."""
    _scan_scripts[page.context] = script
    await page.add_init_script(script=script)
_copy_tabs: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # page -> _CopyTab
PARK_SECONDS = 10.0  # for a used copy to reach about:blank; slower than that, it is closed instead
# The scan's pauses per origin (politeness.Politeness) that each context's copies wait in and tell.
_pauses: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # context -> Politeness


def copies_wait_in(context, politeness) -> None:
    """The copies opened in context (open_copy) wait out their origin's pause in politeness, the
    scan's, before they load, and a 429 or 503 a copy is answered pauses the origin for the scan."""
    _pauses[context] = politeness


async def open_copy(page, url: str, *, timeout: float, on_refused: Callable[[str], None] | None = None,
                    follow_zero_delay_refresh: bool = False, with_scan_scripts: bool = True):
    """A tab of `page`'s context (same cookies, same viewport size) loaded with `url` (and the
    response), for a check that must not disturb the page it checks. Like a page under audit,
    the copy refuses every top-level navigation after its own (a delayed refresh, a script
    redirect): it is closed soon, but a busy machine can leave it open long enough for one to
    fire, and a request the scan refused on the page must not leave the browser from its copy.
    Each refused URL is given to `on_refused`. With follow_zero_delay_refresh, a zero-delay
    meta refresh is followed as the redirect it is (to learn where a link really leads). The
    caller gives the tab back with close_copy. In a context of the scan (copies_wait_in), the
    copy loads nothing while its origin is paused (a TimeoutError if the pause outlasts
    `timeout`), and a 429 or 503 answer pauses the origin and is asked again after the pause, as
    a page load is, while `timeout` allows (past it, the refusal is the copy's answer). Without
    with_scan_scripts, the copy's documents do not run the scan's init scripts (_scan_scripts): for
    a check that reads what a page shows, not what its scripts did."""
    context = page.context
    polite = _pauses.get(context)
    scripts = _scan_scripts.get(context) if with_scan_scripts else None
    tab = (_parked_scripted if scripts else _parked).pop(context, None)
    if tab is None or tab.is_closed():
        tab = await context.new_page()
        _copy_tabs[tab] = _CopyTab(scripted=bool(scripts))
        try:
            await add_site_headers(tab)
            if scripts:
                await tab.add_init_script(script=scripts)
            await tab.route("**/*", _copy_tabs[tab].route)
        except BaseException:
            await tab.close()
            raise
    copy = _copy_tabs[tab]
    copy.begin(on_refused, page)
    try:
        wanted = page.viewport_size or {"width": 1280, "height": 720}
        if tab.viewport_size != wanted:  # a new tab has its context's size: resizing it costs 15 ms of CPU
            await tab.set_viewport_size(wanted)
        deadline = asyncio.get_running_loop().time() + timeout
        response = await _load_copy(tab, copy, url, polite, deadline)
        for _ in range(3 if follow_zero_delay_refresh else 0):
            if await tab.evaluate(zero_delay_refresh_js(), None) is not True:
                break
            # The browser resolves the refresh's address; the copy refused it, and goes there itself.
            left = deadline - asyncio.get_running_loop().time()
            target = await asyncio.wait_for(copy.refusals.get(), timeout=max(0.1, left))
            copy.allowed += 1
            response = await _load_copy(tab, copy, target, polite, deadline)
    except BaseException:
        await tab.close()
        await _to_front(page)
        raise
    return tab, response


async def _load_copy(tab, copy: _CopyTab, url: str, polite, deadline: float):
    """goto url in a copy's tab by the deadline (the loop's time), in the scan's pauses if any
    (politeness.py): asked again after a 429 or 503 while the deadline allows."""
    loop = asyncio.get_running_loop()
    response, tries = None, 0
    while True:
        if polite is not None:
            if polite.pause_left(url) >= deadline - loop.time():
                if response is not None:
                    return response  # refused, and no time to ask again: the refusal is the answer
                raise TimeoutError(f"the server of {url} asked the scan to wait longer than the copy's time")
            await polite.wait(url)
        if tries:
            copy.allowed += 1  # the copy's own load, once more
        response = await tab.goto(url, wait_until="load", timeout=max(0.1, deadline - loop.time()) * 1000)
        tries += 1
        if polite is None or response is None or response.status not in SLOW_DOWN:
            return response
        try:
            polite.refused(response.url, response.status, response.headers.get("retry-after"), tries)
        except GiveUp:  # past the tries, or asks for longer than a scan waits
            return response


# Leaves the copy's document with nothing of it for the next copy: its session storage (kept per
# tab and origin across navigations) emptied, then a blank page (no request: the copy's guard
# does not see it).
_FORGET_JS = "() => { try { sessionStorage.clear(); } catch (e) { /* an opaque origin */ } }"


async def close_copy(tab) -> None:
    """Done with a copy from open_copy: its tab is kept at about:blank for the context's next
    copy, or closed when the context has one kept already, or the tab cannot be cleared."""
    copy = _copy_tabs.get(tab)
    try:
        await _give_back(tab)
    finally:
        if copy is not None:
            await _to_front(copy.beside)


async def _to_front(page) -> None:
    """The page a copy was opened for, the window's active tab again. A copy's tab, opened
    after it, stays the active one while it is kept; the page behind it then draws frames only
    when pushed, and a screenshot of it could wait a second for one (focus-visible's took 0.8 s
    on a page of Python's documentation, 6 s after a bypass-blocks check had kept a copy)."""
    if page is not None and not page.is_closed():
        with contextlib.suppress(Exception):  # a page going away is not the copy's business
            await page.bring_to_front()


async def _give_back(tab) -> None:
    if tab.is_closed():
        return
    context = tab.context
    parked = _parked_scripted if tab in _copy_tabs and _copy_tabs[tab].scripted else _parked
    if context in parked or devtools.viewport_changed(tab) or tab not in _copy_tabs:
        await tab.close()
        return
    try:
        await tab.evaluate(_FORGET_JS)
        await tab.goto("about:blank", timeout=PARK_SECONDS * 1000)
    except Exception:  # noqa: BLE001 - a crashed or stuck copy is not kept
        await tab.close()
        return
    await _collect_if_grown(tab)
    if context in parked:  # another copy was parked meanwhile
        await tab.close()
    else:
        parked[context] = tab


# The page a copy showed is garbage once it is given back, which V8 could keep until the renderer
# next allocates much: a kept tab that had a page of Python's documentation held 57 MB, and 25 MB
# after a collection. But a full collection costs about 20 ms of CPU even after a small page (it
# marks all the renderer holds: the scanned page beside it, with axe, shares it), while a small
# page leaves 1-4 MB: the renderer is collected once its heap has grown past this much, and past
# twice what was alive after the last collection (at once after a large page's copy, every few
# small ones). Meanwhile V8 collects by itself as the scanned page beside it allocates: a copy of
# the same site shares its renderer (PROCESS_PER_SITE), and V8 collects again once a heap has grown
# 10% past what was alive (RENDERER_HEAP_GROWING_PERCENT).
COPY_COLLECT_FROM = 32 * 2**20
_alive_after_collection: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # copy tab -> bytes


async def _collect_if_grown(tab) -> None:
    try:
        used = (await devtools.send(tab, "Runtime.getHeapUsage"))["usedSize"]
        if used < max(COPY_COLLECT_FROM, 2 * _alive_after_collection.get(tab, 0)):
            return
        await collect_garbage(tab)
        _alive_after_collection[tab] = (await devtools.send(tab, "Runtime.getHeapUsage"))["usedSize"]
    except Exception:  # noqa: BLE001 - the tab is gone or busy navigating: nothing to free then
        pass


# Pages under audit (Tab.hold_navigation), and those of them whose requests other than GET and
# HEAD are refused for now (refusing_writes): a check trying controls flips this instead of
# adding a route of its own (two protocol round trips each way, on every page).
_HELD: weakref.WeakSet = weakref.WeakSet()
_REFUSING_WRITES: weakref.WeakSet = weakref.WeakSet()
SAFE_METHODS = frozenset({"GET", "HEAD"})


def is_held(page) -> bool:
    return page in _HELD


@contextlib.contextmanager
def refusing_writes(page):
    """Inside it, a held page's requests other than GET and HEAD are refused (is_held first)."""
    _REFUSING_WRITES.add(page)
    try:
        yield
    finally:
        _REFUSING_WRITES.discard(page)


def _writes(request) -> bool:
    return request.method.upper() not in SAFE_METHODS


async def refuse_writes(route) -> None:
    """A route handler (for a page that is not held): refuses requests other than GET and HEAD."""
    if _writes(route.request):
        await route.abort("blockedbyclient")
    else:
        await route.fallback()


def _writes_refused_for(request) -> bool:
    if not _REFUSING_WRITES or not _writes(request):
        return False
    try:
        return request.frame.page in _REFUSING_WRITES
    except Exception:  # noqa: BLE001 - a service worker's request has no frame
        return False


async def _refuse_top_level_navigation(route) -> None:
    if is_top_navigation(route.request):
        await route.abort("aborted")
    elif _writes_refused_for(route.request):
        await route.abort("blockedbyclient")
    else:
        await route.fallback()
