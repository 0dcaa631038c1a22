"""parsing-markup (WCAG 2.0 4.1.1 Parsing) on the document as served, in a real Chromium."""
import pytest

from a11y.checks._markup import ATTRIBUTES, IDS, NESTING, TAGS, judge
from tests.checks.support import CHECK_FIXTURES, run_check, served, targets

FIXTURES = CHECK_FIXTURES / "parsing-markup"
base = served("parsing-markup")


def kinds(source):
    return [(p.kind, p.line) for p in judge(source).problems]


# --- the parser's errors mapped to 4.1.1 (no browser) --------------------------------

@pytest.mark.parametrize("markup", [
    "<li>one<li>two</ul>".join(["<ul>", ""]),  # optional end tags
    "<table><tr><td>1<td>2<tr><th>3</table>",
    "<dl><dt>a<dd>b</dl><select><option>a<option>b</select>",
    "<p>a<div>b</div>",  # a <div> start tag ends the paragraph: allowed
    "<br/><img src=x alt='' /><svg><path d=''/></svg>",
    "1 &lt; 2 and 3 < 4 &copy",  # a bare '<' and entities are not tags
    "<!-- a -- b --><p>x",  # comment errors are not 4.1.1's
])
def test_what_the_specification_allows_is_no_problem(markup):
    assert kinds("<!DOCTYPE html><title>t</title>" + markup) == []


def test_a_missing_doctype_is_not_a_parsing_failure():
    assert kinds("<title>t</title><p>x") == []


@pytest.mark.parametrize("markup, kind", [
    ('<input title="name type="text">', TAGS),  # F70: unbalanced quotes
    ('<input title="name"type="text">', TAGS),  # F70: no space between attributes
    ("<p This is a paragraph</p>", TAGS),  # F70: missing '>'
    ("<p class=a class=b>x</p>", ATTRIBUTES),
    ("<b><i>x</b></i>", NESTING),
    ("<a href=a><a href=b>y</a></a>", NESTING),
    ("<div>x</span></div>", NESTING),
    ("<div/>x", NESTING),  # the slash does not close a div
    ("<div><section>x", NESTING),  # end tags that are required, missing
    ("<table><div>x</div></table>", NESTING),
    ("<p id=a>x</p><p id=a>y</p>", IDS),
])
def test_failures_of_4_1_1_are_found(markup, kind):
    assert kind in {k for k, _ in kinds("<!DOCTYPE html><title>t</title>\n" + markup)}


def test_ids_in_template_contents_and_noscript_are_not_in_the_document():
    assert kinds("<!DOCTYPE html><title>t</title><p id=a>x<template><i id=a></i></template>"
                 "<noscript><b id=a></b></noscript>") == []


def test_nesting_after_a_template_is_not_judged_but_tag_syntax_is():
    verdict = judge("<!DOCTYPE html><head><title>t</title><template><tr><td>x</template></head>"
                    "<body><p class=a class=b>x")
    assert [p.kind for p in verdict.problems] == [ATTRIBUTES] and verdict.untrusted > 0


def test_the_parser_reads_the_bytes_in_the_browsers_encoding():
    source = '<!DOCTYPE html><title>t</title>\n<p title="こんにちは" title="x">'.encode("shift_jis")
    verdict = judge(source, "Shift_JIS")
    assert verdict.encoding == "shift_jis" and [(p.kind, p.line) for p in verdict.problems] == [(ATTRIBUTES, 2)]
    assert "こんにちは" in verdict.problems[0].excerpt


# --- the check, in Chromium ------------------------------------------------------------

@pytest.mark.parametrize("page, target, line, text", [
    ("fail-duplicate-id.html", ["body > p"], 7, 'id "name" is used by 2 elements'),
    ("fail-duplicate-attribute.html", ["html"], 6, "duplicate attribute"),
    ("fail-misnested.html", ["html"], 5, "adoption agency"),
    ("fail-unclosed.html", ["html"], 8, "Unexpected end of file"),  # at the end: line 8, column 1
    ("fail-attribute-quotes.html", ["html"], 5, "malformed start or end tag"),
    ("fail-shift-jis.html", ["html"], 5, "duplicate attribute"),
])
def test_a_problem_in_the_markup_as_served_fails_with_its_place(browser_loop, base, page, target, line, text):
    outcome = run_check(browser_loop, "parsing-markup", base + page)
    assert outcome.outcome == "failed", outcome.reason
    first = outcome.nodes[0]
    assert first.target == target and first.line == line and f"line {line}, column" in first.summary
    assert text in first.summary


