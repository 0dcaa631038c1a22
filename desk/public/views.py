"""The public side: home, the request form, confirmation, status, privacy, accessibility."""
from __future__ import annotations

import datetime as dt

from flask import abort, current_app, make_response, render_template, request
from flask_limiter.util import get_remote_address
from sqlalchemy import text

from .. import jobs, mail, scans, throttle
from ..extensions import db, limiter, rate
from ..forms import RequestForm, error_list
from ..models import CONTACT_METHODS, FORMATS, PRIORITIES, REFERENCE, STATUSES, HelpRequest, utcnow
from ..tokens import new_nonce, token_matches, valid_nonce
from . import bp
from .submit import find_earlier, remember_sent, status_link, store


@bp.get("/")
def index():
    return render_template("public/index.html")


def render_form(form: RequestForm, notice: str | None = None, status: int = 200, **extra):
    errors = error_list(form)
    return make_response(
        render_template("public/request_form.html", form=form, errors=errors, notice=notice, **extra),
        status,
    )


@bp.route("/request/new", methods=["GET", "POST"])
def new_request():
    form = RequestForm()
    if request.method == "GET":
        form.form_nonce.data = new_nonce()
        return render_form(form)
    if not valid_nonce(form.form_nonce.data):
        form.form_nonce.data = new_nonce()
    if form.website.data:
        # Honeypot filled: most likely a program. Store nothing, keep the answers, ask again.
        current_app.logger.info("honeypot field filled; request not stored")
        form.website.data = ""
        return render_form(form, notice="honeypot")
    if not form.validate():
        return render_form(form)
    nonce = form.form_nonce.data
    # Already stored: this form again (a reload, a double press), or the same answers sent again
    # in a new form (Back, then "Send request"). Its confirmation again: no second reference, no
    # second notification, and it does not count towards the limit.
    earlier, earlier_nonce = find_earlier(form, nonce)
    if earlier is not None:
        return _confirmation(earlier, earlier_nonce, created=False)
    client = get_remote_address()
    # Only stored requests count.
    until = throttle.retry_after("DESK_RATE_SUBMIT", client)
    if until:
        return _limited(form, until)
    req, created = store(form, nonce)
    if not created:  # the same form sent twice at once: the other one stored it
        return _confirmation(req, nonce, created=False)
    throttle.count("DESK_RATE_SUBMIT", client)
    remember_sent(nonce)
    link = status_link(req.reference, nonce)
    # Where the acknowledgement stands. Queued before the scan, which a free worker would
    # otherwise start at once, holding the mail for as long as the page takes (priority orders
    # only the jobs that wait together: jobs.PRIORITY).
    mailed = mail.notify_submitted(req, link)
    scans.queue_scan(req)  # the page it names, if the agency lists that site (see scans/)
    return _private(render_template("public/confirmation.html", req=req, status_link=link,
                                    created=True, mailed=mailed))


def _confirmation(req, nonce: str | None, created: bool):
    """The confirmation of a request already stored. Its status link only when this browser
    sent the form it came from (the link is derived from that form's nonce)."""
    link = status_link(req.reference, nonce) if nonce else None
    return _private(render_template("public/confirmation.html", req=req, status_link=link,
                                    created=created, mailed=None))


def _limited(form: RequestForm, until):
    """Too many requests from this address: the form again, answers kept, and when to retry."""
    wait = throttle.seconds_until(until, utcnow())
    resp = render_form(form, notice="limited", status=429, retry_at=until, retry_minutes=-(-wait // 60))
    resp.headers["Retry-After"] = str(wait)
    return resp


def _private(body: str):
    """A page whose address or links hold the status token: send it on to nobody."""
    resp = make_response(body)
    resp.headers["Referrer-Policy"] = "no-referrer"
    return resp


@bp.get("/request/<reference>")
@limiter.limit(rate("DESK_RATE_STATUS"))
def status(reference: str):
    token = request.args.get("token", "")
    req = None
    if REFERENCE.fullmatch(reference) and 0 < len(token) <= 128:
        req = HelpRequest.query.filter_by(reference=reference).first()
    if req is None or not token_matches(token, req.token_hash):
        abort(404)
    return _private(render_template("public/status.html", req=req, statuses=STATUSES))


@bp.get("/privacy")
def privacy():
    return render_template("public/privacy.html")


@bp.get("/accessibility")
def accessibility():
    return render_template("public/accessibility.html")


@bp.get("/healthz")
def healthz():
    db.session.execute(text("SELECT 1"))
    # The queue: counts and ages only (no personal data).
    return {"status": "ok", "time": dt.datetime.now(dt.UTC).isoformat(), "queue": jobs.state()}


@bp.app_context_processor
def labels():
    return {
        "FORMATS": FORMATS,
        "CONTACT_METHODS": CONTACT_METHODS,
        "STATUSES": STATUSES,
        "PRIORITIES": PRIORITIES,
    }


def expired_form():
    """CSRF failure on the request form: the same form, answers kept, asked to send again."""
    form = RequestForm(formdata=request.form, meta={"csrf": False})
    if not valid_nonce(form.form_nonce.data):
        form.form_nonce.data = new_nonce()
    form.website.data = ""
    return render_form(form, notice="expired", status=400)
