"""image-of-text-ocr (WCAG 1.4.5, ACT 0va7u6) in a real Chromium with the real Tesseract.

Fixture images are made by tests/fixtures/checks/image-of-text-ocr/make_images.py."""
import pytest
from PIL import Image

from a11y.checks import _ocr
from a11y.checks.base import CheckContext
from tests.browser_loop import open_page
from tests.checks.support import CHECK_FIXTURES, PAGE_TIMEOUT, check_by_id, run_check, served, targets

FIXTURES = CHECK_FIXTURES / "image-of-text-ocr"
needs_ocr = pytest.mark.skipif(_ocr.tesseract_path() is None,
                               reason="tesseract is not installed (make setup installs tesseract-ocr)")


base = served("image-of-text-ocr")


@needs_ocr
@pytest.mark.parametrize("name, target", [
    ("fail-word.html", "body > img"), ("fail-background.html", "body > div"),
    ("fail-background-escaped.html", "body > div"), ("fail-background-attribute.html", "body > table"),
    ("fail-background-animated.html", "#hours")])
def test_an_image_of_text_fails(browser_loop, base, name, target):
    outcome = run_check(browser_loop, "image-of-text-ocr", base + name)
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [[target]]
    assert "Monday" in outcome.nodes[0].summary


@needs_ocr
def test_an_image_of_text_in_a_frame_fails_with_a_target_through_the_frame(browser_loop, base):
    outcome = run_check(browser_loop, "image-of-text-ocr", base + "fail-in-frame.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#hours", "body > img"]]
    assert "Monday" in outcome.nodes[0].summary


@needs_ocr
@pytest.mark.parametrize("name", ["pass-photo.html", "pass-text-over-background.html"])
def test_images_without_text_pass(browser_loop, base, name):
    outcome = run_check(browser_loop, "image-of-text-ocr", base + name)
    assert outcome.outcome == "passed", outcome.reason


def test_an_image_too_small_for_a_word_passes_without_ocr(browser_loop, base):
    outcome = run_check(browser_loop, "image-of-text-ocr", base + "pass-tiny.html")
    assert (outcome.outcome, outcome.reason) == ("passed", "images too small to hold a legible word only")


IMG = {"review-logo.html": "body > header > a > img", "review-street.html": "body > img", "review-huge.html": "body > img",
       "fail-word.html": "body > img"}


@needs_ocr
@pytest.mark.parametrize("name, why", [
    ("review-logo.html", "logo"),  # logotypes are allowed
    ("review-street.html", "picture with other content"),  # text may be incidental
    ("review-huge.html", "too large to read whole"),  # read in part only
])
def test_text_that_may_be_allowed_is_left_for_review(browser_loop, base, name, why):
    outcome = run_check(browser_loop, "image-of-text-ocr", base + name)
    assert outcome.outcome == "cantTell", outcome.reason
    assert why in outcome.reason
    assert targets(outcome) == [[IMG[name]]]


@pytest.mark.parametrize("name, why", [("inapplicable-broken.html", "images that failed to load only"),
                                       ("inapplicable-none.html", "no rendered images")])
def test_pages_without_rendered_images_are_inapplicable(browser_loop, base, name, why):
    outcome = run_check(browser_loop, "image-of-text-ocr", base + name)
    assert (outcome.outcome, outcome.reason) == ("inapplicable", why)


def test_without_tesseract_the_check_asks_for_review(browser_loop, base, monkeypatch, tmp_path):
    """A11Y_TESSERACT names the binary; one that is not there is OCR not being available."""
    monkeypatch.setenv("A11Y_TESSERACT", str(tmp_path / "no-such-tesseract"))
    outcome = run_check(browser_loop, "image-of-text-ocr", base + "fail-word.html")
    assert (outcome.outcome, outcome.reason) == ("cantTell", "OCR is not available (install tesseract-ocr)")
    assert targets(outcome) == [["body > img"]]


LOOK = """() => ({scroll: [scrollX, scrollY], styles: document.querySelectorAll('style').length,
                 colour: getComputedStyle(document.querySelector('p')).color})"""


@needs_ocr
def test_the_page_is_left_as_it_was(browser_loop, base):
    """Scrolled to read an image further down, text made transparent for the shots: both undone."""
    check = check_by_id("image-of-text-ocr")

    async def go(browser):
        page = await open_page(browser, base + "fail-word.html", {"width": 800, "height": 300})
        try:
            await page.evaluate("""() => { document.body.style.height = '3000px';
                document.querySelector('img').style.marginTop = '1200px'; scrollTo(0, 40); }""")
            before = await page.evaluate(LOOK)
            outcome = await check.run(CheckContext(page=page, timeout=PAGE_TIMEOUT))
            return outcome, before, await page.evaluate(LOOK)
        finally:
            await page.context.close()

    outcome, before, after = browser_loop.call(go)
    assert outcome.outcome == "failed", outcome.reason
    assert after == before
    assert before["scroll"] == [0, 40]


# --- the judgement, on images without a browser ------------------------------------------------

@pytest.mark.parametrize("text, ok", [
    ("Welcome", True), ("me!", True), ("(ACT)", True), ("rules.", True), ("SWORD", True), ("don't", True),
    ("Bakery,open", True), ("W3C", False), ("1,0", False), ("|", False), ("=", False), ("RETy", False), ("Bl", False), ("1.0", False), ("a", False),
])
def test_word_like(text, ok):
    assert _ocr.word_like(text) is ok


def test_single_letters_and_short_noise_are_not_text():
    words = [_ocr.Word("A", 96, (0, 0, 10, 10)), _ocr.Word("TO", 93, (0, 0, 10, 10)), _ocr.Word("gat", 96, (0, 0, 9, 9))]
    assert not _ocr.has_text(words)
    assert _ocr.has_text([_ocr.Word("Press", 96, (0, 0, 9, 9)), _ocr.Word("me!", 96, (10, 0, 19, 9))])
    assert not _ocr.has_text([_ocr.Word("Press", 60, (0, 0, 9, 9)), _ocr.Word("me!", 60, (10, 0, 19, 9))])


def test_a_photo_is_busy_and_a_plain_ground_is_not():
    photo = Image.open(FIXTURES / "photo.png")
    assert _ocr.busy_outside(photo, []) > 0.1
    assert _ocr.busy_outside(Image.new("RGB", (200, 80), (240, 240, 240)), []) == 0


def test_parse_tsv_scales_boxes_back():
    tsv = ("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
           "1\t1\t0\t0\t0\t0\t0\t0\t300\t90\t-1\t\n"
           "5\t1\t1\t1\t1\t1\t30\t60\t90\t30\t95.5\tHello\n")
    assert _ocr.parse_tsv(tsv, 3.0) == [_ocr.Word("Hello", 95.5, (10, 20, 40, 30))]
