"""The clipped-text checks pass over text that no box clips before reading its boxes: text that
only the page's root cuts (overflow: hidden on html, so the page cannot scroll to it) is still
measured, and fails when zooming cuts it."""
import pytest

from a11y.serve import serve_directory
from tests.checks.support import run_check, targets

# A line that does not wrap: at 640 CSS px wide it runs past the right edge of a page that cannot
# scroll sideways; at the page's own size (1280 px) it fits.
PAGE = ("<!doctype html><html lang='en' style='overflow: hidden'><body style='margin: 0'>"
        "<p id='cut' style='margin: 0; white-space: nowrap; font: 16px/20px sans-serif'>A line of text that "
        "runs on past the right edge of a window six hundred and forty pixels wide but fits in twelve hundred</p>"
        "</body></html>")


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    folder = tmp_path_factory.mktemp("root-cut")
    (folder / "root-cut.html").write_text(PAGE, encoding="utf-8")
    with serve_directory(folder) as url:
        yield url


def test_text_only_the_page_root_cuts_at_200_percent_fails(browser_loop, base):
    outcome = run_check(browser_loop, "zoom-text-not-clipped", base + "root-cut.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#cut"]]
    assert "cut off sideways by the overflow: hidden of the page (overflow on html)" in outcome.nodes[0].summary
