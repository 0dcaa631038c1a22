"""Input hygiene: strip control characters before anything is validated or stored."""
from __future__ import annotations

import re
import unicodedata

# C0 and C1 controls (tab and newline handled separately), DEL, and the Unicode
# bidirectional overrides that can make text display differently from what is stored.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean_line(value: str | None) -> str:
    """One-line field: controls removed, tabs and newlines become spaces, trimmed."""
    if not value:
        return ""
    value = _CONTROLS.sub("", unicodedata.normalize("NFC", value))
    return re.sub(r"[\t\r\n]+", " ", value).strip()


def clean_text(value: str | None) -> str:
    """Multi-line field: newlines kept (normalised to \\n), tabs kept, other controls removed."""
    if not value:
        return ""
    value = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", value).strip()
