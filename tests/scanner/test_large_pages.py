"""A page that is merely large finishes at the default settings (its budget grows with its
size, pagesize.py); a page whose audit truly hangs is still an error, and its reason names
the phase that ran out of time and the page's size."""
from a11y.pagesize import ELEMENTS_PER_TIMEOUT, budget_scale
from tests.support import read_results, scan

from .siteserver import page, site


def _reference_entry(i: int) -> str:
    # Shaped like Python's library reference (the pages that used to time out): a signature of
    # many spans, a permalink, and a paragraph with inline code and a link. 13 elements.
    return (f'<dl class="function"><dt id="f{i}"><code class="sig"><span class="n">func{i}</span>'
            f'<span class="p">(</span><em class="param"><span class="n">arg</span></em>'
            f'<span class="p">)</span></code><a class="headerlink" href="#f{i}">¶</a></dt>'
            f'<dd><p>Returns <code class="literal"><span class="pre">value{i}</span></code> as in '
            f'<a href="#f{(i + 1) % 1600}">the next one</a>.</p></dd></dl>')


def test_budget_grows_with_the_page_and_never_shrinks_below_the_timeout():
    assert budget_scale(0) == budget_scale(ELEMENTS_PER_TIMEOUT) == 1.0
    assert budget_scale(10 * ELEMENTS_PER_TIMEOUT) == 10.0


def test_a_page_of_twenty_thousand_elements_finishes_at_default_settings(tmp_path):
    body = "".join(_reference_entry(i) for i in range(1600))
    with site({"/": page("Reference", body)}) as base:
        out = tmp_path / "out"
        scan(base + "/", "--out", out, "-q", "--no-sitemap", "--depth", "0", "--fail-on", "none", expect=0)
    [p] = read_results(out)["pages"]
    assert (p["status"], p["reason"]) == ("scanned", None), p


_AXE_HANGS = """<script>
  // Every style lookup keeps the renderer busy for 8 s: loading and reading the document do
  // not ask for styles, axe does (and the scan runs without our checks).
  window.getComputedStyle = function () { const until = Date.now() + 8000; while (Date.now() < until) {} };
</script><p>text</p>"""


def test_an_audit_that_hangs_is_an_error_naming_the_phase_and_the_size(tmp_path):
    with site({"/": page("Hangs", _AXE_HANGS)}) as base:
        out = tmp_path / "out"
        scan(base + "/", "--out", out, "-q", "--no-sitemap", "--depth", "0", "--checks", "none",
             "--timeout", "2", expect=3)
    [p] = read_results(out)["pages"]
    elements = 8  # html, head, title, body, main, h1, script, p
    assert (p["status"], p["reason"]) == (
        "error", f"timeout: axe-core did not finish within 2 s on a page of {elements} elements"), p
