"""Images of text (WCAG 1.4.5; ACT 0va7u6 "HTML images contain no text"), read by OCR.

Applies to the rendered image resources of the page: img, input type=image, object
showing an image, SVG image elements and CSS background images, when rendered and
visible, in the page and in its first few frames (MAX_FRAMES). Each is photographed as
rendered, with the page's own HTML text made transparent for the shot (text over a
background image or a caption laid over a photo is text, not an image of text; colour
changes no layout), and read with Tesseract (_ocr.py). A CSS background is taken as what of
it is painted (its own size as background-size and -position draw it in the box: a 24 px icon
on a wide button is a 24 px image). The same picture shown by many elements (the same URL at
the same painted size, the same part of it showing: an accordion's icon on every button) is
read once and judged for each element; the MAX_IMAGES read a page are distinct pictures.

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
A lazy image (loading="lazy") that the browser has not fetched yet, being far from the view, is
loaded first (_LOAD_LAZY), as scrolling to it would; one still not loaded after LAZY_WAIT is left
for review, never passed nor taken as broken. (A CSS background is fetched wherever its element
is, and each image is scrolled into view to be photographed.)
"""
from __future__ import annotations

import asyncio
import base64
import contextlib
import functools
import io
import re
import time

from PIL import Image, UnidentifiedImageError

from ..devtools import page_session
from . import _ocr
from ._kept import KeptFunction
from ._motion import frame_path, with_helpers
from .base import CANT_TELL, FAILED, INAPPLICABLE, PASSED, Check, CheckContext, CheckOutcome, PresentWhen, node

UNSEEN = "unseen"  # an image with nothing of it in view: left out

# Read at most this many images per page, the largest first (each costs a Tesseract run); an
# icon-sized picture (no side over ICON_SIDE CSS px, quick to read) counts as ICON_COST of one, so
# that a page's few icons do not push its photographs out, nor stay unread behind them.
MAX_IMAGES = 8
ICON_SIDE = 64
ICON_COST = 0.25
# A larger area is read in part only (what the viewport shows of it, at most this many CSS px).
MAX_SIDE = 2000
# Little else in the picture: at most this share of edge pixels outside the words (_ocr.busy_outside).
FLAT = 0.06
# An OCR run may take at most this long (seconds), within the check's own time.
OCR_TIMEOUT = 20.0
# Lazy images not fetched yet are loaded, at most MAX_LAZY a document (times the reach), all
# waited for together for at most LAZY_WAIT seconds (and at most a quarter of the check's time).
MAX_LAZY = 100
LAZY_WAIT = 10.0

