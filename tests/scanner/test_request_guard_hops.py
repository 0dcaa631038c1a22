"""The request guard asks about every redirect hop as the browser is about to send it (the page's
own DevTools session, browser.add_site_headers), and the browser sends each request once: a page's
resources and frames that redirect, not only the page itself. A frame in a process of its own
(site isolation) is not seen by that session: its redirects are still asked about, hop by hop.

The guard is the desk's decision (desk/scans/hosts.py decide) given the addresses each host
"resolves" to: 127.0.0.2 resolves to a private address, so it is refused and never contacted;
127.0.0.3 to a listed one. Loopback only."""
import asyncio
import contextlib
from urllib.parse import urlsplit

import pytest

from a11y.browser import Chromium, _in_a_process_of_its_own
from desk.scans.hosts import AllowList, decide

from . import test_request_guard as guarded
from .siteserver import counted, page, redirect, site

pytestmark = pytest.mark.browser

ALLOW = AllowList.parse("127.0.0.1")
RESOLVED = {"127.0.0.1": ["127.0.0.1"], "127.0.0.2": ["10.20.30.40"], "127.0.0.3": ["127.0.0.1"]}  # never looked up
REFUSED = "127.0.0.2 resolves to 10.20.30.40, a private, loopback or link-local address not listed in DESK_SCAN_HOSTS"


class Recording:
    """The guard, remembering what it was asked (url, top level)."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, bool]] = []

    async def __call__(self, url: str, top: bool) -> str | None:
        self.asked.append((url, top))
        return decide(url, RESOLVED[urlsplit(url).hostname], ALLOW, check_host=top)


def scan(url: str, guard: Recording, warnings: list[str], monkeypatch):
    """test_request_guard's scan (no checks, depth 0), through this recording guard."""
    monkeypatch.setattr(guarded, "guard", guard)
    return guarded.scan(url, warnings)


def picture(h) -> None:
    h._send(200, b"GIF89a", "image/gif")


def test_a_resource_and_a_frame_that_redirect_are_each_sent_once_and_every_hop_asked_about(monkeypatch):
    hits: list[str] = []
    routes = {"/": page("Home", '<img src="/r1" alt="A map"><iframe title="Map" src="/f1"></iframe>'),
              "/r1": redirect("/r2"), "/r2": redirect("/map.gif"), "/map.gif": picture,
              "/f1": redirect("/f2"), "/f2": page("Frame", '<img src="/fr" alt="Key">'),
              "/fr": redirect("/key.gif"), "/key.gif": picture}
    with site({path: counted(hits, route) for path, route in routes.items()}) as base:
        guard, warnings = Recording(), []
        results = scan(base + "/", guard, warnings, monkeypatch)
    [home] = [p for p in results.pages if p.url == base + "/"]  # its frame's address is skipped (depth)
    assert home.status == "scanned"
    assert warnings == []
    assert sorted(hits) == sorted(routes), hits  # each once
    asked = {url for url, _ in guard.asked}
    assert {base + path for path in routes} <= asked, guard.asked
    assert (base + "/", True) in guard.asked and (base + "/r2", False) in guard.asked
    assert (base + "/f2", False) in guard.asked  # a frame's document is not the page's navigation


def test_a_hop_of_a_resource_or_a_frame_to_a_refused_address_is_refused_and_said(monkeypatch):
    other_hits: list[str] = []
    with site({"/x.gif": counted(other_hits, picture), "/": counted(other_hits, page("Elsewhere"))},
              host="127.0.0.2") as other:
        routes = {"/": page("Home", '<img src="/r" alt="A map"><iframe title="Map" src="/f"></iframe>'),
                  "/r": redirect(other + "/x.gif"), "/f": redirect(other + "/")}
        with site(routes) as base:
            guard, warnings = Recording(), []
            results = scan(base + "/", guard, warnings, monkeypatch)
    [home] = [p for p in results.pages if p.url == base + "/"]
    assert home.status == "scanned"  # only what the page uses was refused
    assert other_hits == []
    [warning] = warnings
    assert warning.startswith(f"{base}/: the request guard refused 2 request(s) the page made"), warning
    assert warning.endswith(f": {REFUSED}"), warning
    assert {(other + "/x.gif", False), (other + "/", False)} <= set(guard.asked), guard.asked


@contextlib.asynccontextmanager
async def isolated_tab(guard, monkeypatch):
    """A tab in a Chromium that puts every site's frames in a process of their own."""
    monkeypatch.setenv("A11Y_CHROMIUM_ARGS", "--site-per-process")
    chromium = Chromium()
    await chromium.start()
    try:
        tab = await chromium.open_tab(timeout=30, guard=guard)
        try:
            yield tab
        finally:
            await tab.close()
    finally:
        await chromium.stop()


def test_a_frame_in_a_process_of_its_own_still_has_each_hop_asked_about(monkeypatch):
    """A frame of another site (127.0.0.3) under site isolation: its image redirects to a refused
    address. Its page's session does not see the frame's requests; the hop is refused all the same."""
    other_hits: list[str] = []
    with site({"/x.gif": counted(other_hits, picture)}, host="127.0.0.2") as other:
        frame_routes = {"/frame": page("Frame", '<img src="/r" alt="Key">'), "/r": redirect(other + "/x.gif")}
        with site(frame_routes, host="127.0.0.3") as framed:
            with site({"/": page("Home", f'<iframe title="Map" src="{framed}/frame"></iframe>')}) as base:
                guard = Recording()

                async def go():
                    async with isolated_tab(guard, monkeypatch) as tab:
                        await tab.page.goto(base + "/", wait_until="load")
                        [frame] = [f for f in tab.page.frames if f.url == framed + "/frame"]
                        return await _in_a_process_of_its_own(frame), list(tab.refused)
                isolated, refused = asyncio.run(go())
    assert isolated  # what this test is about: the frame is not in its page's process
    assert other_hits == []
    assert (other + "/x.gif", False) in guard.asked, guard.asked
    assert [(r.url, r.top_level, r.reason) for r in refused] == [(other + "/x.gif", False, REFUSED)]
