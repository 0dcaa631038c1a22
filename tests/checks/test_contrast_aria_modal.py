"""The contrast checks on pages with a modal dialog open (_modal.py), in a real Chromium: the page
outside an ARIA modal dialog is inactive as it is outside a native one; a dialog marked
aria-modal that is not shown, or a dialog that is not modal, hides nothing."""
import pytest

from tests.checks.support import run_check, targets
from tests.checks.written_pages import written

pytestmark = pytest.mark.browser

HEAD = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Modal</title>'
        '<style>body{font:16px sans-serif;margin:0} .backdrop{position:fixed;inset:0;background:rgba(0,0,0,.7)}'
        ' .dlg{position:fixed;top:30%;left:30%;background:#fff;padding:1rem}</style></head><body>')
# The reviewer's fixture A (USWDS's session timeout modal, made small): the page behind is dimmed
# to about 2:1 by the backdrop, hidden from assistive technology, and the dialog says it is modal.
PAGE_BEHIND = ('<a href="#main" aria-hidden="true">Skip to main content</a><header aria-hidden="true"><p>'
               'Department of Examples, an official website of the government</p></header>'
               '<main id="main" aria-hidden="true"><h1>Benefits</h1>'
               '<p>Apply for benefits online at any time of day or night.</p></main>')
ARIA_MODAL = ('<div class="backdrop"></div><div role="dialog" aria-modal="true" aria-labelledby="h" class="dlg">'
              '<h2 id="h">Your session will end soon</h2>{inside}<button>Stay signed in</button></div>')
# Text of the page that fails wherever it is judged (#aaaaaa on white: 2.32:1).
PALE = '<p id="pale" style="color:#aaa">Pale text of the page, which no dialog covers</p><p>Dark text</p>'
DIALOG_TEXT = '<h2>Your session will end soon</h2><button>Stay signed in</button>'
# Dialogs marked aria-modal that are not shown: they make nothing inactive.
NOT_SHOWN = {
    "display-none": f'<div role="dialog" aria-modal="true" style="display:none">{DIALOG_TEXT}</div>',
    "visibility-hidden": ('<div role="dialog" aria-modal="true" style="visibility:hidden;position:fixed;inset:0;'
                          f'background:#fff">{DIALOG_TEXT}</div>'),
    "opacity-0": ('<div role="dialog" aria-modal="true" style="opacity:0;position:fixed;inset:0;'
                  f'background:#fff">{DIALOG_TEXT}</div>'),
    "parked-off-screen": ('<div role="dialog" aria-modal="true" style="position:absolute;left:-999em;top:0;'
                          f'width:20rem;background:#fff">{DIALOG_TEXT}</div>'),
    "visually-hidden": ('<div role="dialog" aria-modal="true" style="position:absolute;width:1px;height:1px;'
                        f'overflow:hidden;clip:rect(0 0 0 0)"><div style="width:20rem">{DIALOG_TEXT}</div></div>'),
    "closed-native": f'<dialog aria-modal="true">{DIALOG_TEXT}</dialog>',
}
# Dialogs shown over part of the page that are not modal (or not dialogs): the page stays active.
NOT_MODAL = {
    "no-aria-modal": f'<div role="dialog" class="dlg">{DIALOG_TEXT}</div>',
    "aria-modal-false": f'<div role="dialog" aria-modal="false" class="dlg">{DIALOG_TEXT}</div>',
    "not-a-dialog-role": f'<div role="region" aria-label="Notice" aria-modal="true" class="dlg">{DIALOG_TEXT}</div>',
    "non-modal-native": f'<dialog open aria-label="Notice">{DIALOG_TEXT}</dialog>',
}
# Focus turns a link of the page, and the dialog's button, white on yellow (1.07:1).
FOCUS_STYLE = '<style>a:focus, button:focus { color: #fff; background: #ff0; outline: 2px solid #000; }</style>'
PAGES = {
    "aria-modal.html": HEAD + PAGE_BEHIND + ARIA_MODAL.format(inside="") + "</body></html>",
    "aria-modal-pale-inside.html": HEAD + PAGE_BEHIND + ARIA_MODAL.format(
        inside='<p id="pale-inside" style="color:#aaa">Choose to stay signed in.</p>') + "</body></html>",
    "native-modal.html": (
        HEAD.replace("</style>", "dialog::backdrop{background:rgba(0,0,0,.7)}</style>")
        + PAGE_BEHIND.replace(' aria-hidden="true"', "")
        + '<dialog aria-labelledby="h"><h2 id="h">Your session will end soon</h2><button>Stay signed in</button>'
          "</dialog><script>document.querySelector('dialog').showModal()</script></body></html>"),
    "frame-behind.html": (HEAD + '<iframe id="inner" title="News" srcdoc="<p style=\'color:#aaa\'>Pale text of a frame'
                          ' behind the dialog</p>"></iframe>' + ARIA_MODAL.format(inside="") + "</body></html>"),
    # Opening: its opacity is still 0 (the fade's delay), an animation that ends with it shown is running.
    "fading-in.html": (HEAD.replace("</style>", "@keyframes appear{from{opacity:0} to{opacity:1}}"
                                                " .fade{animation:appear 1s 600s both}</style>")
                       + PALE + '<div class="backdrop fade"></div><div role="dialog" aria-modal="true" class="dlg fade">'
                       + DIALOG_TEXT + "</div>"
                       "</body></html>"),
    # A web component's dialog: the text slotted into it is the dialog's; the rest is behind it.
    "shadow-dialog.html": (
        HEAD + '<p id="pale-behind" style="color:#aaa">Pale text behind the dialog</p>'
        '<x-dialog><p id="pale-slotted" style="color:#aaa">Pale text slotted into the dialog</p></x-dialog>'
        "<script>document.querySelector('x-dialog').attachShadow({mode: 'open'}).innerHTML ="
        " '<div class=\"backdrop\" style=\"position:fixed;inset:0;background:rgba(0,0,0,.7)\"></div>"
        '<div role="dialog" aria-modal="true" aria-label="Notice" style="position:fixed;top:30%;left:30%;'
        "background:#fff;padding:1rem\"><slot></slot></div>';</script></body></html>"),
    # With no backdrop over the page, and the page not hidden either: aria-modal alone blocks nothing.
    **{f"focus-modal{k}.html": (HEAD + FOCUS_STYLE + '<a id="behind" href="#main">Skip to main content</a>' + v
                                + '<div role="dialog" aria-modal="true" aria-label="Session" class="dlg">'
                                '<p>Your session will end soon</p><button id="stay">Stay signed in</button></div>'
                                "<script>document.getElementById('stay').focus()</script></body></html>")
       for k, v in {"": '<div class="backdrop"></div>', "-no-backdrop": ""}.items()},
    "focus-hidden-modal.html": (HEAD + FOCUS_STYLE + '<a id="behind" href="#main">Skip to main content</a>'
                                + '<button id="open">Open</button><div role="dialog" aria-modal="true"'
                                ' aria-label="Session" class="dlg" hidden><button id="stay">Stay signed in</button>'
                                "</div></body></html>"),
}
PAGES |= {f"not-shown-{k}.html": HEAD + PALE + v + "</body></html>" for k, v in NOT_SHOWN.items()}
PAGES |= {f"not-modal-{k}.html": HEAD + PALE + v + "</body></html>" for k, v in NOT_MODAL.items()}
INACTIVE = "is an inactive part of the page while the dialog is open, and was not judged"


