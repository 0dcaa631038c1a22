"""image-of-text-ocr (WCAG 1.4.5, ACT 0va7u6) on pages that show the same picture many times, and
small background icons on wide boxes, in a real Chromium with the real Tesseract.

The same picture (the same URL at the same painted size, the same part of it showing) is read once
and judged for every element showing it; the cap on images read a page counts pictures, not
elements; a background is ranked and photographed by what of it is painted, not by its box.
The images are drawn here with Pillow and served from a temporary folder."""
import random

import pytest
from PIL import Image, ImageDraw, ImageFont

from a11y.checks import _ocr
from a11y.checks.image_text import MAX_IMAGES
from a11y.serve import serve_directory
from tests.checks.support import run_check, targets

CHECK = "image-of-text-ocr"
needs_ocr = pytest.mark.skipif(_ocr.tesseract_path() is None,
                               reason="tesseract is not installed (make setup installs tesseract-ocr)")
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
NOT_READ = f"only the {MAX_IMAGES} largest images of a page are read (an icon counts as 0.25 of one)"


def plus_icon(colour=(0, 94, 162), seed: int = 0) -> Image.Image:
    """A 64 px icon without text: a plus sign, with a small mark placed by seed (distinct icons)."""
    img = Image.new("RGB", (64, 64), (240, 240, 240))
    draw = ImageDraw.Draw(img)
    draw.rectangle((28, 10, 36, 54), fill=colour)
    draw.rectangle((10, 28, 54, 36), fill=colour)
    rnd = random.Random(seed)
    x, y = rnd.randrange(2, 20), rnd.randrange(42, 56)
    draw.ellipse((x, y, x + 6, y + 6), fill=colour)
    return img


def text_image(words: str, size: int = 28, pad: int = 16) -> Image.Image:
    font = ImageFont.truetype(FONT, size)
    left, top, right, bottom = font.getbbox(words)
    img = Image.new("RGB", (right - left + 2 * pad, bottom - top + 2 * pad), (250, 248, 240))
    ImageDraw.Draw(img).text((pad - left, pad - top), words, font=font, fill=(20, 20, 20))
    return img


ACCORDION = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Accordion</title><style>
  .acc { width: 100%; display: block; padding: 1rem 1.25rem 1rem 3.5rem; border: 0; text-align: left;
         font: bold 16px sans-serif; background: #f0f0f0 url(plus.png) no-repeat;
         background-size: 1.5rem; background-position: right 1.25rem top calc(50% - 1px); margin: 4px 0 }
</style></head><body><h1>Questions</h1>
""" + "".join(f'<button class="acc" aria-expanded="false">Question number {n}</button>\n' for n in range(1, 16)) + """
</body></html>"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("repeats")
    plus_icon().save(root / "plus.png")
    (root / "accordion.html").write_text(ACCORDION, encoding="utf-8")

    # Ten distinct small icons, each on a box wider and larger than the photo, and one picture of text.
    rows = []
    for n in range(10):
        plus_icon(colour=(30 * n % 256, 80, 200 - 15 * n), seed=n).save(root / f"icon{n}.png")
        rows.append(f'<a class="row" href="#r{n}" style="background-image: url(icon{n}.png)">Service {n}</a>')
    text_image("Opening hours: Monday to Friday").save(root / "hours.png")
    (root / "icons.html").write_text(
        """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Services</title><style>
  .row { display: block; width: 1200px; height: 64px; margin: 2px 0; padding-left: 48px;
         background: #fff no-repeat 8px center / 32px 32px; font: 16px/64px sans-serif }
</style></head><body>""" + "\n".join(rows) + """
<p><img id="hours" src="hours.png" alt=""></p></body></html>""", encoding="utf-8")

    # As many distinct pictures (larger than icons) as are read a page, and a frame with one more
    # (the same icon twice).
    imgs = "".join(f'<img src="icon{n}.png" alt="" width="80" height="80">' for n in range(MAX_IMAGES))
    (root / "full.html").write_text(
        f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Full</title></head>
<body><p>{imgs}</p><iframe id="more" src="more.html" title="More" width="500" height="200"></iframe></body></html>""",
        encoding="utf-8")
    (root / "more.html").write_text(
        """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>More</title></head>
<body><img id="one" src="plus.png" alt="" width="30" height="30"><img id="two" src="plus.png" alt="" width="30"
height="30"></body></html>""", encoding="utf-8")

    # One sprite: a plain icon above words, as wide and high as each other; two wide boxes show its
    # rows at their right end: the same URL at the same painted size, another part of it showing.
    words = text_image("Monday closed", 24, 6)
    width, height = max(48, words.width), max(48, words.height)
    sprite = Image.new("RGB", (width, 2 * height), (255, 255, 255))
    sprite.paste(plus_icon().resize((48, 48)), (0, 0))
    sprite.paste(words, (0, height))
    sprite.save(root / "sprite.png")
    (root / "sprite.html").write_text(
        f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sprite</title><style>
  .s {{ width: 900px; height: {height}px; margin: 4px 0; background: #fff url(sprite.png) no-repeat }}
  #plain {{ background-position: right 20px top 0 }}
  #worded {{ background-position: right 20px top -{height}px }}
</style></head><body>
<div class="s" id="plain"></div>
<div class="s" id="worded"></div>
</body></html>""", encoding="utf-8")

    # The same picture of text on twelve buttons, one of them in what the page calls its logo.
    text_image("Download form", 20, 8).save(root / "download.png")
    buttons = "".join(f'<button class="d" id="d{n}">Get it</button>' for n in range(11))
    (root / "same-text.html").write_text(
        """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Forms</title><style>
  .d { display: block; width: 600px; height: 60px; margin: 4px 0; border: 0; color: #000;
       background: #fff url(download.png) no-repeat right 12px center }
</style></head><body>""" + buttons + """
<a href="/" class="site-logo"><button class="d" id="brand">Home</button></a></body></html>""", encoding="utf-8")
    with serve_directory(root) as url:
        yield url


