"""No keyboard trap (WCAG 2.1.2; ACT 80af7b, with a1b64e and ebe86a).

Walks the page's focus order with real Tab and Shift+Tab presses and maps it as a graph:
each place focus settles (an element, in any frame) and where each key takes it from
there. The browser UI (focus has left the document, as after Tab on the last element)
is the way out. An element is trapped when every place reachable from it by Tab and
Shift+Tab is known and none of them is the way out. A trap may still be left with the
standard Escape key (a modal dialog that closes), with keys the page advertises in
its text ("Press Ctrl+M to exit", possibly behind a help link inside the trap), or by
activating one of its own buttons with Enter (a modal dialog whose OK or Cancel closes it,
as Understanding 2.1.2 says: a session-timeout warning, a forced-action modal): we press
them, and only a trap that none of these opens fails. Buttons are pressed with nothing let out
of the page (_no_side_effects.py: requests other than GET and HEAD refused, cookies and storage
put back; a page load, form submission or window a button starts is caught and cancelled,
_context_change.py), those whose names say they act (sign out, delete) last. A trap whose
buttons try to leave the page or send data (refused, so what would follow is unknown) needs review.
After each such key the page is given time to do what it started (its timers and transitions, up
to 1.5 s: a dialog that fades out keeps focus on its button until it is hidden), and the walk goes
on from wherever focus then is: even on the trap (once for each key, and again whenever the key
changed the page), since a key may let go without moving focus. From there Tab, and then
Shift+Tab from the same place, are pressed for as many steps as the page then has elements in its
focus order (a dialog that closes may send focus anywhere in a long page, which the walk so far,
started inside the dialog, never saw): reaching the browser UI either way is the way out.

A page where no script could answer a key press or focus moving (in any frame: no listener or
handler for an event that Tab fires, directly or through focusing and scrolling, nothing left to
run, no plugin or modal dialog; _activity.js keyScript) is not walked: the browser's own
sequential navigation goes through every element and out of the page, so it passes. Nor is a
page whose scripts listen only for key and focus events and, asked with made-up Tab and
Shift+Tab events along the focus order, do nothing with them (_key_probe.py).

Where the evidence is not firm it says so (cantTell): focus leaves the page for a
moment and the page pulls it back (in a real browser the address bar may keep it),
the focus order changes between visits, the page moves focus by itself (not a dialog that
sends focus back inside at once when the walk's own start lands outside it: _tabwalk.toStart),
the page speaks of keys we cannot read, or the walk ran out of time.
"""
from __future__ import annotations

import contextlib
import re
import time
from collections import deque

from ..browser import SAFE_METHODS
from ._activity import activity_script, count_if_no_key_script, keys_look
from ._context_change import CHANGES, INSTALL
from ._instructions import advertised_keys
from ._key_probe import count_if_tab_unanswered
from ._no_side_effects import contained
from ._tabwalk import SEQUENTIAL_COUNT, UI, Focus, PageState, TabWalker
from .base import (
    CANT_TELL,
    FAILED,
    INAPPLICABLE,
    KEY_PRESSES,
    PASSED,
    TAKES_FOCUS,
    Check,
    CheckContext,
    CheckOutcome,
    Look,
    node,
)

KEYS = ("Tab", "Shift+Tab")
# Elements whose own parts Chromium steps through with Tab while the page sees focus stay on
# the element: date and time fields (month, day, year), and media and embedded documents (the
# play, timeline, volume and menu buttons of their built-in controls).
SEGMENTED_FIELD = re.compile(r"""^<(input\b[^>]*\btype=["']?(date|time|datetime-local|month|week)\b|"""
                             r"""(audio|video|object|embed)\b)""", re.I)
MAX_PARTS = 12  # Tab presses inside one such element before its staying put counts as an edge
NO_SCRIPT_LISTENS = ("no script on the page listens for keys or focus, so Tab moves through every element "
                     "and out of the page, as the browser does it")
KEYS_IGNORE_TAB = ("the page's scripts listen only for keys and focus moving, and none of them answers Tab or "
                   "Shift+Tab on any element (each was tried), so Tab moves through every element and out of the "
                   "page, as the browser does it")
