"""The scan loop: discovery feeds page jobs to a pool of browser tabs.

One Chromium process; each worker has an isolated context and tab of its own
(browser.Tab), and several pages run at once. The work on one page is
pagework.scan_page; only this loop talks to discovery. A page that fails is
retried once in a fresh context; a crashed renderer costs one page; a crashed
browser is relaunched. Results are handed to `on_page` as each page finishes
so they can be written as we go.
"""
from __future__ import annotations

import asyncio
import os
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from . import __version__, ruleids
from .browser import (
    BrowserLaunchFailed,
    BrowserNotFound,
    Chromium,
    Refusal,
    Refused,
    RequestGuard,
    Tab,
    copies_wait_in,
)
from .cache import PageCache
from .cpuslots import CpuSlots
from .discovery import MAX_SKIPPED, Frontier, PageJob
from .discovery.pool import JobPool
from .discovery.urls import is_document as _is_document
from .emulation import Emulation
from .engines.axe import AxeEngine, axe_options
from .engines.base import Engine
from .engines.checks import ChecksEngine, check_ids, selected_checks
from .login import LoginScript, SignedIn, SignInFailed, same_page, shows_sign_in, sign_in
from .models import Page, Results, finalise, share_strings
from .pagesize import PhaseTimeout
from .pagework import PageError, PageOutcome, PageSettings, SkipPage, scan_page
from .politeness import Politeness
from .redact import redact_page
from .screenshots import ScreenshotSettings
from .shard import Shard
from .sizegate import ELEMENTS_PER_SLOT, ElementGate, memory_budget
from .suppressions import unknown_rules
from .throttle import Throttle, available_memory, timed_out
from .treememory import TreeMemory

__all__ = ["Scanner", "ScanOptions", "ScanSetupError", "PageError", "SkipPage", "default_concurrency"]


# Pages in flight per CPU slot when an engine mostly waits (see Scanner.pages_in_flight).
# On a loaded machine more pages in flight took a larger share of its CPU from the other work
# (102 ACT pages: 2 per slot 410 s, 4 per slot 205 s); on a quiet one the checks keep both
# cores busy with 2 per slot, and 4 per slot was no faster (ACT 69-76 s against 75-76 s; 12
# Python docs pages 89 s against 99 s) while each extra page in flight holds a renderer's
# memory (bench/memory.py). At most MAX_PAGES_IN_FLIGHT tabs.
PAGES_PER_SLOT_WHILE_WAITING = 2
MAX_PAGES_IN_FLIGHT = 16


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
    header_origins: list[str] = field(default_factory=list)  # besides the seeds' origins
    storage_state: str | None = None
    cookies: list[dict] = field(default_factory=list)  # the storage state's, for discovery's plain HTTP
    chromium: str | None = None
    screenshots: ScreenshotSettings | None = None  # pictures of failing elements, when asked for
    checks: bool = True  # our own browser checks (--checks all|none)
    thorough: bool = False  # --thorough: the checks' per-page limits lifted (CheckContext.reach)
    emulation: Emulation = field(default_factory=Emulation)  # --viewport, --color-scheme
    suppressions: list = field(default_factory=list)  # [[ignore]] entries (suppressions.Suppression)
    login: LoginScript | None = None  # --login: steps that sign in before the scan
    login_screenshot: Path | None = None  # where a failed sign-in's picture goes
    locate: bool = False  # the seeds are local folders: note where elements stand for locations.py
    # Asked about every request and redirect hop (browser.RequestGuard); the desk's scans of
    # reported pages use it to keep to the agency's own sites and off private networks.
    request_guard: RequestGuard | None = None
    # Told what the request guard refused of each page loaded in a tab (its last try): the page's
    # own requests only, never those of a check's copies of pages (browser.Refused), as
    # on_refused(page's URL, the refusals kept, how many there were in all).
    on_refused: Callable[[str, list[Refusal], int], None] | None = None
    shard: Shard | None = None  # --shard K/N: audit only this shard's pages (shard.py)
    cache: PageCache | None = None  # --cache: reuse the records of unchanged pages (cache/)
    # Fewer pages in flight when pages time out or memory runs short (throttle.py); off with
    # --fixed-concurrency.
    auto_concurrency: bool = True
    # Bytes the scan's process tree may hold before audits wait for each other (sizegate.py);
    # None: from the CPU slots and the machine's memory; 0: no budget (--memory-budget).
    memory_budget: int | None = None

    def axe(self, known: set[str] | None = None) -> dict:
        """axe's options; with `known` (axe's rule ids), --rules and --disable-rules keep only axe's own ids."""
        rules, disabled = self.rules, self.disable_rules
        if known is not None:
            rules, disabled = [r for r in rules if r in known], [r for r in disabled if r in known]
        return axe_options(self.standard, self.best_practice, rules, disabled)

    def selected_checks(self):
        if not self.checks:
            return []
        return selected_checks(self.standard, self.best_practice, self.rules, self.disable_rules)

    def recorded(self) -> dict:
        """The options worth keeping in results.json (no header values: they may be secrets)."""
        shard = {"shard": str(self.shard)} if self.shard else {}  # only when sharded: `a11y merge` checks it
        return shard | {
            "tags": [] if self.rules else self.axe()["runOnly"]["values"], "best_practice": self.best_practice,
            "rules": self.rules, "disable_rules": self.disable_rules, "depth": self.depth,
            "max_pages": self.max_pages, "include": self.include, "exclude": self.exclude,
            "sitemap": self.sitemap, "robots": self.robots, "concurrency": self.concurrency,
            "timeout": self.timeout, "headers": sorted(self.headers), "header_origins": self.header_origins,
            "screenshots": bool(self.screenshots), "checks": self.checks, "thorough": self.thorough,
            "login": self.login.path if self.login else None,  # the file's name; never what it fills in
        } | self.emulation.recorded()


