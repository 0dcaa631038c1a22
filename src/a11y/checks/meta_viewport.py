"""The viewport meta element does not stop people zooming (WCAG 1.4.4 and 1.4.10; ACT b4f0c3).

Browsers on phones and tablets read `<meta name="viewport" content="...">`: `user-scalable=no`,
or a `maximum-scale` under 2, keeps a person from enlarging the page to 200%. Desktop browsers
ignore the element, which is why the zoom and reflow checks, run at a desktop window's size,
cannot see this.

The content is read as Chromium reads it (its parser mimics the first browsers that had the
element; the CSS Viewport module describes the same translation): keys and values, in any case,
separated by white space, commas, semicolons or `=`, the last value of a key counting. As a
scale, "yes" is 1, "no" 0, "device-width" and "device-height" 10, any other value the number
its beginning spells (0 when it spells none), and a negative number means "automatic". As
`user-scalable`, "yes", "device-width" and "device-height" allow zoom, "no" does not, and any
other value allows it when the number it begins with is at least 1 away from 0 ("0.5", "0" and
"invalid" forbid it).

Each viewport meta element with `user-scalable` or `maximum-scale` is judged, as ACT asks. Only
the top document's: a browser applies the viewport of the page, never one in a frame.
"""
from __future__ import annotations

import re

from ._layout import layout_script
from .base import FAILED, INAPPLICABLE, PASSED, Check, CheckContext, CheckOutcome, Look, node

_VIEWPORT_METAS = layout_script(r"""
(L) => Array.from(document.querySelectorAll('meta[name][content]'))
  .filter((m) => m.getAttribute('name').toLowerCase() === 'viewport')  // as Chromium compares it: no trimming
  .map((m) => ({ selector: L.selector(m), html: L.outerHtml(m), content: m.getAttribute('content') }))
""")

_SEPARATORS = " \t\n\r=,;\0"
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?")
MIN_MAXIMUM_SCALE = 2.0  # 200%: 1.4.4's "resized without assistive technology up to 200 percent"


def viewport_properties(content: str) -> dict[str, str]:
    """The key/value pairs of a viewport meta element's content, as Chromium's parser splits them
    (lower-cased; a key given twice keeps its last value; a key without '=' has the value '')."""
    text, i, found = content.lower(), 0, {}
    n = len(text)
    while i < n:
        while i < n and text[i] in _SEPARATORS:
            i += 1
        start = i
        while i < n and text[i] not in _SEPARATORS:
            i += 1
        key = text[start:i]
        # to the '=' (not past a comma), then past the separators after it (not past a comma)
        while i < n and text[i] != "=" and text[i] != ",":
            i += 1
        while i < n and text[i] in _SEPARATORS and text[i] != ",":
            i += 1
        start = i
        while i < n and text[i] not in _SEPARATORS:
            i += 1
        if key:
            found[key] = text[start:i]
    return found


def _number(value: str) -> float:
    match = _NUMBER.match(value)
    return float(match.group(0)) if match else 0.0


def maximum_scale(value: str) -> float | None:
    """A maximum-scale value as a number; None for "automatic" (a negative number)."""
    named = {"yes": 1.0, "no": 0.0, "device-width": 10.0, "device-height": 10.0}
    scale = named[value] if value in named else _number(value)
    return None if scale < 0 else scale


def user_scalable(value: str) -> bool:
    """Whether a user-scalable value lets the user zoom."""
    if value in ("yes", "device-width", "device-height"):
        return True
    if value == "no":
        return False
    return abs(_number(value)) >= 1


def zoom_blocked(content: str) -> str | None:
    """Why this content keeps people from zooming to 200% (None when it does not);
    raises LookupError when it sets neither user-scalable nor maximum-scale."""
    props = viewport_properties(content)
    if "user-scalable" not in props and "maximum-scale" not in props:
        raise LookupError("neither user-scalable nor maximum-scale")
    if "user-scalable" in props and not user_scalable(props["user-scalable"]):
        return f"user-scalable={props['user-scalable'] or '(empty)'} turns zooming off on phones and tablets"
    if "maximum-scale" in props:
        scale = maximum_scale(props["maximum-scale"])
        given = f"maximum-scale={props['maximum-scale'] or '(empty)'}"
        if scale is not None and scale < MIN_MAXIMUM_SCALE:
            return (f"{given} allows no zooming in at all on phones and tablets" if scale <= 1 else
                    f"{given} stops zoom at {scale * 100:g}%, short of the 200% text must be able to reach")
    return None


class MetaViewportAllowsZoom(Check):
    id = "meta-viewport-allows-zoom"
    time_limit = 10.0
    present = "meta[name][content]"

    def looks(self) -> list[Look]:
        return [Look(_VIEWPORT_METAS)]

    async def run(self, ctx: CheckContext) -> CheckOutcome:
        failures, applied = [], False
        for meta in await ctx.first_look(_VIEWPORT_METAS):
            try:
                why = zoom_blocked(meta["content"])
            except LookupError:
                continue  # nothing in it can limit zoom: not a target
            applied = True
            if why:
                failures.append(node(meta["selector"], meta["html"], why))
        if failures:
            return CheckOutcome(FAILED, failures, failures[0].summary)
        return CheckOutcome(PASSED if applied else INAPPLICABLE)
