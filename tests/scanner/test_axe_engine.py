"""axe runs in every frame (cross-origin included) and inside shadow roots."""
from pathlib import Path

from playwright.sync_api import sync_playwright

from a11y.testing import chromium_launch_args, page_violations, scan_url_violations

FRAMES = Path(__file__).parent.parent / "fixtures" / "frames"


def _site(tmp_path, serve):
    other = serve(FRAMES / "other")
    # Same server, other host name: a different origin for the browser.
    other = other.replace("127.0.0.1", "localhost")
    page = (FRAMES / "main" / "index.html").read_text().replace("OTHER_ORIGIN/", other)
    (tmp_path / "index.html").write_text(page)
    return serve(tmp_path)


def test_violations_inside_cross_origin_frame_and_shadow_root(tmp_path, serve):
    url = _site(tmp_path, serve)
    violations = scan_url_violations(url, standard="section508", best_practice=False)
    targets = [n.target for v in violations if v.rule == "image-alt" for n in v.nodes]
    assert ["#cross", "#frame-img"] in targets
    assert [["my-widget", "#shadow-img"]] in targets


def test_page_violations_on_a_page_driven_by_hand(tmp_path, serve):
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="en"><title>t</title><main><h1>Hi</h1>'
        '<button id="b">Add</button></main>'
    )
    url = serve(tmp_path)
    with sync_playwright() as p:
        browser = p.chromium.launch(**chromium_launch_args())
        page = browser.new_page()  # a page with a context of its own
        page.goto(url)
        assert page_violations(page) == []
        page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=a.png>')")
        assert [v.rule for v in page_violations(page)] == ["image-alt"]
        browser.close()


def test_audio_is_evidence_for_1_2_1(tmp_path, serve):
    (tmp_path / "audio.html").write_text('<!doctype html><html lang="en"><title>a</title><main><h1>A</h1>'
                                         '<audio src="a.mp3" controls></audio></main></html>')
    (tmp_path / "none.html").write_text('<!doctype html><html lang="en"><title>n</title><main><h1>N</h1></main></html>')
    url = serve(tmp_path)
    with sync_playwright() as p:
        browser = p.chromium.launch(**chromium_launch_args())
        page = browser.new_page()
        from a11y.engines.axe import axe_options, convert, run_axe_sync

        page.goto(url + "audio.html")
        review = convert(run_axe_sync(page, axe_options("section508")))["incomplete"]
        assert [r.wcag for r in review if r.rule == "audio-caption"] == [["1.2.1"]]
        page.goto(url + "none.html")
        assert "audio-caption" in convert(run_axe_sync(page, axe_options("section508")))["inapplicable"]
        # Turned off like any other rule.
        off = convert(run_axe_sync(page, axe_options("section508", disable_rules=["audio-caption"])))
        assert "audio-caption" not in off["inapplicable"]
        browser.close()