@needs_ocr
def test_the_same_icon_on_fifteen_buttons_is_one_picture_read_once(browser_loop, site):
    # The accordion's icon is painted 24 px square on each of 15 buttons: one picture, no text,
    # none of the 15 left unread by the cap.
    outcome = run_check(browser_loop, CHECK, site + "accordion.html")
    assert outcome.outcome == "passed", outcome.reason
    assert outcome.reason == "no text found in 15 image(s)"
    assert NOT_READ not in outcome.reason


@needs_ocr
def test_a_picture_of_text_is_ranked_above_small_icons_on_wide_boxes(browser_loop, site):
    # Each icon's box (1200 x 64) is larger than the picture of text (about 520 x 60), but what is
    # painted of each is 32 x 32: the picture of text comes first and is read.
    outcome = run_check(browser_loop, CHECK, site + "icons.html", time_factor=2)
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#hours"]]
    assert "Monday" in outcome.nodes[0].summary


@needs_ocr
def test_the_same_picture_of_text_fails_on_every_element_showing_it_but_a_logo(browser_loop, site):
    # Read once, judged for each element with what the page says about it: the one in a link the
    # page calls its logo is left for review (logotypes are allowed), the eleven others fail.
    outcome = run_check(browser_loop, CHECK, site + "same-text.html")
    assert outcome.outcome == "failed", outcome.reason
    assert sorted(t[0] for t in targets(outcome)) == sorted(f"#d{n}" for n in range(11))
    assert all("Download" in n.summary for n in outcome.nodes)


@needs_ocr
def test_parts_of_one_sprite_are_different_pictures(browser_loop, site):
    # #plain shows the icon row of the sprite, #worded its row of words, at the same size: each is
    # read for what it shows, not given the other's verdict.
    outcome = run_check(browser_loop, CHECK, site + "sprite.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#worded"]]
    assert "Monday" in outcome.nodes[0].summary


@needs_ocr
def test_pictures_in_frames_past_the_cap_are_said_to_be_unread(browser_loop, site):
    # The page's own pictures fill the cap: the frame's picture is not read, and each element
    # showing it is left for review, not passed.
    outcome = run_check(browser_loop, CHECK, site + "full.html", time_factor=2)
    assert outcome.outcome == "cantTell", outcome.reason
    assert targets(outcome) == [["#more", "#one"], ["#more", "#two"]]
    assert outcome.reason == f"not read: {NOT_READ}"


@needs_ocr
def test_icons_cost_a_quarter_of_the_cap_so_a_page_s_icons_are_all_read(browser_loop, site):
    # Ten distinct 32 px icons and one picture of text: eleven pictures, more than the cap counts,
    # but the icons cost a quarter each: every one is read (none left "not read").
    outcome = run_check(browser_loop, CHECK, site + "icons.html", time_factor=2)
    assert outcome.outcome == "failed", outcome.reason
    unread = [n for n in outcome.nodes if "not read" in (n.summary or "")]
    assert unread == [], [n.summary for n in unread]
