"""Running the real `a11y` command in a subprocess, as CI would."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def run_a11y(*args, cwd=None, env=None, timeout=900) -> subprocess.CompletedProcess:
    # `timeout` only guards against a hang; no scan in the suite should come near it.
    full_env = dict(os.environ, **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "a11y", *map(str, args)], cwd=cwd, env=full_env,
        capture_output=True, text=True, timeout=timeout,
    )


def read_results(out: Path) -> dict:
    return json.loads((Path(out) / "results.json").read_text())


def pages_by_url(results: dict) -> dict:
    return {p["url"]: p for p in results["pages"]}


def scan(*args, expect: int, **kwargs) -> subprocess.CompletedProcess:
    """`a11y scan ARGS`, asserting its exit code (the CI contract) with stderr shown if it differs."""
    proc = run_a11y("scan", *args, **kwargs)
    assert proc.returncode == expect, f"a11y scan exited {proc.returncode}, expected {expect}:\n{proc.stderr}"
    return proc