# Where a CSS background image is painted in its element's box, as CSS Backgrounds 3 draws it:
# its natural size (or background-size) placed by background-origin and -position, repeated
# or not, clipped by background-clip. painted(el, layer, natural, url) gives {rect, look}: the
# painted part in viewport coordinates (null: nothing painted) and which part of the picture at
# which size shows there (elements with the same url and look show the same pixels); an
# attachment or value it does not follow gives the whole box, as before.
_PAINTED = r"""
  // A computed value's top-level parts: "a, b" by commas, "24px auto" by spaces (not inside
  // url("..."), calc(...) or quotes).
  const parts = (value, comma) => {
    const out = []; let depth = 0, quote = "", start = 0;
    for (let i = 0; i < value.length; i++) {
      const c = value[i];
      if (quote) { if (c === quote) quote = ""; continue; }
      if (c === '"' || c === "'") quote = c;
      else if (c === "(") depth++;
      else if (c === ")") depth--;
      else if (!depth && (comma ? c === "," : /\s/.test(c))) { out.push(value.slice(start, i).trim()); start = i + 1; }
    }
    out.push(value.slice(start).trim());
    return out.filter(Boolean);
  };
  // A computed length-percentage in px ("10px", "50%", "calc(100% - 20px)"); null: not understood.
  const length = (value, whole) => {
    let rest = value.trim().replace(/^calc\((.*)\)$/, "$1").trim(), total = 0, first = true;
    while (rest) {
      const m = rest.match(/^([+-]\s+)?(-?\d*\.?\d+(?:e[+-]?\d+)?)(px|%)\s*/i);
      if (!m || (!first && !m[1])) return null;
      const n = parseFloat(m[2]) * (m[3] === "%" ? whole / 100 : 1);
      total += m[1] && m[1][0] === "-" ? -n : n;
      rest = rest.slice(m[0].length); first = false;
    }
    return first ? null : total;
  };
  // The first layer of background-image that is a picture: its index and URL.
  const bgLayer = el => {
    const bg = getComputedStyle(el).backgroundImage;
    if (!bg || bg === "none") return null;
    const layers = parts(bg, true);
    for (let i = 0; i < layers.length; i++) {
      const m = layers[i].match(/url\(["']?([^"')]+)["']?\)/);
      if (m) return { index: i, url: m[1] };
    }
    return null;
  };
  const painted = (el, index, natural, url) => {
    const s = getComputedStyle(el), r = el.getBoundingClientRect();
    const box = { x: r.left, y: r.top, w: r.width, h: r.height };
    const whole = { rect: box, look: "box" };
    const pick = value => { const all = parts(value, true); return all.length ? all[index % all.length] : ""; };
    const side = p => parseFloat(s[p]) || 0;
    const inset = (b, p) => ({ x: b.x + side(p + "LeftWidth"), y: b.y + side(p + "TopWidth"),
                               w: b.w - side(p + "LeftWidth") - side(p + "RightWidth"),
                               h: b.h - side(p + "TopWidth") - side(p + "BottomWidth") });
    const pad = b => ({ x: b.x + side("paddingLeft"), y: b.y + side("paddingTop"),
                        w: b.w - side("paddingLeft") - side("paddingRight"),
                        h: b.h - side("paddingTop") - side("paddingBottom") });
    const area = which => which === "padding-box" ? inset(box, "border")
                        : which === "content-box" ? pad(inset(box, "border")) : box;
    // Drawn against the viewport, or of unknown size (still loading): the whole box, as before.
    if (pick(s.backgroundAttachment) === "fixed" || natural === null) return whole;
    const clip = area(pick(s.backgroundClip)), o = area(pick(s.backgroundOrigin));
    const [nw, nh] = natural;
    const ratio = nw / nh;
    // An SVG without a width and height has no size of its own, only a ratio: Chromium reports
    // it fitted into 300 x 150.
    const own = !(/\.svg(?:[?#]|$)|^data:image\/svg/i.test(url) && (nw === 300 || nh === 150));
    const size = parts(pick(s.backgroundSize), false);
    let tw, th;
    if (size[0] === "cover" || size[0] === "contain") {
      const k = (size[0] === "cover" ? Math.max : Math.min)(o.w / nw, o.h / nh);
      [tw, th] = [nw * k, nh * k];
    } else {
      const w = size[0] === "auto" ? "auto" : length(size[0], o.w);
      const h = (size[1] || "auto") === "auto" ? "auto" : length(size[1], o.h);
      if (w === null || h === null) return whole;
      if (w === "auto" && h === "auto") {
        if (own) [tw, th] = [nw, nh];
        else { const k = Math.min(o.w / nw, o.h / nh); [tw, th] = [nw * k, nh * k]; }
      } else {
        tw = w === "auto" ? h * ratio : w;
        th = h === "auto" ? w / ratio : h;
      }
    }
    if (!(tw > 0 && th > 0)) return { rect: null, look: "" };
    const px = length(pick(s.backgroundPositionX) || "0%", o.w - tw);
    const py = length(pick(s.backgroundPositionY) || "0%", o.h - th);
    if (px === null || py === null) return whole;
    const repeat = parts(pick(s.backgroundRepeat), false);
    const [rx, ry] = repeat.length > 1 ? repeat : repeat[0] === "repeat-x" ? ["repeat", "no-repeat"]
                   : repeat[0] === "repeat-y" ? ["no-repeat", "repeat"] : [repeat[0], repeat[0]];
    // Along an axis it repeats, the picture fills the clip area; along the other, one tile shows.
    const span = (repeats, start, tile, from, extent) => {
      const [a, b] = repeats ? [from, from + extent] : [Math.max(from, start), Math.min(from + extent, start + tile)];
      return { a, b, look: repeats ? "r" : `${Math.round(a - start)}+${Math.round(b - a)}` };
    };
    const x = span(rx !== "no-repeat", o.x + px, tw, clip.x, clip.w);
    const y = span(ry !== "no-repeat", o.y + py, th, clip.y, clip.h);
    if (x.b - x.a < 1 || y.b - y.a < 1) return { rect: null, look: "" };
    return { rect: { x: x.a, y: y.a, w: x.b - x.a, h: y.b - y.a },
             look: `${Math.round(tw)}x${Math.round(th)} ${x.look} ${y.look}` };
  };
"""

