"""Bypass blocks (WCAG 2.4.1; ACT cf77f2, with ye5d6e, 047fe0, b40fd1 and 3e12e1).

Which content repeats is a fact about the site, not the page: the check opens another
page of the same site that this page links to, or else the page of the crawl whose link led
to it (in a tab of its own), and calls a piece of content repeated when its text is on that
page too. The content a user wants to reach
is the first non-repeated content after repeated content; with none, the rule does not
apply. Then any of these passes (ACT cf77f2):
  - a control (skip link, or a button or role=link that moves focus) which, activated with
    Enter, sends the user to that content or just before it, and the next Tab continues
    from there (ye5d6e);
  - a visible heading, exposed to assistive technology, at or after that content (047fe0);
  - a landmark, exposed to assistive technology, holding it (b40fd1);
  - controls that hide the repeated content before it from view and from assistive
    technology (3e12e1).
A modal dialog open over the page at load (a cookie or session dialog: _modal.ACTIVE_MODAL) is a
transient state, and 2.4.1 is about the page's blocks: the page is judged as it is behind the
dialog, as it will be once the dialog closes (_blocks.py), and each verdict says so. Its
headings and landmarks are there to be found; its skip links and collapsing controls are tried
as they are, and where none works while the dialog is open (it may keep focus, or make them
inert) the page is left for review, not failed for what the dialog does.
A linked page that is this page again (its text and next to nothing more: the same page under
another address) is no comparison; a page of the site with text of its own is, however much of
this page's text (its menu) it shares. With no other page to compare with, it cannot tell what
repeats: needs review, saying why (no such link, this page again, not loaded). A page it loads
is one link-same-name-same-purpose may load as a destination: when that check runs too, it is
told where the address leads from the same load.

Its verdict also decides axe's `bypass` review item (axe leaves 2.4.1 for review where it finds
no heading, landmark or skip link, not knowing what repeats): passed when nothing repeats before
the page's own content or a way past it works, failed when this check fails.
"""
from __future__ import annotations

import asyncio
import time
import zlib

from ..browser import close_copy, open_copy
from ..discovery.urls import origin_of
from ..jsonwire import evaluate_json
from ._activity import activity_script
from ._blocks import js
from ._tabwalk import PageState, TabWalker
from .base import CANT_TELL, FAILED, INAPPLICABLE, PASSED, Check, CheckContext, CheckOutcome, Look
from .link_same_name import DESTINATION_JS, Destination, LinkSameNameSamePurpose, remember_destination

GONE = (404, 410)  # answers that say a linked page is not there (a 5xx or a 429 may pass)
MIN_REPEATED_WORDS = 2  # a lone repeated word ("Home") before the content is not a block
# A linked page is this page again (the same document under another address, a print version)
# when it has nearly all of this page's text (this share of its texts) and next to nothing of
# its own beyond that: at most a few words (a date, a counter) or a sliver of its text. A page
# of the site with content of its own (two short paragraphs under a 60-link menu) is another
# page, however much of this page's text (its menu) it shares.
SAME_PAGE_SHARE = 0.9
SAME_PAGE_OWN_WORDS = 4
SAME_PAGE_OWN_SHARE = 0.02
# Said of every verdict on a page with a modal dialog open over it.
BEHIND_MODAL = " (judged behind the modal dialog open over the page, as it will be once the dialog closes)"
UNDER_MODAL = "a modal dialog is open over the page: its structure was judged as it will be once the dialog closes"


