"""A scan that checked nothing, or not what was asked, is not green (exit 3); bad input is exit 2.

Each case runs the real command against a loopback site and checks the exit code and the
one-line cause the command prints.
"""
import json

import pytest

from tests.support import pages_by_url, read_results, run_a11y

from .siteserver import PAGE, page, site

CLEAN = "<p>Nothing wrong here.</p>"


def recording_site(routes: dict, log: list):
    """A site that records every path it is asked for."""
    def recorded(route):
        def handle(h):
            log.append(h.path)
            route(h)
        return handle
    return site({path: recorded(route) for path, route in routes.items()})


def verdict_line(proc) -> str:
    [line] = [line for line in proc.stderr.splitlines() if line.startswith("a11y: ") and "(exit" in line]
    return line


def test_exclude_never_drops_a_seed(tmp_path):
    routes = {"/": page("Home", '<a href="/about">About</a>'), "/about": page("About", CLEAN)}
    with site(routes) as base:
        out = tmp_path / "out"
        proc = run_a11y("scan", base + "/", "--exclude", "/*", "--out", out, "-q", "--no-sitemap")
    assert proc.returncode == 0, proc.stderr
    pages = pages_by_url(read_results(out))
    assert pages[base + "/"]["status"] == "scanned"
    about = pages[base + "/about"]
    assert (about["status"], about["reason"]) == ("skipped", "excluded: matches --exclude /*")


def test_include_never_drops_a_seed(tmp_path):
    with site({"/start": page("Start", CLEAN)}) as base:
        out = tmp_path / "out"
        proc = run_a11y("scan", base + "/start", "--include", "/docs/*", "--out", out, "-q", "--no-sitemap")
    assert proc.returncode == 0, proc.stderr
    assert [p["status"] for p in read_results(out)["pages"]] == ["scanned"]


def test_zero_pages_scanned_exits_3_with_the_cause(tmp_path):
    routes = {"/report.pdf": lambda h: h._send(200, b"%PDF-1.4 fake", "application/pdf")}
    with site(routes) as base:
        out = tmp_path / "out"
        proc = run_a11y("scan", base + "/report.pdf", "--out", out, "-q", "--no-sitemap", "--format", "json,md,html")
    assert proc.returncode == 3, proc.stderr
    cause = f"no page was scanned: {base}/report.pdf skipped (not-html: document (.pdf))"
    assert verdict_line(proc) == f"a11y: incomplete: {cause} (exit 3)"
    assert read_results(out)["pages"][0]["status"] == "skipped"
    # The reports say the same as the exit code.
    assert (out / "summary.md").read_text().startswith(f"## Accessibility: ⚠️ Incomplete: {cause}")
    assert f"INCOMPLETE: {cause}." in (out / "report.html").read_text()


@pytest.mark.parametrize("status", [404, 500])
def test_seed_answering_an_http_error_exits_3(tmp_path, status):
    # The error page itself has a violation: exit 3 wins over 1.
    routes = {"/": page("Home", CLEAN),
              "/typo": lambda h: h._send(status, PAGE.format(title="Oops", body='<img src="x.png">'))}
    with site(routes) as base:
        out = tmp_path / "out"
        proc = run_a11y("scan", base + "/", base + "/typo", "--out", out, "-q", "--no-sitemap")
    assert proc.returncode == 3, proc.stderr
    assert verdict_line(proc) == f"a11y: incomplete: seed returned {status}: {base}/typo (exit 3)"
    typo = pages_by_url(read_results(out))[base + "/typo"]
    assert typo["status"] == "scanned" and typo["http_status"] == status and typo["violations"]


def test_seed_redirecting_to_a_404_exits_3(tmp_path):
    def moved(h):
        h.send_response(301)
        h.send_header("Location", "/nowhere")
        h.send_header("Content-Length", "0")
        h.end_headers()
    with site({"/old": moved}) as base:
        proc = run_a11y("scan", base + "/old", "--out", tmp_path / "out", "-q", "--no-sitemap")
    assert proc.returncode == 3, proc.stderr
    assert verdict_line(proc) == f"a11y: incomplete: seed returned 404: {base}/old (exit 3)"


def test_discovered_broken_link_keeps_its_treatment(tmp_path):
    with site({"/": page("Home", '<a href="/missing">Missing</a>')}) as base:
        out = tmp_path / "out"
        proc = run_a11y("scan", base + "/", "--out", out, "-q", "--no-sitemap")
    assert proc.returncode == 0, proc.stderr
    missing = pages_by_url(read_results(out))[base + "/missing"]
    assert (missing["status"], missing["http_status"], missing["found_on"]) == ("scanned", 404, base + "/")


def test_url_list_comments_and_whitespace(tmp_path):
    routes = {"/a": page("A", CLEAN), "/b": page("B", CLEAN)}
    with site(routes) as base:
        urls = tmp_path / "urls.txt"
        urls.write_text(f"# the pages we own\n  {base}/a   # the first one\n\t{base}/b\t\n   \n# {base}/c\n")
        out = tmp_path / "out"
        proc = run_a11y("scan", f"@{urls}", "--out", out, "-q", "--no-sitemap")
    assert proc.returncode == 0, proc.stderr
    assert "warning" not in proc.stderr
    pages = read_results(out)["pages"]
    assert sorted((p["url"], p["status"]) for p in pages) == [(base + "/a", "scanned"), (base + "/b", "scanned")]


@pytest.mark.parametrize("content, problem", [
    ("{not json", "not valid JSON (Expecting property name enclosed in double quotes at line 1)"),
    ("[]", 'not a storage state (expected an object with "cookies" and "origins" lists)'),
    ('{"cookies": {"session": "ok"}}', '"cookies" is not a list'),
    ('{"cookies": [{"name": "session", "value": "ok"}]}', """cookie 1: 'session' needs "domain" and "path" (or "url")"""),
    ('{"cookies": [{"name": "s", "value": "ok", "url": "http://x/", "sameSite": "lax"}]}',
     "cookie 1: 's': sameSite must be one of Strict, Lax, None"),
    ('{"cookies": [], "origins": [{"origin": "http://x", "localStorage": {"a": "b"}}]}',
     'origin 1: "localStorage" is not a list of {"name", "value"} strings'),
])
def test_malformed_storage_state_is_a_usage_error_before_any_page(tmp_path, content, problem):
    state = tmp_path / "state.json"
    state.write_text(content)
    asked: list[str] = []
    with recording_site({"/": page("Home", CLEAN)}, asked) as base:
        proc = run_a11y("scan", base + "/", "--storage-state", state, "--out", tmp_path / "out")
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[0] == f"a11y: error: --storage-state {state}: {problem}"
    assert proc.stderr.splitlines()[1].startswith("hint: ")
    assert asked == []
    assert not (tmp_path / "out").exists()


def test_storage_state_as_playwright_writes_it_is_accepted(tmp_path):
    state = tmp_path / "state.json"
    state.write_text(json.dumps({
        "cookies": [{"name": "s", "value": "1", "domain": "127.0.0.1", "path": "/", "expires": -1,
                     "httpOnly": True, "secure": False, "sameSite": "Lax"}],
        "origins": [{"origin": "http://127.0.0.1", "localStorage": [{"name": "k", "value": "v"}]}]}))
    with site({"/": page("Home", CLEAN)}) as base:
        proc = run_a11y("scan", base + "/", "--storage-state", state, "--out", tmp_path / "out", "-q")
    assert proc.returncode == 0, proc.stderr
