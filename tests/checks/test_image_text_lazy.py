"""image-of-text-ocr (WCAG 1.4.5, ACT 0va7u6) on images the page loads lazily, in a real Chromium
with the real Tesseract.

A lazy image (loading="lazy") far below the view is not fetched until someone scrolls near it:
the check loads it before looking, so that it is read like any other image; one that does not
load within the check's bound is left for review, never passed nor counted as broken. A CSS
background far down the page is loaded and scrolled to as it is. The pictures are drawn here
with Pillow and served from a loopback server (one route of which never answers)."""
import io
import threading

import pytest
from PIL import Image, ImageDraw, ImageFont

from a11y.checks import _ocr, image_text
from tests.checks.support import run_check, targets
from tests.scanner.siteserver import held, site

CHECK = "image-of-text-ocr"
needs_ocr = pytest.mark.skipif(_ocr.tesseract_path() is None,
                               reason="tesseract is not installed (make setup installs tesseract-ocr)")
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
DOWN = '<div style="height:4000px">Scroll down</div>'  # far beyond the distance a lazy image loads at


def png(image: Image.Image) -> bytes:
    data = io.BytesIO()
    image.save(data, "PNG")
    return data.getvalue()


def words_png(words: str) -> bytes:
    """The words, dark on a light ground, and nothing else."""
    font = ImageFont.truetype(FONT, 32)
    left, top, right, bottom = font.getbbox(words)
    img = Image.new("RGB", (right - left + 40, bottom - top + 40), (250, 248, 240))
    ImageDraw.Draw(img).text((20 - left, 20 - top), words, font=font, fill=(20, 20, 20))
    return png(img)


def photo_png() -> bytes:
    """A small picture without text: a sky and a hill."""
    img = Image.new("RGB", (120, 80), (135, 190, 235))
    ImageDraw.Draw(img).ellipse((-40, 40, 160, 140), fill=(60, 140, 60))
    return png(img)


def html(body: str):
    doc = f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Agency</title></head><body>{body}</body></html>'
    return lambda h: h._send(200, doc)


def image(data: bytes):
    return lambda h: h._send(200, data, "image/png")


HEADER = '<img id="header" src="agency_header.png" loading="{loading}" alt="Bureau of Statistics">'
PHOTO = '<img id="photo" src="photo.png" alt="The hills in spring">'
LAZY_PHOTO = '<img id="lazy-photo" src="photo.png?lazy" loading="lazy" alt="The hills in spring">'
release = threading.Event()  # /never.png is answered only once the tests are done


@pytest.fixture(scope="module")
def base():
    routes = {
        "/agency_header.png": image(words_png("Bureau of Statistics")),
        "/photo.png": image(photo_png()),
        "/never.png": held(release, image(photo_png())),
        "/eager.html": html(DOWN + HEADER.format(loading="eager")),
        "/lazy.html": html(DOWN + HEADER.format(loading="lazy")),
        "/lazy-and-photo.html": html(PHOTO + DOWN + HEADER.format(loading="lazy")),
        "/lazy-never.html": html(PHOTO + DOWN + '<img id="never" src="never.png" loading="lazy" alt="Opening hours">'),
        "/framed.html": html('<iframe id="inner" src="lazy.html" title="Header" width="600" height="300"></iframe>'),
        "/two-lazy.html": html(DOWN + HEADER.format(loading="lazy") + LAZY_PHOTO),
        "/two-lazy-photo-first.html": html(DOWN + LAZY_PHOTO + HEADER.format(loading="lazy")),
        "/background.html": html(DOWN + '<div id="banner" style="width:420px;height:90px;'
                                        'background:url(agency_header.png) no-repeat"></div>'),
    }
    try:
        with site(routes) as url:
            yield url + "/"
    finally:
        release.set()


def judged(outcome, expected: str, *target: str):
    """The outcome's one node, after asserting the outcome and that node's target."""
    assert outcome.outcome == expected, (outcome.reason, [n.summary for n in outcome.nodes])
    assert targets(outcome) == [list(target)]
    return outcome.nodes[0]


def assert_fails_with_the_words(outcome, *target: str) -> None:
    summary = judged(outcome, "failed", *target).summary
    assert "image of text" in summary
    assert "Statistics" in summary


@needs_ocr
@pytest.mark.parametrize("name", ["eager.html", "lazy.html"])
def test_an_image_of_text_far_down_fails_whether_loaded_eagerly_or_lazily(browser_loop, base, name):
    assert_fails_with_the_words(run_check(browser_loop, CHECK, base + name), "#header")


@needs_ocr
def test_a_lazy_image_of_text_below_a_photo_fails_not_passes(browser_loop, base):
    # The photo at the top is read and has no text; the lazy picture of words is loaded and read too.
    assert_fails_with_the_words(run_check(browser_loop, CHECK, base + "lazy-and-photo.html"), "#header")


@needs_ocr
def test_a_lazy_image_that_never_loads_is_left_for_review_not_passed(browser_loop, base):
    # Its server holds the request: the check waits its bound, then says so within its own time
    # (an overrun would be the engine's "did not finish" instead), and puts the attribute back.
    never = judged(run_check(browser_loop, CHECK, base + "lazy-never.html"), "cantTell", "#never")
    assert never.summary.startswith("not loaded: a lazy image that did not load within ")
    assert 'loading="lazy"' in never.html


@needs_ocr
def test_a_background_of_text_far_down_the_page_fails(browser_loop, base):
    assert_fails_with_the_words(run_check(browser_loop, CHECK, base + "background.html"), "#banner")


@needs_ocr
def test_a_lazy_image_of_text_in_a_frame_is_loaded_and_fails_through_the_frame(browser_loop, base):
    assert_fails_with_the_words(run_check(browser_loop, CHECK, base + "framed.html"), "#inner", "#header")


@needs_ocr
def test_lazy_images_beyond_those_a_page_loads_are_left_for_review(browser_loop, base, monkeypatch):
    # With room for one lazy image, the first is loaded and read; the second is not guessed at.
    monkeypatch.setattr(image_text, "MAX_LAZY", 1)
    assert_fails_with_the_words(run_check(browser_loop, CHECK, base + "two-lazy.html"), "#header")
    left = judged(run_check(browser_loop, CHECK, base + "two-lazy-photo-first.html"), "cantTell", "#header")
    assert left.summary == "not loaded: a lazy image beyond the first 1 of a page, which are loaded to be read"
