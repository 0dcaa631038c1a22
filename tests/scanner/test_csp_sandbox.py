"""A page whose Content-Security-Policy sandbox turns off scripts is an error that says so at once,
not an axe time-out: no script runs in it, the engines' neither. A page is audited as its policy
lets it render (the scan does not bypass it), and the policy's other directives do not stop the
audit. Loopback only."""
from __future__ import annotations

import asyncio

import pytest

from a11y.scan import Scanner, ScanOptions

from .siteserver import PAGE, site

pytestmark = pytest.mark.browser

# Grey on white, 4.48:1: a contrast failure wherever the style applies. The script would put a
# heading in if scripts ran, and the <noscript> paragraph shows only where they do not.
BODY = ("<style>p.grey { color: #777; background: #fff; }</style><p class='grey'>Grey text</p>"
        "<noscript><p>Scripts are off</p></noscript>"
        "<script>document.querySelector('main').insertAdjacentHTML('beforeend', '<h2>Scripted</h2>')</script>")


def served_with(policy: str | None):
    headers = {"Content-Security-Policy": policy} if policy else {}
    return lambda h: h._send(200, PAGE.format(title="Policy", body=BODY), headers=headers)


def scan(url: str):
    async def go():
        options = ScanOptions(rules=["color-contrast"], depth=0, sitemap=False, robots=False, timeout=30,
                              concurrency=1)
        async with Scanner([url], options) as scanner:
            return await scanner.run()
    [page] = asyncio.run(go()).pages
    return page


@pytest.mark.parametrize("policy", ["default-src 'none'; sandbox", "sandbox allow-forms", "SANDBOX"])
def test_a_sandbox_without_scripts_is_said_so_not_timed_out(policy):
    with site({"/": served_with(policy)}) as base:
        page = scan(base + "/")
    assert (page.status, page.reason) == (
        "error", "scripts off: the page's Content-Security-Policy sandbox turns off scripts, so the audit cannot run")


def test_a_sandbox_that_allows_scripts_is_audited():
    with site({"/": served_with("sandbox allow-scripts")}) as base:
        page = scan(base + "/")
    assert page.status == "scanned"
    assert [v.rule for v in page.violations] == ["color-contrast"]


def test_the_page_is_audited_as_its_policy_lets_it_render():
    """default-src 'none' blocks the page's own style and script: its readers see black text, and
    so does the audit (no contrast failure); axe and our scripts still run. Without the policy the
    same page fails contrast, so the first scan passing is the policy's doing."""
    with site({"/strict": served_with("default-src 'none'"), "/open": served_with(None)}) as base:
        strict, open_ = scan(base + "/strict"), scan(base + "/open")
    assert (strict.status, strict.violations, strict.passed) == ("scanned", [], ["color-contrast"])
    assert open_.status == "scanned"
    assert [v.rule for v in open_.violations] == ["color-contrast"]
