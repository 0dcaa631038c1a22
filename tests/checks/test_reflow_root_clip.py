"""reflow-320 (1.4.10): the page's root clipping its overflow (overflow-x: hidden on body) is
judged as any box that clips: text it cuts off at 320 CSS px that showed whole at the page's own
size fails, an empty gutter past the edge passes. In a real Chromium."""
import pytest

from tests.checks.support import run_check, targets
from tests.checks.written_pages import written

CHECK = "reflow-320"

PAGES = {
    # A row with the negative margins of a grid's gutters (USWDS's footer): 8 px past the edge,
    # with nothing in them.
    "gutter.html": """<!DOCTYPE html>
<html lang="en"><head><title>Gutters</title>
<style>body { overflow-x: hidden; margin: 0; } ul { display: flex; flex-wrap: wrap; margin: 0 -8px; padding: 0;
  list-style: none; } li { padding: 0 8px; }</style></head>
<body><main><h1>Contact</h1>
<ul><li><a href="#a">Facebook</a></li><li><a href="#b">Twitter</a></li><li><a href="#c">YouTube</a></li></ul>
</main></body></html>""",
    # A paragraph of 600 px that the page cuts off instead of scrolling to it.
    "cut-text.html": """<!DOCTYPE html>
<html lang="en"><head><title>Cut off</title>
<style>body { overflow-x: hidden; }</style></head>
<body><main><h1>Notice</h1>
<p id="wide" style="width: 600px">Some text of a notice that is wider than a narrow window, and whose every line
is cut off at the right side, where no one can scroll to it.</p>
</main></body></html>""",
    # The same in a right-to-left page: cut off at the left side.
    "cut-text-rtl.html": """<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><title>Cut off</title>
<style>body { overflow-x: hidden; }</style></head>
<body><main><h1>Notice</h1>
<p id="wide" style="width: 600px">Some text of a notice that is wider than a narrow window, and whose every line
is cut off at the left side, where no one can scroll to it.</p>
</main></body></html>""",
    # The same, where the page scrolls sideways to it.
    "scrolled-text.html": """<!DOCTYPE html>
<html lang="en"><head><title>Scrolls</title></head>
<body><main><h1>Notice</h1>
<p id="wide" style="width: 600px">Some text of a notice that is wider than a narrow window, and whose every line
is cut off at the right side, where no one can scroll to it.</p>
</main></body></html>""",
    # A USWDS alert made at least 640 px wide, under USWDS's body { overflow-x: hidden }.
    "alert.html": """<!DOCTYPE html>
<html lang="en"><head><title>Alert</title>
<style>body { overflow-x: hidden; } .usa-alert { min-width: 640px; border-left: 8px solid #e5a000;
  background: #faf3d1; padding: 1rem; } .usa-alert__body { max-width: 40rem; }</style></head>
<body><main><h1>Apply</h1>
<div class="usa-alert usa-alert--warning"><div class="usa-alert__body">
<h2 class="usa-alert__heading">Warning status</h2>
<p class="usa-alert__text" id="alert-text">Your application is missing two documents: upload them before the
deadline of March 15, or your benefits may be delayed. <a href="#docs">Upload documents</a>.</p>
</div></div>
</main></body></html>""",
    # A wide decorative band and an image past the edge: only the image is content.
    "cut-image.html": """<!DOCTYPE html>
<html lang="en"><head><title>Image</title>
<style>body { overflow-x: hidden; } .band { width: 700px; height: 20px; background: #005ea2; }</style></head>
<body><main><h1>Our office</h1>
<div class="band"></div>
<div id="photo-row" style="width: 640px; display: flex; justify-content: flex-end">
  <img id="photo" alt="The office building" width="200" height="120"
    src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='200' height='120'/%3E"></div>
</main></body></html>""",
    # A navigation shown in a row at the page's own size that narrow layouts park past the edge
    # (positioned absolutely), under body { overflow-x: hidden }: a closed off-canvas menu.
    "parked-menu.html": """<!DOCTYPE html>
<html lang="en"><head><title>Menu</title>
<style>body { overflow-x: hidden; position: relative; margin: 0; } nav a { margin-right: 1em; }
  @media (max-width: 600px) { nav { position: absolute; top: 0; left: 100%; width: 260px; } }</style></head>
<body><button aria-expanded="false" aria-controls="site-nav">Menu</button>
<nav aria-label="Site" id="site-nav"><a href="#a">Home</a><a href="#b">News</a><a href="#c">Contact</a></nav>
<main><h1>Home</h1><p>Welcome.</p></main></body></html>""",
}
base = written(PAGES)


def test_an_empty_gutter_past_the_edge_that_the_page_cuts_off_passes(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "gutter.html")
    assert (outcome.outcome, outcome.reason) == ("passed", ""), [n.summary for n in outcome.nodes]


@pytest.mark.parametrize("page", ["cut-text.html", "cut-text-rtl.html"])
def test_text_the_pages_overflow_x_hidden_cuts_off_fails(browser_loop, base, page):
    outcome = run_check(browser_loop, CHECK, base + page)
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#wide"]]
    assert "cut off by the page's overflow-x: hidden (on body), and cannot be scrolled to" in outcome.nodes[0].summary


def test_text_the_page_scrolls_to_fails_as_before(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "scrolled-text.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#wide"]]
    assert "the page scrolls sideways" in outcome.reason


def test_an_alert_wider_than_the_window_under_a_clipping_body_fails(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "alert.html")
    assert outcome.outcome == "failed", outcome.reason
    assert ["#alert-text"] in targets(outcome), [n.summary for n in outcome.nodes]


def test_an_image_the_page_cuts_off_needs_review_and_a_plain_band_is_not_named(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "cut-image.html")
    assert outcome.outcome == "cantTell", outcome.reason
    assert targets(outcome) == [["#photo-row"]]
    assert "(<img>) is cut off by the page's overflow-x: hidden" in outcome.nodes[0].summary
    assert "images or other content past the edge" in outcome.reason


def test_a_menu_narrow_layouts_park_past_the_edge_of_a_clipping_page_is_not_lost(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "parked-menu.html")
    assert (outcome.outcome, outcome.reason) == ("passed", ""), [n.summary for n in outcome.nodes]
