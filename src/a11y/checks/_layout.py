"""Python side of what the zoom, reflow, text-spacing and orientation checks share: the
browser-side helpers (_layout_dom.js) and a viewport change that is always undone."""
from __future__ import annotations

from contextlib import asynccontextmanager
from functools import lru_cache
from importlib import resources
from typing import Any

from ..devtools import SCREEN_JS, restore_viewport, set_emulated_viewport
from ..models import Node
from ._colour import with_colour
from .base import node


@lru_cache(maxsize=1)
def dom_script() -> str:
    """_layout_dom.js, with the colour reader it uses (_colour.js)."""
    return with_colour(resources.files(__package__).joinpath("_layout_dom.js").read_text(encoding="utf-8"))


def layout_script(function: str) -> str:
    """A JS function expression `(L, arg) => ...`, L being the shared helpers, as a script
    `(arg) => ...` for evaluate (or a Look). Nothing is left on the page."""
    return f"async (arg) => {{ const L = {dom_script()};\nreturn await ({function})(L, arg); }}"


def share_helpers(scripts: list[str]) -> tuple[str, list[str]]:
    """For scripts run in one call (the checks engine's survey): a statement that builds the
    helpers once (or "" when none of them uses them), and the scripts made to use that one copy
    instead of carrying the helpers each (14 kB a script, sent and compiled with every page)."""
    own = f"const L = {dom_script()};"
    if not any(own in s for s in scripts):
        return "", scripts
    return f"const __a11yLayout = {dom_script()};", [s.replace(own, "const L = __a11yLayout;") for s in scripts]


async def evaluate(target, function: str, arg: Any = None) -> Any:
    """Run a JS function expression `(L, arg) => ...` in a page's main frame or in a frame,
    L being the shared helpers; arg may be an element handle. Nothing is left on the page."""
    return await target.evaluate(layout_script(function), arg)


# Where the page is scrolled to, and the screen's size (what a viewport change needs first).
WHERE = f"() => [scrollX, scrollY, ...{SCREEN_JS}]"


@asynccontextmanager
async def viewport(page, width: int, height: int, where: list | None = None):
    """The page at another viewport size (as a browser window resized, or zoomed: CSS px), then
    back to the size and scroll position it had, whatever happens inside. The caller's script
    waits for the page to lay itself out at the new size (L.laidOut(width, height)). The size is
    changed through the DevTools protocol (devtools.py: a fifth of set_viewport_size's cost), so
    page.viewport_size keeps the size the page is restored to. `where`: WHERE's answer, when the
    caller has it (CheckContext.first_look)."""
    before = page.viewport_size
    if before == {"width": width, "height": height}:  # the size it has: nothing to change or undo
        yield
        return
    x, y, *screen = where or await page.evaluate(WHERE)
    await set_emulated_viewport(page, width, height, screen)
    try:
        yield
    finally:
        await restore_viewport(page)
        size = before or {}
        await evaluate(page, "(L, [x, y, w, h]) => L.laidOut(w, h).then(() => scrollTo(x, y))",
                       [x, y, size.get("width"), size.get("height")])


def nodes_from(found: list[dict]) -> list[Node]:
    """Result nodes from the browser side's [{selector, html, summary}]."""
    return [node(f["selector"], f.get("html", ""), f.get("summary", "")) for f in found]
