"""Discovery: URL normalisation, robots.txt, sitemaps, scope, depth and limits.

Real HTTP servers on 127.0.0.1 serve the fixture sites in tests/fixtures/crawl/
(with {{origin}} replaced by the server's own origin), plus routes for
redirects, errors and hostile content.
"""
from __future__ import annotations

import asyncio
import contextlib
import gzip
import http.server
import socket
import threading
from pathlib import Path

import pytest

from a11y.discovery import Frontier, PageJob, normalize_url, origin_of

FIXTURES = Path(__file__).parent.parent / "fixtures" / "crawl"


# --------------------------------------------------------------------------- server
class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        pass  # clients hang up on purpose (size caps): not a test failure


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format, *args):  # noqa: A002
        pass

    def do_GET(self):  # noqa: N802
        site = self.server.site
        site.requests.append((self.path, dict(self.headers)))
        path = self.path.split("?", 1)[0]
        route = site.routes.get(path)
        if route is not None:
            status, headers, body = route(site) if callable(route) else route
            return self._send(status, headers, body)
        if site.root is None:
            return self._send(404, {}, b"not found")
        file = (site.root / path.lstrip("/")).resolve()
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file() or site.root not in file.parents:
            return self._send(404, {"Content-Type": "text/html"}, b"<p>not found</p>")
        data = file.read_bytes()
        if file.suffix == ".gz":
            data = gzip.compress(gzip.decompress(data).replace(b"{{origin}}", site.origin.encode()))
            ctype = "application/gzip"
        else:
            data = data.replace(b"{{origin}}", site.origin.encode())
            ctype = {".xml": "application/xml", ".txt": "text/plain"}.get(file.suffix, "text/html")
        self._send(200, {"Content-Type": ctype}, data)

    def _send(self, status, headers, body):
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if isinstance(body, bytes):
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.end_headers()  # HTTP/1.0: the body ends when the connection closes
        for chunk in body:
            self.wfile.write(chunk)
            self.wfile.flush()


class Site:
    def __init__(self, root: Path | None, routes: dict | None = None):
        self.root = root.resolve() if root else None
        self.routes = routes or {}
        self.requests: list[tuple[str, dict]] = []
        self.origin = ""

    def url(self, path: str = "/") -> str:
        return self.origin + path


@pytest.fixture
def site_server():
    """site_server(folder or None, routes={path: (status, headers, body) | callable}) -> Site."""
    servers = []

    def start(root=None, routes=None) -> Site:
        site = Site(Path(root) if root else None, routes)
        server = _Server(("127.0.0.1", 0), _Handler)
        server.site = site
        site.origin = f"http://127.0.0.1:{server.server_address[1]}"
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(server)
        return site

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def redirect(location: str):
    return lambda site: (302, {"Location": location}, b"")


def drain(frontier: Frontier) -> list[PageJob]:
    """Take every job, claiming each at its own URL (no redirects, no links)."""
    jobs = []
    while (job := frontier.next_job()) is not None:
        frontier.claim_final(job, job.url)
        jobs.append(job)
    return jobs


def reasons(frontier: Frontier) -> dict[str, str]:
    return {s.url: s.reason for s in frontier.skipped}


