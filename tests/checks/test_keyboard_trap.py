"""no-keyboard-trap on fixture pages, in real Chromium, through the checks engine."""
from __future__ import annotations

import pytest

from a11y.browser import _refuse_top_level_navigation
from a11y.checks._instructions import advertised_keys
from a11y.checks.base import CheckContext
from a11y.checks.keyboard_trap import KEYS_IGNORE_TAB, NO_SCRIPT_LISTENS
from a11y.engines.base import PageTarget
from a11y.engines.checks import ChecksEngine
from tests.browser_loop import open_page
from tests.checks.support import PAGE_TIMEOUT, check_by_id, run_check, served

pytestmark = pytest.mark.browser
site = served("no-keyboard-trap", slash=False)


def outcome(browser_loop, site, name):
    return run_check(browser_loop, "no-keyboard-trap", f"{site}/{name}")


@pytest.mark.parametrize("name", ["pass-modal-escape.html", "pass-advertised-key.html"])
def test_pages_without_a_trap_pass(browser_loop, site, name):
    result = outcome(browser_loop, site, name)
    assert (result.outcome, result.reason) == ("passed", "")


STATIC = ["pass-links.html", "pass-date-field.html", "pass-iframe.html", "pass-shadow.html"]


@pytest.mark.parametrize("name", STATIC)
def test_pages_where_no_script_hears_keys_or_focus_pass_without_a_walk(browser_loop, site, name):
    result = outcome(browser_loop, site, name)
    assert (result.outcome, result.reason) == ("passed", NO_SCRIPT_LISTENS)


# Shortcuts of the page's own (arrow keys, "/"), as documentation sites have; an alert when
# an element takes focus.
PROBED = ["pass-key-shortcuts.html", "pass-alert-on-focus.html"]


@pytest.mark.parametrize("name", PROBED)
def test_a_page_whose_key_and_focus_listeners_ignore_tab_passes_without_a_walk(browser_loop, site, name):
    result = outcome(browser_loop, site, name)
    assert (result.outcome, result.reason) == ("passed", KEYS_IGNORE_TAB)


@pytest.mark.parametrize("name", STATIC + PROBED)
def test_the_walk_agrees_on_those_pages(browser_loop, site, name):
    # The shortcut's claim (the browser's own Tab order leads out of every element) checked by
    # pressing the keys, including through a date field's parts and an iframe's document.
    check = check_by_id("no-keyboard-trap")

    async def go(browser):
        page = await open_page(browser, f"{site}/{name}", init_scripts=[check.init_script])
        try:
            return await check.walk(CheckContext(page=page, timeout=PAGE_TIMEOUT, memo={}))
        finally:
            await page.context.close()

    result = browser_loop.call(go)
    assert (result.outcome, result.reason) == ("passed", "")


def test_a_trap_in_a_frame_is_walked_though_the_page_itself_has_no_script(browser_loop, site):
    # fail-in-iframe.html has no script; the trap is in its frame's document.
    assert outcome(browser_loop, site, "fail-in-iframe.html").outcome == "failed"


@pytest.mark.parametrize(("name", "targets"), [
    ("fail-refocus.html", [["#sticky"]]),
    ("fail-cycle.html", [["#b1"], ["#b2"]]),
    ("fail-broken-instructions.html", [["#b1"], ["#b2"]]),
    ("fail-in-iframe.html", [["#widget", "#w1"], ["#widget", "#w2"]]),
    # Key listeners the made-up key events find answering Tab: these pages are walked.
    ("fail-keydown-trap.html", [["#t1"], ["#t2"]]),
    ("fail-keyup-trap.html", [["#name"]]),
    ("fail-timer-keys-trap.html", [["#sticky"]]),
    # A listener that answers only real presses (event.isTrusted) is never probed.
    ("fail-trusted-keys-trap.html", [["#b1"], ["#b2"]]),
    # The key probe fires both blur handlers; the timers they start are its own to cancel, or
    # the two buttons would fight over focus and the walk find a page that moves it by itself.
    ("fail-two-refocusers.html", [["#first"]]),
])
def test_trapped_elements_fail(browser_loop, site, name, targets):
    result = outcome(browser_loop, site, name)
    assert result.outcome == "failed", result.reason
    assert sorted(n.target for n in result.nodes) == targets


