"""Python side of the colour reader the checks' browser-side scripts share (_colour.js): a
computed colour of any notation (rgb(), or CSS Color 4's oklch(), lab(), color(), ...) as sRGB
numbers, as the browser paints it."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

# Where a script makes its colour function: `const rgba = __A11Y_COLOUR__();`.
TOKEN = "__A11Y_COLOUR__"


@lru_cache(maxsize=1)
def colour_script() -> str:
    return resources.files(__package__).joinpath("_colour.js").read_text(encoding="utf-8").strip()


def with_colour(script: str) -> str:
    """script (JS) with TOKEN replaced by _colour.js's function expression."""
    if TOKEN not in script:
        raise ValueError(f"the script has no {TOKEN} to put the colour reader in")
    return script.replace(TOKEN, f"({colour_script()})")
