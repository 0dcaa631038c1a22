"""Text files people give a11y, as editors save them: a URL list (@FILE) or a11y.toml with a
byte order mark (Notepad, Excel's "CSV UTF-8") or in UTF-16 (Windows PowerShell 5's `>`) is
read; one that is not UTF-8 (a Latin-1 "é") is a usage error naming the file, never a traceback
(exit 1 would say "violations")."""
from __future__ import annotations

import codecs

import pytest

from a11y.textfile import NotText, decode
from tests.support import read_results, run_a11y

from .siteserver import page, site

URLS = "# the pages to check\n{base}/\n{base}/about  # and this one\n"
ROUTES = {"/": page("Home", '<a href="/about">About</a>'), "/about": page("About")}
SAVED_AS = {
    "utf-8 with a byte order mark": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "utf-16 (PowerShell 5)": lambda text: text.encode("utf-16"),  # little-endian, with its mark
    "utf-16 big-endian": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
}


def _refused(proc, cause: str) -> None:
    """Exit 2, the cause on the first line of stderr, and no traceback."""
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[0] == f"a11y: error: {cause}"


@pytest.mark.parametrize("saved", SAVED_AS)
def test_a_url_list_with_a_byte_order_mark_is_read(tmp_path, saved):
    with site(ROUTES) as base:
        (tmp_path / "urls.txt").write_bytes(SAVED_AS[saved](URLS.format(base=base)))
        proc = run_a11y("crawl", "@urls.txt", "--depth", "0", "-o", "-", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "skipping" not in proc.stderr
    assert proc.stdout.splitlines() == [base + "/", base + "/about"]


def test_a_scan_reads_the_list_powershell_wrote(tmp_path):
    with site(ROUTES) as base:
        (tmp_path / "urls.txt").write_bytes(URLS.format(base=base).encode("utf-16"))
        proc = run_a11y("scan", "@urls.txt", "--depth", "0", "--checks", "none", "--out", "out", "-q",
                        "--fail-on", "none", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p["url"] for p in read_results(tmp_path / "out")["pages"]) == [base + "/", base + "/about"]


@pytest.mark.parametrize("command", ["scan", "crawl"])
def test_a_url_list_that_is_not_utf8_is_a_usage_error_naming_it(tmp_path, command):
    (tmp_path / "urls.txt").write_bytes("http://127.0.0.1:9/\nhttp://127.0.0.1:9/café\n".encode("latin-1"))
    proc = run_a11y(command, "@urls.txt", *(["-o", "-"] if command == "crawl" else []), cwd=tmp_path)
    _refused(proc, "@urls.txt: line 2 is not UTF-8 text (byte 0xe9); save it as UTF-8")
    assert not (tmp_path / "reports").exists()


def test_utf16_without_its_mark_is_refused_not_read_as_garbage(tmp_path):
    (tmp_path / "urls.txt").write_bytes("http://127.0.0.1:9/\n".encode("utf-16-le"))
    proc = run_a11y("scan", "@urls.txt", cwd=tmp_path)
    _refused(proc, "@urls.txt: line 1 holds a NUL character (UTF-16 without a byte order mark?); save it as UTF-8")


def test_a_config_file_in_latin1_is_a_usage_error_naming_it(tmp_path):
    (tmp_path / "a11y.toml").write_bytes("# café\nmax-pages = 1\n".encode("latin-1"))
    proc = run_a11y("crawl", "http://127.0.0.1:9/", "-o", "-", cwd=tmp_path)
    _refused(proc, "a11y.toml: line 1 is not UTF-8 text (byte 0xe9); save it as UTF-8")


@pytest.mark.parametrize("saved", SAVED_AS)
def test_a_config_file_with_a_byte_order_mark_is_read_with_its_lines(tmp_path, saved):
    # Read (not "Invalid statement" at column 1), and its settings' lines still named right.
    (tmp_path / "a11y.toml").write_bytes(SAVED_AS[saved]('# café\nfail-on = "never"\n'))
    proc = run_a11y("scan", "http://127.0.0.1:9/", cwd=tmp_path)
    _refused(proc, "a11y.toml line 2: invalid value for fail-on: 'never' is not one of "
                   "'critical', 'serious', 'moderate', 'minor', 'none'.")


def test_a_config_file_with_a_byte_order_mark_takes_effect(tmp_path):
    (tmp_path / "a11y.toml").write_bytes(codecs.BOM_UTF8 + b"# caf\xc3\xa9\nmax-pages = 1\nsitemap = false\n")
    with site(ROUTES) as base:
        proc = run_a11y("crawl", base + "/", "-o", "-", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [base + "/"]


def test_a_baseline_in_utf16_is_read_and_one_in_latin1_is_a_usage_error_not_a_traceback(tmp_path):
    # Baselines are read as the @FILE is (models.read_json decodes with textfile.decode).
    with site(ROUTES) as base:
        proc = run_a11y("scan", base + "/", "--depth", "0", "--checks", "none", "--out", "out", "-q",
                        "--fail-on", "none", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert run_a11y("baseline", "out/results.json", "-o", "base.json", cwd=tmp_path).returncode == 0
    (tmp_path / "base16.json").write_bytes((tmp_path / "base.json").read_text().encode("utf-16"))
    proc = run_a11y("report", "out/results.json", "--baseline", "base16.json", "--out", "again", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    (tmp_path / "base1.json").write_bytes(b'{"a11y_baseline": 1, "findings": [], "note": "caf\xe9"}')
    proc = run_a11y("report", "out/results.json", "--baseline", "base1.json", "--out", "again1", cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.splitlines()[0] == ("a11y: error: baseline base1.json: line 1 is not UTF-8 text (byte 0xe9); "
                                           "save it as UTF-8")


def test_decode_names_the_line_and_keeps_the_text():
    assert decode(codecs.BOM_UTF8 + "a\r\nb é".encode()) == "a\r\nb é"
    assert decode("x\ny".encode("utf-32")) == "x\ny"
    with pytest.raises(NotText, match=r"^line 3 is not UTF-8 text \(byte 0xff\); save it as UTF-8$"):
        decode(b"a\nb\n\xff")
