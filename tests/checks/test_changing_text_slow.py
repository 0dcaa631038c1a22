"""changing-text-pausable (WCAG 2.2.2) on text that changes every few seconds, and on pages whose
only controls cannot pause it (links to other pages), in a real Chromium."""
from tests.checks.support import run_check, served, targets

CHECK = "changing-text-pausable"
base = served(CHECK)


def test_a_carousel_turning_every_five_seconds_with_only_a_link_home_fails(browser_loop, base):
    # Its first change comes seconds into the watch: followed until its changes have gone on for
    # more than 5 s. A link to another page cannot pause it.
    outcome = run_check(browser_loop, CHECK, base + "fail-slow-carousel.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#story"]]
    assert "kept changing by itself for more than 5 s" in outcome.reason
    assert "none of the page's 1 visible, named control(s) could pause, stop or hide it" in outcome.reason


def test_a_carousel_turning_every_five_seconds_with_a_working_pause_button_passes(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "pass-slow-carousel-pause.html")
    assert outcome.outcome == "passed", (outcome.reason, [n.summary for n in outcome.nodes])


def test_a_link_to_elsewhere_in_the_page_named_for_other_things_cannot_pause_it(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "review-unrelated-control.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#count"]]
    assert "0 control(s)" not in outcome.reason


def test_a_preferences_button_elsewhere_could_be_the_way_and_is_left_for_review(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "review-settings-elsewhere.html")
    assert outcome.outcome == "cantTell", outcome.reason
    assert targets(outcome) == [["#count"]]
    assert "1 control(s) that could be meant for it (\u201cSite preferences\u201d) were not tried" in outcome.reason