# The lazy images of a document that the browser has not fetched (rendered, loading="lazy", not
# complete), loaded as scrolling to them would: loading="eager" (the browser then fetches a deferred
# image), waited for (load or error) at most `wait` ms, and the attribute put back (a fetched image
# stays). Each is marked for _CANDIDATES (a property of the element, not an attribute): "tried", or
# "left" beyond the first `most`. Returns how many were tried.
_LOAD_LAZY = r"""
async ({most, wait}) => {
  const KEY = Symbol.for("a11y-lazy");
  const lazy = [...document.querySelectorAll("img")]
    .filter(el => el.loading === "lazy" && !el.complete && el.getClientRects().length);
  const tried = lazy.slice(0, most);
  for (const el of lazy.slice(most)) el[KEY] = "left";
  if (!tried.length) return 0;
  const done = [];
  const settled = tried.map((el, n) => new Promise(resolve => {
    done[n] = () => resolve();
    el.addEventListener("load", done[n]);
    el.addEventListener("error", done[n]);
  }));
  const before = tried.map(el => el.getAttribute("loading"));
  for (const el of tried) { el[KEY] = "tried"; el.setAttribute("loading", "eager"); }
  let timer;  // cleared when settled: a pending timer of ours would make the page seem busy
  await Promise.race([Promise.all(settled), new Promise(resolve => { timer = setTimeout(resolve, wait); })]);
  clearTimeout(timer);
  tried.forEach((el, n) => {
    el.removeEventListener("load", done[n]);
    el.removeEventListener("error", done[n]);
    if (before[n] === null) el.removeAttribute("loading"); else el.setAttribute("loading", before[n]);
  });
  return tried.length;
}
"""

