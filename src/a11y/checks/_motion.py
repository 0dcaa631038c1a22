"""Python side of the helpers the time-and-motion checks share: the browser-side script
(_motion_dom.js) and axe-style targets for elements in frames.

The helpers are about 30 kB: a call that carried them (with_helpers) cost about 1.2 ms of CPU more
than one that did not (bench/LOG.md, session 36). evaluate() and evaluate_json() send them with the
first call in a document only, and leave their factory there (_kept.py): later calls in that
document, by any check, send only their own function. _motion_dom.js defines window.__a11yMotion
once a document (idempotent), so every call uses the one object, whichever way it came, as when
every call carried the script.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

from .. import jsonwire
from ..refresh import refresh_time_js
from ._kept import KeptHelpers


def compact(script: str) -> str:
    """JS source without its comment lines, blank lines and indentation (a third of the helpers: less
    to send and to parse). As it is where a line could be inside a string that spans lines: one with
    an odd number of backquotes (a template literal), or one ending in a backslash."""
    lines = [line.strip() for line in script.split("\n")]
    if any(line.count("`") % 2 or line.endswith("\\") for line in lines):
        return script
    return "\n".join(line for line in lines if line and not line.startswith("//"))


@lru_cache(maxsize=1)
def dom_script() -> str:
    script = resources.files(__package__).joinpath("_motion_dom.js").read_text(encoding="utf-8")
    return compact(script.replace("__REFRESH_TIME__", refresh_time_js()))


def with_helpers(function: str) -> str:
    """`function`, a JS function expression `(arg) => ...` that uses window.__a11yMotion, as a
    script that defines the helpers first, for a caller that cannot say which frame runs it
    (a frame's call is cheaper through evaluate())."""
    return f"(arg) => {{ {dom_script()}\nreturn ({function})(arg); }}"


# The factory builds nothing new once the document has window.__a11yMotion: it hands that over.
_KEPT = KeptHelpers("motion", lambda: f"(() => {{ {dom_script()}\nreturn window.__a11yMotion; }})()")


async def evaluate(target, function: str, arg: Any = None) -> Any:
    """target.evaluate(function, arg), `function` being a JS function expression `(arg) => ...`
    that uses window.__a11yMotion; arg may hold element handles. `target`: a Page or a Frame."""
    frame = getattr(target, "main_frame", target)
    return await _KEPT.evaluate(frame, f"(M, arg) => ({function})(arg)", arg)


async def evaluate_json(frame, function: str, arg: Any = None) -> Any:
    """As evaluate(), with the argument and the answer carried as JSON text (jsonwire): for large
    plain values."""
    return await _KEPT.evaluate(frame, f"(M, arg) => ({function})(arg)", arg, run=jsonwire.evaluate_json)


async def frame_path(frame) -> list[str]:
    """Selectors of the iframe elements that lead from the top document to frame ([] for the top)."""
    path: list[str] = []
    while frame.parent_frame is not None:
        element = await frame.frame_element()
        parent = frame.parent_frame
        path.insert(0, await evaluate(parent, "(el) => window.__a11yMotion.selector(el)", element))
        frame = parent
    return path


async def target_in(frame, selector: str) -> list[str]:
    return [*await frame_path(frame), selector]
