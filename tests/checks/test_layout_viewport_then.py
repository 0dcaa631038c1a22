"""_layout.viewport_then: the page at another size and back, with what the caller asks of the
page at its own size again (Back.then) answered in the call that brings it back."""
import pytest

from a11y.checks._layout import viewport_then
from tests.browser_loop import open_page

TALL = "<!doctype html><html><body><div style='height: 3000px'>tall</div></body></html>"
SIZE = "(L, tag) => [innerWidth, innerHeight, Math.round(scrollY), tag]"


@pytest.fixture
def page_at(browser_loop, serve, tmp_path):
    (tmp_path / "tall.html").write_text(TALL, encoding="utf-8")
    url = serve(tmp_path) + "tall.html"

    def run(width: int, height: int, then: bool = True, fail: bool = False):
        """(size inside the block, Back.answer, size and scroll afterwards), the page scrolled to 300 px."""
        async def go(browser):
            page = await open_page(browser, url)
            try:
                await page.evaluate("() => scrollTo(0, 300)")
                inside = None
                try:
                    async with viewport_then(page, width, height) as back:
                        inside = await page.evaluate("() => [innerWidth, innerHeight]")
                        if then:
                            back.then(SIZE, "asked")
                        if fail:
                            raise RuntimeError("the block failed")
                except RuntimeError:
                    pass
                answer = back.answer
                return inside, answer, await page.evaluate("() => [innerWidth, innerHeight, Math.round(scrollY)]")
            finally:
                await page.context.close()
        return browser_loop.call(go)
    return run


def test_what_then_names_is_asked_once_the_page_is_back_at_its_size_and_place(page_at):
    inside, answer, after = page_at(320, 256)
    assert inside == [320, 256]
    assert answer == [1280, 720, 300, "asked"]
    assert after == [1280, 720, 300]


def test_without_then_nothing_is_answered_and_the_page_is_back(page_at):
    inside, answer, after = page_at(640, 512, then=False)
    assert inside == [640, 512]
    assert answer is None
    assert after == [1280, 720, 300]


def test_a_block_that_fails_gets_no_answer_and_the_page_is_still_restored(page_at):
    inside, answer, after = page_at(320, 256, fail=True)
    assert inside == [320, 256]
    assert answer is None
    assert after == [1280, 720, 300]


def test_at_the_size_the_page_has_then_is_still_answered(page_at):
    inside, answer, after = page_at(1280, 720)
    assert inside == [1280, 720]
    assert answer == [1280, 720, 300, "asked"]
    assert after == [1280, 720, 300]
