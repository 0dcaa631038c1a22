"""A reported page that cannot be reached says why in plain words: the desk's scans go through the
request guard, which gives the browser the real network error (not ERR_FAILED), and the request
page maps it (reasons.py). Loopback only: a port bound but not listening."""
from __future__ import annotations

import pytest

from desk.scans.hosts import AllowList
from desk.scans.reasons import Reason, plain
from desk.scans.scanning import Guard, scan_page
from tests.scanner.test_request_guard_network_errors import refusing_port


@pytest.mark.browser
def test_a_closed_port_says_the_site_refused_the_connection():
    with refusing_port() as port:
        guard = Guard(AllowList.parse("127.0.0.1"))
        [page] = scan_page(f"http://127.0.0.1:{port}/closed.html", "section508", guard, 30).pages
    assert page.status == "error"
    assert plain(page.reason) == Reason(
        "the page could not be reached: its site refused the connection",
        f"navigation failed: connection refused: nothing answers at 127.0.0.1:{port} (err_connection_refused)")
    assert guard.refused == []  # let through: it failed on the network, not at the guard


@pytest.mark.parametrize("raw, words", [
    ("navigation failed: connection closed: the server at h:80 closed it without an answer (err_connection_closed)",
     "the page could not be reached: its site closed the connection without answering"),
    ("navigation failed: timed out: h:80 took too long to answer (err_timed_out)",
     "the page could not be reached: its site did not answer in time"),
    ("navigation failed: connection timed out: nothing answered at h:443 in time (err_connection_timed_out)",
     "the page could not be reached: its site did not answer in time"),
])
def test_the_other_errors_the_guard_passes_on_are_in_plain_words(raw, words):
    assert plain(raw).words == words
