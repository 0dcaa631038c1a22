"""on-focus-no-context-change (3.2.1 On Focus) on fixture pages in a real Chromium."""
from tests.checks.support import run_check, run_check_and_look, served, targets

CHECK = "on-focus-no-context-change"
base = served(CHECK)


def test_fails_a_list_and_a_link_that_load_a_page_when_focused(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-navigate.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#jump"], ["#hover"]]  # the plain link is only followed when activated
    assert outcome.nodes[0].summary.startswith("receiving focus loads another page (" + base + "other.html?from=focus)")


def test_fails_a_field_that_submits_and_a_button_that_opens_a_window(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-submit-and-window.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#q"], ["#help"]]
    assert outcome.nodes[0].summary.startswith("receiving focus submits a form")
    assert outcome.nodes[1].summary.startswith("receiving focus opens a new window (http")
    assert "other.html)" in outcome.nodes[1].summary


def test_passes_handlers_that_show_a_hint_restyle_or_move_to_a_fragment(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "pass-focus-handlers.html")
    assert outcome.outcome == "passed", outcome.reason
    assert outcome.reason.startswith("none of the 4 element(s) of the tab order")


def test_an_address_rewritten_within_the_document_needs_review(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "review-route-change.html")
    assert outcome.outcome == "cantTell", outcome.reason
    assert targets(outcome) == [["#profile"]]
    assert "(" + base + "profile)" in outcome.nodes[0].summary


def test_a_page_without_scripts_is_not_touched(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "inapplicable-no-scripts.html")
    assert outcome.outcome == "inapplicable", outcome.reason
    assert outcome.reason.startswith("no script on the page listens for focus moving")


def test_the_page_stays_where_it_was_and_opens_no_window(browser_loop, base):
    url = base + "fail-submit-and-window.html"
    outcome, still, pages = run_check_and_look(
        browser_loop, CHECK, url, "() => [location.href, document.title, document.activeElement.localName]")
    assert outcome.outcome == "failed"
    assert still == [url, "A field that submits, a button that opens a window", "body"]
    assert pages == 1


def test_fails_an_element_that_blurs_itself_and_asks_about_focus_sent_elsewhere(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-blur-on-focus.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#annual"]]
    assert "(failure F55)" in outcome.nodes[0].summary


def test_focus_sent_on_to_another_element_needs_review(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "review-focus-moved.html")
    assert outcome.outcome == "cantTell", outcome.reason
    assert targets(outcome) == [["#ref"]]
    assert outcome.nodes[0].summary.startswith("receiving focus, it sends focus on to #next")


def test_an_element_inside_a_shadow_root_is_named_through_its_host(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-shadow.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [[["promo-link", "a"]]]
