"""Locations for a local folder: pages named by file and URL path (never the loopback port),
elements placed at their start tag in the served file, the same from run to run."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft4Validator

from a11y.locations import find, start_tags
from a11y.models import Node
from tests.support import read_results, scan

SARIF_SCHEMA = json.loads((Path(__file__).parent.parent / "reporters" / "schemas" / "sarif-schema-2.1.0.json")
                          .read_text(encoding="utf-8"))

SOURCE = """<!doctype html>
<html lang="en">
<head><title>T</title></head>
<body>
  <main>
    <img src="a.png" class="logo">
    <p>x</p>  <input type="text" name="q" disabled>
    <img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk" id="long">
    <img src="twin.png"><img src="twin.png">
  </main>
</body>
</html>
"""


@pytest.mark.parametrize("html, where", [
    ('<img src="a.png" class="logo">', (6, 5)),
    ('<input type="text" name="q" disabled="">', (7, 15)),  # the browser writes a boolean attribute as =""
    # axe shortens a long element to its start tag, long values cut to 20 characters and '...'
    ('<img src="data:image/png;base64..." id="long">', (8, 5)),
    ('<img src="data:image/png;base64..." ...>', (8, 5)),  # and drops the attributes that do not fit
])
def test_the_start_tag_is_found_with_its_attributes(html, where):
    found = find(html, start_tags(SOURCE))
    assert (found.line, found.column) == where
    assert SOURCE.splitlines()[where[0] - 1][where[1] - 1:].startswith(html.split(" ")[0])


@pytest.mark.parametrize("html", [
    '<img src="a.png" class="logo" alt="">',  # an attribute added by script: not the source's element
    '<img src="b.png" class="logo">',
    '<img src="twin.png">',  # two identical start tags: which one is unknown
    '<div>',
    '',
])
def test_no_line_rather_than_a_wrong_one(html):
    assert find(html, start_tags(SOURCE)) is None


def test_identical_start_tags_are_told_apart_by_their_order_in_the_page():
    tags = start_tags(SOURCE)
    first, second = (find('<img src="twin.png">', tags, (i, 2)) for i in (0, 1))
    assert (first.line, first.column, second.line, second.column) == (9, 5, 9, 25)
    # The page had another number of them (a script added or changed one): which is which is unknown.
    assert find('<img src="twin.png">', tags, (1, 3)) is None


def test_elements_in_frames_and_shadow_roots_get_no_line():
    from a11y.locations import place

    tags = start_tags(SOURCE)
    for target in (["iframe", "img"], [["my-widget", "img"]]):
        node = Node(target=target, html='<img src="a.png" class="logo">')
        place(node, tags)
        assert (node.line, node.column) == (None, None)


HOME = """<!doctype html>
<html lang="en">
<head><title>Home</title></head>
<body>
<main>
<h1>Home</h1>
<p><a href="about/">About us</a> <a href="index.html">Home again</a></p>
      <img src="logo.png" class="logo">
<div id="made"></div>
<script>document.getElementById('made').innerHTML = '<img src="made-by-script.png">';</script>
</main>
</body>
</html>
"""
ABOUT = """<!doctype html>
<html lang="en">
<head><title>About</title></head>
<body>
<main>
<h1>About</h1>
<p><a href="../">Home</a></p>
<form>
  <label>Name <input type="text" name="name"></label>
    <input type="text" name="nick">
  <input type="text" class="code"><input type="text" class="code">
</form>
</main>
</body>
</html>
"""


def _site(root: Path) -> None:
    (root / "public" / "about").mkdir(parents=True)
    (root / "public" / "index.html").write_text(HOME)
    (root / "public" / "about" / "index.html").write_text(ABOUT)


def _results_by_rule(sarif: dict) -> dict:
    out = {}
    for r in sarif["runs"][0]["results"]:
        loc = r["locations"][0]["physicalLocation"]
        out.setdefault(r["ruleId"], []).append(
            (loc["artifactLocation"], loc["region"].get("startLine"), loc["region"].get("startColumn"),
             r["partialFingerprints"]["a11yFingerprint/v1"]))
    return out


def test_a_folder_scan_names_files_and_lines_the_same_every_run(tmp_path):
    _site(tmp_path)
    formats = "json,html,md,junit,sarif,csv,openacr,earl"
    runs = []
    for out in ("out1", "out2"):  # our checks on: a scan as CI runs it
        scan("public", "--out", out, "--format", formats, cwd=tmp_path, expect=1)
        runs.append(json.loads((tmp_path / out / "results.sarif").read_text()))

    log = runs[0]
    errors = sorted(Draft4Validator(SARIF_SCHEMA).iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
    found = _results_by_rule(log)
    home = {"uri": "public/index.html", "uriBaseId": "%SRCROOT%"}
    about = {"uri": "public/about/index.html", "uriBaseId": "%SRCROOT%"}
    images = sorted((a["uri"], line, col) for a, line, col, _ in found["image-alt"])
    # The logo is at line 8, column 7 of the file; the image a script made is in no file: line 1, no column.
    assert images == [("public/index.html", 1, None), ("public/index.html", 8, 7)]
    assert HOME.splitlines()[7][6:].startswith('<img src="logo.png"')
    # Two identical start tags on one line, told apart by their order on the page.
    assert sorted((a["uri"], line, col) for a, line, col, _ in found["label"]) == [
        (about["uri"], 10, 5), (about["uri"], 11, 3), (about["uri"], 11, 35)]
    assert ABOUT.splitlines()[9][4:].startswith('<input type="text" name="nick">')
    assert {a["uri"] for a, *_ in sum(found.values(), [])} <= {home["uri"], about["uri"]}
    artifacts = [a["location"] for a in log["runs"][0]["artifacts"]]
    assert sorted(a["uri"] for a in artifacts) == ["public/about/index.html", "public/index.html"]
    # The same problem keeps its location and fingerprint from run to run.
    in_order = lambda found: {rule: sorted(v, key=repr) for rule, v in found.items()}  # noqa: E731
    assert in_order(_results_by_rule(runs[1])) == in_order(found)  # pages may finish in another order
    occurrences = [r["partialFingerprints"]["a11yOccurrence/v1"] for r in log["runs"][0]["results"]]
    assert len(set(occurrences)) == len(occurrences)  # the twins are two results, not one
    assert set(occurrences) == {r["partialFingerprints"]["a11yOccurrence/v1"] for r in runs[1]["runs"][0]["results"]}

    results = read_results(tmp_path / "out1")
    pages = {p["file"]: p for p in results["pages"] if p["status"] == "scanned"}
    [again] = [p for p in results["pages"] if p["status"] == "skipped"]
    assert (again["url"], again["reason"]) == ("/index.html", "duplicate: same content as /")
    assert (pages["public/about/index.html"]["url"], pages["public/index.html"]["url"]) == ("/about/", "/")
    md = (tmp_path / "out1" / "summary.md").read_text()
    html = (tmp_path / "out1" / "report.html").read_text()
    assert "public/about/index.html (/about/)" in html
    junit = (tmp_path / "out1" / "junit.xml").read_text()
    assert 'name="public/about/index.html (/about/)"' in junit
    acr = (tmp_path / "out1" / "acr.md").read_text()
    assert "public/about/index.html (/about/)" in acr
    # Never the loopback port, in any file of any format.
    for path in (tmp_path / "out1").iterdir():
        assert "127.0.0.1" not in path.read_text(encoding="utf-8-sig"), path.name
    assert "127.0.0.1" not in md
