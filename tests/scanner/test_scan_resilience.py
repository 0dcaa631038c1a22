"""A crashed browser or renderer costs pages, never the run."""
import asyncio
import os
import signal
from pathlib import Path

from a11y.scan import Scanner, ScanOptions

from .siteserver import page, site


def _chromium_pids() -> list[int]:
    """Chromium's main processes started under this test process (through Playwright's driver)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [os.getpid()]
    while todo:
        pid = todo.pop()
        for child in children.get(pid, []):
            try:
                cmdline = (Path("/proc") / str(child) / "cmdline").read_bytes()
            except OSError:
                continue
            if b"--remote-debugging-pipe" in cmdline:
                found.append(child)  # the browser itself; its renderers die with it
            else:
                todo.append(child)
    return found


def test_browser_that_dies_mid_scan_is_restarted(tmp_path):
    links = "".join(f'<a href="/p{i}">p{i}</a>' for i in range(6))
    routes = {"/": page("Home", links)}
    for i in range(6):
        routes[f"/p{i}"] = page(f"P{i}", "<p>fine</p>")
    warnings = []
    killed = []

    def on_page(p, results):
        # After the first page, kill Chromium outright, as the OOM killer would.
        if not killed:
            pids = _chromium_pids()
            assert pids, "no Chromium process found"
            for pid in pids:
                os.kill(pid, signal.SIGKILL)
            killed.extend(pids)

    async def run(base):
        async with Scanner([base + "/"], ScanOptions(concurrency=2, sitemap=False), on_page=on_page,
                           on_warning=warnings.append) as scanner:
            return await scanner.run()

    with site(routes) as base:
        results = asyncio.run(run(base))
    statuses = {p.url: p.status for p in results.pages}
    assert killed
    assert len(statuses) == 7
    # Pages in flight when the browser died are retried in a new browser.
    assert all(s == "scanned" for s in statuses.values()), statuses
    assert any("starting it again" in w for w in warnings)
    assert results.complete


def test_renderer_crash_costs_one_page(tmp_path):
    routes = {"/": page("Home", '<a href="/crash">crash</a><a href="/ok">ok</a>'),
              "/ok": page("OK", "<p>fine</p>"),
              "/crash": page("Crash", "<p>about to crash</p>")}

    async def run(base):
        scanner = Scanner([base + "/"], ScanOptions(concurrency=1, sitemap=False, timeout=10))
        original = scanner._scan_once

        async def crash_on_purpose(job, tab):
            if job.url.endswith("/crash"):
                # Send the worker's own tab to Chromium's crash URL, as a crashing page would.
                crash = asyncio.ensure_future(tab.page.wait_for_event("crash", timeout=20000))
                try:
                    await tab.page.goto("chrome://crash", timeout=5000)
                except Exception:
                    pass
                await crash
            return await original(job, tab)

        scanner._scan_once = crash_on_purpose
        async with scanner:
            return await scanner.run()

    with site(routes) as base:
        results = asyncio.run(run(base))
    by_url = {p.url: p for p in results.pages}
    assert by_url[base + "/crash"].status == "error"
    assert "crash" in by_url[base + "/crash"].reason
    assert by_url[base + "/ok"].status == "scanned"
    assert by_url[base + "/"].status == "scanned"
