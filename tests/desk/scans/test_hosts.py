"""Which reported pages the desk fetches: the decision, given resolved addresses (nothing is
resolved or contacted here), and the browser's guard on loopback pages, where a redirect
from an allowed page to a loopback address not on the list is refused."""
from __future__ import annotations

import contextlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from a11y.browser import MAX_REFUSALS, Refusal
from desk.scans.hosts import AllowList, AllowListError, decide, host_refusal
from desk.scans.scanning import Guard, scan_page

AGENCY = AllowList.parse("www.agency.gov, *.agency.gov 10.20.0.0/16 192.0.2.7")


@pytest.mark.parametrize("url, addresses", [
    ("https://www.agency.gov/benefits", ["93.184.216.34"]),
    ("https://forms.agency.gov/x", ["2606:2800:220:1::248"]),
    ("https://intranet.agency.gov/", ["10.20.3.4"]),  # a private address the list names as a network
    ("http://192.0.2.7/page", ["192.0.2.7"]),  # a reserved (documentation) address named on the list
])
def test_allowed(url, addresses):
    assert decide(url, addresses, AGENCY) is None


@pytest.mark.parametrize("url, addresses, reason", [
    ("https://www.example.com/", ["93.184.216.34"], "www.example.com is not one of the sites listed"),
    ("https://agency.gov.example.com/", ["93.184.216.34"], "is not one of the sites listed"),
    ("ftp://www.agency.gov/file", ["93.184.216.34"], "only http and https"),
    ("https://www.agency.gov/", [], "did not resolve"),
    ("https://www.agency.gov/", ["127.0.0.1"], "resolves to 127.0.0.1, a private, loopback or link-local"),
    ("https://www.agency.gov/", ["10.0.0.5"], "resolves to 10.0.0.5"),  # private, outside the listed network
    ("https://www.agency.gov/", ["93.184.216.34", "192.168.1.1"], "resolves to 192.168.1.1"),
    ("https://www.agency.gov/", ["169.254.169.254"], "resolves to 169.254.169.254"),  # link-local (cloud metadata)
    ("https://www.agency.gov/", ["::1"], "resolves to ::1"),
    ("https://www.agency.gov/", ["fe80::1%eth0"], "resolves to fe80::1"),
    ("https://www.agency.gov/", ["fd00::1"], "resolves to fd00::1"),  # unique local
    ("https://www.agency.gov/", ["::ffff:127.0.0.1"], "resolves to ::ffff:7f00:1"),  # IPv4-mapped loopback
    ("https://www.agency.gov/", ["100.64.0.1"], "resolves to 100.64.0.1"),  # shared address space
    ("https://www.agency.gov/", ["0.0.0.0"], "resolves to 0.0.0.0"),
    ("https://www.agency.gov/", ["224.0.0.1"], "resolves to 224.0.0.1"),  # multicast
])
def test_refused(url, addresses, reason):
    assert reason in decide(url, addresses, AGENCY)


def test_a_name_on_the_list_does_not_open_a_private_address():
    allow = AllowList.parse("localhost")
    assert "resolves to 127.0.0.1" in decide("http://localhost:8000/", ["127.0.0.1"], allow)
    assert decide("http://localhost:8000/", ["127.0.0.1"], AllowList.parse("localhost 127.0.0.1")) is None


def test_resources_may_come_from_other_hosts_but_not_from_private_addresses():
    assert decide("https://cdn.example.net/site.css", ["93.184.216.34"], AGENCY, check_host=False) is None
    assert "resolves to 10.9.9.9" in decide("https://cdn.example.net/a.css", ["10.9.9.9"], AGENCY, check_host=False)


def test_nothing_is_fetched_until_sites_are_listed():
    assert "DESK_SCAN_HOSTS is empty" in host_refusal("https://www.agency.gov/", AllowList.parse(""))


@pytest.mark.parametrize("entry", ["https://www.agency.gov/", "www.agency.gov/path", "under_score.gov", "a;b"])
def test_bad_entries_are_refused_with_the_entry_named(entry):
    with pytest.raises(AllowListError, match=f"{entry!r} is not a host name"):
        AllowList.parse(f"www.agency.gov {entry}")


def test_bad_allow_list_stops_the_desk_with_one_line(tmp_path):
    from desk import create_app

    from ..conftest import test_config

    with pytest.raises(SystemExit, match="DESK_SCAN_HOSTS: 'http://x.gov/'"):
        create_app(test_config(tmp_path, DESK_SCAN_HOSTS="http://x.gov/"))


# --- the guard in a real browser, on loopback only ------------------------------------

