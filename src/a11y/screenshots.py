"""Cropped pictures of failing elements, outlined, for people reading the report.

Taken after axe has run, only when asked for (`--screenshots`), and kept small:
a few per page, each cropped to the element plus a margin and capped in size.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .models import Node, RuleResult, impact_rank

FOLDER = "screenshots"
MARGIN = 16  # CSS pixels of context around the element
OUTLINE = "3px solid #d83933"

_MARK_JS = """(el, outline) => {
  el.scrollIntoView({block: 'center', inline: 'center'});
  el.dataset.a11yOldOutline = el.style.outline;
  el.style.outline = outline;
  el.style.outlineOffset = '2px';
}"""
_UNMARK_JS = """el => { el.style.outline = el.dataset.a11yOldOutline || ''; el.style.outlineOffset = '';
  delete el.dataset.a11yOldOutline; }"""


@dataclass
class ScreenshotSettings:
    out_dir: Path
    per_page: int = 10
    max_width: int = 640
    max_height: int = 400


def _locator(tab, target: list):
    """axe's target -> a Playwright locator: frames by frame_locator, shadow paths pierce (open roots)."""
    scope = tab
    *frames, last = target
    for frame_selector in frames:
        selector = frame_selector[-1] if isinstance(frame_selector, list) else frame_selector
        scope = scope.frame_locator(selector)
    selector = last[-1] if isinstance(last, list) else last
    return scope.locator(selector).first


async def _shoot(tab, node: Node, settings: ScreenshotSettings, page_url: str) -> str | None:
    locator = _locator(tab, node.target)
    handle = await locator.element_handle(timeout=2000)
    if handle is None:
        return None
    await handle.evaluate(_MARK_JS, OUTLINE)
    try:
        box = await handle.bounding_box()
        if not box or box["width"] < 1 or box["height"] < 1:
            return None
        viewport = tab.viewport_size or {"width": 1280, "height": 720}
        x = max(0.0, box["x"] - MARGIN)
        y = max(0.0, box["y"] - MARGIN)
        width = min(box["width"] + 2 * MARGIN, settings.max_width, viewport["width"] - x)
        height = min(box["height"] + 2 * MARGIN, settings.max_height, viewport["height"] - y)
        if width < 1 or height < 1:
            return None
        name = hashlib.sha256(f"{page_url} {node.target} {node.html}".encode()).hexdigest()[:16] + ".png"
        path = settings.out_dir / FOLDER / name
        path.parent.mkdir(parents=True, exist_ok=True)
        await tab.screenshot(path=str(path), clip={"x": x, "y": y, "width": width, "height": height},
                             animations="disabled", caret="hide")
        return f"{FOLDER}/{name}"
    finally:
        try:
            await handle.evaluate(_UNMARK_JS)
        except Exception:
            pass


async def capture(tab, violations: list[RuleResult], settings: ScreenshotSettings, page_url: str) -> int:
    """Set node.screenshot on up to settings.per_page failing nodes, the most severe
    first (critical before minor, then in the order axe gives); returns how many were taken."""
    taken = 0
    ranked = sorted(violations, key=lambda r: impact_rank(r.impact))  # stable: keeps axe's order within a level
    for result in ranked:
        for node in result.nodes:
            if taken >= settings.per_page:
                return taken
            try:
                node.screenshot = await _shoot(tab, node, settings, page_url)
            except Exception:  # a detached or hidden element: no picture, no failure
                node.screenshot = None
            taken += node.screenshot is not None
    return taken
