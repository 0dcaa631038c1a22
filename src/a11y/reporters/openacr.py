"""Accessibility Conformance Report: acr.yaml (GSA OpenACR 0.1.0), acr.html (VPAT 2.5
Rev 508 layout) and acr.md, from saved results, the rules/ catalog and an optional
tester's file. `a11y scan --format openacr` writes a draft; `a11y acr` adds product
details and manual results. Both go through build_acr() and write_acr().
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import yaml

from .. import __version__
from ..catalog import STANDARDS, Catalog, CatalogError, OpenAcrCatalog, load_catalog, load_openacr_catalog
from ..conformance import TERM_LABELS, TERMS, Conformance, listing, roll_up
from ..manual import ManualResults, default_component, merge
from ..models import COUNT_LABELS, IMPACTS, Results, summarise
from . import Reporter, charts, register, views, write_atomic

NOT_PROVIDED = "Not provided"
FILES = ("acr.yaml", "acr.html", "acr.md")

LEGAL_DISCLAIMER = (
    "This report describes the accessibility of the product as tested on the date shown. Automated "
    "testing finds only some accessibility failures and cannot by itself show that a criterion is "
    "supported: criteria marked Not Evaluated have had no manual review recorded in this report. "
    "The report is provided as is, without warranty of any kind."
)

_CHAPTER_NOTES = {
    "success_criteria_level_aaa": "Level AAA is not incorporated by the Revised Section 508 Standards "
                                  "and was not evaluated.",
    "functional_performance_criteria": "Functional performance criteria need evaluation by people, "
                                       "with and without assistive technology; automated testing does "
                                       "not evaluate them.",
    "hardware": "The product is web content, not hardware: Chapter 4 does not apply.",
    "software": "Web content and web applications are evaluated against WCAG (Tables 1 and 2). Under the "
                "501.1 exception, web applications without access to platform accessibility services need "
                "not conform to 502 and 503 when they conform to WCAG 2.0 Level A and AA; 504 applies "
                "only to authoring tools.",
    "support_documentation_and_services": "Support documentation and services were not evaluated by "
                                          "automated testing.",
}
_ROW_NOTES = {
    "success_criteria_level_aaa": ("not-evaluated", "Level AAA is not required by the Revised Section 508 "
                                                    "Standards; not evaluated."),
    "functional_performance_criteria": ("not-evaluated", "Not evaluated: needs review with users or assistive "
                                                         "technology. See Tables 1 and 2 for related WCAG "
                                                         "findings."),
    "hardware": ("not-applicable", "The product is web content, not hardware."),
    "software": ("not-evaluated", "Not evaluated by automated testing; see the chapter notes."),
    "support_documentation_and_services": ("not-evaluated", "Not evaluated: review the product's "
                                                            "documentation and support services."),
}


@dataclass
class Product:
    name: str | None = None
    version: str | None = None
    description: str | None = None
    vendor: str | None = None
    contact_email: str | None = None
    report_date: str | None = None

    def shown(self, attr: str) -> str:
        value = getattr(self, attr)
        return value.strip() if value and value.strip() else NOT_PROVIDED


@dataclass
class ComponentRow:
    id: str
    label: str
    level: str
    notes: str
    conflict: str = ""
    source: str = "automated"

    @property
    def level_label(self) -> str:
        return TERM_LABELS[self.level]


@dataclass
class CriterionRow:
    num: str
    handle: str
    wcag_level: str  # A | AA | AAA | "" for 508 chapters
    components: list[ComponentRow]


@dataclass
class ChapterView:
    id: str
    label: str
    notes: str
    criteria: list[CriterionRow]


@dataclass
class Acr:
    results: Results
    catalog: Catalog
    openacr: OpenAcrCatalog
    conformance: Conformance
    product: Product
    manual: ManualResults | None
    chapters: list[ChapterView] = field(default_factory=list)
    draft: bool = False

    @property
    def title(self) -> str:
        vendor = (self.product.vendor or "").strip()
        return f"{vendor} Accessibility Conformance Report" if vendor else "Accessibility Conformance Report"

    @property
    def report_date(self) -> str:
        return self.product.report_date or _dt.date.today().isoformat()

    @property
    def conflicts(self) -> list[tuple[CriterionRow, ComponentRow]]:
        return [(r, c) for ch in self.chapters for r in ch.criteria for c in r.components if c.conflict]

    def level_counts(self, chapter_ids=("success_criteria_level_a", "success_criteria_level_aa")) -> dict:
        out = {t: 0 for t in TERMS}
        for ch in self.chapters:
            if ch.id in chapter_ids:
                for r in ch.criteria:
                    for c in r.components:
                        if c.id == "web":
                            out[c.level] += 1
        return out

    def scan_totals(self) -> list[tuple[str, int]]:
        """The scan's counts under the names every format uses (README "Counts")."""
        summary = summarise(self.results)
        return [("Pages scanned", summary["scanned"])] + [
            (label[0].upper() + label[1:], summary[key]) for key, label in COUNT_LABELS.items()]

    def evaluation_methods(self) -> str:
        res = self.results
        engine = res.engines_text
        tool = " ".join(v for v in (res.tool.get("name", "a11y"), res.tool.get("version", "")) if v)
        pages = self.conformance.scanned_pages
        # Results from before seeds were recorded name the first page scanned.
        seeds = [str(s) for s in res.options.get("seeds") or []] or pages[:1]
        start = f" starting at {listing(seeds)}" if seeds else ""
        when = (res.finished or res.started or "")[:10]
        seen = views.seen_as(res)
        text = (f"Automated testing with {tool} ({engine} in headless Chromium"
                f"{', ' + seen if seen else ''}) of {len(pages)} web page(s)"
                f"{start}{' on ' + when if when else ''}, against {_standard_title(res.standard)}. "
                "Automated results can show failures but never that a criterion is supported; "
                "criteria without a recorded manual review are reported as Not Evaluated.")
        if res.standard != self.catalog.id:
            # The report's criteria are not the scan's: those its standard lacks had no check run.
            text += (f" This report lists the criteria of {self.catalog.title}: the scan did not run "
                     "the automated checks of the criteria its own standard does not have (each "
                     "criterion's remarks name the checks not run).")
        if settings := _scan_settings(res.options or {}):
            text += " " + settings
        # What of the site the scan found and did not audit, and why (an unfinished scan included),
        # so that an ACR of part of a site is not read as one of the whole.
        if (covered := self.conformance.coverage) and covered.sentence():
            text += " " + covered.sentence()
        if self.manual:
            who = ", ".join(v for v in (self.manual.evaluator, self.manual.date) if v)
            text += f" Manual evaluation{' by ' + who if who else ''}"
            text += f": {self.manual.methods}" if self.manual.methods else ""
            text += f" ({len(self.manual.entries)} criterion result(s) recorded)."
        else:
            text += " No manual evaluation was recorded."
        return text

    def notes(self) -> str:
        bits = []
        if self.draft:
            bits.append("Draft generated from an automated scan; product details and manual results "
                        "have not been added (the a11y acr command adds them).")
        if not self.conformance.scanned_pages:
            bits.append("No page was scanned: the report has no automated evidence.")
        if self.conformance.error_pages:
            bits.append(f"{len(self.conformance.error_pages)} page(s) could not be scanned: "
                        f"{listing(self.conformance.error_pages)}.")
        if self.conformance.documents:
            bits.append(f"{len(self.conformance.documents)} non-HTML document(s) were found and not "
                        f"evaluated: {listing(self.conformance.documents)}.")
        if self.conflicts:
            bits.append(f"{len(self.conflicts)} manual result(s) conflict with automated evidence; "
                        "the worse level is reported (see the remarks).")
        return " ".join(bits)

    @property
    def aaa_evaluated(self) -> list[str]:
        """The Level AAA criteria a tester evaluated (the rest of Level AAA was not)."""
        return [r.num for ch in self.chapters if ch.id == "success_criteria_level_aaa" for r in ch.criteria
                if any(c.source != "automated" for c in r.components)]

    @property
    def aaa_text(self) -> str:
        """How far Level AAA was evaluated, for the Applicable Standards table."""
        if evaluated := self.aaa_evaluated:
            return f"Partly: evaluated manually for {', '.join(evaluated)}"
        return "No: not evaluated"

    def chart_rows(self) -> list[dict]:
        """Failing elements per criterion, by impact (for the chart and its table)."""
        rows = []
        for r in self.conformance.criteria:
            total = sum(r.impacts.values())
            if total:
                rows.append({"num": r.num, "handle": r.criterion.handle, "impacts": r.impacts, "total": total,
                             "pages": len(r.failed_pages)})
        return rows


