"""Interrupted scans still report.

A cancelled or timed-out CI job gets SIGTERM; Ctrl-C in a terminal sends SIGINT to the
whole process group (the Playwright driver included). Either way the scan stops, writes
every requested format from the partial results marked incomplete, says "interrupted"
and exits 3, with no traceback.
"""
import json
import os
import signal
import subprocess
import sys
import threading

import pytest

from a11y import reporters

from .siteserver import page, site

FORMATS = reporters.available()
EXPECTED_STDERR = [
    "a11y: interrupted: writing partial results (marked incomplete)",
    "a11y: incomplete: the scan did not finish; results are partial (exit 3)",
]


def interrupted_scan(out, send) -> tuple[int, str]:
    """Scan a site whose every page but the seed is held by the server until the scan has
    been signalled; `send(proc)` signals it once the scan has reached a held page.
    Returns the exit code and stderr."""
    reached, release = threading.Event(), threading.Event()

    def held(h):
        reached.set()
        release.wait()
        page("Late", "<p>Too late.</p>")(h)

    routes = {"/": page("Home", "".join(f'<a href="/held{i}">Held {i}</a>' for i in range(3)))}
    routes.update({f"/held{i}": held for i in range(3)})
    with site(routes) as base:
        proc = subprocess.Popen(
            # --checks none: bypass-repeated-blocks would load a held page itself to compare with,
            # so the signal would come while the seed page is still being checked, not once the
            # scan has reached a held page as this test means.
            [sys.executable, "-m", "a11y", "scan", base + "/", "--out", str(out), "-q", "--no-sitemap",
             "--concurrency", "1", "--checks", "none", "--format", ",".join(FORMATS)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
        try:
            while not reached.wait(0.2):
                if proc.poll() is not None:
                    pytest.fail(f"the scan ended before it was interrupted: {proc.communicate()}")
            send(proc)
            _, err = proc.communicate(timeout=600)  # a hang guard only
        finally:
            release.set()
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    return proc.returncode, err


def to_process(sig):
    return lambda proc: proc.send_signal(sig)


def to_group(sig):
    return lambda proc: os.killpg(proc.pid, sig)


@pytest.mark.parametrize("send", [to_process(signal.SIGTERM), to_group(signal.SIGTERM), to_group(signal.SIGINT)],
                         ids=["SIGTERM", "SIGTERM to the group", "Ctrl-C (SIGINT to the group)"])
def test_interrupted_scan_writes_every_format_and_exits_3(tmp_path, send):
    out = tmp_path / "out"
    code, err = interrupted_scan(out, send)
    assert code == 3, err
    assert err.splitlines() == EXPECTED_STDERR
    for name in FORMATS:
        for filename in reporters.get(name).filenames:
            assert (out / filename).stat().st_size > 0, filename
    results = json.loads((out / "results.json").read_text())
    assert results["complete"] is False
    assert not [p for p in results["pages"] if p["status"] == "error"]  # stopping is not a page failure
    assert "did not finish" in (out / "summary.md").read_text()
