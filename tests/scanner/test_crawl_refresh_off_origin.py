"""`a11y crawl` follows a zero-delay meta refresh as the redirect a browser makes of it
(discovery/crawl.py): the page is listed where it lands, and a discovered page whose refresh
goes to another site is left out with the scan's off-origin reason, that site never fetched."""
import asyncio

from a11y.discovery import Frontier
from a11y.discovery.crawl import Crawler
from a11y.scan import Scanner, ScanOptions

from .siteserver import counted, garbled, page, site


def refresh(to: str):
    """A page that sends the browser on at once, with a link no browser reads (it has left)."""
    return page("Moving", f'<meta http-equiv="refresh" content="0;url={to}"><a href="/from-refresh">x</a>')


def crawl(seed: str):
    frontier = Frontier([seed], use_sitemaps=False, respect_robots=False)
    return asyncio.run(Crawler(frontier, timeout=30).run())


def scanned(seed: str) -> set[str]:
    async def run():
        options = ScanOptions(checks=False, sitemap=False, robots=False, timeout=30)
        async with Scanner([seed], options) as scanner:
            return await scanner.run()
    return {p.final_url or p.url for p in asyncio.run(run()).pages if p.status == "scanned"}


def test_a_page_refreshing_to_another_site_is_left_out_as_a_scan_leaves_it_out():
    other_hits: list[str] = []
    with site({"/refreshed": counted(other_hits, page("Elsewhere"))}, host="127.0.0.2") as other:
        routes = {
            "/": page("Home", '<a href="/refresh">Away</a> <a href="/moved">Here</a> <a href="/later">Later</a>'),
            "/refresh": refresh(f"{other}/refreshed"),
            "/moved": refresh("/target"),  # same site: listed where it lands
            "/target": page("Target", '<a href="/from-target">On</a>'),
            "/from-target": page("From target"),
            "/from-refresh": page("Only linked from refreshing pages"),
            "/later": page("Later", '<meta http-equiv="refresh" content="5;url=/target">'),  # no redirect
        }
        with site(routes) as base:
            result = crawl(base + "/")
            crawl_hits = list(other_hits)
            audited = scanned(base + "/")  # (the browser does follow the refresh, then skips the page)
    listed = result.urls()
    assert listed == [base + p for p in ("/", "/later", "/target", "/from-target")]
    assert f"{base}/refresh: off-origin: redirected to {other}/refreshed; left out" in result.notes
    assert crawl_hits == []  # the crawl asks the other site for nothing
    # A browser never reads the links of a page it leaves at once; a delayed refresh is a page of its own.
    assert base + "/from-refresh" not in listed
    assert set(listed) == audited


def test_a_seed_refreshing_is_listed_where_it_lands():
    with site({"/": refresh("/home"), "/home": page("Home", '<a href="/a">A</a>'), "/a": page("A")}) as base:
        result = crawl(base + "/")
    assert result.urls() == [base + "/home", base + "/a"]
    assert result.complete and not result.problems


def test_a_refresh_to_an_address_that_does_not_answer_is_a_problem_named_with_it():
    routes = {"/": page("Home", '<a href="/gone">Gone</a>'), "/gone": refresh("/broken"), "/broken": garbled}
    with site(routes) as base:
        result = crawl(base + "/")
    # Listed all the same, as a page that cannot be fetched is: the scan of the list reports it.
    assert result.urls() == [base + "/", base + "/gone"]
    assert not result.complete
    [problem] = result.problems
    assert problem.startswith(f"page {base}/gone could not be fetched (")
    assert f", at {base}/broken, where its zero-delay meta refresh leads)" in problem
