"""Private status tokens and one-time form nonces.

The status token is derived from the form's nonce with the secret key, so a
second submit of the same form (a double-click, a reload) can show the same
confirmation page again, while the database holds only hashes of both.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets

_NONCE = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


def new_nonce() -> str:
    return secrets.token_urlsafe(32)


def valid_nonce(value: str | None) -> bool:
    return bool(value and _NONCE.match(value))


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def status_token(secret_key: str, nonce: str) -> str:
    mac = hmac.new(secret_key.encode(), b"status-token:" + nonce.encode(), hashlib.sha256)
    return mac.hexdigest()[:43]


def token_matches(token: str | None, token_hash: str) -> bool:
    return bool(token) and hmac.compare_digest(digest(token), token_hash)