class KnownTexts:
    """Texts of pages met in this scan, by URL (the most recent MAX_KNOWN pages, and at most
    MAX_CHARS characters of text in all)."""

    MAX_KNOWN = 500
    # A count alone let memory grow for the first 500 pages of a crawl: a large page's texts
    # run to 100,000 characters or more (Python's documentation). Most links go to the same
    # few pages (contents, index, neighbours), which stay among the recent ones.
    MAX_CHARS = 8_000_000

    def __init__(self):
        self._texts: dict[str, list[str]] = {}
        self._chars = 0
        # Pages being loaded for a comparison, by URL: pages scanned at once that link to the
        # same page (a crawl's first pages all link to the home page or the contents) wait for
        # one load of it instead of each loading it (four loads of a 49,000-element contents
        # page at the start of a scan of Python's documentation).
        self._loading: dict[str, asyncio.Future] = {}
        # Pages that are no comparison whenever asked: the server said they are not there (404,
        # 410), or they are not HTML. A site's header with a broken link would be loaded again
        # for every page that has it.
        self._not_pages: set[str] = set()

    def not_a_page(self, url: str) -> bool:
        return _page(url) in self._not_pages

    def remember_not_a_page(self, url: str) -> None:
        if len(self._not_pages) < self.MAX_KNOWN:
            self._not_pages.add(_page(url))

    def get(self, url: str) -> list[str] | None:
        return self._texts.get(_page(url))

    def loading(self, url: str) -> asyncio.Future | None:
        """The load of url under way for another page (its texts, or None), if there is one."""
        return self._loading.get(_page(url))

    def begin_loading(self, url: str) -> None:
        self._loading[_page(url)] = asyncio.get_running_loop().create_future()

    def end_loading(self, url: str) -> None:
        """Those waiting for url's load get its texts, or None when it did not load."""
        future = self._loading.pop(_page(url), None)
        if future is not None and not future.done():
            future.set_result(self.get(url))

    def remember(self, url: str, texts: list[str]) -> None:
        self._forget(_page(url))
        self._texts[_page(url)] = texts
        self._chars += _size(texts)
        while len(self._texts) > 1 and (len(self._texts) > self.MAX_KNOWN or self._chars > self.MAX_CHARS):
            self._forget(next(iter(self._texts)))

    def _forget(self, url: str) -> None:
        self._chars -= _size(self._texts.pop(url, []))


def _page(url: str) -> str:
    """The page a URL is of (its fragment names a place in it): KnownTexts' key."""
    return url.split("#")[0]


def _size(texts: list[str]) -> int:
    return sum(len(t) for t in texts)


def _words(texts) -> int:
    return sum(len(t.split()) for t in texts)


def _same_page(own_texts: list[str], texts: list[str]) -> bool:
    """Is the linked page with these texts this page again (see SAME_PAGE_SHARE)?"""
    own, other = set(own_texts), set(texts)
    if not own or len(own & other) < SAME_PAGE_SHARE * len(own):
        return False
    return _words(other - own) <= max(SAME_PAGE_OWN_WORDS, SAME_PAGE_OWN_SHARE * _words(other))


def _known_texts(ctx: CheckContext) -> KnownTexts:
    return ctx.memo.setdefault(BypassBlocks.id, KnownTexts())


# This page's links to other pages of the site, and its texts; null for the texts of a page that
# links to no other (most pages of a set of test cases): they are compared only with a page of
# the crawl that linked to it, if any (asked then), and no page need find them here later.
_LINKS_AND_TEXTS = "() => " + js("((links) => ({links, texts: links.length ? blocks.texts() : null}))"
                                 "(blocks.sameSiteLinks())")
# A linked page's texts, and what link-same-name-same-purpose learns of it as a destination.
_TEXTS_AND_DESTINATION = f"({{texts: blocks.texts(), destination: {DESTINATION_JS}}})"


async def _analyse(main, own_texts: list[str], other_texts: list[str], judge: bool = False) -> dict:
    """blocks.analyse (with judge, blocks.judge: what looking finds too, in the same call), given
    only the other page's texts that this page has as well (a large page's texts run to hundreds
    of kB, sent into the page for each page compared with it). Exact while the page's texts are
    still those of the look (their CRC-32 says so); a page that changed since gets the whole list."""
    own = set(own_texts)
    shared = [t for t in other_texts if t in own]
    seen = zlib.crc32("\n".join(own_texts).encode("utf-8", errors="replace"))
    call = "blocks.judge(texts, seen ?? undefined, least)" if judge else "blocks.analyse(texts, seen ?? undefined)"
    script = f"([texts, seen, least]) => {js(call)}"
    info = await evaluate_json(main, script, [shared, seen, MIN_REPEATED_WORDS])
    if info.get("changed"):
        info = await evaluate_json(main, script, [other_texts, None, MIN_REPEATED_WORDS])
    return info


