"""Comparing screenshots: did focusing an element change what a person sees, and where?

Pure functions over Pillow images, so the judgement is tested without a browser.
"""
from __future__ import annotations

import base64
import io
from dataclasses import dataclass

from PIL import Image, ImageChops

CHANGED, UNCHANGED, UNSTABLE = "changed", "unchanged", "unstable"
# Two looks at moving content catch only part of where it moves: widen what they saw.
MOTION_MARGIN = 16


def decode(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("RGB")


async def clip_shot(cdp, clip: dict, scroll: tuple) -> Image.Image:
    """A screenshot of clip (viewport CSS px: x, y, width, height) through the DevTools protocol
    session cdp, the page scrolled by scroll (x, y): the protocol wants document coordinates."""
    params = {"format": "png", "optimizeForSpeed": True,
              "clip": {**clip, "x": clip["x"] + scroll[0], "y": clip["y"] + scroll[1], "scale": 1}}
    data = await cdp.send("Page.captureScreenshot", params)
    return decode(base64.b64decode(data["data"]))


def diff_box(a: Image.Image, b: Image.Image) -> tuple[int, int, int, int] | None:
    """The smallest box holding every pixel that differs, or None when identical."""
    if a.size != b.size:
        return (0, 0, max(a.width, b.width), max(a.height, b.height))
    return ImageChops.difference(a, b).getbbox()


def _outside(diff: Image.Image, box) -> bool:
    """Some differing pixel lies outside box."""
    masked = diff.copy()
    masked.paste((0, 0, 0), box)
    return masked.getbbox() is not None


@dataclass
class Shots:
    """Not focused (before), focused (one or more moments), not focused again (after)."""

    before: Image.Image
    focused: list[Image.Image]
    after: Image.Image


def judge(shots: Shots, region: tuple[int, int, int, int] | None = None) -> str:
    """CHANGED: focus changed some pixels that do not change by themselves;
    UNCHANGED: no pixel changed at any focused moment, and the element's own region
    (if given) is still when nothing is focused; UNSTABLE: the only changes are where
    the page changes by itself (animation, video, a carousel), so focus cannot be told apart.
    `region`: the element's surroundings, where an indicator of its own would be drawn. When
    they are still and focus changed nothing in them, motion that does not reach them (a
    spinner across the page) is no reason to doubt: it hides no indicator of the element's."""
    region_moves = False
    if region is not None:
        crop = [img.crop(region) for img in (shots.before, shots.after, *shots.focused)]
        region_moves = diff_box(crop[0], crop[1]) is not None
        if not region_moves and any(diff_box(crop[0], f) is not None for f in crop[2:]):
            return CHANGED
    motion = diff_box(shots.before, shots.after)
    if motion is not None:
        w, h = shots.before.size
        motion = (max(0, motion[0] - MOTION_MARGIN), max(0, motion[1] - MOTION_MARGIN),
                  min(w, motion[2] + MOTION_MARGIN), min(h, motion[3] + MOTION_MARGIN))
    changed = False
    for f in shots.focused:
        if diff_box(shots.before, f) is None:
            continue
        changed = True
        if motion is None or _outside(ImageChops.difference(shots.before, f), motion):
            return CHANGED
    if changed and region is not None and not region_moves and not _meet(motion, region):
        changed = False  # every change lies in motion away from the element's surroundings
    return UNSTABLE if changed or region_moves else UNCHANGED


def _meet(a, b) -> bool:
    """Boxes (left, top, right, bottom) a and b share some pixel."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
