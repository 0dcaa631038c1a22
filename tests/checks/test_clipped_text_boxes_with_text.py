"""The clipped-text checks' first look (_clipped_text.CAN_CLIP_LOOK): a box that clips its overflow
counts only when text is in it (it cuts nothing else), on a page that nothing can change by
itself any more; on a page that may still change, any box that clips counts."""
import pytest

from a11y.checks._clipped_text import CAN_CLIP_LOOK
from a11y.engines.checks import ChecksEngine
from a11y.serve import serve_directory
from tests.browser_loop import load_page
from tests.checks.support import check_by_id, run_check

PICTURE = "<img alt='a dot' src='data:image/gif;base64,R0lGODlhAQABAAAAACw=' width='40' height='40'>"
PAGES = {
    # the browser clips the image itself; the box that clips holds only the image
    "picture-only.html": f"<p>Text that nothing clips.</p><div style='overflow: hidden; width: 50px'>{PICTURE}</div>",
    # the same, on a page whose interval timer could yet put text in the box
    "picture-busy.html": (f"<p>Plain text.</p><div style='overflow: hidden; width: 50px'>{PICTURE}</div>"
                          "<script>setInterval(() => {}, 1000);</script>"),
    "text.html": "<div style='overflow: hidden; width: 50px; height: 1em'>Text in a box that clips</div>",
    # text only in a shadow root below the box: its textContent is empty
    "shadow.html": ("<div style='overflow: hidden; width: 50px; height: 1em'><span id='host'></span></div>"
                    "<script>document.getElementById('host').attachShadow({mode: 'open'}).textContent = "
                    "'Text in a shadow root, in a box that clips';</script>"),
}


@pytest.fixture(scope="module")
def base(tmp_path_factory, serve_module):
    folder = tmp_path_factory.mktemp("clips")
    for name, body in PAGES.items():
        (folder / name).write_text(f"<!doctype html><html lang='en'><body>{body}</body></html>", encoding="utf-8")
    return serve_module(folder)


@pytest.fixture(scope="module")
def serve_module():
    opened = []

    def _serve(path):
        cm = serve_directory(path)
        opened.append(cm)
        return cm.__enter__()
    yield _serve
    for cm in reversed(opened):
        cm.__exit__(None, None, None)


def clips_now(browser_loop, url: str) -> bool:
    init = ChecksEngine([check_by_id("zoom-text-not-clipped")]).init_scripts()

    async def go(browser):
        page, _ = await load_page(browser, url, None, init)
        try:
            return (await page.evaluate(CAN_CLIP_LOOK.script))["now"]
        finally:
            await page.context.close()
    return browser_loop.call(go)


def test_a_box_that_clips_only_a_picture_on_a_still_page_cuts_no_text(browser_loop, base):
    assert clips_now(browser_loop, base + "picture-only.html") is False


def test_on_a_page_that_may_still_change_any_box_that_clips_counts(browser_loop, base):
    assert clips_now(browser_loop, base + "picture-busy.html") is True


@pytest.mark.parametrize("page", ["text.html", "shadow.html"])
def test_a_box_that_clips_text_counts_shadow_roots_included(browser_loop, base, page):
    assert clips_now(browser_loop, base + page) is True


@pytest.mark.parametrize("check", ["zoom-text-not-clipped", "text-spacing-not-clipped"])
def test_the_checks_are_inapplicable_where_only_pictures_are_clipped(browser_loop, base, check):
    assert run_check(browser_loop, check, base + "picture-only.html").outcome == "inapplicable"


@pytest.mark.parametrize("check", ["zoom-text-not-clipped", "text-spacing-not-clipped"])
def test_the_checks_still_look_at_text_in_a_shadow_root_in_a_box_that_clips(browser_loop, base, check):
    assert run_check(browser_loop, check, base + "shadow.html").outcome != "inapplicable"
