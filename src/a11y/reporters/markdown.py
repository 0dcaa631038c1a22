"""summary.md: a short verdict and tables for CI job summaries ($GITHUB_STEP_SUMMARY)."""
from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import quote

from ..locations import page_label, url_labels
from ..models import COUNT_LABELS, IMPACTS, Results, impact_rank, selector_text
from ..suppressions import entry_name
from ..verdict import verdict as decide
from . import Reporter, register, views, write_atomic

CAP = 10  # rows per list before "and N more"; keeps the summary far below GitHub's 1 MiB limit
_MD = re.compile(r"([\\`*_\[\]|~$])")  # enough when text never starts a line


def esc(text, limit: int = 160) -> str:
    """Untrusted text as inert Markdown: one line, bounded, HTML and Markdown syntax escaped."""
    text = " ".join(str(text or "").split())
    text = text[: limit - 1] + "…" if len(text) > limit else text
    return _MD.sub(r"\\\1", html.escape(text, quote=False))


def link(text, url) -> str:
    if not str(url or "").startswith(("http://", "https://")):
        return esc(text)
    return f"[{esc(text)}]({quote(str(url), safe=':/?#&=%@;,~!$*+')})"


def capped(items: list, render, unit: str = "") -> list[str]:
    lines = [render(i) for i in items[:CAP]]
    if len(items) > CAP:
        lines.append(f"- … and {len(items) - CAP} more{unit}")
    return lines


def table(head: list[str], rows: list[list], cap: int = CAP) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows[:cap]]
    if len(rows) > cap:
        out += ["", f"… and {len(rows) - cap} more"]
    return out + [""]


def _rules(results: Results, kind: str) -> list[list]:
    rows = []
    for g in views.by_rule(results, kind):
        rows.append((g, len(g.pages), sum(len(p.nodes) for p in g.pages)))
    rows.sort(key=lambda row: (impact_rank(row[0].impact), -row[2], row[0].rule))
    return [[esc(g.rule), esc(g.impact or "—"), esc(", ".join(g.wcag) or "—"), pages, nodes, link(g.help, g.help_url)]
            for g, pages, nodes in rows]


def verdict(results: Results) -> str:
    """The headline: the same verdict as the exit code (verdict.py), in words."""
    v = decide(results)
    suppressed = f" ({v.suppressed_elements} suppressed element(s) not counted)" if v.suppressed_elements else ""
    return _headline(results, v) + suppressed


def _headline(results: Results, v) -> str:
    new = " new" if results.baseline_file else ""
    failing = f"{len(v.gating_findings)}{new} distinct finding(s) at or above {esc(v.fail_on)} impact"
    review = f"{len(v.gating_review)} item(s) needing review (--fail-on-review)"
    gates = [failing] * bool(v.gating_findings) + [review] * bool(v.gating_review)
    if v.status == "incomplete":
        reasons = "; ".join(esc(r, 400) for r in v.incomplete_reasons)  # they quote pages' URLs and errors
        return f"⚠️ Incomplete: {reasons}" + (f"; also {'; '.join(gates)}" if gates else "")
    if v.status == "failed":
        return f"❌ Failed: {'; '.join(gates)}"
    if not results.findings:
        return "✅ Passed: no violations"
    if v.fail_on == "none":
        return (f"✅ Passed: {len(results.findings)} distinct finding(s) reported; "
                "none fails the build (fail-on none)")
    known = sum(f.baseline == "unchanged" for f in results.findings)
    notes = [f"{known} known from the baseline"] * bool(known) + [
        f"{len(results.findings) - known} below that"] * bool(len(results.findings) - known)
    return f"✅ Passed: no{new} violations at or above {esc(v.fail_on)} impact ({'; '.join(notes)})"


def _not_scanned(results: Results) -> list[str]:
    """The skipped pages grouped by why (a limit, robots.txt, a pattern, duplicates), so that a
    reader knows how much of the site the scan left out."""
    groups = views.skipped_by_reason(results)
    if not groups:
        return []
    rows = [[esc(g.why), f"{g.size:,}", esc(g.hint or "—"), link(g.pages[0], g.urls[0]) if g.pages else "—"]
            for g in groups]
    unlisted = sum(g.unlisted for g in groups)
    note = [f"{unlisted:,} of these pages are counted only: results.json lists the other "
            f"{sum(len(g.pages) for g in groups):,} one by one.", ""] if unlisted else []
    return (["### Pages skipped, by reason", ""] + table(["Why", "Pages", "To scan them", "For example"], rows)
            + note)


def _compared(base: views.BaselineView, labels: dict[str, str]) -> list[str]:
    """New, unchanged, fixed and not checked findings relative to --baseline, with the lists."""
    not_checked = f"{len(base.not_checked)} not checked" + (
        f" ({views.NOT_CHECKED_NOTE})" if base.not_checked else "")
    out = [f"### Compared with baseline {esc(base.file)}", "",
           f"**{len(base.new)} new** · {len(base.unchanged)} unchanged · {len(base.fixed)} fixed · {not_checked}", ""]
    if base.new:
        out += capped(base.new, lambda f: f"- New: {link(f.help, f.help_url)} ({esc(f.rule)}, {esc(f.impact)}): "
                                          f"{esc(selector_text(f.target), 80)} on {len(f.pages)} page(s)", " new")
        out += [""]
    if base.fixed:
        out += capped(base.fixed, lambda f: f"- Fixed: {esc(f.get('help') or f.get('rule'))} "
                                            f"({esc(f.get('rule'))})", " fixed")
        out += [""]
    if base.not_checked:
        out += capped(base.not_checked, lambda f: f"- Not checked: {esc(f.get('help') or f.get('rule'))} "
                                                  f"({esc(f.get('rule'))}) {_where(base.unscanned(f), labels)}",
                      " not checked")
        out += [""]
    return out


