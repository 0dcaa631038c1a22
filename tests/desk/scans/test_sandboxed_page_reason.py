"""A reported page served under a Content-Security-Policy sandbox, such as the desk's own
report.html, says at once that its scripts are off and it needs checking by hand, not that axe ran
out of time. Loopback only."""
from __future__ import annotations

import pytest

from desk.coordinator.scan_views import report_csp
from desk.scans.hosts import AllowList
from desk.scans.reasons import Reason, plain
from desk.scans.scanning import Guard, scan_page
from tests.scanner.siteserver import PAGE, site

REPORT = PAGE.format(title="Report", body="<style>h1 { color: #036; }</style><p>Findings</p>")


@pytest.mark.browser
def test_a_page_under_the_desks_report_policy_says_its_scripts_are_off():
    policy = report_csp(REPORT)
    assert policy.endswith("; sandbox")  # the policy the desk serves report.html under
    with site({"/report.html": lambda h: h._send(200, REPORT, headers={"Content-Security-Policy": policy})}) as base:
        [page] = scan_page(f"{base}/report.html", "section508", Guard(AllowList.parse("127.0.0.1")), 30).pages
    assert page.status == "error"
    assert plain(page.reason) == Reason(
        "the page turns off scripts, which the automatic checks need to run, so it needs to be checked by hand",
        "scripts off: the page's Content-Security-Policy sandbox turns off scripts, so the audit cannot run")
