"""Input hygiene: strip control characters before anything is validated or stored."""
from __future__ import annotations

import re
import unicodedata

# C0 and C1 controls (tab and newline handled separately), DEL, and the Unicode bidirectional
# embeddings and overrides (U+202A-U+202E), which can make text display differently from what is
# stored (a "Trojan Source" override reverses the characters that follow it).
#
# Kept, because people who write right-to-left scripts type them on purpose to make mixed text
# read in the right order: the direction marks (U+200E LRM, U+200F RLM, U+061C ALM), which only
# set the direction of what is next to them, and the isolates (U+2066-U+2069), which contain
# the direction change between an opening isolate and its U+2069. An isolate with no closing
# U+2069 would spread to the text after the field where it is shown, so isolates are balanced
# line by line (see _balance_isolates).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]")
_OPEN_ISOLATES = "\u2066\u2067\u2068"  # LRI, RLI, FSI
_CLOSE_ISOLATE = "\u2069"  # PDI


def _balance_isolates(line: str) -> str:
    """A closing U+2069 without an opening isolate is dropped; isolates still open at the end of
    the line are closed there, so that none reaches past the line it was typed in."""
    out, depth = [], 0
    for ch in line:
        if ch in _OPEN_ISOLATES:
            depth += 1
        elif ch == _CLOSE_ISOLATE:
            if not depth:
                continue
            depth -= 1
        out.append(ch)
    return "".join(out) + _CLOSE_ISOLATE * depth


def _clean(value: str) -> str:
    value = _CONTROLS.sub("", value)
    if any(ch in value for ch in _OPEN_ISOLATES + _CLOSE_ISOLATE):
        value = "\n".join(_balance_isolates(line) for line in value.split("\n"))
    return value


def clean_line(value: str | None) -> str:
    """One-line field: controls removed, tabs and newlines become spaces, trimmed."""
    if not value:
        return ""
    value = re.sub(r"[\t\r\n]+", " ", unicodedata.normalize("NFC", value))
    return _clean(value).strip()


def clean_text(value: str | None) -> str:
    """Multi-line field: newlines kept (normalised to \\n), tabs kept, other controls removed."""
    if not value:
        return ""
    value = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    return _clean(value).strip()
