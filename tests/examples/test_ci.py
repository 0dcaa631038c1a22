"""The ready CI action: action.yml's own steps (the scan and the verdict), run here with bash
as the runner would run them, on the bundled example site; the GitLab template runs the same
script (scripts/ci-scan.sh)."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft4Validator

ROOT = Path(__file__).parent.parent.parent
SCRIPT = "scripts/ci-scan.sh"
SARIF_SCHEMA = ROOT / "tests" / "reporters" / "schemas" / "sarif-schema-2.1.0.json"


def action() -> dict:
    return yaml.safe_load((ROOT / "action.yml").read_text())


def step(name: str) -> dict:
    return next(s for s in action()["runs"]["steps"] if s.get("name") == name)


def expand(text: str, inputs: dict, outputs: dict) -> str:
    """GitHub's ${{ inputs.x }} / ${{ steps.scan.outputs.x }}, for the steps this test runs."""
    def value(m: re.Match) -> str:
        expr = m.group(1).strip()
        if expr.startswith("inputs."):
            return inputs[expr[len("inputs."):]]
        if expr.startswith("steps.scan.outputs."):
            return outputs.get(expr[len("steps.scan.outputs."):], "")
        raise AssertionError(f"this test does not know {expr}")
    return re.sub(r"\$\{\{(.*?)\}\}", value, text)


def run_step(name: str, inputs: dict, outputs: dict, workspace: Path, files: dict) -> subprocess.CompletedProcess:
    s = step(name)
    assert s["shell"] == "bash"
    env = dict(os.environ, GITHUB_ACTION_PATH=str(ROOT), GITHUB_WORKSPACE=str(workspace),
               A11Y_BIN=str(Path(sys.executable).with_name("a11y")), **files)
    env.update({k: expand(str(v), inputs, outputs) for k, v in (s.get("env") or {}).items()})
    return subprocess.run(["bash", "-e", "-c", expand(s["run"], inputs, outputs)], cwd=workspace, env=env,
                          capture_output=True, text=True, timeout=900)


def test_the_action_is_a_composite_that_calls_the_script():
    a = action()
    assert a["runs"]["using"] == "composite"
    uses = [s.get("uses", "").split("@")[0] for s in a["runs"]["steps"]]
    assert uses == ["actions/setup-python", "", "", "github/codeql-action/upload-sarif", "actions/upload-artifact", ""]
    assert SCRIPT in step("Scan")["run"] and "scripts/setup.sh" in step("Install a11y and Chromium")["run"]
    # The artifact is the folder the reports are really in, which the script names (a fallback mid-scan).
    assert step("Upload the reports")["with"]["path"] == "${{ steps.scan.outputs.report-dir }}"
    assert (ROOT / SCRIPT).stat().st_mode & 0o111
    for name, spec in a["inputs"].items():
        assert spec["description"], name


def test_the_gitlab_template_runs_the_same_script():
    job = yaml.safe_load((ROOT / "examples" / "ci" / "gitlab-ci.yml").read_text())["a11y"]
    assert any(SCRIPT in line for line in job["script"])
    assert any("scripts/setup.sh" in line for line in job["before_script"])
    assert set(step("Scan")["env"]) <= set(job["variables"])
    assert job["artifacts"]["when"] == "always" and job["artifacts"]["reports"]["junit"] == "a11y-report/junit.xml"


@pytest.fixture(scope="module")
def action_run(tmp_path_factory):
    """The Scan and Verdict steps on the example site, copied into a workspace (as a checkout would have it)."""
    import shutil

    workspace = tmp_path_factory.mktemp("workspace")
    shutil.copytree(ROOT / "examples" / "site", workspace / "public")
    files = {"GITHUB_STEP_SUMMARY": str(workspace / "step-summary.md"), "GITHUB_OUTPUT": str(workspace / "outputs")}
    inputs = {name: str(spec.get("default", "")) for name, spec in action()["inputs"].items()}
    scan = run_step("Scan", inputs, {}, workspace, files)
    outputs = dict(line.split("=", 1) for line in (workspace / "outputs").read_text().splitlines())
    verdict = run_step("Verdict", inputs, outputs, workspace, files)
    return workspace, scan, outputs, verdict


def test_the_scan_step_writes_reports_summary_and_outputs(action_run):
    workspace, scan, outputs, verdict = action_run
    assert scan.returncode == 0, scan.stderr  # `|| true`: the upload steps still run
    assert outputs == {"exit-code": "1", "report-dir": "a11y-report", "sarif": "a11y-report/results.sarif"}
    out = workspace / "a11y-report"
    assert {p.name for p in out.iterdir()} >= {"results.json", "report.html", "summary.md", "results.sarif",
                                                 "junit.xml"}
    assert (workspace / "step-summary.md").read_text() == (out / "summary.md").read_text()
    assert (out / "summary.md").read_text().startswith("## Accessibility: ❌ Failed")
    # The known problems fail the job, in the last step, after the uploads.
    assert verdict.returncode == 1


def test_the_sarif_it_uploads_points_at_the_files(action_run):
    workspace, *_ = action_run
    log = json.loads((workspace / "a11y-report" / "results.sarif").read_text())
    assert not list(Draft4Validator(json.loads(SARIF_SCHEMA.read_text())).iter_errors(log))
    located = {(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                r["locations"][0]["physicalLocation"]["region"].get("startColumn") is not None)
               for r in log["runs"][0]["results"] if r["ruleId"] == "image-alt"}
    assert ("public/index.html", True) in located
    for r in log["runs"][0]["results"]:
        if r["properties"]["page"] == "/old-news.html":  # the local server's 404 page is in no file
            assert "physicalLocation" not in r["locations"][0]
            continue
        loc = r["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert (workspace / loc["artifactLocation"]["uri"]).is_file()
        if "startColumn" in loc["region"]:
            line = (workspace / loc["artifactLocation"]["uri"]).read_text().splitlines()[loc["region"]["startLine"] - 1]
            assert line[loc["region"]["startColumn"] - 1:].startswith("<"), (r["ruleId"], line)


def test_a_passing_scan_passes_the_job(tmp_path):
    (tmp_path / "public").mkdir()
    (tmp_path / "public" / "index.html").write_text(
        '<!doctype html><html lang="en"><head><title>Fine</title></head><body><main><h1>Fine</h1>'
        '<p>Nothing wrong here.</p></main></body></html>')
    files = {"GITHUB_STEP_SUMMARY": str(tmp_path / "summary"), "GITHUB_OUTPUT": str(tmp_path / "outputs")}
    inputs = {name: str(spec.get("default", "")) for name, spec in action()["inputs"].items()}
    inputs.update(format="json,md", args="--checks none")
    assert run_step("Scan", inputs, {}, tmp_path, files).returncode == 0
    outputs = dict(line.split("=", 1) for line in (tmp_path / "outputs").read_text().splitlines())
    assert outputs["exit-code"] == "0" and "sarif" not in outputs
    assert run_step("Verdict", inputs, outputs, tmp_path, files).returncode == 0
