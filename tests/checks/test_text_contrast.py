"""text-contrast-rendered (1.4.3; ACT afw4f7) on fixture pages in a real Chromium."""
import pytest

from a11y.checks.base import CheckContext
from tests.browser_loop import open_page
from tests.checks.support import CHECK_FIXTURES, PAGE_TIMEOUT, check_by_id, run_check, served, targets

FIXTURES = CHECK_FIXTURES / "text-contrast-rendered"
CHECK = "text-contrast-rendered"
base = served(CHECK)


def test_fails_pale_text_on_a_gradient_measured_from_pixels(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-gradient.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#grad"]]  # dark text on the light gradient beside it passes
    assert "measured from the rendered pixels because of a gradient" in outcome.nodes[0].summary


def test_fails_pale_and_faded_text_on_plain_colours_from_styles(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-flat.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#pale"], ["#faded"]]
    assert outcome.nodes[0].summary.startswith("contrast 2.32:1 between the text (#aaaaaa) and its background (#ffffff)")
    assert outcome.nodes[1].summary.startswith("contrast 2.11:1")  # black at 30% over white


def test_fails_text_over_an_element_behind_it(browser_loop, base):
    # Its ancestors are white: the grey box and the light picture under it are other elements
    # (the second one's text does not take pointer events).
    outcome = run_check(browser_loop, CHECK, base + "fail-overlap.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#over"], ["#caption"]]
    assert "(#555555) and its background (#777777)" in outcome.nodes[0].summary
    assert "because of an image or embedded content" in outcome.nodes[1].summary


def test_fails_pale_text_inside_a_frame_measured_where_the_frame_shows_it(browser_loop, base):
    # A frame's canvas is see-through: its text is measured from pixels, at the frame's place.
    outcome = run_check(browser_loop, CHECK, base + "fail-frame.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#inner", "#pale"]]
    assert "at most 2.32:1 (text #aaaaaa against background #ffffff" in outcome.nodes[0].summary


def test_passes_text_on_a_dark_picture_and_large_text_at_three_to_one(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "pass-image.html")
    assert outcome.outcome == "passed", outcome.reason
    assert outcome.reason.startswith("the text of 3 element(s) has enough contrast")


def test_inert_text_behind_a_modal_dialog_is_not_judged(browser_loop, base):
    # Dimmed by the backdrop, or inert: an inactive part of the page (1.4.3's incidental text).
    outcome = run_check(browser_loop, CHECK, base + "pass-modal-dialog.html")
    assert outcome.outcome == "passed", outcome.reason
    assert outcome.reason.startswith("the text of 1 element(s) has enough contrast")


def test_inapplicable_to_hidden_transparent_disabled_and_symbol_text(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "inapplicable-hidden-or-disabled.html")
    assert outcome.outcome == "inapplicable", outcome.reason


def test_text_with_a_halo_needs_review(browser_loop, base):
    # Black on #737373 is 4.42:1; the white halo gives the highest possible contrast enough,
    # but only where it shows: legibility is a person's call.
    outcome = run_check(browser_loop, CHECK, base + "review-halo.html")
    assert outcome.outcome == "cantTell", outcome.reason
    assert targets(outcome) == [["#halo"]]
    assert "too close to its colour" in outcome.nodes[0].summary


def test_text_over_images_that_do_not_load_or_decode_needs_review(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "review-broken-image.html")
    assert outcome.outcome == "cantTell", outcome.reason
    assert targets(outcome) == [["#missing"], ["#broken"]]
    assert outcome.nodes[0].summary == "an image behind the text did not load or decode (missing.png)"
    assert outcome.nodes[1].summary == "an image behind the text did not load or decode (broken.png)"


def test_a_huge_page_is_examined_up_to_a_cap_and_says_so(browser_loop, base):
    # 3,000 paragraphs on gradients: the check stops at its cap (well inside its time limit,
    # which would otherwise say "did not finish") and asks for review of the rest.
    outcome = run_check(browser_loop, CHECK, base + "review-huge.html")
    assert outcome.outcome == "cantTell", outcome.reason
    assert outcome.reason == "the page has more text than is examined; the rest was not"


BANDS = "() => Math.ceil(document.documentElement.scrollHeight / innerHeight)"
LOOK = """() => ({scrollY: Math.round(scrollY), ours: document.querySelectorAll('[data-a11y-own]').length,
  colour: getComputedStyle(document.querySelector('p')).color,
  boxes: [...document.querySelectorAll('nav, #notes')].map((b) => b.scrollTop),
  globals: ['__a11yBoxes', '__a11yBoxTops', '__a11yAsked'].filter((k) => k in window)})"""
