"""Trying a page's controls without letting them change anything outside the page.

A check that presses Enter on controls or clicks them (custom-control-keyboard), changes form
fields (on-input-no-context-change) or moves focus (whose handlers run) acts as a user would,
on a live site and perhaps signed in: a "Delete" built from a <div> must not delete, a
"Sign out" must not end the scan's session, an autosave must not save, a toggle that remembers
itself in a cookie must not change the next pages. Inside `contained(page)`:
  - every request the page makes other than GET and HEAD (a form sent by script, fetch or
    XMLHttpRequest with POST, PUT, PATCH or DELETE, navigator.sendBeacon) is refused before it
    leaves the browser; top-level navigations are refused already (the navigation hold) and
    the checks cancel them earlier still. A page under audit has its route already
    (browser.refusing_writes flips a flag); another page (a test's) gets one for the while;
  - a window the page opens all the same is closed as soon as it is seen;
  - with restore_state, the context's cookies and the page's localStorage and sessionStorage
    are put back as they were when it ends (for checks that act; focus alone rarely writes).
    A check whose first call reads the page anyway may read the storage in it (SAVE_STORAGE)
    and hand it over, and put it back in its own last call (RESTORE_STORAGE; Held): two calls
    to the page fewer.
GET requests go out (images, data a menu loads): a site whose GET requests change data is
beyond what a scanner can guard against.
"""
from __future__ import annotations

import asyncio
import contextlib

from ..browser import is_held, refuse_writes, refusing_writes

SAVE_STORAGE = """() => { const out = {};
  for (const name of ['localStorage', 'sessionStorage']) {
    try { out[name] = Object.entries(window[name]); } catch (e) { out[name] = null; }
  }
  return out; }"""
# A store is written back only when it differs: a write costs the browser process a round trip
# and tells the site's other windows of it (storage events), for nothing when it is as it was.
RESTORE_STORAGE = """(saved) => {
  for (const name of ['localStorage', 'sessionStorage']) {
    if (!saved[name]) continue;
    try {
      const s = window[name];
      if (s.length === saved[name].length && saved[name].every(([k, v]) => s.getItem(k) === v)) continue;
      s.clear();
      for (const [k, v] of saved[name]) s.setItem(k, v);
    } catch (e) { /* storage refused: nothing to put back */ }
  }
}"""


def saving_storage(find: str) -> str:
    """`(L, arg) => ...` that answers as `find` (an object whose `found` lists what the check will
    try), with the page's storage before anything is tried (SAVE_STORAGE) as its `storage` when
    `found` lists anything (a page's first look at its storage has the browser load it): for
    contained(storage=...)."""
    return (f"(L, arg) => {{ const out = ({find})(L, arg);\n"
            f"if (out.found.length) out.storage = ({SAVE_STORAGE})();\nreturn out; }}")


def restoring_storage(disarm: str) -> str:
    """`(saved) => ...` that runs `disarm` (`() => ...`, a check's last call) and puts the storage
    back as `saved` (Held.storage; null: nothing to put back): then Held.put_back."""
    return f"(saved) => {{ ({disarm})(); if (saved) ({RESTORE_STORAGE})(saved); }}"


class Held:
    """What contained() yields: the storage it puts back (SAVE_STORAGE's answer), and whether the
    caller has put it back itself (`put_back`: RESTORE_STORAGE of `storage` in its own last call)."""

    def __init__(self, storage: dict | None) -> None:
        self.storage = storage
        self.put_back = False


@contextlib.asynccontextmanager
async def contained(page, restore_state: bool = True, storage: dict | None = None):
    """`storage`: SAVE_STORAGE's answer, read by the caller's own call just before (nothing acted
    on the page in between), instead of a call of ours."""
    context = page.context
    if restore_state and storage is not None:
        cookies = await context.cookies()
    elif restore_state:  # both at once: neither waits for the other's round trip
        cookies, storage = await asyncio.gather(context.cookies(), page.evaluate(SAVE_STORAGE))
    routed = not is_held(page)
    if routed:
        await page.route("**/*", refuse_writes)
    popups = []

    def seen(popup) -> None:  # a window the checks did not stop is closed at once
        popups.append(popup)

    page.on("popup", seen)
    held = Held(storage)
    try:
        with refusing_writes(page):
            yield held
    finally:
        page.remove_listener("popup", seen)
        for popup in popups:
            with contextlib.suppress(Exception):
                await popup.close()
        if routed:
            with contextlib.suppress(Exception):  # the page may be gone (a crash): nothing to put back
                await page.unroute("**/*", refuse_writes)
        if restore_state:
            with contextlib.suppress(Exception):
                if await context.cookies() != cookies:
                    await context.clear_cookies()
                    if cookies:
                        await context.add_cookies(cookies)
                if not held.put_back:
                    await page.evaluate(RESTORE_STORAGE, storage)
