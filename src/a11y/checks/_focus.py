"""Keyboard focus as a person meets it: real Tab presses, the focused element through
frames and shadow roots, and putting focus and scrolling back afterwards.

Shared by the focus checks (focus_visible, aria_hidden_focus, iframe_tab_order).
Browser-side helpers live in _focus.js; the scan's init scripts leave their factory in
every document as it starts where a check keeps it there (FOCUS_HELPERS), else the first call in a
document does (_kept.py), so that calls send only their own function (fresh helpers each call).
"""
from __future__ import annotations

import contextlib
import time
import weakref
from dataclasses import dataclass, field
from importlib import resources

from ._colour import with_colour
from ._kept import KeptHelpers
from ._modal import START_INSIDE

# `(el) => boolean`: whether the element's markup puts it in the sequential focus order (Tab
# reaches it when it is rendered, visible and not inert: each caller's to test). tabindex >= 0 as
# the browser reads it, less what Chromium reads as 0 but will not focus: a disabled control
# (itself, or by its fieldset), and a link or image-map area without an address and without a
# valid tabindex attribute (<a name="top">, the anchors of old pages: focus() does nothing on it).
SEQUENTIALLY_FOCUSABLE = r"""((el) => {
  if (el.tabIndex < 0 || el.matches(':disabled')) return false;
  if (el.localName !== 'a' && el.localName !== 'area') return true;
  return el.hasAttribute('href') || el.hasAttributeNS('http://www.w3.org/1999/xlink', 'href') ||
    /^\s*[+-]?\d/.test(el.getAttribute('tabindex') || '');
})"""

# _focus.js, with the predicate above (H.sequentiallyFocusable) and the colour reader (_colour.js).
_JS = with_colour(resources.files(__package__).joinpath("_focus.js").read_text(encoding="utf-8")
                  .replace("SEQUENTIALLY_FOCUSABLE", SEQUENTIALLY_FOCUSABLE))

# Frame-level targets of a stop whose element is inside an iframe: selectors, outermost first.
Target = list


def js(body: str) -> str:
    """A function for evaluate(arg): `H` is the helper object of _focus.js."""
    return f"(arg) => {{ const H = {_JS}; {body} }}"


def _helpers() -> str:
    """The helpers object's expression: _focus.js with START_INSIDE as H.startInside (focus_session's
    _ENTER), which would otherwise be sent with each session."""
    return f"Object.assign({_JS}, {{startInside: {START_INSIDE}}})"


# Kept in every document from its start where a focus check keeps them (Check.kept): a page's
# first focus call then sends its own function only (the helpers are about 25 kB, about 1 ms of
# CPU a page); else the first call of a document leaves them there.
_KEPT = KeptHelpers("focus", _helpers, from_the_start=True)
FOCUS_HELPERS = _KEPT


async def run(target, body: str, arg=None):
    """`body` (as for js()) evaluated in target (a Page: its main frame, or a Frame) with the
    helpers kept in the document (_kept.py); arg may be an element handle of that frame."""
    return await _KEPT.evaluate(target, f"(H, arg) => {{ {body} }}", arg)


@dataclass
class Stop:
    """One element that held keyboard focus."""

    target: Target  # axe-style target, one entry per frame level
    handle: object  # ElementHandle, in `frame`; None until element() asks for it
    frame: object  # playwright Frame holding the element
    html: str = ""
    index: int | None = None  # where the page keeps the element (window.__a11yStops), when no handle was taken
    view: dict | None = None  # focused(view=True): scroll position, the element's box, when the DOM last changed

    @property
    def key(self) -> str:
        return repr(self.target)

    async def element(self):
        """The ElementHandle, taken from the page's list of stops on first use."""
        if self.handle is None:
            self.handle = (await self.frame.evaluate_handle("i => window.__a11yStops[i]", self.index)).as_element()
        return self.handle


