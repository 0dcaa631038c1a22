"""Regression (issue "Beyond axe, part 1"): the request form scrolled sideways at 320 CSS px
because an example address in a hint could not wrap. Our reflow-320 check finds it when the
stylesheet lacks the rule that lets long words wrap, and passes the form as the desk ships it."""
import re
from pathlib import Path

import pytest

from tests.checks.support import run_check

pytestmark = pytest.mark.browser

CSS = Path(__file__).parent.parent.parent / "desk" / "static" / "desk.css"
WRAP_RULE = re.compile(r"body \{ overflow-wrap: anywhere; \}")


def _serve_form(client, serve, folder: Path, css: str) -> str:
    form = client.get("/request/new")
    assert form.status_code == 200
    (folder / "static").mkdir(parents=True)
    (folder / "static" / "desk.css").write_text(css)
    (folder / "index.html").write_text(form.get_data(as_text=True))
    return serve(folder) + "index.html"


def test_the_reflow_check_finds_the_unwrappable_hint(client, serve, tmp_path, browser_loop):
    shipped = CSS.read_text()
    assert WRAP_RULE.search(shipped)
    url = _serve_form(client, serve, tmp_path / "without", WRAP_RULE.sub("", shipped))
    outcome = run_check(browser_loop, "reflow-320", url)
    assert outcome.outcome == "failed"
    assert [n.target for n in outcome.nodes] == [["#url-hint"]]


def test_the_form_as_shipped_reflows(client, serve, tmp_path, browser_loop):
    url = _serve_form(client, serve, tmp_path / "with", CSS.read_text())
    assert run_check(browser_loop, "reflow-320", url).outcome == "passed"