base = written(PAGES)


@pytest.mark.parametrize("check", ["text-contrast-rendered", "text-contrast-enhanced"])
def test_the_page_behind_an_aria_modal_dialog_is_inactive(browser_loop, base, check):
    # Fixture A failed 4 items (2.14:1 "because of overlapping content"); the dialog's heading and
    # button are judged, and pass.
    outcome = run_check(browser_loop, check, base + "aria-modal.html")
    assert outcome.outcome == "passed", (outcome.reason, targets(outcome))
    assert outcome.reason.startswith("the text of 2 element(s) has enough contrast"), outcome.reason
    assert INACTIVE in outcome.reason


def test_the_aria_modal_dialogs_own_text_is_still_judged(browser_loop, base):
    outcome = run_check(browser_loop, "text-contrast-rendered", base + "aria-modal-pale-inside.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#pale-inside"]]
    assert outcome.nodes[0].summary.startswith("contrast 2.32:1 between the text (#aaaaaa)")


def test_the_page_behind_a_native_modal_dialog_is_still_inactive(browser_loop, base):
    outcome = run_check(browser_loop, "text-contrast-rendered", base + "native-modal.html")
    assert outcome.outcome == "passed", (outcome.reason, targets(outcome))
    assert outcome.reason.startswith("the text of 2 element(s) has enough contrast"), outcome.reason
    assert "(dialog)" in outcome.reason and INACTIVE in outcome.reason


@pytest.mark.parametrize("kind", sorted(NOT_SHOWN))
def test_a_dialog_marked_aria_modal_that_is_not_shown_hides_nothing(browser_loop, base, kind):
    outcome = run_check(browser_loop, "text-contrast-rendered", base + f"not-shown-{kind}.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#pale"]]


@pytest.mark.parametrize("kind", sorted(NOT_MODAL))
def test_a_dialog_that_is_not_modal_hides_nothing(browser_loop, base, kind):
    outcome = run_check(browser_loop, "text-contrast-rendered", base + f"not-modal-{kind}.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#pale"]]


def test_a_frame_behind_an_aria_modal_dialog_is_inactive(browser_loop, base):
    outcome = run_check(browser_loop, "text-contrast-rendered", base + "frame-behind.html")
    assert outcome.outcome == "passed", (outcome.reason, targets(outcome))
    assert outcome.reason.startswith("the text of 2 element(s) has enough contrast"), outcome.reason
    assert INACTIVE in outcome.reason


def test_a_modal_dialog_fading_in_is_open(browser_loop, base):
    # Its opacity is still 0 (the transition waits): the dialog's text is not visible yet, and the
    # pale text behind it is inactive.
    outcome = run_check(browser_loop, "text-contrast-rendered", base + "fading-in.html")
    assert outcome.outcome == "inapplicable", (outcome.reason, targets(outcome))
    assert INACTIVE in outcome.reason


def test_text_slotted_into_a_shadow_roots_modal_dialog_is_the_dialogs(browser_loop, base):
    outcome = run_check(browser_loop, "text-contrast-rendered", base + "shadow-dialog.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#pale-slotted"]]


def test_focused_text_behind_an_aria_modal_dialog_is_not_judged(browser_loop, base):
    # The skip link behind the dialog turns white on yellow when focused as the dialog's button does:
    # only the button, part of the active dialog, fails.
    outcome = run_check(browser_loop, "text-contrast-focused", base + "focus-modal.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#stay"]]


def test_an_aria_modal_dialog_over_a_page_left_usable_blocks_nothing(browser_loop, base):
    # No backdrop and nothing hidden (a cookie banner marked aria-modal): the page's link is judged.
    outcome = run_check(browser_loop, "text-contrast-focused", base + "focus-modal-no-backdrop.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#behind"], ["#stay"]]


def test_focused_text_is_judged_when_the_aria_modal_dialog_is_hidden(browser_loop, base):
    outcome = run_check(browser_loop, "text-contrast-focused", base + "focus-hidden-modal.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#behind"], ["#open"]]
