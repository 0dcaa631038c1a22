"""results.json: the full record (schema documented in the README)."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..models import SCHEMA_VERSION, Results
from . import Reporter, register, write_atomic


@register
class JsonReporter(Reporter):
    name = "json"
    filenames = ("results.json",)

    def render(self, results: Results, out_dir: Path) -> list[Path]:
        # Results read from an older results.json (`a11y report`) are held in the current shape
        # (models.results_from_dict): what is written is that shape, so it says this version.
        if results.schema_version != SCHEMA_VERSION:
            results = replace(results, schema_version=SCHEMA_VERSION)

        def write(fh) -> None:
            results.write_json(fh)
            fh.write("\n")
        return [write_atomic(out_dir / "results.json", write)]
