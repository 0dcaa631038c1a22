"""Cheap script calls into a page's top document, for the checks' many small questions.

A check asks the page dozens of small things (where focus is, what sticks out, is it still).
Through Playwright's `evaluate` each costs about 4-6 ms of CPU across Python, the driver and
Chromium (its own wrapper script is compiled and its serializer runs on every call); the same
call as one `Runtime.evaluate` on a DevTools session costs about 1-1.5 ms. On small pages those
calls are most of what the checks cost, so the top document's calls go this way.

`call(page, function, arg)` runs `function(arg)` in the top document's page world, as
`page.evaluate` does: arg and result are JSON values; a thrown error or rejected promise raises
playwright's Error. Frames and element handles stay with Playwright.

`Helpers` is a script installed once per document (on window, under a name of ours) whose
source is sent only when the document lacks it; calls then refer to it by name.
"""
from __future__ import annotations

import json
import weakref
from typing import Any

from playwright.async_api import Error

_sessions: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()
_MISSING = "a11y: helpers not installed"


async def session(page):
    """The page's DevTools session for our calls, opened on first use and kept with the page."""
    cdp = _sessions.get(page)
    if cdp is None:
        cdp = await page.context.new_cdp_session(page)
        _sessions[page] = cdp
    return cdp


def _value(result: dict) -> Any:
    if "unserializableValue" in result:  # NaN, Infinity, -0, bigint: as Playwright gives them
        raw = result["unserializableValue"]
        return int(raw[:-1]) if raw.endswith("n") else float(raw)
    return result.get("value")


def _error(details: dict) -> Error:
    exc = details.get("exception") or {}
    return Error(exc.get("description") or details.get("text") or "script error")


async def evaluate(page, expression: str) -> Any:
    """The JSON value of a script expression in the page's top document (promises awaited)."""
    cdp = await session(page)
    try:
        reply = await cdp.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                    "awaitPromise": True})
    except Error:
        _sessions.pop(page, None)  # the session died with its target: the next call opens another
        raise
    if "exceptionDetails" in reply:
        raise _error(reply["exceptionDetails"])
    return _value(reply["result"])


async def call(page, function: str, arg: Any = None) -> Any:
    """function(arg) in the page's top document: function is a JS function expression."""
    return await evaluate(page, f"({function})({json.dumps(arg)})")


def top_page(target):
    """The page when target is a page or its top frame (where `call` can go), else None."""
    if hasattr(target, "main_frame"):
        return target
    return target.page if getattr(target, "parent_frame", True) is None else None


def plain(arg: Any) -> bool:
    """Whether arg travels as JSON (not an element handle)."""
    try:
        json.dumps(arg)
    except TypeError:
        return False
    return True


class Helpers:
    """A helper object installed on window[name] in a document by `source` (an expression that
    evaluates to the object); `call` runs `(H, arg) => ...` with it, installing it when missing."""

    def __init__(self, name: str, source: str):
        self.name = name
        self.source = source

    async def call(self, page, function: str, arg: Any = None) -> Any:
        ref = f"window[{json.dumps(self.name)}]"
        data = json.dumps(arg)
        found = await evaluate(page, f"{ref} ? ({function})({ref}, {data}) : {json.dumps(_MISSING)}")
        if found != _MISSING:
            return found
        # Not enumerable: a page script that lists window's properties does not see it.
        install = (f"({ref} || Object.defineProperty(window, {json.dumps(self.name)}, "
                   f"{{value: ({self.source}\n), configurable: true}}) && {ref})")
        return await evaluate(page, f"({function})({install}, {data})")