class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        target = self.server.redirect_to
        if self.path == "/moved" and target:
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.server.pages_served += 1
        picture = self.server.picture_from
        img = f"<img src='{picture}logo.png' alt='Logo'>" if self.path == "/with-logo" and picture else ""
        if self.path == "/same-names":  # two links of one name: a check loads both destinations
            img = "<p><a href='/'>Read more</a> <a href='/moved'>Read more</a></p>"
        body = f"<!doctype html><html lang='en'><title>Page</title><main><h1>Page</h1>{img}</main></html>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def _serve(host: str):
    server = ThreadingHTTPServer((host, 0), _Handler)
    server.redirect_to, server.picture_from, server.pages_served = None, None, 0
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@contextlib.contextmanager
def _listed_and_not():
    """A server on 127.0.0.1 (the address the tests list) and one on 127.0.0.2 (not listed)."""
    allowed, other = _serve("127.0.0.1"), _serve("127.0.0.2")
    try:
        yield allowed, other
    finally:
        for server in (allowed, other):
            server.shutdown()
            server.server_close()


@pytest.mark.browser
def test_a_redirect_from_an_allowed_page_to_a_loopback_address_not_listed_is_refused():
    with _listed_and_not() as (allowed, other):
        target = f"http://127.0.0.2:{other.server_port}/"
        allowed.redirect_to = target
        guard = Guard(AllowList.parse("127.0.0.1"))
        results = scan_page(f"http://127.0.0.1:{allowed.server_port}/moved", "section508", guard, 30)
        assert results.pages[0].status == "error"
        assert guard.page_refusal() == (
            f"{target} was not fetched: 127.0.0.2 is not one of the sites listed for scanning (DESK_SCAN_HOSTS)")
        assert other.pages_served == 0
        # The same redirect with the address listed is followed, and that page scanned.
        guard = Guard(AllowList.parse("127.0.0.1 127.0.0.2"))
        results = scan_page(f"http://127.0.0.1:{allowed.server_port}/moved", "section508", guard, 30)
        assert (results.pages[0].status, results.pages[0].final_url) == ("scanned", target)
        assert guard.refused == []


@pytest.mark.browser
def test_a_picture_on_a_loopback_address_not_listed_is_refused_and_said():
    with _listed_and_not() as (allowed, other):
        picture = f"http://127.0.0.2:{other.server_port}/"
        allowed.picture_from = picture
        guard = Guard(AllowList.parse("127.0.0.1"))
        results = scan_page(f"http://127.0.0.1:{allowed.server_port}/with-logo", "section508", guard, 30)
        assert results.pages[0].status == "scanned"
        assert guard.page_refusal() is None
        assert guard.resource_refusals() == (
            "1 file(s) the page uses were not fetched, so findings about them may be missing "
            f"({picture}logo.png: 127.0.0.2 resolves to 127.0.0.2, a private, loopback or link-local address not "
            "listed in DESK_SCAN_HOSTS)")
        assert other.pages_served == 0
        # With nothing refused, nothing is said.
        guard = Guard(AllowList.parse("127.0.0.1 127.0.0.2"))
        scan_page(f"http://127.0.0.1:{allowed.server_port}/with-logo", "section508", guard, 30)
        assert (guard.resource_refusals(), other.pages_served) == ("", 1)


@pytest.mark.browser
def test_what_a_checks_copy_of_a_page_was_refused_is_not_said_of_the_page():
    """link-same-name-same-purpose loads the destinations of two links named alike in tabs of its
    own; the guard refuses /moved's redirect there. The reported page loaded and was scanned:
    it is neither "not scanned" nor said to miss a file (the check names the destination)."""
    with _listed_and_not() as (allowed, other):
        allowed.redirect_to = f"http://127.0.0.2:{other.server_port}/"
        guard = Guard(AllowList.parse("127.0.0.1"))
        results = scan_page(f"http://127.0.0.1:{allowed.server_port}/same-names", "section508", guard, 30)
        [page] = [p for p in results.pages if p.url.endswith("/same-names")]
        assert page.status == "scanned"
        assert [url for url, _, _ in guard.refused] == [allowed.redirect_to]  # refused in the check's tab
        assert (guard.page_refusal(), guard.resource_refusals()) == (None, "")
        assert other.pages_served == 0


def test_files_refused_past_those_the_scanner_kept_are_a_floor():
    guard = Guard(AllowList.parse("127.0.0.1"))
    kept = [Refusal(f"http://127.0.0.2/{i}.png", False, "private") for i in range(MAX_REFUSALS)]
    guard.of_page("http://127.0.0.1/", kept, MAX_REFUSALS + 150)
    assert guard.resource_refusals() == (
        f"at least {MAX_REFUSALS} file(s) the page uses were not fetched, so findings about them may be missing "
        f"(http://127.0.0.2/0.png and {MAX_REFUSALS - 1} more: private)")
    guard.of_page("http://127.0.0.1/", kept[:2], 2)
    assert guard.resource_refusals().startswith("2 file(s) the page uses were not fetched")
