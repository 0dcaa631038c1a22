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
from ._kept import KeptHelpers
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
    return _KEPT.binding("__a11yLayout"), [s.replace(own, "const L = __a11yLayout;") for s in scripts]


def note_layout_kept(frame) -> None:
    """`frame` ran a script made with share_helpers's statement: its document keeps the helpers."""
    _KEPT.noted(frame)


# The helpers kept in each document once a call has sent them (_kept.py).
_KEPT = KeptHelpers("layout", dom_script)
# A JS expression: that factory in the document (a function that makes fresh helpers), if it has it.
KEPT_FACTORY = f"window[{_KEPT.key}]"


async def evaluate(target, function: str, arg: Any = None, run=None) -> Any:
    """Run a JS function expression `(L, arg) => ...` in a page's main frame or in a frame,
    L being the shared helpers (fresh for each call); arg may be an element handle. The
    document keeps only the helpers' factory (_kept.py), so that the next call sends less.
    `run`: as _kept's (jsonwire.main_world_json for a call with plain values in the main frame)."""
    return await _KEPT.evaluate(target, function, arg, run)


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
    async with viewport_then(page, width, height, where):
        yield


class Back:
    """What to ask of the page once viewport_then has it back at its own size (then()), in the
    call that waits for it; the answer is in `answer` after the block. `settled`: what the
    block's last call found of L.nothingBack() (the page needs no call at its own size: it is at
    its origin, and no script reacts to the window's size), for a block that asks nothing then."""

    def __init__(self) -> None:
        self.function: str | None = None
        self.arg: Any = None
        self.answer: Any = None
        self.settled = False

    def then(self, function: str, arg: Any = None) -> None:
        """Ask function `(L, arg) => ...` once the page is laid out at its own size again."""
        self.function, self.arg = function, arg


# Back at the size the page had (w by h), laid out, and at its scroll position; then what the
# caller asks (Back.then), in the same call: a round trip to the page costs about 2 ms of CPU.
_BACK = "(L, [x, y, w, h]) => L.laidOut(w, h).then(() => scrollTo(x, y))"
_BACK_THEN = """async (L, [[x, y, w, h], arg]) => {
  await L.laidOut(w, h);
  scrollTo(x, y);
  return await (THEN)(L, arg);
}"""


def with_helpers(function: str, helpers: str | None = None) -> str:
    """layout_script(function), or, with `helpers`, the same using the helpers a check keeps in
    the page already (a JS expression for them): not sent and compiled again (18 kB a call)."""
    if helpers is None:
        return layout_script(function)
    return f"async (arg) => {{ const L = {helpers};\nreturn await ({function})(L, arg); }}"


@asynccontextmanager
async def viewport_then(page, width: int, height: int, where: list | None = None, helpers: str | None = None):
    """As viewport, yielding a Back: what its then() names is asked of the page once it is back
    at its own size, in the call that restores the scroll position (none is saved when the size
    does not change), unless the block raised. `helpers`: as with_helpers's, for that call.
    No such call is made when nothing is asked then and the block's page was at its origin before
    and after the change, with no script reacting to the window's size (Back.settled): a call
    costs about 1.5 ms of CPU, and nothing would be left for it to do."""
    back = Back()
    before = page.viewport_size
    if before == {"width": width, "height": height}:  # the size it has: nothing to change or undo
        yield back
        if back.function is not None:
            back.answer = await page.evaluate(with_helpers(back.function, helpers), back.arg)
        return
    x, y, *screen = where or await page.evaluate(WHERE)
    await set_emulated_viewport(page, width, height, screen)
    ok = False
    try:
        yield back
        ok = True
    finally:
        await restore_viewport(page)
        size = before or {}
        place = [x, y, size.get("width"), size.get("height")]
        if ok and back.function is not None:
            script = with_helpers(_BACK_THEN.replace("THEN", back.function), helpers)
            back.answer = await page.evaluate(script, [place, back.arg])
        elif not (ok and back.settled and x == 0 and y == 0):
            await page.evaluate(with_helpers(_BACK, helpers), place)


def nodes_from(found: list[dict]) -> list[Node]:
    """Result nodes from the browser side's [{selector, html, summary}]."""
    return [node(f["selector"], f.get("html", ""), f.get("summary", "")) for f in found]
