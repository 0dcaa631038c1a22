"""WCAG 2.0 4.1.1 Parsing (Section 508; WCAG 2.2 made it obsolete): the document as served.

The bytes the server sent for the page (the navigation's response, CheckContext.response)
and for each frame's document (read again from inside the frame with the browser's cache
first, so through the same request rules; a srcdoc frame's markup is its attribute) are
parsed by html5lib, and the parse errors that are 4.1.1 failures (_markup.py) are
reported with their line and column, as are duplicate ids. The DOM a page's scripts
build is not what is judged: a browser repairs the markup before any script sees it.

Bad input has a verdict or a reason: a document larger than MAX_BYTES, one that looks
binary, or one that cannot be read again is "needs review" with the reason; parsing
runs in a thread, and its input is bounded, so it ends in bounded time.
"""
from __future__ import annotations

import asyncio
import base64
from dataclasses import dataclass
from urllib.parse import urldefrag

from ._markup import IDS, KINDS, Problem, judge
from ._motion import evaluate, frame_path
from .base import CANT_TELL, FAILED, INAPPLICABLE, PASSED, Check, CheckContext, CheckOutcome, Look, node

MAX_BYTES = 1_000_000  # html5lib reads about 0.3 MB/s on a loaded machine: a few seconds at most
MAX_FRAMES = 20
SHOWN = 40  # problems listed as nodes per page; the reason gives the counts of all
HTML_TYPES = {"text/html"}
XML_TYPES = {"application/xhtml+xml", "image/svg+xml", "application/xml", "text/xml"}

_DOCUMENT_JS = "() => ({url: document.URL, type: document.contentType, charset: document.characterSet})"

# The frame's own document, read again from its address (same origin: it is the frame's own),
# from the browser's cache where it is there; at most `limit` bytes, as base64.
_READ_AGAIN_JS = r"""
async (limit) => {
  const url = document.URL;
  if (!/^(https?|data|blob):/i.test(url)) {
    return { error: "its address (" + url.slice(0, 60) + ") cannot be read again" };
  }
  let response;
  try {
    response = await fetch(url, { cache: "force-cache", credentials: "include" });
  } catch (e) {
    return { error: "reading it again failed (" + String(e).slice(0, 80) + ")" };
  }
  const reader = response.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) { reader.cancel(); return { tooLarge: size }; }
    chunks.push(value);
  }
  let binary = "";
  for (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i += 0x8000) {
      binary += String.fromCharCode.apply(null, chunk.subarray(i, i + 0x8000));
    }
  }
  return { body: btoa(binary) };
}
"""

# Live elements with each of these ids, as selectors (to point at duplicates as nodes).
_ELEMENTS_WITH_IDS_JS = """(ids) => ids.map((id) =>
  [...document.querySelectorAll('[id="' + CSS.escape(id) + '"]')].map((el) => window.__a11yMotion.selector(el)))"""

_DUPLICATE_IDS_LIVE_JS = """() => {
  const seen = new Map();
  for (const el of document.querySelectorAll("[id]")) {
    if (!el.id) continue;
    if (!seen.has(el.id)) seen.set(el.id, []);
    seen.get(el.id).push(el);
  }
  const out = [];
  for (const [id, els] of seen) if (els.length > 1)
    for (const el of els.slice(1)) out.push({ id, count: els.length, selector: window.__a11yMotion.selector(el),
                                             html: window.__a11yMotion.outer(el) });
  return out;
}"""


@dataclass
class _Document:
    """One document's findings: nodes for problems, or why it could not be judged."""

    nodes: list
    counts: dict
    review: str = ""  # why it needs review ("" when judged)
    judged: bool = False


def _same_document(response_url: str, url: str) -> bool:
    return urldefrag(response_url)[0] == urldefrag(url)[0]


def _looks_binary(body: bytes, charset: str) -> bool:
    """Control bytes that no text document has in any number (NUL, and C0 controls other
    than tab, newlines, form feed and escape); UTF-16 text has NULs by nature."""
    if charset.lower().startswith("utf-16"):
        return False
    head = body[:65536]
    # Counted by bytes.translate (the bytes left once the controls are deleted), not a byte at a
    # time in Python (about 0.8 ms for a 64 kB head on a busy machine).
    controls = len(head) - len(head.translate(None, _CONTROLS))
    return controls >= 8 and controls * 100 > len(head)


_CONTROLS = bytes(b for b in range(0x20) if b not in (0x09, 0x0A, 0x0C, 0x0D, 0x1B))


async def _served(ctx: CheckContext, frame, info: dict) -> bytes | str:
    """The document's markup as served; raises ValueError with the reason it cannot be had."""
    response = ctx.response
    if frame.parent_frame is None and response is not None and _same_document(response.url, info["url"]):
        try:
            body = await response.body()
        except Exception:  # noqa: BLE001 - the browser may have let the body go; read it again
            body = None
        if body is not None:
            if len(body) > MAX_BYTES:
                raise ValueError(f"the document is {len(body) / 1e6:.1f} MB, more than the "
                                 f"{MAX_BYTES / 1e6:.0f} MB this check parses")
            return body
    if info["url"] == "about:srcdoc":
        element = await frame.frame_element()
        return (await element.get_attribute("srcdoc") or "")[:MAX_BYTES]
    got = await frame.evaluate(_READ_AGAIN_JS, MAX_BYTES)
    if "tooLarge" in got:
        raise ValueError(f"the document is more than the {MAX_BYTES / 1e6:.0f} MB this check parses")
    if "error" in got:
        raise ValueError(f"the document as served could not be read: {got['error']}")
    return base64.b64decode(got["body"])


