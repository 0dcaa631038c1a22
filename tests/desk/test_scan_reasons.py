"""A reported page that cannot be scanned says so in plain words: a page that answers 404 is
"Could not be scanned: the page answered 404 Not Found" (not "Scanned, no failures"), a closed
port is "the page could not be reached", a PDF "needs its own accessibility review". The scans
run here, in this process, as a worker runs them (the worker process is tested in test_worker.py)."""
from __future__ import annotations

import re
import socket

import pytest
from playwright.sync_api import sync_playwright

from a11y.serve import serve_directory
from a11y.testing import chromium_launch_args, describe, snapshot_violations
from desk import jobs
from desk.extensions import db
from desk.scans import Scan
from desk.scans.reasons import plain

from .conftest import COORDINATOR, PASSWORD, AuthActions, serving
from .workers import Desk

PAGE = "<!doctype html><html lang='en'><head><title>Fees</title></head><body><main><h1>Fees</h1></main></body></html>"


@pytest.fixture
def desk(tmp_path):
    d = Desk(tmp_path)
    yield d
    d.close()


def run_scan(desk: Desk, scan_id: int) -> Scan:
    with desk.app.app_context():
        jobs.run_job(db.session.get(Scan, scan_id).job_id)
        db.session.remove()
    return desk.scan(scan_id)


def request_page(desk: Desk, scan_id: int) -> str:
    with desk.app.app_context():
        reference = db.session.get(Scan, scan_id).request.reference
    return text_of(desk.client.get(f"/coordinator/requests/{reference}").get_data(as_text=True))


def text_of(html: str) -> str:
    """The page's text, as one line (its markup taken out)."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace(" :", ":").replace(" .", ".").split())


@pytest.mark.browser
def test_pages_that_cannot_be_scanned_say_why_in_plain_words(desk, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(PAGE)
    (site / "guide.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    closed = socket.socket()  # bound, never listening: a connection to it is refused
    closed.bind(("127.0.0.1", 0))
    try:
        with serve_directory(site) as url:
            missing = desk.submit(url + "no-such-page.html")
            pdf = desk.submit(url + "guide.pdf")
            unreachable = desk.submit(f"http://127.0.0.1:{closed.getsockname()[1]}/closed")
            scanned = desk.submit(url + "index.html")
            outcomes = {name: run_scan(desk, scan_id) for name, scan_id in
                        (("missing", missing), ("pdf", pdf), ("unreachable", unreachable), ("scanned", scanned))}
    finally:
        closed.close()
    assert {k: s.status for k, s in outcomes.items()} == {
        "missing": "error", "pdf": "error", "unreachable": "error", "scanned": "done"}
    assert outcomes["missing"].results_json == ""  # the error page's findings are not the reported page's

    AuthActions(desk.client).login()
    text = request_page(desk, missing)
    assert "Could not be scanned: the page answered 404 Not Found." in text
    assert "found no failures" not in text
    text = request_page(desk, pdf)
    assert "Could not be scanned: the address is a PDF document, which needs its own accessibility review." in text
    assert "not-html" not in text
    text = request_page(desk, unreachable)
    assert "Could not be scanned: the page could not be reached" in text
    # The scanner's own words stay available to the coordinator, below the plain ones.
    assert "Technical detail:" in text and "err_connection_refused" in text and "its site refused the connection" in text
    assert "The automated checks found no failures." in request_page(desk, scanned)

    queue = text_of(desk.client.get("/coordinator/").get_data(as_text=True))
    assert queue.count("Could not be scanned") == 3
    assert queue.count("0 failing elements") == 1  # the page that was really scanned

    # The state scans clean, technical detail included.
    with serving(desk.app) as live, sync_playwright() as p:
        browser = p.chromium.launch(**chromium_launch_args())
        try:
            page = browser.new_page()
            page.goto(live + "/coordinator/login")
            page.fill("#email", COORDINATOR)
            page.fill("#password", PASSWORD)
            with page.expect_navigation():
                page.click("button[type=submit]")
            with desk.app.app_context():
                reference = db.session.get(Scan, unreachable).request.reference
            page.goto(f"{live}/coordinator/requests/{reference}")
            violations = snapshot_violations(page, "wcag21aa", best_practice=True)
            assert violations == [], describe(violations)
        finally:
            browser.close()


@pytest.mark.parametrize(("raw", "words"), [
    ("http-status: 404", "the page answered 404 Not Found"),
    ("http-status: 503", "the page answered 503 Service Unavailable"),
    ("not-html: document (.pdf)", "the address is a PDF document, which needs its own accessibility review"),
    ("not-html: application/pdf", "the address is a PDF document, which needs its own accessibility review"),
    ("not-html: application/vnd.openxmlformats-officedocument.wordprocessingml.document",
     "the address is a Word document, which needs its own accessibility review"),
    ("not-html: image/png", "the address is a file, not a web page, so it needs its own accessibility review"),
    ("error: Page.goto: net::ERR_FAILED at http://127.0.0.1:9/closed", "the page could not be reached"),
    ("navigation failed: DNS lookup failed (err_name_not_resolved)",
     "the page could not be reached: its site's name was not found"),
    ("navigation failed: connection refused (err_connection_refused)",
     "the page could not be reached: its site refused the connection"),
    # The scanner's words since session 30 name where; the code in brackets decides.
    ("navigation failed: connection refused: nothing answers at 127.0.0.1:9 (err_connection_refused)",
     "the page could not be reached: its site refused the connection"),
    ("navigation failed: TLS certificate error: the certificate of 127.0.0.1:8443 is not signed by an authority "
     "Chromium trusts (self-signed, or a private authority) (err_cert_authority_invalid)",
     "the page could not be reached safely: its site's security certificate is not valid"),
    ("timeout: the page did not load within 30 s", "the page did not finish loading within 30 seconds"),
    ("www.example.com is not one of the sites listed for scanning (DESK_SCAN_HOSTS)",
     "www.example.com is not one of the sites listed for scanning (DESK_SCAN_HOSTS)"),
])
def test_scanner_reasons_in_plain_words(raw, words):
    reason = plain(raw)
    assert reason.words == words
    assert "net::" not in reason.words and "not-html" not in reason.words
