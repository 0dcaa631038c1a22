"""--viewport and --color-scheme: the pages are audited as a phone or dark mode shows them."""
import pytest

from a11y.emulation import Emulation, EmulationError, parse_viewport
from a11y.queue.protocol import job_settings, options_from
from a11y.scan import ScanOptions
from tests.support import read_results, scan

from .siteserver import page, site

GIF = "data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACwAAAAAAQABAAACAkQBADs="
# An image without a text alternative that only wide windows show, and text that has enough
# contrast only in light mode.
RESPONSIVE = page("Responsive", f"""
<style>
  @media (max-width: 600px) {{ .wide {{ display: none; }} }}
  @media (prefers-color-scheme: dark) {{ body {{ background: #111; }} p {{ color: #333; }} }}
</style>
<img class="wide" src="{GIF}" width="40" height="40">
<p>Opening hours are listed below.</p>""")


def rules_failed(out) -> set[str]:
    return {v["rule"] for p in read_results(out)["pages"] for v in p["violations"]}


def test_the_window_and_colour_scheme_decide_what_is_audited(tmp_path):
    with site({"/": RESPONSIVE}) as base:
        scan(base + "/", "--out", tmp_path / "wide", "-q", "--checks", "none", expect=1)
        scan(base + "/", "--out", tmp_path / "phone", "-q", "--checks", "none", "--viewport", "390x844", expect=0)
        scan(base + "/", "--out", tmp_path / "dark", "-q", "--checks", "none", "--viewport", "390x844",
             "--color-scheme", "dark", "--format", "json,html,md", expect=1)
    assert rules_failed(tmp_path / "wide") == {"image-alt"}
    assert rules_failed(tmp_path / "phone") == set()
    assert rules_failed(tmp_path / "dark") == {"color-contrast"}
    options = read_results(tmp_path / "dark")["options"]
    assert (options["viewport"], options["color_scheme"]) == ("390x844", "dark")
    said = "a 390 × 844 CSS px window, dark colour scheme"
    assert f"Browser</dt><dd>{said}" in (tmp_path / "dark" / "report.html").read_text()
    assert f"Browser: {said}" in (tmp_path / "dark" / "summary.md").read_text()
    assert read_results(tmp_path / "wide")["options"]["viewport"] == "1280x720"


@pytest.mark.parametrize("text, size", [("390x844", (390, 844)), ("1280X720", (1280, 720)), (" 800 x 600 ", (800, 600))])
def test_a_viewport_is_width_by_height_in_css_pixels(text, size):
    assert parse_viewport(text) == size


@pytest.mark.parametrize("text, why", [
    ("390", "is not WIDTHxHEIGHT"), ("wide", "is not WIDTHxHEIGHT"), ("-1x300", "is not WIDTHxHEIGHT"),
    ("100x100", "outside 200x200 to 7680x4320"), ("9000x800", "outside"),
])
def test_a_viewport_that_is_no_window_size_is_refused_with_the_reason(text, why):
    with pytest.raises(EmulationError, match=why):
        parse_viewport(text)


def test_a_bad_viewport_is_a_usage_error_naming_where_it_came_from(tmp_path):
    proc = scan("http://127.0.0.1:9/", "--viewport", "phone", "--out", tmp_path / "o", expect=2)
    assert "invalid value for --viewport on the command line: 'phone' is not WIDTHxHEIGHT" in proc.stderr
    (tmp_path / "a11y.toml").write_text('color-scheme = "sepia"\n')
    proc = scan("http://127.0.0.1:9/", "--out", tmp_path / "o", cwd=tmp_path, expect=2)
    assert "a11y.toml line 1: invalid value for color-scheme" in proc.stderr and "sepia" in proc.stderr


def test_workers_scan_with_the_coordinators_window_and_colour_scheme():
    options = ScanOptions(emulation=Emulation(390, 844, "dark"))
    settings = job_settings(["http://127.0.0.1:9/"], options, [])
    assert options_from(settings, concurrency=1, chromium=None).emulation == Emulation(390, 844, "dark")
    # A coordinator from before these settings: the defaults.
    del settings["viewport"], settings["color_scheme"]
    assert options_from(settings, concurrency=1, chromium=None).emulation == Emulation()
