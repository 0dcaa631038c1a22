"""Mail goes from the job queue: a worker sends it, and tries again with back-off.

The web request only queues a "mail" job (so a slow or absent SMTP server never holds up a
request); a worker sends it, and after a failure tries again after DESK_JOB_RETRY_SECONDS,
then twice as long after each failure, up to MAIL_ATTEMPTS attempts in all. The request
page shows the coordinator each message still waiting and each one that failed for good,
with the reason. Once sent, the job keeps only the subject: the addresses and the body are
removed. Reasons name the kind of failure only (an SMTP server's own words can hold the
addresses).
"""
from __future__ import annotations

import json
import smtplib

from flask import current_app

from . import jobs
from .extensions import db
from .models import HelpRequest

MAIL_ATTEMPTS = 5


def reason(exc: BaseException) -> str:
    """Why a message did not go, without the server's text (it may name the recipients)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "the mail server refused the recipients"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"the mail server answered {exc.smtp_code}"
    if isinstance(exc, smtplib.SMTPException):
        return f"mail error ({type(exc).__name__})"
    if isinstance(exc, OSError):
        return f"could not reach the mail server ({type(exc).__name__})"
    return f"could not send ({type(exc).__name__})"


def queue_mail(to: list[str], subject: str, body: str, reference: str) -> str:
    """Queue one message about a stored request; the job's state, "failed" if it could not be
    stored (never raises: the request is stored, and its mail must not undo that).
    Its Message-ID is made here, once, and goes with every attempt to send it."""
    from .mail import new_message_id

    try:
        req = HelpRequest.query.filter_by(reference=reference).first()
        payload = json.dumps({"to": to, "subject": subject, "body": body, "reference": reference,
                              "message_id": new_message_id()})
        job = jobs.enqueue("mail", request_id=req.id if req else None, payload=payload,
                           max_attempts=MAIL_ATTEMPTS)
        return job.state
    except Exception as err:  # noqa: BLE001 - a database or queue fault
        db.session.rollback()
        current_app.logger.error("could not queue mail about %s: %s", reference, type(err).__name__)
        return "failed"


class MailNotSent(Exception):
    pass


@jobs.handler("mail")
def send_queued(job: jobs.Job) -> None:
    from .mail import _send, new_message_id

    message = json.loads(job.payload)
    if not message.get("message_id"):  # queued before Message-IDs were kept: given one now, kept for retries
        message["message_id"] = new_message_id()
        job.payload = json.dumps(message)
        db.session.commit()
    try:
        _send(message["to"], message["subject"], message["body"], message["reference"], message["message_id"])
    except Exception as exc:  # noqa: BLE001 - retried with back-off by the queue
        # By reference and error type only: an SMTP error's text holds the recipients' addresses.
        current_app.logger.error("could not send mail about %s: %s", message["reference"], type(exc).__name__)
        raise MailNotSent(f"attempt {job.attempts}: {reason(exc)}") from None
    job.payload = json.dumps({"subject": message["subject"]})  # sent: keep no address or body
    db.session.commit()


@jobs.on_failed("mail")
def gave_up(job: jobs.Job) -> None:
    job.payload = json.dumps({"subject": json.loads(job.payload).get("subject", "")})  # no address or body


def for_request(req: HelpRequest) -> list[dict]:
    """The request's mail waiting for another try, or given up on (newest first)."""
    rows = (jobs.Job.query.filter(jobs.Job.request_id == req.id, jobs.Job.kind == "mail",
                                  jobs.Job.state != "done").order_by(jobs.Job.id.desc()).all())
    return [{"subject": json.loads(j.payload).get("subject", ""), "state": j.state,
             "next": j.run_after if j.state != "failed" else None, "error": j.last_error} for j in rows]
