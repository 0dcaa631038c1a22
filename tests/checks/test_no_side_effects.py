"""_no_side_effects.contained: requests other than GET and HEAD refused while a check tries a page's
controls, on a page under audit (its navigation hold's route) and on one that is not."""
import http.server
import threading

import pytest

from a11y.browser import Tab
from a11y.checks._no_side_effects import contained

PAGE = b"<!doctype html><html lang=en><title>t</title><p>Account</p></html>"
SEND = """async (path) => {
  try { const r = await fetch(path, {method: 'POST', body: 'x'}); return r.status; } catch (e) { return 'refused'; }
}"""


@pytest.fixture
def site():
    received = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(PAGE)

        def do_POST(self):  # noqa: N802
            received.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/", received
    server.shutdown()


@pytest.mark.parametrize("held", [True, False])
def test_posts_are_refused_inside_and_sent_outside(browser_loop, site, held):
    url, received = site

    async def go(browser):
        context = await browser.new_context()
        page = await context.new_page()
        tab = Tab(browser, context, page)
        try:
            await page.goto(url)
            if held:
                await tab.hold_navigation()
            async with contained(page, restore_state=False):
                inside = await page.evaluate(SEND, "inside")
            outside = await page.evaluate(SEND, "outside")
            if held:
                await tab.release_navigation()
            return inside, outside
        finally:
            await context.close()

    inside, outside = browser_loop.call(go)
    assert inside == "refused"
    assert outside == 204
    assert received == ["/outside"]
