"""text-spacing-not-clipped (1.4.12) on a box a "Show more" button opens: the rest of the text
can be reached, so the cut needs review, not a failure (as zoom-text-not-clipped judges it)."""
from tests.checks.support import run_check, served

CHECK = "text-spacing-not-clipped"
zoom_pages = served("zoom-text-not-clipped")


def test_a_box_a_show_more_button_opens_needs_review(browser_loop, zoom_pages):
    outcome = run_check(browser_loop, CHECK, zoom_pages + "review-show-more.html")
    assert outcome.outcome == "cantTell", (outcome.outcome, outcome.reason)
    assert "a control with aria-expanded shows and hides the box that cuts it" in outcome.reason
    assert [n.target for n in outcome.nodes] == [["#kettle"]]
