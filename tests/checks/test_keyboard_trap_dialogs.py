"""no-keyboard-trap on modal dialogs that only their own buttons close (Understanding 2.1.2: a
dialog whose OK or Cancel keeps focus inside and closes it when activated meets the criterion),
in real Chromium, through the checks engine."""
from __future__ import annotations

import pytest

from tests.checks.support import run_check, run_check_and_look, served

pytestmark = pytest.mark.browser
CHECK = "no-keyboard-trap"
site = served(CHECK)
# What the page is after the check: its address, whether a sign-out handler ran, whether focus
# is still in a dialog that is still there.
AFTER = "() => [location.pathname, !!window.signedOut]"


@pytest.mark.parametrize("name", ["pass-dialog-buttons-close.html", "pass-static-backdrop-modal.html"])
def test_a_dialog_that_enter_on_its_buttons_closes_is_no_trap(browser_loop, site, name):
    result = run_check(browser_loop, CHECK, site + name)
    assert (result.outcome, result.reason) == ("passed", "")


def test_a_button_that_acts_is_pressed_only_when_no_other_lets_focus_out(browser_loop, site):
    # "Continue session" comes after "Sign out" in the dialog, but is pressed first; its POST is
    # refused, and the dialog closes all the same.
    result, (path, signed_out), pages = run_check_and_look(
        browser_loop, CHECK, site + "pass-dialog-sign-out-not-pressed.html", AFTER)
    assert (result.outcome, result.reason) == ("passed", "")
    assert (path, signed_out, pages) == ("/pass-dialog-sign-out-not-pressed.html", False, 1)


def test_a_dialog_whose_only_way_out_loads_another_page_needs_review(browser_loop, site):
    result, (path, _), _ = run_check_and_look(browser_loop, CHECK, site + "review-dialog-button-leaves-page.html", AFTER)
    assert result.outcome == "cantTell", result.reason
    assert "loads another page" in result.reason and "other.html" in result.reason
    assert path == "/review-dialog-button-leaves-page.html"  # the load was stopped


def test_a_dialog_that_closes_only_once_its_refused_request_is_answered_needs_review(browser_loop, site):
    result = run_check(browser_loop, CHECK, site + "review-dialog-button-posts.html")
    assert result.outcome == "cantTell", result.reason
    assert "sends data to the site" in result.reason and "keepalive" in result.reason


def test_a_dialog_whose_buttons_keep_focus_inside_fails(browser_loop, site):
    result = run_check(browser_loop, CHECK, site + "fail-dialog-buttons-stay-inside.html")
    assert result.outcome == "failed", result.reason
    assert sorted(n.target for n in result.nodes) == [["#next"], ["#prev"]]
    assert "nor does Enter on its buttons" in result.reason
    assert "gives no instructions" in result.reason
