"""robots.txt's Crawl-delay, honoured for the seeds' origins: the scan's requests to the origin
(discovery's, the page loads) go at least that far apart (politeness.py), at most 30 s, and
the scan says so in a warning. --ignore-robots ignores it too.

Times are only ever bounded from below (a loaded machine makes requests later, never earlier):
every spaced request comes after robots.txt was read, so the last of n spaced requests reaches
the server at least (n - 1) x the delay after robots.txt did."""
import asyncio
import time

from a11y.discovery import Frontier
from a11y.discovery.crawl import Crawler
from a11y.politeness import MAX_CRAWL_DELAY, Politeness
from a11y.scan import Scanner, ScanOptions

from .siteserver import page, site

ORIGIN = "http://127.0.0.1:9"


def test_spaced_requests_wait_their_turns_one_after_another():
    polite = Politeness()
    assert polite.space(ORIGIN + "/", 0.4) == 0.4
    returned: list[float] = []

    async def request(path):
        await polite.wait(ORIGIN + path)
        returned.append(time.monotonic())

    async def three():
        await asyncio.gather(*(request(f"/{i}") for i in range(3)))

    started = time.monotonic()
    asyncio.run(three())
    assert max(returned) - started >= 2 * 0.4  # three turns: now, +0.4, +0.8
    assert polite.pause_left("http://127.0.0.1:10/") == 0.0  # another origin is not spaced


def test_an_absurd_delay_is_capped_and_none_is_no_spacing():
    polite = Politeness()
    assert polite.space(ORIGIN + "/", 3600) == MAX_CRAWL_DELAY == 30.0
    none = Politeness()
    assert none.space(ORIGIN + "/", 0) == 0 and none._spacing == {}


def timed_site(delay: str, hits: list):
    """robots.txt asks for `delay`; the home page links /a and /b. Each request's arrival is kept."""
    def timed(route):
        def answer(h):
            hits.append((h.path, time.monotonic()))
            route(h)
        return answer

    def robots(h):
        h._send(200, f"User-agent: *\nCrawl-delay: {delay}\n", content_type="text/plain")

    return {"/robots.txt": timed(robots), "/": timed(page("Home", '<a href="/a">A</a> <a href="/b">B</a>')),
            "/a": timed(page("A")), "/b": timed(page("B"))}


def spread_after_robots(hits: list) -> float:
    robots = next(t for path, t in hits if path == "/robots.txt")
    return max(t for path, t in hits if path in ("/a", "/b")) - robots


def test_a_scan_spaces_its_page_loads_as_robots_txt_asks():
    hits: list = []
    warnings: list[str] = []

    async def run(base):
        options = ScanOptions(checks=False, sitemap=False, timeout=30)
        async with Scanner([base + "/"], options, on_warning=warnings.append) as scanner:
            return await scanner.run()

    with site(timed_site("1", hits)) as base:
        results = asyncio.run(run(base))
    assert sorted(p.url.removeprefix(base) for p in results.pages if p.status == "scanned") == ["/", "/a", "/b"]
    assert spread_after_robots(hits) >= 2 * 1.0  # the page loads of /, /a and /b: three turns
    assert warnings == [f"robots.txt {base}/robots.txt: Crawl-delay 1 s: requests to {base} are sent 1 s apart "
                        "(not with --ignore-robots)"]


def test_a_crawl_spaces_its_fetches_too():
    hits: list = []
    with site(timed_site("0.5", hits)) as base:
        frontier = Frontier([base + "/"], use_sitemaps=False)
        result = asyncio.run(Crawler(frontier, timeout=30).run())
    assert result.urls() == [base + p for p in ("/", "/a", "/b")]
    assert spread_after_robots(hits) >= 2 * 0.5


def prepared(base: str, **kwargs) -> Frontier:
    frontier = Frontier([base + "/"], **kwargs)
    asyncio.run(frontier.prepare())
    return frontier


def test_a_delay_longer_than_a_scan_waits_is_capped_with_a_warning():
    with site(timed_site("3600", [])) as base:
        frontier = prepared(base, use_sitemaps=False)
    assert frontier.politeness._spacing == {base: MAX_CRAWL_DELAY}
    assert f"robots.txt {base}/robots.txt: Crawl-delay 3600 s is longer than a scan waits; requests to {base} " \
           "are sent 30 s apart" in frontier.warnings


def test_ignore_robots_ignores_crawl_delay_too():
    hits: list = []
    with site(timed_site("3600", hits)) as base:
        frontier = prepared(base, respect_robots=False)  # robots.txt read all the same, for its sitemaps
    assert "/robots.txt" in [path for path, _ in hits]
    assert frontier.politeness._spacing == {} and not any("Crawl-delay" in w for w in frontier.warnings)