def closed_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ------------------------------------------------------------------ normalize_url
@pytest.mark.parametrize(
    ("url", "base", "expected"),
    [
        ("http://example.com/a#section", None, "http://example.com/a"),
        ("http://example.com/a#", None, "http://example.com/a"),
        ("HTTP://Example.COM/Path", None, "http://example.com/Path"),
        ("http://example.com", None, "http://example.com/"),
        ("http://example.com:80/x", None, "http://example.com/x"),
        ("https://example.com:443/x", None, "https://example.com/x"),
        ("https://example.com:8443/x", None, "https://example.com:8443/x"),
        ("http://example.com:443/x", None, "http://example.com:443/x"),
        ("http://example.com/?utm_source=a&id=1&utm_medium=b&z=2", None, "http://example.com/?id=1&z=2"),
        ("http://example.com/?UTM_Campaign=x", None, "http://example.com/"),
        ("http://example.com/?b=2&a=1", None, "http://example.com/?b=2&a=1"),
        ("http://example.com/?flag&x=", None, "http://example.com/?flag&x="),
        ("about.html", "http://example.com/dir/index.html", "http://example.com/dir/about.html"),
        ("../up.html", "http://example.com/dir/sub/", "http://example.com/dir/up.html"),
        ("/root?q=1#frag", "https://example.com/dir/", "https://example.com/root?q=1"),
        ("//cdn.example.org/x", "https://example.com/", "https://cdn.example.org/x"),
        ("?page=2", "http://example.com/list", "http://example.com/list?page=2"),
        ("#top", "http://example.com/page", "http://example.com/page"),
        ("http://example.com/a/./b/../c", None, "http://example.com/a/c"),
        ("  http://example.com/a b\n", None, "http://example.com/a%20b"),
        ("http://example.com/caf%C3%A9", None, "http://example.com/caf%C3%A9"),
        ("http://example.com/café", None, "http://example.com/caf%C3%A9"),
        ("http://[::1]:8080/", None, "http://[::1]:8080/"),
        ("http://bücher.example/", None, "http://xn--bcher-kva.example/"),
        ("javascript:alert(1)", "http://example.com/", None),
        ("JavaScript:void(0)", None, None),
        ("mailto:someone@example.com", "http://example.com/", None),
        ("tel:+15555550100", None, None),
        ("data:text/html,<p>hi</p>", None, None),
        ("ftp://example.com/file", None, None),
        ("file:///etc/passwd", None, None),
        ("http://example.com:99999/", None, None),
        ("http:///nohost", None, None),
        ("", None, None),
        ("http://example.com/" + "a" * 10000, None, None),
    ],
)
def test_normalize_url(url, base, expected):
    assert normalize_url(url, base) == expected


def test_normalize_url_is_idempotent():
    for url in ["http://Example.com:80/a/../b?utm_x=1&k=v#f", "https://x.org/caf%C3%A9?q=a%20b"]:
        once = normalize_url(url)
        assert normalize_url(once) == once


def test_origin_of():
    assert origin_of("HTTPS://Example.com:443/x?y") == "https://example.com"
    assert origin_of("http://127.0.0.1:8123/a") == "http://127.0.0.1:8123"
    assert origin_of("mailto:x@y") is None


# ------------------------------------------------------------- scope, depth, limits
def test_seed_is_the_first_job_and_duplicates_are_ignored():
    f = Frontier(["http://example.com/", "http://EXAMPLE.com:80/#x"], use_sitemaps=False)
    assert f.pending == 1
    job = f.next_job()
    assert job == PageJob("http://example.com/", 0, None)
    assert f.next_job() is None
    assert f.pending == 0 and f.skipped == []


def test_off_origin_and_non_web_links_are_ignored_silently():
    f = Frontier(["http://example.com/"])
    seed = f.next_job()
    for link in [
        "http://other.example/page",
        "https://example.com/secure",  # another scheme is another origin
        "http://example.com:8080/port",
        "mailto:a@b.c",
        "javascript:void(0)",
        "/same.html",
        "same.html#frag",  # duplicate of the above once normalised
    ]:
        f.add(link, 1, seed.url)
    assert [j.url for j in drain(f)] == ["http://example.com/same.html"]
    assert f.skipped == []


def test_breadth_first_order():
    f = Frontier(["http://example.com/"])
    seed = f.next_job()
    f.add("/a", 1, seed.url)
    f.add("/b", 1, seed.url)
    a = f.next_job()
    f.add("/a/deep", 2, a.url)
    f.add("/c", 1, seed.url)  # found late, but shallower than /a/deep
    assert [(j.url.rsplit("/", 1)[-1], j.depth) for j in drain(f)] == [("b", 1), ("c", 1), ("deep", 2)]


def test_depth_zero_scans_only_the_seeds_and_records_depth_skips():
    f = Frontier(["http://example.com/"], max_depth=0)
    seed = f.next_job()
    f.add("/a", 1, seed.url)
    f.add("/a", 1, seed.url)  # recorded once
    assert f.next_job() is None
    assert f.skipped == [
        type(f.skipped[0])("http://example.com/a", "depth: beyond --depth 0", 1, "http://example.com/")
    ]


def test_depth_limit():
    f = Frontier(["http://example.com/"], max_depth=1)
    seed = f.next_job()
    f.add("/one", 1, seed.url)
    one = f.next_job()
    f.add("/two", 2, one.url)
    assert f.next_job() is None
    assert reasons(f) == {"http://example.com/two": "depth: beyond --depth 1"}


