"""Links with the same name in the same context serve the same purpose (WCAG 2.4.4; ACT fd3a94).

A screen reader user who lists a page's links hears each link's accessible name with its
programmatically determined context (the paragraph, list item or table cell around it, the
header cells of that cell, and its aria-describedby text). Two links that sound the same
there must lead to resources with the same purpose.

Links (a and area with href, SVG a, role=link) in the accessibility tree of any frame of the
page, shadow roots included, are grouped by accessible name (axe's implementation of the
accessible name computation; case and runs of white space ignored) and context text. In a
group of two or more:
  - the same address passes: taken from href, or, for a link that only a script makes work,
    from the navigation that activating it (in a copy of the page) starts;
  - otherwise each address on the page's own site is loaded in a tab of its own, following
    HTTP redirects and zero-delay meta refreshes: the same final address, or the same main
    content (the main landmark's text, or the body's), passes (a page bypass-repeated-blocks
    loaded to compare with, and that is no zero-delay refresh, is not loaded again: that check
    tells this one where it leads, remember_destination);
  - anything else needs review: whether two different resources serve the same purpose is a
    person's judgement (the ACT examples include different pages that do, and near-copies
    that do not), and addresses on other sites are not followed, nor those the scan's
    --exclude patterns match (CheckContext.exclude: with a session, the sign-out links).
So this check never fails a page; it settles the links that provably agree and shows a
reviewer the ones that do not, with both addresses.
"""
from __future__ import annotations

import asyncio
import re
import time
from urllib.parse import urldefrag

from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from ..browser import close_copy, open_copy
from ..discovery.urls import origin_of
from ..engines.axe import _ensure_axe_async
from ..refresh import zero_delay_refresh_js
from ._motion import evaluate_json, frame_path
from .base import CANT_TELL, INAPPLICABLE, PASSED, Check, CheckContext, CheckOutcome, Look, node

MAX_LOADS = 8  # destinations loaded per page, at most
LOAD_SECONDS = 10.0  # one destination, at most
SETTLE_SECONDS = 5.0  # for an activated link to start its navigation (generous: a busy machine delays it)

