"""A scan with a request guard (ScanOptions.request_guard; the desk's scans use one) says what it
refused and why: a page refused (or a redirect it took) is an error naming the address and the
guard's reason, not a bare "blocked"; resources refused of a page audited are said in a warning.

The guard here is the desk's decision (desk/scans/hosts.py decide) given the addresses each host
"resolves" to: 127.0.0.2 is made to resolve to a private address, so the guard refuses it by the
private-address rule, and nothing outside 127.0.0.0/8 is ever contacted (nor 127.0.0.2: refused)."""
import asyncio
from urllib.parse import urlsplit

import pytest

from a11y.browser import MAX_REFUSALS
from a11y.engines.base import Engine
from a11y.scan import Scanner, ScanOptions
from desk.scans.hosts import AllowList, decide

from .siteserver import counted, page, redirect, site

pytestmark = pytest.mark.browser

ALLOW = AllowList.parse("127.0.0.1")
RESOLVED = {"127.0.0.1": ["127.0.0.1"], "127.0.0.2": ["10.20.30.40"]}  # given, never looked up


async def guard(url: str, top: bool) -> str | None:
    return decide(url, RESOLVED[urlsplit(url).hostname], ALLOW, check_host=top)


def scan(url: str, warnings: list[str]):
    async def go():
        options = ScanOptions(checks=False, depth=0, sitemap=False, robots=False, timeout=30, concurrency=1,
                              request_guard=guard)
        async with Scanner([url], options, on_warning=warnings.append) as scanner:
            return await scanner.run()
    return asyncio.run(go())


def test_a_resource_refused_is_named_with_the_guards_reason():
    hits: list = []
    with site({"/x.png": counted(hits, page("never"))}, host="127.0.0.2") as other:
        picture = f"{other}/x.png"
        with site({"/": page("Home", f'<img src="{picture}" alt="A map">')}) as base:
            warnings: list[str] = []
            results = scan(base + "/", warnings)
    assert [p.status for p in results.pages] == ["scanned"]
    assert warnings == [f"{base}/: the request guard refused 1 request(s) the page made, so it was audited "
                        f"without them: {picture}: 127.0.0.2 resolves to 10.20.30.40, a private, loopback or "
                        "link-local address not listed in DESK_SCAN_HOSTS"]
    assert hits == []


def test_a_redirect_refused_is_the_pages_error_with_the_address_and_the_reason():
    hits: list = []
    with site({"/": counted(hits, page("Elsewhere"))}, host="127.0.0.2") as other:
        with site({"/moved": redirect(other + "/")}) as base:
            warnings: list[str] = []
            results = scan(base + "/moved", warnings)
    [moved] = results.pages
    assert moved.status == "error"
    assert moved.reason == (f"navigation failed: the scan's request guard refused {other}/: 127.0.0.2 is not one "
                            "of the sites listed for scanning (DESK_SCAN_HOSTS) (err_blocked_by_client)")
    assert hits == []


# A page with two links of one name: link-same-name-same-purpose loads both destinations in a copy
# of the page (a tab of its own in the page's context), and /elsewhere redirects to 127.0.0.2,
# which the guard refuses there. The page itself loaded: that refusal is the check's, not the page's.
def _same_names(other: str) -> dict:
    return {"/": page("Home", '<p><a href="/here">Read more</a> <a href="/elsewhere">Read more</a></p>'),
            "/here": page("Here"), "/elsewhere": redirect(other + "/")}


class _Fails(Engine):
    """An engine that fails on every page, after the checks: the page fails for a reason of its own."""

    name = "fails"
    version = "0"

    async def run(self, target):
        raise RuntimeError("the test's engine failed")


def scan_same_names(url: str, warnings: list[str], fail: bool = False):
    async def go():
        options = ScanOptions(rules=["link-same-name-same-purpose"], depth=0, sitemap=False, robots=False,
                              timeout=30, concurrency=1, request_guard=guard)
        async with Scanner([url], options, on_warning=warnings.append) as scanner:
            if fail:
                scanner.engines.append(_Fails())
            return await scanner.run()
    return asyncio.run(go())


def test_a_refusal_in_a_checks_copy_of_a_page_is_the_checks_not_the_pages():
    hits: list = []
    with site({"/": counted(hits, page("Elsewhere"))}, host="127.0.0.2") as other:
        with site(_same_names(other)) as base:
            warnings: list[str] = []
            results = scan_same_names(base + "/", warnings)
    [home] = [p for p in results.pages if p.url == base + "/"]  # its links are skipped (depth)
    assert home.status == "scanned"
    assert warnings == []  # nothing of the page itself was refused
    # The check names the destination it could not load, for review.
    [review] = [r for r in home.incomplete if r.rule == "link-same-name-same-purpose"]
    assert f"{base}/elsewhere: it could not be loaded (net::ERR_BLOCKED_BY_CLIENT)" in review.nodes[0].summary
    assert hits == []


def test_a_page_that_fails_after_a_checks_copy_was_refused_fails_for_its_own_reason():
    hits: list = []
    with site({"/": counted(hits, page("Elsewhere"))}, host="127.0.0.2") as other:
        with site(_same_names(other)) as base:
            warnings: list[str] = []
            results = scan_same_names(base + "/", warnings, fail=True)
    [home] = [p for p in results.pages if p.url == base + "/"]
    # Not "navigation failed: the scan's request guard refused ...", and tried again as any failure is.
    assert (home.status, home.reason) == ("error", "error: the test's engine failed")
    assert hits == []


def test_every_resource_refused_is_counted_past_those_kept():
    pictures = "".join(f'<img src="{{other}}/{i}.png" alt="Map {i}">' for i in range(MAX_REFUSALS + 150))
    with site({}, host="127.0.0.2") as other:
        with site({"/": page("Maps", pictures.format(other=other))}) as base:
            warnings: list[str] = []
            results = scan(base + "/", warnings)
    assert [p.status for p in results.pages] == ["scanned"]
    assert warnings == [f"{base}/: the request guard refused {MAX_REFUSALS + 150} request(s) the page made, so it "
                        f"was audited without them: {other}/0.png (and {MAX_REFUSALS + 149} more): 127.0.0.2 "
                        "resolves to 10.20.30.40, a private, loopback or link-local address not listed in "
                        "DESK_SCAN_HOSTS"]
