"""`a11y merge`: shard results joined into one scan's results, reports and exit code,
and the shard sets it refuses (other settings, other N, missing, twice, overlapping)."""
from __future__ import annotations

import json
from importlib import resources

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from a11y.cli import main
from a11y.shard import Shard
from tests.support import read_results, run_a11y

from .siteserver import site
from .split_site import LISTED, VIOLATING, routes
from .split_support import comparable, merge, scan_to


@pytest.fixture(scope="module")
def scans(tmp_path_factory):
    """The URL list of `a11y crawl`, one scan of it (--depth 0) and shards of it, every one real."""
    root = tmp_path_factory.mktemp("merge")
    with site(routes()) as base:
        urls = root / "urls.txt"
        crawled = run_a11y("crawl", base + "/", "--no-sitemap", "-o", urls)
        assert crawled.returncode == 0, crawled.stderr
        assert urls.read_text().splitlines() == [base + p for p in LISTED]
        out = {"whole": scan_to(root / "whole", f"@{urls}", "--depth", "0", expect=1)}
        for name, extra in (("s1", ["--shard", "1/2"]), ("s2", ["--shard", "2/2"]),
                            ("s2-wcag21", ["--shard", "2/2", "--standard", "wcag21aa"]),
                            ("t1", ["--shard", "1/3"])):
            proc_out = root / name
            proc = run_a11y("scan", f"@{urls}", "--depth", "0", "--checks", "none", "--no-sitemap",
                            "--out", proc_out, "-q", *extra)
            assert proc.returncode in (0, 1), proc.stderr  # each shard's own verdict; not what is tested here
            out[name] = read_results(proc_out)
    return root, out


def results_file(scans, name):
    return scans[0] / name / "results.json"


def test_shards_of_a_url_list_merge_into_the_one_scan(scans, tmp_path):
    root, out = scans
    code, stdout, err = merge(results_file(scans, "s1"), results_file(scans, "s2"), "--out", tmp_path / "m")
    assert code == 1, err  # as the whole scan: violations
    assert "merged 2 shard(s) of 2" in stdout
    merged = read_results(tmp_path / "m")
    assert comparable(merged) == comparable(out["whole"])
    schema = json.loads((resources.files("a11y") / "data" / "results.schema.json").read_text(encoding="utf-8"))
    assert list(Draft202012Validator(schema).iter_errors(merged)) == []
    assert {p["url"] for p in merged["pages"] if p["status"] == "scanned"} == {
        p["url"] for p in out["whole"]["pages"] if p["status"] == "scanned"}
    assert (tmp_path / "m" / "report.html").is_file() and (tmp_path / "m" / "summary.md").is_file()


def refused(*args) -> str:
    code, stdout, err = merge(*args)
    assert code == 2, f"exit {code}\n{stdout}\n{err}"
    assert err.count("a11y: error:") == 1 and "hint:" in err
    return err


def test_shards_of_other_settings_are_refused(scans, tmp_path):
    err = refused(results_file(scans, "s1"), results_file(scans, "s2-wcag21"), "--out", tmp_path / "m")
    assert "is not from the same scan" in err and "standard is 'wcag21aa' there but 'section508'" in err
    assert not (tmp_path / "m" / "results.json").exists()


def test_shards_of_another_count_are_refused(scans, tmp_path):
    err = refused(results_file(scans, "s1"), results_file(scans, "t1"), "--out", tmp_path / "m")
    assert "cut in different numbers of parts" in err and "is 1/3" in err


def owned_by(scans, k: int, n: int) -> list[str]:
    """The pages of the whole scan that shard k/n audits."""
    return sorted(p["url"] for p in scans[1]["whole"]["pages"] if p["status"] == "scanned" and Shard(k, n).owns(p["url"]))


def test_missing_shards_are_named_with_their_pages(scans, tmp_path):
    err = refused(results_file(scans, "t1"), "--out", tmp_path / "m")
    owed = owned_by(scans, 2, 3) + owned_by(scans, 3, 3)
    assert owed  # the site is split so that both missing shards have pages
    assert f"missing shards 2, 3 of 3 (given: 1): {len(owed)} page(s) not audited, " in err
    assert sorted(owed)[0] in err
    assert not (tmp_path / "m").exists()