def _none_compared(tried: int, again: int, referred: bool, referrer_elsewhere: bool = False) -> str:
    """Why no page was compared with this one: of the `tried` pages (the first it links to, and
    the page that linked to it when `referred`), `again` were this page again, the rest did not load.
    referrer_elsewhere: the page of the scan that linked to it is of another site."""
    if not tried:
        return "this page links to no other page of the site, and " + (
            "the page that linked to it is of another site" if referrer_elsewhere else
            "no page of the scan linked to it")
    if referred and tried == 1:
        pages = "the page of the site that linked to it (it links to no other)"
    else:
        pages = f"the {tried} page(s) of the site tried (the first it links to" + (
            ", and the one that linked to it)" if referred else ")")
    failed = tried - again
    if not again:
        return f"{pages} could not be loaded"
    same = "this page again (its text and next to nothing more: the same page under another address)"
    if not failed:
        return f"{pages} {'is' if tried == 1 else 'are'} {same}"
    return f"of {pages}, {again} {'is' if again == 1 else 'are'} {same} and {failed} could not be loaded"


class BypassBlocks(Check):
    id = "bypass-repeated-blocks"
    init_script = activity_script()  # lets the Tab walk skip watching a still page
    time_limit = 30.0
    decides_page_item = "bypass"  # axe leaves 2.4.1 for review where it sees no heading, landmark or skip link

    def looks(self) -> list[Look]:
        return [Look(_LINKS_AND_TEXTS)]

    async def run(self, ctx: CheckContext) -> CheckOutcome:
        page = ctx.page
        main = page.main_frame
        own_texts, other_texts, compared, why = await self._other_page_texts(ctx)
        if compared is None:
            return CheckOutcome(CANT_TELL, reason=f"cannot tell which content repeats on other pages: {why}")
        info = await _analyse(main, own_texts, other_texts, judge=True)
        if info["target"] < 0 or info["repeatedWords"] < MIN_REPEATED_WORDS:
            return CheckOutcome(INAPPLICABLE, reason=f"no repeated content before the page's own content "
                                                     f"(compared with {compared})")
        behind = BEHIND_MODAL if info.get("modal") else ""
        # A heading or landmark is found by looking (in the same call); only controls are tried with keys.
        if info["heading"]:
            return CheckOutcome(PASSED, reason="a heading marks the start of the page's own content" + behind)
        if info["landmark"]:
            return CheckOutcome(PASSED, reason="a landmark holds the page's own content" + behind)
        failed = CheckOutcome(FAILED, reason=(
            f"content repeated from {compared} comes before this page's own content "
            f"(\u201c{info['targetText'][:60]}\u201d) and nothing lets users skip it: no working skip link, "
            "no heading or landmark at that content, no control that collapses the repeated content" + behind))
        cands = info["candidates"]
        if not cands:  # nothing to try: the page is left as it is, with nothing to save or put back
            return failed
        state = PageState(page)
        await state.save()
        url = page.url
        try:
            why = await self._controls(ctx, url, cands)
            if why:
                return CheckOutcome(PASSED, reason=why + behind)
            if not await state.same_document():
                return CheckOutcome(CANT_TELL, reason="the page navigated away while its controls were tried")
            if behind:
                return CheckOutcome(CANT_TELL, reason=(
                    f"{UNDER_MODAL}; no heading or landmark marks its own content, and its {len(cands)} possible "
                    "skip link(s) or collapsing control(s) did not work while the dialog was open (it may keep "
                    "focus or make them inert): try them once the dialog is closed"))
            return failed
        finally:
            await main.evaluate(f"(u) => {js('blocks.resetHash(u)')}", url) if await state.same_document() else None
            await state.restore()

    @staticmethod
    async def _other_page_texts(ctx: CheckContext) -> tuple[list[str], list[str], str | None, str]:
        """This page's texts, and those of the first linked page of the site that is not this
        page again (_same_page), with its address; with no such page, None and why not."""
        found = await ctx.first_look(_LINKS_AND_TEXTS)
        links, own_texts = found["links"], found["texts"]
        # Last, the page of the site whose link led the crawl here: a page that links nowhere
        # (a form's answer, a document at the end of a path) still shares the site's header.
        origin = origin_of(ctx.referrer) if ctx.referrer else None
        referred = origin is not None and origin == origin_of(ctx.page.url)
        if referred and _page(ctx.referrer) not in map(_page, links):
            links = [*links, ctx.referrer]
        if not links:  # nothing to compare with
            return [], [], None, _none_compared(0, 0, referred, bool(ctx.referrer) and not referred)
        if own_texts is None:  # the look leaves them out where the page links nowhere
            own_texts = await evaluate_json(ctx.page.main_frame, f"() => {js('blocks.texts()')}")
        known = _known_texts(ctx)
        known.remember(ctx.page.url, own_texts)  # for the pages that link to this one
        timeout = min(10.0, ctx.timeout / 3)
        # A page loaded here is a destination link-same-name-same-purpose may load too: it is
        # told where the address leads, from the same load.
        shares_loads = LinkSameNameSamePurpose.id in ctx.selected
        again = 0  # linked pages that were this page again
        for link in links:
            # A linked page met earlier in the scan (scanned, or loaded to compare) is not
            # loaded again, nor one being loaded for another page; the choice of page is the
            # same either way.
            if known.not_a_page(link):  # as when it is loaded again: no comparison
                continue
            texts = known.get(link)
            pending = known.loading(link)
            if texts is None and pending is not None:
                try:
                    texts = await asyncio.wait_for(asyncio.shield(pending), timeout)
                except TimeoutError:
                    texts = None
                if texts is None:  # it did not load (or not in the time this page has for it)
                    continue
            if texts is not None:
                if _same_page(own_texts, texts):
                    again += 1
                    continue
                return own_texts, texts, link, ""
            tab = None
            known.begin_loading(link)
            try:
                # Only its texts are read: the scan's scripts need not run in it.
                tab, response = await open_copy(ctx.page, link, timeout=timeout, with_scan_scripts=False)
                if response is None or response.status >= 400 or "html" not in (
                        response.headers.get("content-type") or "text/html"):
                    if response is not None and (response.status in GONE or response.status < 400):
                        known.remember_not_a_page(link)
                    if response is not None and response.status >= 400 and shares_loads:
                        remember_destination(ctx.memo, link, Destination(problem=f"the server answered "
                                                                                 f"{response.status}"))
                    continue
                if not shares_loads:
                    texts = await evaluate_json(tab.main_frame, f"() => {js('blocks.texts()')}")
                else:
                    found = await evaluate_json(tab.main_frame, f"() => {js(_TEXTS_AND_DESTINATION)}")
                    texts = found["texts"]
                    if not found["destination"]["redirects"]:
                        remember_destination(ctx.memo, link, Destination(tab.url, found["destination"]["text"]))
                known.remember(link, texts)
                if _same_page(own_texts, texts):
                    again += 1
                    continue
                return own_texts, texts, link, ""
            except Exception:  # noqa: BLE001 - a page that does not load is no comparison
                continue
            finally:
                known.end_loading(link)
                if tab is not None:
                    await close_copy(tab)
        return own_texts, [], None, _none_compared(len(links), again, referred, bool(ctx.referrer) and not referred)

    async def _controls(self, ctx: CheckContext, url: str, cands: list[dict]) -> str:
        """Why a skip link or collapsing controls (`cands`: blocks.candidates()) let users past
        the repeated content, or ""."""
        walker = TabWalker(ctx.page, time.monotonic() + ctx.timeout - 3)
        for c in cands:
            if c["kind"] != "skip" or walker.time_left() < 3:
                continue
            if await self._skips(walker, c["i"], url):
                return "a skip link moves focus to the page's own content"
        collapsers = [c["i"] for c in cands if c["kind"] == "collapse"]
        if collapsers and await self._collapses(walker, collapsers):
            return "controls collapse the repeated content"
        return ""

    @staticmethod
    async def _skips(walker: TabWalker, i: int, url: str) -> bool:
        main = walker.page.main_frame
        if not await main.evaluate(f"([i, u]) => {js('blocks.readySkip(i, u)')}", [i, url]):
            return False
        await walker.press("Enter")
        if not await main.evaluate(f"() => {js('blocks.skipReaches()')}"):
            return False
        await walker.press("Tab")
        return bool(await main.evaluate(f"() => {js('blocks.tabFollows()')}"))

    @staticmethod
    async def _collapses(walker: TabWalker, collapsers: list[int]) -> bool:
        """Activate each collapsing control once; passed when no repeated content before the
        target is left shown. Then activate them again in reverse, to put toggles back."""
        main = walker.page.main_frame
        pressed = []
        try:
            for i in collapsers:
                if walker.time_left() < 3:
                    break
                if await main.evaluate(f"(i) => {js('blocks.focusCandidate(i)')}", i):
                    await walker.press("Enter")
                    pressed.append(i)
            return pressed != [] and await main.evaluate(f"() => {js('blocks.repeatedShown()')}") == 0
        finally:
            for i in reversed(pressed):
                if await main.evaluate(f"(i) => {js('blocks.focusCandidate(i)')}", i):
                    await walker.press("Enter")
