"""Standards, rule selection and discovery options, through the real command."""
from tests.support import pages_by_url, read_results, scan

from .siteserver import page, site

# autocomplete-valid is WCAG 2.1 AA (1.3.5); region is a best practice; image-alt is WCAG 2.0 A.
BODY = '<img src="a.png"><input autocomplete="nonsense-token" aria-label="x">'


def _rules(out):
    [home] = [p for p in read_results(out)["pages"] if p["status"] == "scanned"]
    return {v["rule"] for v in home["violations"]}


def test_standards_and_best_practice_select_rules(tmp_path):
    with site({"/": lambda h: h._send(200, '<!doctype html><html lang="en"><title>T</title>' + BODY + "</html>")}) as base:
        url = base + "/"
        scan(url, "--out", tmp_path / "508", "-q", "--no-sitemap", expect=1)
        scan(url, "--out", tmp_path / "21", "-q", "--no-sitemap", "--standard", "wcag21aa", expect=1)
        scan(url, "--out", tmp_path / "bp", "-q", "--no-sitemap", "--best-practice", expect=1)
        scan(url, "--out", tmp_path / "only", "-q", "--no-sitemap", "--rules", "region,autocomplete-valid", expect=1)
        scan(url, "--out", tmp_path / "off", "-q", "--no-sitemap", "--standard", "wcag21aa",
             "--disable-rules", "image-alt", expect=1)
        # Section 508 without image-alt: the 2.1 rule is not run, so nothing fails.
        scan(url, "--out", tmp_path / "none", "-q", "--no-sitemap", "--disable-rules", "image-alt", expect=0)
    assert _rules(tmp_path / "508") == {"image-alt"}
    assert _rules(tmp_path / "21") == {"image-alt", "autocomplete-valid"}
    assert "region" in _rules(tmp_path / "bp") and "autocomplete-valid" not in _rules(tmp_path / "bp")
    assert _rules(tmp_path / "only") == {"region", "autocomplete-valid"}
    assert _rules(tmp_path / "off") == {"autocomplete-valid"}
    assert _rules(tmp_path / "none") == set()
    assert read_results(tmp_path / "21")["options"]["tags"] == ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def test_depth_include_exclude_and_max_pages(tmp_path):
    routes = {
        "/": page("Home", '<a href="/a">a</a><a href="/admin/x">admin</a><a href="/blog/1">blog</a>'),
        "/a": page("A", '<a href="/a/deeper">deeper</a>'),
        "/a/deeper": page("Deeper"),
        "/admin/x": page("Admin"),
        "/blog/1": page("Blog"),
    }
    with site(routes) as base:
        # Clean pages, and skipped pages are no failure: every run exits 0.
        scan(base + "/", "--out", tmp_path / "d0", "-q", "--depth", "0", expect=0)
        scan(base + "/", "--out", tmp_path / "ex", "-q", "--exclude", "/admin/*", "--depth", "1", expect=0)
        scan(base + "/", "--out", tmp_path / "inc", "-q", "--include", "/blog/*", expect=0)
        scan(base + "/", "--out", tmp_path / "max", "-q", "--max-pages", "2", expect=0)

    def status(name):
        return {u.replace(base, ""): (p["status"], (p["reason"] or "").split(":")[0])
                for u, p in pages_by_url(read_results(tmp_path / name)).items()}

    d0 = status("d0")
    assert d0["/"] == ("scanned", "") and d0["/a"] == ("skipped", "depth")
    ex = status("ex")
    assert ex["/admin/x"] == ("skipped", "excluded") and ex["/a"][0] == "scanned"
    assert ex["/a/deeper"] == ("skipped", "depth")
    inc = status("inc")
    assert inc["/blog/1"][0] == "scanned" and inc["/a"] == ("skipped", "not-included")
    mx = status("max")
    assert sum(s == "scanned" for s, _ in mx.values()) == 2
    assert any(r == "limit" for _, r in mx.values())


