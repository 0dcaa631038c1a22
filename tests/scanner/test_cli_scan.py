"""`a11y scan` end to end: real Chromium, real loopback servers, the real command."""
import shutil
import socket
import threading
from pathlib import Path

import pytest

from a11y import reporters
from a11y.engines.checks import selected_checks
from tests.support import pages_by_url, read_results, run_a11y, scan

from .siteserver import held, never_finishes, page, redirect, site

FIXTURES = Path(__file__).parent.parent / "fixtures"
CLEAN = '<p>All good.</p>'


def closed_port() -> int:
    """A loopback port with nothing listening (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_cross_origin_iframe_and_shadow_dom_violations_are_reported(tmp_path, serve):
    other = serve(FIXTURES / "frames" / "other").replace("127.0.0.1", "localhost")
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    (site_dir / "index.html").write_text(
        (FIXTURES / "frames" / "main" / "index.html").read_text().replace("OTHER_ORIGIN/", other))
    out = tmp_path / "out"
    proc = run_a11y("scan", site_dir, "--out", out, "--quiet")
    assert proc.returncode == 1, proc.stderr
    results = read_results(out)
    [home] = [p for p in results["pages"] if p["status"] == "scanned"]
    targets = [n["target"] for v in home["violations"] if v["rule"] == "image-alt" for n in v["nodes"]]
    assert ["#cross", "#frame-img"] in targets
    assert [["my-widget", "#shadow-img"]] in targets
    assert results["complete"] is True
    names = [e["name"] for e in results["engines"]]
    expected = ["axe-core"] + ["a11y-checks"] * bool(selected_checks("section508"))
    assert names == expected and all(e["version"][0].isdigit() for e in results["engines"])
    assert home["violations"][0]["wcag"] == ["1.1.1"]


def test_clean_site_exits_0_and_writes_default_formats(tmp_path):
    with site({"/": page("Home", CLEAN)}) as base:
        out = tmp_path / "out"
        proc = run_a11y("scan", base + "/", "--out", out, "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "results.json", "summary.md"]


def test_fail_on_threshold(tmp_path):
    # region is a moderate best-practice violation; image-alt is critical.
    with site({"/": page("Home", '<img src="a.png">')}) as base:
        assert run_a11y("scan", base + "/", "--out", tmp_path / "a", "-q", "--fail-on", "critical").returncode == 1
        assert run_a11y("scan", base + "/", "--out", tmp_path / "b", "-q", "--fail-on", "none").returncode == 0
    with site({"/": page("Home", '<p style="color:#999">low contrast</p>')}) as base:
        # color-contrast is serious: below critical, so it passes --fail-on critical.
        assert run_a11y("scan", base + "/", "--out", tmp_path / "c", "-q", "--fail-on", "critical").returncode == 0
        assert run_a11y("scan", base + "/", "--out", tmp_path / "d", "-q", "--fail-on", "serious").returncode == 1


@pytest.mark.parametrize("args, words", [
    (["--no-such-option"], "No such option"),
    (["--fail-on", "sometimes"], "invalid value for --fail-on on the command line"),
    (["--format", "pdf"], "unknown format"),
    (["--max-pages", "0"], "invalid value for --max-pages on the command line"),
    (["--header", "NoColon"], "Name: value"),
    (["--standard", "wcag9"], "invalid value for --standard on the command line"),
    (["--disable-rules", "image-alt,no-such-rule"], "unknown rule id 'no-such-rule'"),
    (["--screenshot-size", "huge"], "WIDTHxHEIGHT"),
])
def test_usage_errors_exit_2(tmp_path, args, words):
    proc = run_a11y("scan", "http://127.0.0.1:9/", *args, "--out", tmp_path)
    assert proc.returncode == 2
    assert words in proc.stderr


def test_no_browser_is_a_setup_error(tmp_path):
    proc = run_a11y("scan", "http://127.0.0.1:9/", "--out", tmp_path, env={"A11Y_CHROMIUM": "/nonexistent/chromium"})
    assert proc.returncode == 2
    assert "A11Y_CHROMIUM" in proc.stderr and "hint:" in proc.stderr


def test_invalid_targets_alone_are_a_usage_error(tmp_path):
    proc = run_a11y("scan", "ftp://example.org/", "no-such-folder", "--out", tmp_path)
    assert proc.returncode == 2
    assert "unsupported scheme ftp:" in proc.stderr
    assert "no such file or folder" in proc.stderr


def test_unreachable_seed_exits_3_with_partial_results(tmp_path):
    with site({"/": page("Home", CLEAN)}) as base:
        out = tmp_path / "out"
        dead = f"http://127.0.0.1:{closed_port()}/"
        proc = run_a11y("scan", base + "/", dead, "ftp://x.org/", "--out", out, "-q")
    assert proc.returncode == 3, proc.stderr
    pages = pages_by_url(read_results(out))
    assert pages[dead]["status"] == "error"
    assert "connection refused" in pages[dead]["reason"]
    assert pages["ftp://x.org/"]["status"] == "error"
    assert pages[base + "/"]["status"] == "scanned"


def test_a_failed_dns_lookup_is_named_in_the_page_record():
    # On the decision: a real lookup of a name that does not exist would send a DNS query off
    # the machine (Chromium then also probes public resolvers); the end-to-end path of a
    # navigation error is the refused connection above.
    from a11y.scan import _reason

    exc = Exception("Page.goto: net::ERR_NAME_NOT_RESOLVED at http://no-such-host.invalid/\nCall log: ...")
    assert _reason(exc, 30) == "navigation failed: DNS lookup failed (err_name_not_resolved)"


def test_awkward_pages_each_get_a_clear_record(tmp_path):
    # Default limits: every page here has its outcome whatever the machine's speed.
    # (Pages that navigate themselves: test_self_navigation.py; a page that never loads:
    # test_page_that_never_finishes_loading_times_out.)
    routes = {
        "/": page("Home", "".join(f'<a href="{p}">{p}</a>' for p in (
            "/loop", "/doc", "/data", "/script-error", "/gone", "/moved", "/report.pdf"))),
        "/loop": redirect("/loop2"), "/loop2": redirect("/loop"),
        "/doc": lambda h: h._send(200, b"%PDF-1.4 fake", "application/pdf"),
        "/report.pdf": lambda h: h._send(200, b"%PDF-1.4 fake", "application/pdf"),
        "/data": lambda h: h._send(200, b"PK\x03\x04", "application/zip",
                                   {"Content-Disposition": 'attachment; filename="data.zip"'}),
        "/script-error": page("Broken script", '<script>throw new Error("boom")</script><img src="y.png">'),
        "/gone": lambda h: h._send(410, "<!doctype html><html lang='en'><title>Gone</title><main><h1>Gone</h1></main></html>"),
        "/moved": redirect("/"),
    }
    with site(routes) as base:
        out = tmp_path / "out"
        scan(base + "/", "--out", out, "-q", "--no-sitemap", expect=3)  # the loop is an error
    pages = pages_by_url(read_results(out))
    assert pages[base + "/loop"]["status"] == "error" and "redirect loop" in pages[base + "/loop"]["reason"]
    # A PDF without .pdf in its address: a browser with a PDF viewer shows it, the headless shell
    # (no viewer) starts a download; either way the type the server sent is the reason.
    assert pages[base + "/doc"]["status"] == "skipped" and pages[base + "/doc"]["reason"] == "not-html: application/pdf"
    # A file sent as an attachment is a download in every browser.
    assert pages[base + "/data"]["status"] == "skipped" and pages[base + "/data"]["reason"] == "not-html: application/zip"
    assert pages[base + "/report.pdf"]["status"] == "skipped"
    assert pages[base + "/report.pdf"]["reason"] == "not-html: document (.pdf)"
    broken = pages[base + "/script-error"]
    assert broken["status"] == "scanned" and any(v["rule"] == "image-alt" for v in broken["violations"])
    assert pages[base + "/gone"]["http_status"] == 410 and pages[base + "/gone"]["status"] == "scanned"
    # /moved redirects to a page scanned already: recorded once, not scanned twice.
    assert pages[base + "/moved"]["status"] == "skipped"
    assert pages[base + "/moved"]["reason"] == f"duplicate: redirects to {base}/, scanned already"
    assert sum(1 for p in pages.values() if p.get("final_url") == base + "/" and p["status"] == "scanned") == 1


def test_page_that_never_finishes_loading_times_out(tmp_path):
    # The page's image is never answered (until the test ends), so its load event never
    # fires: a timeout whatever the machine's speed, which is why --timeout may be short.
    never = threading.Event()
    routes = {"/slow": never_finishes, "/hang.png": held(never, lambda h: h._send(404, b""))}
    try:
        with site(routes) as base:
            out = tmp_path / "out"
            scan(base + "/slow", "--out", out, "-q", "--no-sitemap", "--timeout", "3", expect=3)
    finally:
        never.set()
    [slow] = read_results(out)["pages"]
    assert (slow["status"], slow["reason"]) == ("error", "timeout: the page did not load within 3 s"), slow


def test_very_large_page_is_scanned_with_bounded_snippets(tmp_path):
    huge = "<p>" + "word " * 200_000 + "</p>" + '<img src="x.png">' * 200  # about 1 MB
    with site({"/": page("Huge", huge)}) as base:
        out = tmp_path / "out"
        proc = run_a11y("scan", base + "/", "--out", out, "-q", "--no-sitemap")
    assert proc.returncode == 1, proc.stderr
    [p] = read_results(out)["pages"]
    assert p["status"] == "scanned"
    assert max(len(n["html"]) for v in p["violations"] for n in v["nodes"]) <= 2000


def test_an_unwritable_default_folder_falls_back_and_still_writes(tmp_path):
    """Without --out the reports go to reports/<host>-<time>/; where that cannot be written they
    go to a temporary folder, said. (An --out the user named is refused instead: test_out_folder.)"""
    (tmp_path / "reports").write_text("not a folder")
    with site({"/": page("Home", CLEAN)}) as base:
        proc = run_a11y("scan", base + "/", "-q", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "cannot write to reports/" in proc.stderr
    fallback = Path(proc.stderr.split("writing the reports to ")[1].split(" instead")[0])
    assert (fallback / "results.json").exists()
    shutil.rmtree(fallback)


def test_config_file_sets_defaults_and_flags_win(tmp_path):
    with site({"/": page("Home", '<img src="a.png">')}) as base:
        (tmp_path / "a11y.toml").write_text('fail-on = "none"\nformat = ["json", "junit"]\nquiet = true\n')
        proc = run_a11y("scan", base + "/", "--out", "out1", cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        assert sorted(p.name for p in (tmp_path / "out1").iterdir()) == ["junit.xml", "results.json"]
        assert run_a11y("scan", base + "/", "--out", "out2", "--fail-on", "minor", cwd=tmp_path).returncode == 1
        (tmp_path / "a11y.toml").write_text('max_pagez = 3\n')
        proc = run_a11y("scan", base + "/", cwd=tmp_path)
        assert proc.returncode == 2 and "unknown setting 'max_pagez'" in proc.stderr


def test_pyproject_tool_section_is_read(tmp_path):
    with site({"/": page("Home", '<img src="a.png">')}) as base:
        (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.a11y]\nfail-on = "none"\n')
        assert run_a11y("scan", base + "/", "--out", "o", "-q", cwd=tmp_path).returncode == 0


def test_headers_are_sent(tmp_path):
    def guarded(h):
        if h.headers.get("Authorization") == "Bearer t0ken":
            return h._send(200, '<!doctype html><html lang="en"><title>In</title><main><h1>In</h1><img src="a.png"></main></html>')
        h._send(401, '<!doctype html><html lang="en"><title>Login</title><main><h1>Log in</h1></main></html>')
    with site({"/": guarded}) as base:
        out = tmp_path / "o"
        scan(base + "/", "--out", out, "-q", "--header", "Authorization: Bearer t0ken", "--no-sitemap", expect=1)
        [home] = read_results(out)["pages"]
    assert home["http_status"] == 200 and home["violations"]
    assert "t0ken" not in (out / "results.json").read_text()  # header values are not recorded


def test_storage_state_logs_in(tmp_path):
    def members(h):
        if "session=ok" in (h.headers.get("Cookie") or ""):
            return h._send(200, '<!doctype html><html lang="en"><title>Members</title><main><h1>Members</h1></main></html>')
        h._send(403, '<!doctype html><html lang="en"><title>No</title><main><h1>No</h1></main></html>')
    with site({"/": members}) as base:
        state = tmp_path / "state.json"
        state.write_text('{"cookies": [{"name": "session", "value": "ok", "domain": "127.0.0.1", "path": "/",'
                         ' "expires": -1, "httpOnly": false, "secure": false, "sameSite": "Lax"}], "origins": []}')
        out = tmp_path / "o"
        scan(base + "/", "--out", out, "-q", "--storage-state", state, expect=0)
        assert read_results(out)["pages"][0]["http_status"] == 200
        proc = run_a11y("scan", base + "/", "--out", out, "-q", "--storage-state", tmp_path / "missing.json")
        assert proc.returncode == 2


def test_same_page_under_two_urls_is_scanned_once(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text(
        '<!doctype html><html lang="en"><title>Home</title><main><h1>Home</h1>'
        '<a href="index.html">Home again</a> <a href="missing-1.html">a</a> <a href="missing-2.html">b</a></main></html>')
    out = tmp_path / "out"
    scan(tmp_path / "site", "--out", out, "-q", expect=0)
    pages = read_results(out)["pages"]
    scanned = [p["url"] for p in pages if p["status"] == "scanned" and p["http_status"] == 200]
    assert len(scanned) == 1
    [dup] = [p for p in pages if p["url"].endswith("/index.html")]
    assert dup["status"] == "skipped" and dup["reason"] == "duplicate: same content as /"
    # Broken links share one error body, and each is still reported.
    assert sorted(p["url"].rsplit("/", 1)[1] for p in pages if p["http_status"] == 404) == ["missing-1.html", "missing-2.html"]


def test_screenshots_of_failing_elements_are_small_and_linked(tmp_path):
    import struct

    body = '<img src="a.png" width="40" height="40">' + "".join(f'<input id="i{i}">' for i in range(5))
    with site({"/": page("Home", body)}) as base:
        out = tmp_path / "out"
        proc = run_a11y("scan", base + "/", "--out", out, "-q", "--screenshots", "--screenshot-limit", "3",
                        "--screenshot-size", "200x100", "--format", "json,html")
    assert proc.returncode == 1, proc.stderr
    nodes = [n for v in read_results(out)["pages"][0]["violations"] for n in v["nodes"]]
    shots = [n["screenshot"] for n in nodes if n["screenshot"]]
    assert len(shots) == 3  # the per-page limit
    for shot in shots:
        data = (out / shot).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", data[16:24])
        assert width <= 200 and height <= 100
    assert run_a11y("scan", base + "/", "--screenshot-size", "big", "--out", out).returncode == 2


def test_header_values_are_in_no_output(tmp_path):
    # Every format, and the command's own output: the header's name may appear, its value never.
    seen = []

    def guarded(h):
        seen.append(h.headers.get("X-Secret"))
        if h.headers.get("X-Secret") != "s3cr3t-value":
            return h._send(403, "<!doctype html><html lang='en'><title>No</title><main><h1>No</h1></main></html>")
        page("In", '<img src="a.png">')(h)

    formats = reporters.available()
    with site({"/": guarded}) as base:
        out = tmp_path / "out"
        proc = scan(base + "/", "--out", out, "-q", "--header", "X-Secret: s3cr3t-value", "--no-sitemap",
                    "--format", ",".join(formats), expect=1)
    assert "s3cr3t-value" in seen  # sent, so the page was scanned behind it
    written = sorted(p for p in out.rglob("*") if p.is_file())
    assert {p.name for p in written} >= {name for f in formats for name in reporters.get(f).filenames}
    assert read_results(out)["options"]["headers"] == ["X-Secret"]
    leaks = [str(p.relative_to(out)) for p in written if b"s3cr3t-value" in p.read_bytes()]
    assert leaks == []
    assert "s3cr3t-value" not in proc.stdout + proc.stderr


def test_an_error_page_wins_over_violations_exit_3(tmp_path):
    routes = {"/": page("Home", '<img src="a.png"><a href="/loop">loop</a>'),
              "/loop": redirect("/loop2"), "/loop2": redirect("/loop")}
    with site(routes) as base:
        out = tmp_path / "out"
        proc = scan(base + "/", "--out", out, "-q", "--no-sitemap", expect=3)
    pages = pages_by_url(read_results(out))
    assert [v["rule"] for v in pages[base + "/"]["violations"]] == ["image-alt"]  # on its own, exit 1
    assert pages[base + "/loop"]["status"] == "error"
    assert "exit 3" in proc.stderr
