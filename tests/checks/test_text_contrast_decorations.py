"""text-contrast-rendered on text with a decoration of another colour (MUI's links: an underline in
the link's colour at 40% alpha), in a real Chromium: the decoration is neither the text nor its
background, so such a link over one plain colour is judged from styles as other text is, and over
an image the picture of what lies behind the text leaves the underline out."""
import pytest

from a11y.checks._contrast import ratio
from tests.checks.support import run_check, targets
from tests.checks.written_pages import written

CHECK = "text-contrast-rendered"

pytestmark = pytest.mark.browser

MUI_LINK = "text-decoration: underline; text-decoration-color: rgba(25,118,210,.4)"
# Light stripes (#eeeeee on white) drawn by an image: text over it is measured from pixels.
STRIPES = ("url(\"data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' width='8' height='8'>"
           "<rect width='8' height='8' fill='%23fff'/><rect width='4' height='8' fill='%23eee'/></svg>\")")
LINKS = ('<ul><li><a id=a1 href="#a">Buttons</a></li><li><a id=a2 href="#b">Text fields</a></li>'
         '<li><a id=a3 href="#c">Selection controls</a></li></ul>')


def page(style: str, body: str = LINKS) -> str:
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Links</title>'
            f"<style>body {{ font: 16px sans-serif; background: #fff }} {style}</style></head>"
            f"<body><main><h1 style='color: #000'>Links</h1>{body}</main></body></html>")


PAGES = {
    "mui-links.html": page(f"a {{ color: #1976d2; {MUI_LINK} }}"),
    "pale-links.html": page(f"a {{ color: #8ab4f8; {MUI_LINK} }}"),
    # Large (19 px bold: 3:1 is needed) over the striped image, the underline under the glyphs.
    "links-over-an-image.html": page(
        f".band {{ background: {STRIPES}; padding: 8px; font: bold 19px sans-serif }}"
        f" a {{ {MUI_LINK} }} #dark {{ color: #1976d2 }} #pale {{ color: #8ab4f8 }}",
        "<p class=band><a id=dark href='#a'>Buttons</a> <a id=pale href='#b'>Text fields</a></p>"),
    "link-over-an-image.html": page(
        f".band {{ background: {STRIPES}; padding: 8px; font: bold 19px sans-serif }} a {{ color: #1976d2; {MUI_LINK} }}",
        "<p class=band><a id=dark href='#a'>Buttons</a></p>"),
}

base = written(PAGES)


def test_a_link_with_a_translucent_underline_on_white_passes_from_styles(browser_loop, base):
    assert f"{ratio((25, 118, 210), (255, 255, 255)):.2f}" == "4.60"  # #1976d2 on white
    outcome = run_check(browser_loop, CHECK, base + "mui-links.html")
    assert (outcome.outcome, targets(outcome)) == ("passed", []), outcome.reason
    assert outcome.reason == "the text of 4 element(s) has enough contrast with its background"


def test_a_pale_link_with_a_translucent_underline_on_white_fails_from_styles(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "pale-links.html")
    assert (outcome.outcome, targets(outcome)) == ("failed", [["#a1"], ["#a2"], ["#a3"]]), outcome.reason
    low = f"{ratio((0x8a, 0xb4, 0xf8), (255, 255, 255)):.2f}"
    assert all(n.summary.startswith(f"contrast {low}:1 between the text (#8ab4f8) and its background (#ffffff)")
               for n in outcome.nodes), [n.summary for n in outcome.nodes]


def test_links_underlined_over_an_image_are_measured_from_pixels_without_the_underline(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "links-over-an-image.html")
    assert (outcome.outcome, targets(outcome)) == ("failed", [["#pale"]]), outcome.reason
    assert "measured from the rendered pixels because of" in outcome.nodes[0].summary
    assert "text #8ab4f8 against background #ffffff" in outcome.nodes[0].summary


def test_a_dark_link_underlined_over_an_image_passes_from_pixels(browser_loop, base):
    # Its underline is not taken for background right under the glyphs.
    outcome = run_check(browser_loop, CHECK, base + "link-over-an-image.html")
    assert (outcome.outcome, targets(outcome)) == ("passed", []), outcome.reason