# The focused element of a document without frames, in one call: its selector path and markup,
# kept in window.__a11yStops (until `preserved` ends) for a handle if one is wanted later, and, with view,
# the scroll position, its box, when the page's DOM last changed (_activity.js), and whether the
# browser's own focus ring shows around it (H.ringShown). A focused frame element comes with
# `frame` (its content is looked into next). With `leave` ([script, arg]) and no element focused,
# the answer is {left: script's answer}: what the caller reads once focus has left the document.
_FOCUSED_HERE = """async (H, [view, leave]) => {
  const el = H.deepActive();
  if (!el) return leave === null ? null : {left: await (LEAVE)(leave)};
  const stops = window.__a11yStops || (window.__a11yStops = []);
  let i = stops.indexOf(el);
  if (i < 0) i = stops.push(el) - 1;
  const out = {i, path: H.path(el), html: H.html(el)};
  // A frame element: the list's mark, with its index, names it for _content_frame. A list made
  // anew (after `preserved` let go of one), or in another document, has another mark.
  if (el.localName === 'iframe' || el.localName === 'frame') {
    const n = Symbol.for('a11y.focus.lists');
    out.frame = stops.mark || (stops.mark = `${performance.timeOrigin}:${window[n] = (window[n] || 0) + 1}`);
  } else if (view) {
    const b = el.getBoundingClientRect(), A = window.__a11yActivity;
    out.view = {scroll: [scrollX, scrollY], change: A ? A.lastChange() : null, ring: H.ringShown(el),
                box: el.getClientRects().length ? {x: b.x, y: b.y, width: b.width, height: b.height} : null};
  }
  return out;
}"""


async def focused(page, view: bool = False) -> Stop | None:
    """The element that has keyboard focus, through iframes (any origin) and open shadow
    roots; None when focus is on no element (the document itself, or outside it). One call per
    frame level (and, the first time Tab goes into a frame, three to find its content); the
    handle is taken only when asked for (Stop.element). view: see _FOCUSED_HERE (in a page
    without frames)."""
    return (await _focused(page, view))[0]


async def _focused(page, view: bool = False, leave: tuple[str, object] | None = None) -> tuple[Stop | None, object]:
    """(focused's answer, and when it is None, the answer of leave's script `(arg) => ...` to
    leave's arg, run in the top document in the same call: see _FOCUSED_HERE)."""
    frame, prefix = page.main_frame, []
    script = _FOCUSED_HERE.replace("LEAVE", leave[0] if leave else "null")
    info = await _KEPT.evaluate(frame, script, [view and len(page.frames) == 1, leave[1] if leave else None])
    if info is not None and "left" in info:
        return None, info["left"]
    while info is not None:
        stop = Stop(target=prefix + [info["path"]], handle=None, frame=frame, html=info["html"],
                    index=info["i"], view=info.get("view"))
        child = await _content_frame(frame, info["frame"], info["i"]) if info.get("frame") else None
        if child is None:
            return stop, None
        inner = await _KEPT.evaluate(child, _FOCUSED_HERE.replace("LEAVE", "null"), [False, None])
        if inner is None:  # nothing focused in the frame's document: focus is on the frame element
            return stop, None
        prefix.append(info["path"])
        frame, info = child, inner
    return None, None


# Frame -> {(mark of its list of stops, index): the Frame shown by that frame element}.
_CHILDREN: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


async def _content_frame(frame, mark: str, index: int):
    """The frame shown by the frame element at `index` in frame's list of stops (None when none),
    found once per element: the Frame stays the same while the element shows documents in it."""
    known = _CHILDREN.setdefault(frame, {})
    child = known.get((mark, index))
    if child is not None and not child.is_detached() and child.parent_frame is frame:
        return child
    handle = (await frame.evaluate_handle("i => window.__a11yStops[i]", index)).as_element()
    try:
        # Handles live until disposed or their tab's context closes (every RECYCLE_AFTER pages):
        # this one is let go at once.
        child = await handle.content_frame()
    finally:
        await handle.dispose()
    if child is not None:
        known[(mark, index)] = child
    return child


async def focused_key(page) -> str | None:
    """Stop.key of the element that has keyboard focus (None: none), in one call where the page
    has no frames to follow."""
    if len(page.frames) > 1:
        stop = await focused(page)
        return stop.key if stop else None
    path = await run(page.main_frame, "const el = H.deepActive(); return el ? H.path(el) : null;")
    return None if path is None else repr([path])


@dataclass
class Walk:
    """The tab order found by pressing Tab: stops in order from the start of the document."""

    stops: list[Stop] = field(default_factory=list)
    # Came back to an element already met: every element Tab reaches from where it began was
    # seen (a focus trap, e.g. an open modal dialog, ends the walk too: nothing else is reachable).
    complete: bool = False
    left_document: bool = False  # Tab went past the last element (the order was seen whole)
    reason: str = ""  # why not complete
    left: object = None  # tab_walk's `leave` script's answer, when it ran


