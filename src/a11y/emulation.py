"""How the browser shows the site to the scan: the window's size and the colour scheme pages
are told the user prefers (--viewport, --color-scheme).

A responsive site is a different page on a phone (a menu behind a button, another layout) and
in dark mode (other colours: contrast that passes in light mode can fail in dark). One scan sees
one of these; a CI job scans each that matters (a matrix of scans, or one after another).
Every tab of the scan opens with them: the pages audited, the sign-in steps and our checks'
copies of pages (which share the page's browser context).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

DEFAULT_WIDTH, DEFAULT_HEIGHT = 1280, 720  # Playwright's own default window
COLOR_SCHEMES = ("light", "dark")
# Narrower than 200 CSS px is no device people read on; wider than 8K is no screen.
MIN_SIZE, MAX_WIDTH, MAX_HEIGHT = 200, 7680, 4320


class EmulationError(ValueError):
    """A --viewport (or --screenshot-size) value that is not a size in CSS pixels."""


# Two whole numbers with x, X or the multiplication sign between them; spaces around each are allowed.
_SIZE = re.compile(r"\s*(\d+)\s*[x×]\s*(\d+)\s*", re.ASCII | re.IGNORECASE)


def parse_size(text: str, smallest: int, example: str) -> tuple[int, int]:
    """'390x844' -> (390, 844), each side from `smallest` to the largest window (MAX_WIDTH x
    MAX_HEIGHT); EmulationError with what is wrong otherwise, `example` showing a good value."""
    match = _SIZE.fullmatch(str(text))
    if not match:
        raise EmulationError(f"{text!r} is not WIDTHxHEIGHT in CSS pixels, e.g. {example}")
    w, h = int(match[1]), int(match[2])
    if not (smallest <= w <= MAX_WIDTH and smallest <= h <= MAX_HEIGHT):
        raise EmulationError(f"{w}x{h} is outside {smallest}x{smallest} to {MAX_WIDTH}x{MAX_HEIGHT} CSS pixels")
    return w, h


def parse_viewport(text: str) -> tuple[int, int]:
    """The browser window of --viewport: '390x844' -> (390, 844)."""
    return parse_size(text, MIN_SIZE, "390x844 (a phone) or 1280x720")


@dataclass(frozen=True)
class Emulation:
    width: int = DEFAULT_WIDTH
    height: int = DEFAULT_HEIGHT
    color_scheme: str = "light"

    def __post_init__(self) -> None:
        if self.color_scheme not in COLOR_SCHEMES:
            raise EmulationError(f"colour scheme {self.color_scheme!r} is not one of {', '.join(COLOR_SCHEMES)}")

    @classmethod
    def from_recorded(cls, options: dict) -> Emulation:
        """From results.json's options (a scan from before these settings: the defaults)."""
        width, height = parse_viewport(options.get("viewport") or f"{DEFAULT_WIDTH}x{DEFAULT_HEIGHT}")
        return cls(width, height, options.get("color_scheme") or "light")

    def context_options(self) -> dict:
        """Playwright's new_context arguments."""
        return {"viewport": {"width": self.width, "height": self.height}, "color_scheme": self.color_scheme}

    def recorded(self) -> dict:
        """As results.json, the cache's settings and `a11y merge` keep them."""
        return {"viewport": f"{self.width}x{self.height}", "color_scheme": self.color_scheme}

    def describe(self) -> str:
        """'a 1280 × 720 CSS px window, light colour scheme' (reports)."""
        return f"a {self.width} × {self.height} CSS px window, {self.color_scheme} colour scheme"
