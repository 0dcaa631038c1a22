"""Discovery records at most MAX_SKIPPED pages it leaves out, one by one; a scan that leaves out
more counts the rest by reason in results.json (skipped_unlisted), so that the reports' counts of
pages not scanned hold them, and says so in a warning."""
import asyncio
import json
from collections import Counter
from importlib import resources

from jsonschema import Draft202012Validator

from a11y.discovery import MAX_SKIPPED, frontier
from a11y.merge import identify, merge
from a11y.models import results_from_dict
from a11y.reporters import views
from a11y.scan import Scanner, ScanOptions
from a11y.shard import Shard

from .siteserver import page, site


def test_a_scan_counts_the_pages_it_left_out_beyond_those_it_recorded():
    links = "".join(f'<a href="/p{i}">p{i}</a>' for i in range(MAX_SKIPPED + 50))
    warnings: list[str] = []

    async def run(base):
        options = ScanOptions(checks=False, max_pages=1, sitemap=False, robots=False, timeout=30)
        async with Scanner([base + "/"], options, on_warning=warnings.append) as scanner:
            return await scanner.run()

    with site({"/": page("Many links", links)}) as base:
        results = asyncio.run(run(base))
    skipped = [p for p in results.pages if p.status == "skipped"]
    assert len(skipped) == MAX_SKIPPED
    assert results.skipped_unlisted == {"limit: --max-pages 1 reached": 50}
    assert results.summary["skipped"] == MAX_SKIPPED + 50 and results.summary["skipped_unlisted"] == 50
    assert views.coverage(results).startswith(f"1 of {MAX_SKIPPED + 51:,} page(s) found were scanned; "
                                              f"not scanned: {MAX_SKIPPED + 50:,} cut off by --max-pages 1")
    assert any(w.startswith("50 more URLs were left out") and f"than the {MAX_SKIPPED:,} recorded" in w
               and "the reports count them" in w for w in warnings), warnings


def test_shards_of_a_url_list_merge_into_the_counts_of_one_scan(monkeypatch):
    """With --depth 0 a shard records the links of its own pages beyond the depth, whoever owns
    them, and a link on pages of both shards is left out by both: past the records kept, merge
    counts each URL once (not once a shard), and not again when another shard listed it."""
    monkeypatch.setattr(frontier, "MAX_SKIPPED", 10)  # the records kept, lowered: 44 URLs are left out
    seeds = [f"/s{i}" for i in range(8)]
    common = "".join(f'<a href="/p{j}">p{j}</a>' for j in range(20))  # on every page: in both shards
    routes = {s: page(s, common + "".join(f'<a href="{s}-{j}">{j}</a>' for j in range(3))) for s in seeds}

    async def run(base, shard=None):
        options = ScanOptions(checks=False, rules=["document-title"], depth=0, sitemap=False, robots=False,
                              timeout=30, shard=shard)
        async with Scanner([base + s for s in seeds], options) as scanner:
            return await scanner.run()

    with site(routes) as base:
        whole = asyncio.run(run(base))
        # Split by URL path, as a served folder's pages are: keyed by the port, one shard in 128 got all eight.
        shards = [asyncio.run(run(base, Shard(k, 2, (base,)))) for k in (1, 2)]
    assert all(any(p.status == "scanned" for p in s.pages) for s in shards)  # both shards have pages
    schema = json.loads((resources.files("a11y") / "data" / "results.schema.json").read_text(encoding="utf-8"))
    assert [list(Draft202012Validator(schema).iter_errors(s.to_dict())) for s in shards] == [[], []]
    assert all(s.options["skipped_unlisted_keys"] for s in shards)
    # As results.json carries them to the merge.
    merged = merge([identify(f"s{k}", results_from_dict(json.loads(json.dumps(s.to_dict()))))
                    for k, s in enumerate(shards, 1)]).results

    def left_out(results) -> dict[str, int]:  # by reason: the records and the pages only counted
        counts = Counter(p.reason for p in results.pages if p.status == "skipped")
        counts.update(results.skipped_unlisted)
        return dict(counts)

    assert whole.summary["skipped"] == 44 and whole.summary["skipped_unlisted"] == 34
    assert left_out(merged) == left_out(whole) == {"depth: beyond --depth 0": 44}
    assert (merged.summary["pages"], merged.summary["skipped"]) == (whole.summary["pages"], 44)
    assert "skipped_unlisted_keys" not in merged.options
