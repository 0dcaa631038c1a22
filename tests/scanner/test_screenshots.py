"""--screenshot-limit keeps the pictures for the most severe findings."""
from __future__ import annotations

from tests.scanner.siteserver import page, site
from tests.support import read_results, run_a11y


def test_the_most_severe_findings_get_their_pictures_first(tmp_path):
    # Three serious problems come first on the page (and in axe's rule order), the critical one last.
    pale = "".join(f'<p style="color:#aaa">Pale text {i}</p>' for i in range(3))
    body = pale + '<img src="/logo.png" width="60" height="30">'
    with site({"/": page("Home", body)}) as base:
        out = tmp_path / "out"
        # axe's findings only: our text-contrast-rendered check reports the pale text too.
        proc = run_a11y("scan", base + "/", "--out", out, "-q", "--screenshots", "--screenshot-limit", "1",
                        "--format", "json", "--checks", "none")
    assert proc.returncode == 1, proc.stderr
    [home] = read_results(out)["pages"]
    shots = {(v["rule"], v["impact"]): [n["screenshot"] for n in v["nodes"]] for v in home["violations"]}
    assert set(shots) == {("image-alt", "critical"), ("color-contrast", "serious")}
    assert shots[("image-alt", "critical")][0] is not None
    assert shots[("color-contrast", "serious")] == [None, None, None]
