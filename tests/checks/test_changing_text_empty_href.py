"""changing-text-pausable (WCAG 2.2.2): a link with an empty href reloads the page, so it leaves
it; a link to "#" stays on it. In a real Chromium."""
from tests.checks.support import run_check
from tests.checks.written_pages import written

CHECK = "changing-text-pausable"

# A rotating alert, and USWDS's identifier link "Accessibility support" (href=""), whose name
# reads like a settings control's.
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>A rotating alert</title></head>
<body>
<main>
<h1>Alerts</h1>
<section><p>Notice: <span id="alert">Offices close at noon</span></p></section>
<script>
  const notices = ["Offices close at noon", "Forms are due on Friday", "New hours start next week"];
  let n = 0;
  setInterval(() => { document.getElementById("alert").textContent = notices[++n % notices.length]; }, 300);
</script>
</main>
<footer><nav aria-label="Agency"><a href="HREF">Accessibility support</a></nav></footer>
</body></html>
"""
base = written({"empty-href.html": PAGE.replace("HREF", ""), "top-href.html": PAGE.replace("HREF", "#")})


def test_text_that_keeps_changing_beside_only_a_link_with_an_empty_href_fails(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "empty-href.html")
    assert outcome.outcome == "failed", outcome.reason
    summary = outcome.nodes[0].summary
    assert "none of the page's 1 visible, named control(s) could pause, stop or hide it" in summary
    assert "not tried" not in (outcome.reason or "")


def test_a_settings_link_to_hash_stays_on_the_page_and_leaves_it_for_review(browser_loop, base):
    # "#" only scrolls to the top of this page: a control like it may open a settings panel.
    outcome = run_check(browser_loop, CHECK, base + "top-href.html")
    assert outcome.outcome == "cantTell", outcome.reason
    assert "(\u201cAccessibility support\u201d) were not tried" in outcome.reason
