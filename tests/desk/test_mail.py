"""Mail through a real SMTP server on loopback (aiosmtpd): plain, and STARTTLS with a
certificate made for the test. What arrives, to whom, and what it must never carry."""
from __future__ import annotations

import email
import email.policy
import logging
import shutil
import socket
import ssl
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from desk import create_app
from desk.extensions import db
from desk.models import HelpRequest

from .certs import certificates
from .conftest import COORDINATOR, VALID, Public, deliver_mail, test_config

PRIVATE = {"nature": "ZQX my private description of the problem", "name": "Quinn Private",
           "phone": "202 555 0199", "postal_address": "1 Hidden Lane"}
SMTP_USER, SMTP_PASSWORD = "desk-mailer", "smtp password for the test"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sink:
    """What the SMTP server received: envelopes, whether each came over TLS, who logged in."""

    def __init__(self):
        self.messages: list[tuple[list[str], email.message.EmailMessage, bool]] = []
        self.logins: list[tuple[str, bool]] = []

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), msg, session.ssl is not None))
        return "250 Message accepted for delivery"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        self.logins.append((auth_data.login.decode(), session.ssl is not None))
        ok = (auth_data.login.decode(), auth_data.password.decode()) == (SMTP_USER, SMTP_PASSWORD)
        return AuthResult(success=ok)


@pytest.fixture
def smtp(tmp_path):
    """start(tls=False|True, sink=None) -> (sink, port); the server stops after the test."""
    controllers = []

    def start(tls: bool, sink=None):
        sink = sink or Sink()
        port = _free_port()
        options = {}
        if tls:
            _, cert, key = certificates(tmp_path)
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(cert, key)
            # STARTTLS is required before anything else, and so before the password.
            options = dict(tls_context=context, require_starttls=True, authenticator=sink.authenticate,
                           auth_require_tls=True)
        controller = Controller(sink, hostname="127.0.0.1", port=port, **options)
        controller.start()
        controllers.append(controller)
        return sink, port

    yield start
    for c in controllers:
        c.stop()


def _app(tmp_path, template_db, **mail):
    shutil.copyfile(template_db, tmp_path / "desk.sqlite3")
    return create_app(test_config(tmp_path, DESK_MAIL_SMTP_HOST="127.0.0.1", **mail))


def _check_delivered(app, sink, confirmation: str, over_tls: bool):
    with app.app_context():
        ref = HelpRequest.query.one().reference
    assert "Request received" in confirmation
    by_recipient = {tuple(sorted(rcpt)): (msg, tls) for rcpt, msg, tls in sink.messages}
    assert sorted(by_recipient) == [("admin@example.gov", COORDINATOR), (VALID["email"],)]
    ack, ack_tls = by_recipient[(VALID["email"],)]
    alert, alert_tls = by_recipient[("admin@example.gov", COORDINATOR)]
    assert (ack_tls, alert_tls) == (over_tls, over_tls)
    assert ack["Subject"] == f"We received your request {ref}"
    assert alert["Subject"] == f"New accessibility request {ref}"
    assert ack["To"] == VALID["email"] and ack["From"] == "accessibility-desk@localhost"
    assert sorted(alert["To"].split(", ")) == ["admin@example.gov", COORDINATOR]
    # The requester's private link goes to the requester only.
    assert "?token=" in ack.get_content() and "?token=" not in alert.get_content()
    for msg in (ack, alert):
        body = msg.as_string()
        assert ref in msg.get_content()
        for private in PRIVATE.values():
            assert private not in body, private
    # Sent, so nothing was written to the outbox instead.
    assert not (Path(app.config["DESK_OUTBOX"])).exists()


def test_mail_over_plain_smtp(tmp_path, template_db, smtp):
    sink, port = smtp(tls=False)
    app = _app(tmp_path, template_db, DESK_MAIL_SMTP_PORT=port, DESK_MAIL_SMTP_STARTTLS=False)
    confirmation = Public(app.test_client()).submit(**PRIVATE).get_data(as_text=True)
    assert deliver_mail(app) == 2
    _check_delivered(app, sink, confirmation, over_tls=False)