# The page's rendered image resources, largest first (a background by what of it is painted),
# with what the page says about them: their name and nearby text (for the logo and essential
# exceptions); `same` names the picture shown (kind, URL, size and the part showing), so that
# elements showing the same one are read once; `part`: a background's painted part of its box.
# `unloaded`: lazy images not fetched (yet), with what _LOAD_LAZY did (`lazy`: "tried", "left" or
# ""): neither broken nor read.
_CANDIDATES = r"""
async ({minW, minH}) => {
  const M = window.__a11yMotion;
  const out = [], unloaded = [];
  let tiny = 0, broken = 0;
  const LAZY = Symbol.for("a11y-lazy");
  const IMAGE_URL = /\.(png|jpe?g|gif|webp|avif|bmp|svg|ico)(?:[?#]|$)/i;
""" + _PAINTED + r"""
  const bgUrl = el => (bgLayer(el) || {}).url || null;
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
  // rect: what of the image is painted, in viewport coordinates ({x, y, w, h}); look: which part
  // of the picture shows there, beyond its URL and size (how an img fits its box, a background's
  // tile size and offset).
  const add = (el, kind, url, rect, look) => {
    if (rect.w < 1 || rect.h < 1 || !shown(el)) return;
    if (rect.w < minW || rect.h < minH) { tiny++; return; }
    const docX = rect.x + window.scrollX, docY = rect.y + window.scrollY;
    const root = document.scrollingElement || document.documentElement;
    // Moved off the page (left: -9999px and the like): not visible, so not an image anyone sees.
    if (docX + rect.w <= 0 || docY + rect.h <= 0) return;
    if (docX >= root.scrollWidth || docY >= root.scrollHeight) return;
    const b = el.getBoundingClientRect();
    const whole = Math.abs(rect.x - b.left) < 0.5 && Math.abs(rect.y - b.top) < 0.5
                  && Math.abs(rect.w - b.width) < 0.5 && Math.abs(rect.h - b.height) < 0.5;
    out.push({ selector: M.selector(el), html: M.outer(el), kind, url: url || "",
               same: url ? `${kind} ${url} ${Math.round(rect.w)}x${Math.round(rect.h)} ${look}` : "",
               part: whole ? null : [rect.x - b.left, rect.y - b.top, rect.w, rect.h],
               x: docX, y: docY, width: rect.w, height: rect.h, around: around(el),
               said: said(el) });
  };
  const boxOf = el => {
    const r = el.getBoundingClientRect();
    return { x: r.left, y: r.top, w: r.width, h: r.height };
  };
  // A picture's natural size [width, height] once decoded (the browser's cache answers; input
  // elements and backgrounds do not say); false: it failed to load; null: still loading after
  // a second. (The timer is cleared when settled: a pending timer of ours would make the page
  // seem busy.)
  const sizes = new Map();
  const natural = src => {
    if (!sizes.has(src)) {
      let timer;
      sizes.set(src, Promise.race([
        new Promise(resolve => { const probe = new Image();
                                 probe.onload = () => resolve(probe.naturalWidth > 0 && probe.naturalHeight > 0
                                                              ? [probe.naturalWidth, probe.naturalHeight] : false);
                                 probe.onerror = () => resolve(false); probe.src = src; }),
        new Promise(resolve => { timer = setTimeout(() => resolve(null), 1000); })
      ]).finally(() => clearTimeout(timer)));
    }
    return sizes.get(src);
  };
  for (const el of document.querySelectorAll("img, input[type=image i]")) {
    // An image button's image still loading after a second counts as not rendered.
    const ok = el.tagName === "IMG" ? el.complete && el.naturalWidth > 0 : !!el.src && !!(await natural(el.src));
    const lazy = el[LAZY];
    delete el[LAZY];
    if (!ok && el.tagName === "IMG" && !el.complete && (lazy || el.loading === "lazy")) {
      // Not fetched (yet): what it shows is unknown, which is neither broken nor without text.
      if (el.getClientRects().length && shown(el)) {
        unloaded.push({ selector: M.selector(el), html: M.outer(el), lazy: lazy || "" });
      }
      continue;
    }
    if (!ok) { if (el.getClientRects().length) broken++; continue; }
    const s = getComputedStyle(el);
    add(el, el.tagName === "IMG" ? "img" : "input", el.currentSrc || el.src, boxOf(el),
        `${s.objectFit} ${s.objectPosition}`);
  }
  for (const el of document.querySelectorAll("object[data]")) {
    const type = (el.getAttribute("type") || "").toLowerCase();
    const data = el.getAttribute("data") || "";
    if (type.startsWith("image/") || (!type && IMAGE_URL.test(data))) {
      add(el, "object", el.data, boxOf(el), "");
    }
  }
  for (const el of document.querySelectorAll("svg image")) {
    add(el, "svg-image", el.href && el.href.baseVal, boxOf(el), "");
  }
  // Backgrounds, by what of each is painted (a 24 px icon on a wide button is a 24 px image).
  const backgrounds = [];
  const all = document.body ? document.body.getElementsByTagName("*") : [];
  for (let i = 0; i < all.length && i < 5000; i++) {
    const el = all[i];
    if (el instanceof SVGElement && el.tagName !== "svg") continue;
    const layer = bgLayer(el);
    if (layer) backgrounds.push([el, layer]);
  }
  const loaded = await Promise.all(backgrounds.map(([, layer]) => natural(layer.url)));
  backgrounds.forEach(([el, layer], n) => {
    if (loaded[n] === false) { if (el.getClientRects().length) broken++; return; }
    const { rect, look } = painted(el, layer.index, loaded[n], layer.url);
    if (rect) add(el, "background", layer.url, rect, look);
  });
  if (document.body) {  // the root's background fills the canvas: its box, as the page's size
    const url = bgUrl(document.body) || bgUrl(document.documentElement);
    if (url) add(document.body, "background", url, boxOf(document.body), "box");
  }
  out.sort((a, b) => b.width * b.height - a.width * a.height);
  return { images: out, unloaded, tiny, broken, scroll: [window.scrollX, window.scrollY],
           viewport: [window.innerWidth, window.innerHeight] };
}
"""

