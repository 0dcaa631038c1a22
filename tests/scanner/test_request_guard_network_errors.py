"""A page the request guard lets through but cannot fetch fails with the network error the browser
would have met itself (refused, reset, closed), not a bare ERR_FAILED: the browser sends what the
guard allows itself, and where the guard walks a redirect chain from Python (frames in processes
of their own, workers, popups) it gives the browser the matching error code (browser.network_error).
Loopback only: a port bound but not listening, and servers that cut the connection."""
from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
import threading

import pytest

from a11y.browser import network_error
from a11y.scan import Scanner, ScanOptions
from desk.scans.hosts import AllowList, decide

ALLOW = AllowList.parse("127.0.0.1")


async def guard(url: str, top: bool) -> str | None:
    return decide(url, ["127.0.0.1"], ALLOW, check_host=top)  # given, never looked up


def guarded_scan(url: str):
    async def go():
        options = ScanOptions(checks=False, depth=0, sitemap=False, robots=False, timeout=30, concurrency=1,
                              request_guard=guard)
        async with Scanner([url], options) as scanner:
            return await scanner.run()
    return asyncio.run(go())


@contextlib.contextmanager
def refusing_port():
    """A loopback port bound but not listening: every connection to it is refused, and no other
    program can take the port meanwhile."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        yield s.getsockname()[1]


@contextlib.contextmanager
def cutting_server(reset: bool):
    """A loopback server that reads each request and closes the connection without an answer:
    with a reset (RST) when `reset`, else a plain close."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:  # closed: the test is over
                return
            with conn:
                conn.recv(65536)
                if reset:
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()


@pytest.mark.browser
def test_a_closed_port_is_connection_refused():
    with refusing_port() as port:
        url = f"http://127.0.0.1:{port}/closed.html"
        [page] = guarded_scan(url).pages
    assert (page.status, page.reason) == (
        "error", f"navigation failed: connection refused: nothing answers at 127.0.0.1:{port} "
                 "(err_connection_refused)")


@pytest.mark.browser
@pytest.mark.parametrize("reset, said", [
    (True, "connection reset: the server at 127.0.0.1:{port} broke off the connection (err_connection_reset)"),
    (False, "empty response: the server at 127.0.0.1:{port} closed the connection without sending anything "
            "(err_empty_response)"),
])
def test_a_server_that_cuts_the_connection_is_said_so(reset, said):
    with cutting_server(reset) as port:
        [page] = guarded_scan(f"http://127.0.0.1:{port}/").pages
    assert (page.status, page.reason) == ("error", "navigation failed: " + said.format(port=port))


@pytest.mark.parametrize("message, code", [
    # What Playwright's fetch says on failures a loopback test cannot bring about (Node's error codes).
    ("Route.fetch: getaddrinfo ENOTFOUND www.agency.gov\nCall log:\n  - → GET https://www.agency.gov/",
     "namenotresolved"),
    ("Route.fetch: getaddrinfo EAI_AGAIN www.agency.gov", "namenotresolved"),
    ("Route.fetch: connect ETIMEDOUT 203.0.113.9:443", "timedout"),
    ("Route.fetch: Timeout 30000ms exceeded.", "timedout"),
    ("Route.fetch: connect EHOSTUNREACH 203.0.113.9:443", "addressunreachable"),
    ("Route.fetch: connect ENETUNREACH 2001:db8::1:443", "addressunreachable"),
    ("Route.fetch: socket hang up (ECONNRESET)", "connectionclosed"),
    ("Route.fetch: read ECONNRESET", "connectionreset"),
    ("Route.fetch: self-signed certificate", "failed"),  # the browser has no code for it to be given
    ("", "failed"),
    # Only the message counts, not the call log under it.
    ("Route.fetch: unexpected\nCall log:\n  - → GET https://www.agency.gov/ECONNREFUSED", "failed"),
])
def test_fetch_failures_become_the_browsers_error_codes(message, code):
    assert network_error(Exception(message)) == code


@pytest.mark.browser
def test_a_closed_port_behind_header_values_is_connection_refused_too(tmp_path):
    # Requests to the --header origins get their values from DevTools (browser.add_site_headers): the
    # browser sends them itself, and a refused connection is its own error, not a bare ERR_FAILED.
    from tests.support import read_results, scan

    with refusing_port() as port:
        scan(f"http://127.0.0.1:{port}/", "--header", "X-Token: 1", "--depth", "0", "--out", tmp_path / "o",
             "-q", "--format", "json", expect=3)
    [page] = read_results(tmp_path / "o")["pages"]
    assert "connection refused" in page["reason"] and "err_connection_refused" in page["reason"], page["reason"]