class SignedOut(Exception):
    """A page of a signed-in scan was sent to the sign-in page's address: the site may have signed
    the scanner out (Scanner._after_sign_out looks at the page before signing in again)."""

    tab: Tab | None = None


class ScanSetupError(ValueError):
    """The scan cannot start as asked (a usage error, exit 2). Unless `named_source`
    (the message names the file and line already), the CLI adds where the setting came from."""

    def __init__(self, message: str, hint: str = "", named_source: bool = False):
        super().__init__(message)
        self.hint, self.named_source = hint, named_source


async def _kept(tab: Tab | None) -> Tab | None:
    """The tab to keep for the worker's next page: not a roomy one (Chromium.open_tab), which was
    for this page alone."""
    if tab is not None and tab.roomy:
        await tab.close()
        return None
    return tab


# Chromium's network errors a scan meets, in plain words: {host} is the page's host and port,
# {port} its port. First match wins (ERR_CERT_ names a family). The code stays in the reason, in
# brackets, for a search of Chromium's own list.
_NET_ERRORS = (
    ("ERR_NAME_NOT_RESOLVED", "DNS lookup failed"),
    ("ERR_CONNECTION_REFUSED", "connection refused: nothing answers at {host}"),
    ("ERR_UNSAFE_PORT", "Chromium refuses to load pages from port {port}, which it treats as unsafe; "
                        "serve the site on another port"),
    ("ERR_CONNECTION_TIMED_OUT", "connection timed out: nothing answered at {host} in time"),
    ("ERR_TIMED_OUT", "timed out: {host} took too long to answer"),
    ("ERR_CONNECTION_RESET", "connection reset: the server at {host} broke off the connection"),
    ("ERR_CONNECTION_CLOSED", "connection closed: the server at {host} closed it without an answer"),
    ("ERR_EMPTY_RESPONSE", "empty response: the server at {host} closed the connection without sending anything"),
    ("ERR_ADDRESS_UNREACHABLE", "host unreachable: no route to {host}"),
    ("ERR_INTERNET_DISCONNECTED", "no network connection"),
    ("ERR_TOO_MANY_REDIRECTS", "redirect loop: the page redirects too many times"),
    ("ERR_CERT_AUTHORITY_INVALID", "TLS certificate error: the certificate of {host} is not signed by an "
                                   "authority Chromium trusts (self-signed, or a private authority)"),
    ("ERR_CERT_COMMON_NAME_INVALID", "TLS certificate error: the certificate of {host} is for another host name"),
    ("ERR_CERT_DATE_INVALID", "TLS certificate error: the certificate of {host} has expired or is not valid yet"),
    ("ERR_CERT", "TLS certificate error: Chromium does not accept the certificate of {host}"),
    ("ERR_SSL_PROTOCOL_ERROR", "TLS handshake failed with {host}: perhaps it serves plain HTTP on that port"),
    ("ERR_SSL_VERSION_OR_CIPHER_MISMATCH", "TLS handshake failed: {host} offers no TLS version or cipher "
                                           "Chromium accepts"),
    ("ERR_BLOCKED_BY_CLIENT", "blocked before it was sent: the scan does not allow this address"),
    ("ERR_BLOCKED_BY_ADMINISTRATOR", "blocked by a Chromium policy"),
)
_NET_ERROR_AT = re.compile(r"net::(ERR_[A-Z0-9_]+)(?: at (\S+))?")


