"""Iframes with the same accessible name have equivalent purpose (WCAG 4.1.2; ACT 4b1c6c).

Iframes in the accessibility tree (in any frame of the page, shadow roots included)
are grouped by accessible name (aria-labelledby, aria-label, title; whitespace
collapsed). Within a group, each frame's document is the one the browser already
loaded for the page (nothing is fetched): frames showing the same address (after
redirects) or the same text pass. Frames whose text has no word in common (both with
text) are clearly different content: failed, unless their shared name only names a kind
of content ("Advertisement", "Map", "Video player": GENERIC), for two advertisements or
two maps may serve the same purpose (ACT counts them equivalent). Anything between (a
copy with a breadcrumb more) may be equivalent too, and needs review; so do frames whose
document cannot be read.
"""
from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urldefrag

from ._motion import evaluate, frame_path
from .base import CANT_TELL, FAILED, INAPPLICABLE, PASSED, Check, CheckContext, CheckOutcome, node

# Named iframes of this document (shadow roots included) that are in the accessibility tree.
_NAMED_IFRAMES_JS = r"""() => {
  const collapse = (s) => (s || "").replace(/\s+/g, " ").trim();
  const out = [];
  const visit = (root) => {
    for (const el of root.querySelectorAll("*")) {
      if (el.shadowRoot) visit(el.shadowRoot);
      if (el.localName !== "iframe") continue;
      if (!el.checkVisibility({ visibilityProperty: true }) || el.closest('[aria-hidden="true"]')) continue;
      const role = (el.getAttribute("role") || "").trim().toLowerCase();
      if (role === "presentation" || role === "none") continue;
      let name = "";
      const ids = (el.getAttribute("aria-labelledby") || "").trim().split(/\s+/).filter(Boolean);
      const labels = ids.map((id) => el.getRootNode().getElementById ? el.getRootNode().getElementById(id)
                                                                    : document.getElementById(id)).filter(Boolean);
      if (labels.length) name = collapse(labels.map((l) => l.textContent).join(" "));
      if (!name) name = collapse(el.getAttribute("aria-label"));
      if (!name) name = collapse(el.getAttribute("title"));
      if (!name) continue;
      out.push({ name, selector: window.__a11yMotion.selector(el), html: window.__a11yMotion.outer(el) });
    }
  };
  visit(document);
  return out;
}"""

_TEXT_JS = "() => (document.body ? document.body.innerText : document.documentElement.textContent || '')"
_WORD = re.compile(r"\w+", re.UNICODE)

# A name made only of these words names a kind of content, not the content: frames sharing it may
# show different documents for one purpose (an advertisement slot, a map, a video player).
_KINDS = {
    "ad", "ads", "advert", "adverts", "advertisement", "advertisements", "advertising", "sponsored", "sponsor",
    "promotion", "promotions", "promo", "banner", "map", "maps", "video", "videos", "player", "widget", "widgets",
    "chat", "livechat", "embed", "embedded", "content", "feed", "tweet", "tweets", "post", "posts", "social",
    "media", "iframe", "frame", "audio", "podcast", "preview", "calendar", "comments", "recaptcha", "captcha",
}
# Words that may go with them without naming particular content.
_FILLER = {"a", "an", "the", "of", "for", "from", "and", "3rd", "third", "party", "external", "live", "inline",
           "google", "youtube", "vimeo", "twitter", "facebook", "instagram", "spotify", "soundcloud", "x"}


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def generic(name: str) -> bool:
    """Whether an accessible name only names a kind of content (_KINDS), such as "Advertisement"."""
    words = _words(name)
    return bool(words & _KINDS) and words <= _KINDS | _FILLER


class IframeSameNameEquivalent(Check):
    id = "iframe-same-name-equivalent"
    present = "iframe"
    time_limit = 10.0

    async def run(self, ctx: CheckContext) -> CheckOutcome:
        named: dict[str, list[dict]] = {}
        frames = [f for f in ctx.page.frames if not f.is_detached()]
        if len(frames) < 3:  # the quick probe: two iframes need two child frames
            return CheckOutcome(INAPPLICABLE)
        found_in = [(frame, await evaluate(frame, _NAMED_IFRAMES_JS)) for frame in frames]
        names = Counter(f["name"] for _, found in found_in for f in found)
        if all(n < 2 for n in names.values()):  # no two iframes share a name: no frame's place is needed
            return CheckOutcome(INAPPLICABLE)
        paths = {f: await frame_path(f) for f in frames if f.parent_frame is not None}  # each frame's once
        by_target = {tuple(path): f for f, path in paths.items()}
        for frame, found in found_in:
            if not found:
                continue
            path = paths.get(frame, [])
            for f in found:
                f["target"] = [*path, f["selector"]]
                f["frame"] = by_target.get(tuple(f["target"]))
                named.setdefault(f["name"], []).append(f)
        groups = {name: items for name, items in named.items() if len(items) > 1}
        if not groups:
            return CheckOutcome(INAPPLICABLE)
        failed, review = [], []
        for name, items in groups.items():
            verdict, reason = await _compare(items, generic(name))
            if verdict == FAILED:
                failed += [node(i["target"], i["html"], f'iframes named "{name[:60]}" show {reason}') for i in items]
            elif verdict == CANT_TELL:
                review += [node(i["target"], i["html"], f'iframes named "{name[:60]}": {reason}') for i in items]
        if failed:
            return CheckOutcome(FAILED, failed, failed[0].summary)
        if review:
            return CheckOutcome(CANT_TELL, review, review[0].summary)
        return CheckOutcome(PASSED)


async def _compare(items: list[dict], kind_only: bool) -> tuple[str, str]:
    """(outcome, reason) for iframes sharing a name (`kind_only`: a name that names only a kind of content)."""
    urls, texts = [], []
    for i in items:
        frame = i["frame"]
        if frame is None or frame.is_detached():
            return CANT_TELL, "the document of one of them could not be read; compare what they show"
        urls.append(urldefrag(frame.url)[0])
        try:
            texts.append(" ".join((await frame.evaluate(_TEXT_JS)).split()))
        except Exception:  # noqa: BLE001 - a frame replaced meanwhile
            return CANT_TELL, "the document of one of them could not be read; compare what they show"
    if len(set(urls)) == 1 and not urls[0].startswith("about:"):
        return PASSED, ""
    if len(set(texts)) == 1:
        return PASSED, ""
    words = [_words(t) for t in texts]
    if all(words) and any(not (a & b) for k, a in enumerate(words) for b in words[k + 1:]):
        if kind_only:
            return CANT_TELL, "the documents have no word in common, but the name says only what kind of content " \
                              "they hold (two advertisements or two maps may serve the same purpose): check whether " \
                              "they do (then the same name is right)"
        return FAILED, "different content (different documents with no word in common), so the same name " \
                       "does not tell them apart"
    return CANT_TELL, "the documents differ; check whether they serve the same purpose (then the same name is right)"
