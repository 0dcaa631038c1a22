// Browser-side helpers shared by the time-and-motion checks (meta refresh, media, moving text).
// Evaluated once per frame; defines window.__a11yMotion (idempotent).
(() => {
  if (window.__a11yMotion) return;

  const cssEscape = (s) => (window.CSS && CSS.escape ? CSS.escape(s) : s.replace(/[^\w-]/g, "\\$&"));

  // A selector that finds this element (and only it) in its document, as axe writes them.
  function selector(el) {
    if (!(el instanceof Element)) return "html";
    const doc = el.ownerDocument;
    if (el.id && doc.querySelectorAll("#" + cssEscape(el.id)).length === 1) return "#" + cssEscape(el.id);
    const parts = [];
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const tag = e.localName;
      if (e !== el && e.id && doc.querySelectorAll("#" + cssEscape(e.id)).length === 1) {
        parts.unshift("#" + cssEscape(e.id));
        break;
      }
      if (tag === "html" || tag === "body" || tag === "head") { parts.unshift(tag); break; }
      const same = e.parentElement ? [...e.parentElement.children].filter((c) => c.localName === tag) : [e];
      parts.unshift(same.length > 1 ? `${tag}:nth-of-type(${same.indexOf(e) + 1})` : tag);
    }
    return parts.join(" > ");
  }

  function outer(el) {
    const html = el.outerHTML || "";
    return html.length > 300 ? html.slice(0, 300) + "…" : html;
  }

  // Rendered and not made invisible by CSS (a cheap form of the ACT "visible").
  function visible(el) {
    if (!el.isConnected) return false;
    const style = getComputedStyle(el);
    if (style.visibility !== "visible" || Number(style.opacity) === 0) return false;
    if (typeof el.checkVisibility === "function" && !el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  }

  // Hidden from assistive technology: display:none / aria-hidden on an inclusive ancestor
  // (across shadow roots), or visibility other than visible (ACT "programmatically hidden").
  function programmaticallyHidden(el) {
    if (getComputedStyle(el).visibility !== "visible") return true;
    for (let e = el; e; e = e.parentElement || (e.getRootNode() && e.getRootNode().host) || null) {
      if (e.getAttribute && e.getAttribute("aria-hidden") === "true") return true;
      if (getComputedStyle(e).display === "none") return true;
    }
    return false;
  }

  // The document and every open shadow root in it, outermost first.
  function roots(doc = document) {
    const found = [doc];
    for (let i = 0; i < found.length; i++) {
      for (const el of found[i].querySelectorAll("*")) if (el.shadowRoot) found.push(el.shadowRoot);
    }
    return found;
  }

  // The element an axe target names in this document: a selector, or selectors through shadow
  // roots (host, ..., element); null when nothing matches.
  function find(target) {
    const parts = typeof target === "string" ? [target] : target;
    let root = document, el = null;
    for (let i = 0; i < parts.length; i++) {
      try { el = root.querySelector(parts[i]); } catch (e) { return null; }
      if (!el) return null;
      if (i < parts.length - 1 && !(root = el.shadowRoot)) return null;
    }
    return el;
  }

  // The WAI-ARIA 1.2 roles, with 1.3's comment, image and suggestion: a role attribute's token
  // that is not one of them is one the browser may not know.
  const ROLES = new Set(["alert", "alertdialog", "application", "article", "banner", "blockquote", "button",
    "caption", "cell", "checkbox", "code", "columnheader", "combobox", "comment", "complementary",
    "contentinfo", "definition", "deletion", "dialog", "document", "emphasis", "feed", "figure", "form",
    "generic", "grid", "gridcell", "group", "heading", "img", "image", "insertion", "link", "list", "listbox",
    "listitem", "log", "main", "mark", "marquee", "math", "menu", "menubar", "menuitem", "menuitemcheckbox",
    "menuitemradio", "meter", "navigation", "none", "note", "option", "paragraph", "presentation",
    "progressbar", "radio", "radiogroup", "region", "row", "rowgroup", "rowheader", "scrollbar", "search",
    "searchbox", "separator", "slider", "spinbutton", "status", "strong", "subscript", "suggestion",
    "superscript", "switch", "tab", "table", "tablist", "tabpanel", "term", "textbox", "time", "timer",
    "toolbar", "tooltip", "tree", "treegrid", "treeitem"]);

  const refreshTime = __REFRESH_TIME__;

  // A rough accessible name (enough to tell "has a name that is not only whitespace").
  function name(el) {
    const ids = (el.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
    const byIds = ids.map((id) => el.ownerDocument.getElementById(id)).filter(Boolean)
      .map((e) => e.textContent).join(" ");
    const label = el.labels && el.labels.length ? [...el.labels].map((l) => l.textContent).join(" ") : "";
    const img = el.querySelector && el.querySelector("img[alt]");
    const own = el.localName === "input" ? (el.value || el.alt || "") : (el.innerText || "");
    const parts = [byIds, el.getAttribute("aria-label") || "", label, own, img ? img.alt : "", el.title || ""];
    return (parts.find((p) => p.trim()) || "").trim().replace(/\s+/g, " ");
  }

  const ACTIVATABLE = "button, input[type=button], input[type=image], input[type=checkbox], input[type=submit], " +
    "input[type=reset], a[href], summary, select, [role=button], [role=switch], [role=checkbox], " +
    "[role=menuitem], [role=menuitemcheckbox], [role=tab], [role=link], [role=slider], [onclick]";

  // Names of controls that could lead to a way to pause or mute things: a settings panel, or a
  // pause or stop symbol.
  const SETTINGS = /setting|option|preference|accessib|customi[sz]|\u23f8|\u23f9|\u275a|\u2016|\|\|/i;
  // Names that say a control pauses or silences something (for one that leaves the page).
  const HALTS = /pause|stop|mute|hide|freeze|halt|silence/i;

  // Elements a user could activate that are visible, in the accessibility tree and named
  // (the ACT "instrument" requirements). `near` is the element they would control: each
  // says whether it looks meant for it (name matches `pattern`, aria-controls names it, or
  // it sits in the same small container), whether clicking it stays on the page, and whether
  // it could plausibly be the way to it at all: one that stays on the page and looks meant for
  // it, or is a settings control or a toggle button; a link to another page or a form's submit
  // button only when its name says it pauses or silences (a navigation link cannot pause the
  // text or mute the sound).
  function instruments(near, pattern) {
    const re = new RegExp(pattern, "i");
    const out = [];
    const box = near ? (near.parentElement && near.parentElement.parentElement) || near.parentElement : null;
    for (const el of document.querySelectorAll(ACTIVATABLE)) {
      if (near && near.contains(el)) continue;
      if (!visible(el) || programmaticallyHidden(el) || el.disabled) continue;
      const n = name(el);
      if (!n) continue;
      const controls = (el.getAttribute("aria-controls") || "").split(/\s+/);
      const relevant = re.test(n) || (near && near.id && controls.includes(near.id)) ||
        (box && box !== document.body && box !== document.documentElement && box.contains(el));
      // A link leaves the page unless its href is a fragment ("#", "#top": a place on this page) or
      // a script; an empty href ("") is the page's own address: following it reloads the page.
      const href = el.localName === "a" ? el.getAttribute("href") : null;
      const submits = (el.type === "submit" || el.type === "image") && !!el.form;
      const leaves = (href !== null && !/^\s*(#|javascript:)/i.test(href)) || el.getAttribute("target");
      const safe = !submits && !leaves;
      const toggle = el.hasAttribute("aria-pressed") || el.getAttribute("role") === "switch";
      const plausible = safe ? !!relevant || toggle || SETTINGS.test(n) : HALTS.test(n);
      out.push({ selector: selector(el), name: n.slice(0, 80), relevant: !!relevant, safe, plausible });
    }
    return out;
  }

  const MOVING_PROPS = /^(transform|translate|rotate|scale|left|right|top|bottom|inset|margin|offset|opacity|visibility|scroll|background-position|text-indent)/;

  // Elements whose visible text moves by itself for more than 5 seconds: running CSS or Web
  // animations of position or visibility that last longer (or for ever), and scrolling
  // <marquee> elements that loop for ever.
  function movingText() {
    const found = new Map();
    for (const a of document.getAnimations()) {
      const el = a.effect && a.effect.target;
      if (!el || a.playState !== "running" || !visible(el) || !(el.innerText || "").trim()) continue;
      const timing = a.effect.getComputedTiming();
      const lasts = timing.endTime === Infinity ? Infinity : (timing.endTime - (timing.localTime || 0)) / 1000;
      if (lasts <= 5 && timing.activeDuration !== Infinity) continue;
      const props = a.effect.getKeyframes().flatMap((k) => Object.keys(k)).map((k) => k.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase()));
      const moved = a instanceof CSSTransition ? [a.transitionProperty] : props;
      if (!moved.some((p) => MOVING_PROPS.test(p))) continue;
      found.set(el, `${a instanceof CSSAnimation ? "a CSS animation" : a instanceof CSSTransition ? "a CSS transition" : "an animation"} that lasts ${lasts === Infinity ? "for ever" : Math.round(lasts) + " seconds"}`);
    }
    for (const m of document.querySelectorAll("marquee")) {
      const loop = parseInt(m.getAttribute("loop") || "-1", 10);
      if (visible(m) && (m.innerText || "").trim() && !(loop > 0) && m.getAttribute("behavior") !== "static") found.set(m, "a marquee that scrolls for ever");
    }
    return found;
  }

  // True when some ancestor shows text other than el's own (the ACT "not alone").
  function notAlone(el) {
    const own = (el.innerText || "").trim();
    for (let e = el.parentElement; e; e = e.parentElement) {
      const text = (e.innerText || "").trim();
      if (text && text !== own) return true;
    }
    return false;
  }

  // What a sighted user can read of a node: the text of its rendered text nodes (open shadow roots
  // included) that are not in a hidden, transparent or invisible element (a slide put away by
  // display:none, hidden, opacity 0) and not clipped away by an ancestor's overflow (a slide moved out
  // of its carousel's frame, or scrolled out of it), joined by spaces. Unlike innerText, which keeps
  // transparent, clipped and (in a hidden element) all text. `cache` (readingCache()) is shared by the
  // calls of one look at the page: each element is read once in it.
  const SHOWN = { opacityProperty: true, visibilityProperty: true };
  const EVERYWHERE = { left: -Infinity, top: -Infinity, right: Infinity, bottom: Infinity };
  const readingCache = () => ({ text: new Map(), shown: new Map(), clip: new Map(), range: document.createRange() });
  const parentOf = (el) => el.parentElement || (el.parentNode && el.parentNode.host) || null;

  function shownIn(el, cache) {
    let shown = cache.shown.get(el);
    if (shown !== undefined) return shown;
    shown = typeof el.checkVisibility === "function" ? el.checkVisibility(SHOWN) : visible(el);
    if (!shown && getComputedStyle(el).display === "contents") {  // no box of its own: its parent's say
      const parent = parentOf(el);
      shown = !parent || shownIn(parent, cache);
    }
    cache.shown.set(el, shown);
    return shown;
  }

  // The box (viewport coordinates) that el's content is clipped to by its own overflow and its
  // containing blocks' (a fixed element by none; an absolute one by those of its offset parent on).
  function clipOf(el, cache) {
    if (!el || el.nodeType !== 1 || el === document.body || el === document.documentElement) return EVERYWHERE;
    let clip = cache.clip.get(el);
    if (clip) return clip;
    const style = getComputedStyle(el);
    clip = style.position === "fixed" ? EVERYWHERE :
      clipOf(style.position === "absolute" ? el.offsetParent : parentOf(el), cache);
    const x = style.overflowX !== "visible", y = style.overflowY !== "visible";
    if ((x || y) && style.display !== "contents") {
      const r = el.getBoundingClientRect();
      clip = { left: x ? Math.max(clip.left, r.left) : clip.left, right: x ? Math.min(clip.right, r.right) : clip.right,
               top: y ? Math.max(clip.top, r.top) : clip.top, bottom: y ? Math.min(clip.bottom, r.bottom) : clip.bottom };
    }
    cache.clip.set(el, clip);
    return clip;
  }

  function visibleText(node, cache = readingCache()) {
    if (node.nodeType === 3) {
      const text = node.data.trim();
      const el = node.parentElement;
      if (!text || !el || !shownIn(el, cache)) return "";
      cache.range.selectNodeContents(node);
      const r = cache.range.getBoundingClientRect(), c = clipOf(el, cache);
      const inside = Math.min(r.right, c.right) > Math.max(r.left, c.left) && Math.min(r.bottom, c.bottom) > Math.max(r.top, c.top);
      return inside ? text.replace(/\s+/g, " ") : "";
    }
    if (node.nodeType !== 1 && node.nodeType !== 11) return "";
    let text = cache.text.get(node);
    if (text !== undefined) return text;
    const parts = [];
    if (node.nodeType === 11 || shownIn(node, cache)) {
      if (node.shadowRoot) parts.push(visibleText(node.shadowRoot, cache));
      for (let c = node.firstChild; c; c = c.nextSibling) parts.push(visibleText(c, cache));
    }
    text = parts.filter(Boolean).join(" ");
    cache.text.set(node, text);
    return text;
  }

  // The elements whose visible text a slide shown or hidden would change: the parents of hidden
  // elements with text (display:none, hidden, aria-hidden="true", transparent), at most `most`.
  function slideHolders(cache, most) {
    const found = new Set();
    const hold = (el) => {
      const parent = parentOf(el);
      if (parent && parent.nodeType === 1 && (el.textContent || "").trim() && shownIn(parent, cache)) found.add(parent);
    };
    const walker = document.createTreeWalker(document.body || document.documentElement, NodeFilter.SHOW_ELEMENT, {
      acceptNode: (el) => {
        if (found.size >= most) return NodeFilter.FILTER_REJECT;
        if (shownIn(el, cache)) {
          if (el.getAttribute("aria-hidden") === "true") hold(el);
          return NodeFilter.FILTER_SKIP;
        }
        hold(el);
        return NodeFilter.FILTER_REJECT;
      },
    });
    while (walker.nextNode());
    return found;
  }

  // Watch the document for text that changes by itself: ACT efbfc7's applicability (the deepest
  // elements whose visible text changes more than once, not alone on the page), kept to changes
  // that go on for more than `o.lasts` ms: an element counts once a change is seen more than
  // o.lasts after the first change seen in it (the page's own clock, performance.now()); one whose
  // changes stop before (a typing effect, a count-up, an upload's percentage) does not. Elements
  // whose first change comes in the first o.follow ms are followed until that is known: a change
  // after their mark, or none within a grace after it (their rhythm, between o.graceMin and
  // o.graceMax); or until nothing is left in the page that could change it (__a11yActivity.busy());
  // or o.max. A page with nothing left that could change it is not watched past o.quiet when
  // nothing changed in it; one with a timer or the like is watched for a first change until
  // o.follow (a carousel that turns every few seconds).
  // Visible text (visibleText) changes when text or elements are replaced, and when attributes
  // show or hide parts (a carousel's slides: class, style, hidden, aria-hidden, open), or a scroll
  // or a transition moves them into or out of a clipping frame: what a sighted user reads. A focus
  // ring or a colour that changes no visible text is no change.
  // Targets: kind "changes" (went on for more than o.lasts), "unsure" (o.max came first, with the
  // text seen changing more than once, or once on a page that still runs an interval timer),
  // "moves" (text that moves for more than 5 s: movingText). `intervals`: the delays (ms) of the
  // page's interval timers still running at the end.
  async function watchText(o) {
    // Nothing in the page can change its text while it is watched (inert): it is not watched.
    const quiet = inert();
    const seen = new Map(); // element -> {values: Set, changes: n, last: text, times: []}
    // Its visible text now: a change when it differs from the last seen. The first seen counts as a
    // change (its text or children just changed), unless `first` is only where it starts (read to
    // compare later ones with).
    const note = (el, text, first = false) => {
      const entry = seen.get(el) || { values: new Set(), changes: 0, last: null, times: [] };
      if (entry.last !== text) {
        if (entry.last !== null || !first) { entry.changes++; entry.times.push(performance.now()); }
        entry.values.add(text);
        entry.last = text;
      }
      seen.set(el, entry);
    };
    // Elements whose attributes changed (class, style, hidden...), that were scrolled, or whose
    // transition or animation ended: what they show may have changed, in them or in an ancestor (a
    // slide put away changes its carousel's text), looked at together every few hundred ms (lookUp).
    const pending = new Set();
    const handle = (records) => {
      const touched = new Set();
      for (const r of records) {
        if (r.type === "attributes") pending.add(r.target);
        else touched.add(r.type === "characterData" ? r.target.parentElement : r.target);
      }
      const cache = readingCache();
      for (const el of touched) if (el && el.nodeType === 1) note(el, visibleText(el, cache));
    };
    // From each pending element up the tree: each one's visible text is noted, up to the first whose
    // text is as last seen (the change went no further up). One with no visible text (a slide just
    // hidden) is passed over: its going shows in an ancestor's text.
    const lookUp = () => {
      const cache = readingCache(), done = new Set();
      for (const el of pending) {
        for (let e = el; e && e.nodeType === 1 && e !== document.documentElement && !done.has(e); e = parentOf(e)) {
          done.add(e);
          if (!e.isConnected) break;
          const text = visibleText(e, cache);
          if (!text) continue;
          const entry = seen.get(e);
          if (entry && entry.last === text) break;
          note(e, text, true);
        }
      }
      pending.clear();
    };
    const moved = (event) => { if (event.target && event.target.nodeType === 1) pending.add(event.target); };
    const EVENTS = ["scroll", "transitionend", "animationend"];
    const listen = (on) => {
      const act = () => EVENTS.forEach((type) => (on ? document.addEventListener : document.removeEventListener)
        .call(document, type, moved, { capture: true, passive: true }));
      if (window.__a11yActivity) window.__a11yActivity.asOurs(act); else act();
    };
    const sleep = (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
    const start = performance.now();
    const observer = new MutationObserver(handle);
    observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true,
                                 attributeFilter: ["class", "style", "hidden", "aria-hidden", "open"] });
    listen(true);
    // Where a slide shown or hidden would show first: the holders of hidden text, read now, so that
    // a carousel's first turn in the watch is seen as a change.
    const startCache = readingCache();
    for (const el of slideHolders(startCache, 200)) {
      const text = visibleText(el, startCache);
      if (text) note(el, text, true);
    }
    const changed = () => [...seen.values()].some((e) => e.changes > 0);
    const changing = (e) => e.changes >= 2 && e.values.size >= 2;
    const lasted = (e) => changing(e) && e.times[e.times.length - 1] - e.times[0] > o.lasts;
    const gapOf = (e) => Math.max(0, ...e.times.slice(1).map((t, i) => t - e.times[i]));
    const grace = (e) => Math.min(o.graceMax, Math.max(o.graceMin, 1.5 * gapOf(e)));
    // Still to be told: followed, shown, changes seen for no more than o.lasts, and not past the
    // grace after its mark. (One change seen so far tells no rhythm: the longest grace.)
    const until = (e) => e.times[0] + o.lasts + (changing(e) ? grace(e) : o.graceMax);
    const open = (el, e, now) => e.times[0] - start <= o.follow && !lasted(e) && el.isConnected &&
      now <= until(e) && visible(el);
    // Nothing left in the page that could change it without a person acting (_activity.js).
    const still = () => !!(window.__a11yActivity && window.__a11yActivity.busy() === null);
    const couldChange = (ms) => !window.__a11yActivity || window.__a11yActivity.changeWithin(ms) !== null;
    // The delays of the interval timers still running (those the record of recent timers holds).
    const intervals = () => (window.__a11yActivity ? window.__a11yActivity.startedSince(0) : [])
      .filter(([kind]) => kind === "interval").map(([, , ms]) => ms);
    // A document with no change at all in the first o.quiet ms has no text changing faster than
    // that: on a page with nothing left that could change it, stop there; on one with a timer or
    // the like, look for a first change until o.follow (text that changes every few seconds).
    const look = () => { handle(observer.takeRecords()); lookUp(); };
    if (!quiet) await sleep(Math.min(o.max, o.quiet));
    look();
    let cut = false;  // o.max came before every followed element was told
    if (!quiet && (changed() || couldChange(start + o.follow - performance.now()))) {
      for (;;) {
        look();
        const now = performance.now();
        const waiting = [...seen].filter(([el, e]) => open(el, e, now));
        // A first change may still come, and be followed: before o.follow, from something in the
        // page that could make it by then (a timer due later, a CSS animation, cannot).
        const looking = now - start < o.follow && couldChange(start + o.follow - now);
        if ((!waiting.length && !looking) || still()) break;
        if (now - start >= o.max) { cut = true; break; }
        // Sleep until the next mark or grace ends, or a change comes (checked every 250 ms).
        const next = Math.min(...waiting.map(([, e]) => until(e)), looking ? start + o.follow : Infinity);
        await sleep(Math.min(250, next - now + 1, start + o.max - now));
      }
    }
    look();
    observer.disconnect();
    listen(false);
    const now = performance.now();
    const running = still() ? [] : intervals();
    // Told too little: o.max came while it was followed, seen changing more than once, or once on a
    // page whose interval timer could change it again.
    const untold = (el, e) => cut && open(el, e, now) && (changing(e) || running.length > 0);
    let found = [...seen.entries()].filter(([el, e]) => (changing(e) || untold(el, e)) && el.isConnected);
    const elements = new Set(found.map(([el]) => el));
    found = found.filter(([el]) => ![...elements].some((other) => other !== el && el.contains(other)));
    const out = [];
    for (const [el, e] of found) {
      const kind = lasted(e) ? "changes" : untold(el, e) ? "unsure" : null;
      if (!kind || !visible(el) || !(el.innerText || "").trim() || !notAlone(el)) continue;
      out.push({ selector: selector(el), html: outer(el), kind, changes: e.changes,
                 span: e.times[e.times.length - 1] - e.times[0], every: e.times.length > 1 ? gapOf(e) : o.follow });
    }
    out.push(...movingTargets());
    return { targets: out, watched: now - start, intervals: running, inert: quiet };
  }

  // Whether nothing in the document could change its text by itself from now on, so that watching
  // it would see nothing: no script could run (no script element, no handler attribute or property
  // on it or its media, no listener the page added; its frames, of its origin, alike), it has
  // loaded (images, fonts, media metadata: nothing left to move its layout), and no animation or
  // transition runs (whose end the watch would see). What the watch sees changes text only through
  // the DOM changing (a script), or an animation's or a transition's end, or a scroll: with none of
  // these possible, a playing video or a still page alike, nothing can be seen however long it lasts.
  function inert(win = window) {
    let doc;
    try { doc = win.document; } catch (e) { return false; }  // another origin's frame: its script could reach us
    if (!doc || doc.readyState !== "complete" || (doc.fonts && doc.fonts.status !== "loaded")) return false;
    const activity = win.__a11yActivity;
    if (!activity) return false;
    const handlers = new Set(["onmessage"]);
    for (const o of [win, win.Document.prototype, win.HTMLElement.prototype, win.HTMLMediaElement.prototype]) {
      for (const k in o) if (k.startsWith("on")) handlers.add(k);
    }
    // Listeners added, and handler attributes. Not those for what has loaded already (a complete
    // document, its images, its media's metadata: checked below), whose events cannot come again
    // without a script; our tools add some (_activity.js "load", axe "loadedmetadata").
    const LOADED = new Set(["load", "loadedmetadata"]);
    const types = [...handlers].map((k) => k.slice(2)).filter((t) => !LOADED.has(t));
    if (activity.listensFor(types)) return false;
    const set = (o) => [...handlers].some((k) => { try { return o[k] != null; } catch (e) { return true; } });
    if (set(win) || set(doc)) return false;
    for (const root of roots(doc)) {
      if (root.querySelector("script, embed, portal, fencedframe")) return false;
      if ((root.getAnimations ? root.getAnimations() : []).some((a) => a.playState === "running" || a.pending)) return false;
      for (const el of root.querySelectorAll("*")) {
        if (el.getAttributeNames().some((n) => n.startsWith("on"))) return false;
        if (el.localName === "img" && !el.complete) return false;
        if (el instanceof win.HTMLMediaElement && (set(el) || (el.readyState < 1 && !el.error && el.networkState !== 3) ||
            [...el.textTracks].some((t) => t.oncuechange))) return false;
      }
    }
    // Its frames (iframes, objects showing a document) are asked the same.
    for (let i = 0; i < win.frames.length; i++) if (!inert(win.frames[i])) return false;
    return true;
  }

  // The elements whose text moves for more than 5 seconds, not alone on the page (movingText).
  function movingTargets() {
    const out = [];
    for (const [el, how] of movingText()) {
      if (!notAlone(el)) continue;
      out.push({ selector: selector(el), html: outer(el), kind: "moves", how });
    }
    return out;
  }

  // Tell the page the pointer has left it (mouseout, mouseleave and their pointer events, from the
  // elements under it), as it does when a person who clicked a control moves on: a carousel that
  // stops only while the pointer rests on it (Bootstrap's pause on hover) is not stopped by the
  // control the pointer was brought to.
  function pointerAway() {
    const hovered = [...document.querySelectorAll(":hover")];
    const deepest = hovered[hovered.length - 1];
    if (!deepest) return;
    for (const type of ["pointerout", "mouseout"]) {
      deepest.dispatchEvent(new (type[0] === "p" ? PointerEvent : MouseEvent)(type, { bubbles: true, relatedTarget: null }));
    }
    for (const el of hovered.reverse()) {
      el.dispatchEvent(new PointerEvent("pointerleave", { relatedTarget: null }));
      el.dispatchEvent(new MouseEvent("mouseleave", { relatedTarget: null }));
    }
  }

  // Whether the text at `sel` has stopped (its visible text unchanged for `ms`, no lasting motion) or
  // is hidden. The control just clicked may change it once first (a slide it moved to, with a
  // transition): the text's own transitions and animations may end first (within 2 s).
  async function textStopped(sel, ms) {
    const el = document.querySelector(sel);
    if (!el || !visible(el)) return true;
    pointerAway();
    const sleep = (t) => new Promise((r) => setTimeout(r, t));
    const moving = () => document.getAnimations().some((a) => a.playState === "running" && a.effect && a.effect.target &&
      el.contains(a.effect.target) && a.effect.getComputedTiming().activeDuration !== Infinity);
    for (const end = performance.now() + 2000; moving() && performance.now() < end;) await sleep(100);
    const before = visibleText(el);
    for (const end = performance.now() + ms; performance.now() < end;) {
      await sleep(Math.min(250, end - performance.now()));
      if (!el.isConnected || !visible(el) || !visibleText(el)) return true;
      if (visibleText(el) !== before) return false;
    }
    return !movingText().has(el);
  }

  window.__a11yMotion = { selector, outer, visible, programmaticallyHidden, roots, find, ROLES, refreshTime, name,
    instruments, watchText, movingTargets, textStopped };
})();
