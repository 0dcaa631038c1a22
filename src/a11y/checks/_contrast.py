"""Contrast of text measured from rendered pixels, as ACT afw4f7 defines it.

For one character: its foreground colours are the pixels that change when the text's colour
changes (a screenshot as rendered against one with the text made transparent, anti-aliased
pixels included); its background colours are the other pixels of the smallest box around
those, plus one pixel on every side. The highest possible contrast is the larger of darkest
foreground against brightest background and brightest foreground against darkest background.

Pure functions over Pillow images, so the judgement is tested without a browser.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageChops

PASS, FAIL, REVIEW = "passed", "failed", "cantTell"
# Why a character's pixels cannot decide (cantTell reasons).
THIN = ("the glyphs are too thin to show their colour at full strength, and the faint pixels "
        "are below the threshold while the text's colour is not")
MIXED = "some of the background behind the text is too close to its colour (judge its legibility)"
UNSTABLE = "the page changes by itself behind this text"
UNKNOWN = "a filter or blend mode changes the text's colour, and its pixels are below the threshold"


@lru_cache(maxsize=65536)
def luminance(rgb: tuple) -> float:
    """WCAG relative luminance of an sRGB colour (0-255 channels)."""
    def lin(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = rgb[:3]
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def ratio(a: tuple, b: tuple) -> float:
    la, lb = luminance(tuple(a[:3])), luminance(tuple(b[:3]))
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def is_large(size: float, weight: float) -> bool:
    """Large-scale text: at least 18 point (24 CSS px), or 14 point (18.66 px) bold (as
    _contrast.js's isLarge decides it in the page)."""
    return size >= 24 - 0.01 or (size >= 18.66 and weight >= 700)


def threshold(large: bool, enhanced: bool = False) -> float:
    """The contrast text needs: WCAG 1.4.3 (AA), or 1.4.6 Contrast (Enhanced, AAA)."""
    if enhanced:
        return 4.5 if large else 7.0
    return 3.0 if large else 4.5


def hex_colour(rgb) -> str:
    return "#" + "".join(f"{round(v):02x}" for v in rgb[:3])


@dataclass
class CharVerdict:
    verdict: str  # PASS | FAIL | REVIEW, or "" when no pixel of it shows (covered, not visible)
    contrast: float = 0.0  # highest possible contrast (of the text's own colour where known)
    why: str = ""
    fg: tuple = ()  # the foreground colour that decided, and the background it was set against
    bg: tuple = ()


def _extremes(colours) -> tuple[tuple, tuple]:
    ordered = sorted(colours, key=luminance)
    return ordered[0], ordered[-1]


def highest_contrast(fg: set, bg: set) -> tuple[float, tuple, tuple]:
    """ACT's highest possible contrast between two sets of colours, with the pair that gives it."""
    fg_dark, fg_bright = _extremes(fg)
    bg_dark, bg_bright = _extremes(bg)
    one, two = ratio(fg_dark, bg_bright), ratio(fg_bright, bg_dark)
    return (one, fg_dark, bg_bright) if one >= two else (two, fg_bright, bg_dark)


_ON = [0] + [255] * 255  # any difference at all marks a pixel as changed


def _changed(a: Image.Image, b: Image.Image) -> Image.Image:
    """A mask (mode L): 255 where a and b differ in any channel."""
    r, g, bl = ImageChops.difference(a, b).split()
    return ImageChops.lighter(ImageChops.lighter(r, g), bl).point(_ON)


def _colours(rgba: Image.Image, box: tuple, on: bool) -> set:
    """The distinct colours inside box of an image whose alpha is the changed-pixels mask, where
    the mask is on (or off)."""
    part = rgba.crop(box)
    found = part.getcolors(maxcolors=max(1, part.width * part.height)) or []
    return {c[:3] for _, c in found if (c[3] == 255) == on}


class Shots:
    """The three screenshots of one region, and what is computed once for all its characters."""

    def __init__(self, rendered: Image.Image, blank: Image.Image, again: Image.Image | None = None):
        self.size = rendered.size
        self.rendered, self.blank = rendered, blank
        self.again = None if again is None or again is rendered else again
        self.mask = _changed(rendered, blank)
        self.fg = rendered.convert("RGBA")
        self.fg.putalpha(self.mask)
        self.under = blank.convert("RGBA")
        self.under.putalpha(self.mask)


def judge_char(shots: Shots, box: tuple, large: bool, colour: tuple | None, alpha: float,
               enhanced: bool = False) -> CharVerdict:
    """Judge the character whose layout box (in image pixels) is box = (x0, y0, x1, y1).
    shots: the region as drawn (before and after) and with the text made transparent.
    colour/alpha: the text's own colour and opacity, when known (None under filters).
    enhanced: against 1.4.6's thresholds instead of 1.4.3's."""
    w, h = shots.size
    x0, y0 = max(0, int(box[0])), max(0, int(box[1]))
    x1, y1 = min(w, int(-(-box[2] // 1))), min(h, int(-(-box[3] // 1)))
    if x1 <= x0 or y1 <= y0:
        return CharVerdict("")
    # The character's pixels are found in its layout box; its bounding box may reach one pixel
    # beyond it.
    cell = (x0, y0, x1, y1)
    region = (max(0, x0 - 1), max(0, y0 - 1), min(w, x1 + 1), min(h, y1 + 1))
    if shots.again is not None and shots.again.crop(region).tobytes() != shots.rendered.crop(region).tobytes():
        return CharVerdict(REVIEW, why=UNSTABLE)
    ink = shots.mask.crop(cell).getbbox()
    if ink is None:
        return CharVerdict("")  # nothing of it is drawn here: covered, or not visible
    around = (max(0, x0 + ink[0] - 1), max(0, y0 + ink[1] - 1), min(w, x0 + ink[2] + 1), min(h, y0 + ink[3] + 1))
    fg_pixels = _colours(shots.fg, cell, on=True)
    bg_pixels = _colours(shots.fg, around, on=False)
    if not bg_pixels:
        return CharVerdict(REVIEW, why="no background shows around this character")
    need = threshold(large, enhanced)
    measured, fg, bg = highest_contrast(fg_pixels, bg_pixels)
    # The text's own colour over what is under each of its pixels: what a glyph stroke covering a
    # whole pixel shows. Thin glyphs may never show it, only paler anti-aliased pixels.
    full = None
    best = measured
    if colour is not None:
        under = _colours(shots.under, cell, on=True)
        full = {tuple(round(q + alpha * (c - q)) for c, q in zip(colour, u, strict=True)) for u in under}
        ideal, ifg, ibg = highest_contrast(full, bg_pixels)
        if ideal > measured:
            best, fg, bg = ideal, ifg, ibg
    if measured < need:
        if full is None:
            return CharVerdict(REVIEW, measured, UNKNOWN, fg, bg)
        if best >= need:
            return CharVerdict(REVIEW, best, THIN, fg, bg)
        return CharVerdict(FAIL, best, "", fg, bg)
    # Passes ACT's expectation. Where some of the background is too close to the text's colour
    # (a photograph, a halo that only part of the text stands out from), legibility decides.
    dark, bright = _extremes(full or fg_pixels)
    worst = min(max(ratio(dark, q), ratio(bright, q)) for q in bg_pixels)
    if worst < need:
        return CharVerdict(REVIEW, best, MIXED, fg, bg)
    return CharVerdict(PASS, best, "", fg, bg)
