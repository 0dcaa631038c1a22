"""The faster colour work (engines/axe_patch.py) changes nothing axe reports: the same
color-contrast and link-in-text-block findings, with the same measured colours and ratios, as
the bundled axe on a page of varied colours (each colour text met many times, as the parse
cache sees them), in a real Chromium."""
from pathlib import Path

from a11y.engines.axe import axe_source, bundled_axe_source
from a11y.engines.axe_patch import unapplied
from tests.browser_loop import open_page

# Every colour path color-contrast takes: named, hex, rgb(a), hsl, opacity, stacked translucent
# backgrounds, positioned overlap, text shadow, a gradient (needs review), links in text.
_SWATCHES = [
    ("color:#777;background:#fff", "plain grey on white"),
    ("color:rgba(0,0,0,.4);background:#eee", "translucent text"),
    ("color:hsl(210,20%,60%);background:hsl(210,30%,90%)", "hsl"),
    ("color:#000;opacity:.3", "opacity"),
    ("color:#fff;background:rgba(0,0,255,.3)", "translucent background"),
    ("color:#333;text-shadow:0 0 3px #000", "shadow"),
    ("color:#555;background:linear-gradient(#fff,#000)", "gradient"),
    ("color:navy;background:darkblue", "named"),
    ("color:#0a0;font-size:24px;background:#fff", "large"),
    ("color:hsl(0.5turn 40% 40%);background:hwb(120 80% 5%)", "turn and hwb"),
    ("color:lab(40% 20 -30);background:color(srgb 0.9 0.9 0.8)", "lab and color()"),
    ("color:transparent;background:#fff", "transparent text"),
    ("color:currentcolor;background:oklch(0.9 0.05 90)", "currentcolor and oklch"),
]


def _page() -> str:
    rows = []
    for i, (style, text) in enumerate(_SWATCHES * 6):
        rows.append(f'<div style="background:rgba({i * 5 % 255},100,150,.5)"><p style="{style}">{text} {i}'
                    f' <a href="#x{i}" style="color:inherit;text-decoration:none">link {i}</a></p></div>')
    overlap = ('<div style="position:relative;height:40px"><div style="position:absolute;inset:0;'
               'background:#ccc"></div><span style="position:relative;color:#aaa">overlapped</span></div>')
    return ('<!doctype html><html lang="en"><title>colours</title><main><h1>Colours</h1>'
            + "".join(rows) + overlap + "</main></html>")


_RUN = """async () => {
  const r = await axe.run(document, {runOnly: {type: 'rule', values: ['color-contrast', 'link-in-text-block']}});
  const keep = (x) => x.map(rule => [rule.id, rule.nodes.map(n => [n.target, n.any, n.all, n.none])]);
  return {violations: keep(r.violations), incomplete: keep(r.incomplete), passes: keep(r.passes)};
}"""


def test_the_bundled_axe_has_the_code_each_patch_replaces():
    # When an axe upgrade changes its build, a patch stops applying: this says which.
    assert unapplied(bundled_axe_source()) == []
    assert axe_source() != bundled_axe_source()


def _run_on(browser_loop, urls: list[str], source: str, script: str) -> dict:
    """script's answer on each page, with `source` as the page's axe (an init script)."""
    async def go(browser):
        found = {}
        for url in urls:
            page = await open_page(browser, url, init_scripts=[source])
            try:
                found[url] = await page.evaluate(script)
            finally:
                await page.context.close()
        return found
    return browser_loop.call(go)


def test_faster_colours_give_the_same_findings_and_measurements(tmp_path, serve, browser_loop):
    (tmp_path / "index.html").write_text(_page())
    url = serve(tmp_path)
    original = _run_on(browser_loop, [url], bundled_axe_source(), _RUN)[url]
    patched = _run_on(browser_loop, [url], axe_source(), _RUN)[url]
    assert original["violations"] and original["incomplete"] and original["passes"]
    assert patched == original


# Every rule, run twice in one document (axe's teardown clears its memoized functions between
# runs, which the memo patch must survive); each node's checks with their data.
_RUN_ALL_TWICE = """async () => {
  const keep = (x) => x.map(rule => [rule.id, rule.nodes.map(n => [n.target, n.any, n.all, n.none])]);
  const once = async () => {
    const r = await axe.run(document, {rules: Object.fromEntries(axe.getRules().map(r => [r.ruleId, {enabled: true}]))});
    return {violations: keep(r.violations), incomplete: keep(r.incomplete), passes: keep(r.passes),
            inapplicable: r.inapplicable.map(rule => rule.id)};
  };
  return [await once(), await once()];
}"""

SITE = Path(__file__).resolve().parents[2] / "examples/site"


def test_every_rule_gives_the_same_results_with_the_patches(serve, browser_loop):
    base = serve(SITE).rstrip("/")
    urls = [f"{base}/{p.name}" for p in sorted(SITE.glob("*.html"))]
    assert len(urls) >= 4
    original = _run_on(browser_loop, urls, bundled_axe_source(), _RUN_ALL_TWICE)
    patched = _run_on(browser_loop, urls, axe_source(), _RUN_ALL_TWICE)
    assert any(runs[0]["violations"] for runs in original.values())
    assert patched == original
