"""custom-control-keyboard (2.1.1 Keyboard) on fixture pages in a real Chromium."""
from tests.checks.support import CHECK_FIXTURES, run_check, served, targets

FIXTURES = CHECK_FIXTURES / "custom-control-keyboard"
CHECK = "custom-control-keyboard"
base = served(CHECK)


def test_fails_controls_the_tab_key_never_reaches_or_the_keys_do_not_work(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-div-controls.html")
    assert outcome.outcome == "failed", outcome.reason
    by_target = {n.target[0]: n.summary for n in outcome.nodes}
    assert list(by_target) == ["#save", "#print", "#more", "#shut"]
    assert by_target["#save"].startswith("it answers clicks (a change to the page, role=button), but the Tab key never")
    assert by_target["#print"].startswith("the Tab key reaches it and a click does something (a change to the page, "
                                          "role=button), but Enter and Space do nothing")
    assert by_target["#more"].startswith("it answers clicks (a page load, form submission or new window)")
    assert by_target["#shut"].startswith("it answers clicks (a change to the page)")


def test_passes_keyboard_controls_roving_tabs_cards_with_links_and_quiet_clicks(browser_loop, base):
    # The Apply div answers Enter; the chosen tab's click changes nothing (nothing to compare);
    # the other tab has roving focus; the card holds its own link; the logo's click shows nothing;
    # the drag handles' look changes only while the button is down (no change on the whole).
    outcome = run_check(browser_loop, CHECK, base + "pass-keyboard-controls.html")
    assert outcome.outcome == "passed", outcome.reason
    assert outcome.reason.startswith("each of the 1 control(s)")


def test_a_page_without_click_listeners_is_not_touched(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "inapplicable-no-listeners.html")
    assert outcome.outcome == "inapplicable", outcome.reason
    assert outcome.reason == "no element has a click or pointer listener of its own"


def test_trying_a_control_sends_nothing_but_gets_and_keeps_cookies_and_storage(browser_loop, tmp_path):
    # A live site, perhaps signed in: the "Delete" div's click must not reach the server, and what
    # it writes in cookies and storage must not carry over to the next pages.
    import http.server
    import threading

    from a11y.engines.base import PageTarget
    from a11y.engines.checks import ChecksEngine, survey
    from tests.browser_loop import load_page
    from tests.checks.support import PAGE_TIMEOUT, check_by_id

    received = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(FIXTURES), **kwargs)

        def do_POST(self):  # noqa: N802 - http.server's name
            received.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/fail-delete-control.html"
    check = check_by_id(CHECK)

    async def go(browser):
        page, response = await load_page(browser, url, None, ChecksEngine([check]).init_scripts())
        try:
            await page.evaluate("() => { document.cookie = 'session=abc; path=/'; localStorage.setItem('account', 'open'); }")
            _, looks = await survey(page, [check])
            outcome = await ChecksEngine.run_one(check, PageTarget(page=page, timeout=PAGE_TIMEOUT, response=response),
                                                 check.time_limit, looks=looks.get(check.id))
            # The check's own beacon or fetch, had one left, would have arrived by the next load.
            await page.reload()
            state = await page.evaluate("() => [document.cookie, localStorage.getItem('account')]")
            return outcome, state
        finally:
            await page.context.close()

    try:
        outcome, state = browser_loop.call(go)
    finally:
        server.shutdown()
    assert outcome.outcome == "failed"
    assert targets(outcome) == [["#delete"]]
    assert received == []
    assert state == ["session=abc", "open"]


def test_real_world_controls_an_svg_icon_a_focus_helper_a_duplicate_of_a_link_tabs_and_a_popup(browser_loop, base):
    from tests.checks.support import run_check_and_look

    outcome, _, pages = run_check_and_look(browser_loop, CHECK, base + "mixed-real-world.html", "() => 0")
    assert outcome.outcome == "failed", outcome.reason
    by_target = {n.target[0]: n.summary for n in outcome.nodes}
    assert list(by_target) == ["#dismiss", "#partner"]
    assert by_target["#dismiss"].startswith("it answers clicks (a change to the page, role=img)")
    assert by_target["#partner"].startswith("it answers clicks (a page load, form submission or new window, role=link)")
    assert pages == 1  # the partner site's window was not opened


def test_a_control_inside_a_shadow_root_is_named_through_its_host(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-shadow.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [[["filter-chip", "div"]]]
