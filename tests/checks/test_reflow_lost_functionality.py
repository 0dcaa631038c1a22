"""reflow-320 (1.4.10): controls (links, buttons, form fields) seen at the page's own size that the
320 CSS px layout hides are lost unless something at 320 px brings them back (a menu button, a
second copy of them). In a real Chromium."""
from tests.checks.support import run_check, targets
from tests.checks.written_pages import written

CHECK = "reflow-320"

LINKS = ["Home", "About", "Services", "Benefits", "Forms", "News", "Events", "Careers", "Contact", "Help", "Español"]


def navbar(toggler: str) -> str:
    """A Bootstrap 5 navbar navbar-expand-lg (its rules for it, as bootstrap.css has them): the
    links and the search form collapse below 992 px, behind `toggler` (may be empty)."""
    links = "".join(f'<li class="nav-item"><a class="nav-link" href="/{n.lower()}">{n}</a></li>' for n in LINKS)
    return f"""<!DOCTYPE html>
<html lang="en"><head><title>Agency</title>
<style>
  body {{ margin: 0; font-family: sans-serif; }}
  .navbar {{ display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; padding: 8px 16px; }}
  .container-fluid {{ display: flex; flex-wrap: inherit; align-items: center; justify-content: space-between;
    width: 100%; }}
  .navbar-collapse {{ flex-basis: 100%; flex-grow: 1; align-items: center; }}
  .collapse:not(.show) {{ display: none; }}
  .navbar-nav {{ display: flex; flex-direction: column; padding: 0; margin: 0; list-style: none; }}
  .navbar-toggler {{ padding: 4px 12px; font-size: 20px; }}
  @media (min-width: 992px) {{
    .navbar-expand-lg {{ flex-wrap: nowrap; justify-content: flex-start; }}
    .navbar-expand-lg .navbar-nav {{ flex-direction: row; }}
    .navbar-expand-lg .navbar-nav .nav-link {{ padding: 0 6px; }}
    .navbar-expand-lg .navbar-collapse {{ display: flex !important; flex-basis: auto; }}
    .navbar-expand-lg .navbar-toggler {{ display: none; }}
  }}
</style></head>
<body>
<nav class="navbar navbar-expand-lg" aria-label="Main">
  <div class="container-fluid">
    <a class="navbar-brand" href="/">Agency</a>
    {toggler}
    <div class="collapse navbar-collapse" id="navbarContent">
      <ul class="navbar-nav">{links}</ul>
      <form class="d-flex" role="search" action="/search">
        <input class="form-control" type="search" name="q" placeholder="Search" aria-label="Search">
        <button class="btn" type="submit">Go</button>
      </form>
    </div>
  </div>
</nav>
<main><h1>Welcome</h1><p>Our agency helps people apply for benefits.</p></main>
<script>
  for (const b of document.querySelectorAll('.navbar-toggler')) b.addEventListener('click', () => {{
    const box = document.getElementById('navbarContent');
    box.classList.toggle('show');
    if (b.hasAttribute('aria-expanded')) b.setAttribute('aria-expanded', String(box.classList.contains('show')));
  }});
</script>
</body></html>"""


PAGES = {
    "toggler.html": navbar('<button class="navbar-toggler" type="button" aria-controls="navbarContent" '
                           'aria-expanded="false" aria-label="Toggle navigation">☰</button>'),
    "no-toggler.html": navbar(""),
    # A menu button with no ARIA: it may open the links, but nothing says so.
    "plain-toggler.html": navbar('<button class="navbar-toggler" type="button">Menu</button>'),
    # A desktop navigation and a second, mobile copy of its links, each shown at its own widths.
    "mobile-copy.html": """<!DOCTYPE html>
<html lang="en"><head><title>Agency</title>
<style>
  .desktop a { margin-right: 1em; } .mobile { display: none; }
  @media (max-width: 600px) { .desktop { display: none; } .mobile { display: block; } }
</style></head>
<body>
<header>
  <nav class="desktop" aria-label="Main"><a href="/">Home</a><a href="/about">About us</a><a href="/apply">Apply</a>
    <a href="/contact">Contact</a></nav>
  <nav class="mobile" aria-label="Main (small screens)"><ul><li><a href="/">Home</a></li>
    <li><a href="/about">About</a></li><li><a href="/apply">Apply now</a></li><li><a href="/contact">Contact</a></li></ul>
  </nav>
</header>
<main><h1>Welcome</h1><p>Our agency helps people apply for benefits.</p></main>
</body></html>""",
    # A sidebar with a decorative picture, dropped by the narrow layout; the article's text stays.
    "decorative-sidebar.html": """<!DOCTYPE html>
<html lang="en"><head><title>Article</title>
<style>
  .page { display: flex; } aside { width: 240px; } article { flex: 1; }
  @media (max-width: 600px) { aside { display: none; } }
</style></head>
<body>
<div class="page">
  <aside><img alt="" width="200" height="300"
    src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='200' height='300'/%3E"></aside>
  <article><h1>Apply for benefits</h1><p>Fill in the form and send it to us.</p>
    <p><a href="/form">The application form</a></p></article>
</div>
</body></html>""",
}
base = written(PAGES)


def test_a_navbar_that_collapses_behind_a_toggler_with_aria_expanded_passes(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "toggler.html")
    assert (outcome.outcome, outcome.reason) == ("passed", ""), [n.summary for n in outcome.nodes]


def test_a_navbar_that_collapses_without_its_toggler_fails(browser_loop, base):
    # 11 links, the search field and its button show at 1280 px; at 320 px none does, and nothing
    # brings them back.
    outcome = run_check(browser_loop, CHECK, base + "no-toggler.html")
    assert outcome.outcome == "failed", outcome.reason
    assert "13 controls (links, buttons, form fields) seen at the page's own size are hidden" in outcome.reason
    assert '"Home", "About", "Services" and 10 more' in outcome.reason
    assert len(outcome.nodes) == 10
    assert "this link (\"Home\"), seen at the page's own size, is not displayed" in outcome.nodes[0].summary
    # The brand, which shows at both sizes, is not named.
    assert all("navbar-brand" not in n.html for n in outcome.nodes)


def test_a_menu_button_without_aria_in_the_header_is_left_for_review(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "plain-toggler.html")
    assert outcome.outcome == "cantTell", outcome.reason
    assert "something may still bring them back or lead where they do: check" in outcome.reason
    assert all("div > button may bring it back" in n.summary for n in outcome.nodes), \
        [n.summary for n in outcome.nodes]


def test_a_second_mobile_copy_of_the_links_passes(browser_loop, base):
    # Same destinations, some under other names ("About" for "About us").
    outcome = run_check(browser_loop, CHECK, base + "mobile-copy.html")
    assert (outcome.outcome, outcome.reason) == ("passed", ""), [n.summary for n in outcome.nodes]


def test_a_decorative_sidebar_picture_hidden_at_320_px_passes(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "decorative-sidebar.html")
    assert (outcome.outcome, outcome.reason) == ("passed", ""), targets(outcome)