def test_max_pages_counts_seeds_and_records_the_rest():
    f = Frontier(["http://example.com/"], max_pages=3)
    seed = f.next_job()
    for i in range(5):
        f.add(f"/p{i}", 1, seed.url)
    jobs = drain(f)
    assert [j.url for j in jobs] == ["http://example.com/p0", "http://example.com/p1"]
    f.add("/late", 1, seed.url)
    assert f.next_job() is None
    assert reasons(f) == {
        f"http://example.com/{p}": "limit: --max-pages 3 reached" for p in ["p2", "p3", "p4", "late"]
    }
    assert f.pending == 0


def test_more_seeds_than_max_pages():
    f = Frontier([f"http://example.com/{i}" for i in range(4)], max_pages=2)
    assert len(drain(f)) == 2
    assert sorted(reasons(f).values()) == ["limit: --max-pages 2 reached"] * 2


def test_skipped_list_is_capped():
    from a11y.discovery import MAX_SKIPPED

    f = Frontier(["http://example.com/"], max_depth=0)
    seed = f.next_job()
    for i in range(MAX_SKIPPED + 25):
        f.add(f"/p{i}", 1, seed.url)
    assert len(f.skipped) == MAX_SKIPPED
    assert f.skipped_dropped == 25


def test_include_and_exclude_match_full_url_and_path():
    f = Frontier(
        ["http://example.com/"],
        include=["/docs/*", "*/guides/*"],
        exclude=["*/admin/*", "*.pdf", "*?print=1"],
    )
    seed = f.next_job()
    assert seed.url == "http://example.com/"  # the seed is not subject to --include
    for link in [
        "/docs/a.html",
        "/guides/b.html",
        "/docs/admin/users",
        "/docs/report.pdf",
        "/docs/a.html?print=1",
        "/blog/post",
    ]:
        f.add(link, 1, seed.url)
    assert [j.url for j in drain(f)] == ["http://example.com/docs/a.html", "http://example.com/guides/b.html"]
    assert reasons(f) == {
        "http://example.com/docs/admin/users": "excluded: matches --exclude */admin/*",
        "http://example.com/docs/report.pdf": "excluded: matches --exclude *.pdf",
        "http://example.com/docs/a.html?print=1": "excluded: matches --exclude *?print=1",
        "http://example.com/blog/post": "not-included: matches no --include pattern",
    }
    assert f.is_in_scope("http://example.com/docs/x")
    assert not f.is_in_scope("http://example.com/blog/x")
    assert not f.is_in_scope("http://example.com/admin/x")
    assert not f.is_in_scope("http://other.example/docs/x")


def test_exclude_and_include_never_drop_a_seed():
    f = Frontier(["http://example.com/", "http://example.com/admin/"], exclude=["/admin/*", "/"],
                 include=["/docs/*"])
    seeds = drain(f)
    assert [j.url for j in seeds] == ["http://example.com/", "http://example.com/admin/"]
    assert reasons(f) == {}
    # Links found on them are still filtered.
    f.add("/admin/users", 1, seeds[0].url)
    f.add("/docs/a", 1, seeds[0].url)
    assert [j.url for j in drain(f)] == ["http://example.com/docs/a"]
    assert reasons(f) == {"http://example.com/admin/users": "excluded: matches --exclude /admin/*"}


def test_invalid_seed_is_skipped_with_a_warning():
    f = Frontier(["ftp://example.com/", "http://example.com/"])
    assert [j.url for j in drain(f)] == ["http://example.com/"]
    assert reasons(f) == {"ftp://example.com/": "invalid: not an http(s) URL"}
    assert f.warnings


# ------------------------------------------------------------------- claim_final
def test_duplicate_after_redirect_is_scanned_once():
    f = Frontier(["http://example.com/"])
    seed = f.next_job()
    assert f.claim_final(seed, "http://example.com/")
    f.add("/old", 1, seed.url)
    f.add("/new", 1, seed.url)
    f.add("/other-old", 1, seed.url)
    old = f.next_job()
    assert old.url == "http://example.com/old"
    assert f.claim_final(old, "http://example.com/new#top")  # /old redirects to /new
    # /new was queued, but it has been scanned as /old's final URL: dropped.
    other_old = f.next_job()
    assert other_old.url == "http://example.com/other-old"
    assert not f.claim_final(other_old, "http://example.com/new")  # a second redirect to /new
    assert f.last_claim_reason == "duplicate: redirects to http://example.com/new, scanned already"
    assert f.next_job() is None
    f.add("/new", 2, old.url)  # later links to the final URL are ignored
    assert f.next_job() is None
    assert f.skipped == []


