"""The pixel judgement of the focus-visible check, on made-up images (no browser)."""
from PIL import Image, ImageDraw

from a11y.checks._pixels import CHANGED, UNCHANGED, UNSTABLE, Shots, judge


def page(*marks):
    img = Image.new("RGB", (200, 100), "white")
    draw = ImageDraw.Draw(img)
    for box, colour in marks:
        draw.rectangle(box, fill=colour)
    return img


RING = ((18, 18, 62, 32), "navy")  # around the element at (20, 20)-(60, 30)
SPIN_A, SPIN_B = ((150, 70, 160, 80), "red"), ((150, 70, 160, 80), "blue")  # moves by itself


def test_a_ring_around_the_element_is_a_change():
    assert judge(Shots(page(), [page(RING)], page()), region=(0, 0, 80, 50)) == CHANGED


def test_no_change_anywhere_is_unchanged():
    assert judge(Shots(page(), [page(), page()], page()), region=(0, 0, 80, 50)) == UNCHANGED


def test_a_change_elsewhere_in_the_viewport_counts():
    far = ((170, 5, 190, 15), "navy")
    assert judge(Shots(page(), [page(far)], page()), region=(0, 0, 80, 50)) == CHANGED


def test_motion_elsewhere_does_not_hide_a_ring_near_the_element():
    assert judge(Shots(page(SPIN_A), [page(SPIN_B, RING)], page(SPIN_B)), region=(0, 0, 80, 50)) == CHANGED


def test_changes_only_where_the_page_moves_by_itself_are_unstable():
    assert judge(Shots(page(SPIN_A), [page(SPIN_B)], page(SPIN_B)), region=(120, 40, 200, 100)) == UNSTABLE


def test_an_element_whose_own_surroundings_move_is_unstable_even_if_focus_shows_nothing():
    assert judge(Shots(page(SPIN_A), [page(SPIN_A)], page(SPIN_B)), region=(140, 60, 200, 100)) == UNSTABLE


def test_motion_far_away_with_no_change_at_focus_is_unchanged():
    assert judge(Shots(page(SPIN_A), [page(SPIN_A)], page(SPIN_B)), region=(0, 0, 80, 50)) == UNCHANGED
