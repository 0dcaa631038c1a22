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
