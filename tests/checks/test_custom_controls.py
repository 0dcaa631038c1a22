"""custom-control-keyboard (2.1.1 Keyboard) on fixture pages in a real Chromium."""
from pathlib import Path

import pytest

from tests.checks.support import run_check

FIXTURES = Path(__file__).parent.parent / "fixtures" / "checks" / "custom-control-keyboard"
CHECK = "custom-control-keyboard"


@pytest.fixture(scope="module")
def base():
    from a11y.serve import serve_directory

    with serve_directory(FIXTURES) as url:
        yield url


def test_fails_controls_the_tab_key_never_reaches_or_the_keys_do_not_work(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-div-controls.html")
    assert outcome.outcome == "failed", outcome.reason
    by_target = {n.target[0]: n.summary for n in outcome.nodes}
    assert list(by_target) == ["#save", "#print", "#more", "#shut"]
    assert by_target["#save"].startswith("it answers clicks (a change to the page, role=button), but the Tab key never")
    assert by_target["#print"].startswith("the Tab key reaches it and a click does something (a change to the page, "
                                          "role=button), but Enter and Space do nothing")
    assert by_target["#more"].startswith("it answers clicks (a page load, form submission or new window)")
    assert by_target["#shut"].startswith("it answers clicks (a change to the page)")


def test_passes_keyboard_controls_roving_tabs_cards_with_links_and_quiet_clicks(browser_loop, base):
    # The Apply div answers Enter; the chosen tab's click changes nothing (nothing to compare);
    # the other tab has roving focus; the card holds its own link; the logo's click shows nothing.
    outcome = run_check(browser_loop, CHECK, base + "pass-keyboard-controls.html")
    assert outcome.outcome == "passed", outcome.reason
    assert outcome.reason.startswith("each of the 1 control(s)")


def test_a_page_without_click_listeners_is_not_touched(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "inapplicable-no-listeners.html")
    assert outcome.outcome == "inapplicable", outcome.reason
    assert outcome.reason == "no element has a click or pointer listener of its own"
