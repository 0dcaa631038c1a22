"""The renderers' JavaScript heap is limited (browser.RENDERER_HEAP_MB), so that V8 collects
garbage sooner on large pages; a page that needs more than the limit is not lost: its renderer
crashes, and the page is scanned again in a browser without the limit, which is closed again
once that page is done."""
import asyncio

from a11y.browser import GC_FUNCTION, RENDERER_HEAP_GROWING_PERCENT, RENDERER_HEAP_MB, Chromium, launch_args
from a11y.scan import Scanner, ScanOptions

from .processes import descendants
from .siteserver import page, site

# About 800 MB of JavaScript arrays (100 arrays of a million doubles), kept alive by the page.
HOLDS_800_MB = ("<script>window.kept = [];"
                "for (let i = 0; i < 100; i++) window.kept.push(new Array(1e6).fill(i + 0.5));</script>")


def test_the_limit_is_a_launch_switch_that_a11y_chromium_args_can_replace(monkeypatch):
    monkeypatch.delenv("A11Y_CHROMIUM_ARGS", raising=False)
    growing = f"--heap-growing-percent={RENDERER_HEAP_GROWING_PERCENT} --expose-gc-as={GC_FUNCTION}"
    assert f"--js-flags=--max-old-space-size={RENDERER_HEAP_MB} {growing}" in launch_args()
    # The roomy browser has no limit, but its heap still grows only so far between collections.
    assert [a for a in launch_args(None) if a.startswith("--js-flags")] == [f"--js-flags={growing}"]
    monkeypatch.setenv("A11Y_CHROMIUM_ARGS", "--js-flags=--max-old-space-size=2048")
    # Chromium reads only the last --js-flags: the user's.
    assert [a for a in launch_args() if a.startswith("--js-flags")][-1] == "--js-flags=--max-old-space-size=2048"


def test_the_renderers_are_started_with_the_heap_switches(serve, tmp_path):
    # Chromium hands --js-flags on to each renderer it starts: the switch reached V8.
    (tmp_path / "index.html").write_text("<!doctype html><title>t</title><p>text</p>")
    base = serve(tmp_path)

    async def renderer_command_lines():
        chromium = Chromium()
        await chromium.start()
        try:
            tab = await chromium.open_tab(timeout=30)
            await tab.page.goto(base + "/index.html")
            # A renderer forked from the zygote shows its switches as one line, spaces between.
            return [cmdline.replace(b"\0", b" ").decode(errors="replace") for _, cmdline in descendants()
                    if b"--type=renderer" in cmdline]
        finally:
            await chromium.stop()

    renderers = asyncio.run(renderer_command_lines())
    switch = f"--js-flags=--max-old-space-size={RENDERER_HEAP_MB} --heap-growing-percent={RENDERER_HEAP_GROWING_PERCENT} "
    assert renderers and all(switch in line for line in renderers), renderers


def test_a_roomy_tab_has_no_limit_and_its_browser_closes_with_it():
    async def limits():
        chromium = Chromium()
        await chromium.start()
        try:
            tab = await chromium.open_tab(timeout=30)
            roomy = await chromium.open_tab(timeout=30, roomy=True)
            found = [await t.page.evaluate("performance.memory.jsHeapSizeLimit / 1048576") for t in (tab, roomy)]
            found.append(chromium.roomy_process is not None and chromium.roomy_process is not chromium.process)
            await roomy.close()
            found.append(chromium.roomy_process)
            await tab.close()
            return found
        finally:
            await chromium.stop()

    limited, unlimited, separate, after = asyncio.run(limits())
    assert limited < 2 * RENDERER_HEAP_MB < unlimited  # V8's figure adds the young generation's room
    assert separate and after is None


def test_a_page_that_needs_more_heap_is_scanned_again_without_the_limit():
    routes = {"/": page("Home", '<a href="/big">big</a> <a href="/ok">ok</a>'),
              "/big": page("Big", "<p>A page that keeps 800 MB of script data.</p>" + HOLDS_800_MB),
              "/ok": page("OK", "<p>fine</p>")}
    warnings: list[str] = []

    async def run(base):
        async with Scanner([base + "/"], ScanOptions(concurrency=1, sitemap=False, checks=False),
                           on_warning=warnings.append) as scanner:
            results = await scanner.run()
            return results, scanner.chromium.roomy_process

    with site(routes) as base:
        results, roomy_left = asyncio.run(run(base))
    by_url = {p.url: p for p in results.pages}
    assert {u: p.status for u, p in by_url.items()} == {
        base + "/": "scanned", base + "/big": "scanned", base + "/ok": "scanned"}, [
        (p.url, p.reason) for p in results.pages]
    assert warnings == [f"the renderer of {base}/big crashed, perhaps out of its {RENDERER_HEAP_MB} MB JavaScript "
                        "heap: trying it once more without that limit"]
    assert roomy_left is None  # closed once the page was done
