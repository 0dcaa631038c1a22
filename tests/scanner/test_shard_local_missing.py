"""`a11y merge` without one shard of a local folder's scan: the pages the other shards left to
it are named once each, by URL path. Each shard serves the folder on a port of its own, so a
page named by its address would be two pages (one per shard that saw it) at dead addresses."""
from __future__ import annotations

from tests.support import read_results

from .siteserver import PAGE
from .split_support import audited, merge, scan_to

NAMES = [f"p{n}.html" for n in range(1, 9)]  # shard 3 of 3 owns 3 of them


def test_a_missing_shard_of_a_local_folder_names_each_of_its_pages_once(tmp_path):
    folder = tmp_path / "public"
    folder.mkdir()
    links = "".join(f'<p><a href="{name}">{name}</a></p>' for name in NAMES)
    (folder / "index.html").write_text(PAGE.format(title="Home", body=links), encoding="utf-8")
    for name in NAMES:
        (folder / name).write_text(PAGE.format(title=name, body="<p>Text.</p>"), encoding="utf-8")
    shards = [scan_to(tmp_path / f"s{k}", folder, "--shard", f"{k}/3", "--format", "json", expect=0)
              for k in (1, 2, 3)]
    third = audited(shards[2])
    assert third, "the split gives shard 3 none of these pages: choose other names"
    for results in shards[:2]:
        left = results["options"]["left_to_shards"]["3"]
        assert sorted(left) == sorted(third)  # each shard sees the whole site, names them alike

    code, _, err = merge(tmp_path / "s1" / "results.json", tmp_path / "s2" / "results.json",
                         "--out", tmp_path / "merged", "--allow-missing", "--format", "json,md")
    assert code == 3, err
    assert f"shard 3 of 3 missing: {len(third)} page(s) not audited" in err
    merged = read_results(tmp_path / "merged")
    missing = [p["url"] for p in merged["pages"] if "shard 3/3" in (p.get("reason") or "")]
    assert sorted(missing) == sorted(third)
    assert merged["summary"]["pages"] == len(NAMES) + 1
    for text in ((tmp_path / "merged" / "results.json").read_text(), (tmp_path / "merged" / "summary.md").read_text(),
                 err):
        assert "127.0.0.1" not in text
