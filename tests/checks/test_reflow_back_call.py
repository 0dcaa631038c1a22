"""reflow-320 leaves the page as it found it whether or not it makes its call at the page's own
size afterwards (skipped when nothing is left for it: nothing cut off, the page at its origin, no
script reacting to the window's size)."""
from tests.checks.support import run_check_and_look, served

CHECK = "reflow-320"
base = served(CHECK)

AFTER = "() => [innerWidth, innerHeight, scrollX, scrollY, window[Symbol.for('a11y.reflow')] === undefined]"


def test_a_page_left_at_its_origin_is_back_at_its_size_with_nothing_kept(browser_loop, base):
    outcome, after, _ = run_check_and_look(browser_loop, CHECK, base + "pass-reflows.html", AFTER)
    assert (outcome.outcome, outcome.reason) == ("passed", "")
    assert after == [1280, 720, 0, 0, True]


def test_a_scrolled_page_is_scrolled_back(browser_loop, base):
    outcome, after, _ = run_check_and_look(browser_loop, CHECK, base + "fail-wide.html", AFTER,
                                           before="() => { document.body.style.minHeight = '5000px'; scrollTo(0, 300); }")
    assert outcome.outcome == "failed", outcome.reason
    assert after == [1280, 720, 0, 300, True]


def test_a_page_whose_script_reacts_to_the_size_is_measured_once_the_script_has_run(browser_loop, base):
    outcome, after, _ = run_check_and_look(browser_loop, CHECK, base + "pass-script-narrows.html", AFTER)
    assert (outcome.outcome, outcome.reason) == ("passed", "")
    assert after == [1280, 720, 0, 0, True]
