"""Large pages audited a few at a time: the elements under audit at once stay within the gate's
limit, a page larger than the limit is audited alone, pages are let in first come first, a
cancelled wait gives its place back, a page's budget is extended by its wait, and while a page
is audited alone the other workers wait without their tabs."""
import asyncio
import time

from a11y.engines.base import Engine, EngineResults
from a11y.scan import Scanner, ScanOptions
from a11y.sizegate import NEAR_BUDGET, ElementGate, audit_bytes

from .siteserver import page, site


async def _holder(gate: ElementGate, elements: int, name: str, order: list[str], release: asyncio.Event):
    async with gate.hold(elements):
        order.append(name)
        await release.wait()


def test_pages_wait_in_turn_while_the_limit_is_held_and_a_large_one_is_alone():
    async def main():
        gate = ElementGate(10_000)
        order: list[str] = []
        releases = {n: asyncio.Event() for n in ("a", "b", "big", "c")}
        tasks = {"a": asyncio.create_task(_holder(gate, 6_000, "a", order, releases["a"]))}
        await asyncio.sleep(0)
        tasks["b"] = asyncio.create_task(_holder(gate, 3_000, "b", order, releases["b"]))
        await asyncio.sleep(0)
        tasks["big"] = asyncio.create_task(_holder(gate, 50_000, "big", order, releases["big"]))
        await asyncio.sleep(0)
        # c would fit beside a and b, but the large page asked first: c waits behind it.
        tasks["c"] = asyncio.create_task(_holder(gate, 500, "c", order, releases["c"]))
        for _ in range(5):
            await asyncio.sleep(0)
        seen = [list(order), gate.held]
        releases["a"].set()
        await tasks["a"]
        for _ in range(5):
            await asyncio.sleep(0)
        seen.append(list(order))  # b still holds 3,000: big (10,000, the whole limit) still waits
        releases["b"].set()
        await tasks["b"]
        for _ in range(5):
            await asyncio.sleep(0)
        seen += [list(order), gate.held]
        releases["big"].set()
        releases["c"].set()
        await asyncio.gather(*tasks.values())
        return seen + [order, gate.held, gate.most_held]

    first, held, after_a, after_b, held_big, order, held_end, most = asyncio.run(main())
    assert first == ["a", "b"] and held == 9_000
    assert after_a == ["a", "b"]
    assert after_b == ["a", "b", "big"] and held_big == 10_000  # alone, counted as the whole limit
    assert order == ["a", "b", "big", "c"] and held_end == 0 and most == 10_000


def test_a_cancelled_wait_gives_its_place_to_the_next_page():
    async def main():
        gate = ElementGate(1_000)
        order: list[str] = []
        release = asyncio.Event()
        holder = asyncio.create_task(_holder(gate, 1_000, "holder", order, release))
        await asyncio.sleep(0)
        cancelled = asyncio.create_task(_holder(gate, 900, "cancelled", order, asyncio.Event()))
        later = asyncio.create_task(_holder(gate, 900, "later", order, release))
        await asyncio.sleep(0)
        cancelled.cancel()
        release.set()
        await asyncio.gather(holder, later)
        return order, gate.held, cancelled.cancelled()

    order, held, was_cancelled = asyncio.run(main())
    assert order == ["holder", "later"] and held == 0 and was_cancelled


def test_no_page_starts_loading_while_a_large_page_waits_or_is_audited():
    async def main():
        gate = ElementGate(10_000)
        order: list[str] = []
        releases = {n: asyncio.Event() for n in ("small", "big")}
        small = asyncio.create_task(_holder(gate, 2_000, "small", order, releases["small"]))
        await asyncio.sleep(0)
        free_before = not gate.crowded()
        big = asyncio.create_task(_holder(gate, 30_000, "big", order, releases["big"]))
        await asyncio.sleep(0)

        async def loader():
            await gate.wait_to_load()
            order.append("loads")

        loading = asyncio.create_task(loader())
        for _ in range(5):
            await asyncio.sleep(0)
        seen = [list(order)]  # big waits for small: nothing loads meanwhile
        releases["small"].set()
        await small
        for _ in range(5):
            await asyncio.sleep(0)
        seen.append(list(order))  # big is audited alone: still nothing loads
        releases["big"].set()
        await asyncio.gather(big, loading)
        return free_before, seen, order

    free_before, (while_waiting, while_alone), order = asyncio.run(main())
    assert free_before
    assert while_waiting == ["small"] and while_alone == ["small", "big"]
    assert order == ["small", "big", "loads"]


