"""When a meta refresh fires: HTML's shared declarative refresh steps, as one JS function
(data/refresh_time.js) used where pages load (pagework.py) and by the meta refresh checks."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def refresh_time_js() -> str:
    """A JS function expression: (content) => the refresh time in seconds, or null when the
    content is not a valid refresh instruction (which browsers ignore)."""
    return resources.files("a11y").joinpath("data/refresh_time.js").read_text(encoding="utf-8").strip()


@lru_cache(maxsize=1)
def zero_delay_refresh_js() -> str:
    """A JS function expression: (mark) => whether the document's refresh instruction (the first
    valid one, as browsers take it) has a zero delay, i.e. is a redirect; it leaves `mark` on
    the window so that a caller can tell a new document from this one."""
    return """(mark) => {
  const refreshTime = REFRESH_TIME;
  window.__a11yRefreshMark = mark;
  for (const m of document.querySelectorAll('meta[http-equiv="refresh" i]')) {
    const time = refreshTime(m.getAttribute('content') || '');
    if (time !== null) return time === 0;
  }
  return false;
}""".replace("REFRESH_TIME", refresh_time_js())
