"""Every message the desk sends has a Date (RFC 5322 requires it) in the desk's time zone, and a
Message-ID of its own under the desk's domain (spam filters look for both). Read from the outbox
files (.eml) the desk writes when no SMTP server is set."""
from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
import re

import pytest

from desk import create_app
from desk.extensions import db
from desk.mail import message_id_domain

from .conftest import Public, deliver_mail, make_app, test_config


@pytest.fixture
def desk(tmp_path):
    # Kolkata: +05:30 all year, so the offset does not depend on today's date.
    app = make_app(tmp_path, DESK_TIMEZONE="Asia/Kolkata",
                   DESK_MAIL_SENDER="Accessibility Desk <accessibility@agency.example>")
    yield app
    with app.app_context():
        db.engine.dispose()


def _outbox(tmp_path) -> list[email.message.EmailMessage]:
    return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
            for p in sorted((tmp_path / "outbox").glob("*.eml"))]


def test_each_message_has_a_date_in_the_desk_s_zone_and_its_own_message_id(desk, tmp_path):
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    Public(desk.test_client()).submit()
    assert deliver_mail(desk) == 2  # the acknowledgement and the coordinators' alert
    after = dt.datetime.now(dt.UTC)
    messages = _outbox(tmp_path)
    assert len(messages) == 2
    ids = []
    for msg in messages:
        assert len(msg.get_all("Date")) == 1 and len(msg.get_all("Message-ID")) == 1
        sent = email.utils.parsedate_to_datetime(msg["Date"])
        assert sent.utcoffset() == dt.timedelta(hours=5, minutes=30)
        assert msg["Date"].endswith("+0530")
        assert before <= sent <= after  # when it was sent, not a made-up time
        assert re.fullmatch(r"<[^<>@\s]+@agency\.example>", msg["Message-ID"]), msg["Message-ID"]
        ids.append(msg["Message-ID"])
    assert len(set(ids)) == 2


@pytest.mark.parametrize("sender, base_url, expected", [
    ("accessibility-desk@localhost", "", "localhost"),  # the default sender
    ("Desk <desk@Agency.Example>", "https://desk.other.example", "Agency.Example"),
    ("desk", "https://accessibility.agency.gov:8443", "accessibility.agency.gov"),  # no domain: the desk's host
    ("desk@bücher.example", "", "xn--bcher-kva.example"),  # in ASCII, as a header must be
    ("desk", "", "localhost"),
])
def test_the_message_id_domain_is_the_sender_s_or_the_desk_s_host(tmp_path, sender, base_url, expected):
    app = create_app(test_config(tmp_path, DESK_MAIL_SENDER=sender, DESK_BASE_URL=base_url))
    with app.app_context():
        assert message_id_domain() == expected
