"""report.html: one self-contained, accessible page for people (a 508 coordinator).

The template does the layout; views.py does the grouping. Everything from the
results is autoescaped; URLs become links only when they are http(s).
"""
from __future__ import annotations

import base64
import re
from datetime import datetime
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urlsplit

import jinja2

from ..catalog import wcag_handles
from ..locations import page_label, url_labels
from ..models import COUNT_LABELS, IMPACTS, Results, selector_text, summarise
from . import Reporter, charts, register, views, write_atomic

_IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}
_MAX_INLINE_IMAGE = 1_000_000  # bytes; larger screenshots are linked, not inlined


def web_url(url: str | None) -> bool:
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def slug(text: str | None) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text or "").strip("-") or "x"


@jinja2.pass_context
def image_src(ctx, rel: str | None) -> str | None:
    """A screenshot path (relative to the output folder) as a data: URI when the
    file is there, so the report stays one file; else the relative path.
    Absolute paths, '..' and URLs are refused."""
    if not rel or ":" in rel or "\\" in rel:
        return None
    path = PurePosixPath(rel)
    if path.is_absolute() or ".." in path.parts or path.suffix.lower() not in _IMAGE_TYPES:
        return None
    file = Path(ctx["out_dir"], *path.parts)
    try:
        if file.is_file() and file.stat().st_size <= _MAX_INLINE_IMAGE:
            data = base64.b64encode(file.read_bytes()).decode("ascii")
            return f"data:{_IMAGE_TYPES[path.suffix.lower()]};base64,{data}"
    except OSError:
        pass
    return quote(path.as_posix())


def _when(iso: str | None) -> tuple[str, datetime | None]:
    if not iso:
        return "", None
    try:
        dt = datetime.fromisoformat(iso)
    except ValueError:
        return iso, None
    zone = "UTC" if dt.utcoffset() is not None and not dt.utcoffset() else dt.strftime("%z")
    return f"{dt:%d %b %Y, %H:%M:%S} {zone}".strip(), dt


def _duration(a: datetime | None, b: datetime | None) -> str:
    if not a or not b or (a.tzinfo is None) != (b.tzinfo is None):
        return ""
    s = int((b - a).total_seconds())
    if s < 0:
        return ""
    if s >= 3600:
        return f"{s // 3600} h {s % 3600 // 60} min"
    return f"{s // 60} min {s % 60} s" if s >= 60 else f"{s} s"



_env = jinja2.Environment(
    loader=jinja2.PackageLoader("a11y.reporters", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters.update(
    web_url=web_url, slug=slug, image_src=image_src, host=lambda url: urlsplit(url).hostname or "",
    sc_name=lambda sc: wcag_handles().get(sc, ""),
    finding_selector=lambda f: selector_text(f.target), page_label=page_label,
)


def render_html(results: Results, out_dir: Path) -> str:
    summary = summarise(results)
    rules = views.by_rule(results)
    review = views.by_rule(results, "incomplete")
    criteria = views.by_criterion(results)
    impact_totals = summary["failing_elements_by_impact"]
    complete, complete_text = views.completeness(results)
    started, t0 = _when(results.started)
    finished, t1 = _when(results.finished)
    first = next((p for p in results.pages), None)
    crit_rows = [(charts.short(f"{c.criterion} {c.name}" if c.criterion else "Best practice"),
                  f"{c.criterion} {c.name}".strip() if c.criterion else c.name, c.by_impact, c.nodes)
                 for c in criteria]
    return _env.get_template("report.html").render(
        results=results, summary=summary, count_labels=COUNT_LABELS, out_dir=str(out_dir), impacts=IMPACTS,
        tool_name=results.tool.get("name", "a11y"), tool_version=results.tool.get("version", ""),
        standard_name=views.STANDARD_NAMES.get(results.standard, results.standard),
        site=results.options.get("site") or (urlsplit(first.url).netloc if first else ""),
        started=started, finished=finished, duration=_duration(t0, t1),
        complete=complete, complete_text=complete_text,
        coverage=views.coverage(results), seen_as=views.seen_as(results), skip_groups=views.skipped_by_reason(results),
        skip_unlisted=sum(results.skipped_unlisted.values()),
        cached=views.from_cache(results), cache_note=views.CACHE_NOTE,
        rules=rules, rule_index={g.rule: i for i, g in enumerate(rules, 1)},
        criteria=criteria, criterion_anchors={c.criterion for c in criteria if c.criterion},
        impact_totals=impact_totals,
        criterion_chart=charts.bar_chart("chart-sc", "Failing elements by WCAG success criterion, stacked by impact",
                                         crit_rows),
        impact_chart=charts.bar_chart("chart-impact", "Failing elements by impact",
                                      [(i.capitalize(), i.capitalize(), {i: impact_totals[i]}, impact_totals[i])
                                       for i in IMPACTS]),
        pages=views.by_page(results), broken=views.broken_links(results),
        errors=views.error_pages(results), skipped=views.skipped_pages(results),
        documents=results.documents, base=views.baseline(results), not_checked_note=views.NOT_CHECKED_NOTE,
        review=review, review_index={g.rule: i for i, g in enumerate(review, 1)},
        suppressed=views.suppressed(results), suppression_status=views.SUPPRESSION_STATUS,
        settled=views.settled(results),
        labels=url_labels(results),
    )


@register
class HtmlReporter(Reporter):
    name = "html"
    filenames = ("report.html",)

    def render(self, results: Results, out_dir: Path) -> list[Path]:
        out_dir = Path(out_dir)
        return [write_atomic(out_dir / "report.html", render_html(results, out_dir))]
