"""A page Chromium could not load says why in plain words, and the exit-3 line names it.

The end-to-end cases use what needs no other machine: a closed loopback port, plain HTTP
asked for over TLS, and port 10080, which Chromium refuses before it connects anywhere.
"""
import socket

import pytest

from a11y.scan import _reason
from tests.support import pages_by_url, read_results, run_a11y

from .siteserver import page, site


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def exit_line(proc) -> str:
    [line] = [line for line in proc.stderr.splitlines() if line.startswith("a11y: ") and "(exit" in line]
    return line


@pytest.mark.parametrize("code,url,words", [
    ("ERR_CONNECTION_REFUSED", "http://127.0.0.1:45999/", "connection refused: nothing answers at 127.0.0.1:45999"),
    ("ERR_UNSAFE_PORT", "http://127.0.0.1:10080/",
     "Chromium refuses to load pages from port 10080, which it treats as unsafe; serve the site on another port"),
    ("ERR_NAME_NOT_RESOLVED", "http://no-such-host.invalid/", "DNS lookup failed"),
    ("ERR_CONNECTION_RESET", "http://127.0.0.1:8000/a",
     "connection reset: the server at 127.0.0.1:8000 broke off the connection"),
    ("ERR_CONNECTION_TIMED_OUT", "https://site.example/",
     "connection timed out: nothing answered at site.example:443 in time"),
    ("ERR_TIMED_OUT", "http://site.example/", "timed out: site.example:80 took too long to answer"),
    ("ERR_EMPTY_RESPONSE", "http://127.0.0.1:8000/",
     "empty response: the server at 127.0.0.1:8000 closed the connection without sending anything"),
    ("ERR_CERT_AUTHORITY_INVALID", "https://127.0.0.1:8443/",
     "TLS certificate error: the certificate of 127.0.0.1:8443 is not signed by an authority Chromium trusts "
     "(self-signed, or a private authority)"),
    ("ERR_CERT_DATE_INVALID", "https://site.example/",
     "TLS certificate error: the certificate of site.example:443 has expired or is not valid yet"),
    ("ERR_CERT_COMMON_NAME_INVALID", "https://site.example/",
     "TLS certificate error: the certificate of site.example:443 is for another host name"),
    ("ERR_CERT_REVOKED", "https://site.example/",
     "TLS certificate error: Chromium does not accept the certificate of site.example:443"),
    ("ERR_TOO_MANY_REDIRECTS", "http://127.0.0.1:8000/loop", "redirect loop: the page redirects too many times"),
    ("ERR_BLOCKED_BY_CLIENT", "http://10.1.2.3/",
     "blocked before it was sent: the scan does not allow this address"),
])
def test_chromium_network_errors_in_plain_words(code, url, words):
    exc = Exception(f"Page.goto: net::{code} at {url}\nCall log:\n  - navigating to \"{url}\"")
    assert _reason(exc, 30) == f"navigation failed: {words} ({code.lower()})"


def test_an_unknown_network_error_keeps_chromium_s_words():
    exc = Exception("Page.goto: net::ERR_SOMETHING_NEW at http://127.0.0.1:8000/")
    assert _reason(exc, 30) == "error: Page.goto: net::ERR_SOMETHING_NEW at http://127.0.0.1:8000/"


def test_the_exit_3_line_names_the_seed_that_could_not_be_scanned_and_why(tmp_path):
    port = closed_port()
    dead = f"http://127.0.0.1:{port}/"
    proc = run_a11y("scan", dead, "--out", tmp_path / "out", "--quiet")
    assert proc.returncode == 3, proc.stderr
    assert exit_line(proc) == (
        f"a11y: incomplete: {dead} could not be scanned (navigation failed: connection refused: nothing answers "
        f"at 127.0.0.1:{port} (err_connection_refused)); no page was scanned (exit 3)")


def test_an_unsafe_port_and_tls_to_plain_http_are_explained(tmp_path):
    with site({"/": page("Home", "<p>Served over plain HTTP.</p>")}) as base:
        over_tls = base.replace("http://", "https://") + "/"
        unsafe = "http://127.0.0.1:10080/"
        proc = run_a11y("scan", over_tls, unsafe, "--depth", "0", "--no-sitemap", "--out", tmp_path / "out", "-q")
    assert proc.returncode == 3, proc.stderr
    pages = pages_by_url(read_results(tmp_path / "out"))
    host = over_tls.split("/")[2]
    assert pages[over_tls]["reason"] == (f"navigation failed: TLS handshake failed with {host}: perhaps it serves "
                                         "plain HTTP on that port (err_ssl_protocol_error)")
    assert pages[unsafe]["reason"] == (
        "navigation failed: Chromium refuses to load pages from port 10080, which it treats as unsafe; serve the "
        "site on another port (err_unsafe_port)")
    # Two pages in error: the first is named, the other counted.
    first = next(url for url in pages if pages[url]["status"] == "error")
    assert exit_line(proc) == (f"a11y: incomplete: {first} could not be scanned ({pages[first]['reason']}), "
                               "and 1 more page(s); no page was scanned (exit 3)")