def test_a_framed_document_is_judged_as_served(browser_loop, base):
    outcome = run_check(browser_loop, "parsing-markup", base + "fail-in-iframe.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#form", "html"]]
    assert outcome.nodes[0].summary.startswith("in frame #form, line 6, column")
    assert outcome.nodes[0].line is None  # the line is in the frame's document, not the page's


def test_a_srcdoc_frame_is_judged_from_its_attribute(browser_loop, base):
    outcome = run_check(browser_loop, "parsing-markup", base + "fail-in-srcdoc.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["body > iframe", "html"]]
    assert "duplicate attribute" in outcome.nodes[0].summary


@pytest.mark.parametrize("page", ["pass-valid.html", "pass-script-made-duplicate.html", "pass-utf16.html"])
def test_valid_markup_as_served_passes(browser_loop, base, page):
    outcome = run_check(browser_loop, "parsing-markup", base + page)
    assert outcome.outcome == "passed", outcome.reason


@pytest.mark.parametrize("page", ["inapplicable-empty.html", "inapplicable-plain.txt"])
def test_no_markup_is_inapplicable(browser_loop, base, page):
    assert run_check(browser_loop, "parsing-markup", base + page).outcome == "inapplicable"


def test_nesting_after_a_template_needs_review(browser_loop, base):
    outcome = run_check(browser_loop, "parsing-markup", base + "review-template.html")
    assert outcome.outcome == "cantTell"
    assert "after a <template> element were not judged" in outcome.reason


def test_a_binary_document_needs_review(browser_loop, serve, tmp_path):
    (tmp_path / "junk.html").write_bytes(bytes(range(256)) * 64)
    outcome = run_check(browser_loop, "parsing-markup", serve(tmp_path) + "junk.html")
    assert outcome.outcome == "cantTell"
    assert "looks like binary data" in outcome.reason


def test_a_huge_document_needs_review_without_being_parsed(browser_loop, serve, tmp_path):
    (tmp_path / "huge.html").write_text("<!DOCTYPE html><title>t</title>" + "<p>text</p>\n" * 100_000)
    outcome = run_check(browser_loop, "parsing-markup", serve(tmp_path) + "huge.html")
    assert outcome.outcome == "cantTell"
    assert "1.2 MB, more than the 1 MB this check parses" in outcome.reason


def test_without_the_navigation_response_the_document_is_read_again(browser_loop, base):
    """As when a page replaced itself after loading: the check reads the document again."""
    from a11y.engines.base import PageTarget
    from a11y.engines.checks import ChecksEngine
    from tests.browser_loop import open_page
    from tests.checks.support import PAGE_TIMEOUT, check_by_id

    check = check_by_id("parsing-markup")

    async def go(browser):
        page = await open_page(browser, base + "fail-duplicate-attribute.html")
        try:
            return await ChecksEngine.run_one(check, PageTarget(page=page, timeout=PAGE_TIMEOUT), check.time_limit)
        finally:
            await page.context.close()

    outcome = browser_loop.call(go)
    assert outcome.outcome == "failed" and outcome.nodes[0].line == 6


def test_a_scan_reports_it_under_section508_with_its_line_and_not_under_wcag22(tmp_path, serve):
    """Through the real command: the served bytes reach the check, the finding is mapped to 4.1.1,
    and the WCAG 2.2 standard (where 4.1.1 is obsolete) neither runs nor reports it."""
    from tests.support import read_results, scan

    url = serve(FIXTURES) + "fail-duplicate-attribute.html"
    scan(url, "--out", tmp_path / "508", "--quiet", "--no-sitemap", "--depth", "0", "--fail-on", "none", expect=0)
    [page] = read_results(tmp_path / "508")["pages"]
    [found] = [v for v in page["violations"] if v["rule"] == "parsing-markup"]
    assert found["wcag"] == ["4.1.1"] and [n["line"] for n in found["nodes"]] == [6]

    scan(url, "--out", tmp_path / "22", "--quiet", "--no-sitemap", "--depth", "0", "--fail-on", "none",
         "--standard", "wcag22aa", expect=0)
    [page] = read_results(tmp_path / "22")["pages"]
    said = [v["rule"] for v in page["violations"] + page["incomplete"]] + page["passed"] + page["inapplicable"]
    assert "parsing-markup" not in said and "meta-refresh-delay" in said  # the other checks did run


def test_a_document_served_as_xml_is_checked_for_duplicate_ids_in_its_dom(browser_loop, base):
    """The browser's XML parser accepted the tags (it shows an error otherwise): ids remain."""
    outcome = run_check(browser_loop, "parsing-markup", base + "fail-xhtml-duplicate-id.xhtml")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["body > p:nth-of-type(2)"]]
    assert 'duplicate id: id "note" is used by 2 elements' in outcome.nodes[0].summary
