"""Outgoing mail: SMTP when configured, otherwise one .eml file per message in the outbox.

Bodies carry only the reference, a link and the timeline: e-mail is not secure,
so the problem description and contact details never leave the desk this way.
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
from .models import HelpRequest, User

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


def _send(to: list[str], subject: str, body: str, reference: str) -> None:
    cfg = current_app.config
    msg = EmailMessage()
    msg["From"] = cfg["DESK_MAIL_SENDER"]
    msg["To"] = ", ".join(to)
    msg["Subject"] = subject
    # RFC 5322 requires Date; spam filters also look for a Message-ID made by the sender.
    # The desk's zone gives a real offset (formatdate() in UTC writes -0000, "zone unknown").
    msg["Date"] = format_datetime(dt.datetime.now(desk_zone()))
    msg["Message-ID"] = make_msgid(domain=message_id_domain())
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
    if req.email and req.contact_method == "email":
        body = render_template("mail/update.txt", req=req)
        send_safely([req.email], f"An update on your request {req.reference}", body, req.reference)
