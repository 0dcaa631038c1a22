"""custom-control-keyboard on chips of a multiple select built as MUI's Autocomplete builds one
(<div role=button tabindex=-1> beside a text input), in a real Chromium: chips that arrow keys
reach from the input, and chips whose click only focuses the input, are no mouse-only controls;
chips no key reaches whose click removes them, and a clickable div, still fail."""
from tests.checks.support import run_check, served, targets

CHECK = "custom-control-keyboard"
base = served(CHECK)


def test_chips_arrow_keys_reach_and_chips_whose_click_focuses_the_input_pass(browser_loop, base):
    # Fruits (chips before the input, ArrowLeft) and Tags (after it, ArrowRight): reached by
    # arrows, removed with Backspace. Colours: no key reaches them, but a click only focuses the
    # input, which Tab reaches: not judged, not failed.
    outcome = run_check(browser_loop, CHECK, base + "pass-chips.html")
    assert outcome.outcome == "passed", (outcome.reason, [(n.target, n.summary) for n in outcome.nodes])
    assert outcome.reason.startswith("each of the 4 control(s)"), outcome.reason


def test_chips_no_key_reaches_and_clickable_divs_still_fail(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-chips.html")
    assert outcome.outcome == "failed", outcome.reason
    by_target = {n.target[0]: n.summary for n in outcome.nodes}
    assert targets(outcome) == [["#remove-me"], ["#gone"], ["#stuck"], ["#show"], ["#open-search"]], by_target
    # A chip Tab skips: its tabindex is said as it is.
    assert by_target["#remove-me"].startswith("it answers clicks (a change to the page, role=button), but the Tab key "
                                              "never reaches it (tabindex=-1):"), by_target["#remove-me"]
    # Its click also focuses the input, but focus is not all it changes.
    assert "(tabindex=-1)" in by_target["#gone"]
    # ArrowLeft in the input reaches it; no key does what its click does.
    assert by_target["#stuck"].startswith("arrow keys from beside it reach it and a click does something (a change "
                                          "to the page, role=button), but Enter, Space, Delete and Backspace do "
                                          "nothing"), by_target["#stuck"]
    assert by_target["#show"].startswith("it answers clicks (a change to the page), but the Tab key never reaches it "
                                         "(no tabindex):"), by_target["#show"]
    # Its click moves focus to a field Tab reaches only after the click has shown it.
    assert "(no tabindex)" in by_target["#open-search"]