PROBE_SHARE = 0.25  # of the check's time, for trying made-up keys before the walk (_key_probe.py)
HELP_WORDS = ("help", "how to", "instruction", "keyboard", "shortcut", "exit", "leave", "escape", "next element")
# A trapped element that Enter activates as a button (role button, <button>, an input button).
BUTTON = re.compile(r"""^<(button\b|input\b[^>]*\btype=["']?(button|submit|reset|image)\b)""", re.I)
# Names of buttons that may act beyond the page (their requests are refused all the same): tried
# last, so that a plain Close or Stay signed in that lets focus out spares them.
ACTS = re.compile(r"log\s*(out|off)|sign\s*(out|off)|delet|remov|unsubscrib|destroy|discard|pay\b|purchase|buy\b|"
                  r"send|submit|confirm", re.I)
# While trapped buttons are pressed, each frame catches and cancels what would leave the page
# (_context_change.INSTALL, kept on the window from press to press); READ says what was caught.
_WATCH_ON = """() => { const w = window.__a11yTrapWatch || (window.__a11yTrapWatch = (INSTALL)());
  w.current = document.documentElement; }""".replace("INSTALL", INSTALL)
_WATCH_READ = """() => { const w = window.__a11yTrapWatch;
  return w ? w.changes.filter((c) => c.kind !== 'fragment').map((c) => ({kind: c.kind, url: String(c.url || '')}))
           : []; }"""
_WATCH_OFF = "() => { const w = window.__a11yTrapWatch; if (w) { w.remove(); delete window.__a11yTrapWatch; } }"
LEAVES = {**CHANGES, "same-document": "changes the page's address ({url})"}


async def step(walker: TabWalker, key: str, here: str) -> Focus:
    """Press key from the place `here`; where focus settles. Date and time fields take Tab
    between their own parts (month, day, year) before focus moves on: landing on the same field
    again is a step inside it, not an edge."""
    f = await walker.press(key)
    inside = 0
    while key in KEYS and f.key == here and SEGMENTED_FIELD.match(f.html or "") and inside < MAX_PARTS:
        f = await walker.press(key)
        inside += 1
    return f


class FocusGraph:
    """Where Tab and Shift+Tab take focus from each place it settled."""

    def __init__(self) -> None:
        self.edges: dict[str, dict[str, str]] = {UI: {}}
        self.seen: dict[str, Focus] = {}
        self.leaky: set[tuple[str, str]] = set()  # left the page for a moment, then pulled back
        self.changed: set[str] = set()  # places whose edges changed between visits
        self.transient = 0

    def place(self, f: Focus) -> str:
        key = f.key
        if key.endswith(":body"):  # focus on a document's body: no fixed place in the order
            self.transient += 1
            key = f"{key}#{self.transient}"
        self.seen.setdefault(key, f)
        self.edges.setdefault(key, {})
        return key

    def record(self, src: str, key: str, f: Focus) -> str:
        dst = self.place(f)
        old = self.edges[src].get(key)
        if old is not None and old != dst:
            self.changed.update((src, old, dst))
        self.edges[src][key] = dst
        if f.departed and dst != UI and src != UI:
            self.leaky.add((src, key))
        else:
            self.leaky.discard((src, key))
        return dst

    def reaches(self, targets: set[str], through_leaky: bool) -> set[str]:
        """Places from which a path of known edges reaches one of targets."""
        back: dict[str, set[str]] = {}
        for src, out in self.edges.items():
            for key, dst in out.items():
                if through_leaky or (src, key) not in self.leaky:
                    back.setdefault(dst, set()).add(src)
        found, todo = set(targets), deque(targets)
        while todo:
            for src in back.get(todo.popleft(), ()):
                if src not in found:
                    found.add(src)
                    todo.append(src)
        return found

    def leaky_sources(self) -> set[str]:
        return {src for src, _ in self.leaky}

    def closure(self, start: str) -> set[str]:
        found, todo = {start}, deque([start])
        while todo:
            for dst in self.edges.get(todo.popleft(), {}).values():
                if dst not in found:
                    found.add(dst)
                    todo.append(dst)
        return found

    def path(self, src: str, dst: str) -> list[str] | None:
        """Keys to press to go from src to dst along known edges (BFS), or None."""
        prev: dict[str, tuple[str, str]] = {}
        todo = deque([src])
        seen = {src}
        while todo:
            cur = todo.popleft()
            if cur == dst:
                keys = []
                while cur != src:
                    cur, key = prev[cur][0], prev[cur][1]
                    keys.append(key)
                return keys[::-1]
            for key, nxt in self.edges.get(cur, {}).items():
                if nxt not in seen:
                    seen.add(nxt)
                    prev[nxt] = (cur, key)
                    todo.append(nxt)
        return None

    def elements(self) -> list[str]:
        return [k for k in self.edges if k != UI and "#" not in k]


