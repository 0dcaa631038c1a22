"""text-contrast-focused leaves unfocused the elements that no focus rule of the page can reach
and no script can answer (_style_facts.FOCUS_ANCHORS), in a real Chromium: each page below has
links that no rule reaches, which are left, and one element that a rule (or a script) reaches
in another way than a :focus on itself, which must still be focused and fail."""
from tests.checks.support import run_check, run_check_and_look, targets
from tests.checks.written_pages import written

CHECK = "text-contrast-focused"

# `style`: the page's own rules; `body`: the element the guard is about. The links of the list
# are out of every focus rule's reach (the .elsewhere rule reaches nothing here).
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Guard</title>
<style>
  body {{ font: 16px sans-serif; color: #222222; background: #ffffff; }}
  a {{ color: #1a4d8f; }}
  .elsewhere:focus {{ color: #ff0000; }}
  {style}
</style>{head}</head>
<body><main><h1>Guard</h1>
<ul><li><a href="#one">First link</a></li><li><a href="#two">Second link</a></li></ul>
{body}
</main></body></html>
"""
DARK = "background: #1a1a1a;"  # under #333333 text: 1.4:1
PAGES = {
    # A card that darkens while focus is inside it: the link is reached through its ancestor.
    "within.html": PAGE.format(head="", style=f".card:focus-within {{ {DARK} }}", body=(
        '<div class="card"><a id="in-card" href="#c" style="color: #333333">Read the card</a></div>')),
    # A halo drawn behind the link's text by a rule on its sibling (white text on yellow: 1.07:1).
    "sibling.html": PAGE.format(head="", style="""
  .wrap { position: relative; display: inline-block; padding: 8px; background: #1a1a1a; }
  .go { position: relative; z-index: 1; color: #ffffff; }
  .halo { position: absolute; inset: 0; background: transparent; }
  .go:focus + .halo { background: #ffff00; }""", body=(
        '<span class="wrap"><a class="go" id="go" href="#go">Go on</a><span class="halo"></span></span>')),
    # A row that darkens while a link in it has focus, through :has().
    "has.html": PAGE.format(head="", style=f".row:has(a.in-row:focus) {{ {DARK} }}", body=(
        '<p class="row"><a class="in-row" id="in-row" href="#r" style="color: #333333">Row link</a></p>')),
    # Rules inside @media, CSS nesting and an imported sheet.
    "nested.html": PAGE.format(head='<style>@import url("imported.css");</style>', style="""
  @media screen { .m a:focus { background: #ffdd00; color: #ffffff; } }
  .n { & a:focus { background: #ffdd00; color: #ffffff; } }""", body=(
        '<p class="m"><a id="media" href="#m">In media</a></p>'
        '<p class="n"><a id="nest" href="#n">In nesting</a></p>'
        '<p class="i"><a id="import" href="#i">In import</a></p>')),
    "imported.css": ".i a:focus { background: #ffdd00; color: #ffffff; }\n",
    # A script restyles on focus; no rule names the link.
    "script.html": PAGE.format(head="""
<script>
addEventListener('DOMContentLoaded', () => {
  const a = document.getElementById('scripted');
  a.addEventListener('focus', () => { a.style.background = '#ffdd00'; a.style.color = '#ffffff'; });
  a.addEventListener('blur', () => { a.style.background = ''; a.style.color = ''; });
});
</script>""", style="", body='<p><a id="scripted" href="#s">Scripted</a></p>'),
    # A field whose selection moving (focus) is heard through a handler property, which restyles it
    # a task later.
    "selection.html": PAGE.format(head="""
<script>
addEventListener('DOMContentLoaded', () => {
  const q = document.getElementById('q');
  document.onselectionchange = () => {
    const on = document.activeElement === q;
    q.style.background = on ? '#ffdd00' : '';
    q.style.color = on ? '#ffffff' : '';
  };
});
</script>""", style="", body='<p><label>Search <input id="q" type="text" value="Weather"></label></p>'),
    # Focus rules that reach none of the tab order: nothing is focused.
    "none.html": PAGE.format(head="", style=".tabs .tab:focus { color: #ffffff; }", body=""),
}
base = written(PAGES)


def test_a_focus_within_rule_on_an_ancestor_is_followed(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "within.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#in-card"]]
    assert "(#333333) and its background (#1a1a1a)" in outcome.nodes[0].summary


def test_a_rule_on_a_sibling_of_the_focused_element_is_followed(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "sibling.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#go"]]


def test_a_has_rule_is_followed(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "has.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#in-row"]]
    assert "(#333333) and its background (#1a1a1a)" in outcome.nodes[0].summary


def test_rules_in_media_nesting_and_imports_are_followed(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "nested.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#media"], ["#nest"], ["#import"]]
    for n in outcome.nodes:
        assert "(#ffffff) and its background (#ffdd00)" in n.summary, n.summary


def test_a_script_that_restyles_on_focus_is_followed(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "script.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#scripted"]]


def test_a_fields_selection_heard_through_a_handler_property_is_waited_for(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "selection.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#q"]]
    assert "(#ffffff) and its background (#ffdd00)" in outcome.nodes[0].summary


def test_a_tab_order_no_focus_rule_reaches_is_not_focused(browser_loop, base):
    # A focus session adds its sheet (no transitions) to the document; none is added here, as
    # nothing is focused. Seen by a MutationObserver (a listener would be a script answering focus).
    outcome, added, _ = run_check_and_look(
        browser_loop, CHECK, base + "none.html", after="() => window.__added",
        before="""() => {
          window.__added = 0;
          new MutationObserver((rs) => { for (const r of rs) window.__added += r.addedNodes.length; })
            .observe(document, {subtree: true, childList: true});
        }""")
    assert outcome.outcome == "inapplicable", outcome.reason
    assert "none of the 2 element(s) of the tab order tried" in outcome.reason
    assert added == 0