def test_rejected_duplicate_gives_its_page_budget_back():
    f = Frontier(["http://example.com/"], max_pages=3)
    seed = f.next_job()
    f.claim_final(seed, seed.url)
    for path in ["/a", "/b", "/c"]:
        f.add(path, 1, seed.url)
    a = f.next_job()
    assert f.claim_final(a, "http://example.com/")  is False  # /a redirects to the home page
    assert [j.url for j in drain(f)] == ["http://example.com/b", "http://example.com/c"]
    assert f.skipped == []


def test_same_job_claimed_twice_on_retry_is_still_accepted():
    f = Frontier(["http://example.com/"])
    seed = f.next_job()
    assert f.claim_final(seed, "http://example.com/")
    assert f.claim_final(seed, "http://example.com/")


def test_seed_redirect_to_another_origin_brings_that_origin_in_scope():
    f = Frontier(["http://example.com/"])
    seed = f.next_job()
    assert f.claim_final(seed, "https://www.example.com/home")
    f.add("/about", 1, "https://www.example.com/home")
    f.add("https://elsewhere.example/x", 1, "https://www.example.com/home")
    assert [j.url for j in drain(f)] == ["https://www.example.com/about"]


def test_link_redirecting_off_origin_is_dropped_and_recorded():
    f = Frontier(["http://example.com/"])
    seed = f.next_job()
    f.claim_final(seed, seed.url)
    f.add("/login", 1, seed.url)
    login = f.next_job()
    assert f.claim_final(login, "https://sso.example.net/authorize") is False
    assert f.last_claim_reason == "off-origin: redirected to https://sso.example.net/authorize"
    assert f.skipped == []  # the caller records the page, with last_claim_reason
    f.add("/after", 1, seed.url)
    assert f.next_job().url == "http://example.com/after"


# ------------------------------------------------------------------ robots.txt
def test_robots_disallow_is_honoured_for_links_and_seeds(site_server):
    site = site_server(FIXTURES / "site")
    f = Frontier([site.url("/"), site.url("/no-a11y/seed.html")], use_sitemaps=False)
    assert asyncio.run(f.prepare()) == []
    seed = f.next_job()
    for link in ["/about.html", "/private/secret.html", "/no-a11y/x.html"]:
        f.add(link, 1, seed.url)
    assert [j.url for j in drain(f)] == [site.url("/about.html")]
    assert reasons(f) == {
        site.url("/no-a11y/seed.html"): "robots: disallowed by robots.txt",
        site.url("/private/secret.html"): "robots: disallowed by robots.txt",
        site.url("/no-a11y/x.html"): "robots: disallowed by robots.txt",
    }


def test_robots_group_follows_the_user_agent(site_server):
    site = site_server(FIXTURES / "site")
    f = Frontier([site.url("/")], use_sitemaps=False, user_agent="SomeOtherBot")
    asyncio.run(f.prepare())
    seed = f.next_job()
    f.add("/no-a11y/x.html", 1, seed.url)  # only the a11y group forbids this
    f.add("/private/y.html", 1, seed.url)  # the * group forbids this
    assert [j.url for j in drain(f)] == [site.url("/no-a11y/x.html")]
    assert reasons(f) == {site.url("/private/y.html"): "robots: disallowed by robots.txt"}


def test_robots_ignored_when_asked(site_server):
    site = site_server(FIXTURES / "site")
    f = Frontier([site.url("/private/secret.html")], respect_robots=False, use_sitemaps=False)
    asyncio.run(f.prepare())
    seed = f.next_job()
    f.add("/no-a11y/x.html", 1, seed.url)
    assert [j.url for j in drain(f)] == [site.url("/no-a11y/x.html")]
    assert seed.url == site.url("/private/secret.html")
    assert f.skipped == []