class Explorer:
    """Presses keys to learn the focus graph; stays on the page's own order (no clicks)."""

    def __init__(self, walker: TabWalker, max_presses: int):
        self.w = walker
        self.g = FocusGraph()
        self.max_presses = max_presses
        self.cur = UI
        self.spontaneous = False
        self.bound_hit = False

    def out_of_budget(self) -> bool:
        if self.w.presses >= self.max_presses or self.w.time_left() < 2:
            self.bound_hit = True
            return True
        return False

    async def press(self, key: str) -> str:
        f = await step(self.w, key, self.cur)
        self.spontaneous |= f.spontaneous
        self.cur = self.g.record(self.cur, key, f)
        return self.cur

    async def go_to(self, target: str) -> bool:
        """Follow known edges to target; False if there is no known way or the page disagreed."""
        for _ in range(3):
            keys = self.g.path(self.cur, target)
            if keys is None:
                return False
            for key in keys:
                if self.out_of_budget():
                    return False
                expected = self.g.edges[self.cur][key]
                if await self.press(key) != expected:
                    break
            else:
                return True
        return False

    def free(self) -> set[str]:
        return self.g.reaches({UI}, through_leaky=False)

    def pending(self) -> list[tuple[str, str]]:
        """Edges worth learning: every edge of a place not yet known to lead out (and the way
        into the page from the browser UI)."""
        free = self.free()
        out = []
        for src in self.g.edges:
            if src != UI and (src in free or "#" in src):
                continue
            for key in self._keys_at(src):
                if key not in self.g.edges[src]:
                    out.append((src, key))
        return out

    @staticmethod
    def _keys_at(place: str) -> tuple[str, ...]:
        # From the browser UI, Shift+Tab enters at the end of the page (the part behind a trap);
        # Tab would only enter at the start, which the walk begins with anyway.
        return ("Shift+Tab",) if place == UI else KEYS

    async def explore(self) -> None:
        self.spontaneous |= await self.w.to_start()
        self.cur = self.g.place(Focus("0:body"))  # the top of the document, focus nowhere
        while not self.out_of_budget():
            # A page that moved focus by itself, once anything is known to take focus, can only be
            # judged "needs review" (NoKeyboardTrap._judge): more presses would change no verdict.
            # Pages whose blur handlers take focus back on a timer keep that up for as long as the
            # walk lasts (seconds of presses that each wait for focus to settle).
            if self.spontaneous and self.g.elements():
                return
            here = [k for k in self._keys_at(self.cur) if k not in self.g.edges[self.cur]]
            if here and (self.cur == UI or self.cur not in self.free()):
                await self.press(here[0])
                continue
            todo = [(src, key) for src, key in self.pending() if "#" not in src]
            if not todo:
                return
            # the nearest place with something left to learn
            reachable = [(len(p), src) for src, _ in todo
                         if (p := self.g.path(self.cur, src)) is not None]
            if not reachable:
                return
            await self.go_to(min(reachable)[1])


