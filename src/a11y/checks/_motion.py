"""Python side of the helpers the time-and-motion checks share: the browser-side script
(_motion_dom.js) and axe-style targets for elements in frames."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

from ..refresh import refresh_time_js


@lru_cache(maxsize=1)
def dom_script() -> str:
    script = resources.files(__package__).joinpath("_motion_dom.js").read_text(encoding="utf-8")
    return script.replace("__REFRESH_TIME__", refresh_time_js())


async def ensure_helpers(frame) -> None:
    await frame.evaluate(dom_script())


def with_helpers(function: str) -> str:
    """`function`, a JS function expression `(arg) => ...` that uses window.__a11yMotion, as a
    script that defines the helpers first: one call where ensure_helpers and the call were two."""
    return f"(arg) => {{ {dom_script()}\nreturn ({function})(arg); }}"


async def frame_path(frame) -> list[str]:
    """Selectors of the iframe elements that lead from the top document to frame ([] for the top)."""
    path: list[str] = []
    while frame.parent_frame is not None:
        element = await frame.frame_element()
        parent = frame.parent_frame
        path.insert(0, await parent.evaluate(with_helpers("(el) => window.__a11yMotion.selector(el)"), element))
        frame = parent
    return path


async def target_in(frame, selector: str) -> list[str]:
    return [*await frame_path(frame), selector]
