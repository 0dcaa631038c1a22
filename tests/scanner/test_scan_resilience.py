"""A crashed browser or renderer costs pages, never the run."""
import asyncio

from a11y.scan import ScanOptions, Scanner

from .siteserver import page, site


def test_browser_that_dies_mid_scan_is_restarted(tmp_path):
    links = "".join(f'<a href="/p{i}">p{i}</a>' for i in range(6))
    routes = {"/": page("Home", links)}
    for i in range(6):
        routes[f"/p{i}"] = page(f"P{i}", "<p>fine</p>")
    warnings = []

    async def run(base):
        killed = []

        def on_page(p, results):
            # After the first page, take the whole browser down under the scanner's feet.
            if not killed:
                killed.append(asyncio.get_running_loop().create_task(scanner._browser.close()))

        scanner = Scanner([base + "/"], ScanOptions(concurrency=2, sitemap=False), on_page=on_page,
                          on_warning=warnings.append)
        await scanner.start()
        try:
            return await scanner.run()
        finally:
            await scanner.stop()

    with site(routes) as base:
        results = asyncio.run(run(base))
    statuses = {p.url: p.status for p in results.pages}
    assert len(statuses) == 7
    # Pages in flight when the browser went down are retried in a new browser.
    assert statuses[base + "/"] == "scanned"
    assert sum(s == "scanned" for s in statuses.values()) >= 6
    assert any("starting it again" in w for w in warnings)
    assert results.complete


def test_renderer_crash_costs_one_page(tmp_path):
    routes = {"/": page("Home", '<a href="/crash">crash</a><a href="/ok">ok</a>'),
              "/ok": page("OK", "<p>fine</p>"),
              "/crash": page("Crash", "<p>about to crash</p>")}

    async def run(base):
        scanner = Scanner([base + "/"], ScanOptions(concurrency=1, sitemap=False, timeout=10))
        original = scanner._scan_once

        async def crash_on_purpose(job, slot):
            if job.url.endswith("/crash"):
                # Send the worker's own tab to Chromium's crash URL, as a crashing page would.
                crash = asyncio.ensure_future(slot.tab.wait_for_event("crash", timeout=20000))
                try:
                    await slot.tab.goto("chrome://crash", timeout=5000)
                except Exception:
                    pass
                await crash
            return await original(job, slot)

        scanner._scan_once = crash_on_purpose
        await scanner.start()
        try:
            return await scanner.run()
        finally:
            await scanner.stop()

    with site(routes) as base:
        results = asyncio.run(run(base))
    by_url = {p.url: p for p in results.pages}
    assert by_url[base + "/crash"].status == "error"
    assert "crash" in by_url[base + "/crash"].reason
    assert by_url[base + "/ok"].status == "scanned"
    assert by_url[base + "/"].status == "scanned"
