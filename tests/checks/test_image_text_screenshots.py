"""image-of-text-ocr (WCAG 1.4.5, ACT 0va7u6) on screenshots: text in a picture of a screen, in a real
Chromium with the real Tesseract. signin-screenshot.svg draws a sign-in form (labels, boxes, a button)."""
import pytest

from a11y.checks import _ocr
from tests.checks.support import run_check, served, targets

CHECK = "image-of-text-ocr"
needs_ocr = pytest.mark.skipif(_ocr.tesseract_path() is None,
                               reason="tesseract is not installed (make setup installs tesseract-ocr)")
base = served(CHECK)


@needs_ocr
@pytest.mark.parametrize("name", ["review-screenshot.html",  # alt="Screenshot of the sign-in page, ..."
                                  "review-screen-capture-figure.html"])  # <figcaption>Screen capture: ...
def test_text_in_what_the_name_or_caption_calls_a_screenshot_needs_review(browser_loop, base, name):
    outcome = run_check(browser_loop, CHECK, base + name)
    assert outcome.outcome == "cantTell", outcome.reason
    assert targets(outcome) == [["#shot"]]
    assert "Email address" in outcome.nodes[0].summary
    assert "calls it a screenshot" in outcome.nodes[0].summary


@needs_ocr
def test_the_same_picture_not_called_a_screenshot_by_its_name_still_fails(browser_loop, base):
    # The paragraph before it says "screenshot", but of something else: only the image's name and
    # caption say what it is.
    outcome = run_check(browser_loop, CHECK, base + "fail-form-drawn-not-called-screenshot.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#shot"]]
    assert outcome.nodes[0].summary.startswith('image of text: "')
