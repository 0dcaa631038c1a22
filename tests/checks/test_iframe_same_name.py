"""iframe-same-name-equivalent (WCAG 4.1.2; ACT 4b1c6c) in a real Chromium."""
from tests.checks.support import run_check, served, targets

base = served("iframe-same-name-equivalent")


def test_frames_with_one_name_and_unrelated_content_fail(browser_loop, base):
    outcome = run_check(browser_loop, "iframe-same-name-equivalent", base + "fail-different-content.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#one"], ["#two"]]
    assert 'iframes named "List of contributors" show different content' in outcome.nodes[0].summary


def test_frames_with_one_name_and_the_same_document_pass(browser_loop, base):
    outcome = run_check(browser_loop, "iframe-same-name-equivalent", base + "pass-same-document.html")
    assert outcome.outcome == "passed", outcome.reason


def test_frames_whose_content_differs_a_little_need_review(browser_loop, base):
    outcome = run_check(browser_loop, "iframe-same-name-equivalent", base + "review-similar-content.html")
    assert outcome.outcome == "cantTell"
    assert "check whether they serve the same purpose" in outcome.reason and len(outcome.nodes) == 2


def test_frames_with_different_names_or_hidden_are_inapplicable(browser_loop, base):
    outcome = run_check(browser_loop, "iframe-same-name-equivalent", base + "inapplicable-names-differ.html")
    assert outcome.outcome == "inapplicable"