def test_missing_shards_allowed_give_incomplete_results_that_name_the_pages(scans, tmp_path):
    code, _, err = merge(results_file(scans, "s2"), "--allow-missing", "--out", tmp_path / "m")
    assert code == 3, err
    missing = owned_by(scans, 1, 2)
    assert f"merged without shard(s) 1 of 2: the results are incomplete; {len(missing)} page(s) of theirs" in err
    merged = read_results(tmp_path / "m")
    assert merged["complete"] is False and merged["options"]["merged"] == {
        "shards": 2, "missing": [1], "not_audited": len(missing), "unfinished": []}
    # The cause, not an interrupted scan's words: the last line and summary.md (the one verdict).
    assert err.strip().splitlines()[-1] == (
        f"a11y: incomplete: shard 1 of 2 missing: {len(missing)} page(s) not audited (exit 3)")
    headline = (tmp_path / "m" / "summary.md").read_text().splitlines()[0]
    assert f"Incomplete: shard 1 of 2 missing: {len(missing)} page(s) not audited" in headline
    assert "did not finish" not in headline
    assert "left_to_shards" not in merged["options"]
    skipped = {p["url"]: p["reason"] for p in merged["pages"] if p["status"] == "skipped"}
    for url in missing:
        assert skipped[url] == "not audited: the results of shard 1/2, whose page this is, were not merged"


def test_a_shard_given_twice_is_refused(scans, tmp_path):
    err = refused(results_file(scans, "s1"), results_file(scans, "s1"), "--out", tmp_path / "m")
    assert "shard 1/2 is given twice" in err


def test_results_of_an_unsharded_scan_are_refused(scans, tmp_path):
    err = refused(results_file(scans, "whole"), results_file(scans, "s1"), "--out", tmp_path / "m")
    assert "whole/results.json is not a shard's results (it was scanned without --shard)" in err


def test_overlapping_shards_are_refused(scans, tmp_path):
    # Shard 1's results relabelled as shard 2: every page of it is then in two shards.
    data = json.loads(results_file(scans, "s1").read_text())
    data["options"]["shard"] = "2/2"
    relabelled = tmp_path / "relabelled.json"
    relabelled.write_text(json.dumps(data))
    err = refused(results_file(scans, "s1"), relabelled, "--out", tmp_path / "m")
    first = next(p["url"] for p in data["pages"] if p["status"] == "scanned")
    assert f"{first} is in two shards" in err and "relabelled.json" in err


