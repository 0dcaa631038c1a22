"""A damaged results.json given to `a11y report` or `a11y acr`: a usage error (exit 2) that says
what is wrong where, in one line, never a traceback."""
import gzip
import json

import pytest

from tests.reporters.sample import sample_results
from tests.support import run_a11y


def _changed(change) -> bytes:
    data = json.loads(sample_results().to_json())
    change(data)
    return json.dumps(data).encode()


BAD_FILES = {
    "gzip": (lambda: gzip.compress(sample_results().to_json().encode()),
             "gzip-compressed, not JSON text (decompress it first: gunzip)"),
    "latin-1": (lambda: '{"pages": ["café"]}'.encode("latin-1"),
                "line 1 is not UTF-8 text (byte 0xe9); save it as UTF-8"),
    "page-not-an-object": (lambda: _changed(lambda d: d.update(pages=["x"])),
                           '"pages[0]" must be an object, not a string'),
    "tool-null": (lambda: _changed(lambda d: d.update(tool=None)), '"tool" must be an object, not null'),
    "options-null": (lambda: _changed(lambda d: d.update(options=None)), '"options" must be an object, not null'),
    "finished-number": (lambda: _changed(lambda d: d.update(finished=5)),
                        '"finished" must be a string or null, not a whole number'),
    "pages-null": (lambda: _changed(lambda d: d.update(pages=None)), '"pages" must be a list, not null'),
    "tool-version-number": (lambda: _changed(lambda d: d["tool"].update(version=1)),
                            '"tool.version" must be a string, not a whole number'),
    "standard-missing": (lambda: _changed(lambda d: d.pop("standard")), '"standard" is missing'),
    "depth-boolean": (lambda: _changed(lambda d: d["pages"][1].update(depth=True)),
                      '"pages[1].depth" must be a whole number, not true or false'),
    "target-string": (lambda: _changed(lambda d: d["pages"][1]["violations"][2]["nodes"][0].update(target="img")),
                      '"pages[1].violations[2].nodes[0].target" must be a list, not a string'),
    "unknown-page-field": (lambda: _changed(lambda d: d["pages"][0].update(colour="red")),
                           '"pages[0].colour" is not a field a11y knows'),
    "finding-not-an-object": (lambda: _changed(lambda d: d.update(findings=[1])),
                              '"findings[0]" must be an object, not a whole number'),
}


def _acr_args(out):
    return ("acr", "--product-name", "Example", "--vendor", "Example agency", "--contact-email", "a@b.gov",
            "--out", out)


@pytest.mark.parametrize("command", ["report", "acr"])
@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_damaged_results_file_is_a_one_line_usage_error(tmp_path, command, case):
    make, problem = BAD_FILES[case]
    results = tmp_path / "results.json"
    results.write_bytes(make())
    out = tmp_path / "out"
    args = ("report", results, "--out", out) if command == "report" else (*_acr_args(out), results)
    proc = run_a11y(*args)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    cause, hint = proc.stderr.splitlines()
    assert cause == f"a11y: error: {results}: {problem}"
    assert hint == "hint: give a results.json written by `a11y scan`"
    assert not out.exists()


def test_the_sample_is_read_by_both_commands(tmp_path):
    # The damaged files above are this one changed in one place: whole, both commands read it.
    results = tmp_path / "results.json"
    results.write_text(sample_results().to_json())
    proc = run_a11y("report", results, "--out", tmp_path / "report")
    assert proc.returncode == 0, proc.stderr
    proc = run_a11y(*_acr_args(tmp_path / "acr"), results)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "acr" / "acr.html").exists()