def test_mail_over_starttls_with_login(tmp_path, template_db, smtp):
    sink, port = smtp(tls=True)
    app = _app(tmp_path, template_db, DESK_MAIL_SMTP_PORT=port, DESK_MAIL_SMTP_STARTTLS=True,
               DESK_MAIL_SMTP_CAFILE=str(tmp_path / "ca.pem"),
               DESK_MAIL_SMTP_USER=SMTP_USER, DESK_MAIL_SMTP_PASSWORD=SMTP_PASSWORD)
    confirmation = Public(app.test_client()).submit(**PRIVATE).get_data(as_text=True)
    assert deliver_mail(app) == 2
    _check_delivered(app, sink, confirmation, over_tls=True)
    assert sink.logins == [(SMTP_USER, True), (SMTP_USER, True)]  # one per message, each inside TLS


def test_an_untrusted_smtp_certificate_gets_no_mail_and_loses_no_request(tmp_path, template_db, smtp, caplog):
    sink, port = smtp(tls=True)
    # No DESK_MAIL_SMTP_CAFILE: the system's CAs do not know the test's CA.
    app = _app(tmp_path, template_db, DESK_MAIL_SMTP_PORT=port, DESK_MAIL_SMTP_STARTTLS=True,
               DESK_MAIL_SMTP_USER=SMTP_USER, DESK_MAIL_SMTP_PASSWORD=SMTP_PASSWORD)
    confirmation = Public(app.test_client()).submit(**PRIVATE).get_data(as_text=True)
    assert "Request received" in confirmation
    assert deliver_mail(app) == 2
    assert sink.messages == [] and sink.logins == []
    with app.app_context():
        assert HelpRequest.query.count() == 1
        db.session.remove()
        ref = HelpRequest.query.one().reference
    failures = [r.getMessage() for r in caplog.records if r.getMessage().startswith("could not send mail")]
    assert failures == [f"could not send mail about {ref}: SSLCertVerificationError"] * 2


class RefusingSink(Sink):
    """A server that refuses every recipient, naming the address in its answer (as real ones do)."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"


def test_a_refused_address_is_not_logged_and_not_claimed_as_sent(tmp_path, template_db, caplog):
    port = _free_port()
    controller = Controller(RefusingSink(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        app = _app(tmp_path, template_db, DESK_MAIL_SMTP_PORT=port, DESK_MAIL_SMTP_STARTTLS=False)
        caplog.set_level(logging.DEBUG)
        page = Public(app.test_client()).submit(**PRIVATE).get_data(as_text=True)
        assert deliver_mail(app) == 2
    finally:
        controller.stop()
    with app.app_context():
        ref = HelpRequest.query.one().reference
        db.session.remove()
    assert "Request received" in page
    assert "We have also sent it to your e-mail address" not in page
    failures = [r.getMessage() for r in caplog.records if r.getMessage().startswith("could not send mail")]
    assert failures == [f"could not send mail about {ref}: SMTPRecipientsRefused"] * 2
    # Everything the desk (and any library it uses) logged; not the test's SMTP server's own log.
    desk_side = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records if r.name != "mail.log")
    assert "could not send mail" in desk_side
    for address in (VALID["email"], COORDINATOR):
        assert address not in desk_side


def test_the_confirmation_says_the_e_mail_is_on_its_way_not_that_it_was_sent(tmp_path, template_db, smtp):
    sink, port = smtp(tls=False)
    app = _app(tmp_path, template_db, DESK_MAIL_SMTP_PORT=port, DESK_MAIL_SMTP_STARTTLS=False)
    page = Public(app.test_client()).submit(**PRIVATE).get_data(as_text=True)
    # The web request only queued the message: a worker sends it.
    assert sink.messages == []
    assert "We are also sending it to your e-mail address: the message is on its way" in page
    assert "We have also sent it" not in page and "We could not send you an e-mail" not in page
