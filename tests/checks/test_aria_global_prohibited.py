"""aria-global-not-prohibited (WAI-ARIA's prohibited global properties; ACT kb1m8s) in a real Chromium."""
from tests.checks.support import run_check, served, targets

CHECK = "aria-global-not-prohibited"
base = served(CHECK)


def test_names_on_generic_paragraph_and_link_less_anchor_fail(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-named-generic-and-paragraph.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#price"], ["#claim"], ["#styled"], ["#not-a-link"]]
    assert [n.summary for n in outcome.nodes] == [
        "aria-label is prohibited on the role generic", "aria-labelledby is prohibited on the role paragraph",
        "aria-label is prohibited on the role generic", "aria-label is prohibited on the role generic"]


def test_role_descriptions_on_generic_or_alone_and_braille_names_on_paragraphs_fail(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-role-descriptions.html")
    assert outcome.outcome == "failed", outcome.reason
    assert {n.target[0]: n.summary for n in outcome.nodes} == {
        "#generic": "aria-roledescription is prohibited on the role generic",
        "#braille-only": "aria-brailleroledescription is not allowed without a non-empty aria-roledescription",
        "#braille-label": "aria-braillelabel is prohibited on the role paragraph",
        "#both": "aria-label is prohibited on the role paragraph; "
                 "aria-brailleroledescription is not allowed without a non-empty aria-roledescription"}


def test_properties_on_roles_that_take_them_pass(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "pass-allowed-properties.html")
    assert outcome.outcome == "passed", [n.summary for n in outcome.nodes]


def test_elements_outside_the_accessibility_tree_are_inapplicable(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "inapplicable-hidden.html")
    assert outcome.outcome == "inapplicable", [n.summary for n in outcome.nodes]


def test_a_custom_element_needs_review(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "review-custom-element.html")
    assert outcome.outcome == "cantTell"
    assert targets(outcome) == [["#tag"]] and "<price-tag> carries aria-label" in outcome.reason


def test_shadow_roots_and_frames_are_looked_into(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-in-shadow-and-frame.html")
    assert outcome.outcome == "failed", outcome.reason
    found = targets(outcome)
    assert ["#framed", "#price"] in found and len(found) == 5
    assert any(n.summary == "aria-label is prohibited on the role strong" for n in outcome.nodes)
