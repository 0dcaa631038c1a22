"""The outbox folder: one .eml file per message when no SMTP server is set.

Each file name starts with the reference of the request the message is about, so
that the records schedule can destroy a request's messages with the request.
"""
from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

_SAFE = re.compile(r"^[A-Za-z0-9-]{1,32}$")


def write(folder: str, message: bytes, reference: str) -> Path:
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    prefix = reference if _SAFE.match(reference or "") else "desk"
    target = path / f"{prefix}--{uuid.uuid4().hex}.eml"
    target.write_bytes(message)
    return target


def destroy(folder: str, reference: str) -> int:
    """Overwrite and delete every message about `reference`; the number destroyed."""
    if not _SAFE.match(reference or ""):
        return 0
    count = 0
    for target in Path(folder).glob(f"{reference}--*.eml"):
        with open(target, "r+b") as f:  # the bytes go before the name does
            f.write(b"\0" * os.fstat(f.fileno()).st_size)
            f.flush()
            os.fsync(f.fileno())
        target.unlink()
        count += 1
    return count