# The main frame's lazy images loaded (_LOAD_LAZY), then its images (_CANDIDATES): one call.
_LAZY_THEN_CANDIDATES = ("async ({lazy, candidates}) => {\n"
                         "  try { await (" + _LOAD_LAZY + ")(lazy); } catch (e) {}  // its images stay as they are\n"
                         "  return await (" + _CANDIDATES + ")(candidates); }")
# The smallest image read (CSS px): a legible word needs at least this.
_SMALLEST = {"minW": 24, "minH": 12}
# The page's first call, with the motion helpers it uses (about 34 kB): kept in every document from
# its start (Check.kept), so that the call on each page the gate lets through sends a name, not the
# text (about 1.2 ms of CPU a call for 30 kB). Each call still defines the helpers as before.
_FIRST_CALL = KeptFunction("ocr-candidates", with_helpers(_LAZY_THEN_CANDIDATES))


def _plain(frame, script: str, arg):
    return frame.evaluate(script, arg)

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
# Scrolled to [x, y] (two frames drawn), the element's box measured again (fixed boxes move with
# the view) and where the view is: one call where three were. With css (the first picture of the
# page), _ADD_STYLE's work first, two frames drawn as it waits, in the same call.
_SCROLL_TO_BOX = """([x, y, sel, css]) => {
  const twoFrames = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const styled = css ? (""" + _ADD_STYLE + """)(css) : Promise.resolve();
  return styled.then(() => { window.scrollTo(x, y); return twoFrames(); }).then(() => {
    const el = document.querySelector(sel), b = el && el.getBoundingClientRect();
    return { box: b ? [b.left, b.top, b.width, b.height] : null, scroll: [window.scrollX, window.scrollY] };
  }); }"""
