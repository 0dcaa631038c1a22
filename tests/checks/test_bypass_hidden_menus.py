"""bypass-repeated-blocks on menus folded away (a closed <details>, hidden="until-found"), on
short pages under a big menu, and on pages whose linked pages are this page again, in real
Chromium. Each site is served on loopback from pages built here (they share their menus)."""
from __future__ import annotations

import pytest

from a11y.checks.bypass_blocks import _none_compared, _same_page
from tests.checks.support import run_check
from tests.scanner.siteserver import site


def html(title: str, body: str) -> str:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>'
            f"<body>{body}</body></html>")


def paragraphs(*texts: str) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


def verdict(browser_loop, pages: dict[str, str], name: str):
    """The check's outcome on /name of a site of pages (path -> HTML; queries are ignored)."""
    routes = {path: (lambda h, body=body: h._send(200, body)) for path, body in pages.items()}
    with site(routes) as base:
        return run_check(browser_loop, "bypass-repeated-blocks", f"{base}/{name}"), base


# A site menu of eleven links, around which a page is built: (opening, closing) markup.
LINKS = '<a href="agency.html">Agency</a><ul>' + "".join(
    f'<li><a href="other.html?p={i}">Section {i}</a></li>' for i in range(1, 11)) + "</ul>"
FOLDS = {
    "closed": ("<details><summary>Menu</summary>", "</details>"),
    "open": ("<details open><summary>Menu</summary>", "</details>"),
    "until-found": ('<button onclick="document.getElementById(\'menu\').hidden = false">Menu</button>'
                    '<div id="menu" hidden="until-found">', "</div>"),
}
OWN = paragraphs("You can apply for a permit online.", "Fees are listed on the fee page and paid by card.")


def menu_site(fold: str) -> dict[str, str]:
    start, end = FOLDS[fold]
    opened = FOLDS["open"][0] + LINKS + FOLDS["open"][1]
    return {"/page.html": html("Permits", start + LINKS + end + f"<div>{OWN}</div>"),
            "/other.html": html("Opening hours", opened + paragraphs("The office opens at nine.", "Call us on weekdays.")),
            "/agency.html": html("Agency", opened + paragraphs("The agency serves the county."))}


@pytest.mark.browser
@pytest.mark.parametrize("fold", ["closed", "until-found"])
def test_a_menu_folded_away_is_not_content_to_get_past(browser_loop, fold):
    # Its links keep boxes but are not drawn (ACT 3e12e1's collapsed menu): nothing repeated
    # shows before the page's own content.
    result, base = verdict(browser_loop, menu_site(fold), "page.html")
    assert (result.outcome, result.reason) == (
        "inapplicable", f"no repeated content before the page's own content (compared with {base}/agency.html)")


@pytest.mark.browser
def test_the_same_menu_left_open_fails(browser_loop):
    result, base = verdict(browser_loop, menu_site("open"), "page.html")
    assert result.outcome == "failed", result.reason
    assert result.reason.startswith(f"content repeated from {base}/agency.html comes before this page's own content "
                                    "(\u201cYou can apply for a permit online.\u201d)"), result.reason


TOPICS = ["Permits", "Licences", "Taxes", "Parking", "Housing", "Schools", "Libraries", "Parks", "Recycling", "Water"]


def big_menu(href) -> str:
    """Sixty links (nearly all of a short page's text); href(i) is the i-th link's address."""
    return "<div>" + " ".join(f'<a href="{href(i)}">{TOPICS[i % 10]} {i + 1}</a>' for i in range(60)) + "</div>"


ARTICLES = big_menu(lambda i: f"article{i % 3 + 1}.html")


@pytest.mark.browser
def test_short_pages_under_a_big_menu_are_compared_with_each_other(browser_loop):
    # Each shares its 60-link menu (nearly all of its text) with the others, but has text of its own.
    pages = {
        "/article1.html": html("Building permits", ARTICLES + paragraphs(
            "You can apply for a building permit online.", "Fees are paid by card when you apply.")),
        "/article2.html": html("Parking", ARTICLES + paragraphs(
            "Parking permits are renewed every spring.", "Residents may park two cars on the street.")),
        "/article3.html": html("Libraries", ARTICLES + "<main>" + paragraphs(
            "The library opens at nine on weekdays.", "Books can be returned at any branch.") + "</main>"),
    }
    first, base = verdict(browser_loop, pages, "article1.html")
    assert first.outcome == "failed", first.reason
    assert first.reason.startswith(f"content repeated from {base}/article2.html comes before this page's own "
                                   "content (\u201cYou can apply for a building permit online.\u201d)"), first.reason
    third, _ = verdict(browser_loop, pages, "article3.html")
    assert (third.outcome, third.reason) == ("passed", "a landmark holds the page's own content")


@pytest.mark.browser
def test_a_page_whose_links_are_this_page_again_needs_review_and_says_so(browser_loop):
    # Its three links are itself under other addresses; its text differs by the two words it
    # shows of its address.
    again = html("Again", big_menu(lambda i: f"again.html?from={i % 3}") + paragraphs(
        "The office is closed on Monday.") + '<p id="version"></p><script>document.getElementById("version")'
        '.textContent = "Version " + (location.search.slice(1) || "one");</script>')
    result, _ = verdict(browser_loop, {"/again.html": again}, "again.html")
    assert (result.outcome, result.reason) == (
        "cantTell", "cannot tell which content repeats on other pages: the 3 page(s) of the site tried (the first "
                    "it links to) are this page again (its text and next to nothing more: the same page under "
                    "another address)")


@pytest.mark.browser
def test_a_page_whose_links_do_not_load_needs_review_and_says_so(browser_loop):
    broken = html("Links that lead nowhere", '<a href="missing-one.html">Missing one</a> '
                  '<a href="missing-two.html">Missing two</a>' + paragraphs("A page whose links all fail."))
    result, _ = verdict(browser_loop, {"/broken.html": broken}, "broken.html")
    assert (result.outcome, result.reason) == (
        "cantTell", "cannot tell which content repeats on other pages: the 2 page(s) of the site tried "
                    "(the first it links to) could not be loaded")


MENU = [f"Topic {i}" for i in range(60)]


@pytest.mark.parametrize(("own", "other", "same"), [
    (MENU + ["Our own paragraph, short."], MENU + ["Their own paragraph, also short."], False),
    (MENU + ["Our own paragraph, short."], MENU + ["Our own paragraph, short."], True),
    (MENU + ["Updated at 10:01"], MENU + ["Updated at 10:02"], True),  # a few words of its own
    (MENU + ["Our own paragraph, short."], MENU[:30], False),  # shares too little of this page
    ([], MENU, False),
])
def test_same_page_again_is_one_with_next_to_nothing_of_its_own(own, other, same):
    assert _same_page(own, other) is same


def test_why_no_page_was_compared():
    assert _none_compared(0, 0, False) == (
        "this page links to no other page of the site, and no page of the scan linked to it")
    assert _none_compared(0, 0, False, referrer_elsewhere=True) == (
        "this page links to no other page of the site, and the page that linked to it is of another site")
    assert _none_compared(1, 0, True) == (
        "the page of the site that linked to it (it links to no other) could not be loaded")
    assert _none_compared(3, 1, True) == (
        "of the 3 page(s) of the site tried (the first it links to, and the one that linked to it), 1 is this page "
        "again (its text and next to nothing more: the same page under another address) and 2 could not be loaded")