# Links of this document (shadow roots included) in the accessibility tree that may share their
# name and context with another link, with their name, context and address (null: only a script
# knows). Names come from axe's accname code. Two links group only when their contexts are the
# same elements, so a link whose context no other link of the document has is left out before its
# name is computed (axe's accname is most of the cost on a page of a thousand links), and so is
# one whose name and context no other link of the document shares; a link with the page as its
# context groups with such links of other frames too, and is kept unless `alone` (no other frame
# of the page has links). Only the links kept get a selector and their HTML.
_LINKS_JS = r"""(alone) => {
  const collapse = (s) => (s || "").replace(/\s+/g, " ").trim();
  const parentOf = (n) => n.parentElement || (n.parentNode && n.parentNode.host) || null;
  const roleOf = (el) => (el.getAttribute("role") || "").trim().split(/\s+/)[0].toLowerCase();
  const isLink = (el) => {
    const role = roleOf(el);
    if (role === "link") return true;
    if (role && role !== "none" && role !== "presentation") return false;
    return el.matches("a[*|href], area[href]");
  };
  const address = (el) => {
    const raw = el.getAttribute("href") ?? el.getAttributeNS("http://www.w3.org/1999/xlink", "href");
    if (raw === null) return null;
    try {
      const url = new URL(raw, el.baseURI);
      return url.protocol === "javascript:" ? null : url.href;
    } catch (e) { return null; }
  };
  // Header cells of a table cell: its headers attribute, else the row's th and the column's th.
  const headersOf = (cell) => {
    const root = cell.getRootNode();
    const ids = (cell.getAttribute("headers") || "").split(/\s+/).filter(Boolean);
    if (ids.length) return ids.map((id) => root.getElementById && root.getElementById(id)).filter(Boolean);
    const table = cell.closest("table");
    if (!table || !cell.parentElement) return [];
    const found = [...cell.parentElement.children].filter((c) => c !== cell && c.localName === "th");
    for (const row of table.rows) {
      const above = row.cells[cell.cellIndex];
      if (row === cell.parentElement) break;
      if (above && above.localName === "th") found.push(above);
    }
    return found;
  };
  // The context as a set of elements (ACT: the same context is the same DOM nodes, not text
  // that reads the same): the paragraphs, list items and table cells around the link, the
  // header cells of those cells, and what aria-describedby points at. A link with none of
  // these has the page as its context, like every other such link.
  const ids = new Map();
  const idOf = (n) => { if (!ids.has(n)) ids.set(n, ids.size + 1); return ids.get(n); };
  const contextOf = (el) => {
    const found = new Set();
    for (let n = parentOf(el); n; n = parentOf(n)) {
      const role = roleOf(n);
      const tag = n.localName;
      const implicit = tag === "p" ? "paragraph"
        : tag === "li" && n.parentElement && /^(ul|ol|menu)$/.test(n.parentElement.localName) ? "listitem"
        : tag === "td" && n.closest("table") ? "cell" : "";
      const r = role || implicit;
      if (r === "paragraph" || r === "listitem") found.add(idOf(n));
      if (r === "cell" || r === "gridcell") {
        found.add(idOf(n));
        for (const h of headersOf(n)) found.add(idOf(h));
      }
    }
    const root = el.getRootNode();
    for (const id of (el.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean)) {
      const d = root.getElementById && root.getElementById(id);
      if (d) found.add(idOf(d));
    }
    return [...found].sort((a, b) => a - b).join(",");
  };
  let own = false;
  try { axe.setup(document); own = true; } catch (e) { /* set up already */ }
  try {
    const links = [];
    const visit = (root) => {
      for (const el of root.querySelectorAll("*")) {
        if (el.shadowRoot) visit(el.shadowRoot);
        if (isLink(el)) links.push({ el, context: contextOf(el) });
      }
    };
    visit(document);
    const tally = (keys) => keys.reduce((m, k) => m.set(k, (m.get(k) || 0) + 1), new Map());
    const mayGroup = (count, context) => count > 1 || (context === "" && !alone);
    const contexts = tally(links.map((l) => l.context));
    const named = [];
    for (const { el, context } of links) {
      if (!mayGroup(contexts.get(context), context) || window.__a11yMotion.programmaticallyHidden(el)) continue;
      const name = collapse(axe.commons.text.accessibleText(el));
      if (name) named.push({ el, context, name, key: name.toLowerCase() + "\n" + context });
    }
    const keys = tally(named.map((l) => l.key));
    return named.filter((l) => mayGroup(keys.get(l.key), l.context)).map((l) => ({
      name: l.name, key: l.key, url: address(l.el),
      selector: window.__a11yMotion.selector(l.el), html: window.__a11yMotion.outer(l.el) }));
  } finally {
    if (own) axe.teardown();
  }
}"""
# The same, null where axe is not loaded. Both are asked through _motion.evaluate_json: the motion
# helpers they use are kept in the document, not sent with each call (30 kB).
_LINKS_IF_AXE_JS = f"(alone) => window.axe ? ({_LINKS_JS})(alone) : null"
# Links of the document, open shadow roots included (at least: hidden ones count too).
_COUNT_LINKS_JS = """() => {
  const LINKS = 'a, area, [role~=link i]';
  const A = window.__a11yActivity;
  const roots = [document];
  let n = 0;
  for (let i = 0; i < roots.length; i++) {
    n += roots[i].querySelectorAll(LINKS).length;
    if (A && A.openRootCount() === 0) break;  // no shadow root to look into
    for (const el of roots[i].querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
  }
  return n;
}"""
_MAIN_TEXT_JS = r"""() => {
  const mains = document.querySelectorAll("main, [role=main]");
  const root = mains.length === 1 ? mains[0] : document.body || document.documentElement;
  return (root.innerText || root.textContent || "").replace(/\s+/g, " ").trim();
}"""


# What a copy another check loaded (without following a refresh) says of its address as a
# destination: whether its document is a zero-delay refresh (a redirect, which this check
# follows, so the copy is not where the address leads) and its main text. An expression.
DESTINATION_JS = f"({{redirects: ({zero_delay_refresh_js()})(undefined) === true, text: ({_MAIN_TEXT_JS})()}})"
MAX_KNOWN = 500  # destinations remembered for the scan


