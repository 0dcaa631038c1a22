"""text-contrast-rendered and -focused hide the text for the picture of what lies under it, not
what the page paints in the text's colour (currentColor), in a real Chromium: MUI's focus
ripple (a span of currentColor at 30% opacity over its button's text), an outlined button's
border and an icon stay in that picture, while every kind of text vanishes from it (list markers,
SVG text, a field's value and placeholder). Each picture is held against the same page drawn
without the text; each page is judged by the check by its real figures."""
import io
import re

import pytest
from PIL import Image, ImageChops

from a11y.checks.text_contrast import ADD_STYLE, BLANK, BLANK_DECORATION
from tests.browser_loop import open_page
from tests.checks.support import run_check, targets
from tests.checks.written_pages import written

pytestmark = pytest.mark.browser

GRADIENT = "linear-gradient(90deg, #ffffff, #e0e0e0)"
# Light stripes (#eeeeee on white) drawn by an image.
STRIPES = ("url(\"data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' width='8' height='8'>"
           "<rect width='8' height='8' fill='%23fff'/><rect width='4' height='8' fill='%23eee'/></svg>\")")
HIDDEN = "<span style='visibility: hidden'>{}</span>"  # laid out as the text is, not drawn


def page(body: str, style: str = "", script: str = "") -> str:
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>'
            f"<style>body {{ font: 16px sans-serif; margin: 8px }} {style}</style></head>"
            f"<body><main>{body}</main>{script}</body></html>")


# A text button with MUI's focus ripple: on focus a span of currentColor at 30% opacity is put
# over the whole button (its text included), taken out on blur.
HALO_STYLE = ("button { position: relative; font: 500 14px sans-serif; padding: 6px 8px; border: 0;"
              " background: #ffffff; color: COLOUR; text-transform: uppercase; }"
              " button:focus { outline: 2px solid #1976d2; }"
              " .halo { position: absolute; inset: 0; background: currentColor; opacity: .3; pointer-events: none; }")
HALO_SCRIPT = """<script>
  for (const b of document.querySelectorAll('button')) {
    b.addEventListener('focus', () => { const s = document.createElement('span'); s.className = 'halo'; b.append(s); });
    b.addEventListener('blur', () => b.querySelectorAll('.halo').forEach((s) => s.remove()));
  }
</script>"""
HALO_BUTTONS = '<p><button type="button" id="save">Save draft</button> <button type="button" id="cancel">Cancel</button></p>'


def halo_page(colour: str) -> str:
    return page(HALO_BUTTONS, HALO_STYLE.replace("COLOUR", colour), HALO_SCRIPT)


# The ripple shown at rest, for its picture: the same button, its text hidden in the bare twin.
def halo_still(text: str) -> str:
    return page(f'<p><button type="button" id="subject">{text}<span class="halo"></span></button></p>',
                HALO_STYLE.replace("COLOUR", "#1976d2"))


OUTLINED_STYLE = (f".band {{ background: {STRIPES}; padding: 12px }}"
                  " button { color: COLOUR; background: transparent; border: 1px solid currentColor; border-radius: 4px;"
                  " padding: 5px 15px; font: 500 14px sans-serif; text-transform: uppercase; }")


def outlined(colour: str, text: str = "Add to basket") -> str:
    return page(f'<div class="band"><button type="button" id="subject">{text}</button></div>',
                OUTLINED_STYLE.replace("COLOUR", colour))


def chart(text: bool) -> str:
    labels = ('<text x="8" y="26" fill="currentColor">Sales</text><text x="70" y="26" fill="currentColor">'
              '<tspan fill="#b00020">2024</tspan></text>' if text else "")
    return page(f'<figure id="subject" style="background: {GRADIENT}; color: #222222; margin: 0; padding: 8px">'
                '<svg width="200" height="40"><rect x="130" y="8" width="60" height="24" fill="currentColor"/>'
                f'{labels}</svg><figcaption>{"Quarterly sales" if text else HIDDEN.format("Quarterly sales")}'
                "</figcaption></figure>")


def listing(markers: bool) -> str:
    items = "".join(f"<li>{w}</li>" for w in ("Apples", "Pears")) if markers else \
        "".join(f"<li style='list-style: none'>{HIDDEN.format(w)}</li>" for w in ("Apples", "Pears"))
    return page(f'<ul id="subject" style="background: {GRADIENT}; color: #222222">{items}</ul>'
                f'<ol style="background: {GRADIENT}; color: #222222"><li>{"Wash" if markers else ""}</li></ol>')


FIELD_STYLE = (f"input {{ background: {GRADIENT}; color: #222222; border: 1px solid currentColor; padding: 4px;"
               " font: 16px sans-serif; width: 220px } input::placeholder { color: COLOUR; opacity: 1 }")


def fields(colour: str, text: bool = True) -> str:
    value, hint = ('value="Jane Doe"', 'placeholder="Your town"') if text else ("", "")
    name, town = ("Name", "Town") if text else (HIDDEN.format("Name"), HIDDEN.format("Town"))
    return page(f'<p id="subject"><label>{name} <input id="name" {value}></label> '
                f'<label>{town} <input id="town" {hint}></label></p>', FIELD_STYLE.replace("COLOUR", colour))


