"""The frontier: which pages to scan, in what order, and which were skipped and why.

It knows nothing of the browser. The scan loop calls ``prepare()`` once
(robots.txt and sitemaps), then repeatedly takes a job with ``next_job()``,
renders it, reports where it really landed with ``claim_final()`` and feeds
the links it found back with ``add()``. The workers' pool (pool.py) tells it
when a job is at work and when it is done (``job_started``, ``job_done``).
"""
from __future__ import annotations

import asyncio
import heapq
import itertools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from ..credentials import Credentials
from ..politeness import SLOW_DOWN, GiveUp, Politeness
from .fetch import FetchError, describe_error
from .robots import Robots, fetch_robots
from .sitemaps import SitemapLimits, read_sitemaps
from .urls import document_reason, host_problem, is_document, match_pattern, normalize_url, origin_of

#: Skipped records kept; beyond this they are only counted (skipped_dropped).
MAX_SKIPPED = 1000
#: Jobs waiting at once; beyond this new URLs are skipped as over the limit.
MAX_QUEUE = 100_000

ROBOTS_REASON = "robots: disallowed by robots.txt"
EXCLUDED_REASON = "excluded: matches --exclude {pattern}"
NOT_INCLUDED_REASON = "not-included: matches no --include pattern"
LIMIT_REASON = "limit: --max-pages {n} reached"
DEPTH_REASON = "depth: beyond --depth {n}"
OFF_ORIGIN_REASON = "off-origin: redirected to {url}"
DUPLICATE_REASON = "duplicate: redirects to {url}, scanned already"
#: A page that does not redirect, scanned already as the page another address redirects to.
REDIRECT_TARGET_REASON = "duplicate: scanned already (as the page {url} redirects to)"
REDIRECT_EXCLUDED_REASON = "excluded: redirects to {url}, which matches --exclude {pattern}"
REDIRECT_NOT_INCLUDED_REASON = "not-included: redirects to {url}, which matches no --include pattern"
INVALID_REASON = "invalid: not an http(s) URL"
INVALID_HOST_REASON = "invalid: {why}"


@dataclass
class PageJob:
    url: str
    depth: int
    found_on: str | None
    # The frontier that queued the job, for the pool to tell when the job is at work and done.
    frontier: Frontier | None = field(default=None, compare=False, repr=False)


@dataclass
class SkippedPage:
    url: str
    reason: str
    depth: int
    found_on: str | None


def duplicate_reason(url: str, final: str, scanned_as: str) -> str:
    """Why the page at url, which landed at final, is not scanned: final was scanned already,
    as the page of the address scanned_as. Says which of the two redirected."""
    if url != final:
        return DUPLICATE_REASON.format(url=final)
    return REDIRECT_TARGET_REASON.format(url=scanned_as)


def _www_twins(a: str, b: str) -> bool:
    """Same host, or the same but for a leading 'www.'."""
    ha, hb = urlsplit(a).hostname or "", urlsplit(b).hostname or ""
    return ha.removeprefix("www.") == hb.removeprefix("www.")


