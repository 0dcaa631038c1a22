"""axe runs in every frame (cross-origin included) and inside shadow roots, through the
scanner's own engine (engines/axe.py: AxeEngine) in a real Chromium."""
from pathlib import Path

from a11y.engines.axe import AxeEngine, axe_options
from a11y.engines.base import PageTarget
from a11y.testing import scan_url_violations
from tests.browser_loop import open_page

FRAMES = Path(__file__).parent.parent / "fixtures" / "frames"


def _site(tmp_path, serve):
    other = serve(FRAMES / "other")
    # Same server, other host name: a different origin for the browser.
    other = other.replace("127.0.0.1", "localhost")
    page = (FRAMES / "main" / "index.html").read_text().replace("OTHER_ORIGIN/", other)
    (tmp_path / "index.html").write_text(page)
    return serve(tmp_path)


def _run(browser_loop, url, options, before=None):
    """AxeEngine's results on url; `before(page)` may change the page first."""
    async def go(browser):
        page = await open_page(browser, url)
        try:
            if before:
                await before(page)
            return await AxeEngine(options).run(PageTarget(page=page, timeout=120))
        finally:
            await page.context.close()
    return browser_loop.call(go)


def test_violations_inside_cross_origin_frame_and_shadow_root(tmp_path, serve):
    url = _site(tmp_path, serve)
    violations = scan_url_violations(url, standard="section508", best_practice=False)
    targets = [n.target for v in violations if v.rule == "image-alt" for n in v.nodes]
    assert ["#cross", "#frame-img"] in targets
    assert [["my-widget", "#shadow-img"]] in targets


def test_the_engine_audits_the_page_as_it_is_now(tmp_path, serve, browser_loop):
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="en"><title>t</title><main><h1>Hi</h1>'
        '<button id="b">Add</button></main>'
    )
    url = serve(tmp_path)
    options = axe_options("wcag21aa", best_practice=True)
    assert _run(browser_loop, url, options).violations == []

    async def add_image(page):
        await page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=a.png>')")
    assert [v.rule for v in _run(browser_loop, url, options, add_image).violations] == ["image-alt"]


def test_audio_is_evidence_for_1_2_1(tmp_path, serve, browser_loop):
    (tmp_path / "audio.html").write_text('<!doctype html><html lang="en"><title>a</title><main><h1>A</h1>'
                                         '<audio src="a.mp3" controls></audio></main></html>')
    (tmp_path / "none.html").write_text('<!doctype html><html lang="en"><title>n</title><main><h1>N</h1></main></html>')
    url = serve(tmp_path)
    review = _run(browser_loop, url + "audio.html", axe_options("section508")).incomplete
    assert [r.wcag for r in review if r.rule == "audio-caption"] == [["1.2.1"]]
    assert "audio-caption" in _run(browser_loop, url + "none.html", axe_options("section508")).inapplicable
    # Turned off like any other rule.
    off = _run(browser_loop, url + "none.html", axe_options("section508", disable_rules=["audio-caption"]))
    assert "audio-caption" not in off.inapplicable


def test_experimental_rules_consistent_on_act_run_for_the_standards_that_name_them():
    on = lambda standard: {r for r, v in axe_options(standard)["rules"].items() if v["enabled"]}  # noqa: E731
    assert on("section508") >= {"td-has-header"} and "css-orientation-lock" not in on("section508")
    assert on("wcag21aa") >= {"td-has-header", "css-orientation-lock"}
    assert "label-content-name-mismatch" not in on("wcag22aa")  # false failures on ACT 2ee8b8's passed examples
    assert axe_options("wcag21aa", disable_rules=["td-has-header"])["rules"]["td-has-header"] == {"enabled": False}


def test_td_has_header_runs_in_a_scan(tmp_path, serve, browser_loop):
    rows = "".join("<tr>" + "<td>1</td>" * 3 + "</tr>" for _ in range(3))
    (tmp_path / "t.html").write_text(f'<!doctype html><html lang="en"><title>t</title><main><h1>T</h1>'
                                     f'<table><caption>Scores</caption>{rows}</table></main></html>')
    found = _run(browser_loop, serve(tmp_path) + "t.html", axe_options("section508"))
    assert "td-has-header" in [v.rule for v in found.violations]
