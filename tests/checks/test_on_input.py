"""on-input-no-context-change (3.2.2 On Input) on fixture pages in a real Chromium."""
import pytest

from tests.checks.support import run_check, run_check_and_look, served, targets

CHECK = "on-input-no-context-change"
base = served(CHECK)


def test_fails_a_jump_menu_a_box_that_submits_and_a_field_that_navigates_as_typed(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-jump-menu.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#jump"], ["#archived"], ["#q"]]  # the text-size list changes nothing
    assert outcome.nodes[0].summary.startswith(f"changing it loads another page ({base}other.html)")
    assert outcome.nodes[1].summary.startswith("changing it submits a form")
    assert outcome.nodes[2].summary.startswith(f"changing it loads another page ({base}other.html?q=a)")


def test_a_change_the_label_announces_needs_review(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "review-advised.html")
    assert outcome.outcome == "cantTell", outcome.reason
    assert targets(outcome) == [["#office"]]
    assert "opens as soon as you choose it" in outcome.nodes[0].summary


def test_passes_fields_whose_scripts_show_hide_and_validate(browser_loop, base):
    # The list, the check box, the e-mail field and the radio button not chosen (the chosen one is
    # not clicked again; the hidden field is not in the tab order).
    outcome = run_check(browser_loop, CHECK, base + "pass-fields.html")
    assert outcome.outcome == "passed", outcome.reason
    assert outcome.reason.startswith("changing none of the 4 form field(s)")


def test_a_page_without_scripts_is_not_touched(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "inapplicable-no-scripts.html")
    assert outcome.outcome == "inapplicable", outcome.reason
    assert outcome.reason.startswith("no script on the page listens for input")


@pytest.mark.parametrize("name, state", [
    ("fail-jump-menu.html", "[document.getElementById('jump').selectedIndex, document.getElementById('archived').checked,"
                            " document.getElementById('q').value, document.getElementById('size').selectedIndex]"),
    ("pass-fields.html", "[document.getElementById('kind').value, document.getElementById('other-box').hidden,"
                         " document.getElementById('f1').checked, document.getElementById('f2').checked,"
                         " document.body.className, document.getElementById('email-error').hidden]"),
])
def test_fields_are_put_back_and_the_page_stays(browser_loop, base, name, state):
    url = base + name
    outcome, after, pages = run_check_and_look(browser_loop, CHECK, url, f"() => [location.href, ...{state}]")
    assert outcome.outcome == ("failed" if name.startswith("fail") else "passed")
    # As loaded: the first option, nothing checked or typed; the hidden box hidden again, the
    # chosen radio button chosen, the check box's class toggled back.
    assert after == ([url, 0, False, "", 0] if name.startswith("fail") else [url, "copy", True, True, False, "", True])
    assert pages == 1


def test_a_handler_set_as_a_property_is_seen(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-property-handler.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#region"]]


def test_a_list_that_opens_its_choice_in_a_new_window_fails_and_opens_none(browser_loop, base):
    outcome, _, pages = run_check_and_look(browser_loop, CHECK, base + "fail-new-window.html", "() => 0")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#partner"]]
    assert outcome.nodes[0].summary.startswith(f"changing it opens a new window ({base}partner.html)")
    assert pages == 1


def test_notice_worded_freely_or_written_just_before_the_field_needs_review(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "review-advised-nearby.html")
    assert outcome.outcome == "cantTell", outcome.reason
    assert targets(outcome) == [["#lang"], ["#region"]]
    assert "reloads this page in that language" in outcome.nodes[0].summary
    assert "takes you to that region" in outcome.nodes[1].summary


def test_radio_buttons_none_chosen_are_left_unchosen_with_what_they_revealed_hidden(browser_loop, base):
    outcome, after, _ = run_check_and_look(
        browser_loop, CHECK, base + "pass-radio-reveal.html",
        "() => [document.getElementById('by-email').checked, document.getElementById('by-phone').checked,"
        " document.getElementById('phone').hidden]")
    assert outcome.outcome == "passed", outcome.reason
    assert after == [False, False, True]