def test_waiting_for_room_extends_the_page_budget_by_the_wait():
    async def main():
        gate = ElementGate(100)
        release = asyncio.Event()
        holder = asyncio.create_task(_holder(gate, 100, "holder", [], release))
        await asyncio.sleep(0)

        async def waiter():
            async with asyncio.timeout(0.2) as budget:
                original = budget.when()
                async with gate.hold(50, budget):
                    return original, asyncio.get_running_loop().time(), budget.when()

        waiting = asyncio.create_task(waiter())
        await asyncio.sleep(0.5)  # past the waiter's original deadline: without the extension it times out
        release.set()
        times = await waiting
        await holder
        return times

    # Measured on the loop's clock, not against the test's sleep (the waiter starts waiting a
    # moment after the sleep starts): it got in only after its original deadline, and the wait
    # had moved its deadline past that moment.
    original, inside, deadline = asyncio.run(main())
    assert original < inside < deadline


def test_a_scan_audits_pages_larger_than_the_limit_one_at_a_time():
    # Three pages of about 1,200 elements each, a gate of 2,000, two pages in flight.
    items = "".join(f"<li>item {i}</li>" for i in range(1_200))
    links = "".join(f'<a href="/p{i}">page {i}</a> ' for i in range(3))
    routes = {"/": page("Home", f"<nav>{links}</nav>")}
    for i in range(3):
        routes[f"/p{i}"] = page(f"Page {i}", f"<ul>{items}</ul>")

    async def run(base, limit):
        async with Scanner([base + "/"], ScanOptions(concurrency=2, sitemap=False, checks=False)) as scanner:
            scanner.sizes = ElementGate(limit)
            results = await scanner.run()
            return results, scanner.sizes.most_held

    with site(routes) as base:
        results, most_held = asyncio.run(run(base, 2_000))
    assert sorted(p.status for p in results.pages) == ["scanned"] * 4
    assert 1_200 < most_held < 2_000 + 1  # one large page (and perhaps the small home page) at a time


class OtherTabsCounter(Engine):
    """Records, on the large page, whether the tabs that audited other pages (each a browser
    context of its own) and now sit idle were closed while it was audited; waits for it, up to a
    generous deadline. A tab whose next page loaded before the large one began to wait keeps it
    (the page waits at the gate behind it); axe's finishing pages have contexts of their own too,
    but audit nothing."""

    name = "other-tabs"
    budget_factor = 10.0  # its wait is not the page's fault

    def __init__(self):
        self.auditors: list = []  # the contexts of the tabs that pages were audited in
        self.audited: set[str] = set()
        self.closed_while_alone: list[bool] = []

    async def run(self, target):
        mine = target.page.context
        if mine not in self.auditors:
            self.auditors.append(mine)
        self.audited.add(target.page.url)
        if target.page.url.endswith("/big"):
            def idle_others():
                return [c for c in mine.browser.contexts if c is not mine and c in self.auditors
                        and any(p.url in self.audited or p.url == "about:blank" for p in c.pages)]
            deadline = time.monotonic() + 120
            while idle_others() and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            self.closed_while_alone.append(not idle_others())
        return EngineResults()


def test_while_a_page_is_audited_alone_idle_workers_close_their_tabs():
    # An idle tab's renderer keeps its last pages (about 55 MB, against 20 for a new one).
    # /big is too large to share the gate; the workers that did the small pages beside it
    # have nothing more to do while it is audited.
    routes = {"/": page("Home", '<nav><a href="/big">big</a> <a href="/s0">small</a> <a href="/s1">small</a></nav>'),
              "/big": page("Big", "<ul>" + "".join(f"<li>item {i}</li>" for i in range(3_000)) + "</ul>"),
              "/s0": page("Small 0", "<p>a small page</p>"),
              "/s1": page("Small 1", "<p>another small page</p>")}
    counter = OtherTabsCounter()

    async def run(base):
        async with Scanner([base + "/"], ScanOptions(concurrency=3, sitemap=False, checks=False)) as scanner:
            scanner.sizes = ElementGate(2_000)
            scanner.engines.append(counter)
            return await scanner.run()

    with site(routes) as base:
        results = asyncio.run(run(base))
    assert sorted(p.status for p in results.pages) == ["scanned"] * 4
    assert counter.closed_while_alone == [True]