def _standard_title(standard: str) -> str:
    """'Revised Section 508 (WCAG 2.0 Level A and AA)' for the scan's standard id."""
    try:
        return load_catalog(standard).title
    except CatalogError:
        return standard or "an unrecorded standard"


def _scan_settings(options: dict) -> str:
    """The scan's choices that left procedures out, as results.json records them ("" when none)."""
    said = []
    if rules := options.get("rules"):
        said.append(f"Only the rules named with --rules ran: {', '.join(rules)}.")
    if disabled := options.get("disable_rules"):
        said.append(f"Rules disabled with --disable-rules: {', '.join(disabled)}.")
    if options.get("checks") is False:
        said.append("a11y's own browser checks were not run (--checks none).")
    return " ".join(said)


# --- building ------------------------------------------------------------

def _wcag_row(acr: Acr, num: str, handle: str, components: tuple[str, ...], wcag_level: str) -> CriterionRow:
    res = acr.conformance.get(num)
    manual = acr.manual
    rows = []
    wanted = ["web"]
    if acr.conformance.documents and "electronic-docs" in components:
        wanted.append("electronic-docs")
    if manual:
        wanted += [c for c in components if c not in wanted and manual.get(num, c)]
    for comp in [c for c in components if c in wanted]:
        entry = manual.get(num, comp) if manual else None
        if comp == "web" and res is not None:
            m = merge(res.level, res.evidence, res.todo, res.failed_pages, entry, manual)
            notes = m.notes
            obsolete = acr.catalog.obsolete.get(num)
            if obsolete:
                notes = f"{notes} {obsolete}".strip()
        else:
            level, evidence, todo = _component_default(acr, num, comp, wcag_level)
            m = merge(level, evidence, todo, [], entry, manual)
            notes = m.notes
        rows.append(ComponentRow(id=comp, label=acr.openacr.components.get(comp, comp), level=m.level,
                                 notes=notes, conflict=m.conflict, source=m.source))
    return CriterionRow(num=num, handle=handle, wcag_level=wcag_level, components=rows)


