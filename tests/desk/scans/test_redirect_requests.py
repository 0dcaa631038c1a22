"""A reported page that redirects is fetched once per hop: the request guard checks each hop as
the browser is about to send it, and nothing asks for a hop a second time (a request with side
effects, such as a sign-out or a one-time link, would run twice, and a site counts two visits).
Loopback only, listed by its address as the other scan tests do."""
from __future__ import annotations

import pytest

from desk.scans.hosts import AllowList
from desk.scans.scanning import Guard, scan_page
from tests.scanner.siteserver import counted, page, redirect, site


@pytest.mark.browser
def test_each_hop_of_a_two_hop_redirect_chain_is_requested_once():
    hits: list[str] = []
    routes = {"/start": counted(hits, redirect("/middle")),
              "/middle": counted(hits, redirect("/end")),
              "/end": counted(hits, page("Arrived", "<p>The page the links lead to.</p>"))}
    with site(routes) as base:
        guard = Guard(AllowList.parse("127.0.0.1"))
        [scanned] = scan_page(f"{base}/start", "section508", guard, 30).pages
    assert scanned.status == "scanned", scanned.reason
    assert scanned.final_url == f"{base}/end"
    assert guard.refused == []
    assert hits == ["/start", "/middle", "/end"]