# _REMOVE_STYLE, then scrolled back to [x, y] (two frames drawn): one call where two were.
_SCROLL_BACK = """([x, y]) => { (""" + _REMOVE_STYLE + """)(); window.scrollTo(x, y);
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


def judge(words: list[_ocr.Word], image: Image.Image | None, around: str, partial: bool,
          said: str = "") -> tuple[str, str]:
    """One image's outcome and why, from what OCR read in it and what the page says about it
    (around: its name, neighbours and caption; said: its name and caption alone). The pixels
    (image) are looked at only for text that nothing the page says excuses (_answered)."""
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
    # A CSS background picture needs a style (a sheet, or a style attribute naming a url, or one
    # with a backslash: `\75rl(` is url( too), the legacy background attribute (body, table, td),
    # or a script's animation (Web Animations hold their styles in neither sheet nor attribute).
    present = PresentWhen("shows a picture (an image element, or a style that could paint a background)",
                          "(root) => !!root.querySelector('img, input[type=image i], object[data], svg image, "
                          "[style*=\"url(\" i], [style*=\"image-set(\" i], [style*=\"\\\\\\\\\"], [background]')"
                          " || root.styleSheets.length > 0 || (root.adoptedStyleSheets || []).length > 0"
                          " || root.getAnimations().length > 0")
    time_limit = 45.0
    kept = (_FIRST_CALL,)  # in every document from its start: the page's first call sends its name

    async def run(self, ctx: CheckContext) -> CheckOutcome:
        page = ctx.page
        deadline = time.monotonic() + ctx.timeout
        most = MAX_IMAGES * ctx.reach
        frames = _frames(page)
        wait = min(LAZY_WAIT, ctx.timeout / 4)
        lazy = {"most": MAX_LAZY * ctx.reach, "wait": wait * 1000}
        found, _ = await asyncio.gather(
            _FIRST_CALL.evaluate(page.main_frame, {"lazy": lazy, "candidates": _SMALLEST}, _plain),
            _load_lazy(frames, lazy))
        framed, unloaded = await _framed_images(frames)
        images = found["images"]
        waiting = not_loaded([*found["unloaded"], *unloaded], wait, MAX_LAZY * ctx.reach)
        memo = ctx.memo.setdefault(self.id, {})
        if not images and framed:
            return summarise(waiting + await self._read_framed(framed, memo, deadline, most, most))
        if not images:
            if waiting:
                return summarise(waiting)
            if found["tiny"]:
                return CheckOutcome(PASSED, reason="images too small to hold a legible word only")
            why = "images that failed to load only" if found["broken"] else "no rendered images"
            return CheckOutcome(INAPPLICABLE, reason=why)
        pictures = same_pictures(images)
        if not _ocr.tesseract_path():
            return CheckOutcome(CANT_TELL, [node(i["selector"], i["html"]) for p in pictures[:most] for i in p]
                                + [node(i["selector"], i["html"], why) for i, _, why in waiting],
                                "OCR is not available (install tesseract-ocr)")
        results: list[tuple[dict, str, str]] = list(waiting)
        cdp = await page_session(page)
        styled = False  # the page's text made transparent, for the first picture whose pixels are read

        async def shoot(image, answered):
            nonlocal styled
            # The style goes with the scroll (_SCROLL_TO_BOX), unless the memo already answers for
            # this picture (read on an earlier page): then no shot is likely, nor the style's two
            # restyles of the page; if one is needed after all, the style is added before it.
            css = None if styled or answered(False) or answered(True) else _HIDE_TEXT
            seen = await _locate(page, image, found["viewport"], css)
            styled = styled or css is not None
            if seen is None:
                return None, False
            clip, partial = seen
            if answered(partial):
                return ANSWERED, partial
            if not styled:
                await page.evaluate(_ADD_STYLE, _HIDE_TEXT)
                styled = True
            return await _capture(cdp, clip), partial

        try:
            read, unread, used = within_budget(pictures, most)
            for picture in read:
                left = deadline - time.monotonic()
                if left < 2:
                    results += [(image, CANT_TELL, "not read: the check's time ran out") for image in picture]
                    continue
                results += await _read_picture(picture, shoot, memo, min(OCR_TIMEOUT, left - 1))
        except _ocr.OcrUnavailable as e:
            return CheckOutcome(CANT_TELL, [node(i["selector"], i["html"]) for p in pictures[:most] for i in p], str(e))
        finally:
            with contextlib.suppress(Exception):
                await page.evaluate(_SCROLL_BACK, found["scroll"])
        results += _not_read(unread, most)
        results += await self._read_framed(framed, memo, deadline, most - used, most)
        return summarise(results)

    async def _read_framed(self, framed: list[dict], memo: dict, deadline: float, room: int,
                           most: int) -> list[tuple[dict, str, str]]:
        """Images in the page's frames, the `room` largest pictures of them read (of the page's
        `most`), each photographed through its own element (Playwright scrolls every frame on the
        way to it into view and clips to what is shown)."""
        read, unread, _ = within_budget(same_pictures(framed), max(0, room))
        results = []
        styled = set()

        async def shoot(image, answered, timeout):  # shot whatever the memo holds: the shot says if it is seen
            if image["frame"] not in styled:
                await image["frame"].evaluate(_ADD_STYLE, _HIDE_TEXT)
                styled.add(image["frame"])
            return await _photograph_framed(image, timeout)

        try:
            for picture in read:
                left = deadline - time.monotonic()
                if left < 3:
                    results += [(image, CANT_TELL, "not read: the check's time ran out") for image in picture]
                    continue
                if picture[0]["width"] > MAX_SIDE or picture[0]["height"] > MAX_SIDE:
                    results += [(image, CANT_TELL, "an image in a frame too large to read whole") for image in picture]
                    continue
                timeout = min(OCR_TIMEOUT, left - 1)
                results += await _read_picture(picture, functools.partial(shoot, timeout=timeout), memo, timeout)
        except _ocr.OcrUnavailable as e:
            return [(image, CANT_TELL, str(e)) for image in framed]
        finally:
            for frame in styled:
                with contextlib.suppress(Exception):
                    await frame.evaluate(_REMOVE_STYLE)
        return results + _not_read(unread, most)


def within_budget(pictures: list[list[dict]], budget: float) -> tuple[list, list, float]:
    """The pictures read (in order, while the budget lasts: an icon-sized one costs ICON_COST),
    those left unread, and the budget used."""
    read, used = [], 0.0
    for n, picture in enumerate(pictures):
        first = picture[0]
        icon = max(first.get("width") or 0, first.get("height") or 0) <= ICON_SIDE
        cost = ICON_COST if icon else 1.0
        if used + cost > budget + 1e-9:
            return read, pictures[n:], used
        read.append(picture)
        used += cost
    return read, [], used


def same_pictures(images: list[dict]) -> list[list[dict]]:
    """The images grouped by the picture they show (`same`: the same URL at the same painted size,
    the same part of it showing), largest first as the images come; an image without a URL alone."""
    pictures: dict = {}
    for n, image in enumerate(images):
        pictures.setdefault(image.get("same") or n, []).append(image)
    return list(pictures.values())


def _not_read(pictures: list[list[dict]], most: int) -> list[tuple[dict, str, str]]:
    why = f"not read: only the {most} largest images of a page are read (an icon counts as {ICON_COST:g} of one)"
    return [(image, CANT_TELL, why) for picture in pictures for image in picture]


async def _read_picture(picture: list[dict], shoot, memo: dict, timeout: float) -> list[tuple[dict, str, str]]:
    """One picture shown by every element of `picture`: photographed through the first of them
    that shows it (shoot(image, answered): the shot and whether it is partial, or None; ANSWERED
    instead of a shot where answered(partial) says the memo's words judge every element left
    without the pixels), read once, and judged for each element with what the page says about
    that element (a logo, a screenshot)."""
    results = []
    for n, image in enumerate(picture):
        shot, partial = await shoot(image, functools.partial(_answered, memo, picture[n:]))
        if shot is None:  # nothing of it in view, even scrolled to: not visible
            results.append((image, UNSEEN, "not visible"))
            continue
        try:
            words = await _words(shot, image, partial, memo, timeout)
        except _ocr.OcrFailed as e:
            return results + [(other, CANT_TELL, str(e)) for other in picture[n:]]
        pixels = None if shot is ANSWERED else shot
        return results + [(other, *judge(words, pixels, other["around"], partial, other.get("said", "")))
                          for other in picture[n:]]
    return results


# shoot()'s answer instead of a shot: the memo's words judge the picture without its pixels.
ANSWERED = object()


def _answered(memo: dict, images: list[dict], partial: bool) -> bool:
    """Whether the memo's words for this picture (read on an earlier page, as `partial`) judge every
    one of `images` without the pixels: judge() looks at them only for text found that nothing the
    page says excuses (a logo, a screenshot), to see how much else the picture holds."""
    key = (images[0]["same"], partial)
    if not images[0]["same"] or key not in memo:
        return False
    return not _ocr.has_text(memo[key]) or all(
        exception_hint(i["around"]) or _SCREENSHOT.search(i.get("said", "")) for i in images)


async def _words(shot: Image.Image, image: dict, partial: bool, memo: dict, timeout: float) -> list[_ocr.Word]:
    """OCR of one photographed picture; the same picture at the same size, read on another page
    of the scan, is not read again."""
    key = (image["same"], partial)
    if image["same"] and key in memo:
        return memo[key]
    words = await _ocr.read_words(shot, timeout)
    if image["same"]:
        memo[key] = words
    return words


async def _photograph_framed(image: dict, timeout: float) -> tuple[Image.Image | None, bool]:
    """An image in a frame, photographed through its own element (a background: the part of the
    element it is painted in); None when gone, hidden or not drawable meanwhile."""
    handle = await image["frame"].query_selector(image["selector"][-1])
    if handle is None:
        return None, False
    try:
        png = await handle.screenshot(type="png", animations="allow", caret="hide", scale="css",
                                      timeout=max(1.0, timeout) * 1000)
        shot = Image.open(io.BytesIO(png)).convert("RGB")
    except Exception:  # noqa: BLE001 - gone, hidden or not drawable meanwhile: not seen
        return None, False
    if image.get("part"):
        x, y, width, height = image["part"]
        box = (max(0, round(x)), max(0, round(y)),
               min(shot.width, round(x + width)), min(shot.height, round(y + height)))
        if box[2] - box[0] < 1 or box[3] - box[1] < 1:
            return None, False
        shot = shot.crop(box)
    return shot, False


# Frames whose images are read (the largest images of the first few frames).
MAX_FRAMES = 4


def _frames(page) -> list:
    """The frames whose images are read: the first MAX_FRAMES of the page's."""
    return [f for f in page.frames if f.parent_frame is not None and not f.is_detached()][:MAX_FRAMES]


