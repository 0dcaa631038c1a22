"""iframe-tab-order-content (ACT akn7bn): an iframe showing content that takes keyboard focus
must not have a negative tabindex; judged in a real Chromium."""
import pytest

from tests.checks.focus_support import assert_fails_and_puts_back
from tests.checks.support import run_check, served

CHECK = "iframe-tab-order-content"

pytestmark = pytest.mark.browser
base = served(CHECK)


def test_negative_tabindex_on_frames_with_focusable_content_fails(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-negative-tabindex.html")
    assert outcome.outcome == "failed"
    assert sorted((n.target for n in outcome.nodes), key=repr) == [["#fail1"], ["#outer", "#fail2"]]
    inner = next(n for n in outcome.nodes if n.target == ["#outer", "#fail2"])
    assert inner.summary.startswith('tabindex="-2" takes this iframe')


def test_a_frame_in_a_closed_shadow_root_is_judged_too(browser_loop, base):
    # No selector finds its element: the gate must let the check run (test_present_gates), and the
    # check, which goes by the page's frames, fails it through the component that holds it.
    outcome = run_check(browser_loop, CHECK, base + "fail-in-a-closed-shadow-root.html")
    assert outcome.outcome == "failed", outcome.reason
    assert [n.target for n in outcome.nodes] == [[["news-letter", "iframe"]]]  # through the shadow root


def test_frames_left_in_the_tab_order_pass(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "pass-in-tab-order.html")
    assert outcome.outcome == "passed", outcome.reason


@pytest.mark.parametrize("page", ["inapplicable-not-shown-or-inert.html", "inapplicable-modal-dialog.html"])
def test_hidden_tiny_inert_or_blocked_frames_are_inapplicable(browser_loop, base, page):
    outcome = run_check(browser_loop, CHECK, base + page)
    assert outcome.outcome == "inapplicable", outcome.reason


def test_content_shown_only_by_scrolling_the_frame_needs_review(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "review-scroll-only.html")
    assert outcome.outcome == "cantTell"
    assert "scrolling inside the frame" in outcome.reason


def test_focus_and_scroll_are_put_back(browser_loop, base):
    prepare = "document.body.style.height = '3000px'; window.scrollTo(0, 300); document.getElementById('first').focus({preventScroll: true})"
    assert_fails_and_puts_back(browser_loop, CHECK, base + "fail-negative-tabindex.html", prepare, "first", [0, 300])
