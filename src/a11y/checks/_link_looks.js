// Links in blocks of text told apart from the text around them by more than colour (WCAG 1.4.1).
// ([asked, maxLinks]) => {passed, failed: [{selector, html, reason}], review: [...], asked: [verdict], cut}
// `asked`: axe targets (a selector, or selectors through shadow roots) of links to judge whatever
// their block holds; each gets "passed", "failed" or null (not judged). Uses window.__a11yMotion.
async ([asked, maxLinks]) => {
  const H = window.__a11yMotion;
  // Fonts still loading draw (and measure) as their fallback: wait for them, a moment at most.
  if (document.fonts && document.fonts.status !== "loaded") {
    await Promise.race([document.fonts.ready, new Promise((r) => setTimeout(r, 2000))]);
  }
  const NEEDED = 3;  // WCAG's G183: 3:1 between a link's colour and its text's, where colour alone marks it
  const WORDY = /[\p{L}\p{N}]/gu;
  const letters = (s) => (s.match(WORDY) || []).length;
  const WIDGET_ROLES = new Set(["button", "checkbox", "combobox", "link", "listbox", "menuitem", "menuitemcheckbox",
    "menuitemradio", "option", "radio", "scrollbar", "searchbox", "slider", "spinbutton", "switch", "tab",
    "textbox", "treeitem"]);
  const FORM_TAGS = new Set(["button", "input", "select", "textarea", "meter", "progress"]);
  const role = (el) => {
    const first = (el.getAttribute("role") || "").trim().toLowerCase().split(/\s+/).find((t) => H.ROLES.has(t));
    if (first && first !== "none" && first !== "presentation") return first;
    if ((el.localName === "a" || el.localName === "area") && el.hasAttribute("href")) return "link";
    return FORM_TAGS.has(el.localName) ? "button" : null;  // any widget: its text is not the text around
  };
  const parentOf = (n) => n.assignedSlot || n.parentElement || (n.parentNode && n.parentNode.host) || null;
  const kids = (n) => {
    if (n.shadowRoot) return n.shadowRoot.childNodes;
    if (n.localName === "slot") { const a = n.assignedNodes(); return a.length ? a : n.childNodes; }
    return n.childNodes;
  };
  const css = new Map();
  const style = (el) => { let s = css.get(el); if (!s) { s = getComputedStyle(el); css.set(el, s); } return s; };
  // Block containers a line of text lives in (axe's text blocks), and what is taken out of the line.
  const isBlock = (el) => /^(block|list-item|table|flex|grid|flow-root)\b|^table-/.test(style(el).display);
  const offLine = (s) => s.display === "none" || s.float !== "none" || s.position === "absolute" || s.position === "fixed";

  // --- the text of a block, as lines between <br>/<hr>: runs of text, each in a link or not ---
  // block -> [{links: Map(link -> [its text nodes]), around: [text nodes], linkLetters, aroundLetters}]
  const blocks = new Map();
  const sectionsOf = (block) => {
    if (blocks.has(block)) return blocks.get(block);
    const sections = [{ links: new Map(), around: [], linkLetters: 0, aroundLetters: 0 }];
    const shown = (t) => {
      const r = document.createRange();
      r.selectNodeContents(t);
      return r.getClientRects().length > 0 && style(t.parentElement || parentOf(t)).visibility === "visible";
    };
    const walk = (n, link) => {
      for (const c of kids(n)) {
        const here = sections[sections.length - 1];
        if (c.nodeType === 3) {
          const count = letters(c.data);
          if (!count || !(c.parentElement || parentOf(c)) || !shown(c)) continue;
          if (link) {
            here.links.get(link).push(c);
            here.linkLetters += count;
          } else {
            here.around.push(c);
            here.aroundLetters += count;
          }
          continue;
        }
        if (c.nodeType !== 1) continue;
        if (c.localName === "br" || c.localName === "hr") {
          sections.push({ links: new Map(), around: [], linkLetters: 0, aroundLetters: 0 });
          if (link) sections[sections.length - 1].links.set(link, []);  // a link broken over two lines
          continue;
        }
        const s = style(c);
        if (offLine(s) || isBlock(c)) continue;  // not in this line of text (a nested block has its own)
        const r = link ? null : role(c);
        if (r === "link") {
          here.links.set(c, []);
          walk(c, c);
        } else if (r && WIDGET_ROLES.has(r) || FORM_TAGS.has(c.localName)) {
          here.linkLetters += letters(c.textContent || "");
        } else {
          walk(c, link);
        }
      }
    };
    walk(block, null);
    blocks.set(block, sections);
    return sections;
  };
  const blockOf = (el) => {
    for (let e = parentOf(el); e; e = parentOf(e)) if (e.nodeType === 1 && isBlock(e)) return e;
    return null;
  };

  // --- how a run of text looks, and what sets two looks apart other than colour ---
  const canvas = document.createElement("canvas").getContext("2d");
  const widths = new Map();
  // A font's width on a probe text: fonts that render alike (one family under two names) measure alike.
  const fontWidth = (family) => {
    if (!widths.has(family)) {
      canvas.font = `400 20px ${family}`;
      widths.set(family, canvas.measureText("mmmmmiiiiiWWWWWlllll0123456789").width);
    }
    return widths.get(family);
  };
  // A computed colour as [r, g, b, a] (sRGB, any notation), or null: _colour.js, put in by
  // link_in_text._script.
  const parseColour = __A11Y_COLOUR__();
  const visibleLine = (s, side) => s[`${side}Style`] !== "none" && s[`${side}Style`] !== "hidden" &&
    parseFloat(s[`${side}Width`]) > 0 && (parseColour(s[`${side}Color`]) || [0, 0, 0, 1])[3] > 0;
  // What an element's ::before or ::after draws that shows at rest (an underline drawn as a bar
  // under the link, an icon after it): a mark, as a border is. "" where it draws nothing that
  // shows (not generated, hidden, see-through, no size, scaled to nothing: the bar of an
  // underline that only grows on hover), null where its styles cannot say.
  const EMPTY = /^("\s*"\s*)+$/;  // content of empty strings: no glyph, a box at most
  const pxOf = (v) => (/^-?[\d.]+px$/.test(v) ? parseFloat(v) : null);
  const generated = (el, pseudo) => {
    const s = getComputedStyle(el, pseudo);
    if (s.content === "none" || s.content === "normal" || s.display === "none") return "";
    if (s.visibility !== "visible" || parseFloat(s.opacity) === 0) return "";
    if (s.clipPath !== "none" || (s.maskImage || s.webkitMaskImage || "none") !== "none") return null;
    const text = !EMPTY.test(s.content) && (/url\(|gradient\(/.test(s.content) ||
      ((parseColour(s.color) || [0, 0, 0, 1])[3] > 0 && parseFloat(s.fontSize) > 0));
    const bg = parseColour(s.backgroundColor);
    if (!bg) return null;
    const box = bg[3] > 0 || s.backgroundImage !== "none" || s.boxShadow !== "none" ||
      ["borderTop", "borderBottom", "borderLeft", "borderRight", "outline"].some((side) => visibleLine(s, side));
    if (!text && !box) return "";
    // Its border box (from used sizes: Chromium gives them for a generated box that is laid
    // out), scaled by its transform. An empty inline box is as wide as its padding and borders.
    const px = (k) => pxOf(s[k]) || 0;
    const across = px("paddingLeft") + px("paddingRight") + px("borderLeftWidth") + px("borderRightWidth");
    const down = px("paddingTop") + px("paddingBottom") + px("borderTopWidth") + px("borderBottomWidth");
    const own = s.boxSizing === "border-box" ? 0 : 1;
    let w = pxOf(s.width), h = pxOf(s.height);
    if (w !== null) w += own * across;
    if (h !== null) h += own * down;
    if (w === null && /^inline\b/.test(s.display) && !text) {
      w = across;
      h = Math.max(h || 0, 1);  // an inline box spans its line's height
    }
    if (s.transform !== "none") {
      const m = /^matrix\(([^)]*)\)$/.exec(s.transform);
      if (!m) return null;  // a 3D transform: not judged from styles
      const [a, b, c, d] = m[1].split(",").map(Number);
      if (w !== null) w *= Math.hypot(a, b);
      if (h !== null) h *= Math.hypot(c, d);
      if (Math.abs(a * d - b * c) < 1e-6) return "";  // flattened to a line of no width
    }
    if (text) return (w === null || w >= 1) && (h === null || h >= 1) ? `content drawn by ${pseudo}` : "";
    if (w === null || h === null) return null;
    if (w >= 1 && h >= 1) return `a box drawn by ${pseudo}`;
    // No area: a shadow or outline may still be drawn around it.
    return s.boxShadow !== "none" || visibleLine(s, "outline") ? null : "";
  };
  const generatedMarks = new Map();  // element -> {marks: [...], unsure: bool}
  const generatedOf = (el) => {
    if (!generatedMarks.has(el)) {
      const found = ["::before", "::after"].map((pseudo) => generated(el, pseudo));
      generatedMarks.set(el, { marks: found.filter(Boolean), unsure: found.includes(null) });
    }
    return generatedMarks.get(el);
  };
  // What is drawn behind a run of text, inside its block: the backgrounds of the elements between
  // the text and the block, over the block's own (below). Two runs with nothing of their own
  // behind them share the block's background, whatever it is.
  const layersOf = (s) => {
    if (s.backgroundImage !== "none") return null;  // an image or gradient: CSS alone cannot tell
    const c = parseColour(s.backgroundColor);
    return c ? (c[3] > 0 ? [c] : []) : null;
  };
  // Layers (innermost first) composited over base; null when base is unknown and shows through.
  const over = (layers, base) => {
    const opaque = layers.findIndex((c) => c[3] >= 1);
    if (opaque >= 0) { layers = layers.slice(0, opaque + 1); base = [0, 0, 0]; }
    if (!base) return null;
    let out = base;
    for (const [r, g, b, a] of [...layers].reverse()) out = [r * a + out[0] * (1 - a), g * a + out[1] * (1 - a), b * a + out[2] * (1 - a)];
    return out;
  };
  const bases = new Map();
  // The colour behind the block: the first opaque background up the tree, with what lies on it.
  const baseOf = (block) => {
    if (bases.has(block)) return bases.get(block);
    let layers = [], base = [255, 255, 255];  // the canvas under everything
    for (let e = block; e; e = parentOf(e)) {
      if (e.nodeType !== 1) continue;
      const own = layersOf(style(e));
      if (own === null) { layers = null; break; }
      layers.push(...own);
      if (own.length && own[0][3] >= 1) break;
    }
    const colour = layers === null ? null : over(layers, base);
    bases.set(block, colour);
    return colour;
  };
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const contrast = (a, b) => {
    if (!a || !b) return null;
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const backContrast = (a, b, block) => {
    if (!a.behind || !b.behind) return null;
    if (!a.behind.length && !b.behind.length) return 1;  // both on the block's own background
    const base = baseOf(block);
    return contrast(over(a.behind, base), over(b.behind, base));
  };
  const looks = new Map();  // by the text's parent element: its runs of text look alike
  const lookOf = (text, block) => {
    const p = text.parentElement || parentOf(text);
    if (looks.has(p)) return looks.get(p);
    const s = style(p);
    const lines = new Set(), marks = new Set();
    let opacity = 1, behind = [], covered = false, unsure = "";  // unsure: whose ::before/::after is not judged
    for (let e = p; e && e !== block; e = parentOf(e)) {
      if (e.nodeType !== 1) continue;
      const es = style(e);
      if (behind && !covered) {  // innermost first; an opaque background hides what is further out
        const layers = layersOf(es);
        if (layers === null) behind = null;
        else { behind.push(...layers); covered = layers.some((c) => c[3] >= 1); }
      }
      const deco = parseColour(es.textDecorationColor);
      if (es.textDecorationLine !== "none" && (!deco || deco[3] > 0)) {
        for (const l of es.textDecorationLine.split(/\s+/)) if (l !== "blink") lines.add(l);
      }
      for (const side of ["borderBottom", "borderTop", "outline"]) if (visibleLine(es, side)) marks.add(side);
      if (es.backgroundImage !== "none") marks.add("background image");
      if (es.boxShadow !== "none") marks.add("shadow");
      const drawn = generatedOf(e);
      for (const m of drawn.marks) marks.add(m);
      if (drawn.unsure && !unsure) unsure = H.selector(e);
      opacity *= parseFloat(es.opacity);
    }
    const fill = parseColour(s.webkitTextFillColor) || parseColour(s.color);
    const look = {
      lines, marks,
      bold: parseFloat(s.fontWeight) >= 600,
      italic: s.fontStyle !== "normal",
      caps: s.fontVariantCaps !== "normal" || s.textTransform === "uppercase",
      size: parseFloat(s.fontSize),
      font: fontWidth(s.fontFamily),
      // A colour drawn see-through mixes with what is behind it: not judged from CSS alone.
      colour: fill && fill[3] >= 1 && opacity >= 1 ? fill.slice(0, 3) : null,
      behind,  // the layers inside the block (null: an image or gradient among them)
      unsure,
    };
    looks.set(p, look);
    return look;
  };
  // What tells two looks apart without colour (empty: nothing).
  const cues = (a, b) => {
    const out = [];
    const differ = (x, y) => [...x].some((v) => !y.has(v)) || [...y].some((v) => !x.has(v));
    if (differ(a.lines, b.lines)) out.push("text decoration");
    if (differ(a.marks, b.marks)) out.push([...a.marks, ...b.marks].join(", "));
    if (a.bold !== b.bold) out.push("weight");
    if (a.italic !== b.italic) out.push("style");
    if (a.caps !== b.caps) out.push("capitals");
    if (Math.max(a.size, b.size) >= 1.2 * Math.min(a.size, b.size)) out.push("size");
    if (Math.abs(a.font - b.font) > 0.04 * Math.max(a.font, b.font)) out.push("font");
    return out;
  };
  const squash = (s) => s.replace(/\s+/g, " ").trim();

  // --- a link's verdict: every run of its text told apart from the text around it ---
  // The text around a link is the line's running text: the look that most of its letters outside
  // links have (emphasis or code elsewhere in the sentence is not what a link must stand out from).
  const runningLook = (section, block) => {
    if (!section.running) {
      const count = new Map();  // look -> [letters, a sample of its text]
      for (const u of section.around) {
        const b = lookOf(u, block);
        const seen = count.get(b) || [0, squash(u.data).slice(0, 40)];
        seen[0] += letters(u.data);
        count.set(b, seen);
      }
      const [look, [, sample]] = [...count].reduce((x, y) => (y[1][0] > x[1][0] ? y : x));
      section.running = [look, sample];
    }
    return section.running;
  };
  const judge = (link, block, section) => {
    const own = section.links.get(link);
    if (!own || !own.length || !section.around.length) return null;  // nothing to compare
    let unsure = null;
    const how = new Set();  // what tells each run of the link from the running text
    const [b, sample] = runningLook(section, block);
    for (const a of new Set(own.map((t) => lookOf(t, block)))) {
      const differ = cues(a, b);
      if (differ.length) { how.add(differ.join(", ")); continue; }
      const text = contrast(a.colour, b.colour);
      if (text !== null && text >= NEEDED) { how.add(`a contrast of ${text.toFixed(2)}:1 between the colours`); continue; }
      const back = backContrast(a, b, block);
      if (back !== null && back >= NEEDED) { how.add(`a contrast of ${back.toFixed(2)}:1 between the backgrounds`); continue; }
      if (a.unsure || b.unsure) {
        unsure = unsure || `what the ::before or ::after of ${a.unsure || b.unsure} draws (clipped, masked, in 3D or ` +
          `of a size its styles do not give) may set this link apart from the text around it (\u201c${sample}\u201d); ` +
          `nothing else but colour does`;
        continue;
      }
      if (text === null || back === null) {
        unsure = unsure || `the link's colour or the colour behind it cannot be read from its styles (see-through, ` +
          `or an image or gradient behind it), and nothing but colour sets it apart from the text around it ` +
          `(\u201c${sample}\u201d)`;
        continue;
      }
      return { verdict: "failed", reason: `only colour tells this link from the text around it (\u201c${sample}\u201d): ` +
        `the same font, weight, style, size and decoration, and a contrast of ${text.toFixed(2)}:1 between their ` +
        `colours (${back.toFixed(2)}:1 between their backgrounds); at least ${NEEDED}:1 is needed where colour ` +
        `alone marks a link, or a cue such as an underline` };
    }
    return unsure ? { verdict: "cantTell", reason: unsure } : { verdict: "passed", how: [...how].join("; ") };
  };
  const verdictOf = (link, own) => {
    const block = blockOf(link);
    if (!block || isBlock(link)) return null;
    const section = sectionsOf(block).find((s) => s.links.has(link));
    if (!section) return null;
    // A link in a block of text: more of the line's text is outside links and controls than in them
    // (axe's measure; a list of links, or a link alone in its paragraph, is not in a block of text).
    if (!own && section.aroundLetters <= section.linkLetters) return null;
    return judge(link, block, section);
  };

  const out = { passed: 0, failed: [], review: [], asked: [], cut: 0 };
  const done = new Map();
  out.asked = (asked || []).map((t) => {
    const el = H.find(t);
    if (!el) return null;
    if (!done.has(el)) done.set(el, verdictOf(el, true));
    const v = done.get(el);
    return v && v.verdict !== "cantTell" ? [v.verdict, v.how || v.reason] : null;
  });
  let judged = 0;
  for (const root of H.roots()) for (const el of root.querySelectorAll("a[href], area[href], [role]")) {
    // A link axe asked about is reported whatever else holds: its verdict decides axe's item.
    const known = done.has(el);
    if (!known && (role(el) !== "link" || H.programmaticallyHidden(el))) continue;
    if (!known && judged >= maxLinks) { out.cut++; continue; }  // a page with more says so
    const v = known ? done.get(el) : verdictOf(el, false);
    if (!v) continue;
    judged++;
    if (v.verdict === "passed") out.passed++;
    else (v.verdict === "failed" ? out.failed : out.review).push({ selector: H.selector(el), html: H.outer(el), reason: v.reason });
  }
  return out;
}
