"""text-contrast-focused (1.4.3 in the focused state) on fixture pages in a real Chromium."""
from tests.checks.support import run_check, served, targets

CHECK = "text-contrast-focused"
base = served(CHECK)


def test_fails_white_on_yellow_focus_and_a_colour_that_fades_in(browser_loop, base):
    # The dark-on-yellow link passes focused; the unstyled link is judged at rest only.
    outcome = run_check(browser_loop, CHECK, base + "fail-white-on-yellow.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#pale"], ["#slow"]]
    assert outcome.nodes[0].summary.startswith("with keyboard focus on it")
    assert "(#ffffff) and its background (#ffdd00)" in outcome.nodes[0].summary
    assert "(#d0d0d0) and its background (#ffffff)" in outcome.nodes[1].summary  # the transition's end


def test_fails_text_on_a_containers_focus_within_background(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-focus-within.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#home"], ["#news"]]
    assert "(#333333) and its background (#1a1a1a)" in outcome.nodes[0].summary


def test_fails_a_focus_look_set_by_a_script(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-script.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#save"]]
    assert "(#ffffff) and its background (#cccccc)" in outcome.nodes[0].summary


def test_fails_pale_focused_text_on_a_gradient_from_pixels(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-gradient.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#grad"]]
    assert "measured from the rendered pixels because of a gradient" in outcome.nodes[0].summary


def test_passes_focus_styles_with_enough_contrast(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "pass-dark-on-yellow.html")
    assert outcome.outcome == "passed", outcome.reason
    assert "changes the colours of 2 element(s)" in outcome.reason


def test_a_focus_rule_that_changes_no_colour_changes_no_text_colour(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "inapplicable-focus-changes-nothing.html")
    assert outcome.outcome == "inapplicable", outcome.reason
    assert "none of the 1 element(s) of the tab order tried" in outcome.reason


def test_a_page_without_focus_styles_or_scripts_is_not_touched(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "inapplicable-no-focus-styles.html")
    assert outcome.outcome == "inapplicable", outcome.reason
    assert outcome.reason.startswith("nothing on the page could restyle focus")


def test_fails_a_fields_value_placeholder_and_choice_on_its_focused_background(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-fields.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#name"], ["#town"], ["#office"]]  # the e-mail field turns light on dark
    assert "between the field's text (#0b0c0c) and its background (#222222)" in outcome.nodes[0].summary
    assert "between the field's placeholder (#c8c8c8) and its background (#ffffff)" in outcome.nodes[1].summary


def test_fails_text_around_the_focused_element_on_a_focus_within_background(browser_loop, base):
    # The card's heading and text keep their dark colour on the card's dark focus-within background;
    # its link turns white and passes. The plain card's text never changes.
    outcome = run_check(browser_loop, CHECK, base + "fail-focus-within-card.html")
    assert outcome.outcome == "failed", outcome.reason
    assert sorted(map(tuple, targets(outcome))) == [("#passport-text",), ("#passport-title",)]
    assert all(n.summary.startswith("while keyboard focus is inside the div#passport around it") for n in outcome.nodes)
    assert "(#333333) and its background (#1a1a1a)" in outcome.nodes[0].summary


def test_fails_a_submenu_link_hidden_until_focus_is_in_its_menu(browser_loop, base):
    # Not rendered at rest, so never in the tab order tried at rest; shown by li:focus-within.
    outcome = run_check(browser_loop, CHECK, base + "fail-focus-within-submenu.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#apply"]]
    assert outcome.nodes[0].summary.startswith("with keyboard focus on it")
    assert "(#ffffff) and its background (#ffdd00)" in outcome.nodes[0].summary


def test_passes_hints_beside_a_focused_field_on_a_focus_within_background(browser_loop, base):
    # The field's focus ring next to its hint is not what the hint lies on (6.3:1 on #f3f2f1).
    outcome = run_check(browser_loop, CHECK, base + "pass-form-group-focus-within.html")
    assert outcome.outcome == "passed", outcome.reason


def test_fails_pale_text_of_a_panel_focus_shows(browser_loop, base):
    # The panel is display: none at rest (never judged by text-contrast-rendered); focus in its
    # menu shows it, and its grey descriptions are 2.3:1 on white.
    outcome = run_check(browser_loop, CHECK, base + "fail-focus-within-panel.html")
    assert outcome.outcome == "failed", outcome.reason
    assert sorted(map(tuple, targets(outcome))) == [("#health",), ("#money",)]
    assert all(n.summary.startswith('shown while keyboard focus is on "Topics"') for n in outcome.nodes)
    assert "(#aeb0b5) and its background (#ffffff)" in outcome.nodes[0].summary


def test_a_menu_shaded_by_focus_within_is_judged_once_not_once_a_link(browser_loop, base):
    # 24 links whose only change is the menu's background: the menu's text is judged once, so
    # the limit on elements judged is left for the link whose own focus colour fails.
    outcome = run_check(browser_loop, CHECK, base + "fail-many-in-a-focus-within-nav.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#late"]]
    assert "(#ffffff) and its background (#ffff00)" in outcome.nodes[0].summary
