"""results.json: the full record (schema documented in the README)."""
from __future__ import annotations

from pathlib import Path

from ..models import Results
from . import Reporter, register, write_atomic


@register
class JsonReporter(Reporter):
    name = "json"
    filenames = ("results.json",)

    def render(self, results: Results, out_dir: Path) -> list[Path]:
        def write(fh) -> None:
            results.write_json(fh)
            fh.write("\n")
        return [write_atomic(out_dir / "results.json", write)]
