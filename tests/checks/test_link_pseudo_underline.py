"""link-in-text-distinguishable (WCAG 1.4.1) with links marked by what their ::before or ::after
draws (the "animated underline" bar), in a real Chromium."""
from tests.checks.support import run_check, served, targets

CHECK = "link-in-text-distinguishable"
base = served(CHECK)


def test_a_bar_border_or_symbol_drawn_by_a_pseudo_element_tells_the_link_apart(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "pass-pseudo-underline.html")
    assert outcome.outcome == "passed", [(n.target, n.summary) for n in outcome.nodes]
    assert "each of the 4 link(s)" in outcome.reason


def test_a_pseudo_element_that_draws_nothing_at_rest_is_no_cue(browser_loop, base):
    # Scaled to nothing until hover, see-through, empty, at opacity 0, an inline box of no width.
    outcome = run_check(browser_loop, CHECK, base + "fail-pseudo-invisible.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#hover"], ["#clear"], ["#stretched"], ["#hidden"], ["#empty"]]
    assert all(n.summary.startswith("only colour tells this link from the text around it") for n in outcome.nodes)


def test_a_pseudo_element_its_styles_cannot_judge_needs_review_not_a_failure(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "review-pseudo-clipped.html")
    assert outcome.outcome == "cantTell", [(n.target, n.summary) for n in outcome.nodes]
    assert targets(outcome) == [["#clipped"], ["#turned"]]
    assert all("what the ::before or ::after of " in n.summary for n in outcome.nodes), outcome.nodes


def test_link_colours_in_oklch_are_read(browser_loop, base):
    # Colour alone, below 3:1 against the text around it, fails; above 3:1 passes (G183).
    outcome = run_check(browser_loop, CHECK, base + "fail-oklch-colour-only.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#indigo"]]
    # #372aac against #1e2939, as the browser paints the two oklch() colours.
    assert "a contrast of 1.46:1 between their colours" in outcome.nodes[0].summary, outcome.nodes[0].summary