MB = 1024 * 1024


async def settle():
    """Let the tasks started so far run as far as they can."""
    for _ in range(5):
        await asyncio.sleep(0)


def test_past_the_memory_budget_a_page_waits_until_another_audit_ends():
    async def main():
        budget, audit = 1_000 * MB, audit_bytes(1_000)  # what a 1,000-element page's audit adds
        used = [budget - audit // 2]  # what the scan holds, as the gate's probe reads it
        gate = ElementGate(10_000, memory_budget=budget, memory=lambda: used[0])
        order: list[str] = []
        releases = {n: asyncio.Event() for n in ("a", "b", "c", "d", "e")}

        def start(name, elements=1_000):
            return asyncio.create_task(_holder(gate, elements, name, order, releases[name]))

        tasks = {"a": start("a")}  # nothing under audit: let in whatever the memory
        await settle()
        tasks["b"] = start("b")  # what the scan holds and what b's audit adds is past the budget: b waits
        await settle()
        seen = [list(order), gate.held_back]
        used[0] = 200 * MB  # memory alone does not let b in: the end of an audit does
        tasks["e"] = start("e")  # behind b, in turn
        await settle()
        seen.append(list(order))
        used[0] = budget - audit // 2
        releases["a"].set()
        await tasks["a"]
        await settle()
        seen.append(list(order))  # b let in alone (nothing else under audit)
        tasks["c"], tasks["d"] = start("c"), start("d")
        await settle()
        seen.append(list(order))
        # b ends: with room for two and a half audits, e fits, c too, d would not.
        used[0] = budget - audit * 5 // 2
        releases["b"].set()
        await tasks["b"]
        await settle()
        seen.append(list(order))
        for name in ("c", "d", "e"):
            releases[name].set()
        await asyncio.gather(*tasks.values())
        return seen + [gate.held, gate.held_back]

    first, held_back, after_e, after_a, after_cd, after_b, held, held_back_in_all = asyncio.run(main())
    assert first == ["a"] and held_back == 1
    assert held_back_in_all == 1  # the others waited behind b in turn, not for memory
    assert after_e == ["a"]
    assert after_a == ["a", "b"]
    assert after_cd == ["a", "b"]
    assert after_b == ["a", "b", "e", "c"]
    assert held == 0


def test_near_the_budget_the_exact_reading_decides_and_far_from_it_is_not_taken():
    async def main():
        cheap, exact, exact_reads = [300 * MB], [300 * MB], []

        def read_exactly():
            exact_reads.append(exact[0])
            return exact[0]

        gate = ElementGate(10_000, memory_budget=1_000 * MB, memory=lambda: cheap[0], exact_memory=read_exactly)
        order: list[str] = []
        releases = {n: asyncio.Event() for n in "abc"}
        tasks = {"a": asyncio.create_task(_holder(gate, 100, "a", order, releases["a"]))}
        await settle()
        tasks["b"] = asyncio.create_task(_holder(gate, 100, "b", order, releases["b"]))
        await settle()
        far = (list(order), list(exact_reads))  # 300 + 84 MB is far below 1,000: no exact reading
        # The cheap reading says 800 MB (c fits, with a's and b's audits still growing), but that
        # is within reach of its error: the exact reading, 950 MB, decides, and c waits.
        cheap[0], exact[0] = 800 * MB, 950 * MB
        tasks["c"] = asyncio.create_task(_holder(gate, 100, "c", order, releases["c"]))
        await settle()
        near = (list(order), list(exact_reads), gate.held_back)
        for release in releases.values():
            release.set()
        await asyncio.gather(*tasks.values())
        return far, near

    # The numbers say what the comments do: c fits the cheap reading, only not the exact one.
    three = 3 * audit_bytes(100)  # three pages of 100 elements
    assert 300 * MB + three <= 1_000 * MB - NEAR_BUDGET < 800 * MB + three <= 1_000 * MB < 950 * MB + three
    far, near = asyncio.run(main())
    assert far == (["a", "b"], [])
    assert near == (["a", "b"], [950 * MB], 1)


def test_an_audit_let_in_a_moment_ago_counts_as_still_growing():
    async def main(started_long_ago: bool):
        now = [0.0]
        gate = ElementGate(10_000, memory_budget=1_000 * MB, memory=lambda: 800 * MB, clock=lambda: now[0])
        order: list[str] = []
        releases = {n: asyncio.Event() for n in "ab"}
        tasks = [asyncio.create_task(_holder(gate, 5_000, "a", order, releases["a"]))]  # alone: let in
        await settle()
        if started_long_ago:
            now[0] = 10.0  # a's memory has grown by now, and is in the 800 MB read
        tasks.append(asyncio.create_task(_holder(gate, 1_000, "b", order, releases["b"])))
        await settle()
        seen = list(order)
        for release in releases.values():
            release.set()
        await asyncio.gather(*tasks)
        return seen

    # 800 MB read + b's audit fits 1,000 MB; with a's (5,000 elements) still to come it does not.
    assert 800 * MB + audit_bytes(1_000) <= 1_000 * MB < 800 * MB + audit_bytes(1_000) + audit_bytes(5_000)
    assert asyncio.run(main(started_long_ago=False)) == ["a"]
    assert asyncio.run(main(started_long_ago=True)) == ["a", "b"]


def test_without_a_reading_of_memory_the_budget_holds_nothing_back():
    async def main():
        gate = ElementGate(10_000, memory_budget=1, memory=lambda: None)  # not Linux, say
        order: list[str] = []
        release = asyncio.Event()
        tasks = [asyncio.create_task(_holder(gate, 1_000, n, order, release)) for n in "ab"]
        await settle()
        seen = list(order)
        release.set()
        await asyncio.gather(*tasks)
        return seen, gate.held_back

    assert asyncio.run(main()) == (["a", "b"], 0)


class AuditsAtOnce(Engine):
    """Counts the audits under way at once. The first one goes on only once another page has
    been held back at the gate (or after a generous deadline), so that a page surely meets
    the budget however slow the machine is."""

    name = "audits-at-once"
    budget_factor = 10.0  # its wait is not the page's fault

    def __init__(self):
        self.now = self.most = 0
        self.gate: ElementGate | None = None

    async def run(self, target):
        self.now += 1
        self.most = max(self.most, self.now)
        try:
            gate, self.gate = self.gate, None  # only the first audit waits
            deadline = time.monotonic() + 120
            while gate is not None and gate.held_back == 0 and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
        finally:
            self.now -= 1
        return EngineResults()


def test_a_scan_past_its_memory_budget_audits_one_page_at_a_time():
    links = "".join(f'<a href="/p{i}">page {i}</a> ' for i in range(5))
    routes = {"/": page("Home", f"<nav>{links}</nav>")}
    for i in range(5):
        routes[f"/p{i}"] = page(f"Page {i}", "<p>text</p>")

    async def run(base, budget):
        engine = AuditsAtOnce()
        options = ScanOptions(concurrency=2, sitemap=False, checks=False, memory_budget=budget)
        async with Scanner([base + "/"], options) as scanner:
            scanner.engines, engine.gate = [engine], scanner.sizes
            results = await scanner.run()
            return results, engine.most, scanner.sizes.held_back

    with site(routes) as base:
        results, most, held_back = asyncio.run(run(base, 1))  # one byte: always past it
    assert sorted(p.status for p in results.pages) == ["scanned"] * 6
    assert most == 1 and held_back > 0


def test_a_small_pages_audit_is_expected_to_add_little_and_a_large_pages_much():
    # Measured: 0-12 MB on pages of a few elements; 127-165 MB on pages of 3,200-5,400.
    assert audit_bytes(5) < 20 * MB
    assert 100 * MB < audit_bytes(3_200) < 160 * MB
    sizes = [audit_bytes(n) for n in range(0, 3_000, 50)]
    assert sizes == sorted(sizes)  # never less for a larger page
