"""The small pure helpers: business days, CSV cells, text hygiene, tokens, web addresses."""
from __future__ import annotations

import datetime as dt

import pytest

from desk.csvsafe import escape_cell, to_csv
from desk.dates import add_business_days, parse_holidays
from desk.forms import normalise_url
from desk.text import clean_line, clean_text
from desk.tokens import digest, new_nonce, status_token, token_matches, valid_nonce


@pytest.mark.parametrize("start, days, expected", [
    ("2026-11-23", 2, "2026-11-25"),  # Monday -> Wednesday
    ("2026-11-27", 2, "2026-12-01"),  # Friday -> Tuesday
    ("2026-11-28", 2, "2026-12-01"),  # Saturday -> Tuesday
    ("2026-11-26", 1, "2026-11-27"),
    ("2026-11-26", 0, "2026-11-26"),
])
def test_business_days(start, days, expected):
    assert add_business_days(dt.date.fromisoformat(start), days) == dt.date.fromisoformat(expected)


def test_business_days_skip_holidays():
    holidays = parse_holidays("2026-12-25, 2026-12-28")
    # Thursday 24th: Friday 25th and Monday 28th are holidays -> Tuesday 29th, Wednesday 30th.
    assert add_business_days(dt.date(2026, 12, 24), 2, holidays) == dt.date(2026, 12, 30)


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@cmd", "'@cmd"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("plain", "plain"), ("a=b", "a=b"), (None, ""), (3, "3"),
])
def test_escape_cell(value, expected):
    assert escape_cell(value) == expected


def test_to_csv_quotes_and_escapes():
    out = to_csv(["a", "b"], [['=x,"y"', "line\nbreak"]])
    assert out == '\ufeffa,b\r\n"\'=x,""y""","line\nbreak"\r\n'  # with the BOM: Excel reads UTF-8


def test_clean_line_and_text():
    assert clean_line(" a\x00b\tc\r\nd\u202e ") == "ab c d"
    assert clean_text("one\r\ntwo\rthree\x07\n\tfour") == "one\ntwo\nthree\n\tfour"
    assert clean_line(None) == "" and clean_text("") == ""


def test_tokens():
    nonce = new_nonce()
    assert valid_nonce(nonce) and not valid_nonce("short") and not valid_nonce("x" * 43 + "<")
    token = status_token("key", nonce)
    assert token == status_token("key", nonce) != status_token("other key", nonce)
    assert token_matches(token, digest(token))
    assert not token_matches(token[:-1], digest(token)) and not token_matches("", digest(""))


@pytest.mark.parametrize("raw, expected", [
    ("example.gov", "https://example.gov"),
    ("www.example.gov/a b.pdf".replace(" ", "%20"), "https://www.example.gov/a%20b.pdf"),
    ("HTTP://Example.gov/x?y=1#z", "HTTP://Example.gov/x?y=1#z"),
    ("localhost:8080/page", "https://localhost:8080/page"),
    ("bücher.example/", "https://bücher.example/"),
    ("", ""),
])
def test_normalise_url_accepts(raw, expected):
    assert normalise_url(raw) == expected


@pytest.mark.parametrize("raw", ["javascript:alert(1)", "mailto:a@b.c", "http://", "no-dot",
                                 "exa mple.gov", "https://-bad-.gov", "data:text/html,x",
                                 "https://user:pw@example.gov/", "ftp://example.gov"])
def test_normalise_url_refuses(raw):
    with pytest.raises(ValueError):
        normalise_url(raw)