async def _load_lazy(frames: list, lazy: dict) -> None:
    """Load the lazy images not fetched yet in each of these documents (_LOAD_LAZY: at most
    lazy["most"] each, waited for at most lazy["wait"] ms), all at once."""
    async def load(frame):
        with contextlib.suppress(Exception):  # a frame gone or not scriptable: its images stay as they are
            await frame.evaluate(_LOAD_LAZY, lazy)

    await asyncio.gather(*(load(frame) for frame in frames))


def not_loaded(unloaded: list[dict], wait: float, most: int) -> list[tuple[dict, str, str]]:
    """Lazy images not fetched, for review: what they show is unknown."""
    why = {"tried": f"not loaded: a lazy image that did not load within {wait:.3g} s",
           "left": f"not loaded: a lazy image beyond the first {most} of a page, which are loaded to be read"}
    return [(image, CANT_TELL, why.get(image["lazy"], "not loaded: a lazy image not fetched yet"))
            for image in unloaded]


async def _framed_images(frames: list) -> tuple[list[dict], list[dict]]:
    """The rendered images of these frames, largest first, each with its `frame`, and their lazy
    images not fetched (`unloaded`); each selector is a frame-level target (the frames'
    selectors, then its own)."""
    found, unloaded = [], []
    for frame in frames:
        try:
            candidates = await frame.evaluate(with_helpers(_CANDIDATES), _SMALLEST)
            path = await frame_path(frame)
        except Exception:  # noqa: BLE001 - a frame gone or not scriptable: its images are not read
            continue
        for image in candidates["images"]:
            image["selector"] = [*path, image["selector"]]
            image["frame"] = frame
            found.append(image)
        for image in candidates["unloaded"]:
            unloaded.append({**image, "selector": [*path, image["selector"]]})
    found.sort(key=lambda image: -image["width"] * image["height"])
    return found, unloaded


