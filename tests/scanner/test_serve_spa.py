"""A built single-page app served from its folder: with the history fallback (--spa-fallback, as
`serve -s`) every route is answered with the app's index.html, so each route's view is audited;
without it, routes give 404, and the scan says once that this may be why (serve.py)."""
from __future__ import annotations

import asyncio
import contextlib
import urllib.error
import urllib.request

import pytest

from a11y.scan import Scanner, ScanOptions
from a11y.serve import is_script_shell, serve_folder
from a11y.targets import resolve
from tests.support import read_results, run_a11y

SHELL = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Agency</title></head>'
         '<body><div id="root"></div><noscript>You need to enable JavaScript to run this app.</noscript>'
         '<script src="/assets/app.js"></script></body></html>')
# The app's router: a view for each path, rendered as the script runs.
APP = """const views = {
  '/': ['Home', '<h1>Home</h1><a href="/search">Search</a> <a href="/records/102">Record 102</a>'],
  '/search': ['Search', '<h1>Search</h1><label>Terms <input type="search"></label>'],
  '/records/102': ['Record 102', '<h1>Record 102</h1><p>Filed in May.</p>'],
};
const [title, html] = views[location.pathname] || ['Page not found', '<h1>Page not found</h1>'];
document.title = title + ' | Agency';
document.getElementById('root').innerHTML = '<main>' + html + '</main>';
"""
HINT = "2 links gave 404: if this is a single-page app, try --spa-fallback"


@pytest.fixture
def dist(tmp_path):
    """A built app: index.html, its script, a static page and a folder of its own."""
    folder = tmp_path / "dist"
    (folder / "assets").mkdir(parents=True)
    (folder / "index.html").write_text(SHELL, encoding="utf-8")
    (folder / "assets" / "app.js").write_text(APP, encoding="utf-8")
    (folder / "about.html").write_text("<!doctype html><title>About</title><p>About us.</p>", encoding="utf-8")
    (folder / "docs").mkdir()
    (folder / "docs" / "index.html").write_text("<!doctype html><title>Docs</title><p>Docs.</p>", encoding="utf-8")
    return folder


def get(url: str, dest: str | None = "document") -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Sec-Fetch-Dest": dest} if dest else {})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, ""


def test_the_fallback_answers_the_app_for_routes_and_404_for_missing_files(dist):
    with serve_folder(dist, spa_fallback=True) as served:
        for route in ("search", "records/102", "records/102/", "search?q=tax", "nowhere/"):
            assert get(served.base + route) == (200, SHELL), route
        assert get(served.base + "about.html")[1].endswith("About us.</p>")  # a file is itself
        assert get(served.base + "docs/")[1].endswith("Docs.</p>")  # a folder's own index page
        assert get(served.base)[1] == SHELL
        for missing in ("assets/missing.js", "data/items.json", "favicon.ico"):
            assert get(served.base + missing)[0] == 404, missing  # a file's name: not a route
        assert served.spa_hint() is None


def test_without_the_fallback_routes_give_404_and_the_hint_counts_links_only(dist):
    with serve_folder(dist) as served:
        assert get(served.base + "search")[0] == 404
        assert served.spa_hint() is None  # one link that leads nowhere can be a typo
        assert get(served.base + "records/102", dest=None)[0] == 404  # a crawl's request: a link too
        get(served.base + "search")  # the same link again
        get(served.base + "api/items", dest="empty")  # the app's own fetch(): no link
        get(served.base + "img/logo", dest="image")
        get(served.base + "gone.html")  # a broken link to a page, not a route
    assert served.missed == {"/search", "/records/102"}
    assert served.spa_hint() == f"{HINT} (dist/index.html is a page its scripts fill in)"


def test_the_hint_is_given_only_for_an_index_page_that_scripts_fill_in(dist):
    with serve_folder(dist) as served:
        get(served.base + "search")
        get(served.base + "records/102")
    assert served.spa_hint().startswith(HINT)
    (dist / "index.html").write_text("<!doctype html><title>Agency</title><script src='/assets/app.js'></script>"
                                     + "<p>Our agency helps people file their claims on time.</p>" * 5,
                                     encoding="utf-8")
    assert not is_script_shell(dist / "index.html")
    assert served.spa_hint() is None  # a page with its own content: two broken links, no app
    (dist / "index.html").write_text("<!doctype html><title>Agency</title><p>Welcome.</p>", encoding="utf-8")
    assert not is_script_shell(dist / "index.html")  # little text, but no script to write more


def scan_folder(folder, spa_fallback: bool):
    """Scan the folder as `a11y scan FOLDER` does (targets.resolve), with real Chromium; the
    results, and the warnings the served folder gives afterwards."""
    async def run(seeds):
        options = ScanOptions(rules=["label"], checks=False, sitemap=False, robots=False, timeout=30)
        async with Scanner(seeds, options) as scanner:
            return await scanner.run()

    with contextlib.ExitStack() as stack:
        resolved = resolve([str(folder)], stack, spa_fallback=spa_fallback)
        base = resolved.roots[0].base
        results = asyncio.run(run(resolved.seeds))
    return base, results, resolved.spa_hints()


def test_with_the_fallback_each_route_is_found_and_audited_at_its_own_view(dist):
    """The routes are found from the home view's links; each is a page though all are the same
    bytes (pagework.py compares what pages show, rendered)."""
    base, results, hints = scan_folder(dist, True)
    pages = {p.url: p for p in results.pages}
    assert sorted(pages) == [base, base + "records/102", base + "search"]
    assert [(pages[base + r].http_status, pages[base + r].title) for r in ("", "search", "records/102")] == [
        (200, "Home | Agency"), (200, "Search | Agency"), (200, "Record 102 | Agency")]
    assert all(not p.violations for p in pages.values())  # the search field has its label
    assert hints == []


def test_without_the_fallback_the_scan_says_once_why_routes_may_give_404(dist):
    base, results, hints = scan_folder(dist, False)
    statuses = {p.url: p.http_status for p in results.pages}
    assert statuses == {base: 200, base + "search": 404, base + "records/102": 404}
    assert hints == [f"{HINT} (dist/index.html is a page its scripts fill in)"]


@pytest.mark.parametrize("fallback", [False, True])
def test_the_command_line_offers_the_fallback_and_says_when_it_may_be_wanted(dist, tmp_path, fallback):
    out = tmp_path / "out"
    args = ["scan", dist, "--checks", "none", "--rules", "label", "--format", "json", "--out", out]
    proc = run_a11y(*args, *(["--spa-fallback"] if fallback else []))
    assert proc.returncode == 0, proc.stderr
    statuses = sorted(p["http_status"] for p in read_results(out)["pages"] if p["status"] == "scanned")
    if fallback:
        assert statuses == [200, 200, 200] and HINT not in proc.stderr
    else:
        assert statuses == [200, 404, 404] and proc.stderr.count(HINT) == 1
