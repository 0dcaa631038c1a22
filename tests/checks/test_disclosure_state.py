"""disclosure-state (4.1.2 Name, Role, Value) on fixture pages in a real Chromium."""
from tests.checks.support import run_check, run_check_and_look, served, targets

CHECK = "disclosure-state"
base = served(CHECK)


def test_fails_accordion_buttons_that_expose_no_state(browser_loop, base):
    # The reviewer's USWDS accordion without aria-expanded; the Copy button's status message and
    # the Print button that changes nothing are not judged.
    outcome, hidden, _ = run_check_and_look(browser_loop, CHECK, base + "accordion.html",
                                            "() => [p1.hidden, p2.hidden]")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#b1"], ["#b2"]]
    assert outcome.nodes[0].summary.startswith('pressing it shows #p1 "You may be eligible if you served on active')
    assert "it exposes no state (no aria-expanded) and its name stays the same" in outcome.nodes[0].summary
    assert hidden == [True, True]  # the second press put each panel back


def test_passes_aria_expanded_kept_in_step(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "accordion.html?expanded=follows")
    assert outcome.outcome == "passed", outcome.reason
    assert outcome.reason == "each of the 2 button(s) that show or hide content exposes that state"


def test_fails_aria_expanded_that_stays_false(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "accordion.html?expanded=stuck")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#b1"], ["#b2"]]
    assert 'but its aria-expanded stays "false"' in outcome.nodes[1].summary
    assert outcome.nodes[1].summary.startswith('pressing it shows #p2 "Apply online, by mail, or in person at a')


def test_native_details_are_not_candidates(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "inapplicable-details.html")
    assert outcome.outcome == "inapplicable", outcome.reason
    assert outcome.reason.startswith("no button that the Tab key reaches")


def test_a_button_that_opens_a_dialog_is_not_judged(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "inapplicable-dialog.html")
    assert outcome.outcome == "inapplicable", outcome.reason
    assert outcome.reason == "no button shows or hides content of the page (1 opens or closes a dialog: not judged)"


def test_a_show_more_that_removes_itself_is_not_judged(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "inapplicable-show-more.html")
    assert outcome.outcome == "inapplicable", outcome.reason
    assert outcome.reason == "no button shows or hides content of the page (1 goes away itself: not judged)"


def test_a_name_that_says_show_or_hide_passes(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "pass-name-changes.html")
    assert outcome.outcome == "passed", outcome.reason


def test_tabs_and_views_with_aria_selected_are_not_failures(browser_loop, base):
    # role=tab is a widget of its own (no candidate); the view buttons' aria-selected follows.
    outcome = run_check(browser_loop, CHECK, base + "pass-tabs.html")
    assert outcome.outcome == "passed", outcome.reason
    assert outcome.reason == "each of the 1 button(s) that show or hide content exposes that state"


def test_fails_a_panel_folded_by_max_height_that_opens_with_a_transition(browser_loop, base):
    # Content clipped away by an ancestor's overflow is not shown; the transition is waited for.
    outcome = run_check(browser_loop, CHECK, base + "fail-folded-panel.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#q"]]
    assert outcome.nodes[0].summary.startswith('pressing it shows #a "Refunds arrive within three weeks')


def test_a_swap_of_one_text_for_another_needs_review(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "review-swap.html")
    assert outcome.outcome == "cantTell", outcome.reason
    assert targets(outcome) == [["#more"]]
    assert "a swap (tabs, slides) or a disclosure whose state is not exposed" in outcome.nodes[0].summary


def test_a_page_whose_scripts_listen_for_no_press_is_not_touched(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "inapplicable-no-script.html")
    assert outcome.outcome == "inapplicable", outcome.reason
    assert outcome.reason.startswith("no script on the page listens for clicks or keys")


def test_a_page_without_buttons_costs_no_run(browser_loop, base):
    # The engine's survey answers `present` for every check in one call; nothing to press: no run.
    from a11y.engines.checks import ChecksEngine, not_present, survey
    from tests.browser_loop import load_page
    from tests.checks.support import check_by_id

    check = check_by_id(CHECK)

    async def go(browser):
        answers = []
        for name in ("inapplicable-no-buttons.html", "accordion.html"):
            page, _ = await load_page(browser, base + name, None, ChecksEngine([check]).init_scripts())
            try:
                found, _ = await survey(page, [check])
                answers.append(not_present(check, found))
            finally:
                await page.context.close()
        return answers

    without, with_buttons = browser_loop.call(go)
    assert without.outcome == "inapplicable"
    assert without.reason == "nothing on the page matches button, input[type=button], [role~=button i]"
    assert with_buttons is None  # the positive control: a page with buttons is run


def test_presses_at_most_its_limit_of_buttons_and_says_the_rest_were_not_examined(browser_loop, base):
    outcome, pressed, _ = run_check_and_look(browser_loop, CHECK, base + "many-buttons.html", "() => window.pressed")
    assert outcome.outcome == "cantTell", outcome.reason
    assert outcome.reason.startswith("the page has more than 12 buttons, and only the first 12 were examined")
    assert pressed == 24  # 12 buttons, each pressed twice (opened and put back)


def test_fails_a_control_whose_role_is_written_in_capitals(browser_loop, base):
    # role="Button" is a button to browsers and assistive technology (roles are ASCII
    # case-insensitive); the gate and the search for candidates must not go by the letters' case.
    outcome = run_check(browser_loop, CHECK, base + "fail-role-in-capitals.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#q"]]