# Scroll boxes a reader has scrolled a little: the check must put them back.
SCROLL_BOXES = "() => document.querySelectorAll('nav, #notes').forEach((b) => { b.scrollTop = 37; })"


# A page cut short at its cap, scrolled; a page taken in several bands to its end, and one of a
# single band, from the top: the check's hit-testing sheet, kept from band to band, goes either way.
@pytest.mark.parametrize("name, scrolled, verdict", [("review-huge.html", 900, "cantTell"),
                                                      ("pass-long.html", 0, "passed"),
                                                      ("fail-flat.html", 0, "failed"),
                                                      ("fail-in-scroll-box.html", 0, "failed"),
                                                      ("fail-in-small-scroll-box.html", 0, "failed")])
def test_leaves_the_page_as_it_found_it(browser_loop, base, name, scrolled, verdict):
    check = check_by_id(CHECK)

    async def go(browser):
        page = await open_page(browser, base + name)
        try:
            await page.evaluate("(y) => scrollTo(0, y)", scrolled)
            await page.evaluate(SCROLL_BOXES)
            before = await page.evaluate(LOOK)
            outcome = await check.run(CheckContext(page=page, timeout=PAGE_TIMEOUT))
            return outcome, before, await page.evaluate(LOOK), await page.evaluate(BANDS)
        finally:
            await page.context.close()

    outcome, before, after, bands = browser_loop.call(go)
    assert outcome.outcome == verdict, outcome.reason
    assert before["scrollY"] == scrolled and before["ours"] == 0 and before["globals"] == []
    assert after == before
    if "scroll-box" in name:
        assert before["boxes"] == [37]
    if name == "pass-long.html":
        assert bands >= 3  # the sheet had to last over more than one band


def test_text_beside_a_box_that_reaches_over_its_trailing_space_is_judged_from_styles(browser_loop, base):
    # The code span's padding covers the space after "The", not a character: the text is still
    # over one plain colour, so the verdict comes from styles (exact colours), not from pixels.
    outcome = run_check(browser_loop, CHECK, base + "fail-flat-beside-code.html")
    assert outcome.outcome == "failed", outcome.reason
    pale = [n for n in outcome.nodes if n.target == ["#pale"]]
    assert pale and pale[0].summary.startswith("contrast 2.32:1 between the text (#aaaaaa) and its background (#ffffff)")
    assert "measured from the rendered pixels" not in pale[0].summary


def test_text_in_a_shadow_tree_is_measured_with_nothing_moving_there_either(browser_loop, base):
    # Hiding the text for the background's picture must not fade it out over a transition: the
    # sheet that stops transitions goes into shadow trees as well as the document.
    outcome = run_check(browser_loop, CHECK, base + "fail-gradient-in-shadow.html")
    assert outcome.outcome == "failed", outcome.reason
    summaries = {n.target[-1]: n.summary for n in outcome.nodes}
    assert set(summaries) == {"#light", "#shadowed"}, summaries
    worst = {t: float(s.split("contrast of at most ")[1].split(":1")[0]) for t, s in summaries.items()}
    assert abs(worst["#light"] - worst["#shadowed"]) <= 0.05, summaries


def test_decides_what_axe_leaves_for_review_and_leaves_what_it_did_not_reach(tmp_path):
    # A real scan (axe, then our checks): axe cannot place text on a gradient on one colour and
    # leaves all three paragraphs for review; this check measures the two near the top.
    from tests.support import read_results, scan

    scan(FIXTURES / "settle-review.html", "--out", tmp_path, "--quiet", "--fail-on", "none",
         "--rules", "color-contrast,text-contrast-rendered", expect=0)
    page = read_results(tmp_path)["pages"][0]
    review = {r["rule"]: [n["target"] for n in r["nodes"]] for r in page["incomplete"]}
    assert review["color-contrast"] == [["#far"]]  # below the screens examined: still a person's to judge
    settled = {n["target"][0]: n["summary"] for r in page["settled"] for n in r["nodes"]}
    assert [r["settled_by"] for r in page["settled"]] == [CHECK]
    assert settled["#fine"].startswith(f"decided by {CHECK}: passes; its text's contrast with what is drawn "
                                       "behind it is at least ")
    assert settled["#pale"].startswith(f"decided by {CHECK}: fails (reported under {CHECK})")
    assert [n["target"] for r in page["violations"] if r["rule"] == CHECK for n in r["nodes"]] == [["#pale"]]
    assert "color-contrast" not in page["passed"]
    summary = read_results(tmp_path)["summary"]
    assert summary["settled_elements"] == 2 and summary["review_elements"] == 1


