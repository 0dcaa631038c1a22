"""link-in-text-distinguishable (WCAG 1.4.1; F73, G183) in a real Chromium."""
from tests.checks.support import CHECK_FIXTURES, run_check, served, targets

FIXTURES = CHECK_FIXTURES / "link-in-text-distinguishable"
CHECK = "link-in-text-distinguishable"
base = served(CHECK)


def test_links_told_apart_by_colour_alone_fail(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-colour-only.html")
    assert outcome.outcome == "failed", outcome.reason
    # A link's look from an element inside it counts as the link's; emphasis elsewhere in the
    # sentence is not the running text; a shared band of gradient is no background of the link's own.
    assert targets(outcome) == [["#grey"], ["#blue"], ["#inside"], ["#beside-em"], ["#broken"], ["#banded"]]
    grey = outcome.nodes[0].summary
    assert grey.startswith("only colour tells this link from the text around it (\u201cRead the\u201d)"), grey
    ratio = float(grey.split("a contrast of ")[1].split(":1")[0])
    assert 1.5 < ratio < 3  # #555 against #222
    assert "1.00:1 between their backgrounds" in outcome.nodes[5].summary


def test_links_with_a_cue_or_enough_contrast_pass(browser_loop, base):
    # Underline (its own, or an underlined element inside the block around it), weight, a border,
    # another font from an element inside the link, 3:1 between the colours or the backgrounds.
    outcome = run_check(browser_loop, CHECK, base + "pass-cues.html")
    assert outcome.outcome == "passed", [n.summary for n in outcome.nodes]
    assert "each of the 7 link(s)" in outcome.reason


def test_colours_the_styles_do_not_give_need_review(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "review-see-through.html")
    assert outcome.outcome == "cantTell", outcome.reason
    assert targets(outcome) == [["#faded"], ["#pictured"]]
    assert "cannot be read from its styles" in outcome.nodes[0].summary


def test_links_outside_blocks_of_text_are_inapplicable(browser_loop, base):
    # A list of links, a link alone in its paragraph, a link set as a block, links between bars.
    outcome = run_check(browser_loop, CHECK, base + "inapplicable-no-text-block.html")
    assert outcome.outcome == "inapplicable", [n.summary for n in outcome.nodes]


def test_decides_what_axe_leaves_for_review(tmp_path):
    # A real scan (axe, then our checks): axe compares the link element's own style with its
    # block's, and cannot work out the backgrounds of a link holding code or of a line on a
    # gradient; it leaves both links for review. This check decides both.
    from tests.support import read_results, scan

    scan(FIXTURES / "settle-review.html", "--out", tmp_path, "--quiet", "--fail-on", "none",
         "--rules", f"link-in-text-block,{CHECK}", expect=0)
    page = read_results(tmp_path)["pages"][0]
    assert not [r for r in page["incomplete"] if r["rule"] == "link-in-text-block"], page["incomplete"]
    settled = {n["target"][0]: n["summary"] for r in page["settled"] for n in r["nodes"]}
    assert [r["settled_by"] for r in page["settled"]] == [CHECK]
    assert settled["#coded"].startswith(f"decided by {CHECK}: passes; ")
    assert settled["#banded"].startswith(f"decided by {CHECK}: fails (reported under {CHECK})")
    assert [n["target"] for r in page["violations"] if r["rule"] == CHECK for n in r["nodes"]] == [["#banded"]]


def test_frames_and_shadow_trees_are_looked_into(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-in-frame-and-shadow.html")
    assert outcome.outcome == "failed", outcome.reason
    found = targets(outcome)
    assert ["#framed", "#hours"] in found and len(found) == 2, found


def test_a_page_with_more_links_than_are_judged_says_so(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "review-many-links.html")
    assert outcome.outcome == "cantTell", outcome.reason
    assert outcome.reason == "100 more link(s) on the page were not examined"
