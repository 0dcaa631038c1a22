"""Images of text (WCAG 1.4.5; ACT 0va7u6 "HTML images contain no text"), read by OCR.

Applies to the rendered image resources of the page: img, input type=image, object
showing an image, SVG image elements and CSS background images, when rendered and
visible, in the page and in its first few frames (MAX_FRAMES). Each is photographed as
rendered, with the page's own HTML text made transparent for the shot (text over a
background image or a caption laid over a photo is text, not an image of text; colour
changes no layout), and read with Tesseract (_ocr.py).

Precision first, as the ACT rule's exceptions are about meaning:
- failed: confident, word-like words, and little else in the picture (the ground
  outside the words is flat or gently shaded), and nothing on the page suggests a
  logo or text whose presentation is essential;
- cantTell: text found in a picture with much else in it (is the text a significant
  part, or incidental like a shop sign in a street photo or book spines on a shelf?),
  or text in what the page calls a logo or describes by its lettering (logotypes and
  essential presentation are allowed), or in what its name or caption calls a screenshot
  (screen shot, screen capture: the text is part of a picture of a screen), or an image too
  large to read whole;
- passed: no confident word-like text (single letters or symbols, such as the "A" of a
  text-size button, are not words of a human language).
An image that failed to load is not rendered: it is left out (inapplicable when it is
the only one); images too small to hold a legible word (under 24 x 12 CSS px) pass.
"""
from __future__ import annotations

import base64
import contextlib
import io
import re
import time

from PIL import Image, UnidentifiedImageError

from ..devtools import page_session
from . import _ocr
from ._motion import frame_path, with_helpers
from .base import CANT_TELL, FAILED, INAPPLICABLE, PASSED, Check, CheckContext, CheckOutcome, node

UNSEEN = "unseen"  # an image with nothing of it in view: left out

# Read at most this many images per page, the largest first (each costs a Tesseract run).
MAX_IMAGES = 8
# A larger area is read in part only (what the viewport shows of it, at most this many CSS px).
MAX_SIDE = 2000
# Little else in the picture: at most this share of edge pixels outside the words (_ocr.busy_outside).
FLAT = 0.06
# An OCR run may take at most this long (seconds), within the check's own time.
OCR_TIMEOUT = 20.0