def test_a_file_that_is_not_results_is_refused(scans, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    err = refused(results_file(scans, "s1"), broken, "--out", tmp_path / "m")
    assert "broken.json: not valid JSON" in err



def test_baseline_and_ignore_entries_are_judged_over_the_whole_scan(tmp_path):
    """Each shard sees only its pages: a baseline finding on another shard's page is not checked
    there (not fixed), and an [[ignore]] entry matching only there looks stale. The merge judges
    the whole."""
    (tmp_path / "a11y.toml").write_text(
        '[[ignore]]\nrule = "label"\nurl = "/f"\nreason = "A test: the field is named by hand"\n\n'
        '[[ignore]]\nrule = "image-alt"\nurl = "/nowhere"\nreason = "A test: matches no page"\n')
    with site(routes()) as base:
        first = run_a11y("scan", base + "/", "--checks", "none", "--no-sitemap", "--out", "first", "-q", cwd=tmp_path)
        assert first.returncode == 1, first.stderr
        made = run_a11y("baseline", "first/results.json", "-o", "b.json", cwd=tmp_path)
        assert made.returncode == 0, made.stderr
        known = json.loads((tmp_path / "b.json").read_text())
        known["findings"].append({"fingerprint": "0123456789abcdef", "rule": "image-alt", "impact": "critical",
                                  "help": "gone since", "target": ["img"], "pages": [base + "/gone"]})
        (tmp_path / "b.json").write_text(json.dumps(known))
        runs = {}
        for name, extra in (("whole", []), ("s1", ["--shard", "1/2"]), ("s2", ["--shard", "2/2"])):
            proc = run_a11y("scan", base + "/", "--checks", "none", "--no-sitemap", "--baseline", "b.json",
                            "--out", name, "-q", *extra, cwd=tmp_path)
            runs[name] = proc
    assert runs["whole"].returncode == 0, runs["whole"].stderr  # every finding is in the baseline
    code, _, err = merge(tmp_path / "s1" / "results.json", tmp_path / "s2" / "results.json", "--out", tmp_path / "m")
    assert code == 0, err
    whole, merged = read_results(tmp_path / "whole"), read_results(tmp_path / "m")
    assert comparable(merged) == comparable(whole)
    # /gone was scanned by no run: its finding is not checked, not fixed (nor is anything else).
    assert merged["fixed"] == whole["fixed"] == []
    assert [(s["entry"], s["status"], s["matched"]) for s in merged["suppressions"]] == [(1, "active", 1),
                                                                                          (2, "stale", 0)]
    # What each shard saw alone: the entry stale where /f is not.
    shards = [read_results(tmp_path / k) for k in ("s1", "s2")]
    assert sorted(s["suppressions"][0]["status"] for s in shards) == ["active", "stale"]
    # /c's unnamed button is on one shard's page: the other shard, which did not scan /c, does
    # not count it as fixed.
    assert [s["fixed"] for s in shards] == [[], []]


def test_pictures_of_failing_elements_come_with_the_merge(tmp_path):
    with site(routes()) as base:
        seeds = [base + p for p in VIOLATING]
        for k in (1, 2):
            proc = run_a11y("scan", *seeds, "--depth", "0", "--checks", "none", "--no-sitemap", "--screenshots",
                            "--shard", f"{k}/2", "--out", tmp_path / f"s{k}", "-q")
            assert proc.returncode == int(any(Shard(k, 2).owns(u) for u in seeds)), proc.stderr
    code, _, err = merge(tmp_path / "s1" / "results.json", tmp_path / "s2" / "results.json", "--out", tmp_path / "m")
    assert code == 1, err
    pictures = [n["screenshot"] for p in read_results(tmp_path / "m")["pages"] for r in p["violations"]
                for n in r["nodes"]]
    assert pictures and None not in pictures
    for name in pictures:
        shard_copy = next(tmp_path / f"s{k}" / name for k in (1, 2) if (tmp_path / f"s{k}" / name).is_file())
        assert (tmp_path / "m" / name).read_bytes() == shard_copy.read_bytes()
    # report.html holds them (as data: URIs, since the files are there), not links to missing files.
    report = (tmp_path / "m" / "report.html").read_text()
    assert "data:image/png;base64," in report and not any(name in report for name in pictures)


def test_a_long_list_that_differs_is_told_by_its_counts_and_first_difference():
    from a11y.merge import _difference

    ours = [f"http://127.0.0.1:8701/p{i}.html" for i in range(21)]
    theirs = ours[:15]
    said = _difference(theirs, ours, "s1/results.json")
    assert said == ("has 15 entries there and 21 in s1/results.json, "
                    "6 only in s1/results.json, the first 'http://127.0.0.1:8701/p15.html'")
    assert _difference("wcag21aa", "section508", "s1") == "is 'wcag21aa' there but 'section508' in s1"


def test_two_shards_landing_on_one_page_keep_the_record_of_its_own_address():
    from a11y.merge import _redirect_duplicates
    from a11y.models import Page

    base = "http://127.0.0.1:8701"
    moved = Page(url=f"{base}/sub", final_url=f"{base}/sub/", status="scanned")
    own = Page(url=f"{base}/sub/", final_url=f"{base}/sub/", status="scanned")
    for pages in ([moved, own], [own, moved]):
        by_url = {p.url: p for p in _redirect_duplicates(pages)}
        assert by_url[f"{base}/sub/"].status == "scanned"
        assert by_url[f"{base}/sub"].status == "skipped"
        assert by_url[f"{base}/sub"].reason == f"duplicate: redirects to {base}/sub/, scanned already"


def test_an_out_folder_that_cannot_be_written_is_refused_before_anything_is_written(scans, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    err = refused(results_file(scans, "s1"), results_file(scans, "s2"), "--out", blocker / "m")
    assert f"cannot create the report folder {blocker / 'm'}" in err


def test_the_shards_counts_of_pages_skipped_unlisted_add_up():
    """Each shard counts the skips of its own URLs past the records it keeps (skipped_unlisted)."""
    from a11y.merge import identify
    from a11y.merge import merge as join
    from a11y.models import Results

    def shard(k: int, unlisted: dict[str, int]) -> Results:
        return Results(standard="section508", started="2026-12-01T00:00:00Z", complete=True,
                       options={"shard": f"{k}/2"}, skipped_unlisted=unlisted)

    merged = join([identify("s1", shard(1, {"limit: --max-pages 5 reached": 30})),
                   identify("s2", shard(2, {"limit: --max-pages 5 reached": 12, "robots: disallowed by robots.txt": 1}))])
    assert merged.results.skipped_unlisted == {"limit: --max-pages 5 reached": 42, "robots: disallowed by robots.txt": 1}
    assert merged.results.summary["skipped"] == 43


# --- shard results made here (no browser): what a merge says of them -----------------------------

BASE = "http://127.0.0.1:8701"


def shard_results(k: int, n: int, pages: list[str], left: dict[int, list[str]] | None = None,
                  complete: bool = True, **options):
    """The results of shard k/n that scanned `pages` and left `left` to the other shards."""
    from a11y.models import Page, Results

    recorded = {"shard": f"{k}/{n}", "depth": None, "max_pages": 100, "seeds": [BASE + "/"],
                "left_to_shards": {str(o): urls for o, urls in (left or {}).items()}, **options}
    return Results(standard="section508", started="2026-12-01T00:00:00Z", finished="2026-12-01T00:01:00Z",
                   complete=complete, tool={"name": "a11y", "version": "0.1.0"}, options=recorded,
                   pages=[Page(url=u, status="scanned", depth=1) for u in pages])


def write_shards(tmp_path, *shards) -> list[str]:
    names = []
    for results in shards:
        path = tmp_path / f"s{results.options['shard'].replace('/', 'of')}.json"
        path.write_text(results.to_json())
        names.append(str(path))
    return names


def merge_in_process(*args):
    return CliRunner().invoke(main, ["merge", *map(str, args)])


def test_a_missing_shard_is_the_cause_the_last_line_and_every_report_name(tmp_path):
    owed = [f"{BASE}/p1.html", f"{BASE}/p5.html", f"{BASE}/p8.html", f"{BASE}/"]
    files = write_shards(tmp_path, shard_results(1, 3, [f"{BASE}/p2.html"], {3: owed}),
                         shard_results(2, 3, [f"{BASE}/p7.html"], {3: owed[:2]}))
    result = merge_in_process(*files, "--out", tmp_path / "m", "--format", "json,md,junit,sarif,html",
                              "--allow-missing")
    assert result.exit_code == 3, result.stderr
    cause = "shard 3 of 3 missing: 4 page(s) not audited"
    assert result.stderr.splitlines()[-1] == f"a11y: incomplete: {cause} (exit 3)"
    out = tmp_path / "m"
    assert read_results(out)["options"]["merged"] == {"shards": 3, "missing": [3], "not_audited": 4,
                                                      "unfinished": []}
    assert (out / "summary.md").read_text().splitlines()[0] == f"## Accessibility: ⚠️ Incomplete: {cause}"
    assert f"INCOMPLETE: {cause}." in (out / "report.html").read_text()
    assert f'message="incomplete: {cause}"' in (out / "junit.xml").read_text()
    notes = json.loads((out / "results.sarif").read_text())["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert {"level": "error", "message": {"text": f"incomplete: {cause}"}} in notes
    for text in [result.stderr] + [(out / f).read_text() for f in ("summary.md", "report.html", "junit.xml")]:
        assert "did not finish" not in text
    # `a11y report` says the same, from the merged results.json.
    again = CliRunner().invoke(main, ["report", str(out / "results.json"), "--out", str(tmp_path / "again"),
                                      "--format", "md"])
    assert again.exit_code == 0, again.stderr
    assert (tmp_path / "again" / "summary.md").read_text().splitlines()[0] == f"## Accessibility: ⚠️ Incomplete: {cause}"


def test_the_verdict_names_missing_and_unfinished_shards_and_reads_older_merges():
    from a11y.merge import identify
    from a11y.merge import merge as join
    from a11y.verdict import verdict

    # Shard 2 of 3 interrupted, shard 3 missing, and none of shard 3's pages seen by the others.
    merged = join([identify("s1", shard_results(1, 3, [f"{BASE}/a"])),
                   identify("s2", shard_results(2, 3, [f"{BASE}/b"], complete=False))], allow_missing=True)
    v = verdict(merged.results)
    assert v.exit_code == 3
    assert v.incomplete_reasons == [
        "shard 3 of 3 missing: pages not audited, none of them known to the shards given",
        "shard 2 of 3 did not finish (interrupted or stopped); results are partial"]
    # Interrupted shards alone: they are named, the merge has every shard.
    merged = join([identify("s1", shard_results(1, 2, [f"{BASE}/a"], complete=False)),
                   identify("s2", shard_results(2, 2, [f"{BASE}/b"], complete=False))])
    assert verdict(merged.results).incomplete_reasons == [
        "shards 1, 2 of 2 did not finish (interrupted or stopped); results are partial"]
    # Merged by an a11y that recorded only {shards, missing}: still the shards, not "did not finish".
    results = merged.results
    results.options["merged"] = {"shards": 4, "missing": [2, 4]}
    assert verdict(results).incomplete_reasons == ["shards 2, 4 of 4 missing: pages not audited"]
    # A scan (not a merge) that did not finish keeps its words.
    del results.options["merged"]
    assert verdict(results).incomplete_reasons == ["the scan did not finish; results are partial"]


def test_the_acr_and_baseline_name_a_merge_s_missing_shard_not_an_interrupted_scan():
    from a11y.baseline import coverage_gaps
    from a11y.coverage import coverage
    from a11y.merge import identify
    from a11y.merge import merge as join

    merged = join([identify("s1", shard_results(1, 2, [f"{BASE}/a"]))], allow_missing=True)
    sentence = coverage(merged.results).sentence()
    assert "shard 2 of 2 missing" in sentence and "interrupted" not in sentence, sentence
    assert coverage_gaps(merged.results) == ["shard 2 of 2 missing: pages not audited, none of them known to the "
                                             "shards given"]
    # A scan that was stopped keeps its words.
    results = merged.results
    del results.options["merged"]
    assert coverage_gaps(results) == ["the scan did not finish (interrupted or stopped)"]
    assert "it was interrupted or stopped" in coverage(results).sentence()


def test_every_setting_that_differs_is_named_in_the_cli_words(tmp_path):
    """A URL-list shard (--depth 0, every page a target) with a crawled one (no --depth, one seed)."""
    listed = [BASE + "/", f"{BASE}/p1.html", f"{BASE}/p2.html"]
    crawled = shard_results(1, 2, [BASE + "/"], sitemap=True)
    from_list = shard_results(2, 2, [f"{BASE}/p1.html"], depth=0, seeds=listed, sitemap=False)
    files = write_shards(tmp_path, crawled, from_list)
    result = merge_in_process(*files, "--out", tmp_path / "m")
    assert result.exit_code == 2
    first, hint = result.stderr.splitlines()
    assert first == (f"a11y: error: {files[1]} (shard 2/2) is not from the same scan as {files[0]} (shard 1/2): "
                     f"option depth is 0 there but unlimited (no --depth) in {files[0]}; "
                     f"option sitemap is false there but true in {files[0]}; "
                     f"targets has 3 entries there and 1 in {files[0]}, 2 only there, the first '{BASE}/p1.html'")
    assert "None" not in result.stderr and "True" not in result.stderr and "False" not in result.stderr
    assert hint.startswith("hint: ")
    assert not (tmp_path / "m").exists()