def _summary(p: Problem, where: str) -> str:
    return f"{where}line {p.line}, column {p.column}: {KINDS[p.kind]}: {p.message}"


async def _judge_html(ctx: CheckContext, frame, info: dict, path: list[str], where: str) -> _Document:
    try:
        source = await _served(ctx, frame, info)
    except ValueError as exc:
        return _Document([], {}, f"{where}{exc}")
    if isinstance(source, bytes) and _looks_binary(source, info["charset"]):
        return _Document([], {}, f"{where}the document as served looks like binary data, not HTML text")
    verdict = await asyncio.to_thread(judge, source, info["charset"])
    if verdict.empty:
        return _Document([], {})
    counts: dict[str, int] = {}
    for p in verdict.problems:
        counts[p.kind] = counts.get(p.kind, 0) + 1
    targets = await _duplicate_targets(frame, [p for p in verdict.problems if p.kind == IDS])
    nodes = []
    for p in verdict.problems[:SHOWN]:
        n = node([*path, targets.get(id(p), "html")], p.excerpt, _summary(p, where))
        if not path:  # a place in the page's own source
            n.line, n.column = p.line, p.column
        nodes.append(n)
    review = ""
    if verdict.untrusted and not verdict.problems:
        review = (f"{where}{verdict.untrusted} nesting error(s) after a <template> element were not judged "
                  "(the parser used, html5lib, predates <template>)")
    return _Document(nodes, counts, review, judged=True)


async def _duplicate_targets(frame, problems: list[Problem]) -> dict[int, str]:
    """Selectors of the live elements for duplicate-id problems, where the live document has
    as many elements with that id as the served one (else the problem stays on the page)."""
    if not problems:
        return {}
    live = await evaluate(frame, _ELEMENTS_WITH_IDS_JS, [p.id_value for p in problems])
    out, used = {}, {}
    for p, selectors in zip(problems, live, strict=True):
        k = used[p.id_value] = used.get(p.id_value, 0) + 1  # problems are the 2nd, 3rd... holders
        if len(selectors) == p.id_count:
            out[id(p)] = selectors[k]
    return out


async def _judge_xml(frame, path: list[str], where: str) -> _Document:
    """A document served as XML: the browser's XML parser accepted its tags (else it shows
    an error), so of 4.1.1 only unique ids are left to check, in its DOM."""
    found = await evaluate(frame, _DUPLICATE_IDS_LIVE_JS)
    nodes = [node([*path, f["selector"]], f["html"],
                  f'{where}{KINDS[IDS]}: id "{f["id"][:80]}" is used by {f["count"]} elements') for f in found]
    return _Document(nodes[:SHOWN], {IDS: len(found)} if found else {}, judged=True)


class ParsingMarkup(Check):
    id = "parsing-markup"
    time_limit = 20.0

    def looks(self) -> list[Look]:
        return [Look(_DOCUMENT_JS)]

    async def run(self, ctx: CheckContext) -> CheckOutcome:
        documents: list[_Document] = []
        frames = [f for f in ctx.page.frames if not f.is_detached()]
        skipped = max(0, len(frames) - 1 - MAX_FRAMES)
        for frame in frames[:MAX_FRAMES + 1]:
            try:
                info = await ctx.ask(frame, _DOCUMENT_JS)  # the main frame's: the survey's answer
            except Exception:  # noqa: BLE001 - a frame that went away meanwhile
                continue
            path = await frame_path(frame) if frame.parent_frame is not None else []
            where = f"in frame {' > '.join(path)}, " if path else ""
            mime = (info["type"] or "").lower()
            if mime in HTML_TYPES:
                documents.append(await _judge_html(ctx, frame, info, path, where))
            elif mime in XML_TYPES or mime.endswith("+xml"):
                documents.append(await _judge_xml(frame, path, where))
        return _outcome(documents, skipped)


def _outcome(documents: list[_Document], skipped: int) -> CheckOutcome:
    nodes = [n for d in documents for n in d.nodes]
    reviews = [d.review for d in documents if d.review]
    if skipped:
        reviews.append(f"{skipped} frame(s) beyond the first {MAX_FRAMES} were not checked")
    counts: dict[str, int] = {}
    for d in documents:
        for kind, n in d.counts.items():
            counts[kind] = counts.get(kind, 0) + n
    if nodes:
        total = sum(counts.values())
        parts = ", ".join(f"{n} {KINDS[k]}{'' if n == 1 else ' problem(s)'}" for k, n in sorted(counts.items()))
        reason = f"the markup as served has {total} 4.1.1 problem(s): {parts}"
        if total > len(nodes):
            reason += f" (the first {len(nodes)} are listed)"
        if reviews:
            reason += "; not judged: " + "; ".join(reviews)
        return CheckOutcome(FAILED, nodes, reason)
    if reviews:
        return CheckOutcome(CANT_TELL, reason="; ".join(reviews))
    if not any(d.judged for d in documents):
        return CheckOutcome(INAPPLICABLE, reason="no HTML or XML document with markup to parse")
    return CheckOutcome(PASSED)
