"""`a11y crawl`: discovery on its own, over plain HTTP, writing the URL list `a11y scan @FILE` reads."""
from __future__ import annotations

from tests.support import run_a11y

from .siteserver import PAGE, page, site
from .split_site import LISTED, routes
from .split_support import scan_to


def crawl(*args, cwd=None):
    proc = run_a11y("crawl", *map(str, args), cwd=cwd)
    return proc.returncode, proc.stdout, proc.stderr


def listed(path) -> list[str]:
    return path.read_text().splitlines()


def test_crawl_lists_what_a_scan_audits_on_a_static_site(tmp_path):
    with site(routes()) as base:
        code, _, err = crawl(base + "/", "-o", tmp_path / "urls.txt", "--no-sitemap")
        whole = scan_to(tmp_path / "scan", base + "/", expect=1)
    assert code == 0, err
    assert "a11y: 11 pages listed in" in err
    assert listed(tmp_path / "urls.txt") == [base + p for p in LISTED]  # the seed, then by depth and URL
    # The scan audits the same pages (a redirect is audited where it lands), and the broken
    # link too, which the list leaves out: as a seed it would fail the scan of the list.
    audited = {p["final_url"] for p in whole["pages"] if p["status"] == "scanned" and p["http_status"] < 400}
    assert set(listed(tmp_path / "urls.txt")) == audited
    assert f"broken link: {base}/missing answered 404" in err
    assert f"{base}/report.pdf: a document, not a web page; left out" in err


def test_discovery_options_are_those_of_scan(tmp_path):
    with site(routes()) as base:
        code, _, err = crawl(base + "/", "-o", tmp_path / "urls.txt", "--depth", "1", "--exclude", "/b",
                             "--include", "/[a-d]", "--include", "/old")
        assert code == 0, err
        # /old is included, but redirects to /e, which is not: left out, as a scan skips it.
        assert listed(tmp_path / "urls.txt") == [base + p for p in ("/", "/a", "/c", "/d")]
        assert f"{base}/old: not-included: redirects to {base}/e, which matches no --include pattern" in err
        code, _, err = crawl(base + "/", "-o", tmp_path / "all.txt", "--ignore-robots", "--depth", "1")
        assert code == 0, err
        assert f"{base}/private/x" in listed(tmp_path / "all.txt")


def test_settings_come_from_a11y_toml_as_for_scan(tmp_path):
    # A scan-only setting (format) is not an error for crawl; max-pages is used.
    (tmp_path / "a11y.toml").write_text('format = "json,sarif"\nmax-pages = 3\n')
    with site(routes()) as base:
        code, _, err = crawl(base + "/", "-o", "urls.txt", cwd=tmp_path)
    assert code == 0, err
    assert listed(tmp_path / "urls.txt") == [base + p for p in ("/", "/a", "/b")]


def test_links_added_by_scripts_are_not_seen(tmp_path):
    """The documented limit of plain HTTP: a scan's browser sees the link, crawl does not."""
    script = "<script>const a = document.createElement('a'); a.href = '/later'; a.textContent = 'Later';" \
             "document.querySelector('main').append(a);</script>"
    with site({"/": page("Home", '<a href="/plain">Plain</a>' + script), "/plain": page("Plain"),
               "/later": page("Later")}) as base:
        code, _, err = crawl(base + "/", "-o", tmp_path / "urls.txt", "--no-sitemap")
        whole = scan_to(tmp_path / "scan", base + "/", expect=0)
    assert code == 0, err
    assert listed(tmp_path / "urls.txt") == [base + "/", base + "/plain"]
    assert {p["url"] for p in whole["pages"]} == {base + "/", base + "/plain", base + "/later"}


def test_a_seed_that_cannot_be_fetched_is_kept_and_fails(tmp_path):
    # Nothing listens on port 9 of the loopback address.
    code, _, err = crawl("http://127.0.0.1:9/", "-o", tmp_path / "urls.txt", "--no-sitemap")
    assert code == 3
    assert "a11y: error: seed http://127.0.0.1:9/ could not be fetched (could not connect" in err
    last = err.splitlines()[-1]
    assert last.startswith("a11y: incomplete: 1 page listed in ") and last.endswith("urls.txt; see the error above (exit 3)")
    assert listed(tmp_path / "urls.txt") == ["http://127.0.0.1:9/"]


def test_a_seed_answering_404_is_kept_and_fails(tmp_path):
    with site({"/": page("Home")}) as base:
        code, _, err = crawl(base + "/", base + "/typo", "-o", tmp_path / "urls.txt", "--no-sitemap")
    assert code == 3
    assert f"a11y: error: seed returned 404: {base}/typo" in err
    assert listed(tmp_path / "urls.txt") == [base + "/", base + "/typo"]


def test_a_seed_that_is_not_a_web_page_or_disallowed_is_left_out(tmp_path):
    with site(routes()) as base:
        code, _, err = crawl(base + "/report.pdf", base + "/logo.png", base + "/private/x", "-o", tmp_path / "u.txt",
                             "--no-sitemap")
    assert code == 3
    assert f"seed {base}/report.pdf: a document, not a web page; left out" in err
    assert f"seed {base}/logo.png: image/png, not a web page; left out" in err
    assert f"seed {base}/private/x: robots: disallowed by robots.txt; left out of the list" in err
    assert "a11y: error: no page to scan was found" in err
    assert listed(tmp_path / "u.txt") == []


def test_an_output_that_cannot_be_written_is_a_usage_error(tmp_path):
    (tmp_path / "file").write_text("")
    hits = []
    with site({"/": lambda h: (hits.append(h.path), h._send(200, PAGE.format(title="Home", body="")))}) as base:
        code, _, err = crawl(base + "/", "-o", tmp_path / "file" / "urls.txt")
        assert code == 2
        assert f"a11y: error: cannot write the URL list to {tmp_path / 'file' / 'urls.txt'}: " in err
        assert "hint:" in err
        code, _, err = crawl(base + "/", "-o", tmp_path)
        assert code == 2 and "it is a folder" in err
    assert hits == []  # refused before any page was fetched


def test_a_local_folder_is_refused(tmp_path):
    (tmp_path / "index.html").write_text(PAGE.format(title="Home", body=""))
    code, _, err = crawl(tmp_path, "-o", tmp_path / "urls.txt")
    assert code == 2
    assert "is not crawled" in err and "a11y scan ./public --shard K/N" in err
