"""Discovery on its own (`a11y crawl`): the pages a scan would audit, found over plain HTTP.

The same frontier as a scan (seeds, robots.txt, sitemaps, include/exclude, depth,
max pages, redirects, pages served twice), but each page is fetched with httpx and
its links read from the HTML as sent, with no browser: links that scripts add are
not seen. A zero-delay meta refresh is followed as the redirect a browser makes of it:
the page is listed where it lands. What a scan would not audit is left out of the list, with
the reason: documents, pages the frontier skips (a discovered page that lands on another site
included), and discovered links that answer 4xx/5xx (a seed that does is kept, so that the
scan of the list reports it too). A page whose HTML is byte for byte another's is left out as
the same page, unless that HTML is an app shell (little text, and scripts: what each address
shows is what the scripts render there, which only a scan sees).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from html.parser import HTMLParser

import httpx

from .fetch import Fetched, FetchError, fetch_capped
from .frontier import Frontier, PageJob
from .links import PageLinks, read_links
from .pool import JobPool
from .urls import RENDERED_TYPES, normalize_url

#: Pages larger than this are listed but their links are not read.
MAX_PAGE_BYTES = 20 * 1024 * 1024
#: Requests in flight at once (plain HTTP mostly waits on the server).
CONCURRENCY = 4
#: Zero-delay meta refreshes followed from one page, as a scan's page load follows them.
MAX_REFRESHES = 5
#: Content types whose links are read (none sent: read as HTML, as a browser sniffs it).
HTML_TYPES = ("text/html", "application/xhtml+xml", "")
#: An HTML document with scripts and at most this many characters of text is an app shell.
SHELL_TEXT = 200


@dataclass
class CrawledPage:
    url: str  # where the page ended, after redirects (normalised)
    depth: int
    found_on: str | None


@dataclass
class CrawlResult:
    pages: list[CrawledPage] = field(default_factory=list)
    # Why the list may lack pages a scan would audit, or will fail a scan (exit 3): a seed that
    # could not be fetched or answered 4xx/5xx, a page whose links could not be read.
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # pages left out, and why
    warnings: list[str] = field(default_factory=list)  # robots.txt and sitemaps that could not be read
    complete: bool = True

    def urls(self) -> list[str]:
        """One URL per page: the seeds first, then by depth, each level in URL order."""
        return [p.url for p in sorted(self.pages, key=lambda p: (p.depth, p.url))]


class Crawler:
    def __init__(self, frontier: Frontier, timeout: float = 15.0, concurrency: int = CONCURRENCY):
        self.frontier = frontier
        self.timeout = timeout
        self.concurrency = concurrency
        self.result = CrawlResult()
        self._listed: set[str] = set()
        self._content_seen: dict[str, str] = {}
        # Pages listed per content digest, and the digests of app shells among them: counted once
        # the crawl is done, so that the count does not depend on which address answered first.
        self._listed_by_content: dict[str, int] = {}
        self._shells: set[str] = set()
        self.pool = JobPool(frontier.next_job)

    async def run(self) -> CrawlResult:
        self.result.warnings.extend(await self.frontier.prepare())
        async with httpx.AsyncClient(
            headers={"User-Agent": self.frontier.user_agent}, timeout=self.timeout, follow_redirects=True,
            max_redirects=20, event_hooks={"request": [self.frontier.credentials.httpx_hook]},
        ) as client:
            await self.pool.run(self.concurrency, lambda: self._worker(client))
        skipped = 0
        for page in self.frontier.skipped:
            seed = page.depth == 0 and page.found_on is None
            if page.reason.startswith("not-html: document"):  # a scan lists it for its own review
                self.result.notes.append(f"{'seed ' * seed}{page.url}: a document, not a web page; left out")
                continue
            skipped += 1
            if seed:
                self.result.notes.append(f"seed {page.url}: {page.reason}; left out of the list")
        if skipped:
            self.result.notes.append(f"{skipped} URL(s) left out as a scan skips them "
                                     "(robots, --exclude/--include, --depth, --max-pages)")
        shells_kept = sum(n - 1 for digest, n in self._listed_by_content.items() if digest in self._shells)
        if shells_kept:
            self.result.notes.append(
                f"{shells_kept} URL(s) kept although their HTML is byte for byte another page's: it is an "
                "app shell (little text, and scripts), which the scripts render as a page of its own at each "
                "address; a scan tells the pages apart once rendered")
        return self.result

    async def _worker(self, client: httpx.AsyncClient) -> None:
        while (job := await self.pool.take()) is not None:
            try:
                await self._visit(client, job)
            finally:
                self.pool.done()

    def _list(self, url: str, job: PageJob) -> None:
        if url not in self._listed:
            self._listed.add(url)
            self.result.pages.append(CrawledPage(url, job.depth, job.found_on))

    async def _visit(self, client: httpx.AsyncClient, job: PageJob) -> None:
        seed = job.depth == 0 and job.found_on is None
        try:
            fetched, final, links = await self._land(client, job)
        except FetchError as exc:
            # Listed all the same: the browser may load it, and if not the scan reports it.
            self._list(job.url, job)
            self.result.complete = False
            what = "seed" if seed else "page"
            self.result.problems.append(f"{what} {job.url} could not be fetched ({exc}); its links were not read")
            return
        if not self.frontier.claim_final(job, final):
            self.result.notes.append(f"{job.url}: {self.frontier.last_claim_reason}; left out")
            return
        if fetched.status >= 400:
            if seed:  # kept, so that the scan of the list fails on it as a scan of the site does
                self._list(final, job)
                self.result.problems.append(f"seed returned {fetched.status}: {job.url}")
            else:
                self.result.notes.append(f"broken link: {job.url} answered {fetched.status} "
                                         f"(linked from {job.found_on}); left out")
            return
        if fetched.content_type and fetched.content_type not in RENDERED_TYPES:
            self.result.notes.append(f"{'seed ' * seed}{job.url}: {fetched.content_type}, not a web page; left out")
            return
        digest = None
        if self.frontier.max_depth != 0 and 200 <= fetched.status < 300:
            digest = hashlib.sha256(fetched.body).hexdigest()
            first = self._content_seen.setdefault(digest, final)
            if first != final:
                shell = digest in self._shells or looks_like_app_shell(fetched.body)
                if not shell and job.depth > 0:  # seeds asked for by name are always listed
                    self.result.notes.append(f"{job.url}: same content as {first}; left out")
                    return
                if shell:
                    self._shells.add(digest)
        if digest is not None and final not in self._listed:
            self._listed_by_content[digest] = self._listed_by_content.get(digest, 0) + 1
        self._list(final, job)
        for link in links.links:
            self.frontier.add(link, job.depth + 1, final)

    async def _land(self, client: httpx.AsyncClient, job: PageJob) -> tuple[Fetched, str, PageLinks]:
        """The page where job lands (its response, normalised address and links): HTTP redirects
        and zero-delay meta refreshes followed, as a browser follows them. A discovered page's
        refresh out of the scan's scope (another site, --exclude) is not fetched: its target is
        given as where the page lands, for claim_final to leave it out as a scan does."""
        url, hop = job.url, 0
        while True:
            try:
                fetched = await fetch_capped(client, url, MAX_PAGE_BYTES, total=3 * self.timeout,
                                             politeness=self.frontier.politeness)
            except FetchError as exc:
                if not hop:
                    raise
                raise FetchError(f"{exc}, at {url}, where its zero-delay meta refresh leads") from None
            final = normalize_url(fetched.url) or url
            links = PageLinks()
            if fetched.content_type in HTML_TYPES:
                links = read_links(fetched.body.decode("utf-8", errors="replace"), final)
            target = normalize_url(links.refresh) if links.refresh else None
            if target is None or target == final or hop == MAX_REFRESHES:
                return fetched, final, links
            if job.depth > 0 and not self.frontier.is_in_scope(target):
                return fetched, target, PageLinks()
            url, hop = target, hop + 1


class _ShellParser(HTMLParser):
    """How much text a document shows without its scripts, and whether it has any."""

    HIDDEN = frozenset({"script", "style", "template", "noscript", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts = self.text = self._hidden = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        self.scripts += tag == "script"
        self._hidden += tag in self.HIDDEN

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.text += len("".join(data.split()))


def looks_like_app_shell(body: bytes) -> bool:
    """Whether the HTML is an app shell: scripts, and little or no text of its own (<noscript>'s
    not counted), so that what it shows is what its scripts render at the address it is at."""
    parser = _ShellParser()
    try:
        parser.feed(body.decode("utf-8", errors="replace"))
        parser.close()
    except Exception:  # noqa: BLE001 - markup past reading: not known to be a shell
        return False
    return parser.scripts > 0 and parser.text <= SHELL_TEXT