def _where(unscanned: list[str], labels: dict[str, str]) -> str:
    """Why a known finding is not checked: 'on URL and 2 more page(s), not scanned in this run'."""
    if not unscanned:
        return "(the baseline names no page for it)"
    more = f" and {len(unscanned) - 1} more page(s)" if len(unscanned) > 1 else ""
    return f"on {link(labels.get(unscanned[0], unscanned[0]), unscanned[0])}{more}, not scanned in this run"


def _suppressed(results: Results) -> list[str]:
    """Reviewed suppressions: what they accepted, with the reason, and entries to look at again."""
    if not results.suppressions:
        return []
    items = views.suppressed(results)
    out = ["### Suppressed (reviewed exceptions, not counted)", "",
           f"{len(items)} element(s) matched an `[[ignore]]` entry in force.", ""]
    out += capped(items, lambda s: f"- {esc(s.rule)} ({esc(s.impact or 'unknown')}): {esc(s.node.selector(), 80)} "
                                   f"on {esc(s.page, 100)}: {esc(s.entry.get('reason'))} "
                                   f"(until {esc(s.entry.get('until') or 'none')}; entry {s.entry.get('entry')})",
                  " suppressed")
    out += [""]
    for e in results.suppressions:
        if e.get("status") != "active":
            out.append(f"- {esc(entry_name(e))}: {esc(views.SUPPRESSION_STATUS[e['status']])}"
                       + (f" ({e.get('matched', 0)} element(s))" if e["status"] == "expired" else "")
                       + f"; reason given: {esc(e.get('reason'))}")
    return out + [""]


@register
class MarkdownReporter(Reporter):
    name = "md"
    filenames = ("summary.md",)

    def render(self, results: Results, out_dir: Path) -> list[Path]:
        s, out = results.summary, []
        tool = results.tool
        out += [f"## Accessibility: {verdict(results)}", "",
                f"Standard: {esc(results.standard)} · started {esc(results.started)} · "
                f"{esc(tool.get('name', 'a11y'))} {esc(tool.get('version', ''))} · "
                f"{esc(results.engines_text)}", ""]
        if covered := views.coverage(results):
            out += [f"Coverage: {esc(covered, 1000)}", ""]
        if seen := views.seen_as(results):
            out += [f"Browser: {esc(seen)}", ""]
        totals = [("Pages scanned", "scanned"), ("Pages that could not be scanned", "errors"),
                  ("Pages skipped", "skipped"), ("Documents needing review", "documents"),
                  ("Broken links (HTTP 4xx/5xx)", "broken_links")]
        totals += [(esc(label[0].upper() + label[1:]), key) for key, label in COUNT_LABELS.items()]
        rows = [[label, s.get(key, 0)] for label, key in totals]
        cached = views.from_cache(results)
        if cached:
            rows.insert(1, ["Of those, reused " + views.CACHE_NOTE, cached])
        out += table(["Total", "Count"], rows, cap=len(rows))
        by_impact = s.get("failing_elements_by_impact", {})
        if any(by_impact.values()):
            out += ["### Findings by impact", ""]
            out += table(["Impact", "Failing elements"], [[i, by_impact.get(i, 0)] for i in IMPACTS])
        if base := views.baseline(results):
            out += _compared(base, url_labels(results))
        out += _not_scanned(results)
        v = decide(results)
        review_note = ("fails the build: --fail-on-review" if v.fail_on_review and v.fail_on != "none"
                       else "does not fail the build without --fail-on-review")
        for title, kind in (("Top rules violated", "violations"), (f"Needs review ({review_note})", "incomplete")):
            if rows := _rules(results, kind):
                out += [f"### {title}", ""] + table(["Rule", "Impact", "WCAG", "Pages", "Elements", "Help"], rows)
        if settled := views.settled(results):
            out += ["### Decided by a11y's own checks (not counted as review)", ""]
            out += table(["Rule that left them for review", "Decided by", "Passed", "Failed"],
                         [[esc(s.rule), esc(s.by), s.passed, s.failed] for s in settled])
        out += _suppressed(results)
        labels = url_labels(results)
        for title, pages, show in (
            ("Pages that could not be scanned", views.error_pages(results),
             lambda p: f"- {link(page_label(p), p.url)}: {esc(p.reason or 'error')}"),
            ("Broken links", views.broken_links(results),
             lambda p: f"- {link(page_label(p), p.url)} (HTTP {p.http_status})"
                       + (f", linked from {link(labels.get(p.found_on, p.found_on), p.found_on)}"
                          if p.found_on else "")),
            ("Documents needing their own 508 review", results.documents,
             lambda p: f"- {link(page_label(p), p.url)} ({esc(p.content_type or 'not HTML')})"),
        ):
            if pages:
                out += [f"### {title}", ""] + capped(pages, show) + [""]
        return [write_atomic(out_dir / "summary.md", "\n".join(out).rstrip() + "\n")]