def _net_error_words(code: str, url: str) -> str | None:
    """A Chromium network error (net::ERR_...) in plain words, naming where; None if unknown."""
    words = next((w for prefix, w in _NET_ERRORS if code.startswith(prefix)), None)
    if words is None:
        return None
    parts = urlsplit(url)
    try:
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme, "")
    except ValueError:
        port = ""
    host = f"{parts.hostname}:{port}" if parts.hostname and port else (parts.hostname or url or "the server")
    return words.format(host=host, port=port or "?")


def page_refusal(refused: Refused) -> str | None:
    """Why the page's own navigation (or a hop of its redirects) was refused by the request
    guard, with the address and the guard's reason; None when it was not. (A copy of a page a
    check opened in the page's context is not the page: browser.Refused keeps none of its.)"""
    top = next((r for r in refused if r.top_level), None)
    if top is None:
        return None
    return (f"navigation failed: the scan's request guard refused {top.url}: {top.reason} "
            "(err_blocked_by_client)")


def _reason(exc: BaseException, timeout: float) -> str:
    if isinstance(exc, PhaseTimeout):  # the phase that ran out of time says so itself
        return exc.reason
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, (asyncio.TimeoutError, TimeoutError)) or "Timeout" in text:
        return f"timeout: the page did not finish within {timeout:g} s"
    if "crash" in text.lower():
        return "crashed: the page's renderer crashed"
    if found := _NET_ERROR_AT.search(text):
        code, url = found.group(1), found.group(2) or ""
        if words := _net_error_words(code, url):
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
            options=options.recorded(),
        )
        # The scan's pauses for servers that answer 429 or 503, one for all its requests: discovery's,
        # the page loads', --cache's revalidation and the checks' copies of pages (politeness.py).
        self.politeness = Politeness()
        self.frontier = Frontier(
            # Every seed named on the command line is scanned; the limit is on what discovery adds.
            seeds, max_depth=options.depth, max_pages=max(options.max_pages, len(seeds)), include=options.include,
            exclude=options.exclude, respect_robots=options.robots, use_sitemaps=options.sitemap,
            headers=options.headers, header_origins=options.header_origins, cookies=options.cookies,
            timeout=min(options.timeout, 15.0), politeness=self.politeness,
        )
        self.chromium = Chromium(options.chromium, on_warning=self.on_warning)
        self.engines: list[Engine] = []
        self.page_settings = PageSettings(timeout=options.timeout, dedupe_content=options.depth != 0,
                                          screenshots=options.screenshots, locate=options.locate,
                                          politeness=self.politeness)
        self.cpu = CpuSlots(options.concurrency)  # pages loading or under axe at once
        # Large pages a few at a time, and no audit started past the memory budget (sizegate.py).
        budget = options.memory_budget
        if budget is None:
            budget = memory_budget(options.concurrency, available_memory(field="MemTotal"))
        memory = TreeMemory()
        self.sizes = ElementGate(ELEMENTS_PER_SLOT * max(1, options.concurrency), memory_budget=budget or None,
                                 memory=memory, exact_memory=memory.exact)
        self._content_seen: dict[str, str] = {}  # digest of what a page shows, rendered -> the URL scanned showing it
        self.pool = JobPool(self._next_job)  # the workers' tabs take their pages from it
        self._recorded_skips = 0
        self.frontier.on_dropped = self._count_unlisted_skip
        self.pages_done = 0  # pages recorded: audited, errors and skips alike
        self.pages_skipped = 0  # of those, the links recorded as not scanned (beyond depth, excluded...)
        # --login: the signed-in state every new context starts from, and how often we signed in.
        self.signed_in: SignedIn | None = None
        self.sign_ins = 0
        self._generation = 0  # bumped at each sign-in; a tab of an older one is replaced
        self._sign_in_lock = asyncio.Lock()
        self.stopped: str | None = None  # why the scan stopped early (signed out again)
        self._sent_there_signed_in: set[str] = set()  # pages sent to the sign-in page's address, shown signed in
        self.left_to_other_shards = 0  # --shard: pages discovery handed out that another shard audits
        self._link_pages: set[str] = set()  # final URLs of this shard's pages whose links were read
        self._pages_read: set[str] = set()  # final URLs of every page whose links were read (_referrer)
        self.throttle: Throttle | None = None  # made in run(), once the engines say how many pages fly
        self._retry: deque[PageJob] = deque()  # pages that timed out while the scan was overloaded
        self._tries: dict[str, int] = {}  # how often each of those was tried again
        self._held: list[tuple[PageJob, Page]] = []  # timeouts that may begin a run (Throttle.finished)

    async def start(self) -> None:
        await self.chromium.start()
        self.engines = await self._make_engines()
        self.results.engines = [e.describe() for e in self.engines]
        if self.options.login:
            await self._sign_in()
        if self.options.cache is not None:
            await self.options.cache.start(self.options, self.engines, await self.chromium.version(self.options.cache),
                                           lambda: self.frontier.credentials, politeness=self.politeness)

    async def _sign_in(self) -> None:
        """Run the login steps; every context opened from now on starts signed in."""
        # A tab like the scan's own, so --header values reach the sign-in pages as they reach the site.
        tab = await self.chromium.open_tab(timeout=self.options.timeout, credentials=self.frontier.credentials,
                                           emulation=self.options.emulation)
        try:
            self.signed_in = await sign_in(self.options.login, tab.page, self.seeds[0], self.options.timeout,
                                           self.options.login_screenshot or Path("login-failure.png"))
        finally:
            await tab.close()
        self.sign_ins += 1
        self._generation += 1
        self.frontier.credentials = replace(self.frontier.credentials,
                                            cookies=tuple(self.signed_in.state.get("cookies", [])))

    async def _make_engines(self) -> list[Engine]:
        """axe with the rules asked for, then our checks (they change the viewport and focus,
        so they run after axe has seen the page as loaded)."""
        axe = AxeEngine({})
        await axe.prepare(self.chromium.get)
        ours = check_ids()
        named = set(self.options.rules) | set(self.options.disable_rules)
        # axe's own rule ids take a browser to learn: only ids a user named need them.
        axe_tags = await axe.rule_tags() if named - ours or self.options.suppressions else {}
        axe_known = set(axe_tags)
        unknown = sorted(named - ours - axe_known)
        standard, best_practice = self.options.standard, self.options.best_practice
        if unknown:
            # The closest of every id the scan could run: axe's best-practice, experimental and
            # deprecated rules too (--rules runs any of them as named), and our checks.
            as_named = [r for r in dict.fromkeys(self.options.rules + self.options.disable_rules) if r in unknown]
            raise ScanSetupError(f"unknown rule id {', '.join(map(repr, unknown))} "
                                 f"(axe-core {axe.version} and a11y's own checks)",
                                 ruleids.suggestions(as_named, standard, best_practice, axe_tags, ours))
        if not self.options.rules:
            for rule in dict.fromkeys(self.options.disable_rules):
                if rule in ours and not self.options.checks:
                    continue  # --checks none: no check runs anyway
                if why := ruleids.not_run(rule, standard, best_practice, axe_tags):
                    self.on_warning(f"--disable-rules {rule}: nothing to disable: {why}")
        bad_entry = unknown_rules(self.options.suppressions, axe_known | ours)
        if bad_entry:
            raise ScanSetupError(bad_entry, "`a11y rules` lists the rule ids (axe's and our checks')",
                                 named_source=True)
        engines: list[Engine] = []
        axe_named = [r for r in self.options.rules if r not in ours]
        if not self.options.rules or axe_named:  # --rules naming only our checks runs no axe rule
            axe.options = self.options.axe(known=axe_known)
            engines.append(axe)
        checks = self.options.selected_checks()
        if checks:
            engine = ChecksEngine(checks, thorough=self.options.thorough, exclude=self.options.exclude)
            engine.remember_across_pages = self.options.cache is None
            await engine.prepare(self.chromium.get)
            engines.append(engine)
        return engines

    async def stop(self) -> None:
        try:
            await self.chromium.stop()
        finally:
            if self.options.cache is not None:
                await self.options.cache.close()

    async def __aenter__(self) -> Scanner:
        try:
            await self.start()
        except BaseException:
            await self.stop()  # a failed sign-in or a bad rule id: no Chromium left behind
            raise
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self.stop()

    # --- the loop ------------------------------------------------------------
    async def run(self) -> Results:
        for warning in await self.frontier.prepare():
            self.on_warning(warning)
        self._record_skips()
        in_flight = self.pages_in_flight()
        self.throttle = self._make_throttle(in_flight)
        if self.sizes is not None:
            self.sizes.on_alone_change = self.pool.wake  # idle workers look at _room again
        await self.pool.run(in_flight, self._worker)
        self._settle_held("record")  # nothing came after them: they were the pages' own
        self._record_skips()
        if unlisted := sum(self.results.skipped_unlisted.values()):
            # Beyond MAX_SKIPPED, discovery only counts what it leaves out (memory on huge sites).
            self.on_warning(f"{unlisted:,} more URLs were left out (beyond --max-pages or --depth, excluded, "
                            f"robots.txt) than the {MAX_SKIPPED:,} recorded one by one in results.json; "
                            "the reports count them (results.json: skipped_unlisted, by reason) but do not list them")
        self.results.finished = now_iso()
        self.results.complete = not self.stopped
        return finalise(self.results)

    async def _worker(self) -> None:
        tab = None

        async def sit_out() -> None:
            """While the throttle or a page audited alone keeps this worker idle (_room), its
            tab is closed, so that its renderer's memory goes back to the pages in flight."""
            nonlocal tab
            if tab is not None:
                await tab.close()
            tab = None

        try:
            while (job := await self.pool.take(lambda: not self.stopped, self._room, sit_out)) is not None:
                started_at = self.throttle.started() if self.throttle else 0
                try:
                    if not self._mine(job.url):
                        self._leave_to_other_shard(job.url)
                        if self.options.depth == 0:
                            continue  # no links to follow: another shard's page is not even loaded
                    try:
                        page, tab = await self._run_page(job, tab)
                    except SignedOut as exc:
                        page, tab = await self._after_sign_out(job, exc.tab)
                    if self._try_again(job, page, started_at):
                        continue
                    if self._mine(job.url):
                        self._add(page)
                finally:
                    self.pool.done()
                    self._record_skips()
        finally:
            if tab is not None:
                await tab.close()

    # --- concurrency that lowers itself (throttle.py) --------------------------------
    local_pages = True  # pages run in this process's Chromium (not so for queue/coordinator.py)

    def _make_throttle(self, in_flight: int) -> Throttle | None:
        if not (self.options.auto_concurrency and self.local_pages):
            return None
        return Throttle(in_flight)

    def _room(self) -> bool:
        """Whether another page may start: not while a page too large to share the room is
        audited, or waits to be (sizegate.py), and then under the throttle's number of pages in
        flight. A worker kept out closes its tab (sit_out): an idle tab's renderer holds its last
        pages, about 55 MB on Python's documentation against 20 for a new one, and the large
        page's audit is the scan's peak of memory."""
        if self.local_pages and self.sizes is not None and self.sizes.auditing_alone():
            return False
        return self.throttle is None or self.pool.busy < self.throttle.limit

    def _next_job(self) -> PageJob | None:
        return self._retry.popleft() if self._retry else self.frontier.next_job()

    def _try_again(self, job: PageJob, page: Page, started_at: int) -> bool:
        """Tell the throttle how the page went; True if its record is not to be added now:
        it timed out while the scan was overloaded and goes back in the queue, to be tried
        at the lower number, or it is held back until the next page says which it was."""
        if self.throttle is None:
            return False
        decision = self.throttle.page_done(started_at, timed_out(page.status, page.reason),
                                           self._tries.get(job.url, 0), available_memory(), self.on_warning)
        self._settle_held(decision.held)
        if decision.hold:
            self._held.append((job, page))
        elif decision.retry:
            self._retry_later(job)
        return decision.hold or decision.retry

    def _settle_held(self, what: str | None) -> None:
        held, self._held = (self._held, []) if what else ([], self._held)
        for job, page in held:
            if what == "retry":
                self._retry_later(job)
            elif self._mine(job.url):
                self._add(page)

    def _retry_later(self, job: PageJob) -> None:
        self._tries[job.url] = self._tries.get(job.url, 0) + 1
        self._retry.append(job)

    def _add(self, page: Page) -> None:
        self.results.pages.append(share_strings(page))
        self.pages_done += 1
        self.pages_skipped += page.status == "skipped"
        self.on_page(page, self.results)

    def _record_skips(self) -> None:
        skipped = self.frontier.skipped
        for s in skipped[self._recorded_skips:]:
            if not self._records_skip(s):
                continue
            self._add(Page(url=s.url, status="skipped", reason=s.reason, depth=s.depth, found_on=s.found_on))
        self._recorded_skips = len(skipped)

    def _count_unlisted_skip(self, skipped) -> None:
        """A skip discovery only counts (past MAX_SKIPPED records): counted by reason in results,
        so that the reports' counts of pages not scanned hold it. A shard names it too (options
        skipped_unlisted_keys, by reason): with --depth 0 each shard records the links of its own
        pages, so several may leave out one URL, and `a11y merge` counts each URL once."""
        if self._records_skip(skipped):
            unlisted = self.results.skipped_unlisted
            unlisted[skipped.reason] = unlisted.get(skipped.reason, 0) + 1
            if self.options.shard is not None:
                keys = self.results.options.setdefault("skipped_unlisted_keys", {})
                keys.setdefault(skipped.reason, []).append(self.options.shard.url_id(skipped.url))

    def _say_refused(self, page: Page, refused: Refused) -> None:
        """A page audited without what the request guard refused of it (images, styles, frames,
        scripts): said once for the page, with how many in all, the first address and the guard's
        reason. (What it refused of a check's copies of pages is the check's to say.)"""
        if not refused.count:
            return
        first = refused[0]
        more = f" (and {refused.count - 1} more)" if refused.count > 1 else ""
        self.on_warning(f"{page.final_url or page.url}: the request guard refused {refused.count} request(s) the "
                        f"page made, so it was audited without them: {first.url}{more}: {first.reason}")

    def _tell_refused(self, url: str, refused: Refused | None) -> None:
        if refused is not None and self.options.on_refused is not None:
            self.options.on_refused(url, list(refused), refused.count)

    # --- --shard K/N -------------------------------------------------------------
    def _mine(self, url: str) -> bool:
        """Whether this scan audits and records the page (always, unless --shard)."""
        return self.options.shard is None or self.options.shard.owns(url)

    def _leave_to_other_shard(self, url: str) -> None:
        """Recorded by owner (results options left_to_shards), so that `a11y merge` can name the
        pages of a shard whose results it was not given. Named as that shard names them: a served
        folder's page by its URL path, so that the shards' names of it are one, with no port."""
        self.left_to_other_shards += 1
        left = self.results.options.setdefault("left_to_shards", {})
        left.setdefault(str(self.options.shard.owner(url)), []).append(self.options.shard.recorded(url))

    def _records_skip(self, skipped) -> bool:
        """A shard records the skips of its own URLs. With --depth 0 it loads only its own pages,
        so it also records the depth skips of their links (`a11y merge` keeps one of each URL)."""
        return self._mine(skipped.url) or (self.options.depth == 0 and skipped.found_on in self._link_pages)

    def _engines_for(self, job: PageJob) -> list[Engine]:
        """Another shard's page is loaded for its links only (discovery stays that of one scan)."""
        return self.engines if self._mine(job.url) else []

    # --- what the per-page work asks of the loop ---------------------------------
    def _claim(self, job: PageJob, final_url: str) -> str | None:
        login_url = self.signed_in.login_url if self.signed_in else None
        if (same_page(final_url, login_url) and not same_page(job.url, login_url)
                and job.url not in self._sent_there_signed_in):
            raise SignedOut(job.url)  # the site sent a signed-in page to its sign-in page
        return None if self.frontier.claim_final(job, final_url) else self.frontier.last_claim_reason

    async def _signed_out(self, tab: Tab | None) -> bool:
        """Whether the page the tab shows, sent to the sign-in page's address, shows the scanner
        signed out (login.shows_sign_in). Without the page (a worker elsewhere loaded it), its
        address is all there is to go by."""
        if tab is None or self.signed_in is None:
            return True
        try:
            async with asyncio.timeout(self.options.timeout):
                return await shows_sign_in(tab.page, self.signed_in)
        except TimeoutError:
            return True  # a page too busy to say: as its address says

    def _seen_content(self, digest: str, url: str) -> str:
        return self._content_seen.setdefault(digest, url)

    def _links_found(self, job: PageJob):
        def add(links: list[str], final_url: str) -> None:
            if self.options.shard and self._mine(job.url):
                self._link_pages.add(final_url)
            self._pages_read.add(final_url)
            for href in links:
                self.frontier.add(href, job.depth + 1, final_url)
            self.pool.wake()  # idle workers may have work now
        return add

    def _referrer(self, job: PageJob) -> str | None:
        """The page whose link led here, when it was a page of the crawl (not a sitemap, whose
        entries are found on it too): a page of the site for the checks to compare with."""
        return job.found_on if job.found_on in self._pages_read else None

    def pages_in_flight(self) -> int:
        """--concurrency pages load or run axe at once; with engines that mostly wait (our
        checks), more are in flight, so that some pages' checks wait while another page
        loads (measured with bench/act.py --timing-only)."""
        slots = max(1, self.options.concurrency)
        if not any(e.mostly_waits for e in self.engines):
            return slots
        return max(slots, min(MAX_PAGES_IN_FLIGHT, slots * PAGES_PER_SLOT_WHILE_WAITING))

    def _page_budget(self) -> float:
        """Loading within --timeout, then each engine within its share; and a margin."""
        return self.options.timeout * (1 + sum(e.budget_factor for e in self.engines)) + 5

    async def _after_sign_out(self, job: PageJob, tab: Tab | None) -> tuple[Page, Tab | None]:
        """Sign in once more (once per scan) and scan the page again; signed out again, the scan stops.
        A page that only shares the sign-in page's address (a home page that is also the sign-in
        page, showing the account) is scanned as any other."""
        if not await self._signed_out(tab):
            self._sent_there_signed_in.add(job.url)
            return await self._scan_with_retry(job, tab)
        seen = getattr(tab, "generation", 0)
        if tab is not None:
            await tab.close()
        async with self._sign_in_lock:
            if self._generation == seen and self.sign_ins < 2 and not self.stopped:
                self.on_warning(f"signed out while scanning {job.url}: signing in again")
                try:
                    await self._sign_in()
                except SignInFailed as e:
                    self.stopped = f"signing in again failed: {e}"
        if self._generation != seen:
            try:
                return await self._scan_with_retry(job, None)
            except SignedOut:
                pass
        self.stopped = self.stopped or (f"the site signed the scanner out again after {self.sign_ins} sign-ins "
                                        f"({job.url} was sent to the sign-in page); the scan stopped")
        self.pool.wake()
        return Page(url=job.url, status="error", reason=f"signed out: {self.stopped}", depth=job.depth,
                    found_on=job.found_on), None

    async def _run_page(self, job: PageJob, tab: Tab | None) -> tuple[Page, Tab | None]:
        """The page runner: here, in this process's Chromium (queue/coordinator.py sends it to a worker)."""
        return await self._scan_with_retry(job, tab)

    async def _scan_with_retry(self, job: PageJob, tab: Tab | None) -> tuple[Page, Tab | None]:
        """Scan one page in the worker's tab; on failure, once more in a fresh context."""
        if _is_document(job.url):
            suffix = PurePosixPath(urlsplit(job.url).path).suffix.lower()
            return Page(url=job.url, status="skipped", reason=f"not-html: document ({suffix})",
                        depth=job.depth, found_on=job.found_on), tab
        started = time.monotonic()
        cache = self.options.cache
        if cache is not None:
            try:
                page = await cache.reuse(job, self._claim, self._seen_content, self.page_settings.dedupe_content,
                                         self._links_found(job))
            except SignedOut:
                page = None  # the record says the sign-in page: whether signed out, the page itself will show
            if page is not None:
                page.duration_ms = _ms_since(started)
                return page, tab
        tried: list[Refused] = []  # what the guard refused of the page in each try (Tab.refused)
        try:
            return await self._try_twice(job, tab, started, tried)
        finally:
            self._tell_refused(job.url, tried[-1] if tried else None)

    async def _try_twice(self, job: PageJob, tab: Tab | None, started: float,
                         tried: list[Refused]) -> tuple[Page, Tab | None]:
        """The page in the worker's tab; on failure, once more in a fresh context."""
        cache = self.options.cache
        last: BaseException | None = None
        roomy = False  # the retry of a page whose renderer crashed goes to the browser without the heap limit
        for _attempt in range(2):  # the first try, and one retry in a fresh context
            try:
                if tab is not None and self.sizes is not None and self.sizes.auditing_alone():
                    # A page too large to share the room began its audit after this worker took
                    # its page (_room keeps the others out): as in sit_out, wait without the tab,
                    # whose renderer would hold its last pages meanwhile; a new one follows.
                    await tab.close()
                    tab = None
                    await self.sizes.wait_to_load()
                if roomy or tab is None or not tab.usable() or getattr(tab, "generation", 0) != self._generation:
                    if tab is not None:
                        await tab.close()
                    tab = None
                    tab = await self.chromium.open_tab(
                        timeout=self.options.timeout, credentials=self.frontier.credentials,
                        storage_state=self.signed_in.state if self.signed_in else self.options.storage_state,
                        init_script="\n;".join(s for e in self.engines for s in e.init_scripts()) or None,
                        guard=self.options.request_guard, roomy=roomy, emulation=self.options.emulation,
                    )
                    tab.generation = self._generation
                    copies_wait_in(tab.context, self.politeness)
                # asyncio.timeout, not wait_for: on Python 3.11, wait_for loses a cancellation
                # (Ctrl-C, SIGTERM) that arrives as the page finishes, and the scan went on.
                # What the page loads, until keep(); another shard's page, loaded for its links only, is not kept.
                made_of = cache.record(tab) if cache and self._mine(job.url) else None
                tab.refused.clear()  # what the request guard refuses for this page
                tried.append(tab.refused)
                async with asyncio.timeout(self._page_budget()) as budget:
                    # Waiting for a CPU slot extends this page's budget (cpuslots.py).
                    settings = replace(self.page_settings, cpu=self.cpu.for_page(budget), sizes=self.sizes,
                                       budget=budget)
                    outcome: PageOutcome = await scan_page(
                        job, tab, self._engines_for(job), settings, self._claim, self._seen_content,
                        on_links=self._links_found(job), referrer=self._referrer(job))
                if self.options.login is not None:  # before the cache or any report sees the record
                    redact_page(outcome.page, self.options.login.secrets)
                if made_of is not None:
                    await cache.keep(job, outcome, made_of, self.options.timeout)
                tab.used += 1
                outcome.page.duration_ms = _ms_since(started)
                self._say_refused(outcome.page, tab.refused)
                return outcome.page, await _kept(tab)
            except SignedOut as exc:
                exc.tab = tab  # the tab of the older sign-in, for _after_sign_out
                raise
            except SkipPage as exc:  # not worth retrying (e.g. a download)
                return Page(url=job.url, status="skipped", reason=str(exc), depth=job.depth,
                            found_on=job.found_on, duration_ms=_ms_since(started)), await _kept(tab)
            except PageError as exc:
                return Page(url=job.url, status="error", reason=exc.reason, final_url=exc.final_url,
                            depth=job.depth, found_on=job.found_on, duration_ms=_ms_since(started)), await _kept(tab)
            except (asyncio.CancelledError, BrowserNotFound, BrowserLaunchFailed):
                if tab is not None and tab.roomy:
                    await tab.close()
                raise  # a browser that never started is the scan's set-up error, not this page's
            except Exception as exc:  # noqa: BLE001 - any failure costs this page only
                if tab is not None and (refused := page_refusal(tab.refused)):
                    # The guard's decision: not retried (it would decide the same).
                    return Page(url=job.url, status="error", reason=refused, depth=job.depth,
                                found_on=job.found_on, duration_ms=_ms_since(started)), await _kept(tab)
                last = exc
                crashed = tab is not None and (tab.crashed or "crash" in str(exc).lower())
                if crashed and not roomy and self.chromium.heap_limit_mb:
                    roomy = True
                    self.on_warning(f"the renderer of {job.url} crashed, perhaps out of its "
                                    f"{self.chromium.heap_limit_mb} MB JavaScript heap: trying it once more "
                                    "without that limit")
                if tab is not None:
                    await tab.close()
                tab = None
        return Page(url=job.url, status="error", reason=_reason(last, self.options.timeout),
                    depth=job.depth, found_on=job.found_on, duration_ms=_ms_since(started)), tab