PAGES = {
    # #1976d2 text under a #1976d2 ripple: the white around it turns (186, 214, 242), about 3.07:1.
    "halo-fail.html": halo_page("#1976d2"),
    # Dark text under a ripple of its own colour: the background turns a light grey, about 9.6:1.
    "halo-pass.html": halo_page("#0b0c0c"),
    "halo-still.html": halo_still("Save draft"),
    "halo-still-bare.html": halo_still(HIDDEN.format("Save draft")),
    "outlined-pass.html": outlined("#0d47a1"),
    "outlined-fail.html": outlined("#90caf9"),
    "outlined-bare.html": outlined("#0d47a1", HIDDEN.format("Add to basket")),
    "chart.html": chart(True),
    "chart-bare.html": chart(False),
    "list.html": listing(True),
    "list-bare.html": listing(False),
    "fields-pass.html": fields("#595959"),
    "fields-fail.html": fields("#9e9e9e"),
    "fields-bare.html": fields("#595959", text=False),
}
base = written(PAGES)


def _shot(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("RGB")


def pictures(browser_loop, url: str, bare_url: str) -> tuple[Image.Image, Image.Image, Image.Image]:
    """#subject as drawn, with the check's blank sheet put in (as text_contrast._pixels puts it
    in), and as the page without its text draws it."""
    async def go(browser):
        shots = []
        for address, blank in ((url, True), (bare_url, False)):
            p = await open_page(browser, address)
            try:
                box = await p.locator("#subject").bounding_box()
                clip = {k: round(box[k]) for k in ("x", "y", "width", "height")}
                shots.append(_shot(await p.screenshot(clip=clip)))
                if blank:
                    await p.evaluate(ADD_STYLE, [BLANK + BLANK_DECORATION, "data-a11y-blank"])
                    shots.append(_shot(await p.screenshot(clip=clip)))
            finally:
                await p.context.close()
        return tuple(shots)

    return browser_loop.call(go)


def differing(a: Image.Image, b: Image.Image) -> int:
    """Pixels that differ by more than a rounding step in any channel."""
    r, g, b_ = ImageChops.difference(a, b).split()
    most = ImageChops.lighter(ImageChops.lighter(r, g), b_)
    return sum(most.histogram()[3:])


@pytest.mark.parametrize(("name", "bare"), [("halo-still", "halo-still-bare"), ("outlined-pass", "outlined-bare"),
                                            ("chart", "chart-bare"), ("list", "list-bare"),
                                            ("fields-pass", "fields-bare")])
def test_the_blank_picture_keeps_what_is_painted_in_the_texts_colour_and_loses_the_text(browser_loop, base, name, bare):
    drawn, blank, bare = pictures(browser_loop, base + f"{name}.html", base + f"{bare}.html")
    assert drawn.size == blank.size == bare.size
    assert differing(drawn, blank) > 50  # the text was there, and is gone
    # Nothing else changed: the ripple, the border, the icon's bar, the gradient all stay; the
    # markers, the SVG text, the field's value and placeholder are gone with the rest.
    assert differing(blank, bare) == 0


def test_a_buttons_own_colour_ripple_fails_its_text_by_the_figure_measured(browser_loop, base):
    outcome = run_check(browser_loop, "text-contrast-focused", base + "halo-fail.html")
    assert outcome.outcome == "failed", (outcome.reason, [n.summary for n in outcome.nodes])
    assert targets(outcome) == [["#save"], ["#cancel"]]
    for n in outcome.nodes:
        assert n.summary.startswith("with keyboard focus on it"), n.summary
        assert "measured from the rendered pixels" in n.summary, n.summary
        worst = float(re.search(r"at most (\d+\.\d+):1", n.summary).group(1))
        assert 2.7 <= worst <= 3.4, n.summary  # (186, 214, 242) behind #1976d2: about 3.07:1


def test_dark_text_under_a_ripple_of_its_own_colour_passes(browser_loop, base):
    outcome = run_check(browser_loop, "text-contrast-focused", base + "halo-pass.html")
    assert outcome.outcome == "passed", (outcome.reason, [n.summary for n in outcome.nodes])
    assert "changes the colours of 2 element(s)" in outcome.reason


def test_an_outlined_button_over_an_image_is_measured_beside_its_border(browser_loop, base):
    dark = run_check(browser_loop, "text-contrast-rendered", base + "outlined-pass.html")
    assert (dark.outcome, targets(dark)) == ("passed", []), (dark.reason, [n.summary for n in dark.nodes])
    assert dark.reason == "the text of 1 element(s) has enough contrast with its background"
    pale = run_check(browser_loop, "text-contrast-rendered", base + "outlined-fail.html")
    assert (pale.outcome, targets(pale)) == ("failed", [["#subject"]]), pale.reason
    assert "measured from the rendered pixels because of a background image" in pale.nodes[0].summary
    assert "text #90caf9 against background #ffffff" in pale.nodes[0].summary


@pytest.mark.parametrize("name", ["chart", "list"])
def test_html_text_beside_svg_text_and_markers_on_a_gradient_passes_from_pixels(browser_loop, base, name):
    # The figure's caption; the list's three items (SVG text is not an HTML element's: ACT's
    # afw4f7 does not apply to it).
    outcome = run_check(browser_loop, "text-contrast-rendered", base + f"{name}.html")
    assert (outcome.outcome, targets(outcome)) == ("passed", []), (outcome.reason, [n.summary for n in outcome.nodes])
    count = {"chart": 1, "list": 3}[name]
    assert outcome.reason == f"the text of {count} element(s) has enough contrast with its background"


def test_a_placeholder_on_a_gradient_is_judged_from_pixels(browser_loop, base):
    dark = run_check(browser_loop, "text-contrast-rendered", base + "fields-pass.html")
    assert dark.outcome == "passed", (dark.reason, [n.summary for n in dark.nodes])
    pale = run_check(browser_loop, "text-contrast-rendered", base + "fields-fail.html")
    assert (pale.outcome, targets(pale)) == ("failed", [["#town"]]), pale.reason
    assert "between the placeholder (text #9e9e9e" in pale.nodes[0].summary
    assert "measured from the rendered pixels because of a gradient" in pale.nodes[0].summary
