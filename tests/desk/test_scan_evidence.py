"""The coordinator starts from evidence: a request naming a page of an allowed (loopback) site is
scanned by a worker process; the request page shows the failing criteria by name, the findings
by rule with the element and help link, and the full report (to coordinators only); criteria are
pre-filled from the findings; after a fix, "Scan the page again" shows the finding as fixed; the
queue filters by criterion and by "scan found failures". Every state of the page scans clean."""
from __future__ import annotations

import threading

import httpx
import pytest
from werkzeug.serving import make_server

from a11y.serve import serve_directory
from a11y.testing import chromium_launch_args, describe, snapshot_violations

from .conftest import COORDINATOR, PASSWORD, AuthActions
from .workers import Desk, wait_until

pytestmark = pytest.mark.browser

BROKEN = ("<!doctype html><html lang='en'><head><title>Benefits</title></head><body><main>"
          "<h1>Benefits</h1><img src='chart.png'></main></body></html>")
FIXED = BROKEN.replace("<img src='chart.png'>", "<img src='chart.png' alt='Benefits paid each year'>")


def assert_clean(page, what: str):
    violations = snapshot_violations(page, "wcag21aa", best_practice=True)
    assert violations == [], f"{what} ({page.url}):\n{describe(violations)}"


@pytest.fixture
def desk(tmp_path):
    d = Desk(tmp_path)
    yield d
    d.close()


@pytest.fixture
def live(desk):
    server = make_server("127.0.0.1", 0, desk.app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(**chromium_launch_args())
        yield browser.new_context().new_page()
        browser.close()


def queue_refs(client, **filters) -> str:
    return client.get("/coordinator/", query_string=filters).get_data(as_text=True)


def test_request_page_shows_the_scan_and_a_rescan_shows_the_fix(desk, live, page, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(BROKEN)
    with serve_directory(site) as site_url:
        first = desk.submit(site_url)
        other = desk.submit("https://www.example.com/elsewhere")  # not on the list: never fetched
        desk.worker()
        desk.wait_scan(first)
        reference = "A11Y-" + page_reference(desk, first)

        page.goto(live + "/coordinator/login")
        page.fill("#email", COORDINATOR)
        page.fill("#password", PASSWORD)
        with page.expect_navigation():
            page.click("button[type=submit]")
        page.goto(f"{live}/coordinator/requests/{reference}")
        scan = page.locator("h2#scan-heading ~ *").all_text_contents()
        text = " ".join(scan)
        assert "Scanned" in text
        assert "1.1.1 Non-text Content" in text
        assert "Images must have alternative text" in text
        assert "<img src=\"chart.png\">" in text
        help_link = page.get_by_role("link", name="How to fix it (image-alt)")
        assert "dequeuniversity.com/rules/axe/" in help_link.get_attribute("href")
        assert page.input_value("#criteria") == "1.1.1"  # pre-filled from the findings
        assert_clean(page, "request page with scan evidence")

        # The full report: for signed-in coordinators, with its own sandboxing policy.
        report_href = page.get_by_role("link", name="Full scan report (report.html)").get_attribute("href")
        report = page.request.get(live + report_href)
        assert report.status == 200 and "Images must have alternative text" in report.text()
        csp = report.headers["content-security-policy"]
        assert "sandbox" in csp and "style-src 'sha256-" in csp and "unsafe" not in csp
        refused = []
        page.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
        page.goto(live + report_href)  # its own styles apply (allowed by hash): nothing is refused
        assert page.title() and refused == []
        page.go_back()
        anonymous = httpx.get(live + report_href, follow_redirects=False)
        assert anonymous.status_code == 302 and "/coordinator/login" in anonymous.headers["location"]

        # The queue filters, through the coordinator's own client.
        AuthActions(desk.client).login()
        assert reference in queue_refs(desk.client, criterion="1.1.1")
        assert reference in queue_refs(desk.client, scan_failures="1")
        assert reference not in queue_refs(desk.client, criterion="1.4.3")
        other_ref = "A11Y-" + page_reference(desk, other)
        assert other_ref not in queue_refs(desk.client, scan_failures="1")
        assert desk.scan(other).status == "not_scanned"

        # The coordinator records the criteria (the pre-filled value, plus one of their own).
        page.fill("#criteria", "1.1.1, 1.4.5")
        with page.expect_navigation():
            page.get_by_role("button", name="Save criteria").click()
        assert "Recorded: 1.1.1 Non-text Content, 1.4.5 Images of Text." in page.text_content("main")
        assert reference in queue_refs(desk.client, criterion="1.4.5")

        # The page is fixed; the coordinator scans it again.
        (site / "index.html").write_text(FIXED)
        with page.expect_navigation():
            page.get_by_role("button", name="Scan the page again").click()
        second = wait_until(lambda: (s := desk.latest_scan(first)) and s.id != first and s.id, "a second scan")
        desk.wait_scan(second)
        page.goto(f"{live}/coordinator/requests/{reference}")
        text = page.text_content("main")
        assert "Fixed since then: 1. New: 0. Still there: 0." in text
        assert "Fixed: Images must have alternative text (image-alt)" in text
        assert "The automated checks found no failures." in text
        assert reference not in queue_refs(desk.client, scan_failures="1")
        assert_clean(page, "request page after a re-scan")


def page_reference(desk, scan_id: int) -> str:
    from desk.extensions import db
    from desk.scans import Scan

    with desk.app.app_context():
        return db.session.get(Scan, scan_id).request.reference.removeprefix("A11Y-")


def test_a_request_outside_the_list_says_why_it_was_not_scanned(desk):
    scan_id = desk.submit("www.example.com/forms")
    scan = desk.scan(scan_id)
    assert (scan.status, scan.url) == ("not_scanned", "https://www.example.com/forms")
    assert scan.reason == "www.example.com is not one of the sites listed for scanning (DESK_SCAN_HOSTS)"
    assert scan.job_id is None
    AuthActions(desk.client).login()
    reference = page_reference(desk, scan_id)
    html = desk.client.get(f"/coordinator/requests/A11Y-{reference}").get_data(as_text=True)
    assert "Not scanned</strong>: www.example.com is not one of the sites listed" in html
