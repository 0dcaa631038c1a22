"""The ACR's "Evaluation Methods Used" names the seeds the user gave, as recorded in
results.json: the local path for a folder (not its loopback URL), the URLs in the
order given (not whichever page finished first)."""
from __future__ import annotations

import yaml

from tests.conftest import FIXTURES
from tests.scanner.siteserver import page, site
from tests.support import read_results, run_a11y


def _methods(out) -> dict[str, str]:
    doc = yaml.safe_load((out / "acr.yaml").read_text())
    return {"acr.yaml": doc["evaluation_methods_used"], "acr.html": (out / "acr.html").read_text(),
            "acr.md": (out / "acr.md").read_text()}


def test_a_local_folder_is_named_as_given(tmp_path):
    out = tmp_path / "out"
    run = run_a11y("scan", "counts", "--out", out, "--format", "json,openacr", cwd=FIXTURES)
    assert run.returncode == 1, run.stderr
    assert read_results(out)["options"]["seeds"] == ["counts"]
    methods = _methods(out)
    assert "of 3 web page(s) starting at counts on " in methods["acr.yaml"]
    for name, text in methods.items():
        assert "starting at counts on " in text, name
        assert "starting at http" not in text, name


def test_url_seeds_are_named_in_the_order_given(tmp_path):
    routes = {"/": page("Home", '<a href="/about">About</a>'), "/about": page("About"),
              "/contact": page("Contact")}
    with site(routes) as base:
        seeds = [f"{base}/contact", f"{base}/about"]
        run = run_a11y("scan", *seeds, "--depth", "0", "--out", tmp_path / "out", "--format", "json")
    assert run.returncode == 0, run.stderr
    assert read_results(tmp_path / "out")["options"]["seeds"] == seeds
    # The ACR is written later from the saved results, with no browser.
    acr = run_a11y("acr", tmp_path / "out" / "results.json", "--out", tmp_path / "acr")
    assert acr.returncode == 0, acr.stderr
    assert f"of 2 web page(s) starting at {seeds[0]}, {seeds[1]} on " in _methods(tmp_path / "acr")["acr.yaml"]
