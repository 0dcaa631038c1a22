"""Page records hold each text once for the whole scan (models.share_strings): two pages whose
results say the same things end up pointing at the same strings, and say exactly what they
said before; and a scan's records are shared so."""
import asyncio
import json

from a11y.models import Page, page_from_dict, share_strings
from a11y.scan import Scanner, ScanOptions

from .siteserver import page, site


def _record(n: int) -> Page:
    # Built from JSON text each time, as results from the browser are: equal, but separate objects.
    return page_from_dict(json.loads(json.dumps({
        "url": f"http://127.0.0.1/p{n}", "status": "scanned", "passed": ["document-title"],
        "violations": [{"rule": "image-alt", "impact": "critical", "wcag": ["1.1.1"], "help": "Images must have text",
                        "help_url": "https://example.invalid/image-alt", "tags": ["wcag2a", "wcag111"],
                        "nodes": [{"target": [["iframe", "img.logo"]], "html": '<img class="logo" src="logo.png">',
                                   "summary": "Fix any of the following: no alt"}]}]})))


def test_equal_texts_of_two_pages_become_one_string_and_nothing_else_changes():
    first, second = _record(1), _record(2)
    before = (json.dumps(first.__dict__, default=vars), json.dumps(second.__dict__, default=vars))
    a, b = first.violations[0], second.violations[0]
    assert a.help == b.help and a.help is not b.help  # separate objects, as they arrive
    share_strings(first)
    share_strings(second)
    assert (json.dumps(first.__dict__, default=vars), json.dumps(second.__dict__, default=vars)) == before
    assert a.help is b.help and a.tags[1] is b.tags[1] and first.passed[0] is second.passed[0]
    assert a.nodes[0].html is b.nodes[0].html and a.nodes[0].summary is b.nodes[0].summary
    assert a.nodes[0].target[0][1] is b.nodes[0].target[0][1]  # inside a frame path too
    assert a.tags is not b.tags  # lists stay each page's own


def test_a_scan_keeps_its_pages_records_with_their_texts_shared():
    # Two pages with the same missing alt text in the same header.
    header = '<header><img src="/logo.png"></header>'
    routes = {"/": page("Home", header + '<a href="/two">two</a>'), "/two": page("Two", header + "<p>two</p>")}

    async def run(base):
        async with Scanner([base + "/"], ScanOptions(sitemap=False, checks=False)) as scanner:
            return await scanner.run()

    with site(routes) as base:
        results = asyncio.run(run(base))
    found = [v for p in results.pages for v in p.violations if v.rule == "image-alt"]
    assert len(found) == 2
    assert found[0].nodes[0].html == '<img src="/logo.png">'
    assert found[0].nodes[0].html is found[1].nodes[0].html and found[0].help is found[1].help