def _component_default(acr: Acr, num: str, comp: str, wcag_level: str) -> tuple[str, str, str]:
    """A row the scan's roll-up has no result for: (level, what the scan found, the default note).
    Only what the scan found follows a tester's verdict as "Automated scan: ..."."""
    if wcag_level == "AAA":
        level, note = _ROW_NOTES["success_criteria_level_aaa"]
        return level, "", note
    crit = acr.catalog.get(num)
    if comp == "electronic-docs":
        if crit and "non-web-documents" in crit.exempt:
            return "not-applicable", "", acr.catalog.exemptions["non-web-documents"]
        if docs := acr.conformance.documents:
            return "not-evaluated", f"{len(docs)} document(s) found and not evaluated: {listing(docs)}.", ""
    return "not-evaluated", "", "Not evaluated."


def build_acr(results: Results, standard: str | None = None, product: Product | None = None,
              manual: ManualResults | None = None, draft: bool = False) -> Acr:
    standard = standard or (results.standard if results.standard in STANDARDS else "section508")
    catalog = load_catalog(standard)
    openacr = load_openacr_catalog(catalog.openacr_catalog)
    acr = Acr(results=results, catalog=catalog, openacr=openacr, conformance=roll_up(results, catalog),
              product=product or Product(), manual=manual, draft=draft)
    for chapter in openacr.chapters:
        rows = []
        for c in chapter.criteria:
            if chapter.id.startswith("success_criteria_level_"):
                level = chapter.id.rsplit("_", 1)[1].upper()
                rows.append(_wcag_row(acr, c.num, c.handle, c.components, level))
            else:
                default_level, note = _ROW_NOTES.get(chapter.id, ("not-evaluated", "Not evaluated."))
                comp = default_component(c.components)
                entry = manual.get(c.num, comp) if manual else None
                # The chapter's default note is no finding of the scan: a tester's verdict replaces it.
                m = merge(default_level, "", note, [], entry, manual)
                rows.append(CriterionRow(num=c.num, handle=c.handle, wcag_level="", components=[
                    ComponentRow(id=comp, label=openacr.components.get(comp, ""), level=m.level, notes=m.notes,
                                 conflict=m.conflict, source=m.source)]))
        acr.chapters.append(ChapterView(id=chapter.id, label=chapter.label,
                                        notes=_CHAPTER_NOTES.get(chapter.id, ""), criteria=rows))
    if evaluated := acr.aaa_evaluated:
        aaa = next(ch for ch in acr.chapters if ch.id == "success_criteria_level_aaa")
        aaa.notes = ("Level AAA is not incorporated by the Revised Section 508 Standards and automated "
                     f"testing did not evaluate it; the evaluator evaluated {len(evaluated)} Level AAA "
                     f"criterion(s): {', '.join(evaluated)}. The others were not evaluated.")
    return acr