def test_sitemap_and_robots_through_the_command(tmp_path):
    # /listed is linked from nowhere: only the sitemap robots.txt names lists it.
    sitemap_reads = []

    def sitemap(h):
        sitemap_reads.append(h.path)
        h._send(200, '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f'<url><loc>{h.server_base}/listed</loc></url>'
                f'<url><loc>{h.server_base}/secret</loc></url></urlset>', "application/xml")

    routes = {
        "/": page("Home"),
        "/robots.txt": lambda h: h._send(200, f"User-agent: *\nDisallow: /secret\nSitemap: {h.server_base}/map.xml\n",
                                         "text/plain"),
        "/map.xml": sitemap,
        "/listed": page("Listed"),
        "/secret": page("Secret"),
    }
    with site(routes) as base:
        scan(base + "/", "--out", tmp_path / "a", "-q", expect=0)
        assert sitemap_reads == ["/map.xml"]
        scan(base + "/", "--out", tmp_path / "b", "-q", "--ignore-robots", expect=0)
        del sitemap_reads[:]
        scan(base + "/", "--out", tmp_path / "c", "-q", "--no-sitemap", expect=0)
        assert sitemap_reads == []
    # Without the flag, the page only the sitemap lists is found and scanned ...
    a = pages_by_url(read_results(tmp_path / "a"))
    assert a[base + "/listed"]["status"] == "scanned"
    assert a[base + "/listed"]["found_on"] == base + "/map.xml"
    assert a[base + "/secret"]["status"] == "skipped" and a[base + "/secret"]["reason"].startswith("robots")
    assert pages_by_url(read_results(tmp_path / "b"))[base + "/secret"]["status"] == "scanned"
    # ... and with --no-sitemap it is not found at all: the seed is the whole scan.
    c = pages_by_url(read_results(tmp_path / "c"))
    assert list(c) == [base + "/"] and c[base + "/"]["status"] == "scanned"


def test_every_named_seed_is_scanned_whatever_max_pages(tmp_path):
    routes = {f"/{i}": page(f"P{i}", '<a href="/extra">more</a>') for i in range(3)}
    routes["/extra"] = page("Extra")
    with site(routes) as base:
        listing = tmp_path / "urls.txt"
        listing.write_text("".join(f"{base}/{i}\n" for i in range(3)) + "# a comment\n\n")
        scan(f"@{listing}", "--max-pages", "1", "--out", tmp_path / "o", "-q", "--no-sitemap", expect=0)
    pages = pages_by_url(read_results(tmp_path / "o"))
    assert all(pages[f"{base}/{i}"]["status"] == "scanned" for i in range(3))
    assert pages[base + "/extra"]["status"] == "skipped" and pages[base + "/extra"]["reason"].startswith("limit")


def test_area_and_iframe_links_are_discovered(tmp_path):
    home = ('<img src="map.png" alt="Map" usemap="#m" width="20" height="20">'
            '<map name="m"><area href="/from-area" alt="Area" shape="rect" coords="0,0,10,10"></map>'
            '<iframe src="/from-iframe" title="A frame"></iframe>')
    routes = {"/": page("Home", home), "/from-area": page("From area"), "/from-iframe": page("From iframe")}
    with site(routes) as base:
        # --checks none: this is about discovery, and axe finds the page clean.
        scan(base + "/", "--out", tmp_path / "o", "-q", "--no-sitemap", "--checks", "none", expect=0)
    pages = pages_by_url(read_results(tmp_path / "o"))
    for path, title in (("/from-area", "From area"), ("/from-iframe", "From iframe")):
        p = pages[base + path]
        assert (p["status"], p["title"], p["found_on"], p["depth"]) == ("scanned", title, base + "/", 1), p


def test_thorough_lifts_the_checks_limits_and_is_recorded(tmp_path):
    links = "".join(f'<p><a href="#s{i}">Section {i}</a></p>' for i in range(60))
    html = f'<!doctype html><html lang="en"><title>T</title><main><h1>T</h1>{links}</main></html>'
    with site({"/": lambda h: h._send(200, html)}) as base:
        for name, extra in (("usual", []), ("thorough", ["--thorough"])):
            scan(base + "/", "--out", tmp_path / name, "-q", "--no-sitemap", "--rules", "focus-visible-indicator",
                 *extra, expect=0)
    usual, thorough = read_results(tmp_path / "usual"), read_results(tmp_path / "thorough")
    [page_usual] = usual["pages"]
    [page_thorough] = thorough["pages"]
    assert [r["rule"] for r in page_usual["incomplete"]] == ["focus-visible-indicator"]
    assert page_thorough["incomplete"] == [] and "focus-visible-indicator" in page_thorough["passed"]
    assert (usual["options"]["thorough"], thorough["options"]["thorough"]) == (False, True)