# The page's rendered image resources, largest first, with what the page says about them:
# their name and nearby text (for the logo and essential exceptions).
_CANDIDATES = r"""
async ({minW, minH}) => {
  const M = window.__a11yMotion;
  const out = [];
  let tiny = 0, broken = 0;
  const IMAGE_URL = /\.(png|jpe?g|gif|webp|avif|bmp|svg|ico)(?:[?#]|$)/i;
  const bgUrl = el => {
    const bg = getComputedStyle(el).backgroundImage;
    const m = bg && bg !== "none" ? bg.match(/url\(["']?([^"')]+)["']?\)/) : null;
    return m ? m[1] : null;
  };
  const shown = el => {
    if (el.checkVisibility && !el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
    return true;
  };
  const around = el => {
    // What the page says about the image: its name, file, ids and classes up three levels,
    // the caption of its figure, and the text just before and after it.
    const bits = [el.getAttribute("alt"), el.getAttribute("aria-label"), el.getAttribute("title"),
                  el.getAttribute("src"), el.getAttribute("data"), el.getAttribute("href")];
    for (const id of (el.getAttribute("aria-labelledby") || "").split(/\s+/)) {
      const ref = id && document.getElementById(id);
      if (ref) bits.push(ref.textContent);
    }
    let up = el;
    for (let i = 0; up && i < 4; i++, up = up.parentElement) {
      bits.push(up.id, typeof up.className === "string" ? up.className : "");
      if (up.tagName === "A" && /^(\/|\.\/|index\.\w+)?$/.test(up.getAttribute("href") || "x")) bits.push("home link");
    }
    const fig = el.closest("figure");
    if (fig) { const cap = fig.querySelector("figcaption"); if (cap) bits.push(cap.textContent); }
    let prev = el.previousElementSibling, next = el.nextElementSibling;
    if (!prev && el.parentElement) prev = el.parentElement.previousElementSibling;
    if (prev) bits.push((prev.textContent || "").slice(0, 500));
    if (next) bits.push((next.textContent || "").slice(0, 500));
    return bits.filter(Boolean).join(" \n ").slice(0, 3000);
  };
  // What the page says the image is: its name (alt, aria-label, aria-labelledby, title) and its
  // figure's caption.
  const said = el => {
    const bits = [el.getAttribute("alt"), el.getAttribute("aria-label"), el.getAttribute("title")];
    for (const id of (el.getAttribute("aria-labelledby") || "").split(/\s+/)) {
      const ref = id && document.getElementById(id);
      if (ref) bits.push(ref.textContent);
    }
    const cap = el.closest("figure") && el.closest("figure").querySelector("figcaption");
    if (cap) bits.push(cap.textContent);
    return bits.filter(Boolean).join(" \n ").slice(0, 3000);
  };
  const add = (el, kind, url, rect) => {
    if (rect.width < 1 || rect.height < 1 || !shown(el)) return;
    if (rect.width < minW || rect.height < minH) { tiny++; return; }
    const docX = rect.left + window.scrollX, docY = rect.top + window.scrollY;
    const root = document.scrollingElement || document.documentElement;
    // Moved off the page (left: -9999px and the like): not visible, so not an image anyone sees.
    if (docX + rect.width <= 0 || docY + rect.height <= 0) return;
    if (docX >= root.scrollWidth || docY >= root.scrollHeight) return;
    out.push({ selector: M.selector(el), html: M.outer(el), kind, url: url || "",
               x: docX, y: docY, width: rect.width, height: rect.height, around: around(el),
               said: said(el) });
  };
  // Whether an image button's image decoded (input elements do not say): the browser's cache
  // answers; an image still loading after a second counts as not rendered.
  // (The timer is cleared when settled: a pending timer of ours would make the page seem busy.)
  const decodes = src => { let timer; return Promise.race([
    new Promise(resolve => { const probe = new Image(); probe.onload = () => resolve(probe.naturalWidth > 0);
                             probe.onerror = () => resolve(false); probe.src = src; }),
    new Promise(resolve => { timer = setTimeout(() => resolve(false), 1000); })]).finally(() => clearTimeout(timer)); };
  for (const el of document.querySelectorAll("img, input[type=image i]")) {
    const ok = el.tagName === "IMG" ? el.complete && el.naturalWidth > 0 : !!el.src && await decodes(el.src);
    if (!ok) { if (el.getClientRects().length) broken++; continue; }
    add(el, el.tagName === "IMG" ? "img" : "input", el.currentSrc || el.src, el.getBoundingClientRect());
  }
  for (const el of document.querySelectorAll("object[data]")) {
    const type = (el.getAttribute("type") || "").toLowerCase();
    const data = el.getAttribute("data") || "";
    if (type.startsWith("image/") || (!type && IMAGE_URL.test(data))) {
      add(el, "object", el.data, el.getBoundingClientRect());
    }
  }
  for (const el of document.querySelectorAll("svg image")) {
    add(el, "svg-image", el.href && el.href.baseVal, el.getBoundingClientRect());
  }
  const all = document.body ? document.body.getElementsByTagName("*") : [];
  for (let i = 0; i < all.length && i < 5000; i++) {
    const el = all[i];
    if (el instanceof SVGElement && el.tagName !== "svg") continue;
    const url = bgUrl(el);
    if (url) add(el, "background", url, el.getBoundingClientRect());
  }
  if (document.body) {
    const url = bgUrl(document.body) || bgUrl(document.documentElement);
    if (url) add(document.body, "background", url, document.body.getBoundingClientRect());
  }
  out.sort((a, b) => b.width * b.height - a.width * a.height);
  return { images: out, tiny, broken, scroll: [window.scrollX, window.scrollY],
           viewport: [window.innerWidth, window.innerHeight] };
}
"""

