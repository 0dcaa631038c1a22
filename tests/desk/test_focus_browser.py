"""Regression: two focused links had white text on the yellow focus colour (1.4:1), "Start your
request" on the home page and "Request queue" in the coordinator's header, because their own
colour rules came after a:focus. Every stop reached with the Tab key on the desk's main pages
must show its text at 4.5:1 at least against what is behind it while it has focus."""
from __future__ import annotations

import pytest

from .conftest import ADMIN, PASSWORD

pytestmark = pytest.mark.browser

# The focused element's text colour and the first opaque background behind it, and their ratio.
FOCUSED_CONTRAST = """() => {
  const el = document.activeElement;
  const rgba = (s) => { const m = s.match(/[\\d.]+/g).map(Number); return m.length > 3 ? m : [...m, 1]; };
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  let node = el, back = [255, 255, 255, 1];
  while (node && node.nodeType === 1) {
    const bg = rgba(getComputedStyle(node).backgroundColor);
    if (bg[3] > 0) { back = bg; break; }
    node = node.parentElement;
  }
  const fore = rgba(getComputedStyle(el).color);
  const [a, b] = [lum(fore), lum(back)].sort((x, y) => y - x);
  return {text: (el.innerText || el.value || el.id || el.tagName).trim().slice(0, 40), tag: el.tagName,
          color: getComputedStyle(el).color, background: back.join(","), ratio: (a + 0.05) / (b + 0.05)};
}"""


def focus_stops(page, limit: int = 80) -> list[dict]:
    """Tab from the top of the page through every stop (until focus comes back round or leaves the page)."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    stops, seen = [], set()
    for _ in range(limit):
        page.keyboard.press("Tab")
        key = page.evaluate("(() => { const e = document.activeElement; if (!e || e === document.body) return null;"
                            " const all = [...document.querySelectorAll('*')]; return all.indexOf(e); })()")
        if key is None or key in seen:
            break
        seen.add(key)
        stops.append(page.evaluate(FOCUSED_CONTRAST))
    return stops


def low_contrast(stops: list[dict]) -> list[dict]:
    return [s for s in stops if s["ratio"] < 4.5]


def test_start_your_request_has_dark_text_on_yellow_when_focused(live, page):
    page.goto(live + "/")
    stops = focus_stops(page)
    start = next(s for s in stops if s["text"] == "Start your request")
    assert start["color"] == "rgb(11, 12, 12)" and start["ratio"] >= 4.5, start
    assert low_contrast(stops) == []
    page.goto(live + "/request/new")
    assert low_contrast(focus_stops(page)) == []


def test_coordinator_header_links_have_dark_text_on_yellow_when_focused(live, page):
    page.goto(live + "/coordinator/login")
    page.fill("#email", ADMIN)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("button:has-text('Sign in')")
    stops = focus_stops(page)
    queue_link = next(s for s in stops if s["text"] == "Request queue")
    assert queue_link["color"] == "rgb(11, 12, 12)" and queue_link["ratio"] >= 4.5, queue_link
    assert low_contrast(stops) == []