def remember_destination(memo: dict, url: str, found: Destination) -> None:
    """Where url leads (its copy loaded as Loads.destination would load it), for this check on
    this page and the pages after it (CheckContext.memo)."""
    known = memo.setdefault(LinkSameNameSamePurpose.id, {})
    if len(known) < MAX_KNOWN:
        known.setdefault(url, found)


class Destination:
    """Where an address leads: its final address and main text, or why that is not known."""

    def __init__(self, final_url: str = "", text: str = "", problem: str = "") -> None:
        self.final_url, self.text, self.problem = final_url, text, problem


class LinkSameNameSamePurpose(Check):
    id = "link-same-name-same-purpose"
    present = "a, area, [role~=link i]"
    time_limit = 30.0

    def looks(self) -> list[Look]:
        return [Look(_COUNT_LINKS_JS)]

    async def run(self, ctx: CheckContext) -> CheckOutcome:
        deadline = time.monotonic() + max(1.0, ctx.timeout - 2)
        groups = await self._groups(ctx)
        if not groups:
            return CheckOutcome(INAPPLICABLE)
        loads = Loads(ctx, deadline)
        review = []
        for items in groups:
            reason = await self._compare(ctx, items, loads, deadline)
            if reason:
                name = items[0]["name"][:60]
                review += [node(i["target"], i["html"], f'links named "{name}" in the same context {reason}')
                           for i in items]
        if review:
            return CheckOutcome(CANT_TELL, review, review[0].summary)
        return CheckOutcome(PASSED, reason=f"each of the {len(groups)} group(s) of links that share a name and "
                                           "context leads to the same resource or the same content")

    async def _groups(self, ctx: CheckContext) -> list[list[dict]]:
        by_key: dict[str, list[dict]] = {}
        counts = {}
        for frame in ctx.page.frames:
            if not frame.is_detached():
                counts[frame] = await ctx.ask(frame, _COUNT_LINKS_JS)
        if sum(n or 0 for n in counts.values()) < 2:
            return []  # one link has no other to share its name with
        alone = sum(count != 0 for count in counts.values()) == 1  # one frame has links (None: may have)
        for frame, count in counts.items():
            if count == 0 or frame.is_detached():
                continue
            links = await evaluate_json(frame, _LINKS_IF_AXE_JS, alone)
            if links is None:  # a document without axe (the audit's is there): load it, and ask again
                await _ensure_axe_async(frame)
                links = await evaluate_json(frame, _LINKS_JS, alone)
            path = await frame_path(frame) if frame.parent_frame is not None else []
            for link in links:
                link["target"], link["frame"] = [*path, link["selector"]], frame
                # Context elements are numbered per document; a link with none (the page as its
                # context) groups with such links of every frame of the page.
                name, context = link["key"].split("\n", 1)
                key = f"{name}\n{repr(path) + context if context else ''}"
                by_key.setdefault(key, []).append(link)
        return [items for items in by_key.values() if len(items) > 1]

    async def _compare(self, ctx: CheckContext, items: list[dict], loads: Loads, deadline: float) -> str:
        """'' when the links provably lead to the same resource; otherwise what a reviewer must judge."""
        for item in items:
            if item["url"] is None:
                item["url"] = await _activated(ctx, item, deadline)
                if item["url"] is None:
                    return "(one of them works only by script, and activating it started no navigation we " \
                           "could see): check that they do the same thing"
        urls = sorted({i["url"] for i in items})
        if len(urls) == 1:
            return ""
        if len({urldefrag(u)[0] for u in urls}) == 1:
            return f"lead to different places in one document ({_listed(urls)}): check that they serve the same purpose"
        page_origin = origin_of(ctx.page.url)
        away = [u for u in urls if origin_of(u) != page_origin]
        if away:
            return f"lead to different addresses on other sites, which are not followed ({_listed(urls)}): " \
                   "check that they serve the same purpose"
        # The scan follows no link to an excluded address (a sign-out link would end its session):
        # neither does this check, so such a destination is not known, and the group not settled.
        excluded = next(((u, pattern) for u in urls if (pattern := ctx.excluded(u))), None)
        if excluded:
            return f"lead to different addresses ({_listed(urls)}), and {excluded[0]} matches --exclude " \
                   f"{excluded[1]}, so it was not loaded: check that they serve the same purpose"
        found = [await loads.destination(u) for u in urls]
        problems = [f"{u}: {d.problem}" for u, d in zip(urls, found, strict=True) if d.problem]
        if problems:
            return f"lead to different addresses, not all of which could be compared ({'; '.join(problems)})"
        if len({urldefrag(d.final_url)[0] for d in found}) == 1:
            return ""
        if len({d.text for d in found}) == 1 and found[0].text:
            return ""
        return f"lead to different content ({_listed(urls)}): check that they serve the same purpose " \
               "(then the same name is right), or name them apart"


