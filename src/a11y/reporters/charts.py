"""Horizontal stacked bar charts (inline SVG) of failing elements by impact.

Shared by report.html and acr.html: layout is computed here, drawn by the
`bar_chart` macro in templates/_chart.html, styled by _chart_style.html. Every
chart is role="img" with its numbers in <desc>, and has a data table beside it.
"""
from __future__ import annotations

from ..models import IMPACTS

LABEL_WIDTH, BAR_WIDTH, ROW_HEIGHT = 230, 330, 26


def short(text: str, n: int = 28) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def bar_chart(chart_id: str, title: str, rows: list[tuple[str, str, dict[str, int], int]]) -> dict:
    """Geometry and text for one chart.

    rows: (short label, full label, counts by impact, total including unknown impacts).
    """
    top = max((max(total, sum(c.values())) for _, _, c, total in rows), default=0) or 1
    out, y = [], 6
    for label, _, counts, total in rows:
        x, segments = float(LABEL_WIDTH), []
        for impact in IMPACTS:
            n = counts.get(impact, 0)
            if n:
                w = round(n / top * BAR_WIDTH, 1)
                segments.append({"impact": impact, "x": x, "width": w, "count": n})
                x += w
        out.append({"label": label, "total": total, "segments": segments, "y": y, "end": x})
        y += ROW_HEIGHT
    parts = []
    for _, full, counts, total in rows:
        split = ", ".join(f"{counts[i]} {i}" for i in IMPACTS if counts.get(i))
        parts.append(f"{full}: {total}" + (f" ({split})" if split else ""))
    return {"id": chart_id, "title": title, "desc": "; ".join(parts) + "." if parts else "No failing elements.",
            "rows": out, "label_width": LABEL_WIDTH, "width": LABEL_WIDTH + BAR_WIDTH + 50, "height": y + 6}
