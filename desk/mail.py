"""Outgoing mail: SMTP when configured, otherwise one .eml file per message in the outbox.

Bodies carry only the reference, a link and the timeline: e-mail is not secure,
so the problem description and contact details never leave the desk this way.
The requester is told of their request's receipt, of public replies and of status changes
that matter to them (if e-mail is how they asked to be contacted); coordinators of new
requests, and of a request someone else assigned them.
"""
from __future__ import annotations

import datetime as dt
import re
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from urllib.parse import urlsplit

from flask import current_app, render_template, request, url_for

from . import outbox
from .dates import desk_zone
from .models import CONTACT_METHODS, PRIORITIES, STATUSES, HelpRequest, User

_DOMAIN = re.compile(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*")


def message_id_domain() -> str:
    """What follows the @ of the desk's Message-IDs: the sender's domain (DESK_MAIL_SENDER), else
    the desk's host (DESK_BASE_URL), else localhost. Given, never looked up: make_msgid() without
    one asks for this machine's name (DNS) for every message."""
    cfg = current_app.config
    _, at, sender_domain = parseaddr(cfg["DESK_MAIL_SENDER"])[1].rpartition("@")
    for domain in (sender_domain if at else "", urlsplit(cfg["DESK_BASE_URL"]).hostname or ""):
        try:
            domain = domain.encode("idna").decode("ascii")  # an internationalised name in ASCII
        except UnicodeError:
            continue
        if _DOMAIN.fullmatch(domain):
            return domain
    return "localhost"


def new_message_id() -> str:
    """A Message-ID for one outgoing message, made once when it is queued: every attempt to send
    it carries the same one, so a server that took an earlier attempt, and the replies to it, see
    one message, not several."""
    return make_msgid(domain=message_id_domain())


def _send(to: list[str], subject: str, body: str, reference: str, message_id: str) -> None:
    cfg = current_app.config
    msg = EmailMessage()
    msg["From"] = cfg["DESK_MAIL_SENDER"]
    msg["To"] = ", ".join(to)
    msg["Subject"] = subject
    # RFC 5322 requires Date; spam filters also look for a Message-ID made by the sender.
    # The desk's zone gives a real offset (formatdate() in UTC writes -0000, "zone unknown").
    msg["Date"] = format_datetime(dt.datetime.now(desk_zone()))
    msg["Message-ID"] = message_id
    msg.set_content(body)
    if cfg["DESK_MAIL_SMTP_HOST"]:
        with smtplib.SMTP(cfg["DESK_MAIL_SMTP_HOST"], cfg["DESK_MAIL_SMTP_PORT"], timeout=30) as s:
            if cfg["DESK_MAIL_SMTP_STARTTLS"]:
                # Verify the server's certificate and name (smtplib's own default does not),
                # against the system's CAs or the bundle in DESK_MAIL_SMTP_CAFILE.
                s.starttls(context=ssl.create_default_context(cafile=cfg["DESK_MAIL_SMTP_CAFILE"] or None))
            if cfg["DESK_MAIL_SMTP_USER"]:
                s.login(cfg["DESK_MAIL_SMTP_USER"], cfg["DESK_MAIL_SMTP_PASSWORD"])
            s.send_message(msg)
        return
    outbox.write(cfg["DESK_OUTBOX"], bytes(msg), reference)


def external_url(endpoint: str, **values) -> str:
    base = current_app.config["DESK_BASE_URL"]
    if base:
        return base + url_for(endpoint, **values)
    if request:
        return url_for(endpoint, _external=True, **values)
    return url_for(endpoint, **values)


def send_safely(to: list[str], subject: str, body: str, reference: str) -> str:
    """Queue the message for a worker: "queued", or "failed" when it could not even be stored.

    Mail never goes inside the web request: an SMTP server that is slow or away must not hold
    up, or undo, a stored request. A message that cannot even be queued is logged by reference
    and error type only ("failed"): an SMTP error's text holds the recipients' addresses.
    """
    from .outgoing import queue_mail

    return queue_mail(to, subject, body, reference)


def notify_submitted(req: HelpRequest, status_link: str) -> str | None:
    """Acknowledge to the requester and alert coordinators: the state of the requester's
    message ("queued" or "failed"), None when there is no address to write to."""
    acknowledged = None
    if req.email:
        body = render_template(
            "mail/acknowledgement.txt", req=req, status_link=status_link
        )
        acknowledged = send_safely([req.email], f"We received your request {req.reference}", body,
                                   req.reference)
    coordinators = [u.email for u in User.query.filter_by(active=True).all()]
    if coordinators:
        link = external_url("coordinator.detail", reference=req.reference)
        body = render_template("mail/alert.txt", req=req, link=link)
        send_safely(coordinators, f"New accessibility request {req.reference}", body, req.reference)
    return acknowledged


def notify_reply(req: HelpRequest) -> None:
    """A public reply was posted: tell the requester where to read it (not what it says)."""
    if _by_email(req):
        body = render_template("mail/update.txt", req=req)
        send_safely([req.email], f"An update on your request {req.reference}", body, req.reference)


# The statuses the requester is told about, with what happens next (mail/status.txt). Not "new":
# a request put back to New is the desk's own triage, and nothing changed for the requester.
REQUESTER_TOLD = ("acknowledged", "in_progress", "waiting_on_requester", "resolved", "closed", "duplicate")


def _by_email(req: HelpRequest) -> bool:
    """Whether the requester is to be written to by e-mail: they asked for it, and gave an address."""
    return bool(req.email) and req.contact_method == "email"


def notify_status(req: HelpRequest, old: str) -> str | None:
    """The request's status changed from `old`: tell the requester what changed and what happens
    next, by e-mail if that is how they asked to be contacted. The message's state ("queued" or
    "failed"), or None when the change is not one they are told about, or not by e-mail (the
    coordinator is told to tell them, see status_told)."""
    if req.status == old or req.status not in REQUESTER_TOLD or not _by_email(req):
        return None
    body = render_template("mail/status.txt", req=req, status=STATUSES[req.status],
                           destroy_on=req.destroy_on(current_app.config["DESK_RETENTION_DAYS"]))
    return send_safely([req.email], f"Your request {req.reference}: {STATUSES[req.status]}", body, req.reference)


def status_told(req: HelpRequest, old: str, state: str | None) -> str:
    """What the coordinator is told of the requester after a status change (the flash message's
    second sentence), "" when the change is not one the requester is told about."""
    if req.status == old or req.status not in REQUESTER_TOLD:
        return ""
    if state == "queued":
        return "The requester will get an e-mail about it."
    if state == "failed":
        return "The e-mail to the requester could not be queued: tell them yourself."
    how = CONTACT_METHODS.get(req.contact_method, req.contact_method).lower()
    return f"The requester asked to be contacted by {how}: tell them yourself."


def notify_assigned(req: HelpRequest, assignee: User | None, by: User) -> str | None:
    """Tell a coordinator that someone else assigned them the request (the reference, its status,
    when it is due and a link that needs signing in: nothing the requester told us). None when
    nobody is to be told (unassigned, or they assigned it to themselves)."""
    if assignee is None or assignee.id == by.id or not assignee.active:
        return None
    link = external_url("coordinator.detail", reference=req.reference)
    body = render_template("mail/assigned.txt", req=req, by=by.email, link=link, status=STATUSES[req.status],
                           priority=PRIORITIES.get(req.priority, req.priority))
    return send_safely([assignee.email], f"Request {req.reference} is assigned to you", body, req.reference)
