"""Keyboard focus as a person meets it: real Tab presses, the focused element through
frames and shadow roots, and putting focus and scrolling back afterwards.

Shared by the focus checks (focus_visible, aria_hidden_focus, iframe_tab_order).
Browser-side helpers live in _focus.js and are evaluated inside each call, so nothing
is left on the page.
"""
from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from importlib import resources

from ._colour import with_colour

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
# browser's own focus ring shows around it (H.ringShown).
_FOCUSED_HERE = """(view) => { const H = HELPERS;
  const el = H.deepActive();
  if (!el) return null;
  if (el.localName === 'iframe' || el.localName === 'frame') return {frame: true};
  const stops = window.__a11yStops || (window.__a11yStops = []);
  let i = stops.indexOf(el);
  if (i < 0) i = stops.push(el) - 1;
  const out = {i, path: H.path(el), html: H.html(el)};
  if (view) {
    const b = el.getBoundingClientRect(), A = window.__a11yActivity;
    out.view = {scroll: [scrollX, scrollY], change: A ? A.lastChange() : null, ring: H.ringShown(el),
                box: el.getClientRects().length ? {x: b.x, y: b.y, width: b.width, height: b.height} : null};
  }
  return out;
}""".replace("HELPERS", _JS)


async def focused(page, view: bool = False) -> Stop | None:
    """The element that has keyboard focus, through iframes (any origin) and open shadow
    roots; None when focus is on no element (the document itself, or outside it). In a page
    without frames, one call, and the handle is taken only when asked for (Stop.element)."""
    if len(page.frames) == 1:
        info = await page.main_frame.evaluate(_FOCUSED_HERE, view)
        if info is None:
            return None
        if not info.get("frame"):
            return Stop(target=[info["path"]], handle=None, frame=page.main_frame, html=info["html"],
                        index=info["i"], view=info.get("view"))
    frame, prefix = page.main_frame, []
    while True:
        handle = (await frame.evaluate_handle(js("return H.deepActive();"), None)).as_element()
        if handle is None:
            return None
        info = await handle.evaluate(js("return {tag: arg.localName, path: H.path(arg), html: H.html(arg)};"))
        if info["tag"] in ("iframe", "frame"):
            child = await handle.content_frame()
            if child is not None:
                inner = (await child.evaluate_handle(js("return H.deepActive();"), None)).as_element()
                if inner is not None:
                    # Handles live until disposed or their tab's context closes (every
                    # RECYCLE_AFTER pages): ones we leave behind are let go at once.
                    await inner.dispose()
                    await handle.dispose()
                    prefix.append(info["path"])
                    frame = child
                    continue
        return Stop(target=prefix + [info["path"]], handle=handle, frame=frame, html=info["html"])


async def focused_key(page) -> str | None:
    """Stop.key of the element that has keyboard focus (None: none), in one call where the page
    has no frames to follow."""
    if len(page.frames) > 1:
        stop = await focused(page)
        return stop.key if stop else None
    path = await page.main_frame.evaluate(js("const el = H.deepActive(); return el ? H.path(el) : null;"), None)
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


async def tab_walk(page, max_stops: int = 300, deadline: float | None = None, on_stop=None,
                   view: bool = False, from_top: bool = False) -> Walk:
    """Press Tab until focus comes back to an element already met, or until max_stops or the
    deadline; with from_top (navigation starts at the top of the document: focus_session), until
    focus leaves the document after the last element.
    on_stop(stop) is awaited with focus on each new stop; view: each stop comes with its view
    (see focused)."""
    walk, seen, leave_at, outside = Walk(), set(), None, 0
    for _ in range(max_stops + 2):
        if deadline is not None and time.monotonic() > deadline:
            walk.reason = f"the time limit came after {len(walk.stops)} elements of the tab order"
            break
        await page.keyboard.press("Tab")
        stop = await focused(page, view=view)
        if stop is None:
            outside += 1
            if outside >= 2:  # Tab leads nowhere: nothing on the page takes keyboard focus
                walk.complete = True
                break
            if from_top and walk.stops:  # past the last element of an order seen from its start
                walk.complete = walk.left_document = True
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
            await frame.evaluate(js("H.blur();"), None)


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
    scrolls = {}
    for frame in page.frames:
        with contextlib.suppress(Exception):
            scrolls[frame] = await frame.evaluate(js("return H.scroll();"), None)
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
        chain.insert(0, await owner.evaluate(js("return H.path(arg);")))
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

# focus_session in a page without frames: one call in, one call out.
_ENTER = """(css) => { const H = HELPERS;
  const id = performance.timeOrigin, scroll = H.scroll(), el = H.deepActive();
  let before = null;
  if (el) { const stops = window.__a11yStops || (window.__a11yStops = []); before = stops.push(el) - 1; }
  if (css) (ADD_STYLE)(css);
  H.blur();
  (START_AT_TOP)();
  return {id, before, scroll};
}""".replace("HELPERS", _JS).replace("ADD_STYLE", _ADD_STYLE).replace("START_AT_TOP", START_AT_TOP)
# Focus left and put back while the session's sheet is still there (REMOVE_STYLE comes last).
_LEAVE = """([before, x, y]) => { const H = HELPERS;
  H.blur();
  const stops = window.__a11yStops;
  if (before !== null && stops && stops[before]) stops[before].focus({preventScroll: true});
  window.scrollTo(x, y);
  delete window.__a11yStops;
  (REMOVE_STYLE)();
  return performance.timeOrigin;
}""".replace("HELPERS", _JS).replace("REMOVE_STYLE", _REMOVE_STYLE)


@dataclass
class Session:
    from_top: bool  # Tab starts from the top of the document (tab_walk may stop when focus leaves it)


@contextlib.asynccontextmanager
async def focus_session(page, css: str = ""):
    """same_document and preserved, `css` added to every document, and no element focused at the
    start: in one call each way for a page without frames, where sequential navigation is also
    made to start from the top of the document."""
    if len(page.frames) > 1:
        # preserved inside _styled: focus is put back before the sheets go (as _LEAVE does).
        async with same_document(page), _styled(page, css), preserved(page):
            await blur_all(page)
            yield Session(from_top=False)
        return
    main = page.main_frame
    state = await main.evaluate(_ENTER, css)
    try:
        yield Session(from_top=True)
    except Exception as exc:
        if await _navigated(page, state["id"]):
            raise NavigatedAway("the page navigated away when focus moved or a key was pressed") from exc
        raise
    finally:
        try:
            now = await main.evaluate(_LEAVE, [state["before"], *state["scroll"]])
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
