"""CPU slots: pages in flight beyond the slots while our checks wait, busy phases held to
the slots, and a page's budget extended by the time it waited for one."""
import asyncio

import pytest

from a11y.cpuslots import CpuSlots
from a11y.scan import PAGES_PER_SLOT_WHILE_WAITING, Scanner, ScanOptions

from .siteserver import page, site


def test_waiting_for_a_slot_extends_the_page_budget_by_the_wait():
    async def main():
        slots = CpuSlots(1)
        release = asyncio.Event()
        held = asyncio.Event()

        async def first():
            async with slots.for_page().hold():
                held.set()
                await release.wait()

        async def second():
            async with asyncio.timeout(0.2) as budget:
                original = budget.when()
                async with slots.for_page(budget).hold():
                    return budget.when() - original

        holder = asyncio.create_task(first())
        await held.wait()
        waiter = asyncio.create_task(second())
        # Keep the slot past the second page's original deadline: without the extension it times out.
        await asyncio.sleep(0.5)
        release.set()
        extended = await waiter
        await holder
        return extended, slots.most_busy

    extended, most_busy = asyncio.run(main())
    assert extended >= 0.5 and most_busy == 1


@pytest.mark.parametrize("checks", [True, False])
def test_pages_in_flight_and_busy_phases_held_to_the_slots(checks):
    links = "".join(f'<a href="/p{i}">page {i}</a>' for i in range(5))
    routes = {"/": page("Home", f"<nav>{links}</nav>")}
    for i in range(5):
        routes[f"/p{i}"] = page(f"Page {i}", f"<p>Text of page {i}.</p>")

    async def run(base):
        async with Scanner([base + "/"], ScanOptions(concurrency=1, sitemap=False, checks=checks)) as scanner:
            results = await scanner.run()
            return results, scanner.pages_in_flight(), scanner.cpu.most_busy

    with site(routes) as base:
        results, in_flight, most_busy = asyncio.run(run(base))
    assert sorted(p.status for p in results.pages) == ["scanned"] * 6
    assert in_flight == (PAGES_PER_SLOT_WHILE_WAITING if checks else 1)  # concurrency 1
    assert most_busy == 1  # never two pages loading or under axe at once
