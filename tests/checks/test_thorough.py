"""--thorough (CheckContext.reach): a check's per-page limits are lifted, and what a limit left
unexamined is said, never passed."""
import pytest

from a11y.checks.base import THOROUGH_REACH, THOROUGH_TIME
from a11y.engines.checks import ChecksEngine, selected_checks

from .support import run_check

HEAD = '<!doctype html><html lang="en"><title>Long</title><main><h1>Long</h1>'


@pytest.fixture
def pages(tmp_path, serve):
    links = "".join(f'<p><a href="#s{i}">Section {i}</a></p>' for i in range(60))
    (tmp_path / "links.html").write_text(HEAD + links + "</main></html>")
    # More text nodes than the clipped-text walk looks at by default, in a box that clips (so the
    # zoom check cannot tell at once that nothing could be cut), none of them cut.
    words = "".join(f"<span>word {i}</span> " for i in range(5200))
    (tmp_path / "text.html").write_text(HEAD + f'<div style="overflow: hidden">{words}</div></main></html>')
    return serve(tmp_path)


def test_focus_is_judged_past_the_usual_fifty_elements(browser_loop, pages):
    usual = run_check(browser_loop, "focus-visible-indicator", pages + "links.html")
    assert usual.outcome == "cantTell" and "judged the first 50 elements of a longer tab order" in usual.reason
    thorough = run_check(browser_loop, "focus-visible-indicator", pages + "links.html", reach=THOROUGH_REACH)
    assert thorough.outcome == "passed", thorough.reason
    assert "each of the 60 elements" in thorough.reason


def test_text_past_the_walks_limit_is_not_passed_unseen(browser_loop, pages):
    usual = run_check(browser_loop, "zoom-text-not-clipped", pages + "text.html")
    assert usual.outcome == "cantTell"
    assert "more than 5,000 text nodes" in usual.reason and "--thorough" in usual.reason
    thorough = run_check(browser_loop, "zoom-text-not-clipped", pages + "text.html", reach=THOROUGH_REACH)
    assert thorough.outcome == "passed", thorough.reason


def test_the_engine_gives_thorough_checks_more_time():
    checks = selected_checks("section508")
    usual, thorough = ChecksEngine(checks), ChecksEngine(checks, thorough=True)
    assert (usual.reach, thorough.reach) == (1, THOROUGH_REACH)
    assert thorough.budget_factor == usual.budget_factor * THOROUGH_TIME
    assert ChecksEngine.budget_factor == usual.budget_factor  # the class's own is untouched


def test_passages_past_the_limit_are_said_unread(browser_loop, tmp_path, serve):
    sentence = ("La biblioteca municipal abre de lunes a viernes, de nueve de la mañana a ocho de la tarde. "
                "Los sábados abre solo por la mañana.")
    quotes = "".join(f'<blockquote lang="es">{sentence}</blockquote>' for _ in range(61))
    (tmp_path / "quotes.html").write_text('<!doctype html><html lang="en"><head><meta charset="utf-8">'
                                          f"<title>Quotes</title></head><body>{quotes}</body></html>")
    url = serve(tmp_path) + "quotes.html"
    usual = run_check(browser_loop, "element-language-matches", url)
    assert usual.outcome == "cantTell" and "more than 60 elements with lang" in usual.reason, usual.reason
    thorough = run_check(browser_loop, "element-language-matches", url, reach=THOROUGH_REACH)
    assert thorough.outcome == "passed", thorough.reason
