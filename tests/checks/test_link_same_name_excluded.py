"""link-same-name-same-purpose loads no address the scan's --exclude patterns match
(CheckContext.exclude, set by the engine): a sign-out link compared by loading it would sign the
scan out. Such links are judged by their addresses alone, in a real Chromium."""
from a11y.engines.base import PageTarget
from a11y.engines.checks import ChecksEngine
from a11y.login import SIGN_OUT_PATTERNS
from tests.browser_loop import load_page
from tests.checks.support import PAGE_TIMEOUT, check_by_id
from tests.scanner.siteserver import counted, page, site

CHECK = "link-same-name-same-purpose"
# The reviewer's page: two sign-out links in one paragraph, to different addresses; and two
# "Log out" links to one address, which the address alone settles.
LINKS = ('<p><a href="/logout">Sign out</a> and again <a href="/logout?all=1">Sign out</a></p>'
         '<ul><li><a href="/logout">Log out</a> or <a href="/logout">Log out</a></li></ul>')


def _outcome(browser_loop, exclude: tuple[str, ...]):
    hits: list[str] = []
    routes = {"/": page("Account", LINKS), "/logout": counted(hits, page("Signed out"))}
    engine = ChecksEngine([check_by_id(CHECK)], exclude=exclude)

    async def go(browser):
        tab, response = await load_page(browser, base + "/", None, engine.init_scripts())
        try:
            return await engine.run(PageTarget(page=tab, timeout=PAGE_TIMEOUT, response=response))
        finally:
            await tab.context.close()

    with site(routes) as base:
        results = browser_loop.call(go)
    return results, hits, base


def test_sign_out_links_are_judged_by_address_without_loading_them(browser_loop):
    results, hits, base = _outcome(browser_loop, SIGN_OUT_PATTERNS)
    assert hits == []
    [review] = [r for r in results.incomplete if r.rule == CHECK]
    # Only the group whose addresses differ is left for review; "Log out" (one address) passed.
    assert [n.html for n in review.nodes] == ['<a href="/logout">Sign out</a>', '<a href="/logout?all=1">Sign out</a>']
    summary = review.nodes[0].summary
    assert summary.startswith('links named "Sign out" in the same context lead to different addresses')
    assert f"{base}/logout matches --exclude *[/_?&=-][Ll][Oo][Gg][Oo][Uu][Tt], so it was not loaded" in summary
    assert f"{base}/logout?all=1" in summary


def test_without_the_patterns_the_destinations_are_loaded(browser_loop):
    # The same page without --exclude: the check compares by loading (what the patterns prevent).
    results, hits, _ = _outcome(browser_loop, ())
    assert sorted(set(hits)) == ["/logout", "/logout?all=1"]
    assert CHECK in results.passed  # both answer the same page (here: and the session would be over)
