"""Helper scripts kept in each document, so that a call to the page sends only its own function.

A check's call used to carry the whole of the helpers it uses (the layout helpers are about
30 kB with the colour reader): sent through Playwright's driver and the browser, and compiled
in the renderer, with every call; 30 kB cost about 1.2 ms of CPU a call over a trivial one
(bench/LOG.md, session 36). Here the first call in a document also leaves the helpers there,
as a factory under a registered symbol, and later calls in that document send only their own
function. Each call still builds a fresh helpers object from the factory, with empty memos: what
one call measured (at another viewport size, before the page changed) is never read by the next,
as when every call brought its own copy.

Which documents have them is remembered per frame, with the URL it had then: a frame showing
another URL is a new document and is sent the whole script. A document that lost them all the
same (reloaded at the same URL, or a page script that deleted them) answers so, and the call is
made again with the helpers.

KeptFunction is for a large script asked once a document (the checks engine's survey, about
60 kB): no call before it could leave it there, so every document of the scanned page gets it
as it starts, from the scan's init scripts (as axe comes: browser.add_scan_scripts), and the
call names it. A document without it (a page opened without the init scripts) is sent the whole.
"""
from __future__ import annotations

import hashlib
import json
import weakref
from collections.abc import Callable
from typing import Any


class KeptHelpers:
    def __init__(self, name: str, source: Callable[[], str], from_the_start: bool = False):
        """`source()`: a JS expression that evaluates to the helpers object (built anew each call).
        from_the_start: a check keeps them in every document as it starts (Check.kept: init_script),
        so a document's first call is made on the bet that it has them, until a top document of
        the browser context turns out not to (a context opened without the init scripts)."""
        self._key = f"Symbol.for({json.dumps('a11y.' + name)})"
        self._source = source
        self._installed: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # frame -> its URL then
        self._from_the_start = from_the_start
        self._asked: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # frame -> its URL when bet on
        self._lacking: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # contexts without them

    @property
    def key(self) -> str:
        """A JS expression: the window property that holds the helpers' factory in a document."""
        return self._key

    def init_script(self) -> str:
        """For the scan's init scripts (Check.kept): the factory, left in every document as it starts."""
        return (f"try {{ Object.defineProperty(window, {self._key}, {{value: () => {self._source()}}}); }}"
                " catch (e) {}")

    def installing(self, function: str) -> str:
        """`(arg) => ...` that runs `function` (`(L, arg) => ...`) with the helpers as L, and leaves
        their factory in the document."""
        return (f"async (arg) => {{ const make = () => {self._source()};\n"
                f"try {{ Object.defineProperty(window, {self._key}, {{value: make, configurable: true}}); }}\n"
                f"catch (e) {{}}\n"
                f"return await ({function})(make(), arg); }}")

    def kept(self, function: str) -> str:
        """`(arg) => [true, value]` using the factory the document keeps, or [false] when it has none."""
        return (f"async (arg) => {{ const make = window[{self._key}];\n"
                f"if (typeof make !== 'function') return [false];\n"
                f"return [true, await ({function})(make(), arg)]; }}")

    def binding(self, name: str) -> str:
        """A JS statement, for a script that carries the helpers anyway (the checks engine's
        survey), that leaves their factory in the document and binds `name` to fresh helpers;
        the caller then says which frame ran it (noted)."""
        return (f"const {name} = (() => {{ const make = () => {self._source()};\n"
                f"try {{ Object.defineProperty(window, {self._key}, {{value: make, configurable: true}}); }}\n"
                f"catch (e) {{}}\nreturn make(); }})();")

    def noted(self, frame) -> None:
        """`frame`'s document has the factory now (it ran a script made with binding())."""
        self._installed[frame] = frame.url

    async def evaluate(self, target, function: str, arg: Any = None, run=None) -> Any:
        """target.evaluate of `function` (`(L, arg) => ...`) with the helpers as L; arg may hold
        element handles. `target`: a Page (its main frame) or a Frame. `run(frame, script, arg)`
        makes the call instead of frame.evaluate (jsonwire.evaluate_json: plain values as JSON text)."""
        frame = getattr(target, "main_frame", target)
        run = run or (lambda f, script, value: f.evaluate(script, value))
        bet = self._bets_on(frame)
        if bet or self._installed.get(frame) == frame.url:
            answer = await run(frame, self.kept(function), arg)
            if answer[0]:
                self.noted(frame)
                return answer[1]
            if bet and frame.parent_frame is None:  # a top document always runs the init scripts: none here
                self._lacking[frame.page.context] = True
        value = await run(frame, self.installing(function), arg)
        self.noted(frame)
        return value

    def _bets_on(self, frame) -> bool:
        """Whether this is the first call in frame's document, which may have the helpers from its
        start (from_the_start), in a context not known to lack them."""
        if not self._from_the_start or self._asked.get(frame) == frame.url or frame.page.context in self._lacking:
            return False
        self._asked[frame] = frame.url
        return True


class KeptFunction:
    def __init__(self, name: str, function: str):
        """`function`: a JS function expression `(arg) => ...`, kept under a symbol that names its
        text's digest, so that a document holding another version of it is sent the whole."""
        digest = hashlib.sha1(function.encode("utf-8")).hexdigest()[:16]
        self._key = f"Symbol.for({json.dumps(f'a11y.{name}.{digest}')})"
        self.function = function

    def init_script(self) -> str:
        """For the scan's init scripts: the function, left in every document as it starts
        (nothing runs; a page's scripts can neither replace nor delete it)."""
        return f"try {{ Object.defineProperty(window, {self._key}, {{value: ({self.function})}}); }} catch (e) {{}}"

    def calling(self) -> str:
        """`(arg) => [true, value]` calling the function the document keeps, or [false] when it has none."""
        return (f"async (arg) => {{ const f = window[{self._key}];\n"
                f"if (typeof f !== 'function') return [false];\n"
                f"return [true, await f(arg)]; }}")

    async def evaluate(self, frame, arg: Any, run) -> Any:
        """The function's answer to arg in `frame`; `run(frame, script, arg)` makes a call
        (jsonwire.evaluate_json). One short call where the document keeps it, else a second
        call with the whole function."""
        answer = await run(frame, self.calling(), arg)
        if answer[0]:
            return answer[1]
        return await run(frame, self.function, arg)
