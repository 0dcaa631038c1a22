"""label-in-name (WCAG 2.5.3; ACT 2ee8b8) in a real Chromium."""
from tests.checks.support import run_check, served, targets

CHECK = "label-in-name"
base = served(CHECK)


def test_visible_labels_missing_from_the_name_fail(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-label-not-in-name.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#italy"], ["#order"], ["#tab"], ["#send"], ["#send-form"], ["#gizmo"]]
    assert outcome.nodes[0].summary == \
        'the visible label "Discover It" is not part of the accessible name "Discover Italy"'
    assert 'label "Submit" is not part of the accessible name "Send now"' in outcome.nodes[3].summary
    assert 'label "Send" is not part' in outcome.nodes[4].summary  # an input button's value
    assert 'label "Download gizmo specification"' in outcome.nodes[5].summary  # aria-hidden text is still seen


def test_labels_in_the_name_pass_whatever_the_case_punctuation_hidden_text_or_icons(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "pass-label-in-name.html")
    assert outcome.outcome == "passed", [n.summary for n in outcome.nodes]


def test_an_abbreviation_or_a_name_made_of_elements_needs_review(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "review-abbreviation-and-composed-name.html")
    assert outcome.outcome == "cantTell"
    assert targets(outcome) == [["#avenue"], ["#by-parts"]]
    assert "only abbreviates" in outcome.nodes[0].summary and "aria-labelledby" in outcome.nodes[1].summary


def test_no_widget_with_an_author_name_and_visible_text_is_inapplicable(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "inapplicable-no-author-name.html")
    assert outcome.outcome == "inapplicable", [n.summary for n in outcome.nodes]


def test_shadow_roots_and_frames_are_looked_into(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-in-shadow-and-frame.html")
    assert outcome.outcome == "failed", outcome.reason
    found = targets(outcome)
    assert ["#framed", "#italy"] in found and len(found) == 7
    assert any('label "Delete" is not part of the accessible name "Remove"' in n.summary for n in outcome.nodes)