def test_missing_robots_allows_everything_silently(site_server):
    site = site_server(None, {"/": (200, {"Content-Type": "text/html"}, b"<p>hi</p>")})
    f = Frontier([site.url("/")])
    assert asyncio.run(f.prepare()) == []
    seed = f.next_job()
    f.add("/private/x", 1, seed.url)
    assert [j.url for j in drain(f)] == [site.url("/private/x")]


def test_robots_server_error_allows_everything_with_a_warning(site_server):
    site = site_server(None, {"/robots.txt": (503, {}, b"busy")})
    f = Frontier([site.url("/")], use_sitemaps=False)
    warnings = asyncio.run(f.prepare())
    assert warnings == [f"robots.txt {site.url('/robots.txt')}: HTTP 503; treating every page as allowed"]
    assert f.next_job().url == site.url("/")


def test_prepare_sends_user_agent_and_headers(site_server):
    site = site_server(FIXTURES / "site")
    f = Frontier([site.url("/")], headers={"Authorization": "Bearer t0k3n"}, user_agent="a11y/9")
    asyncio.run(f.prepare())
    robots_requests = [h for p, h in site.requests if p == "/robots.txt"]
    assert robots_requests
    assert robots_requests[0]["User-Agent"] == "a11y/9"
    assert robots_requests[0]["Authorization"] == "Bearer t0k3n"


def test_unreachable_host_gives_warnings_not_exceptions():
    url = f"http://127.0.0.1:{closed_port()}/"
    f = Frontier([url])
    warnings = asyncio.run(f.prepare())
    assert any(w.startswith("robots.txt ") and "connect" in w for w in warnings)
    assert f.next_job().url == url  # the scan loop will report the seed as unreachable


# -------------------------------------------------------------------- sitemaps
def test_sitemaps_from_all_sources(site_server):
    site = site_server(FIXTURES / "site")
    f = Frontier([site.url("/")])
    warnings = asyncio.run(f.prepare())
    jobs = drain(f)
    assert jobs[0] == PageJob(site.url("/"), 0, None)
    found = {j.url: j for j in jobs[1:]}
    assert set(found) == {
        site.url("/from-sitemap.html"),  # /sitemap.xml
        site.url("/tracked.html?id=7"),  # utm_* and fragment dropped
        site.url("/from-robots.html"),  # Sitemap: line in robots.txt
        site.url("/from-index.html"),  # sitemap index -> child sitemap
        site.url("/from-gzip.html"),  # sitemap index -> gzipped child sitemap
    }
    assert all(j.depth == 1 for j in found.values())
    assert found[site.url("/from-sitemap.html")].found_on == site.url("/sitemap.xml")
    assert found[site.url("/from-gzip.html")].found_on == site.url("/sitemaps/child.xml.gz")
    # Sitemap URLs obey robots.txt like any other.
    assert reasons(f) == {
        site.url("/private/in-sitemap.html"): "robots: disallowed by robots.txt",
        site.url("/no-a11y/page.html"): "robots: disallowed by robots.txt",
    }
    assert sorted(warnings) == sorted([
        f"sitemap {site.url('/sitemaps/missing.xml')}: HTTP 404",
        "sitemap http://elsewhere.invalid/sitemap.xml: not on a scanned origin; not read",
        "sitemaps: 2 URL(s) not on a scanned origin (or not http/https) were ignored",
    ])


def test_no_sitemap_option(site_server):
    site = site_server(FIXTURES / "site")
    f = Frontier([site.url("/")], use_sitemaps=False)
    asyncio.run(f.prepare())
    assert [j.url for j in drain(f)] == [site.url("/")]
    assert not any("sitemap" in p for p, _ in site.requests)


def test_depth_zero_reads_no_sitemap(site_server):
    site = site_server(FIXTURES / "site")
    f = Frontier([site.url("/")], max_depth=0)
    asyncio.run(f.prepare())
    assert [j.url for j in drain(f)] == [site.url("/")]
    assert f.skipped == []


def test_missing_default_sitemap_is_silent(site_server):
    site = site_server(None, {"/": (200, {"Content-Type": "text/html"}, b"<p>hi</p>")})
    f = Frontier([site.url("/")])
    assert asyncio.run(f.prepare()) == []
    assert "/sitemap.xml" in [p for p, _ in site.requests]