# The page's own text, transparent while the images are photographed (colour changes no layout).
_HIDE_TEXT = """
*, *::before, *::after, *::placeholder, *::marker, *::first-letter, *::first-line {
  color: transparent !important; -webkit-text-fill-color: transparent !important;
  text-shadow: none !important; caret-color: transparent !important;
  text-decoration-color: transparent !important; }
svg text, svg tspan, svg textPath { fill: transparent !important; stroke: transparent !important; }
"""
_ADD_STYLE = """css => { const s = document.createElement('style'); s.setAttribute('data-a11y-ocr', '');
  s.setAttribute('data-a11y-own', ''); s.textContent = css; (document.head || document.documentElement).appendChild(s);
  return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))); }"""
_REMOVE_STYLE = "() => document.querySelectorAll('style[data-a11y-ocr]').forEach(s => s.remove())"
_BOX = """sel => { const el = document.querySelector(sel); if (!el) return null;
  const r = el.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; }"""
_SCROLL = """([x, y]) => { window.scrollTo(x, y);
  return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(
    () => r([window.scrollX, window.scrollY])))); }"""

# Words on the page that point to an exception of the rule: a logo (logotypes are essential),
# or text shown for its lettering (a font specimen, handwriting, a signature).
_LOGO = ("logo", "wordmark", "brand", "home link")
_LETTERING = ("font", "typeface", "typograph", "lettering", "letters", "calligraph", "handwrit",
              "signature", "glyph")


def exception_hint(around: str) -> str:
    """Why the page suggests the text may be allowed (logo, essential presentation), or ''."""
    text = around.lower()
    if any(word in text for word in _LOGO):
        return "the page presents it as a logo or brand (logotypes are allowed)"
    if any(word in text for word in _LETTERING):
        return "the page describes its lettering (the text's presentation may be essential)"
    return ""


# Words in an image's name or caption that call it a picture of a screen: a screenshot's text is
# part of a picture with other significant visual content (the layout of the program it shows),
# which WCAG's definition of an image of text leaves out; whether it is, a person decides.
_SCREENSHOT = re.compile(r"\bscreen[\s-]?(shot|capture|grab)s?\b", re.IGNORECASE)
SCREENSHOT = ("text \"{found}\" found, but the image's name or caption calls it a screenshot: text that is part of a "
              "picture of a screen (with its layout, fields and buttons) is not an image of text; check that the "
              "image shows a screen, not text that could be written as text")


def judge(words: list[_ocr.Word], image: Image.Image, around: str, partial: bool, said: str = "") -> tuple[str, str]:
    """One image's outcome and why, from what OCR read in it and what the page says about it
    (around: its name, neighbours and caption; said: its name and caption alone)."""
    if not _ocr.has_text(words):
        if partial:
            return CANT_TELL, "no text found in the part read; the image is too large to read whole"
        return PASSED, "no text found"
    good = _ocr.confident_words(words)
    found = " ".join(w.text for w in good)[:120]
    hint = exception_hint(around)
    if hint:
        return CANT_TELL, f'text "{found}" found, but {hint}'
    if _SCREENSHOT.search(said):
        return CANT_TELL, SCREENSHOT.format(found=found)
    busy = _ocr.busy_outside(image, [w.box for w in good])
    if busy > FLAT:
        return CANT_TELL, (f'text "{found}" found in a picture with other content: is the text a significant '
                           f"part of it, or incidental?")
    return FAILED, f'image of text: "{found}"'


