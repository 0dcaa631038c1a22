"""scripts/ci-scan.sh tells CI where the reports really are: never a folder that holds
nothing of this scan's (an unwritable A11Y_OUT, an earlier run's results.sarif)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.scanner.siteserver import page, site

ROOT = Path(__file__).parent.parent.parent
FAILING = '<img src="a.png">'


def ci_scan(workspace: Path, target: str, out: str | Path, formats: str) -> tuple[subprocess.CompletedProcess, dict]:
    """The script as the action runs it; (the run, the step's outputs)."""
    env = dict(os.environ, A11Y_BIN=str(Path(sys.executable).with_name("a11y")), A11Y_TARGET=target,
               A11Y_OUT=str(out), A11Y_FORMAT=formats, A11Y_ARGS="--checks none",
               GITHUB_OUTPUT=str(workspace / "outputs"), GITHUB_STEP_SUMMARY=str(workspace / "step-summary.md"))
    (workspace / "outputs").write_text("")
    (workspace / "step-summary.md").write_text("")
    proc = subprocess.run(["bash", str(ROOT / "scripts" / "ci-scan.sh")], cwd=workspace, env=env,
                          capture_output=True, text=True, timeout=900)
    outputs = dict(line.split("=", 1) for line in (workspace / "outputs").read_text().splitlines())
    return proc, outputs


def test_an_unwritable_out_writes_no_report_dir(tmp_path):
    (tmp_path / "a-file").write_text("")
    proc, outputs = ci_scan(tmp_path, "http://127.0.0.1:1/", "a-file/report", "json,md,sarif")
    assert proc.returncode == 2
    assert outputs == {"exit-code": "2", "report-dir": ""}
    assert (tmp_path / "step-summary.md").read_text() == ""
    assert proc.stdout.strip().splitlines()[-1] == "a11y: no reports were written (exit 2)"
    assert "cannot create the report folder a-file/report: Not a directory" in proc.stderr


def test_reports_moved_mid_scan_are_the_ones_reported(tmp_path):
    out = tmp_path / "a11y-report"

    def folder_lost_mid_scan(h):  # as a full disk would: the folder stops taking files
        if out.is_dir():
            shutil.rmtree(out)
            out.write_text("in the way")
        page("Home", FAILING)(h)

    with site({"/": folder_lost_mid_scan}) as base:
        proc, outputs = ci_scan(tmp_path, base + "/", "a11y-report", "json,md,sarif")
    assert proc.returncode == 3, proc.stderr
    moved = Path(outputs["report-dir"])
    assert moved != out and (moved / "results.json").is_file()
    assert outputs == {"exit-code": "3", "report-dir": str(moved), "sarif": f"{moved}/results.sarif"}
    assert (tmp_path / "step-summary.md").read_text() == (moved / "summary.md").read_text()
    assert proc.stdout.strip().splitlines()[-1] == (
        f"a11y: reports in {moved}, NOT in a11y-report: a11y-report could not be written (exit 3)")
    shutil.rmtree(moved)


def test_an_earlier_runs_sarif_is_not_uploaded(tmp_path):
    with site({"/": page("Home", FAILING)}) as base:
        first, outputs = ci_scan(tmp_path, base + "/", "a11y-report", "json,md,sarif,junit")
        assert first.returncode == 1 and outputs["sarif"] == "a11y-report/results.sarif"
    with site({"/": page("Home", "<p>Fixed.</p>")}) as base:
        second, outputs = ci_scan(tmp_path, base + "/", "a11y-report", "json,md")
    assert second.returncode == 0, second.stderr
    assert outputs == {"exit-code": "0", "report-dir": "a11y-report"}
    assert not (tmp_path / "a11y-report" / "results.sarif").exists()
    assert not (tmp_path / "a11y-report" / "junit.xml").exists()
