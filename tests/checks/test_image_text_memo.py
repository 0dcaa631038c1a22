"""image-of-text-ocr on a picture read on an earlier page of the scan (CheckContext.memo): the
words read there are used again, and the picture is photographed again only where the verdict
needs its pixels (text found that nothing the page says excuses: how much else the picture holds).
Either way each page's verdict is the one a first reading gives. Real Chromium, real Tesseract."""
import pytest
from PIL import Image, ImageDraw, ImageFont

from a11y.checks import _ocr, image_text
from a11y.engines.base import PageTarget
from a11y.engines.checks import ChecksEngine, survey
from a11y.serve import serve_directory
from tests.browser_loop import load_page
from tests.checks.support import PAGE_TIMEOUT, check_by_id

CHECK = "image-of-text-ocr"
pytestmark = pytest.mark.skipif(_ocr.tesseract_path() is None,
                                reason="tesseract is not installed (make setup installs tesseract-ocr)")
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def page(title: str, body: str) -> str:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>'
            f"<body><h1>{title}</h1>{body}</body></html>")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("memo")
    icon = Image.new("RGB", (64, 64), (240, 240, 240))
    ImageDraw.Draw(icon).rectangle((28, 10, 36, 54), fill=(0, 94, 162))
    icon.save(root / "icon.png")
    font = ImageFont.truetype(FONT, 28)
    words = Image.new("RGB", (560, 220), (250, 248, 240))
    ImageDraw.Draw(words).text((16, 16), "Opening hours: Monday", font=font, fill=(20, 20, 20))
    words.save(root / "hours.png")
    files = {
        "icon-a.html": page("Icon", '<p><img id="i" src="icon.png" alt="Add"></p>'),
        "icon-b.html": page("Icon again", '<p>More.</p><p><img id="j" src="icon.png" alt="Add"></p>'),
        "hours-a.html": page("Hours", '<p><img id="h" src="hours.png" alt=""></p>'),
        "hours-b.html": page("Hours again", '<p>Visit us.</p><p><img id="k" src="hours.png" alt=""></p>'),
        # The page's own text laid over the picture's empty part: hidden for the shot, or it would count
        # as much else in the picture.
        "hours-over.html": page("Hours over", '<div style="position: relative; width: 560px; height: 220px">'
                                '<img id="o" src="hours.png" alt="" style="position: absolute; left: 0; top: 0">'
                                '<p style="position: absolute; left: 20px; top: 64px; margin: 0; font: bold 40px/48px serif">'
                                "Welcome, friends<br>and neighbours,<br>to our market</p></div>"),
        "hours-logo.html": page("Logo", '<a href="/" class="site-logo"><img id="l" src="hours.png" alt=""></a>'),
    }
    for name, html in files.items():
        (root / name).write_text(html, encoding="utf-8")
    with serve_directory(root) as url:
        yield url


def run_pages(browser_loop, urls: list[str], monkeypatch) -> list[tuple]:
    """The check's outcome on each page in turn, with one memo as a scan keeps it, and the number
    of pictures photographed (image_text._capture) on each."""
    check = check_by_id(CHECK)
    shots = []
    capture = image_text._capture

    async def counted(cdp, clip):
        shots.append(clip)
        return await capture(cdp, clip)

    monkeypatch.setattr(image_text, "_capture", counted)

    async def go(browser):
        memo, out = {}, []
        for url in urls:
            page, response = await load_page(browser, url, None, ChecksEngine([check]).init_scripts())
            try:
                _, looks = await survey(page, [check])
                before = len(shots)
                outcome = await ChecksEngine.run_one(check, PageTarget(page=page, timeout=PAGE_TIMEOUT,
                                                                       response=response),
                                                     check.time_limit, memo, looks.get(check.id))
                left = await page.evaluate("() => document.querySelectorAll('style[data-a11y-ocr]').length")
                out.append((outcome, len(shots) - before, left))
            finally:
                await page.context.close()
        return out

    return browser_loop.call(go)


def test_a_picture_without_text_read_before_is_not_photographed_again(browser_loop, site, monkeypatch):
    (first, shot_a, _), (again, shot_b, left) = run_pages(browser_loop, [site + "icon-a.html", site + "icon-b.html"],
                                                         monkeypatch)
    assert first.outcome == again.outcome == "passed", (first.reason, again.reason)
    assert (shot_a, shot_b, left) == (1, 0, 0)


def test_text_read_before_is_photographed_again_to_judge_what_else_the_picture_holds(browser_loop, site, monkeypatch):
    (first, _, _), (again, shots, left) = run_pages(browser_loop, [site + "hours-a.html", site + "hours-b.html"],
                                                    monkeypatch)
    assert first.outcome == again.outcome == "failed", (first.reason, again.reason)
    assert [n.summary for n in first.nodes] == [n.summary for n in again.nodes]
    assert (shots, left) == (1, 0)


def test_with_the_memo_the_page_s_text_is_still_hidden_for_the_shot(browser_loop, site, monkeypatch):
    [(fresh, _, _)] = run_pages(browser_loop, [site + "hours-over.html"], monkeypatch)
    (_, _, _), (again, shots, left) = run_pages(browser_loop, [site + "hours-a.html", site + "hours-over.html"],
                                                monkeypatch)
    assert fresh.outcome == again.outcome == "failed", (fresh.reason, again.reason)
    assert (shots, left) == (1, 0)


def test_text_the_page_calls_a_logo_needs_no_second_shot(browser_loop, site, monkeypatch):
    (_, _, _), (again, shots, left) = run_pages(browser_loop, [site + "hours-a.html", site + "hours-logo.html"],
                                                monkeypatch)
    assert again.outcome == "cantTell", again.reason
    assert "logo" in again.reason
    assert (shots, left) == (0, 0)
