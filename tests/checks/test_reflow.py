"""reflow-320 (1.4.10) on fixture pages in a real Chromium."""
from tests.checks.layout_support import run_and_look
from tests.checks.support import run_check, served, targets

CHECK = "reflow-320"
base = served(CHECK)


def test_fails_fixed_width_boxes_and_an_address_that_cannot_wrap(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-wide.html")
    assert outcome.outcome == "failed", outcome.reason
    assert sorted(n.target for n in outcome.nodes) == [["#fail1"], ["#fail2"], ["#fail3"]]
    address = next(n for n in outcome.nodes if n.target == ["#fail2"])
    assert "cannot wrap: \"https://www.example.gov/forms/benefits/application-for-assistance.pdf\"" in address.summary


def test_passes_content_that_reflows_or_scrolls_in_its_own_box(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "pass-reflows.html")
    assert (outcome.outcome, outcome.reason) == ("passed", "")


def test_a_wide_data_table_needs_review(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "review-table.html")
    assert outcome.outcome == "cantTell"
    assert targets(outcome) == [["#review1"]]
    assert "two-dimensional layout" in outcome.reason


def test_images_and_drawings_wider_than_the_window_are_named_for_review(browser_loop, base):
    # Inline by default, unlike the boxes of text around them: the page scrolls because of them.
    outcome = run_check(browser_loop, CHECK, base + "review-wide-image.html")
    assert outcome.outcome == "cantTell"
    assert targets(outcome) == [["#chart"], ["#board"]]
    assert "two-dimensional layout" in outcome.reason


def test_viewport_and_scroll_position_are_restored(browser_loop, base):
    outcome, before, after = run_and_look(browser_loop, CHECK, base + "fail-wide.html")
    assert outcome.outcome == "failed"
    assert after == before == {**before, "width": 1280, "height": 720}


def test_content_cut_off_by_overflow_hidden_on_the_page_needs_review(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "review-cut-off.html")
    assert outcome.outcome == "cantTell"
    assert targets(outcome) == [["p"]]
    summary = outcome.nodes[0].summary
    assert "cut off by the page's overflow-x: hidden (on body)" in summary and "less than a quarter of it is lost" in summary


def test_a_layout_a_script_fits_to_the_narrow_window_is_measured_once_the_script_has_run(browser_loop, base):
    # Resize handlers and media query listeners run with the next frame, after the resize.
    outcome = run_check(browser_loop, CHECK, base + "pass-script-narrows.html")
    assert (outcome.outcome, outcome.reason) == ("passed", "")


def test_a_layout_a_script_widens_in_the_narrow_window_fails(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-script-widens.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#wide"]]


def test_a_data_table_squeezed_until_its_words_break_needs_review(browser_loop, base):
    # overflow-wrap: anywhere lets every column shrink to a letter a line: nothing scrolls sideways,
    # but the table cannot be read. The table that fits, a table of Japanese (which breaks between any
    # characters), Thai (between words without spaces) and a word with soft hyphens, and a long address
    # in a paragraph, are not named.
    outcome = run_check(browser_loop, CHECK, base + "review-squeezed-table.html")
    assert outcome.outcome == "cantTell", outcome.reason
    assert targets(outcome) == [["#requests"]]
    assert "squeezed until their words break across lines" in outcome.reason
    assert "its columns are squeezed until words break across lines" in outcome.nodes[0].summary


def test_a_word_past_the_edge_that_hyphens_auto_would_break_needs_review(browser_loop, base):
    # This browser has no hyphenation dictionaries; browsers that hyphenate German break the word.
    outcome = run_check(browser_loop, CHECK, base + "review-hyphenated.html")
    assert outcome.outcome == "cantTell", outcome.reason
    assert targets(outcome) == [["#title"]]
    assert 'hyphens: auto lets a browser with a hyphenation dictionary for lang="de" break' in outcome.nodes[0].summary
    # Without a declared language no browser hyphenates it: it cannot wrap anywhere.
    outcome = run_check(browser_loop, CHECK, base + "fail-hyphens-without-language.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#title"]]


def test_text_pushed_past_the_edge_by_what_comes_before_it_is_not_what_fails(browser_loop, base):
    # The "." after the address and after the long <code> runs past the edge only because they do:
    # the address fails where it starts; the code (which may need two-dimensional layout) is not
    # blamed on the paragraph's full stop.
    outcome = run_check(browser_loop, CHECK, base + "fail-pushed-text.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#address"]]