class Loads:
    """Destinations loaded for this page, at most MAX_LOADS (times CheckContext.reach), remembered
    for the whole scan."""

    def __init__(self, ctx: CheckContext, deadline: float) -> None:
        self.ctx, self.deadline, self.count = ctx, deadline, 0
        self.known: dict[str, Destination] = ctx.memo.setdefault(LinkSameNameSamePurpose.id, {})

    async def destination(self, url: str) -> Destination:
        if url in self.known:
            return self.known[url]
        left = self.deadline - time.monotonic()
        if self.count >= MAX_LOADS * self.ctx.reach or left < 2:
            return Destination(problem="not loaded: the page's limit of loads or time was reached")
        self.count += 1
        tab = None
        try:
            # Only its text is read: the scan's scripts need not run in it (browser._scan_scripts).
            tab, response = await open_copy(self.ctx.page, url, timeout=min(LOAD_SECONDS, left - 1),
                                            follow_zero_delay_refresh=True, with_scan_scripts=False)
            if response is not None and response.status >= 400:
                found = Destination(problem=f"the server answered {response.status}")
            else:
                found = Destination(final_url=tab.url, text=await tab.evaluate(_MAIN_TEXT_JS))
        except Exception as exc:  # noqa: BLE001 - a destination that does not load is not compared
            return Destination(problem=_load_problem(exc))
        finally:
            if tab is not None:
                await close_copy(tab)
        remember_destination(self.ctx.memo, url, found)
        return found


async def _activated(ctx: CheckContext, item: dict, deadline: float) -> str | None:
    """The address a script-driven link navigates to when clicked, in a copy of the page
    (which refuses the navigation, so nothing is loaded); None if it starts none."""
    if item["frame"].parent_frame is not None or time.monotonic() > deadline - 3:
        return None  # a copy of a frame's document cannot be made alone
    started = asyncio.get_running_loop().create_future()

    def on_refused(url: str) -> None:
        if not started.done():
            started.set_result(url)

    tab = None
    try:
        tab, _ = await open_copy(ctx.page, ctx.page.url, on_refused=on_refused, with_scan_scripts=False,
                                 timeout=min(LOAD_SECONDS, deadline - time.monotonic() - 2))
        element = await tab.query_selector(item["selector"])
        if element is None:
            return None
        await element.evaluate("el => el.click()")
        # A click handler's navigation is requested at once, or a moment later when the handler
        # defers it; the copy refuses it and tells us where it was going.
        return await asyncio.wait_for(started, timeout=SETTLE_SECONDS)
    except Exception:  # noqa: BLE001 - the copy would not load or the element went
        return None
    finally:
        if tab is not None:
            await close_copy(tab)


def _load_problem(exc: Exception) -> str:
    if isinstance(exc, (TimeoutError, PlaywrightTimeoutError)):
        return "it did not finish loading in the time given"
    network = re.search(r"net::ERR_[A-Z_]+", str(exc))
    return f"it could not be loaded ({network.group(0) if network else type(exc).__name__})"


def _listed(urls: list[str]) -> str:
    shown = ", ".join(urls[:3])
    return shown + (f" and {len(urls) - 3} more" if len(urls) > 3 else "")