async def _locate(page, image: dict, viewport: list, css: str | None = None) -> tuple[dict, bool] | None:
    """Where to photograph the image as rendered (a background: the part of its element it is
    painted in), scrolled into the viewport: the part the viewport shows (at most MAX_SIDE CSS px a
    side), as the protocol's clip, and whether that is only part of it; None when nothing of it
    is in view. css: a style sheet added to the page first (_ADD_STYLE)."""
    vw, vh = viewport
    seen = await page.evaluate(_SCROLL_TO_BOX, [max(0, image["x"] - max(0, vw - image["width"])), max(0, image["y"]),
                                                image["selector"], css])
    if seen["box"] is None:
        return None
    x, y, width, height = seen["box"]
    if image.get("part"):
        x, y, width, height = x + image["part"][0], y + image["part"][1], image["part"][2], image["part"][3]
    left, top = max(0.0, x), max(0.0, y)
    right, bottom = min(float(vw), x + width, left + MAX_SIDE), min(float(vh), y + height, top + MAX_SIDE)
    partial = left > x + 1 or top > y + 1 or right < x + width - 1 or bottom < y + height - 1
    if right - left < 1 or bottom - top < 1:
        return None
    scroll = seen["scroll"]
    # The protocol wants document coordinates; these are the viewport's.
    return {"x": left + scroll[0], "y": top + scroll[1], "width": right - left, "height": bottom - top,
            "scale": 1}, partial


async def _capture(cdp, clip: dict) -> Image.Image | None:
    """The page's pixels in clip (_locate's); None when the browser gives no picture."""
    try:
        # optimizeForSpeed: a quicker PNG compression, the same pixels.
        data = await cdp.send("Page.captureScreenshot", {"format": "png", "optimizeForSpeed": True, "clip": clip})
        return Image.open(io.BytesIO(base64.b64decode(data["data"]))).convert("RGB")
    except (UnidentifiedImageError, OSError, KeyError):
        return None


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
