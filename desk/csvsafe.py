"""CSV files that a spreadsheet opens as they are: as UTF-8, with cells that it will not run as
formulas, and times that say their zone."""
from __future__ import annotations

import csv
import datetime as dt
import io

from .dates import desk_zone, iso

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Without a byte-order mark Excel reads a CSV in the machine's ANSI code page, so "résumé 日本語"
# comes out garbled; with it (utf-8-sig) Excel, LibreOffice and Python's csv all read UTF-8.
BOM = "\ufeff"


def escape_cell(value) -> str:
    """Prefix a quote to text a spreadsheet would treat as a formula (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    if text.startswith(_TRIGGERS):
        return "'" + text
    return text


def _cell(value, tz: dt.tzinfo | None) -> str:
    if isinstance(value, dt.datetime):  # a stored time (naive, UTC): ISO 8601 with its UTC offset
        return iso(value, tz or desk_zone())
    return escape_cell(value)


def to_csv(header: list[str], rows: list[list], tz: dt.tzinfo | None = None) -> str:
    """The file's text, starting with the byte-order mark. Times (datetime cells) are written
    in `tz`, by default the desk's time zone (DESK_TIMEZONE)."""
    buf = io.StringIO()
    buf.write(BOM)
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([escape_cell(h) for h in header])
    for row in rows:
        writer.writerow([_cell(v, tz) for v in row])
    return buf.getvalue()