def test_a_trap_with_instructions_that_do_not_work_names_the_keys(browser_loop, site):
    result = outcome(browser_loop, site, "fail-broken-instructions.html")
    assert "Control+m" in result.reason


def test_a_trap_without_instructions_says_so(browser_loop, site):
    result = outcome(browser_loop, site, "fail-cycle.html")
    assert "gives no instructions" in result.reason


def test_nothing_focusable_is_inapplicable(browser_loop, site):
    assert outcome(browser_loop, site, "inapplicable-nothing-focusable.html").outcome == "inapplicable"


def test_a_page_that_takes_focus_on_a_timer_needs_review(browser_loop, site):
    result = outcome(browser_loop, site, "review-steals-focus.html")
    assert result.outcome == "cantTell"
    assert "moved focus by itself" in result.reason


def test_instructions_we_cannot_read_need_review(browser_loop, site):
    result = outcome(browser_loop, site, "review-unreadable-instructions.html")
    assert result.outcome == "cantTell"
    assert "could not read" in result.reason


def _run_held(browser_loop, url, hold: bool):
    """The check as the scanner runs it (navigation held, or not), and the page after it."""
    check = check_by_id("no-keyboard-trap")

    async def go(browser):
        page = await open_page(browser, url)
        try:
            if hold:
                await page.route("**/*", _refuse_top_level_navigation)
            await page.evaluate("() => window.scrollTo(0, 120)")
            result = await ChecksEngine.run_one(check, PageTarget(page=page, timeout=PAGE_TIMEOUT),
                                                 check.time_limit)
            after = await page.evaluate("() => [location.pathname, window.scrollY,"
                                        " document.activeElement === document.body]")
            return result, after
        finally:
            await page.context.close()

    return browser_loop.call(go)


def test_navigation_on_focus_held_leaves_the_page_as_it_was(browser_loop, site):
    result, (path, scroll_y, on_body) = _run_held(browser_loop, f"{site}/pass-navigates-on-focus.html", True)
    assert result.outcome == "passed", result.reason
    assert (path, scroll_y, on_body) == ("/pass-navigates-on-focus.html", 120, True)


def test_navigation_on_focus_not_held_needs_review(browser_loop, site):
    result, (path, _, _) = _run_held(browser_loop, f"{site}/pass-navigates-on-focus.html", False)
    assert path == "/other.html"
    assert (result.outcome, result.reason) == ("cantTell", "the page navigated away while keys were pressed")


@pytest.mark.parametrize(("text", "keys"), [
    ("Press the M-key to Exit", ["m"]),
    ("Press Ctrl+M to Exit", ["Control+m"]),
    ("Hit Esc to close the dialog", ["Escape"]),
    ("The shortcut is Ctrl-Shift-K; or press the F6 key", ["Control+Shift+k", "F6"]),
    ("Press \u201cq\u201d to quit", ["q"]),
])
def test_advertised_keys_are_read(text, keys):
    assert advertised_keys(text) == (keys, True)


@pytest.mark.parametrize(("text", "about_keys"), [
    ("Go to the next element", False),
    ("Press release of 3 May", False),
    ("Press a key to continue", True),
    ("Press any key", True),
])
def test_text_without_a_key_name(text, about_keys):
    assert advertised_keys(text) == ([], about_keys)


def test_tab_through_the_parts_of_media_controls_and_embedded_media_is_no_trap(browser_loop, tmp_path, serve):
    # Chromium steps through the play, timeline, volume and menu buttons of built-in controls
    # (and of media in an <object>) while the page sees focus stay on the element itself.
    from tests.checks.test_audio_autoplay import write_wav

    write_wav(tmp_path / "tone.wav", 2, loud=True)
    (tmp_path / "media.html").write_text(
        "<!doctype html><html lang='en'><title>Media</title><main><h1>Media</h1>"
        "<a href='#a'>Before</a> <audio id='player' controls src='tone.wav'></audio>"
        " <object id='embedded' data='tone.wav' type='audio/wav' title='Tone'></object>"
        " <a href='#b'>After</a></main></html>")
    result = run_check(browser_loop, "no-keyboard-trap", serve(tmp_path) + "media.html")
    assert (result.outcome, result.reason) == ("passed", "")