class Frontier:
    """Breadth-first queue of page jobs over the origins of the seeds.

    Decisions worth knowing:

    * Seeds are always queued at depth 0, except a seed disallowed by
      robots.txt (skipped unless respect_robots is False). --include and
      --exclude restrict discovered pages, never the seeds: a seed is what
      the user asked for by name.
    * ``add(url, depth, found_on)``: depth is the depth the new page would have
      (the finding page's depth + 1). Links off the seeds' origins, non-web
      URLs and URLs already seen are ignored silently; every other URL ends
      either queued or recorded once in ``skipped``. With max_depth=0 links
      found on the seeds are recorded as depth skips, and sitemaps are not read.
    * A page's depth is its shortest link distance from a seed (a page a
      sitemap lists is at depth 1 unless a link brings it closer), whatever
      order pages finish in. So a page at depth k is handed out only once no
      page at depth k-2 or less is at work (pages of two levels run together):
      the pages that could link it closer are done, and its depth and found_on
      are final. A queued page found again closer takes the smaller depth.
    * A URL found beyond max_depth is held back, not recorded: found again
      within the depth (a page nearer the seeds finished later), it is queued.
      It is recorded as a depth skip once nothing is queued or at work, when
      nothing can bring it closer (at once with max_depth=0: only seeds are at
      depth 0). A scan stopped early records none of them, as it records none
      of the pages still queued.
    * The pool (pool.py) calls ``job_started`` and ``job_done`` for every job
      it hands a worker (a job tried again is started again). A caller without
      them is taken to be done with each job when it asks for the next.
    * max_pages counts jobs handed out by next_job (seeds included), less the
      jobs that claim_final rejects. Once reached, next_job returns None and
      the jobs still queued, and later new URLs, are recorded as limit skips.
    * A document known by its name (``is_document``: a PDF, an office file) is
      never handed out and takes no page of max_pages: it is queued as a page is
      (robots.txt, --include/--exclude and --depth apply to it), and recorded as
      a document ("not-html: document (.pdf)", listed for its own 508 review)
      when its turn comes, once its depth is final, or at once past the limit.
    * ``claim_final`` False means "record this job yourself, with
      ``last_claim_reason``" (a duplicate, or a link that redirected off the
      scanned origins); a seed that redirects elsewhere brings the final origin
      into scope. prepare() already follows one seed per origin to learn such
      redirects, so that the final origin's robots.txt and sitemaps are read.
      A seed's own URL is kept for it: another address that redirects there
      is the duplicate, so the page is scanned under the URL the user named.
    * ``politeness`` is the scan's pauses for servers that answer 429 or 503 (politeness.py),
      shared with its page loads when the Scanner hands it one, and handed on to discovery's
      fetches (the seeds' first requests, robots.txt, sitemaps, `a11y crawl`'s pages). prepare()
      hands it each origin's robots.txt Crawl-delay (unless respect_robots is False), which
      then spaces the requests of all of them to that origin.
    * ``skipped`` keeps at most MAX_SKIPPED records; ``skipped_dropped`` counts
      the rest, and ``on_dropped`` (if set) is told of each of them, so that a
      caller can count them by reason. The list only grows, so callers may read
      it incrementally.
    """

    def __init__(
        self,
        seeds: list[str],
        *,
        max_depth: int | None = None,
        max_pages: int = 100,
        include: list[str] = (),
        exclude: list[str] = (),
        respect_robots: bool = True,
        use_sitemaps: bool = True,
        headers: dict[str, str] | None = None,
        header_origins: list[str] = (),
        cookies: list[dict] = (),
        timeout: float = 10.0,
        user_agent: str = "a11y",
        politeness: Politeness | None = None,
    ) -> None:
        self.max_depth = max_depth
        self.max_pages = max_pages
        self.include = list(include)
        self.exclude = list(exclude)
        self.respect_robots = respect_robots
        self.use_sitemaps = use_sitemaps
        self.timeout = timeout
        self.user_agent = user_agent
        self.politeness = politeness if politeness is not None else Politeness()
        self.sitemap_limits = SitemapLimits()
        self.warnings: list[str] = []
        self.skipped_dropped = 0
        self.on_dropped: Callable[[SkippedPage], None] | None = None  # told of each skip not kept
        self.last_claim_reason: str | None = None

        self._origins: set[str] = set()
        self._seeds: list[str] = []
        self._seen: set[str] = set()
        self._queued: dict[str, PageJob] = {}  # url -> its job (the heap may hold older ones)
        self._beyond: dict[str, SkippedPage] = {}  # beyond max_depth so far (see the class doc)
        self._at_work: Counter[int] = Counter()  # depth -> jobs at work (job_started, job_done)
        self._heap: list[tuple[int, int, PageJob]] = []
        self._order = itertools.count()
        self._handed_out = 0
        self._claimed: dict[str, PageJob] = {}
        self._skipped: list[SkippedPage] = []
        self._robots: dict[str, Robots] = {}

        for raw in seeds:
            norm = normalize_url(raw)
            if norm is None:
                why = host_problem(str(raw))
                self.warnings.append(f"seed {raw!r}: {why or 'not an http(s) URL'}; skipped")
                self._skip(str(raw), INVALID_HOST_REASON.format(why=why) if why else INVALID_REASON, 0, None)
                continue
            if norm not in self._seeds:
                self._seeds.append(norm)
                self._origins.add(origin_of(norm))
        for seed in self._seeds:
            self._consider(seed, 0, None, seed=True)
        # Header values go to the seeds' origins (and those named), never further.
        self.credentials = Credentials.for_site(
            headers, [origin_of(s) for s in self._seeds] + [origin_of(o) for o in header_origins], cookies)

    # ----------------------------------------------------------------- public
    @property
    def skipped(self) -> list[SkippedPage]:
        return list(self._skipped)

    @property
    def pending(self) -> int:
        return len(self._queued)

    @property
    def origins(self) -> set[str]:
        """The origins in scope: the seeds' and those their redirects led to."""
        return set(self._origins)

    @property
    def seeds(self) -> list[str]:
        return list(self._seeds)

    def is_in_scope(self, url: str) -> bool:
        norm = normalize_url(url)
        if norm is None or origin_of(norm) not in self._origins:
            return False
        if match_pattern(norm, self.exclude):
            return False
        return not self.include or match_pattern(norm, self.include) is not None

    def add(self, url: str, depth: int, found_on: str | None) -> None:
        norm = normalize_url(url, base=found_on)
        if norm is None or origin_of(norm) not in self._origins:
            return
        self._consider(norm, depth, found_on)

    def next_job(self) -> PageJob | None:
        """The shallowest job queued, or None: nothing queued, --max-pages reached, or the
        next job waits for shallower pages at work (job_done) that may link it closer."""
        job = self._take_queued()
        if job is None and not self._at_work:
            self._record_beyond_depth()  # nothing left that could bring them within the depth
        return job

    def job_started(self, job: PageJob) -> None:
        """A worker is at work on job (from next_job, or the same job tried again)."""
        self._at_work[job.depth] += 1

    def job_done(self, job: PageJob) -> None:
        """The worker is done with job: its links, if any, have been added."""
        self._at_work[job.depth] -= 1
        if self._at_work[job.depth] <= 0:
            del self._at_work[job.depth]

    def claim_final(self, job: PageJob, final_url: str) -> bool:
        """Record where job landed (after redirects). False: do not scan it;
        ``last_claim_reason`` then says why, in the skipped-reason style:
        "duplicate: ..." (another job has that page), "off-origin: ..." (a
        discovered link redirected off the scanned origins), "excluded: ..." or
        "not-included: ..." (a discovered page redirected to a URL out of the
        include/exclude scope; neither is applied to seeds). Nothing is added to
        ``skipped`` for a rejected job: the caller records it with that reason."""
        self.last_claim_reason = None
        final = normalize_url(final_url) if final_url else None
        final = final or job.url
        owner = self._claimed.get(final)
        if owner is not None and owner != job:
            self.last_claim_reason = duplicate_reason(job.url, final, owner.url)
            self._refund()
            return False
        origin = origin_of(final)
        if origin not in self._origins:
            if job.depth == 0:
                self._origins.add(origin)  # e.g. a seed redirected from http to https
            else:
                self.last_claim_reason = OFF_ORIGIN_REASON.format(url=final)
                self._refund()
                return False
        if final != job.url and job.depth > 0:
            pattern = match_pattern(final, self.exclude)
            if pattern is None and self.include and not match_pattern(final, self.include):
                pattern = ""
            if pattern is not None:
                self.last_claim_reason = (
                    REDIRECT_EXCLUDED_REASON.format(url=final, pattern=pattern)
                    if pattern
                    else REDIRECT_NOT_INCLUDED_REASON.format(url=final)
                )
                self._seen.add(final)
                self._refund()
                return False
        self._claimed[final] = job
        self._seen.add(final)
        self._queued.pop(final, None)  # scanned as this job; its own queued job is dropped
        self._beyond.pop(final, None)  # and if it was only found beyond --depth, it is no skip
        return True

    async def prepare(self) -> list[str]:
        """Read robots.txt and sitemaps for the seeds' origins. Never raises for
        network or content problems: they come back as warnings."""
        warnings: list[str] = []
        read_sitemaps_too = self.use_sitemaps and self.max_depth != 0
        if not (self.respect_robots or read_sitemaps_too):
            # Nothing to read, so nothing is fetched outside the browser (the desk's guarded
            # scans rely on that); a seed's redirect to another origin is claimed when it lands.
            return warnings
        try:
            async with httpx.AsyncClient(
                headers={"User-Agent": self.user_agent}, timeout=self.timeout, follow_redirects=True,
                max_redirects=5, event_hooks={"request": [self.credentials.httpx_hook]},
            ) as client:
                sitemap_origins = set(self._origins)
                # One seed per origin is enough to see an origin-wide redirect (http -> https).
                probes = list({origin_of(s): s for s in reversed(self._seeds)}.values())
                for seed, final in zip(
                    probes, await asyncio.gather(*(self._probe(client, s) for s in probes)), strict=True
                ):
                    new = origin_of(final) if final else None
                    if new and new not in self._origins:
                        self._origins.add(new)
                        if _www_twins(seed, new):
                            sitemap_origins.add(new)
                origins = sorted(self._origins)
                if self.respect_robots or read_sitemaps_too:
                    found = await asyncio.gather(*(fetch_robots(client, o, self.politeness) for o in origins))
                    for origin, robots in zip(origins, found, strict=True):
                        self._robots[origin] = robots
                        warnings.extend(robots.warnings)
                        if self.respect_robots:
                            warnings.extend(self._space_requests(origin, robots))
                if read_sitemaps_too:
                    warnings.extend(await self._read_sitemaps(client, sorted(sitemap_origins)))
        except Exception as exc:  # noqa: BLE001 - discovery problems must not stop a scan
            warnings.append(f"discovery: {describe_error(exc)}")
        self.warnings.extend(warnings)
        return warnings

    # ---------------------------------------------------------------- private
    async def _probe(self, client: httpx.AsyncClient, seed: str) -> str | None:
        """Where a seed redirects to (its body is not read); None on failure. Sent once the
        origin's pause is over; a 429 or 503 answer pauses the origin for what follows (robots.txt,
        sitemaps, the pages), and still tells where the seed led."""
        await self.politeness.wait(seed)
        try:
            async with client.stream("GET", seed) as response:
                final = str(response.url)
                if response.status_code in SLOW_DOWN:
                    try:
                        self.politeness.refused(final, response.status_code,
                                                response.headers.get("retry-after"), tries=1)
                    except GiveUp:
                        pass  # asks for longer than a scan waits: each page gives up on its own
                return final
        except (httpx.HTTPError, httpx.InvalidURL, OSError, ValueError, FetchError):
            return None

    async def _read_sitemaps(self, client: httpx.AsyncClient, origins: list[str]) -> list[str]:
        start: dict[str, bool] = {}
        for origin in origins:
            start.setdefault(origin + "/sitemap.xml", False)
        for origin in origins:
            robots = self._robots.get(origin)
            for named in robots.sitemaps if robots else ():
                norm = normalize_url(named, base=origin + "/")
                if norm:
                    start[norm] = True  # named in robots.txt: its absence is worth a warning
        result = await read_sitemaps(
            client,
            list(start.items()),
            allowed=lambda u: origin_of(u) in self._origins,
            limits=self.sitemap_limits,
            politeness=self.politeness,
        )
        ignored = 0
        for loc, sitemap in result.urls:
            norm = normalize_url(loc, base=sitemap)
            if norm is None or origin_of(norm) not in self._origins:
                ignored += 1
                continue
            self._consider(norm, 1, sitemap)
        if ignored:
            result.warnings.append(
                f"sitemaps: {ignored} URL(s) not on a scanned origin (or not http/https) were ignored"
            )
        return result.warnings

    def _space_requests(self, origin: str, robots: Robots) -> list[str]:
        """robots.txt's Crawl-delay, honoured: the scan's requests to origin go that far apart
        (politeness.py), said in a warning, since it may make the scan much longer."""
        delay = robots.crawl_delay(self.user_agent)
        if delay is None:
            return []
        spacing = self.politeness.space(origin, delay)
        if spacing < delay:
            return [f"robots.txt {robots.url}: Crawl-delay {delay:g} s is longer than a scan waits; "
                    f"requests to {origin} are sent {spacing:g} s apart"]
        return [f"robots.txt {robots.url}: Crawl-delay {delay:g} s: requests to {origin} are sent "
                f"{spacing:g} s apart (not with --ignore-robots)"]

    def _robots_allow(self, url: str) -> bool:
        robots = self._robots.get(origin_of(url))
        return robots is None or robots.allows(url, self.user_agent)

    def _consider(self, url: str, depth: int, found_on: str | None, *, seed: bool = False) -> None:
        """Queue url (normalised, in an allowed origin) or record why not."""
        if url in self._seen:
            return self._found_again(url, depth, found_on)
        self._seen.add(url)
        if not seed:
            pattern = match_pattern(url, self.exclude)
            if pattern is not None:
                return self._skip(url, EXCLUDED_REASON.format(pattern=pattern), depth, found_on)
            if self.include and match_pattern(url, self.include) is None:
                return self._skip(url, NOT_INCLUDED_REASON, depth, found_on)
        if self.max_depth is not None and depth > self.max_depth:
            return self._hold_beyond_depth(url, depth, found_on)
        self._queue(url, depth, found_on, seed=seed)

    def _found_again(self, url: str, depth: int, found_on: str | None) -> None:
        """A URL seen before, found on a path no longer than before or a shorter one: a page not
        handed out yet takes the shorter path (and one held beyond --depth may come within it)."""
        queued = self._queued.get(url)
        if queued is not None and depth < queued.depth:
            self._push(PageJob(url, depth, found_on, frontier=self))
            return
        held = self._beyond.get(url)
        if held is None or depth >= held.depth:
            return
        if depth > self.max_depth:
            self._beyond[url] = SkippedPage(url, held.reason, depth, found_on)
            return
        del self._beyond[url]
        self._queue(url, depth, found_on)

    def _hold_beyond_depth(self, url: str, depth: int, found_on: str | None) -> None:
        reason = DEPTH_REASON.format(n=self.max_depth)
        if self.max_depth == 0:  # nothing but a seed is at depth 0: final at once
            return self._skip(url, reason, depth, found_on)
        self._beyond[url] = SkippedPage(url, reason, depth, found_on)

    def _queue(self, url: str, depth: int, found_on: str | None, *, seed: bool = False) -> None:
        if self.respect_robots and not self._robots_allow(url):
            return self._skip(url, ROBOTS_REASON, depth, found_on)
        document = is_document(url)
        if document and self._handed_out >= self.max_pages:
            return self._skip(url, document_reason(url), depth, found_on)  # the pages' limit is not its
        if len(self._queued) >= MAX_QUEUE or (self._handed_out >= self.max_pages and not document):
            return self._skip(url, LIMIT_REASON.format(n=self.max_pages), depth, found_on)
        job = PageJob(url, depth, found_on, frontier=self)
        self._push(job)
        if seed:
            self._claimed[url] = job  # kept for the seed: see the class doc

    def _push(self, job: PageJob) -> None:
        """Queue job; a job queued before for its URL stays in the heap, and is passed over."""
        self._queued[job.url] = job
        heapq.heappush(self._heap, (job.depth, next(self._order), job))

    def _take_queued(self) -> PageJob | None:
        while self._heap:
            if self._handed_out >= self.max_pages:
                self._drain(LIMIT_REASON.format(n=self.max_pages))
                return None
            depth, _, job = self._heap[0]
            if self._queued.get(job.url) is not job:
                heapq.heappop(self._heap)  # found closer since, or claimed as another job's final URL
                continue
            if self._waits_for_closer_path(depth):
                return None
            heapq.heappop(self._heap)
            del self._queued[job.url]
            if self.respect_robots and not self._robots_allow(job.url):
                self._not_scanned(job, ROBOTS_REASON)
                continue
            if is_document(job.url):  # recorded, never rendered, and no page of --max-pages
                self._record_document(job)
                continue
            self._handed_out += 1
            return job
        return None

    def _waits_for_closer_path(self, depth: int) -> bool:
        """A page at this depth could still be linked closer by a page at work two levels up
        or more (a page one level up would link it at the same depth)."""
        return any(working <= depth - 2 for working in self._at_work)

    def _record_beyond_depth(self) -> None:
        held, self._beyond = self._beyond, {}
        for page in held.values():
            self._skip(page.url, page.reason, page.depth, page.found_on)

    def _skip(self, url: str, reason: str, depth: int, found_on: str | None) -> None:
        page = SkippedPage(url, reason, depth, found_on)
        if len(self._skipped) >= MAX_SKIPPED:
            self.skipped_dropped += 1
            if self.on_dropped is not None:
                self.on_dropped(page)
            return
        self._skipped.append(page)

    def _refund(self) -> None:
        self._handed_out = max(0, self._handed_out - 1)

    def _drain(self, reason: str) -> None:
        while self._heap:
            _, _, job = heapq.heappop(self._heap)
            if self._queued.get(job.url) is not job:
                continue
            del self._queued[job.url]
            if is_document(job.url):
                self._record_document(job)
            else:
                self._not_scanned(job, reason)

    def _record_document(self, job: PageJob) -> None:
        """A document's job, recorded as a document unless robots.txt disallows it."""
        robots = self.respect_robots and not self._robots_allow(job.url)
        self._not_scanned(job, ROBOTS_REASON if robots else document_reason(job.url))

    def _not_scanned(self, job: PageJob, reason: str) -> None:
        """Record a queued job skipped; a seed's URL is no longer kept for it."""
        if self._claimed.get(job.url) is job:
            del self._claimed[job.url]
        self._skip(job.url, reason, job.depth, job.found_on)
