// Added to every document and frame before its own scripts (ChecksEngine.init_scripts).
// Keeps count of what could still change the page by itself once it has loaded: timers,
// animation frames, connections, requests in flight, workers, and when the DOM last changed.
// window.__a11yActivity.busy() names the first such thing it finds, or returns null for a page
// that nothing can change any more without a person acting on it. The page's own calls keep
// their behaviour: the wrappers pass every argument and return value through.
(() => {
  if (window.__a11yActivity) return;
  const timeouts = new Set();
  const intervals = new Set();
  const frames = new Set();
  let idles = 0, inflight = 0, sockets = 0, workers = 0, lastMutation = -Infinity;

  const wrap = (name, replace) => {
    const original = window[name];
    if (typeof original === "function") window[name] = replace(original);
  };
  wrap("setTimeout", (orig) => function (fn, ms, ...rest) {
    let id;
    const run = typeof fn === "function" ? function (...a) { timeouts.delete(id); return fn.apply(this, a); } : fn;
    id = orig.call(this, run, ms, ...rest);
    if (typeof fn === "function") timeouts.add(id);
    return id;
  });
  wrap("clearTimeout", (orig) => function (id) { timeouts.delete(id); return orig.call(this, id); });
  wrap("setInterval", (orig) => function (...args) { const id = orig.apply(this, args); intervals.add(id); return id; });
  wrap("clearInterval", (orig) => function (id) { intervals.delete(id); return orig.call(this, id); });
  wrap("requestAnimationFrame", (orig) => function (fn) {
    let id;
    id = orig.call(this, function (t) { frames.delete(id); return fn.call(this, t); });
    frames.add(id);
    return id;
  });
  wrap("cancelAnimationFrame", (orig) => function (id) { frames.delete(id); return orig.call(this, id); });
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
      this.addEventListener("loadend", () => { inflight--; }, { once: true });
      return send.apply(this, args);
    };
  }
  for (const name of ["WebSocket", "EventSource"]) {
    const Original = window[name];
    if (typeof Original !== "function") continue;
    const Counted = function (...args) {
      const s = new Original(...args);
      sockets++;
      s.addEventListener(name === "WebSocket" ? "close" : "error", () => {
        if (name === "WebSocket" || s.readyState === 2) sockets--;
      });
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
  // Scripts that react to the window's size or orientation (for the orientation check).
  let reactsToLayout = 0;
  const LAYOUT_EVENTS = new Set(["resize", "orientationchange"]);
  const addListener = window.addEventListener;
  window.addEventListener = function (type, ...rest) {
    if (LAYOUT_EVENTS.has(String(type).toLowerCase())) reactsToLayout++;
    return addListener.call(this, type, ...rest);
  };
  wrap("matchMedia", (orig) => function (...args) { reactsToLayout++; return orig.apply(this, args); });
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
    const running = document.getAnimations ? document.getAnimations().filter((a) => a.playState !== "finished") : [];
    if (running.length) return `${running.length} animation(s)`;
    if (document.querySelector("marquee, blink, animate, animateMotion, animateTransform, set")) {
      return "a marquee or SVG animation";
    }
    for (const m of document.querySelectorAll("video, audio")) if (!m.paused) return "media playing";
    for (const img of document.images) if (!img.complete) return "an image still loading";
    if (performance.now() - lastMutation < RECENT) return "the DOM changed just now";
    return null;
  }
  // When the DOM last changed (the page's own changes since it loaded): a check that compares two
  // moments of the page learns from it whether anything else changed in between.
  const lastChange = () => lastMutation;
  Object.defineProperty(window, "__a11yActivity", { value: { busy, layoutScript, lastChange }, enumerable: false });
})();