@pytest.mark.parametrize("name, pale", [("fail-in-scroll-box.html", "#pale"), ("fail-in-small-scroll-box.html", "#faint")])
def test_judges_the_text_of_a_scroll_box_beyond_what_it_shows(browser_loop, base, name, pale):
    # A sidebar as high as the viewport and kept in it (sticky), and a box of 90 px: most of their
    # text is out of view however the page scrolls, until the box itself is scrolled.
    outcome = run_check(browser_loop, CHECK, base + name)
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [[pale]]
    assert "between the text (#aaaaaa)" in outcome.nodes[0].summary or "(#bbbbbb)" in outcome.nodes[0].summary


def test_a_line_wider_than_its_scrolling_block_is_measured_only_where_it_is_drawn(browser_loop, base):
    # The rest of the line is reached by scrolling the block; where it would be, a dark panel with
    # light text is drawn. Measured there, the hidden characters took the panel's contrast for their own.
    outcome = run_check(browser_loop, CHECK, base + "review-wide-code.html")
    assert outcome.outcome == "cantTell", outcome.reason
    assert "character(s) do not show whole in the viewport, or in the box that scrolls them" in outcome.reason
    assert all(n.target != ["#code"] for n in outcome.nodes)  # its visible part is judged, and passes


def test_fails_a_light_grey_placeholder_at_rest(browser_loop, base):
    # An empty field shows its placeholder: text, judged over the field's background (its own
    # white, or, for the see-through textarea, the grey of the box behind it).
    outcome = run_check(browser_loop, CHECK, base + "fail-placeholder.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#q"], ["#note"]]
    assert outcome.nodes[0].summary == (
        "contrast 2.05:1 between the placeholder (#b5b5b5) and the field's background (#ffffff); 4.5:1 is needed "
        "for normal text (16px): \"for example, Introduction to databases\"")
    assert outcome.nodes[1].summary.startswith(
        "contrast 2.46:1 between the placeholder (#999999) and the field's background (#eeeeee)")


def test_fails_a_light_placeholder_on_a_gradient_measured_from_pixels(browser_loop, base):
    # The field's own background is not one colour: the placeholder is measured from pixels (it is
    # hidden for the background's picture like any text), and the dark one beside it passes.
    outcome = run_check(browser_loop, CHECK, base + "fail-placeholder-gradient.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#pale"]]
    assert outcome.nodes[0].summary.startswith("contrast of at most 2.05:1 between the placeholder (text #b5b5b5 "
                                               "against background #ffffff, measured from the rendered pixels "
                                               "because of a gradient)")


def test_passes_placeholders_dark_enough_including_chromium_s_own_grey(browser_loop, base):
    # #595959, Chromium's default placeholder grey (#757575, 4.61:1) and #8a8a8a at 24px (large
    # text, 3.45:1 of 3:1) pass 1.4.3; 1.4.6's thresholds fail the last two.
    outcome = run_check(browser_loop, CHECK, base + "pass-placeholder.html")
    assert outcome.outcome == "passed", [n.summary for n in outcome.nodes]
    assert outcome.reason.startswith("the text of 7 element(s) has enough contrast")  # 4 texts, 3 placeholders
    enhanced = run_check(browser_loop, "text-contrast-enhanced", base + "pass-placeholder.html")
    assert enhanced.outcome == "failed", enhanced.reason
    found = {n.target[0]: n.summary for n in enhanced.nodes}
    assert set(found) == {"#plain", "#big"}, found
    assert found["#plain"].startswith("contrast 4.61:1 between the placeholder (#757575)")
    assert "7:1 is needed for normal text" in found["#plain"]
    assert "4.5:1 is needed for large-scale text (24px)" in found["#big"]


@pytest.mark.parametrize("name", ["pass-placeholder-disabled.html", "pass-placeholder-with-value.html"])
def test_placeholders_of_disabled_fields_or_not_shown_are_not_judged(browser_loop, base, name):
    # A disabled field (or one in a disabled fieldset) is exempt; a field with a value does not
    # show its placeholder. Both placeholders would fail; the pages' other text passes.
    outcome = run_check(browser_loop, CHECK, base + name)
    assert outcome.outcome == "passed", [n.summary for n in outcome.nodes]