# --- OpenACR YAML --------------------------------------------------------

def to_openacr(acr: Acr) -> dict:
    p = acr.product
    product = {"name": p.shown("name"), "version": p.shown("version"), "description": p.shown("description")}
    contact = {"company_name": p.shown("vendor"), "email": p.shown("contact_email")}
    author = dict(contact)
    if acr.manual and acr.manual.evaluator:
        author["name"] = acr.manual.evaluator
    doc = {
        "title": acr.title,
        "product": product,
        "author": author,
        "vendor": contact,
        "report_date": acr.report_date,
        "notes": acr.notes(),
        "evaluation_methods_used": acr.evaluation_methods(),
        "legal_disclaimer": LEGAL_DISCLAIMER,
        "catalog": acr.openacr.name,
        "chapters": {},
    }
    for ch in acr.chapters:
        doc["chapters"][ch.id] = {
            "notes": ch.notes,
            "criteria": [
                {"num": r.num, "components": [
                    {"name": c.id, "adherence": {"level": c.level, "notes": c.notes}} for c in r.components]}
                for r in ch.criteria
            ],
        }
    return doc


def render_yaml(acr: Acr) -> str:
    header = (f"# Accessibility Conformance Report in GSA OpenACR 0.1.0 format (catalog {acr.openacr.name}).\n"
              f"# Written by a11y {__version__}; automated levels never claim 'supports'.\n")
    return header + yaml.safe_dump(to_openacr(acr), sort_keys=False, allow_unicode=True, width=100)


# --- HTML and Markdown ---------------------------------------------------

def chart(acr: Acr) -> dict:
    """The chart of failing elements by criterion (its SVG) and the rows of its data table."""
    rows = acr.chart_rows()
    svg_rows = [(charts.short(f"{r['num']} {r['handle']}"), f"{r['num']} {r['handle']}", r["impacts"], r["total"])
                for r in rows]
    svg = charts.bar_chart("chart", "Failing elements by WCAG success criterion, stacked by impact", svg_rows)
    return {"svg": svg, "table": rows}


def _md(text) -> str:
    """One table cell / line of Markdown: no pipes, newlines or raw HTML."""
    s = " ".join(str(text if text is not None else "").split())
    for ch in "\\`*_[]<>|#":
        s = s.replace(ch, "\\" + ch)
    return s


def _env(autoescape: bool) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("a11y.reporters", "templates"),
                             autoescape=autoescape, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["md"] = _md
    return env


_HTML = _env(True)
_MD = _env(False)


def _context(acr: Acr) -> dict:
    return {"acr": acr, "p": acr.product, "impacts": IMPACTS, "terms": acr.openacr.terms,
            "term_labels": TERM_LABELS, "chart": chart(acr), "not_provided": NOT_PROVIDED,
            "legal": LEGAL_DISCLAIMER, "tool_version": __version__,
            "wcag_chapters": [c for c in acr.chapters if c.id.startswith("success_criteria")],
            "s508_chapters": [c for c in acr.chapters if not c.id.startswith("success_criteria")],
            "standards": acr.openacr.standards}


def render_html(acr: Acr) -> str:
    return _HTML.get_template("acr.html").render(**_context(acr))


def render_md(acr: Acr) -> str:
    return _MD.get_template("acr.md").render(**_context(acr))


def write_acr(acr: Acr, out_dir: Path) -> list[Path]:
    out_dir = Path(out_dir)
    return [write_atomic(out_dir / "acr.yaml", render_yaml(acr)),
            write_atomic(out_dir / "acr.html", render_html(acr)),
            write_atomic(out_dir / "acr.md", render_md(acr))]


@register
class OpenAcrReporter(Reporter):
    """`a11y scan --format openacr`: a draft ACR with no product details or manual results."""

    name = "openacr"
    filenames = FILES

    def render(self, results: Results, out_dir: Path) -> list[Path]:
        return write_acr(build_acr(results, draft=True), out_dir)
