"""Discovery records at most MAX_SKIPPED pages it leaves out, one by one; a scan that leaves out
more says how many were only counted, so that no report's count of pages not scanned is taken
for the whole."""
import asyncio

from a11y.discovery import MAX_SKIPPED
from a11y.scan import Scanner, ScanOptions

from .siteserver import page, site


def test_a_scan_says_how_many_pages_it_left_out_beyond_those_it_recorded():
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
    assert any(w.startswith("50 more URLs were left out") and f"than the {MAX_SKIPPED:,} recorded" in w
               for w in warnings), warnings