async def tab_walk(page, max_stops: int = 300, deadline: float | None = None, on_stop=None,
                   view: bool = False, from_top: bool = False, leave=None) -> Walk:
    """Press Tab until focus comes back to an element already met, or until max_stops or the
    deadline; with from_top (navigation starts at the top of the document: focus_session), until
    focus leaves the document after the last element.
    on_stop(stop) is awaited with focus on each new stop; view: each stop comes with its view
    (see focused). leave: `() -> (script, arg) | None`, asked before each Tab press once a
    walk from the top has met an element: when that press takes focus out of the document, the
    same call runs script(arg) in the top document, and its answer is Walk.left."""
    walk, seen, leave_at, outside = Walk(), set(), None, 0
    for _ in range(max_stops + 2):
        if deadline is not None and time.monotonic() > deadline:
            walk.reason = f"the time limit came after {len(walk.stops)} elements of the tab order"
            break
        await page.keyboard.press("Tab")
        asked = leave() if leave is not None and from_top and walk.stops else None
        stop, left = await _focused(page, view=view, leave=asked)
        if stop is None:
            outside += 1
            if outside >= 2:  # Tab leads nowhere: nothing on the page takes keyboard focus
                walk.complete = True
                break
            if from_top and walk.stops:  # past the last element of an order seen from its start
                walk.complete = walk.left_document = True
                walk.left = left
                break
            leave_at, walk.left_document = len(walk.stops), True
            continue
        outside = 0
        if stop.key in seen:
            walk.complete = True
            break
        seen.add(stop.key)
        walk.stops.append(stop)
        if on_stop is not None:
            await on_stop(stop)
        if len(walk.stops) >= max_stops:
            walk.reason = f"stopped after the first {max_stops} elements of the tab order"
            break
    else:
        walk.reason = "the tab order did not come round"
    if leave_at:  # began in the middle: the document's own order starts after the exit
        walk.stops = walk.stops[leave_at:] + walk.stops[:leave_at]
    return walk


async def blur_all(page) -> None:
    """No element keeps focus, in any frame (innermost first)."""
    for frame in reversed(page.frames):
        with contextlib.suppress(Exception):
            await run(frame, "H.blur();")


async def document_id(page) -> float:
    """Changes when the page navigates (a new document has a new time origin)."""
    return await page.evaluate("performance.timeOrigin")


class NavigatedAway(RuntimeError):
    """The page left its document while a check pressed keys or moved focus."""


@contextlib.asynccontextmanager
async def same_document(page):
    """Raises NavigatedAway if the page navigated inside the block (focus or key handlers)."""
    before = await document_id(page)
    try:
        yield
    except Exception as exc:
        if await _navigated(page, before):
            raise NavigatedAway("the page navigated away when focus moved or a key was pressed") from exc
        raise
    if await _navigated(page, before):
        raise NavigatedAway("the page navigated away when focus moved or a key was pressed")


async def _navigated(page, before: float) -> bool:
    try:
        return await document_id(page) != before
    except Exception:  # noqa: BLE001 - no document to ask: it was replaced
        return True


@contextlib.asynccontextmanager
async def preserved(page):
    """Puts focus and every frame's scroll position back as they were."""
    before = await focused(page)
    if before is not None and len(page.frames) > 1:
        await before.element()  # a handle now: the page's list of stops may be let go of inside
    scrolls = {}
    for frame in page.frames:
        with contextlib.suppress(Exception):
            scrolls[frame] = await run(frame, "return H.scroll();")
    try:
        yield
    finally:
        with contextlib.suppress(Exception):
            await blur_all(page)
            if before is not None:
                await (await before.element()).evaluate("el => el.focus({preventScroll: true})")
        for frame, (x, y) in scrolls.items():  # and the page lets go of the stops met (focused)
            with contextlib.suppress(Exception):
                await frame.evaluate("([x, y]) => { window.scrollTo(x, y); delete window.__a11yStops; }", [x, y])


async def frame_target(frame) -> Target:
    """The axe-style target of the iframe element that holds `frame`, outermost frame first."""
    chain = []
    while frame.parent_frame is not None:
        owner = await frame.frame_element()
        chain.insert(0, await run(frame.parent_frame, "return H.path(arg);", owner))
        frame = frame.parent_frame
    return chain