class ImageOfTextOcr(Check):
    id = "image-of-text-ocr"
    present = "img, input[type=image i], object[data], svg image"
    time_limit = 45.0

    async def run(self, ctx: CheckContext) -> CheckOutcome:
        page = ctx.page
        deadline = time.monotonic() + ctx.timeout
        most = MAX_IMAGES * ctx.reach
        found = await page.evaluate(with_helpers(_CANDIDATES), {"minW": 24, "minH": 12})
        framed = await _framed_images(page)
        images = found["images"]
        if not images and framed:
            return summarise(await self._read_framed(framed, ctx.memo.setdefault(self.id, {}), deadline))
        if not images:
            if found["tiny"]:
                return CheckOutcome(PASSED, reason="images too small to hold a legible word only")
            why = "images that failed to load only" if found["broken"] else "no rendered images"
            return CheckOutcome(INAPPLICABLE, reason=why)
        if not _ocr.tesseract_path():
            return CheckOutcome(CANT_TELL, [node(i["selector"], i["html"]) for i in images[:most]],
                                "OCR is not available (install tesseract-ocr)")
        memo = ctx.memo.setdefault(self.id, {})
        results: list[tuple[dict, str, str]] = []
        cdp = await page_session(page)
        try:
            await page.evaluate(_ADD_STYLE, _HIDE_TEXT)
            for image in images[:most]:
                left = deadline - time.monotonic()
                if left < 2:
                    results.append((image, CANT_TELL, "not read: the check's time ran out"))
                    continue
                results.append((image, *await self._one(page, cdp, image, found, memo, min(OCR_TIMEOUT, left - 1))))
        except _ocr.OcrUnavailable as e:
            return CheckOutcome(CANT_TELL, [node(i["selector"], i["html"]) for i in images[:most]], str(e))
        finally:
            with contextlib.suppress(Exception):
                await page.evaluate(_REMOVE_STYLE)
            with contextlib.suppress(Exception):
                await page.evaluate(_SCROLL, found["scroll"])
        for image in images[most:]:
            results.append((image, CANT_TELL, f"not read: only the {most} largest images of a page are read"))
        results += await self._read_framed(framed[:max(0, most - len(images))], memo, deadline)
        return summarise(results)

    async def _read_framed(self, framed: list[tuple], memo: dict, deadline: float) -> list[tuple[dict, str, str]]:
        """Images in the page's frames, each photographed through its own element (Playwright
        scrolls every frame on the way to it into view and clips to what is shown)."""
        results = []
        styled = set()
        try:
            for frame, image in framed:
                left = deadline - time.monotonic()
                if left < 3:
                    results.append((image, CANT_TELL, "not read: the check's time ran out"))
                    continue
                if frame not in styled:
                    await frame.evaluate(_ADD_STYLE, _HIDE_TEXT)
                    styled.add(frame)
                results.append((image, *await self._one_framed(frame, image, memo, min(OCR_TIMEOUT, left - 1))))
        except _ocr.OcrUnavailable as e:
            return [(image, CANT_TELL, str(e)) for _, image in framed]
        finally:
            for frame in styled:
                with contextlib.suppress(Exception):
                    await frame.evaluate(_REMOVE_STYLE)
        return results

    async def _one_framed(self, frame, image: dict, memo: dict, timeout: float) -> tuple[str, str]:
        if image["width"] > MAX_SIDE or image["height"] > MAX_SIDE:
            return CANT_TELL, "an image in a frame too large to read whole"
        handle = await frame.query_selector(image["selector"][-1])
        if handle is None:
            return UNSEEN, "not visible"
        try:
            png = await handle.screenshot(type="png", animations="allow", caret="hide", scale="css",
                                          timeout=max(1.0, timeout) * 1000)
            shot = Image.open(io.BytesIO(png)).convert("RGB")
        except Exception:  # noqa: BLE001 - gone, hidden or not drawable meanwhile: not seen
            return UNSEEN, "not visible"
        return await _read(shot, image, False, memo, timeout)

    async def _one(self, page, cdp, image: dict, found: dict, memo: dict, timeout: float) -> tuple[str, str]:
        shot, partial = await _photograph(page, cdp, image, found["viewport"])
        if shot is None:  # nothing of it in view, even scrolled to: not visible
            return UNSEEN, "not visible"
        return await _read(shot, image, partial, memo, timeout)


