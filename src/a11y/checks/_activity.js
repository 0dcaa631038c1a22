// Added to every document and frame before its own scripts (ChecksEngine.init_scripts).
// Keeps count of what could still change the page by itself once it has loaded: timers,
// animation frames, connections, requests in flight, workers, and when the DOM last changed.
// window.__a11yActivity.busy() names the first such thing it finds, or returns null for a page
// that nothing can change any more without a person acting on it. The page's own calls keep
// their behaviour: the wrappers pass every argument and return value through.
(() => {
  if (window.__a11yActivity) return;
  const timeouts = new Map();  // id -> when it is due (performance.now())
  const intervals = new Map();  // id -> [when it last ran (or was started), its delay]
  const frames = new Set();
  let idles = 0, inflight = 0, sockets = 0, workers = 0, lastMutation = -Infinity;

  const wrap = (name, replace) => {
    const original = window[name];
    if (typeof original === "function") window[name] = replace(original);
  };
  // The timers, intervals and animation frames started lately, in order ([kind, id, delay]), and
  // how many were ever started: a probe that fires the page's handlers (_key_probe.py) learns
  // what they started, and cancels it (cancelSince) so that the page is left as it was.
  // Each record's fourth item is its root: the count (mark) when the first timer of its chain was
  // started, a timer started by a timer's or an interval's callback keeping the root of the one that
  // ran it. A timer that re-arms itself (a poll) keeps the root it had when the page started it, so
  // causedSince(mark) tells the timers something done since mark started (a hover's handlers) from
  // a poll that is always pending.
  // The root stays the callback's for the microtasks it queued (an async function's continuation
  // after `await new Promise((r) => setTimeout(r, 500))` starts the poll's next timer), a few
  // microtask turns after it returns; a task that runs afterwards (a hover's listener) has none.
  // The fifth is when it was started (performance.now()): a caller waiting for a timer can tell
  // one that is due, and runs as soon as the page gets its turn (late on a busy machine), from one
  // still to come.
  const recent = [];
  let made = 0;
  let running = null;  // the root of the timer or interval callback running now (or its microtasks)
  let turn = 0;  // which rooted callback ran last
  const TURNS = 32;  // microtask turns the root is kept after the callback returns
  const later = typeof queueMicrotask === "function" ? queueMicrotask.bind(window) :
    (fn) => Promise.resolve().then(fn);
  const note = (kind, id, ms, root = made) => {
    made++;
    recent.push([kind, id, ms, root, performance.now()]);
    if (recent.length > 200) recent.shift();
  };
  const rootNow = () => (running !== null ? running : made);
  const rooted = (fn, root) => function (...a) {
    const mine = ++turn;
    running = root;
    try { return fn.apply(this, a); } finally {
      // Reset after the microtasks the callback queued, each turn queued behind those they queue.
      let left = TURNS;
      const reset = () => {
        if (turn !== mine) return;  // a later callback's own reset takes over (timers never nest)
        if (--left > 0) later(reset);
        else running = null;
      };
      later(reset);
    }
  };
  wrap("setTimeout", (orig) => function (fn, ms, ...rest) {
    let id;
    const root = rootNow();
    const run = typeof fn === "function" ? rooted(function (...a) { timeouts.delete(id); return fn.apply(this, a); }, root) : fn;
    id = orig.call(this, run, ms, ...rest);
    if (typeof fn === "function") timeouts.set(id, performance.now() + (Number(ms) || 0));
    note("timeout", id, Number(ms) || 0, root);
    return id;
  });
  wrap("clearTimeout", (orig) => function (id) { timeouts.delete(id); return orig.call(this, id); });
  wrap("setInterval", (orig) => function (fn, ...rest) {
    const root = rootNow();
    let id;
    // Each run notes when it ran: the next is due a delay after it (late on a busy machine).
    const ran = typeof fn === "function" ? function (...a) {
      const entry = intervals.get(id);
      if (entry) entry[0] = performance.now();
      return fn.apply(this, a);
    } : fn;
    id = orig.call(this, typeof ran === "function" ? rooted(ran, root) : ran, ...rest);
    intervals.set(id, [performance.now(), Number(rest[0]) || 0]);
    note("interval", id, Number(rest[0]) || 0, root);
    return id;
  });
  wrap("clearInterval", (orig) => function (id) { intervals.delete(id); return orig.call(this, id); });
  wrap("requestAnimationFrame", (orig) => function (fn) {
    let id;
    id = orig.call(this, function (t) { frames.delete(id); return fn.call(this, t); });
    frames.add(id);
    note("frame", id, 0);
    return id;
  });
  wrap("cancelAnimationFrame", (orig) => function (id) { frames.delete(id); return orig.call(this, id); });
  const mark = () => made;
  // Whether one of them ([kind, id, delay]) is still to run; those started since mark that are.
  const pending = ([kind, id]) => (kind === "timeout" ? timeouts.has(id) : kind === "interval" ? intervals.has(id) :
    frames.has(id));
  const startedSince = (since) => recent.slice(Math.max(0, recent.length - (made - since))).filter(pending);
  // Those of startedSince whose chain began since mark (not a poll the page started before).
  const causedSince = (since) => startedSince(since).filter((r) => r[3] >= since);
  const cancelSince = (since) => {
    for (const [kind, id] of startedSince(since)) {
      if (kind === "timeout") clearTimeout(id);
      else if (kind === "interval") clearInterval(id);
      else cancelAnimationFrame(id);
    }
  };
  wrap("requestIdleCallback", (orig) => function (fn, ...rest) {
    idles++;
    return orig.call(this, function (...a) { idles--; return fn.apply(this, a); }, ...rest);
  });
  wrap("fetch", (orig) => function (...args) {
    inflight++;
    const done = () => { inflight--; };
    const p = orig.apply(this, args);
    p.then(done, done);
    return p;
  });
  if (window.XMLHttpRequest) {
    const send = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.send = function (...args) {
      inflight++;
      asOurs(() => this.addEventListener("loadend", () => { inflight--; }, { once: true }));
      return send.apply(this, args);
    };
  }
  for (const name of ["WebSocket", "EventSource"]) {
    const Original = window[name];
    if (typeof Original !== "function") continue;
    const Counted = function (...args) {
      const s = new Original(...args);
      sockets++;
      asOurs(() => s.addEventListener(name === "WebSocket" ? "close" : "error", () => {
        if (name === "WebSocket" || s.readyState === 2) sockets--;
      }));
      return s;
    };
    Counted.prototype = Original.prototype;
    Object.assign(Counted, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
    window[name] = Counted;
  }
  for (const name of ["Worker", "SharedWorker"]) {
    const Original = window[name];
    if (typeof Original !== "function") continue;
    const Counted = function (...args) { workers++; return new Original(...args); };
    Counted.prototype = Original.prototype;
    window[name] = Counted;
  }
  // Our checks' own nodes (marked data-a11y-own: a probe, a style they add and take away) are
  // not the page changing by itself.
  const ours = (n) => n.nodeType === 1 && n.hasAttribute("data-a11y-own");
  const theirs = (r) => {
    if (ours(r.target)) return false;
    if (r.type === "attributes") return !(r.attributeName || "").startsWith("data-a11y");
    const nodes = r.type === "childList" ? [...r.addedNodes, ...r.removedNodes] : [];
    return !(nodes.length && nodes.every(ours));
  };
  // Event types the page listens for (for the keyboard-trap check). Our own code registers
  // its listeners inside asOurs(), which keeps them out of the record.
  let ownCode = 0;
  const listened = new Set();
  const asOurs = (fn) => { ownCode++; try { return fn(); } finally { ownCode--; } };
  // Key listeners themselves, kept so that a probe with made-up key events (_key_probe.py) can
  // tell whether one looks at event.isTrusted, which such events cannot pass.
  const KEY_EVENTS = new Set(["keydown", "keyup", "keypress"]);
  const keyListeners = [];
  // Elements with a pointer listener of their own (for the custom-control check): a listener on
  // an ancestor (delegation) names no control.
  const POINTER_EVENTS = new Set(["click", "mousedown", "mouseup", "pointerdown", "pointerup"]);
  const pointed = new WeakSet();
  let pointedAny = 0;
  // Elements with a listener of their own for the pointer coming over them (for the hover check):
  // held weakly, in the order made, so that the check can list them without a walk.
  const HOVER_EVENTS = new Set(["mouseover", "mouseenter", "pointerover", "pointerenter"]);
  const hoverSeen = new WeakSet();
  const hoverers = [];
  const noteHover = (el) => {
    if (hoverSeen.has(el) || hoverers.length >= 5000) return;
    hoverSeen.add(el);
    hoverers.push(new WeakRef(el));
  };
  // Targets of listeners for media metadata. Such a listener hears nothing more once its media
  // element has its metadata (or has failed, or has no source) until a script loads it again,
  // and that script's own trigger counts. axe adds one to every media element it reads and
  // leaves it there where the metadata had loaded already (keyScript).
  const metadataTargets = [];
  const addAny = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (type, listener, ...rest) {
    const t = String(type).toLowerCase();
    if (!ownCode && listener) {
      listened.add(t);
      if (t === "loadedmetadata") metadataTargets.push(metadataTargets.length < 1000 ? new WeakRef(this) : null);
      if (KEY_EVENTS.has(t) && keyListeners.length < 1000) keyListeners.push(listener);
      if (POINTER_EVENTS.has(t) && this instanceof Element) { pointed.add(this); pointedAny++; }
      if (HOVER_EVENTS.has(t) && this instanceof Element) noteHover(this);
    }
    return addAny.call(this, type, listener, ...rest);
  };
  // Closed shadow roots a script made: their elements cannot be looked through for handlers.
  // Open ones, whether a script (attachShadow) or the parser (a declarative
  // <template shadowrootmode=open>, which calls no attachShadow) made them: checks that look
  // through shadow roots skip the walk on a page with none (openRootCount).
  let closedRoots = 0, openRoots = 0;
  const counted = new WeakSet();
  const attachShadow = Element.prototype.attachShadow;
  if (typeof attachShadow === "function") {
    Element.prototype.attachShadow = function (init, ...rest) {
      const root = attachShadow.call(this, init, ...rest);
      if (!counted.has(root)) {
        counted.add(root);
        if (init && init.mode === "closed") closedRoots++;
        else openRoots++;
      }
      return root;
    };
  }
  // The open shadow roots the parser made under node (nested ones too), counted once each.
  const countParsed = (node) => {
    const roots = [node];
    for (let i = 0; i < roots.length; i++) {
      for (const el of roots[i].querySelectorAll("*")) {
        const root = el.shadowRoot;
        if (!root) continue;
        roots.push(root);
        if (!counted.has(root)) { counted.add(root); openRoots++; }
      }
    }
  };
  // Once the document is parsed; and after setHTMLUnsafe, which parses declarative roots too.
  // (innerHTML does not; nor are closed declarative roots seen: el.shadowRoot is null for them.)
  if (document.readyState === "loading") {
    asOurs(() => document.addEventListener("DOMContentLoaded", () => countParsed(document), { capture: true, once: true }));
  } else countParsed(document);
  for (const proto of [Element.prototype, window.ShadowRoot && ShadowRoot.prototype]) {
    const set = proto && Object.getOwnPropertyDescriptor(proto, "setHTMLUnsafe");
    if (!set || typeof set.value !== "function") continue;
    Object.defineProperty(proto, "setHTMLUnsafe", { ...set, value: function (...args) {
      const out = set.value.apply(this, args);
      if (this.nodeType === 1 && this.shadowRoot && !counted.has(this.shadowRoot)) {
        counted.add(this.shadowRoot);
        openRoots++;
      }
      countParsed(this);
      return out;
    } });
  }
  let watchesView = 0;  // IntersectionObservers: focus scrolling an element into view calls them
  if (typeof window.IntersectionObserver === "function") {
    const Original = window.IntersectionObserver;
    const Counted = function (...args) { if (!ownCode) watchesView++; return new Original(...args); };
    Counted.prototype = Original.prototype;
    window.IntersectionObserver = Counted;
  }

  // Scripts that react to the window's size or orientation (for the orientation check).
  let reactsToLayout = 0;
  const LAYOUT_EVENTS = new Set(["resize", "orientationchange"]);
  const addListener = window.addEventListener;
  window.addEventListener = function (type, ...rest) {
    if (LAYOUT_EVENTS.has(String(type).toLowerCase())) reactsToLayout++;
    return addListener.call(this, type, ...rest);
  };
  wrap("matchMedia", (orig) => function (...args) { if (!ownCode) reactsToLayout++; return orig.apply(this, args); });
  for (const name of ["ResizeObserver"]) {
    const Original = window[name];
    if (typeof Original !== "function") continue;
    const Counted = function (...args) { reactsToLayout++; return new Original(...args); };
    Counted.prototype = Original.prototype;
    window[name] = Counted;
  }
  if (window.screen && screen.orientation && screen.orientation.addEventListener) {
    const add = screen.orientation.addEventListener;
    screen.orientation.addEventListener = function (...args) { reactsToLayout++; return add.apply(this, args); };
  }
  function layoutScript() {
    if (reactsToLayout) return "a script watches the window's size or orientation";
    if (window.onresize || window.onorientationchange || (screen.orientation && screen.orientation.onchange)) {
      return "a script watches the window's size or orientation";
    }
    return null;
  }

  // The parser building the document is not the page changing: count from the load event on
  // (this listener comes before the page's own, so changes its load handlers make count).
  let loaded = document.readyState === "complete";
  window.addEventListener("load", () => { loaded = true; }, { capture: true, once: true });
  new MutationObserver((records) => { if (loaded && records.some(theirs)) lastMutation = performance.now(); })
    .observe(document, { subtree: true, childList: true, characterData: true, attributes: true });

  // How recently the DOM changed counts as "still changing" (ms).
  const RECENT = 500;
  function busy() {
    if (document.readyState !== "complete") return "the document is still loading";
    if (intervals.size) return `${intervals.size} interval timer(s)`;
    if (timeouts.size) return `${timeouts.size} pending timer(s)`;
    if (frames.size) return "an animation frame callback";
    if (idles) return "an idle callback";
    if (inflight) return `${inflight} request(s) in flight`;
    if (sockets) return "an open WebSocket or EventSource";
    if (workers) return "a worker";
    // document.getAnimations() leaves out shadow trees: their roots are asked too when the page has any.
    const animated = [document];
    if (openRoots) {
      for (let i = 0; i < animated.length; i++) {
        for (const el of animated[i].querySelectorAll("*")) if (el.shadowRoot) animated.push(el.shadowRoot);
      }
    }
    const running = animated.flatMap((r) => (r.getAnimations ? r.getAnimations() : []))
      .filter((a) => a.playState !== "finished");
    if (running.length) return `${running.length} animation(s)`;
    if (document.querySelector("marquee, blink, animate, animateMotion, animateTransform, set")) {
      return "a marquee or SVG animation";
    }
    for (const m of document.querySelectorAll("video, audio")) if (!m.paused) return "media playing";
    for (const img of document.images) if (!img.complete) return "an image still loading";
    if (performance.now() - lastMutation < RECENT) return "the DOM changed just now";
    return null;
  }
  // What could still change the page's text within `ms` from now, named, or null: the document
  // loading, an interval or a timer that fires by then, an animation frame, an idle callback, a
  // request, a connection, a worker, playing media (a script may show its time), the DOM changing
  // just now. Unlike busy(), not what only moves or shows text (CSS and Web animations, a
  // marquee, SVG animation: looked at apart), images loading, or timers due later than that.
  function changeWithin(ms) {
    const now = performance.now();
    if (document.readyState !== "complete") return "the document is still loading";
    // An interval is due a delay after it last ran (or was started); one overdue runs as soon as
    // the page gets its turn.
    for (const [last, every] of intervals.values()) if (last + every - now <= ms) return "an interval timer";
    for (const due of timeouts.values()) if (due - now <= ms) return "a timer due";
    if (frames.size) return "an animation frame callback";
    if (idles) return "an idle callback";
    if (inflight) return `${inflight} request(s) in flight`;
    if (sockets) return "an open WebSocket or EventSource";
    if (workers) return "a worker";
    for (const m of document.querySelectorAll("video, audio")) if (!m.paused) return "media playing";
    if (now - lastMutation < RECENT) return "the DOM changed just now";
    return null;
  }
  // Events that neither a Tab press nor focus moving (nor its scrolling an element into view)
  // can fire: a page listening only for these cannot answer the Tab key.
  const DEAF = new Set(("load domcontentloaded readystatechange beforeunload unload pagehide pageshow " +
    "error abort click dblclick auxclick contextmenu mousedown mouseup mousemove mouseover mouseout " +
    "mouseenter mouseleave pointerdown pointerup pointermove pointerover pointerout pointerenter " +
    "pointerleave pointercancel gotpointercapture lostpointercapture touchstart touchend touchmove " +
    "touchcancel wheel drag dragstart dragend dragenter dragleave dragover drop submit reset change " +
    "input beforeinput copy cut paste storage online offline hashchange popstate languagechange " +
    "resize orientationchange beforeprint afterprint").split(" "));
  // Why a script in this document might answer a Tab press or a focus change (by moving focus
  // back, say), or null: nothing but the browser's own focus navigation can happen here.
  // Events the browser itself fires that are not DEAF (a page's own event names reach a listener
  // only when one of its scripts dispatches them, and that script's own trigger is what counts).
  // Read once a document: walking the prototypes' properties took about 0.5 ms a call.
  let heardNames = null;
  const heardEvents = () => {
    if (heardNames) return heardNames;
    const names = new Set(["focusin", "focusout", "domfocusin", "domfocusout", "domactivate"]);
    for (const o of [HTMLElement.prototype, Document.prototype, window]) {
      for (const k in o) if (k.startsWith("on")) names.add(k.slice(2));
    }
    heardNames = [...names].filter((t) => !DEAF.has(t));
    return heardNames;
  };
  // With probed, listeners and handlers for key and focus events do not count: the caller fires
  // those itself (made-up key events, focus moved by script; _key_probe.py). A key listener that
  // checks event.isTrusted, which made-up events cannot pass, still counts.
  const PROBED = new Set([...KEY_EVENTS, "focus", "blur", "focusin", "focusout"]);
  const metadataLoaded = () => metadataTargets.every((ref) => {
    const m = ref && ref.deref();
    if (ref && !m) return true;  // collected: nothing left to hear it
    return !!m && (m.localName === "video" || m.localName === "audio") &&
      (m.readyState >= 1 || !!m.error || m.networkState === 3);  // 3: NETWORK_NO_SOURCE
  });
  function keyScript(probed = false) {
    const events = heardEvents().filter((t) => !(probed && PROBED.has(t)));
    const heard = events.filter((t) => listened.has(t) && !(t === "loadedmetadata" && metadataLoaded()));
    if (heard.length) return `a script listens for ${heard.slice(0, 3).join(", ")} events`;
    const trusting = (fn) => /\bisTrusted\b/.test(String(fn && typeof fn === "object" ? fn.handleEvent : fn));
    if (probed && keyListeners.some(trusting)) return "a key listener tells real key presses from made-up ones";
    if (watchesView) return "a script watches elements come into view";
    if (closedRoots) return "a script made a closed shadow root";
    if (reactsToLayout) return "a script watches the layout";
    if (document.querySelector("object, embed, applet")) return "the page embeds a plugin";
    try { if (document.querySelector(":modal")) return "a modal dialog is open"; } catch (e) { /* old engine */ }
    // Handlers set as properties or attributes (onblur="this.focus()"), on any element of the
    // document or its open shadow roots, on the document, or on the window. (Not seen: handler
    // attributes inside a closed shadow root written in the HTML itself, a declarative one.)
    const names = events.map((t) => "on" + t);
    const set = (o) => names.some((k) => { try { return o[k] != null; } catch (e) { return false; } }) ||
      (probed && [...KEY_EVENTS].some((t) => { try { return trusting(o["on" + t]); } catch (e) { return false; } }));
    if (set(window) || set(document)) return "a script handles key or focus events";
    const roots = [document];
    for (let i = 0; i < roots.length; i++) for (const el of roots[i].querySelectorAll("*")) {
      if (el.shadowRoot) roots.push(el.shadowRoot);
      if (set(el)) return `an element handles key or focus events (${el.localName})`;
    }
    return busy();
  }
  // Handler properties a script sets (el.onclick = fn) are noted as they are set, like
  // listeners, so that asking needs no walk over every element (listensFor, answersPointer).
  const handled = new Set();  // event types with a handler property set (listened: listeners)
  const NOTED = [...POINTER_EVENTS, ...HOVER_EVENTS, "focus", "blur", "focusin", "focusout", "input", "change", "beforeinput",
    ...KEY_EVENTS];
  for (const proto of [HTMLElement.prototype, SVGElement.prototype, Document.prototype]) {
    for (const t of NOTED) {
      const d = Object.getOwnPropertyDescriptor(proto, "on" + t);
      if (!d || !d.set || !d.configurable) continue;
      Object.defineProperty(proto, "on" + t, { ...d, set(v) {
        if (v != null && !ownCode) {
          handled.add(t);
          if (POINTER_EVENTS.has(t) && this instanceof Element) { pointed.add(this); pointedAny++; }
          if (HOVER_EVENTS.has(t) && this instanceof Element) noteHover(this);
        }
        return d.set.call(this, v);
      } });
    }
  }
  const attributes = (types) => types.map((t) => `[on${t}]`).join(",");
  // Whether el itself answers the pointer (a listener, or a handler property or attribute).
  const answersPointer = (el) => pointed.has(el) || el.matches(attributes([...POINTER_EVENTS]));
  // Whether a script listens for one of these events: a listener or handler property (noted as
  // they are made), or a handler attribute in the document (or in an open shadow root: those are
  // looked through only when the page made one).
  function listensFor(types) {
    if (types.some((t) => listened.has(t) || handled.has(t))) return true;
    // The window's handler properties are its own (not on a prototype): read them.
    if (types.some((t) => { try { return window["on" + t] != null; } catch (e) { return false; } })) return true;
    const selector = attributes(types);
    if (document.querySelector(selector)) return true;
    if (!openRoots) return false;
    const roots = [document];
    for (let i = 0; i < roots.length; i++) for (const el of roots[i].querySelectorAll("*")) {
      if (el.shadowRoot) roots.push(el.shadowRoot);
      if (i > 0 && el.matches(selector)) return true;
    }
    return false;
  }
  // Whether any element answers the pointer itself (answersPointer).
  const anyPointed = () => pointedAny > 0 || openRoots > 0 || !!document.querySelector(attributes([...POINTER_EVENTS]));
  // The elements that answer the pointer coming over them themselves (a listener, a handler
  // property or attribute; in the document and open shadow roots the record saw), at most max.
  const hovered = (max = 1000) => {
    const out = [];
    for (const r of hoverers) { const el = r.deref(); if (el && el.isConnected) out.push(el); }
    const attrs = attributes([...HOVER_EVENTS]);
    for (const el of document.querySelectorAll(attrs)) if (!hoverSeen.has(el)) out.push(el);
    return out.slice(0, max);
  };
  // When the DOM last changed (the page's own changes since it loaded): a check that compares two
  // moments of the page learns from it whether anything else changed in between.
  const lastChange = () => lastMutation;
  Object.defineProperty(window, "__a11yActivity", { value: { busy, changeWithin, layoutScript, lastChange, keyScript, listensFor, answersPointer, anyPointed, hovered, openRootCount: () => openRoots, closedRootCount: () => closedRoots, asOurs, mark, startedSince, causedSince, pending,
    cancelSince }, enumerable: false });
})();