# Sequential focus navigation from the top of the document: a probe focused there (which takes
# focus from any element), then taken away. Shared with the Tab walker (_tabwalk.py).
START_AT_TOP = """() => {
  const probe = document.createElement('span');
  probe.setAttribute('data-a11y-own', '');
  probe.tabIndex = -1;
  const parent = document.body || document.documentElement;
  parent.insertBefore(probe, parent.firstChild);
  probe.focus({preventScroll: true});
  probe.remove();
}"""
# A focus session's style sheet in one document (removed by its data-a11y-session mark).
_ADD_STYLE = """(css) => { const s = document.createElement('style');
  s.setAttribute('data-a11y-session', ''); s.setAttribute('data-a11y-own', ''); s.textContent = css;
  (document.head || document.documentElement).appendChild(s); }"""
# Styles are brought up to date first (a layout reads them all), so that the state focus left
# behind (blurred, focus put back) is the one in force while the sheet's `transition: none` still
# is: taking the sheet away then changes no colour, and starts no transition for a later check
# to read half-way.
_REMOVE_STYLE = """() => { if (document.documentElement) void document.documentElement.offsetWidth;
  document.querySelectorAll('style[data-a11y-session]').forEach((s) => s.remove()); }"""

# A task of the page's event loop gone by (a message to ourselves: no timer the page's activity
# record would count), as between two calls: what focus moving set going (a dialog a focus
# handler opens in a promise's callback) has run.
_TASK = ("new Promise((r) => { const c = new MessageChannel();"
         " c.port1.onmessage = () => { c.port1.close(); r(); }; c.port2.postMessage(0); })")
# focus_session in a page without frames: one call in, one call out. With modal, Tab is then made
# to start inside an open modal dialog (START_INSIDE), whose name is the answer's `dialog`.
_ENTER = """async (H, [css, modal]) => {
  const id = performance.timeOrigin, scroll = H.scroll(), el = H.deepActive();
  let before = null;
  if (el) { const stops = window.__a11yStops || (window.__a11yStops = []); before = stops.push(el) - 1; }
  if (css) (ADD_STYLE)(css);
  H.blur();
  (START_AT_TOP)();
  let dialog = null;
  if (modal) { await TASK; dialog = H.startInside(); }
  return {id, before, scroll, dialog};
}""".replace("ADD_STYLE", _ADD_STYLE).replace("START_AT_TOP", START_AT_TOP).replace("TASK", _TASK)
# Focus left and put back while the session's sheet is still there (REMOVE_STYLE comes last).
_LEAVE = """async (H, [before, x, y]) => {
  H.blur();
  const stops = window.__a11yStops;
  if (before !== null && stops && stops[before]) stops[before].focus({preventScroll: true});
  window.scrollTo(x, y);
  delete window.__a11yStops;
  (REMOVE_STYLE)();
  return performance.timeOrigin;
}""".replace("REMOVE_STYLE", _REMOVE_STYLE)


@dataclass
class Session:
    from_top: bool  # Tab starts from the top of the document (tab_walk may stop when focus leaves it)
    dialog: str | None = None  # with modal: the open modal dialog Tab starts in (START_INSIDE)


@contextlib.asynccontextmanager
async def focus_session(page, css: str = "", modal: bool = False):
    """same_document and preserved, `css` added to every document, and no element focused at the
    start: in one call each way for a page without frames, where sequential navigation is also
    made to start from the top of the document. modal: then from the top of an open modal
    dialog where there is one (START_INSIDE; Session.dialog), in the same call."""
    if len(page.frames) > 1:
        # preserved inside _styled: focus is put back before the sheets go (as _LEAVE does).
        async with same_document(page), _styled(page, css), preserved(page):
            await blur_all(page)
            dialog = await page.main_frame.evaluate(START_INSIDE) if modal else None
            yield Session(from_top=False, dialog=dialog)
        return
    main = page.main_frame
    state = await _KEPT.evaluate(main, _ENTER, [css, modal])
    try:
        yield Session(from_top=state["dialog"] is None, dialog=state["dialog"])
    except Exception as exc:
        if await _navigated(page, state["id"]):
            raise NavigatedAway("the page navigated away when focus moved or a key was pressed") from exc
        raise
    finally:
        try:
            now = await _KEPT.evaluate(main, _LEAVE, [state["before"], *state["scroll"]])
        except Exception:  # noqa: BLE001 - the document went away
            now = None
    if now != state["id"]:
        raise NavigatedAway("the page navigated away when focus moved or a key was pressed")


@contextlib.asynccontextmanager
async def _styled(page, css: str):
    if css:
        for frame in page.frames:
            with contextlib.suppress(Exception):
                await frame.evaluate(_ADD_STYLE, css)
    try:
        yield
    finally:
        if css:
            for frame in page.frames:
                with contextlib.suppress(Exception):
                    await frame.evaluate(_REMOVE_STYLE)