async def _read(shot: Image.Image, image: dict, partial: bool, memo: dict, timeout: float) -> tuple[str, str]:
    """OCR of one photographed image, and its outcome."""
    key = (image["kind"], image["url"], round(image["width"]), round(image["height"]), partial)
    if image["url"] and key in memo:  # the same image at the same size on another page
        words = memo[key]
    else:
        try:
            words = await _ocr.read_words(shot, timeout)
        except _ocr.OcrFailed as e:
            return CANT_TELL, str(e)
        if image["url"]:
            memo[key] = words
    return judge(words, shot, image["around"], partial, image.get("said", ""))


# Frames whose images are read (the largest images of the first few frames).
MAX_FRAMES = 4


async def _framed_images(page) -> list[tuple]:
    """(frame, image) for the rendered images of the page's frames, largest first; each image's
    selector is a frame-level target (the frames' selectors, then its own)."""
    found = []
    for frame in [f for f in page.frames if f.parent_frame is not None and not f.is_detached()][:MAX_FRAMES]:
        try:
            images = (await frame.evaluate(with_helpers(_CANDIDATES), {"minW": 24, "minH": 12}))["images"]
            path = await frame_path(frame)
        except Exception:  # noqa: BLE001 - a frame gone or not scriptable: its images are not read
            continue
        for image in images:
            image["selector"] = [*path, image["selector"]]
            found.append((frame, image))
    found.sort(key=lambda fi: -fi[1]["width"] * fi[1]["height"])
    return found

async def _photograph(page, cdp, image: dict, viewport: list) -> tuple[Image.Image | None, bool]:
    """The image as rendered: scrolled into the viewport, the part the viewport shows (at most
    MAX_SIDE CSS px a side); partial when that is not all of it."""
    vw, vh = viewport
    await page.evaluate(_SCROLL, [max(0, image["x"] - max(0, vw - image["width"])), max(0, image["y"])])
    box = await page.evaluate(_BOX, image["selector"])  # measured again: fixed boxes move with the view
    if box is None:
        return None, False
    x, y, width, height = box
    left, top = max(0.0, x), max(0.0, y)
    right, bottom = min(float(vw), x + width, left + MAX_SIDE), min(float(vh), y + height, top + MAX_SIDE)
    partial = left > x + 1 or top > y + 1 or right < x + width - 1 or bottom < y + height - 1
    if right - left < 1 or bottom - top < 1:
        return None, partial
    scroll = await page.evaluate("() => [window.scrollX, window.scrollY]")
    # The protocol wants document coordinates; these are the viewport's.
    clip = {"x": left + scroll[0], "y": top + scroll[1], "width": right - left, "height": bottom - top, "scale": 1}
    try:
        data = await cdp.send("Page.captureScreenshot", {"format": "png", "clip": clip})
        return Image.open(io.BytesIO(base64.b64decode(data["data"]))).convert("RGB"), partial
    except (UnidentifiedImageError, OSError, KeyError):
        return None, partial


def summarise(results: list[tuple[dict, str, str]]) -> CheckOutcome:
    """failed with the images of text; else needs review with the images in doubt; else passed."""
    for outcome in (FAILED, CANT_TELL):
        hits = [(image, why) for image, o, why in results if o == outcome]
        if hits:
            nodes = [node(image["selector"], image["html"], why) for image, why in hits]
            reasons = list(dict.fromkeys(why for _, why in hits))
            return CheckOutcome(outcome, nodes, "; ".join(reasons)[:500])
    seen = [r for r in results if r[1] != UNSEEN]
    if not seen:
        return CheckOutcome(INAPPLICABLE, reason="no visible images")
    return CheckOutcome(PASSED, reason=f"no text found in {len(seen)} image(s)")
