"""link-same-name-same-purpose (WCAG 2.4.4; ACT fd3a94) in a real Chromium."""
import pytest

from tests.checks.support import run_check, served

CHECK = "link-same-name-same-purpose"
base = served(CHECK)


@pytest.mark.parametrize("fixture", [
    "pass-same-address.html",  # names that differ only in case and spaces, one address
    "pass-zero-delay-refresh.html",  # one address reached through a zero-delay refresh
    "pass-same-main-content.html",  # two addresses, the same main content (navigation differs)
    "pass-script-links.html",  # role=link elements whose click handlers go to one address
    "pass-script-links-role-in-capitals.html",  # the same with role="LINK" and role="Link"
])
def test_links_that_provably_lead_to_the_same_resource_pass(browser_loop, base, fixture):
    outcome = run_check(browser_loop, CHECK, base + fixture)
    assert outcome.outcome == "passed", (outcome.reason, [n.summary for n in outcome.nodes])


def test_links_to_different_content_are_shown_for_review_with_both_addresses(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "review-different-content.html")
    assert outcome.outcome == "cantTell"
    assert len(outcome.nodes) == 2
    summary = outcome.nodes[0].summary
    assert summary.startswith('links named "Contact us" in the same context lead to different content')
    assert base + "dest/admissions.html" in summary and base + "dest/contact.html" in summary


def test_script_links_are_followed_by_activating_them_in_a_copy(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "review-script-links-apart.html")
    assert outcome.outcome == "cantTell"
    assert base + "dest/admissions.html" in outcome.nodes[0].summary


def test_a_script_link_that_goes_nowhere_needs_review(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "review-script-link-goes-nowhere.html")
    assert outcome.outcome == "cantTell"
    assert "works only by script" in outcome.nodes[0].summary


def test_links_to_other_sites_are_not_followed(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "review-other-sites.html")
    assert outcome.outcome == "cantTell"
    assert "on other sites, which are not followed (http://localhost:9/social-a, http://localhost:9/social-b)" \
        in outcome.nodes[0].summary


def test_links_in_different_contexts_or_hidden_are_inapplicable(browser_loop, base):
    # List items and table cells are different contexts; a link hidden from assistive
    # technology or not rendered is not in the accessibility tree; other names do not group.
    outcome = run_check(browser_loop, CHECK, base + "inapplicable-contexts-differ.html")
    assert outcome.outcome == "inapplicable", (outcome.reason, [n.summary for n in outcome.nodes])


def test_destinations_that_hang_loop_or_fail_are_left_for_review_with_the_reason(browser_loop):
    # Bad input: a destination whose load never finishes, a redirect loop and a 404 each cost
    # their own comparison (needs review, with why), never the check or the page.
    import threading

    from tests.scanner.siteserver import held, never_finishes, page, redirect, site

    release = threading.Event()  # /hang.png is answered only after the check (the load never ends)
    body = "".join(f'<p><a href="/ok">Contact us</a> <a href="{path}">Contact us</a></p>'
                   for path in ("/hangs", "/loop-a", "/missing"))
    routes = {"/": page("Bad destinations", body), "/ok": page("OK", "<p>Phone: 555 0100</p>"),
              "/hangs": never_finishes, "/hang.png": held(release, page("never")),
              "/loop-a": redirect("/loop-b"), "/loop-b": redirect("/loop-a")}
    try:
        with site(routes) as base:
            outcome = run_check(browser_loop, CHECK, base + "/")
    finally:
        release.set()
    assert outcome.outcome == "cantTell"
    said = sorted({n.summary for n in outcome.nodes})
    assert len(said) == 3, said
    assert any(f"{base}/hangs: it did not finish loading in the time given" in s for s in said), said
    assert any(f"{base}/loop-a: it could not be loaded (net::ERR_TOO_MANY_REDIRECTS)" in s for s in said), said
    assert any(f"{base}/missing: the server answered 404" in s for s in said), said


def test_a_pages_one_link_is_compared_with_a_link_in_a_shadow_root(browser_loop, base):
    # One link in the document itself: the count that spares pages of a single link must look
    # into shadow roots too.
    outcome = run_check(browser_loop, CHECK, base + "review-one-link-and-shadow.html")
    assert outcome.outcome == "cantTell", outcome.reason
    assert len(outcome.nodes) == 2
