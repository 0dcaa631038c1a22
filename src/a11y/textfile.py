"""Text files people give us (an @FILE of URLs, a11y.toml, a results.json or baseline opened in an
editor), read as editors save them.

Notepad and Excel's "CSV UTF-8" begin a UTF-8 file with a byte order mark, and Windows
PowerShell 5's `>` writes UTF-16 (with one): both are read. Anything else that is not UTF-8
(a Latin-1 "é") is an error that names the file, the line and what to do, never a traceback.
"""
from __future__ import annotations

import codecs
from pathlib import Path

SAVE_AS_UTF8 = "save it as UTF-8"
# Longest first: UTF-32 LE's mark begins with UTF-16 LE's.
_MARKS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
          (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


class NotText(ValueError):
    """Why a file's bytes are not text we can read (without the file's name)."""


def decode(raw: bytes) -> str:
    """The text of a file's bytes: UTF-8, or UTF-8/16/32 with a byte order mark (which is dropped)."""
    encoding = next((name for mark, name in _MARKS if raw.startswith(mark)), "utf-8")
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        raise NotText(f"line {line} is not {encoding.split('-sig')[0].upper()} text "
                      f"(byte 0x{raw[e.start]:02x}); {SAVE_AS_UTF8}") from None
    if "\x00" in text:  # UTF-16 without its mark decodes as UTF-8 with a NUL every other byte
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise NotText(f"line {line} holds a NUL character (UTF-16 without a byte order mark?); {SAVE_AS_UTF8}")
    return text


def read_text(path: Path) -> str:
    """decode() of the file's bytes; OSError as Path.read_bytes raises it, NotText as decode does."""
    return decode(Path(path).read_bytes())
