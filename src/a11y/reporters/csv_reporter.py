"""findings.csv: a row per element, for spreadsheets and issue trackers."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from ..models import Results, fingerprint
from . import Reporter, register, write_atomic

COLUMNS = ("result", "page_url", "rule", "impact", "wcag", "help", "selector", "html",
           "summary", "fingerprint", "baseline", "help_url", "suppressed_reason", "page_file", "line", "column")

# OWASP CSV-injection advice: a cell a spreadsheet could read as a formula gets a leading quote.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def rows(results: Results):
    # Baseline status only when the scan was compared with one (blank otherwise).
    marks = {f.fingerprint: f.baseline for f in results.findings} if results.baseline_file else {}
    reasons = {e.get("entry"): e.get("reason", "") for e in results.suppressions}
    for page in results.scanned_pages:
        url = page.final_url or page.url
        for kind, group in (("violation", page.violations), ("needs review", page.incomplete),
                            ("suppressed", page.suppressed)):
            for r in group:
                for node in r.nodes:
                    fp = fingerprint(r.rule, node.target, node.html)
                    yield (kind, url, r.rule, r.impact, " ".join(r.wcag), r.help, node.selector(), node.html,
                           node.summary, fp, marks.get(fp, "new") if marks and kind == "violation" else "", r.help_url,
                           reasons.get(r.suppressed_by, "") if kind == "suppressed" else "",
                           page.file or "", node.line or "", node.column or "")


@register
class CsvReporter(Reporter):
    name = "csv"
    filenames = ("findings.csv",)

    def render(self, results: Results, out_dir: Path) -> list[Path]:
        buf = io.StringIO()
        writer = csv.writer(buf)  # RFC 4180: comma, CRLF, quotes doubled
        writer.writerow(COLUMNS)
        for row in rows(results):
            writer.writerow([escape_cell(v) for v in row])
        # UTF-8 with a byte-order mark: without it Excel opens the file in the local ANSI code
        # page and garbles every non-ASCII title or label; LibreOffice, pandas (utf-8-sig) and
        # Python's csv read it fine, and Excel is where 508 coordinators open CSV files.
        return [write_atomic(out_dir / "findings.csv", "\ufeff" + buf.getvalue())]
