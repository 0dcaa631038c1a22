"""`a11y scan --shard K/N`: a stable split of one scan's pages, merged back by `a11y merge`."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from a11y.shard import Shard, ShardError, parse_shard
from tests.support import read_results, run_a11y

from .siteserver import PAGE, from_browser, page, site
from .split_site import LISTED, VIOLATING, routes
from .split_support import audited, comparable, merge, scan_to

URLS = [f"https://www.example.gov/section{n}/page{m}.html?q={n * m}" for n in range(20) for m in range(10)]


def test_every_page_belongs_to_exactly_one_shard():
    owners = {url: Shard(1, 3).owner(url) for url in URLS}
    for url, owner in owners.items():
        assert [k for k in (1, 2, 3) if Shard(k, 3).owns(url)] == [owner]
    # A split that is not lopsided: each of 3 shards gets a fair part of 200 pages.
    assert all(40 <= list(owners.values()).count(k) <= 93 for k in (1, 2, 3))


def test_the_split_is_the_same_in_every_process():
    """Not Python's hash(), which differs from one process to the next."""
    code = "from a11y.shard import Shard; import sys; print([Shard(1, 4).owner(u) for u in sys.argv[1:]])"
    runs = {subprocess.run([sys.executable, "-c", code, *URLS[:40]], capture_output=True, text=True, check=True,
                           env=dict(os.environ, PYTHONHASHSEED=seed)).stdout for seed in ("1", "2")}
    assert runs == {str([Shard(1, 4).owner(u) for u in URLS[:40]]) + "\n"}


def test_spellings_of_one_page_and_served_folders_split_alike():
    shard = Shard(1, 7)
    assert shard.owner("HTTPS://www.Example.gov:443/a/./b?utm_source=x#top") == shard.owner("https://www.example.gov/a/b")
    # A served folder's port changes every run: its pages split by URL path.
    one, other = Shard(1, 7, ("http://127.0.0.1:4000/",)), Shard(1, 7, ("http://127.0.0.1:5123/",))
    paths = [f"/docs/{n}.html" for n in range(30)]
    assert [one.owner("http://127.0.0.1:4000" + p) for p in paths] == [other.owner("http://127.0.0.1:5123" + p)
                                                                         for p in paths]


@pytest.mark.parametrize("value, says", [("0/2", "K must be 1 to 2"), ("3/2", "K must be 1 to 2"),
                                          ("a/b", "is not K/N"), ("2", "is not K/N"), ("1/0", "N must be")])
def test_bad_shard_values(value, says):
    with pytest.raises(ShardError, match=says):
        parse_shard(value)


@pytest.mark.parametrize("value", ["0/2", "3/2", "a/b"])
def test_bad_shard_option_is_a_usage_error(tmp_path, value):
    # Refused before any page is opened: nothing listens on this loopback port.
    proc = run_a11y("scan", "http://127.0.0.1:9/", "--shard", value, "--out", tmp_path / "out")
    assert proc.returncode == 2, proc.stderr
    assert f"a11y: error: invalid value for --shard on the command line: '{value}'" in proc.stderr
    assert not (tmp_path / "out" / "results.json").exists()


def test_two_shards_of_a_crawl_merge_into_the_one_scan(tmp_path):
    """Each shard follows links through the pages it does not audit, so the two find
    the same site as one scan, audit halves of it, and merge into that scan's results."""
    with site(routes()) as base:
        whole = scan_to(tmp_path / "whole", base + "/", expect=1)
        # The split hashes the URL, port included: each shard's own verdict is that of the
        # pages with violations that fall to it (no alt text, an unnamed button, an unlabelled field).
        shards = [scan_to(tmp_path / f"s{k}", base + "/", "--shard", f"{k}/2",
                          expect=int(any(Shard(k, 2).owns(base + p) for p in VIOLATING)))
                  for k in (1, 2)]
    assert [s["options"]["shard"] for s in shards] == ["1/2", "2/2"]
    one, two = (audited(s) for s in shards)
    assert not one & two
    assert one | two == audited(whole)
    assert all(Shard(k, 2).owns(url) for k, s in zip((1, 2), shards, strict=True) for url in audited(s))

    code, _, err = merge(tmp_path / "s2" / "results.json", tmp_path / "s1" / "results.json",
                         "--out", tmp_path / "merged", "--format", "json,html,md,sarif")
    assert code == 1, err  # the exit code one scan had: violations
    merged = read_results(tmp_path / "merged")
    assert comparable(merged) == comparable(whole)
    assert merged["options"]["merged"] == {"shards": 2, "missing": [], "not_audited": 0, "unfinished": []}
    assert (tmp_path / "merged" / "results.sarif").is_file() and (tmp_path / "merged" / "report.html").is_file()



def test_the_split_does_not_depend_on_the_order_of_the_seeds(tmp_path):
    with site(routes()) as base:
        expect = int(any(Shard(1, 2).owns(base + p) for p in VIOLATING))
        found = []
        for name, order in (("forward", LISTED), ("backward", LISTED[::-1])):
            urls = tmp_path / f"{name}.txt"
            urls.write_text("".join(f"{base}{p}\n" for p in order))
            found.append(audited(scan_to(tmp_path / name, f"@{urls}", "--depth", "0", "--shard", "1/2",
                                         expect=expect)))
    assert found[0] == found[1] == {base + p for p in LISTED if Shard(1, 2).owns(base + p)}


def test_a_shard_whose_share_holds_no_page_passes(tmp_path):
    """Its share is empty (the merge judges the whole), and the page it leaves is not even loaded."""
    hits = []
    with site({"/": from_browser(hits, page("Home"))}) as base:
        count = 5
        other = Shard(1, count).owner(base + "/") % count + 1  # a shard the page does not belong to
        proc = run_a11y("scan", base + "/", "--depth", "0", "--shard", f"{other}/{count}", "--checks", "none",
                        "--no-sitemap", "--out", tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    assert f"shard {other}/{count}: 1 page(s) left to the other shards" in proc.stdout
    results = read_results(tmp_path / "out")
    assert results["pages"] == [] and results["options"]["shard"] == f"{other}/{count}"
    owner = Shard(1, count).owner(base + "/")
    assert results["options"]["left_to_shards"] == {str(owner): [base + "/"]}
    assert hits == []  # Chromium never asked for it


def test_a_local_folder_splits_alike_on_every_run(tmp_path):
    """A served folder's port changes every run: its pages are split by URL path."""
    folder = tmp_path / "public"
    folder.mkdir()
    names = [f"p{n}.html" for n in range(8)]
    for name in ["index.html", *names]:
        body = "".join(f'<a href="{n}">{n}</a>' for n in names) if name == "index.html" else "<p>Text.</p>"
        (folder / name).write_text(PAGE.format(title=name, body=body))
    runs = [audited(scan_to(tmp_path / f"run{k}", folder, "--shard", "1/2",
                            expect=0)) for k in (1, 2)]
    by_path = Shard(1, 2, ("http://any.host:1/",))
    assert runs[0] == runs[1] == {p for p in ["/", *(f"/{n}" for n in names)] if by_path.owns("http://any.host:1" + p)}
