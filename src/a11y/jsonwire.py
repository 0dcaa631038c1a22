"""Large values between Python and a page as one JSON string instead of Playwright's values.

Playwright sends an evaluate's argument and result as a tree of tagged values ({"s": ...},
{"a": [...]}, {"o": [{"k": ..., "v": ...}]}), which its Python side checks and rebuilds one
value at a time: on large pages of Python's documentation that was most of the scanner's
own CPU (axe's findings, the checks' survey, the texts the bypass-blocks check compares, a
page's links), and the driver held the tagged copy of every message. One string crosses
the protocol as one value, and Python's json module reads it in C.

JSON is not the page's to change: a page that replaces JSON.parse or JSON.stringify, or
gives a built-in prototype a toJSON (old Prototype.js does), would garble the string. There
the value comes back as Playwright would send it, and an argument is sent again that way.

Values come back as Playwright gives them: undefined as None (a property whose value is
undefined is kept, as None), NaN and the infinities as floats. Only plain values are meant
for it: strings, numbers, booleans, null, arrays and plain objects; no element handles.
"""
from __future__ import annotations

import json
from typing import Any

from .devtools import send

# JSON has no NaN or infinities; they travel as strings with this mark (the NUL keeps page text
# from looking like them) and are put back as the bare words Python's json module reads.
_NOT_FINITE = "\\u0000a11y:"
_NOT_FINITE_WORDS = ("NaN", "Infinity", "-Infinity")

# Whether JSON is the browser's own here: its functions native, no toJSON on a built-in
# prototype (it would be called for every value of that type).
_JSON_IS_OURS = """(() => {
  const native = (f) => typeof f === 'function' &&
    /\\{\\s*\\[native code\\]\\s*\\}\\s*$/.test(Function.prototype.toString.call(f));
  return native(JSON.parse) && native(JSON.stringify) &&
    [Object, Array, String, Number, Boolean].every((T) => !Object.prototype.hasOwnProperty.call(T.prototype, 'toJSON'));
})()"""

# A wrapper around `function` (a JS function expression of one argument): the argument comes
# as JSON text (or, with the flag false, as itself), the result goes back as JSON text in
# {j: ...}, or as itself in {v: ...} where JSON is not the browser's own; {again: true} when
# the argument came as text that cannot be read safely here.
_WRAPPER = """async ([wire, asText]) => {
  const ours = JSON_IS_OURS;
  if (asText && !ours) return {again: true};
  const value = await (FUNCTION)(asText ? (wire === null ? undefined : JSON.parse(wire)) : wire);
  if (!ours) return {v: value};
  const kept = (k, x) => x === undefined ? null : (typeof x === 'number' && !isFinite(x) ? 'NOT_FINITE' + x : x);
  return {j: JSON.stringify(value === undefined ? null : value, kept)};
}""".replace("JSON_IS_OURS", _JSON_IS_OURS).replace("NOT_FINITE", _NOT_FINITE)


async def evaluate_json(target, function: str, arg: Any = None) -> Any:
    """`target.evaluate(function, arg)` (a Page or Frame; `function` a JS function expression
    of at most one argument, `arg` JSON-able: no element handles), with the argument and the
    result carried as JSON text where the page leaves JSON alone."""
    script = _WRAPPER.replace("FUNCTION", function)
    try:
        answer = await target.evaluate(script, [None if arg is None else json.dumps(arg, allow_nan=False), True])
    except ValueError:  # NaN or an infinity in the argument: JSON.parse would refuse it
        answer = {"again": True}
    if answer.get("again"):
        answer = await target.evaluate(script, [arg, False])
    if "j" in answer:
        return _loads(answer["j"])
    return answer.get("v")


def _loads(text: str) -> Any:
    if _NOT_FINITE in text:
        for word in _NOT_FINITE_WORDS:
            text = text.replace(f'"{_NOT_FINITE}{word}"', word)
    return json.loads(text)


class PageScriptError(RuntimeError):
    """A script run by main_world_json threw."""


async def main_world_json(frame, function: str, arg: Any = None) -> Any:
    """The top frame's answer to `function` (a JS function expression of one argument) for a
    JSON-able arg, as a plain value: one DevTools call on the page's session (devtools.py), which
    its driver passes on as it is, where it handles an evaluate itself (about 0.5 ms of its CPU a
    call less on small pages; bench/LOG.md, session 39). The argument is written into the call as
    a JSON literal and the answer comes back by value (V8's own copy: a page's JSON cannot change
    it). `frame` must be a page's main frame."""
    expression = f"({function})({'undefined' if arg is None else json.dumps(arg, allow_nan=False)})"
    answer = await send(frame.page, "Runtime.evaluate", {
        "expression": expression, "awaitPromise": True, "returnByValue": True})
    if "exceptionDetails" in answer:
        details = answer["exceptionDetails"]
        raise PageScriptError((details.get("exception") or {}).get("description") or details.get("text", ""))
    return answer["result"].get("value")
