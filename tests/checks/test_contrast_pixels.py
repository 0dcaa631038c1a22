"""The pixel judgement of text-contrast-rendered (_contrast.py), on drawn images: no browser."""
from PIL import Image, ImageDraw

from a11y.checks._contrast import FAIL, MIXED, PASS, REVIEW, THIN, UNSTABLE, Shots, judge_char, ratio

BOX = (10, 10, 20, 30)  # a character's layout box


def page(background, stroke=None, fill=None, size=(40, 40)):
    """A background (a colour, or a function of x giving one) and, optionally, a glyph: a
    vertical stroke at x=14..15 drawn in fill."""
    img = Image.new("RGB", size, background if isinstance(background, tuple) else (0, 0, 0))
    if callable(background):
        for x in range(size[0]):
            ImageDraw.Draw(img).line([(x, 0), (x, size[1])], fill=background(x))
    if stroke:
        ImageDraw.Draw(img).rectangle(stroke, fill=fill)
    return img


def test_ratio_matches_wcag():
    assert round(ratio((170, 170, 170), (255, 255, 255)), 2) == 2.32
    assert round(ratio((0, 0, 0), (255, 255, 255)), 2) == 21.0


def test_a_pale_stroke_fails_and_a_dark_one_passes():
    blank = page((255, 255, 255))
    pale = page((255, 255, 255), (14, 12, 15, 27), (170, 170, 170))
    verdict = judge_char(Shots(pale, blank), BOX, False, (170, 170, 170), 1.0)
    assert (verdict.verdict, round(verdict.contrast, 2)) == (FAIL, 2.32)
    dark = page((255, 255, 255), (14, 12, 15, 27), (51, 51, 51))
    assert judge_char(Shots(dark, blank), BOX, False, (51, 51, 51), 1.0).verdict == PASS


def test_large_text_needs_three_to_one():
    blank = page((102, 102, 102))
    black = page((102, 102, 102), (14, 12, 15, 27), (0, 0, 0))  # 3.66:1
    assert judge_char(Shots(black, blank), BOX, True, (0, 0, 0), 1.0).verdict == PASS
    assert judge_char(Shots(black, blank), BOX, False, (0, 0, 0), 1.0).verdict == FAIL


def test_a_glyph_that_never_shows_its_colour_in_full_is_left_for_review():
    # Only anti-aliased pixels (#a0a0a0) of a #595959 text (7:1): the pixels fail, the colour passes.
    blank = page((255, 255, 255))
    faint = page((255, 255, 255), (14, 12, 14, 27), (160, 160, 160))
    verdict = judge_char(Shots(faint, blank), BOX, False, (89, 89, 89), 1.0)
    assert (verdict.verdict, verdict.why) == (REVIEW, THIN)


def test_a_background_of_which_only_part_is_far_enough_needs_review():
    # Black text over a grey (4.42:1) that turns white just right of the glyph (inside the one
    # pixel around it that counts as its background).
    blank = page(lambda x: (115, 115, 115) if x < 16 else (255, 255, 255))
    text = blank.copy()
    ImageDraw.Draw(text).rectangle((14, 12, 15, 27), fill=(0, 0, 0))
    verdict = judge_char(Shots(text, blank), BOX, False, (0, 0, 0), 1.0)
    assert (verdict.verdict, verdict.why) == (REVIEW, MIXED)


def test_a_page_that_changed_between_looks_needs_review():
    blank = page((255, 255, 255))
    text = page((255, 255, 255), (14, 12, 15, 27), (0, 0, 0))
    moved = page((255, 255, 255), (15, 12, 16, 27), (0, 0, 0))
    verdict = judge_char(Shots(text, blank, moved), BOX, False, (0, 0, 0), 1.0)
    assert (verdict.verdict, verdict.why) == (REVIEW, UNSTABLE)


def test_a_character_with_no_pixel_of_its_own_is_not_judged():
    blank = page((255, 255, 255))
    assert judge_char(Shots(blank, blank), BOX, False, (0, 0, 0), 1.0).verdict == ""
