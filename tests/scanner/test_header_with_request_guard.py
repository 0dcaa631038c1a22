"""--header values under a request guard (the desk's scans carry both): the guard still decides
every request and redirect hop, and the values still reach the site's own requests only.

Origin A (127.0.0.1) is scanned, with the guard allowing it; origin B (127.0.0.2) "resolves" to
a private address, so the guard refuses it (desk/scans/hosts.py decide) and it is never contacted."""
import asyncio
from urllib.parse import urlsplit

import pytest

from a11y.scan import Scanner, ScanOptions
from desk.scans.hosts import AllowList, decide

from .siteserver import PAGE, page, redirect, site

pytestmark = pytest.mark.browser

TOKEN = "SEKRET-HDR-2"
ALLOW = AllowList.parse("127.0.0.1")
RESOLVED = {"127.0.0.1": ["127.0.0.1"], "127.0.0.2": ["10.20.30.40"]}  # given, never looked up


async def guard(url: str, top: bool) -> str | None:
    return decide(url, RESOLVED[urlsplit(url).hostname], ALLOW, check_host=top)


def recorded(log: list, routes: dict) -> dict:
    def recording(path, route):
        def handle(h):
            log.append((path, h.headers.get("X-Token"), "Chrome" in (h.headers.get("User-Agent") or "")))
            route(h)
        return handle
    return {path: recording(path, route) for path, route in routes.items()}


def scan(url: str, warnings: list[str]):
    async def go():
        options = ScanOptions(checks=False, depth=0, sitemap=False, robots=False, timeout=30, concurrency=1,
                              headers={"X-Token": TOKEN}, request_guard=guard)
        async with Scanner([url], options, on_warning=warnings.append) as scanner:
            return await scanner.run()
    return asyncio.run(go())


def test_the_guard_decides_and_the_values_reach_the_site():
    """The page, its redirect hop and its image on A carry the value; B's image is refused."""
    a_log, b_log = [], []
    with site(recorded(b_log, {"/x.png": page("never")}), host="127.0.0.2") as b:
        here = page("Here", f'<img src="/me.png" alt="Me"><img src="{b}/x.png" alt="B">')
        a_routes = {"/a1": redirect("/a2"), "/a2": here, "/me.png": lambda h: h._send(200, b"GIF89a", "image/gif")}
        with site(recorded(a_log, a_routes)) as a:
            warnings: list[str] = []
            results = scan(a + "/a1", warnings)
    assert [p.status for p in results.pages] == ["scanned"]
    assert b_log == []
    assert [value for _, value, _ in a_log] == [TOKEN] * len(a_log), a_log
    assert [path for path, _, _ in a_log].count("/a1") == 1, a_log
    assert {"/a2", "/me.png"} <= {path for path, _, _ in a_log}, a_log
    assert any(f"{b}/x.png" in w for w in warnings), warnings


def test_the_guard_sees_the_chain_the_browser_will_follow_behind_a_gate():
    """A staging gate: /a2 answers 403 without the value, and with it redirects to B, which the
    guard refuses. The guard asks for /a2 with the value as the browser will, so it sees the
    redirect to B and refuses it, and B is never contacted."""
    a_log, b_log = [], []
    with site(recorded(b_log, {"/": page("Elsewhere")}), host="127.0.0.2") as b:
        def gate(h):
            if h.headers.get("X-Token") == TOKEN:
                redirect(b + "/")(h)
            else:
                h._send(403, page_body("Forbidden"))
        with site(recorded(a_log, {"/a1": redirect("/a2"), "/a2": gate})) as a:
            warnings: list[str] = []
            results = scan(a + "/a1", warnings)
    [moved] = results.pages
    assert moved.status == "error"
    assert f"the scan's request guard refused {b}/:" in moved.reason, moved.reason
    assert b_log == []
    assert [value for _, value, _ in a_log] == [TOKEN] * len(a_log), a_log


def page_body(title: str) -> str:
    return PAGE.format(title=title, body="<p>No.</p>")
