"""`a11y report` on a results.json of an older schema writes the current shape, and says so:
the file it writes carries this version's schema_version, not the one it was read with."""
from __future__ import annotations

import json

import pytest

from a11y.models import SCHEMA_VERSION
from tests.support import read_results, run_a11y

from .sample import sample_results
from .test_json_reporter import problems


def _older(version: str) -> dict:
    data = json.loads(sample_results().to_json())
    data["schema_version"] = version
    data.pop("skipped_unlisted")  # 2.5's
    data["summary"].pop("skipped_unlisted")
    if version.startswith("1."):  # one engine, axe-core
        data["engine"] = data.pop("engines")[0]
    return data


@pytest.mark.parametrize("version", ["1.3", "2.4"])
def test_report_of_an_older_results_file_is_stamped_with_the_current_version(tmp_path, version):
    old = tmp_path / "old.json"
    old.write_text(json.dumps(_older(version)), encoding="utf-8")
    proc = run_a11y("report", old, "--format", "json", "--out", tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    written = read_results(tmp_path / "out")
    assert written["schema_version"] == SCHEMA_VERSION != version
    assert problems(written) == []  # the shape the version names
    assert written["engines"] == [{"name": "axe-core", "version": "4.12.1"}]
    assert json.loads(old.read_text())["schema_version"] == version  # the file read is left as it was
