// table-header-assigned (ACT d0f69e): header cells of tables, each with "passed", "failed" or
// "cantTell" and the reason. HTML tables follow HTML's table model (forming a table, and the
// algorithm for assigning header cells); tables made of ARIA roles, their rows and columns.
// Needs window.__a11yMotion (selector, outer). Returns [] when no header cell applies.
(() => {
  const H = window.__a11yMotion;
  const TABLE_ROLES = new Set(["table", "grid", "treegrid"]);
  const HEADER_ROLES = new Set(["columnheader", "rowheader"]);
  const CELL_ROLES = new Set(["cell", "gridcell", "columnheader", "rowheader"]);
  const ROLES = new Set(["alert", "alertdialog", "application", "article", "banner", "blockquote", "button",
    "caption", "cell", "checkbox", "code", "columnheader", "combobox", "complementary", "contentinfo",
    "definition", "deletion", "dialog", "document", "emphasis", "feed", "figure", "form", "generic", "grid",
    "gridcell", "group", "heading", "img", "insertion", "link", "list", "listbox", "listitem", "log", "main",
    "mark", "marquee", "math", "menu", "menubar", "menuitem", "menuitemcheckbox", "menuitemradio", "meter",
    "navigation", "none", "note", "option", "paragraph", "presentation", "progressbar", "radio", "radiogroup",
    "region", "row", "rowgroup", "rowheader", "scrollbar", "search", "searchbox", "separator", "slider",
    "spinbutton", "status", "strong", "subscript", "superscript", "switch", "tab", "table", "tablist",
    "tabpanel", "term", "textbox", "time", "timer", "toolbar", "tooltip", "tree", "treegrid", "treeitem"]);

  // The first role token the browser knows, or null (the element's implicit role applies).
  const explicitRole = (el) => {
    for (const token of (el.getAttribute("role") || "").trim().toLowerCase().split(/\s+/)) {
      if (ROLES.has(token)) return token;
    }
    return null;
  };
  const inTree = (el) => el.checkVisibility({ visibilityProperty: true }) && !el.closest('[aria-hidden="true"]');
  const label = (el) => (el.textContent || "").replace(/\s+/g, " ").trim().slice(0, 60);
  const isEmpty = (el) => el.children.length === 0 && !(el.textContent || "").trim();
  const out = [];
  const report = (el, outcome, reason) => out.push({ selector: H.selector(el), html: H.outer(el), outcome, reason });

  // --- HTML tables: forming a table --------------------------------------------------
  function spanOf(el, name, min, max, fallback) {
    const n = parseInt(el.getAttribute(name), 10);
    return Number.isNaN(n) || n < min ? fallback : Math.min(n, max);
  }

  function formTable(table) {
    const groups = [];  // [{ group, rows: [tr] }], tfoot last
    const feet = [];
    let loose = null;
    for (const child of table.children) {
      const tag = child.localName;
      if (tag === "tr") {
        if (!loose) { loose = { group: null, rows: [] }; groups.push(loose); }
        loose.rows.push(child);
        continue;
      }
      loose = null;
      if (tag === "thead" || tag === "tbody" || tag === "tfoot") {
        const entry = { group: child, rows: [...child.children].filter((r) => r.localName === "tr") };
        (tag === "tfoot" ? feet : groups).push(entry);
      }
    }
    const grid = [];  // grid[y][x] = cell
    const cells = [];
    let y = 0;
    for (const { group, rows } of [...groups, ...feet]) {
      const end = y + rows.length;  // first row after this group
      for (const tr of rows) {
        grid[y] = grid[y] || [];
        let x = 0;
        for (const el of tr.children) {
          if (el.localName !== "td" && el.localName !== "th") continue;
          while (grid[y][x]) x++;
          const w = spanOf(el, "colspan", 1, 1000, 1);
          let h = spanOf(el, "rowspan", 0, 65534, 1);
          h = h === 0 ? end - y : Math.min(h, end - y);
          const cell = { el, x, y, w, h, header: el.localName === "th", group, empty: isEmpty(el) };
          cells.push(cell);
          for (let dy = 0; dy < h; dy++) {
            grid[y + dy] = grid[y + dy] || [];
            for (let dx = 0; dx < w; dx++) grid[y + dy][x + dx] = cell;
          }
          x += w;
        }
        y++;
      }
    }
    return { grid, cells, colgroups: columnGroups(table) };
  }

  function columnGroups(table) {
    const out = [];
    let x = 0;
    for (const cg of table.children) {
      if (cg.localName !== "colgroup") continue;
      const cols = [...cg.children].filter((c) => c.localName === "col");
      const width = cols.length ? cols.reduce((n, c) => n + spanOf(c, "span", 1, 1000, 1), 0)
                                : spanOf(cg, "span", 1, 1000, 1);
      out.push({ el: cg, x, width });
      x += width;
    }
    return out;
  }

  // --- HTML tables: assigning header cells ---------------------------------------------
  function classify(model) {
    const { grid, cells } = model;
    const rowHasData = (y0, h) => {
      for (let y = y0; y < y0 + h; y++) for (const c of grid[y] || []) if (c && !c.header) return true;
      return false;
    };
    const colHasData = (x0, w) => {
      for (const row of grid) for (let x = x0; x < x0 + w; x++) if (row && row[x] && !row[x].header) return true;
      return false;
    };
    for (const c of cells) {
      if (!c.header) continue;
      const scope = (c.el.getAttribute("scope") || "").trim().toLowerCase();
      c.scope = ["row", "col", "rowgroup", "colgroup"].includes(scope) ? scope : "auto";
      c.columnHeader = c.scope === "col" || (c.scope === "auto" && !rowHasData(c.y, c.h));
      c.rowHeader = c.scope === "row" || (c.scope === "auto" && !c.columnHeader && !colHasData(c.x, c.w));
    }
  }

  function headersOf(p, model, cellOf) {
    const list = new Set();
    if (p.el.hasAttribute("headers")) {
      for (const id of p.el.getAttribute("headers").trim().split(/\s+/)) {
        const found = id && p.el.ownerDocument.getElementById(id);
        const cell = found && cellOf.get(found);
        if (cell && cell !== p) list.add(cell);
      }
    } else {
      for (let y = p.y; y < p.y + p.h; y++) scan(p, p.x, y, -1, 0, model, list);
      for (let x = p.x; x < p.x + p.w; x++) scan(p, x, p.y, 0, -1, model, list);
      for (const c of model.cells) {
        if (!c.header) continue;
        if (c.scope === "rowgroup" && p.group && c.group === p.group && c.x <= p.x + p.w - 1 && c.y <= p.y + p.h - 1) {
          list.add(c);
        }
        if (c.scope === "colgroup") {
          const g = model.colgroups.find((g) => g.x <= c.x && c.x < g.x + g.width);
          if (g && g.x <= p.x && p.x < g.x + g.width && c.x <= p.x + p.w - 1 && c.y <= p.y + p.h - 1) list.add(c);
        }
      }
    }
    for (const c of [...list]) if (c.empty || c === p) list.delete(c);
    return list;
  }

  function scan(p, x, y, dx, dy, model, list) {
    const opaque = [];
    let inBlock = p.header;
    let fromCurrent = p.header ? [p] : [];
    for (;;) {
      x += dx; y += dy;
      if (x < 0 || y < 0) return;
      const current = (model.grid[y] || [])[x];
      if (!current) continue;
      if (current.header) {
        inBlock = true;
        fromCurrent.push(current);
        let blocked = false;
        if (dx === 0) {
          if (opaque.some((o) => o.x === current.x && o.w === current.w)) blocked = true;
          if (!current.columnHeader) blocked = true;
        } else {
          if (opaque.some((o) => o.y === current.y && o.h === current.h)) blocked = true;
          if (!current.rowHeader) blocked = true;
        }
        if (!blocked) list.add(current);
      } else if (inBlock) {
        inBlock = false;
        opaque.push(...fromCurrent);
        fromCurrent = [];
      }
    }
  }

  function htmlTable(table) {
    const role = explicitRole(table) || "table";
    if (!TABLE_ROLES.has(role) || !inTree(table)) return;
    const model = formTable(table);
    classify(model);
    const targets = [];
    for (const c of model.cells) {
      const own = explicitRole(c.el);
      if (!inTree(c.el)) continue;
      if (own && !HEADER_ROLES.has(own)) continue;  // e.g. <th role="cell">
      if (own || c.header) targets.push(c);
    }
    if (!targets.length) return;
    const cellOf = new Map(model.cells.map((c) => [c.el, c]));
    const assigned = new Set();
    for (const p of model.cells) for (const h of headersOf(p, model, cellOf)) assigned.add(h);
    for (const t of targets) {
      const name = label(t.el);
      if (assigned.has(t)) { report(t.el, "passed", ""); continue; }
      if (!t.header) {
        report(t.el, "cantTell", `the ${t.el.localName} "${name}" has a header role but HTML's table model does ` +
          "not treat it as a header cell; check which cells it is the header of");
      } else if (!model.cells.some((c) => !c.header)) {
        report(t.el, "cantTell", `the header cell "${name}" is in a table with no data cells at all: check whether ` +
          "the table is a data table");
      } else if (t.empty) {
        report(t.el, "cantTell", "an empty header cell with no cells assigned to it: check whether it is a header at all");
      } else if (!explicitRole(t.el) && !t.columnHeader && !t.rowHeader && t.scope === "auto") {
        report(t.el, "cantTell", `the th "${name}" is neither a row nor a column header by HTML's rules (its row and ` +
          "column both hold data cells), so whether it is exposed as a header is up to the browser");
      } else {
        report(t.el, "failed", `the header cell "${name}" has no cells assigned to it (by position, scope or ` +
          "headers): no data follows it in its " + (t.rowHeader ? "row" : "column"));
      }
    }
  }

  // --- tables made of ARIA roles ------------------------------------------------------------
  function ariaTable(table) {
    if (!inTree(table)) return;
    const owner = (el) => [...ancestors(el)].find((a) => a.localName === "table" ||
      TABLE_ROLES.has(explicitRole(a) || ""));
    const rows = [...table.querySelectorAll('[role]')].filter((r) => explicitRole(r) === "row" && owner(r) === table);
    const matrix = rows.map((row) => [...row.querySelectorAll("[role]")].filter((c) =>
      CELL_ROLES.has(explicitRole(c)) && [...ancestors(c)].find((a) => explicitRole(a) === "row") === row));
    const targets = [];
    matrix.forEach((cells, r) => cells.forEach((el, c) => {
      if (HEADER_ROLES.has(explicitRole(el)) && inTree(el)) targets.push({ el, r, c });
    }));
    if (!targets.length) return;
    const positioned = table.querySelector("[aria-colindex], [aria-rowindex], [aria-colspan], [aria-rowspan], [aria-owns]");
    for (const t of targets) {
      const column = explicitRole(t.el) === "columnheader";
      const assigned = column ? matrix.some((cells, r) => r !== t.r && cells[t.c])
                              : matrix[t.r].some((el, c) => c !== t.c);
      const name = label(t.el);
      if (assigned) report(t.el, "passed", "");
      else if (positioned) {
        report(t.el, "cantTell", `the ${column ? "column" : "row"} header "${name}" has no cell in its ` +
          `${column ? "column" : "row"} by position, but the table places cells with aria-colindex, spans or aria-owns`);
      } else if (isEmpty(t.el)) {
        report(t.el, "cantTell", "an empty header cell with no cells assigned to it: check whether it is a header at all");
      } else {
        report(t.el, "failed", `the ${column ? "column" : "row"} header "${name}" has no cells in its ` +
          (column ? "column" : "row"));
      }
    }
  }

  function* ancestors(el) {
    for (let a = el.parentElement; a; a = a.parentElement) yield a;
  }

  for (const table of document.querySelectorAll("table")) htmlTable(table);
  for (const el of document.querySelectorAll("[role]")) {
    if (el.localName !== "table" && TABLE_ROLES.has(explicitRole(el))) ariaTable(el);
  }
  return out;
})()
