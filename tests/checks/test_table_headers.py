"""table-header-assigned (WCAG 1.3.1; ACT d0f69e) in a real Chromium."""
import pytest

from tests.checks.support import run_check, served

base = served("table-header-assigned")


@pytest.mark.parametrize("page, targets, text", [
    ("fail-empty-column.html", [["#value"]], 'the header cell "Value" has no cells assigned to it'),
    ("fail-headers-elsewhere.html", [["#z"]], 'the header cell "Starting with a Z"'),
    ("fail-aria-grid.html", [["#occupant"]], 'the column header "Occupant" has no cells in its column'),
    ("fail-in-iframe.html", [["#prices", "#value"]], '"Value"'),
])
def test_a_header_cell_with_no_assigned_cells_fails(browser_loop, base, page, targets, text):
    outcome = run_check(browser_loop, "table-header-assigned", base + page)
    assert outcome.outcome == "failed", outcome.reason
    assert [n.target for n in outcome.nodes] == targets
    assert text in outcome.nodes[0].summary


@pytest.mark.parametrize("page", ["pass-row-and-column-headers.html", "pass-headers-and-spans.html"])
def test_headers_assigned_by_position_scope_headers_or_spans_pass(browser_loop, base, page):
    outcome = run_check(browser_loop, "table-header-assigned", base + page)
    assert outcome.outcome == "passed", [n.summary for n in outcome.nodes]


def test_presentational_hidden_and_cell_role_headers_are_inapplicable(browser_loop, base):
    assert run_check(browser_loop, "table-header-assigned", base + "inapplicable-no-header.html").outcome == "inapplicable"


@pytest.mark.parametrize("page, targets, text", [
    ("review-empty-corner.html", ["body > table > tbody > tr:nth-of-type(1) > th:nth-of-type(1)"], "an empty header cell"),
    ("review-headers-only.html", ["body > table > tbody > tr:nth-of-type(2) > th:nth-of-type(1)",
                                  "body > table > tbody > tr:nth-of-type(2) > th:nth-of-type(2)"], "no data cells at all"),
    ("review-aria-positioned.html", ["body > div > div:nth-of-type(1) > div:nth-of-type(2)"], "aria-colindex"),
])
def test_what_the_table_model_cannot_decide_needs_review(browser_loop, base, page, targets, text):
    outcome = run_check(browser_loop, "table-header-assigned", base + page)
    assert outcome.outcome == "cantTell"
    assert [n.target for n in outcome.nodes] == [[t] for t in targets] and text in outcome.nodes[0].summary
