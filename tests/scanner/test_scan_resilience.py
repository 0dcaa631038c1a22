"""A crashed browser or renderer costs pages, never the run."""
import asyncio
import os
import signal

from a11y.scan import Scanner, ScanOptions

from .processes import descendants
from .siteserver import from_browser, garbled, page, site


def _chromium_pids() -> list[int]:
    """Chromium's main processes started under this test process (through Playwright's driver)."""
    # The browser itself (its renderers, zygotes and helpers have a --type, and die with it).
    return [pid for pid, cmdline in descendants()
            if b"--remote-debugging-pipe" in cmdline and b"--type=" not in cmdline]


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
    # /crash, once loaded and read by the scanner, asks the test to crash its renderer for
    # real (CDP Page.crash), and axe can never finish there, so the crash lands mid-audit
    # on every attempt. The page is retried once in a fresh context (in the browser without the
    # heap limit, in case that was the cause), then recorded as crashed; the scan goes on.
    crash_requests: asyncio.Queue = asyncio.Queue()
    asked: list[str] = []
    warnings: list[str] = []
    loop_of_test: list[asyncio.AbstractEventLoop] = []

    def ask_for_crash(h):
        asked.append(h.path)
        loop_of_test[0].call_soon_threadsafe(crash_requests.put_nowait, None)
        h._send(204, b"")

    routes = {"/": page("Home", '<a href="/crash">crash</a><a href="/ok">ok</a>'),
              "/ok": page("OK", "<p>fine</p>"),
              "/crash": page("Crash", "<p>about to crash</p>" + CRASH_WHEN_READ),
              "/crash-me": ask_for_crash}

    async def crash_on_request(scanner, base):
        while True:
            await crash_requests.get()
            browsers = [b for b in (scanner.chromium.process, scanner.chromium.roomy_process) if b is not None]
            # Every tab showing the page: on a busy machine the tab that crashed on the first attempt
            # can still be listed when the retry asks (one was expected: the crasher died on two,
            # and the retry timed out in axe instead of crashing).
            for tab in [p for b in browsers for c in b.contexts for p in c.pages if p.url == base + "/crash"]:
                try:
                    cdp = await tab.context.new_cdp_session(tab)
                except Exception:  # noqa: BLE001 - a tab already crashed or closed
                    continue
                asyncio.ensure_future(cdp.send("Page.crash"))  # answered by no one: the renderer is gone

    async def run(base):
        loop_of_test.append(asyncio.get_running_loop())
        async with Scanner([base + "/"], ScanOptions(concurrency=1, sitemap=False),
                           on_warning=warnings.append) as scanner:
            crasher = asyncio.create_task(crash_on_request(scanner, base))
            try:
                return await scanner.run()
            finally:
                crasher.cancel()

    with site(routes) as base:
        results = asyncio.run(run(base))
    by_url = {p.url: p for p in results.pages}
    crashed = by_url[base + "/crash"]
    assert (crashed.status, crashed.reason) == ("error", "crashed: the page's renderer crashed"), crashed
    assert crashed.violations == []
    assert asked == ["/crash-me", "/crash-me"]  # the first try and one retry
    crash_warnings = [w for w in warnings if "crashed" in w]
    assert (f"the renderer of {base}/crash crashed, perhaps out of its 512 MB JavaScript heap: trying it once more "
            "without that limit") in crash_warnings
    # Pages of one site share a renderer (--process-per-site), and a page whose checks are still running
    # is in flight beside the next one: a loaded machine can have another page of the site there when
    # the crash lands. That page crashes too, is tried again, and is scanned: it costs no page.
    for warning in crash_warnings:
        url = warning.removeprefix("the renderer of ").split(" crashed")[0]
        assert url == base + "/crash" or by_url[url].status == "scanned", (warning, by_url[url])
    assert by_url[base + "/ok"].status == "scanned"
    assert by_url[base + "/"].status == "scanned"
    assert results.complete


# Once the scanner has read the document (it tags window.__a11yDocumentMark), ask the test
# for a crash; and axe never finishes here, so the crash cannot miss the audit.
CRASH_WHEN_READ = """<script>
for (const name of ['run', 'runPartial']) window.axe[name] = () => new Promise(() => {});
Object.defineProperty(window, '__a11yDocumentMark', {configurable: true, get() { return this.__mark; },
  set(v) { this.__mark = v; fetch('/crash-me'); }});
</script>"""


def test_a_page_that_fails_once_is_retried_and_then_scanned(tmp_path):
    # /flaky answers garbage the first time the browser asks for it, then a page; /broken
    # always answers garbage.
    asked: list[str] = []

    def flaky(h):
        if asked.count("/flaky") == 1:
            return garbled(h)
        page("Flaky", '<img src="f.png">')(h)

    routes = {"/": page("Home", '<a href="/flaky">flaky</a><a href="/broken">broken</a>'),
              "/flaky": from_browser(asked, flaky), "/broken": from_browser(asked, garbled)}

    async def run(base):
        # Our checks off: bypass-repeated-blocks loads linked pages itself, and this counts requests.
        async with Scanner([base + "/"], ScanOptions(concurrency=1, sitemap=False, checks=False)) as scanner:
            return await scanner.run()

    with site(routes) as base:
        results = asyncio.run(run(base))
    by_url = {p.url: p for p in results.pages}
    flaky_page = by_url[base + "/flaky"]
    assert (flaky_page.status, flaky_page.title) == ("scanned", "Flaky"), flaky_page
    assert [v.rule for v in flaky_page.violations] == ["image-alt"]
    broken = by_url[base + "/broken"]
    assert broken.status == "error" and broken.reason.startswith("error: Page.goto: net::ERR_INVALID_HTTP_RESPONSE")
    assert sorted(asked) == ["/broken", "/broken", "/flaky", "/flaky"]  # one retry each, no more