class NoKeyboardTrap(Check):
    id = "no-keyboard-trap"
    init_script = activity_script()  # lets the Tab walk skip watching a still page
    time_limit = 40.0
    # Escape and the keys a page advertises may close a dialog it opened at load: the checks that
    # judge the page as loaded run first.
    disturbs = KEY_PRESSES
    present = TAKES_FOCUS

    def looks(self) -> list[Look]:
        return [keys_look(SEQUENTIAL_COUNT)]

    async def run(self, ctx: CheckContext) -> CheckOutcome:
        page = ctx.page
        deadline = time.monotonic() + ctx.timeout - 3
        found = await count_if_no_key_script(page.frames, SEQUENTIAL_COUNT, ctx)
        if found is not None:
            # Nothing on the page can answer Tab or focus moving: the browser's own sequential
            # navigation visits each element in turn and, after the last, leaves the page.
            if found:
                return CheckOutcome(PASSED, reason=NO_SCRIPT_LISTENS)
            return CheckOutcome(INAPPLICABLE, reason="nothing on the page takes keyboard focus")
        # Scripts that listen only for keys (shortcuts of their own) and focus moving usually
        # ignore Tab: asked with made-up key events along the focus order, they need no walk.
        found = await count_if_tab_unanswered(page.frames, PROBE_SHARE * ctx.timeout)
        if found is not None:
            if found:
                return CheckOutcome(PASSED, reason=KEYS_IGNORE_TAB)
            return CheckOutcome(INAPPLICABLE, reason="nothing on the page takes keyboard focus")
        return await self.walk(ctx, deadline)

    async def walk(self, ctx: CheckContext, deadline: float | None = None) -> CheckOutcome:
        """The verdict from pressing the keys: where focus goes from each element."""
        page = ctx.page
        state = PageState(page)
        walker = TabWalker(page, deadline or time.monotonic() + ctx.timeout - 3)
        count = await state.save_and_count(walker)
        restored = False
        try:
            ex = Explorer(walker, max_presses=min(6 * count + 30, 600))
            try:
                await ex.explore()
                outcome = await self._judge(ex, walker)
            except Exception:
                if await state.same_document():
                    raise
            # Put back, and asked whether the page stayed, in one call where it has no frames.
            restored = True
            if not await state.restore():
                return CheckOutcome(CANT_TELL, reason="the page navigated away while keys were pressed")
            return outcome
        finally:
            if not restored:
                await state.restore()

    async def _judge(self, ex: Explorer, walker: TabWalker) -> CheckOutcome:
        g = ex.g
        elements = g.elements()
        if not elements:
            return CheckOutcome(INAPPLICABLE, reason="nothing on the page takes keyboard focus")
        if ex.spontaneous:
            return CheckOutcome(CANT_TELL, reason=("the page moved focus by itself while we walked its focus "
                                                   "order (a timer or script); check by hand that focus can "
                                                   "always be moved on and away"))
        free = ex.free()
        maybe_free = g.reaches({UI} | g.leaky_sources(), through_leaky=True)
        stuck = [e for e in elements if e not in maybe_free and self._closed(g, e)]
        leaky = [e for e in elements if e not in free and e in maybe_free and self._closed(g, e)]
        undecided = [e for e in elements if e not in free and e not in stuck and e not in leaky]

        traps = self._components(g, stuck)
        for comp in traps:
            await self._walk_again(ex, comp)
        failing: list[tuple[list[str], str]] = []
        review: list[str] = []
        exits: set[str] = set()  # trapped elements that advertised keys (or Escape) let out
        for comp in traps:
            verdict, why = await self._try_exits(ex, walker, comp)
            if verdict == FAILED:
                failing.append((comp, why))
            elif verdict == CANT_TELL:
                review.append(why)
            else:
                exits.update(comp)
        if exits:
            free = g.reaches({UI} | exits, through_leaky=False)
            undecided = [e for e in undecided if e not in free]
        if failing and not g.changed:
            nodes = [node(g.seen[e].target, g.seen[e].html, why) for comp, why in failing for e in comp]
            return CheckOutcome(FAILED, nodes, failing[0][1])
        if failing:
            return CheckOutcome(CANT_TELL, reason=("focus seems trapped, but the page changed its focus order "
                                                   "while we walked it; check by hand"))
        if review:
            return CheckOutcome(CANT_TELL, reason=review[0])
        if leaky:
            return CheckOutcome(CANT_TELL, [node(g.seen[e].target, g.seen[e].html) for e in leaky[:20]],
                                reason=("focus leaves the page only for a moment before the page moves it back; "
                                        "check by hand whether the browser's address bar keeps it"))
        if undecided:
            why = ("the walk ran out of time or key presses" if ex.bound_hit else
                   "some elements could not be reached again to test them")
            return CheckOutcome(CANT_TELL, reason=f"{why} ({len(undecided)} of {len(elements)} elements untested)")
        return CheckOutcome(PASSED)

    @staticmethod
    async def _walk_again(ex: Explorer, comp: list[str]) -> None:
        """Press Tab and Shift+Tab from each trapped element once more: a trap holds on every
        visit, while focus moved by a timer of the page's would not (FocusGraph.changed)."""
        for e in comp:
            for key in KEYS:
                if ex.out_of_budget() or not await ex.go_to(e):
                    return
                await ex.press(key)

    @staticmethod
    def _closed(g: FocusGraph, start: str) -> bool:
        """Every place reachable from start has both keys tried, so its fate is known."""
        return all(p == UI or all(k in g.edges[p] for k in KEYS) for p in g.closure(start))

    @staticmethod
    def _components(g: FocusGraph, stuck: list[str]) -> list[list[str]]:
        """Trapped elements grouped by the cycle they end up in (the set reachable from them)."""
        groups: dict[frozenset, list[str]] = {}
        for e in stuck:
            groups.setdefault(frozenset(g.closure(e) & set(stuck)), []).append(e)
        # report each trap once: the smallest closed set (the one focus keeps cycling in)
        closed = sorted(groups, key=len)
        out: list[list[str]] = []
        taken: set[str] = set()
        for members in closed:
            if members & taken:
                continue
            taken |= members
            out.append([e for e in stuck if e in members])
        return out

    async def _try_exits(self, ex: Explorer, walker: TabWalker, comp: list[str]) -> tuple[str, str]:
        """Escape, then keys the page advertises, from each element of a trap."""
        if await self._leave_with(ex, comp, ["Escape"]):
            return PASSED, ""
        text = await walker.page_text()
        keys, about_keys = advertised_keys(text)
        if not keys:
            # a help control inside the trap may show the instructions (ACT ebe86a)
            for e in comp:
                f = ex.g.seen[e]
                if any(w in f.name.lower() for w in HELP_WORDS) and await ex.go_to(e):
                    await walker.press("Enter")
                    ex.cur = ex.g.place(await walker.focus())
            keys, about_keys = advertised_keys(await walker.page_text())
        names = ", ".join(ex.g.seen[e].target[-1] if isinstance(ex.g.seen[e].target[-1], str)
                          else " >> ".join(ex.g.seen[e].target[-1]) for e in comp[:5])
        if keys and await self._leave_with(ex, comp, keys):
            return PASSED, ""
        buttons = self._buttons(ex.g, comp)
        out, leaving = await self._leave_by_buttons(ex, comp, buttons)
        if out:
            return PASSED, ""
        tried = "Tab, Shift+Tab and Escape do not move it out" + (", nor does Enter on its buttons" if buttons else "")
        if ex.bound_hit:
            return CANT_TELL, (f"focus seems trapped in {names}, but the walk ran out of time before every "
                               "way out was tried")
        if leaving:
            return CANT_TELL, (f"focus seems trapped in {names} ({tried}), but Enter on one of its buttons "
                               f"{leaving}, which was stopped: check by hand whether that is the way out")
        if keys:
            return FAILED, (f"focus is trapped in {names}: {tried}, nor do the keys the page mentions "
                            f"({', '.join(keys)})")
        if about_keys:
            return CANT_TELL, (f"focus is trapped in {names} ({tried}); the page mentions keys we could not read: "
                               "try its instructions by hand")
        return FAILED, f"focus is trapped in {names}: {tried}, and the page gives no instructions for leaving"

    @staticmethod
    def _buttons(g: FocusGraph, comp: list[str]) -> list[str]:
        """The trap's buttons, those whose names say they act beyond the page last."""
        found = [e for e in comp if g.seen[e].role.split()[:1] == ["button"] or BUTTON.match(g.seen[e].html or "")]
        return sorted(found, key=lambda e: bool(ACTS.search(g.seen[e].name)))

    async def _leave_by_buttons(self, ex: Explorer, comp: list[str], buttons: list[str]) -> tuple[bool, str]:
        """Enter on each of the trap's buttons (a dialog's OK or Cancel closes it), with nothing let
        out of the page: (focus then reaches the browser UI, what a button would have done that
        leaves the page, caught and cancelled: "" if none)."""
        if not buttons:
            return False, ""
        page = ex.w.page
        sent: list[str] = []  # requests that would write (refused): what they would have done is unknown

        def seen(request) -> None:
            if request.method.upper() not in SAFE_METHODS:
                sent.append(request.url)

        page.on("request", seen)
        async with contained(page):
            await self._in_frames(page, _WATCH_ON)
            try:
                out = await self._leave_with(ex, comp, ["Enter"], on=buttons)
            finally:
                page.remove_listener("request", seen)
                caught = await self._in_frames(page, _WATCH_READ)
                await self._in_frames(page, _WATCH_OFF)
        if out:
            return True, ""
        first = next((c for found in caught for c in found or ()), None)
        if first:
            return False, LEAVES[first["kind"]].format(url=first["url"] or "no address")
        return False, f"sends data to the site ({sent[0]})" if sent else ""

    @staticmethod
    async def _in_frames(page, script: str) -> list:
        """script's answer in each frame that can run it."""
        answers = []
        for frame in page.frames:
            try:
                answers.append(await frame.evaluate(script))
            except Exception:  # noqa: BLE001 - a frame gone or not scriptable
                continue
        return answers

    async def _leave_with(self, ex: Explorer, comp: list[str], keys: list[str], on: list[str] | None = None) -> bool:
        """Does one of keys, pressed on an element of comp (of `on`, when given), let focus reach
        the browser UI?"""
        members = set(comp)
        for key in keys:
            walked = False  # from where this key left focus in the trap
            for e in comp if on is None else on:
                if ex.out_of_budget() or not await ex.go_to(e):
                    continue
                f = await ex.w.press(key)
                if f.key in members:
                    # A dialog that fades out keeps focus on its button until it is hidden, a
                    # moment later; and a trap may let go without moving focus (a flag the key
                    # set): walked afresh once, and again whenever the key changed the page.
                    f, changed = await ex.w.calm()
                    if f.key in members and walked and not changed:
                        ex.cur = ex.g.place(f)
                        continue
                    walked = True
                if f.key == UI:
                    return True
                ex.cur = ex.g.place(f)
                if await self._walks_out(ex):
                    return True
                ex.cur = ex.g.place(await ex.w.focus())  # back to the trap for the next key
        return False

    @staticmethod
    async def _walks_out(ex: Explorer) -> bool:
        """From where focus is now, does plain Tab (or Shift+Tab) reach the browser UI? The page
        may have changed state (a dialog closed and sent focus back into the page), so this walks
        afresh rather than trusting the graph, which may know only the trap: each direction from
        where focus is now, for as many presses as the page now has elements in its focus order."""
        start = await ex.w.hold()
        limit = await ex.w.sequential_count() + 5
        try:
            for n, key in enumerate(KEYS):
                # Back where the first walk began (if that element is gone, on from where it ended).
                back = await ex.w.back_to(start) if n and start is not None else None
                cur = (back or await ex.w.focus()).key
                seen = {cur}
                for _ in range(limit):
                    if ex.out_of_budget():
                        return False
                    f = await step(ex.w, key, cur)
                    if f.key == UI:
                        return True
                    if f.key in seen:
                        break
                    seen.add(cur := f.key)
            return False
        finally:
            if start is not None:
                with contextlib.suppress(Exception):  # its document went away
                    await start.dispose()
