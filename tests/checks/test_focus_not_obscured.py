"""focus-not-obscured (2.4.11 Focus Not Obscured (Minimum)) on fixture pages in a real Chromium."""
import pytest

from tests.checks.support import run_check, served

CHECK = "focus-not-obscured"
base = served(CHECK)


def targets(outcome):
    return [n.target[0] for n in outcome.nodes]


def test_fails_links_that_a_fixed_cookie_banner_covers_when_focused(browser_loop, base):
    # Tab scrolls an element into view only when it is out of view, then to the middle: links
    # low in the first screen, and the last ones (the page cannot scroll further), stay under it.
    outcome = run_check(browser_loop, CHECK, base + "fail-cookie-banner.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == ["#l8", "#l9", "#l14", "#l15", "#l20", "#l21", "#l26", "#l27", "#l28", "#l29"]
    assert all("entirely hidden by #cookies (position: fixed)" in n.summary for n in outcome.nodes)


def test_passes_a_sticky_header_partial_cover_and_a_see_through_overlay(browser_loop, base):
    for name, count in (("pass-scroll-padding.html", 31), ("pass-partly-covered.html", 30),
                        ("pass-see-through-overlay.html", 30)):
        outcome = run_check(browser_loop, CHECK, base + name)
        assert outcome.outcome == "passed", (name, outcome.reason)
        assert outcome.reason.startswith(f"none of the {count} element(s) of the tab order"), outcome.reason


def test_cover_by_a_dialog_that_may_be_dismissed_needs_review(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "review-dialog.html")
    assert outcome.outcome == "cantTell", outcome.reason
    assert "#l29" in targets(outcome)
    assert "hidden by the dialog #note (position: fixed)" in outcome.nodes[0].summary


def test_a_page_with_nothing_fixed_or_sticky_is_not_touched(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "inapplicable-nothing-fixed.html")
    assert outcome.outcome == "inapplicable", outcome.reason
    assert outcome.reason.startswith("no content is fixed or sticky on the page")


def test_fails_cover_a_focus_handler_adds_and_an_absolute_box_over_a_link(browser_loop, base):
    # Only where an element meets content that can cover it is it hit-tested: a help bar put in
    # by a focus handler joins that content as it comes, and a box placed over a link counts.
    outcome = run_check(browser_loop, CHECK, base + "fail-added-and-absolute.html")
    assert outcome.outcome == "failed", outcome.reason
    found = targets(outcome)
    assert found[0] == "#under" and "(position: fixed)" not in outcome.nodes[0].summary
    # The bar comes with the focus of #l15 or a later link; the last links stay under it.
    assert {"#l24"} <= set(found[1:]) <= {f"#l{i}" for i in range(15, 25)}, found
    assert all("(position: fixed)" in n.summary for n in outcome.nodes[1:])


def test_fails_links_in_a_shadow_root_under_the_documents_fixed_notice(browser_loop, base):
    # The fixed style is the document's, the links a component's (its shadow root has no sheet):
    # the gate, asked root by root, must not need both in one root.
    outcome = run_check(browser_loop, CHECK, base + "fail-links-in-a-shadow-root.html")
    assert outcome.outcome == "failed", outcome.reason
    assert "#l20" in targets(outcome)
    assert all("entirely hidden by #notice (position: fixed)" in n.summary for n in outcome.nodes)


@pytest.mark.parametrize("name", ["fail-escaped-fixed.html", "fail-fixed-by-custom-property.html"])
def test_fails_a_banner_fixed_however_its_position_is_written(browser_loop, base, name):
    # `fi\78 ed` in a style attribute and `var(--pinned)` in a rule are `fixed` once the browser
    # has read them: neither the gate nor the first look may go by the letters "fixed".
    outcome = run_check(browser_loop, CHECK, base + name)
    assert outcome.outcome == "failed", outcome.reason
    assert "#l29" in targets(outcome)
    assert all("entirely hidden by #cookies (position: fixed)" in n.summary for n in outcome.nodes)
