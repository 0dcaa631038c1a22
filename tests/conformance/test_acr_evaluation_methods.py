"""The ACR's "Evaluation Methods Used" says how many pages of the site the scan found and did
not audit, and why (--max-pages, robots.txt, errors, an unfinished scan), so that an ACR of
part of a site is not read as one of the whole."""
from __future__ import annotations

import html
import re

import pytest
import yaml

from a11y.reporters.openacr import build_acr
from tests.scanner.siteserver import page, site
from tests.support import run_a11y, scan

from .crafted import page as crafted_page
from .crafted import pdf, results

ROBOTS = "User-agent: *\nDisallow: /private/\n"


def _methods(out) -> dict[str, str]:
    """Evaluation Methods Used as each of the ACR's files says it, in plain text."""
    doc = yaml.safe_load((out / "acr.yaml").read_text())
    page_html = (out / "acr.html").read_text()
    start = page_html.index("<dt>Evaluation Methods Used</dt><dd>") + len("<dt>Evaluation Methods Used</dt><dd>")
    md = next(line for line in (out / "acr.md").read_text().splitlines() if "Evaluation Methods Used" in line)
    return {"acr.yaml": doc["evaluation_methods_used"],
            "acr.html": html.unescape(page_html[start:page_html.index("</dd>", start)]),
            "acr.md": md.replace("\\", "")}


@pytest.fixture(scope="module")
def cut_by_max_pages(tmp_path_factory):
    """A real scan of a site of seven pages, one disallowed by robots.txt, cut by --max-pages 2."""
    out = tmp_path_factory.mktemp("cut")
    links = "".join(f'<a href="/p{i}">Page {i}</a> ' for i in range(5)) + '<a href="/private/x">Private</a>'
    routes = {"/": page("Home", links), "/robots.txt": lambda h: h._send(200, ROBOTS, "text/plain"),
              "/private/x": page("Private"), **{f"/p{i}": page(f"Page {i}", "<p>Text.</p>") for i in range(5)}}
    with site(routes) as base:
        scan(base + "/", "--max-pages", "2", "--no-sitemap", "--checks", "none", "--format", "json,openacr",
             "--out", out / "scan", "-q", "--fail-on", "none", expect=0)
    return out


EXPECTED = "5 page(s) of the site that the scan found were not audited: "
REASONS = ("4 cut off by --max-pages 2", "1 disallowed by robots.txt")  # in either order


def _says_what_was_not_audited(text: str) -> bool:
    said = re.split(r"\.(?:\s|$)", text.split(EXPECTED, 1)[1], maxsplit=1)[0] if EXPECTED in text else ""
    return sorted(said.split(", ")) == sorted(REASONS)


def test_the_scans_draft_acr_says_what_was_not_audited_and_why(cut_by_max_pages):
    for name, text in _methods(cut_by_max_pages / "scan").items():
        assert "of 2 web page(s) starting at" in text, name
        assert _says_what_was_not_audited(text), (name, text)


def test_a11y_acr_on_the_saved_results_says_it_too(cut_by_max_pages):
    out = cut_by_max_pages / "acr"
    acr = run_a11y("acr", cut_by_max_pages / "scan" / "results.json", "--out", out)
    assert acr.returncode == 0, acr.stderr
    assert _says_what_was_not_audited(_methods(out)["acr.yaml"])


def test_errors_and_an_unfinished_scan_are_said_in_the_same_sentence():
    res = results(crafted_page("a"), crafted_page("c", status="skipped", reason="limit: --max-pages 2 reached"),
                  crafted_page("slow", status="error", reason="timeout"), pdf())
    res.complete = False
    text = build_acr(res).evaluation_methods()
    assert "2 page(s) of the site that the scan found were not audited: 1 cut off by --max-pages 2, 1 " in text
    assert "The scan did not finish (it was interrupted or stopped), so pages it had not reached are not known." in text
    # The two lines the sentence replaced are gone.
    assert "The scan did not complete" not in text and "page(s) could not be loaded." not in text


def test_a_whole_scan_adds_nothing():
    text = build_acr(results(crafted_page("a"), crafted_page("b"), pdf())).evaluation_methods()
    assert "not audited" not in text and "did not finish" not in text
    assert text.endswith("are reported as Not Evaluated. No manual evaluation was recorded.")
