"""Mail goes from the queue: a worker process sends it and tries again with back-off; a message
that cannot be sent is shown on the request page, without the server's words."""
from __future__ import annotations

import email
import email.policy
import json

from desk import jobs
from desk.extensions import db

from .conftest import AuthActions, Public, deliver_mail, make_app
from .queues import free_port
from .test_mail import smtp  # noqa: F401 - the loopback SMTP server fixture
from .workers import Desk, wait_until


class FlakySink:
    """An SMTP server that answers 451 (try again later) to the first `refuse` messages."""

    def __init__(self, refuse: int):
        self.refuse = refuse
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []
        self.refused: list[tuple[list[str], email.message.EmailMessage]] = []  # what it answered 451 to

    async def handle_DATA(self, server, session, envelope):
        received = (list(envelope.rcpt_tos), email.message_from_bytes(envelope.content, policy=email.policy.default))
        if self.refuse > 0:
            self.refuse -= 1
            self.refused.append(received)
            return "451 4.3.0 Try again later, dear alex@example.com"
        self.messages.append(received)
        return "250 Message accepted for delivery"


def _mail_jobs(desk) -> list[jobs.Job]:
    with desk.app.app_context():
        rows = jobs.Job.query.filter_by(kind="mail").order_by(jobs.Job.id).all()
        for r in rows:
            db.session.expunge(r)
        return rows


def test_mail_refused_at_first_is_sent_again_by_a_worker(tmp_path, smtp):  # noqa: F811 - the fixture
    # Two refusals: the worker's first tries of the requester's acknowledgement and the coordinators' alert.
    sink, port = smtp(tls=False, sink=FlakySink(refuse=2))
    desk = Desk(tmp_path, DESK_MAIL_SMTP_HOST="127.0.0.1", DESK_MAIL_SMTP_PORT=port, DESK_MAIL_SMTP_STARTTLS="0",
                DESK_SCAN_HOSTS="")
    try:
        desk.submit("")
        # The web request only queued them: nothing was sent or tried while the requester waited.
        assert [(j.state, j.attempts) for j in _mail_jobs(desk)] == [("queued", 0)] * 2
        assert sink.messages == []
        desk.worker()
        wait_until(lambda: [j.state for j in _mail_jobs(desk)] == ["done", "done"], "the mail to be sent",
                   log=desk.log)
        assert [j.attempts for j in _mail_jobs(desk)] == [2, 2]  # refused once each, then sent
        assert sorted(sorted(to) for to, _ in sink.messages) == [
            ["admin@example.gov", "coordinator@example.gov"], ["alex@example.com"]]
        # Once sent, a job keeps the subject only.
        assert all("alex@example.com" not in j.payload and "subject" in j.payload for j in _mail_jobs(desk))
    finally:
        desk.close()


def test_mail_that_cannot_be_sent_is_shown_on_the_request(tmp_path):
    closed = free_port()  # nothing listens there: every attempt is refused
    desk = Desk(tmp_path, DESK_MAIL_SMTP_HOST="127.0.0.1", DESK_MAIL_SMTP_PORT=closed,
                DESK_MAIL_SMTP_STARTTLS="0", DESK_SCAN_HOSTS="")
    try:
        desk.submit("")
        desk.worker()
        wait_until(lambda: [j.state for j in _mail_jobs(desk)] == ["failed", "failed"], "the mail to fail",
                   log=desk.log)
        job = _mail_jobs(desk)[0]
        assert job.attempts == 5
        assert job.last_error == "attempt 5: could not reach the mail server (ConnectionRefusedError)"
        AuthActions(desk.client).login()
        with desk.app.app_context():
            from desk.models import HelpRequest

            reference = HelpRequest.query.one().reference
        html = desk.client.get(f"/coordinator/requests/{reference}").get_data(as_text=True)
        assert "E-mail not delivered" in html
        assert ("“We received your request " + reference + "”:") in html
        assert "<strong>could not be sent</strong>, the desk has stopped trying" in html
        # Given up on: the job keeps the subject only, not the address or the status link.
        assert "alex@example.com" not in job.payload and "token=" not in job.payload
    finally:
        desk.close()


def _ids(received) -> dict[str, list[str]]:
    """Each recipient list's Message-IDs, in the order they arrived."""
    out: dict[str, list[str]] = {}
    for to, msg in received:
        out.setdefault(", ".join(sorted(to)), []).append(msg["Message-ID"])
    return out


def test_a_message_sent_again_keeps_its_message_id(tmp_path, smtp):  # noqa: F811 - the fixture
    # Each message refused twice, then taken: the server (and the replies to it) must see one message.
    sink, port = smtp(tls=False, sink=FlakySink(refuse=4))
    app = make_app(tmp_path, DESK_MAIL_SMTP_HOST="127.0.0.1", DESK_MAIL_SMTP_PORT=port,
                   DESK_MAIL_SMTP_STARTTLS=False, DESK_JOB_RETRY_SECONDS=0)
    Public(app.test_client()).submit()
    for _ in range(3):
        assert deliver_mail(app) == 2  # the acknowledgement and the alert: refused, refused, sent
    refused, sent = _ids(sink.refused), _ids(sink.messages)
    assert sorted(sent) == ["admin@example.gov, coordinator@example.gov", "alex@example.com"]
    for to, (message_id,) in sent.items():
        assert refused[to] == [message_id, message_id], to
    assert len(set(sent["alex@example.com"] + sent["admin@example.gov, coordinator@example.gov"])) == 2
    with app.app_context():
        db.engine.dispose()


def test_a_message_queued_without_a_message_id_gets_one_it_keeps(tmp_path, smtp):  # noqa: F811 - the fixture
    # A job queued before Message-IDs were made at queueing: its first attempt gives it one for good.
    sink, port = smtp(tls=False, sink=FlakySink(refuse=1))
    app = make_app(tmp_path, DESK_MAIL_SMTP_HOST="127.0.0.1", DESK_MAIL_SMTP_PORT=port,
                   DESK_MAIL_SMTP_STARTTLS=False, DESK_JOB_RETRY_SECONDS=0)
    with app.app_context():
        payload = json.dumps({"to": ["alex@example.com"], "subject": "An older message", "body": "Hello",
                              "reference": "A11Y-2026-000001"})
        jobs.enqueue("mail", payload=payload, max_attempts=5)
    assert deliver_mail(app) == 1
    assert deliver_mail(app) == 1
    (_, first), (_, second) = sink.refused + sink.messages
    assert first["Message-ID"] and first["Message-ID"] == second["Message-ID"]
    with app.app_context():
        db.engine.dispose()