def test_default_sitemap_server_error_is_a_warning(site_server):
    site = site_server(None, {"/sitemap.xml": (500, {}, b"oops")})
    f = Frontier([site.url("/")])
    assert asyncio.run(f.prepare()) == [f"sitemap {site.url('/sitemap.xml')}: HTTP 500"]


def _bomb() -> bytes:
    return gzip.compress(b"<" + b" " * (60 * 1024 * 1024), compresslevel=9)


def test_broken_and_hostile_sitemaps_give_warnings(site_server):
    site = site_server(
        FIXTURES / "hostile",
        {
            "/server-error.xml": (500, {}, b"oops"),
            "/page2.xml": (200, {}, b"\n<!DOCTYPE html>\n<html><body><p>Soft 404</p></body></html>"),
            "/bomb.xml.gz": (200, {"Content-Type": "application/gzip"}, _bomb()),
        },
    )
    f = Frontier([site.url("/")])
    warnings = asyncio.run(f.prepare())
    by_file = {w.split(": ", 1)[0].removeprefix("sitemap " + site.origin): w.split(": ", 1)[1] for w in warnings}
    assert by_file["/laughs.xml"].startswith("rejected: it declares a DTD or entities")
    assert by_file["/xxe.xml"].startswith("rejected: it declares a DTD or entities")
    assert by_file["/broken.xml"] == "not valid XML (line 4)"
    assert by_file["/page.xml"] == "not a sitemap (an HTML page)"
    assert by_file["/page2.xml"] == "not a sitemap (an HTML page)"
    assert by_file["/feed.xml"] == "not a sitemap (root element <rss>)"
    assert by_file["/server-error.xml"] == "HTTP 500"
    assert by_file["/bomb.xml.gz"] == "larger than 50 MiB once decompressed; not read"
    # The good sitemap after all of them is still read.
    assert [j.url for j in drain(f)] == [site.url("/"), site.url("/still-found.html")]
    assert not any("passwd" in w or "lol" in w for w in warnings)


def test_sitemap_limits(site_server):
    urls = "".join(f"<url><loc>{{{{origin}}}}/p{i}.html</loc></url>" for i in range(30))
    body = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    site = site_server(None, {})
    site.routes["/sitemap.xml"] = lambda s: (200, {}, body.replace("{{origin}}", s.origin).encode())
    site.routes["/robots.txt"] = (200, {}, f"Sitemap: {site.origin}/big.xml\n".encode())
    site.routes["/big.xml"] = (200, {}, b"<urlset>" + b"<url><loc>x</loc></url>" * 200_000 + b"</urlset>")
    f = Frontier([site.url("/")], max_pages=5)
    f.sitemap_limits.max_urls = 10
    f.sitemap_limits.max_bytes = 1024 * 1024
    warnings = asyncio.run(f.prepare())
    assert f"sitemap {site.url('/big.xml')}: larger than 1024 KiB; not read" in warnings
    assert "sitemaps: more than 10 URLs; the rest were ignored" in warnings
    assert len(drain(f)) == 5
    assert len(f.skipped) == 6  # 10 sitemap URLs, 4 of them scanned, the rest over the limit


def test_text_sitemap(site_server):
    site = site_server(None, {})
    site.routes["/sitemap.xml"] = lambda s: (200, {"Content-Type": "text/plain"},
                                             f"{s.origin}/a.html\n\n{s.origin}/b.html\n".encode())
    f = Frontier([site.url("/")])
    assert asyncio.run(f.prepare()) == []
    assert [j.url for j in drain(f)] == [site.url("/"), site.url("/a.html"), site.url("/b.html")]


def test_seed_redirect_to_another_origin_is_followed_in_prepare(site_server):
    target = site_server(FIXTURES / "site")
    start = site_server(None, {"/": redirect(target.url("/"))})
    f = Frontier([start.url("/")])
    asyncio.run(f.prepare())
    assert origin_of(target.origin) in f.origins
    job = f.next_job()
    assert job.url == start.url("/")
    assert f.claim_final(job, target.url("/"))
    urls = [j.url for j in drain(f)]
    assert target.url("/from-sitemap.html") in urls  # the final origin's sitemap was read
    f.add(target.url("/private/secret.html"), 1, target.url("/"))  # and its robots.txt applies
    assert reasons(f)[target.url("/private/secret.html")] == "robots: disallowed by robots.txt"


