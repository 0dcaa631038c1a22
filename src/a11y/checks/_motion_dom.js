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

  const WS = /[\t\n\f\r ]/;
  // HTML's "shared declarative refresh steps" on a meta refresh content value: the time in
  // seconds, or null where the steps return early (an invalid instruction, which does nothing).
  function refreshTime(input) {
    let pos = 0;
    const skipWs = () => { while (pos < input.length && WS.test(input[pos])) pos++; };
    skipWs();
    let time = 0;
    const start = pos;
    while (pos < input.length && input[pos] >= "0" && input[pos] <= "9") pos++;
    const timeString = input.slice(start, pos);
    if (timeString === "") {
      if (input[pos] !== ".") return null;
    } else {
      time = Number(timeString);
    }
    while (pos < input.length && ((input[pos] >= "0" && input[pos] <= "9") || input[pos] === ".")) pos++;
    if (pos < input.length) {
      if (!(input[pos] === ";" || input[pos] === "," || WS.test(input[pos]))) return null;
      skipWs();
      if (input[pos] === ";" || input[pos] === ",") pos++;
      skipWs();
    }
    if (pos < input.length) {
      let urlString = input.slice(pos);
      let p = pos;
      const lower = (i) => (input[i] || "").toLowerCase();
      let skipQuotes = false;
      if (lower(p) === "u" && lower(p + 1) === "r" && lower(p + 2) === "l") {
        p += 3;
        while (p < input.length && WS.test(input[p])) p++;
        if (input[p] === "=") {
          p++;
          while (p < input.length && WS.test(input[p])) p++;
          skipQuotes = true;
        }
      } else if (lower(p) !== "u") {
        skipQuotes = true;
      }
      if (skipQuotes) {
        let quote = "";
        if (input[p] === "'" || input[p] === '"') { quote = input[p]; p++; }
        urlString = input.slice(p);
        if (quote && urlString.includes(quote)) urlString = urlString.slice(0, urlString.indexOf(quote));
      }
      try { new URL(urlString, document.baseURI); } catch (e) { return null; }
    }
    return time;
  }


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

  // Elements a user could activate that are visible, in the accessibility tree and named
  // (the ACT "instrument" requirements). `near` is the element they would control: each
  // says whether it looks meant for it (name matches `pattern`, aria-controls names it, or
  // it sits in the same small container) and whether clicking it stays on the page.
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
      const href = el.localName === "a" ? (el.getAttribute("href") || "") : "";
      const submits = (el.type === "submit" || el.type === "image") && !!el.form;
      const leaves = (href && !/^(#|javascript:)/i.test(href.trim())) || el.getAttribute("target");
      out.push({ selector: selector(el), name: n.slice(0, 80), relevant: !!relevant, safe: !submits && !leaves });
    }
    return out;
  }

  window.__a11yMotion = { selector, outer, visible, programmaticallyHidden, refreshTime, name, instruments };
})();
