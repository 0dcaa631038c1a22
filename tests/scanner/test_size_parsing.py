"""--viewport and --screenshot-size read WIDTHxHEIGHT one way (emulation.parse_size): x, X or the
multiplication sign, spaces around the numbers; each option with its own smallest size and example,
both no larger than the largest window, and a usage error (exit 2) that says which option and why."""
from __future__ import annotations

import click
import pytest

from a11y.cli import parse_size as parse_screenshot_size
from a11y.emulation import EmulationError, parse_viewport
from tests.support import run_a11y


def _screenshot_size(text: str) -> tuple[int, int]:
    try:
        return parse_screenshot_size(text)
    except click.BadParameter as e:
        raise EmulationError(e.message) from None


OPTIONS = {"--viewport": (parse_viewport, 200, "e.g. 390x844 (a phone) or 1280x720"),
           "--screenshot-size": (_screenshot_size, 50, "e.g. 640x400")}


@pytest.mark.parametrize("option", list(OPTIONS))
@pytest.mark.parametrize("text, size", [
    ("800x600", (800, 600)), ("800X600", (800, 600)), ("800×600", (800, 600)), (" 800 x 600 ", (800, 600)),
    ("7680x4320", (7680, 4320)),
])
def test_both_options_read_a_size_alike(option, text, size):
    parse, _, _ = OPTIONS[option]
    assert parse(text) == size


@pytest.mark.parametrize("option", list(OPTIONS))
@pytest.mark.parametrize("text", ["800", "x600", "800x", "800x-1", "800 600", "800x600px", "", "²x600"])
def test_what_is_not_a_size_is_refused_with_an_example(option, text):
    parse, _, example = OPTIONS[option]
    with pytest.raises(EmulationError) as caught:
        parse(text)
    assert str(caught.value) == f"{text!r} is not WIDTHxHEIGHT in CSS pixels, {example}"


@pytest.mark.parametrize("option", list(OPTIONS))
@pytest.mark.parametrize("text, read", [("0x600", "0x600"), ("800x0", "800x0"), ("99999x99999", "99999x99999"),
                                        ("7681x600", "7681x600"), ("800 × 4321", "800x4321")])
def test_a_size_out_of_bounds_is_refused_with_the_bounds(option, text, read):
    parse, smallest, _ = OPTIONS[option]
    with pytest.raises(EmulationError) as caught:
        parse(text)
    assert str(caught.value) == f"{read} is outside {smallest}x{smallest} to 7680x4320 CSS pixels"


def test_each_option_keeps_its_own_smallest_size():
    assert _screenshot_size("50x50") == (50, 50)
    with pytest.raises(EmulationError, match="outside 200x200"):
        parse_viewport("50x50")


@pytest.mark.parametrize("option, text, said", [
    ("--viewport", "800×", "'800×' is not WIDTHxHEIGHT in CSS pixels, e.g. 390x844"),
    ("--screenshot-size", "99999x99999", "99999x99999 is outside 50x50 to 7680x4320 CSS pixels"),
    ("--screenshot-size", "x600", "'x600' is not WIDTHxHEIGHT in CSS pixels, e.g. 640x400"),
])
def test_a_bad_size_is_a_usage_error_naming_the_option(tmp_path, option, text, said):
    proc = run_a11y("scan", "http://127.0.0.1:9/", option, text, "--out", tmp_path / "out")
    assert proc.returncode == 2, proc.stderr
    assert f"invalid value for {option} on the command line: {said}" in proc.stderr
    assert "Traceback" not in proc.stderr
