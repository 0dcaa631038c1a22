"""on-input-no-context-change leaves out the tab order's other elements before reading their
rendering only where nothing can be capped (_context_change.TAB_ORDER's `only`): a page with more
elements in its tab order than the check examines still says so."""
from a11y.checks.on_input import OnInputNoContextChange
from a11y.serve import serve_directory
from tests.checks.support import run_check

CHECK = "on-input-no-context-change"
BOX = '<label><input type="checkbox" id="box" onchange="this.dataset.seen = 1"> Remember me</label>'
LIST = ('<label>Section <select id="jump" onchange="location.href = this.value">'
        '<option value="">Choose</option><option value="other.html">Other</option></select></label>')


def page(links: int, before: str, after: str) -> str:
    many = "".join(f'<a href="#n{n}">link {n}</a> ' for n in range(links))
    return f'<!DOCTYPE html><html lang="en"><title>Many</title><body>{before}<p>{many}</p>{after}</body></html>'


def test_more_elements_than_examined_still_says_so(browser_loop, tmp_path):
    most = OnInputNoContextChange.max_elements
    (tmp_path / "many.html").write_text(page(most + 5, BOX, LIST), encoding="utf-8")
    (tmp_path / "few.html").write_text(page(most - 5, BOX, LIST), encoding="utf-8")
    with serve_directory(tmp_path) as base:
        many = run_check(browser_loop, CHECK, base + "many.html", time_factor=3)
        few = run_check(browser_loop, CHECK, base + "few.html", time_factor=3)
    # The box (which changes nothing) is tried; the list comes after the limit: not examined, and
    # the page is left for review.
    assert many.outcome == "cantTell", many.reason
    assert many.reason.startswith(f"the page has more than {most:,} elements in the tab order"), many.reason
    # Within the limit, the list after the links is found among them, and fails.
    assert few.outcome == "failed", few.reason
    assert [n.target for n in few.nodes] == [["#jump"]]
