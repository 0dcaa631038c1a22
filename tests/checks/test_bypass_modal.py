"""bypass-repeated-blocks on pages that open with a modal dialog (a session or cookie dialog at
load), in real Chromium: the page is judged as it is behind the dialog, as it will be once the
dialog closes. The site is twelve pages sharing a header and a menu of twelve links, each with
a <main> and an h1 of its own, served on loopback; the pages under test are added to it."""
from __future__ import annotations

import pytest

from a11y.checks.bypass_blocks import BEHIND_MODAL, UNDER_MODAL
from tests.checks.support import run_check
from tests.scanner.siteserver import site

pytestmark = pytest.mark.browser

STYLE = ("<style>.scrim{position:fixed;inset:0;background:rgba(0,0,0,.5)}"
         ".dlg{position:fixed;top:30%;left:30%;background:#fff;padding:1em}</style>")
MENU = ('<header><p>Acme</p></header><nav aria-label="Site"><ul>' + "".join(
    f'<li><a href="p{i}.html">Page {i}</a></li>' for i in range(1, 13)) + "</ul></nav>")
# A session dialog with the page beside it hidden from assistive technology, focus on its button.
SESSION = ('<div class="scrim"></div><div role="dialog" aria-modal="true" aria-label="Session" class="dlg">'
           "<p>Your session is about to expire.</p><button id=\"stay\">Stay signed in</button></div>"
           "<script>document.getElementById('stay').focus();</script>")
# The same with a heading of its own, which goes when the dialog closes.
HEADED = SESSION.replace("<p>Your", "<h2>Session</h2><p>Your")
# The same, keeping focus inside it (as a focus trap does).
TRAPPING = SESSION + ("<script>document.addEventListener('focusin', (e) => {"
                      "if (!e.target.closest('[role=dialog]')) document.getElementById('stay').focus(); });</script>")
# A native modal dialog: the browser makes the page behind it inert.
NATIVE = ("<dialog id=\"cookies\"><h2>Cookies</h2><p>We use cookies to remember you.</p><button>Accept</button>"
          "</dialog><script>document.getElementById('cookies').showModal();</script>")
# The page's own content with neither heading nor landmark.
BARE = "<div><p>Account settings and the words of this page only.</p></div>"


def html(title: str, body: str) -> str:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>{STYLE}</head>'
            f"<body>{body}</body></html>")


def own(n) -> str:
    return f"<main><h1>Page {n} title</h1><p>Content of page {n}, different words here number {n}.</p></main>"


def wrap(content: str, hidden: bool = True) -> str:
    attrs = ' aria-hidden="true"' if hidden else ""
    return f'<div id="wrap"{attrs}>{content}</div>'


# Behind a dialog: a skip link to the page's own content, which has neither heading nor landmark.
SKIPPABLE = wrap('<a href="#content">Skip to content</a>' + MENU + f'<div id="content" tabindex="-1">{BARE}</div>')
SITE = {f"/p{n}.html": html(f"Page {n}", wrap(MENU + own(n), hidden=False)) for n in range(1, 13)}
SITE["/p2.html"] = html("Page 2", wrap(MENU + own(2)) + SESSION)


def verdict(browser_loop, name: str, body: str | None = None):
    """The check's outcome on /name of the site, with body as that page's (when given)."""
    pages = dict(SITE)
    if body is not None:
        pages[f"/{name}"] = html(name, body)
    routes = {path: (lambda h, text=text: h._send(200, text)) for path, text in pages.items()}
    with site(routes) as base:
        return run_check(browser_loop, "bypass-repeated-blocks", f"{base}/{name}"), base


def test_a_page_under_a_session_dialog_passes_as_its_siblings_do(browser_loop):
    sibling, _ = verdict(browser_loop, "p3.html")
    assert (sibling.outcome, sibling.reason) == ("passed", "a heading marks the start of the page's own content")
    result, _ = verdict(browser_loop, "p2.html")
    assert (result.outcome, result.reason) == ("passed", sibling.reason + BEHIND_MODAL)


def test_a_landmark_behind_the_dialog_passes(browser_loop):
    body = wrap(MENU + "<main><p>Only the words of this page, in its main landmark.</p></main>") + SESSION
    result, _ = verdict(browser_loop, "landmark.html", body)
    assert (result.outcome, result.reason) == ("passed", "a landmark holds the page's own content" + BEHIND_MODAL)


def test_a_page_under_a_native_modal_dialog_is_judged_behind_it(browser_loop):
    result, _ = verdict(browser_loop, "native.html", wrap(MENU + own(20), hidden=False) + NATIVE)
    assert (result.outcome, result.reason) == (
        "passed", "a heading marks the start of the page's own content" + BEHIND_MODAL)


def test_a_working_skip_link_behind_the_dialog_passes(browser_loop):
    result, _ = verdict(browser_loop, "skip.html", SKIPPABLE + SESSION)
    assert (result.outcome, result.reason) == (
        "passed", "a skip link moves focus to the page's own content" + BEHIND_MODAL)


def test_a_skip_link_the_dialog_keeps_focus_from_is_left_for_review(browser_loop):
    result, _ = verdict(browser_loop, "trapped.html", SKIPPABLE + TRAPPING)
    assert result.outcome == "cantTell"
    assert result.reason.startswith(UNDER_MODAL + "; no heading or landmark marks its own content")


@pytest.mark.parametrize(("name", "body"), [
    # nothing behind the dialog
    ("nothing.html", wrap(MENU + BARE) + SESSION),
    # nor with a heading in the dialog: it goes when the dialog closes
    ("nothing-headed.html", wrap(MENU + BARE) + HEADED),
    # the page's own aria-hidden (not the dialog's, beside it) still hides its heading
    ("own-hidden.html", wrap(MENU + '<div><div aria-hidden="true"><h2>Account</h2></div>'
                                    "<p>Account settings and the words of this page only.</p></div>") + SESSION),
    ("nothing-native.html", wrap(MENU + BARE, hidden=False) + NATIVE),
])
def test_no_way_past_the_blocks_behind_the_dialog_still_fails(browser_loop, name, body):
    result, base = verdict(browser_loop, name, body)
    assert result.outcome == "failed", result.reason
    assert result.reason.startswith(f"content repeated from {base}/p1.html comes before this page's own content "
                                    "(\u201cAccount")
    assert result.reason.endswith(BEHIND_MODAL)


def test_content_hidden_with_no_dialog_open_is_still_hidden(browser_loop):
    # aria-hidden on the page itself, no dialog: its heading and landmark are not exposed
    result, base = verdict(browser_loop, "hidden.html", wrap(MENU + own(21)))
    assert result.outcome == "failed", result.reason
    assert not result.reason.endswith(BEHIND_MODAL)