def test_sitemap_with_content_encoding_gzip(site_server):
    body = b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>/enc.html</loc></url></urlset>'
    site = site_server(None, {"/sitemap.xml": (200, {"Content-Encoding": "gzip"}, gzip.compress(body))})
    f = Frontier([site.url("/")])
    assert asyncio.run(f.prepare()) == []
    assert [j.url for j in drain(f)] == [site.url("/"), site.url("/enc.html")]  # relative loc resolved


def test_sitemap_index_loops_and_relative_robots_sitemap_lines(site_server):
    def index(other):
        return lambda s: (200, {}, (
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{s.origin}{other}</loc></sitemap></sitemapindex>").encode())

    site = site_server(None, {
        "/robots.txt": (200, {}, b"User-agent: *\nDisallow:\nSitemap: /a.xml\n"),
        "/a.xml": index("/b.xml"),
        "/b.xml": index("/a.xml"),
    })
    f = Frontier([site.url("/")])
    warnings = asyncio.run(f.prepare())
    assert warnings == []
    assert sum(1 for p, _ in site.requests if p in ("/a.xml", "/b.xml")) == 2  # each read once
    assert [j.url for j in drain(f)] == [site.url("/")]


def test_oversized_robots_txt_is_ignored_with_a_warning(site_server):
    site = site_server(None, {"/robots.txt": (200, {}, b"User-agent: *\nDisallow: /\n" + b"#" * 600_000)})
    f = Frontier([site.url("/")], use_sitemaps=False)
    warnings = asyncio.run(f.prepare())
    assert warnings == [
        f"robots.txt {site.url('/robots.txt')}: larger than 512 KiB; not read; treating every page as allowed"
    ]
    assert f.next_job().url == site.url("/")


def test_prepare_probes_one_seed_per_origin(site_server):
    site = site_server(FIXTURES / "site")
    f = Frontier([site.url("/"), site.url("/about.html"), site.url("/index.html")], use_sitemaps=False)
    asyncio.run(f.prepare())
    paths = [p for p, _ in site.requests]
    assert paths.count("/robots.txt") == 1
    assert paths.count("/") == 1 and "/about.html" not in paths


def test_a_server_dripping_bytes_cannot_hold_discovery(site_server):
    # A byte every 0.1 s, for as long as the test runs: each read succeeds well within the
    # 3 s read limit however busy the machine, so only the bound on the whole fetch
    # (three times the read limit) can end it. That prepare() returns at all is the proof.
    stop = threading.Event()

    def drip(site):
        def chunks():
            yield b"<urlset>"
            while not stop.wait(0.1):
                yield b" "
        return 200, {}, chunks()

    site = site_server(None, {"/sitemap.xml": drip})
    f = Frontier([site.url("/")], timeout=3)
    try:
        warnings = asyncio.run(asyncio.wait_for(f.prepare(), timeout=300))  # a hang guard, not the test
    finally:
        stop.set()
    assert warnings == [f"sitemap {site.url('/sitemap.xml')}: timed out (took more than 9 s)"]


def test_redirect_into_an_excluded_url_is_rejected():
    f = Frontier(["http://example.com/"], exclude=["*/login*"], include=["/docs/*"])
    seed = f.next_job()
    f.add("/docs/old", 1, seed.url)
    assert f.claim_final(f.next_job(), "http://example.com/login?next=/docs/old") is False
    assert f.last_claim_reason == (
        "excluded: redirects to http://example.com/login?next=/docs/old, which matches --exclude */login*"
    )
    f.add("/docs/a", 1, seed.url)
    f.add("/docs/b", 1, seed.url)
    a = f.next_job()
    assert f.claim_final(a, "http://example.com/blog/a") is False
    assert f.last_claim_reason == (
        "not-included: redirects to http://example.com/blog/a, which matches no --include pattern"
    )
    b = f.next_job()
    assert f.claim_final(b, "http://example.com/docs/b2") is True
    assert f.last_claim_reason is None


def test_seed_redirecting_into_an_excluded_url_is_still_scanned():
    f = Frontier(["http://example.com/"], exclude=["*/login*"], include=["/docs/*"])
    assert f.claim_final(f.next_job(), "http://example.com/login?next=/") is True
    assert f.last_claim_reason is None
