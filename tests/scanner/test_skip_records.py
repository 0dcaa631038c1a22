"""Discovery records at most MAX_SKIPPED pages it leaves out, one by one; a scan that leaves out
more counts the rest by reason in results.json (skipped_unlisted), so that the reports' counts of
pages not scanned hold them, and says so in a warning."""
import asyncio

from a11y.discovery import MAX_SKIPPED
from a11y.reporters import views
from a11y.scan import Scanner, ScanOptions

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
