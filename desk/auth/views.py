"""Coordinator sign-in and sign-out. Session cookie only: there is no "remember me"."""
from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from flask import abort, flash, g, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from .. import audit, throttle
from ..dates import desk_zone, shown
from ..extensions import db, limiter, login_manager, rate
from ..forms import EmptyForm, LoginForm, error_list
from ..models import User, utcnow
from . import bp, sessions

login_manager.login_view = "auth.login"
login_manager.login_message = "Sign in to see the request queue."
login_manager.login_message_category = "info"
# "strong" would clear a remember-me cookie we never set on every anonymous visit.
login_manager.session_protection = "basic"

# Checked against when the address is unknown, so both failures take the same time.
_DUMMY_HASH = None


@login_manager.user_loader
def load_user(user_id: str):
    """The signed-in account, only while its session is open on the server and it is active."""
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    if user is None or not user.active or not sessions.check(user):
        if user is not None:
            g.ended_user_id = user.id  # whose typing an action sent now carries (drafts.keep_and_sign_in)
        for key in ("_user_id", "_fresh", "_id", "sid"):
            session.pop(key, None)
        return None
    return user


@login_manager.unauthorized_handler
def unauthorized():
    """To the sign-in page, which then returns to the page the coordinator was on."""
    from ..coordinator import drafts

    if drafts.is_action():  # what they typed is kept, and the sign-in page says it was not saved
        return drafts.keep_and_sign_in()
    if g.get("session_ended") == "idle":
        flash(f"You were signed out after {sessions.idle_words()} without activity. Sign in again to "
              "go back to the page you were on.", "info")
    else:
        flash(login_manager.login_message, "info")
    return redirect(url_for("auth.login", next=_return_to()))


def _return_to() -> str:
    """This page; for a form sent to an action (a POST), the page the form was on."""
    if request.method == "GET":
        query = request.query_string.decode("utf-8", "replace")
        return request.path + (f"?{query}" if query else "")
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.path:
        return referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return url_for("coordinator.queue")


def role_required(*roles: str):
    """Login, an active account and one of `roles`, checked on the server for every view."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//"):
        if not urlsplit(target).netloc:
            return target
    return url_for("coordinator.queue")


def _render(form: LoginForm, failed: bool = False, notice: str | None = None, status: int = 200):
    if failed:
        # One message for both fields: it must not tell which of the two was wrong.
        form.email.errors = ["Enter a correct e-mail address and password"]
    return render_template(
        "auth/login.html", form=form, errors=error_list(form), notice=notice
    ), status


def _throttled(form: LoginForm, until):
    """Too many failed sign-ins for the address typed, whether or not it has an account."""
    form.password.data = ""
    form.email.errors = [f"Too many failed sign-ins with this e-mail address. Try again after "
                         f"{_clock(until)}"]
    body, status = _render(form, status=429)
    return body, status, {"Retry-After": str(throttle.seconds_until(until, utcnow()))}


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(rate("DESK_RATE_LOGIN"), methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("coordinator.queue"))
    form = LoginForm()
    if request.method == "GET":
        return _render(form)
    if not form.validate():
        return _render(form)
    account = form.email.data.lower()
    until = throttle.retry_after("DESK_RATE_LOGIN_ACCOUNT", account)
    if until:
        audit.record("login_throttled", actor="anonymous")
        db.session.commit()
        return _throttled(form, until)
    global _DUMMY_HASH
    user = User.query.filter(db.func.lower(User.email) == form.email.data.lower()).first()
    if user is None:
        if _DUMMY_HASH is None:
            _DUMMY_HASH = User(email="", password_hash="")
            _DUMMY_HASH.set_password("not-a-password")
        _DUMMY_HASH.check_password(form.password.data)
    ok = user is not None and user.active and user.check_password(form.password.data)
    if not ok:
        throttle.count("DESK_RATE_LOGIN_ACCOUNT", account)
        audit.record("login_failed", actor="anonymous")
        db.session.commit()
        return _render(form, failed=True)
    next_url = _safe_next(request.args.get("next"))
    draft = session.get("draft")  # an action kept when the last session ended (coordinator/drafts.py)
    session.clear()  # a fresh session on sign-in (no fixation)
    if draft:
        session["draft"] = draft
    login_user(user, remember=False)
    sessions.start(user)
    audit.record("login", actor=user.email)
    db.session.commit()
    return redirect(next_url)


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    if request.method == "GET":
        # An address opened (typed, bookmarked, followed) does not sign out: a link on another
        # site could. The page says so and has the button, instead of a "405 not available here".
        return render_template("auth/logout.html")
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    form = EmptyForm()
    if form.validate():
        return _sign_out()
    return redirect(url_for("auth.login"))


def _sign_out():
    from ..coordinator import drafts

    drafts.discard()  # signing out on purpose: whatever was kept in this browser goes too
    if current_user.is_authenticated:
        sessions.end_current()
        audit.record("logout")
        db.session.commit()
        logout_user()
    session.clear()
    flash("You have signed out.", "info")
    return redirect(url_for("auth.login"))


def expired_logout():
    """Sign out from a page whose token is stale (signed out and in again in another tab):
    sign out all the same. On a shared computer a sign-out that fails while the page looks
    signed out is the danger; signing someone out is not (and another site's form never gets
    here: it is refused first, and the Lax session cookie is not sent with it)."""
    return _sign_out()


def login_rate_limited():
    """Past DESK_RATE_LOGIN for this address: the sign-in page, with the time to try again."""
    import datetime as dt

    from ..extensions import limiter

    form = LoginForm(formdata=request.form if request.method == "POST" else None, meta={"csrf": False})
    form.password.data = ""
    limit = limiter.current_limit
    now = utcnow()
    until = dt.datetime.fromtimestamp(limit.reset_at, dt.UTC).replace(tzinfo=None) if limit else now
    until = max(until, now + dt.timedelta(seconds=1))
    form.email.errors = [f"Too many sign-in attempts from this network address. Try again after "
                         f"{_clock(until)} (in about {_minutes(until - now)})"]
    body, status = _render(form, status=429)
    return body, status, {"Retry-After": str(throttle.seconds_until(until, now))}


def _clock(until) -> str:
    """A time to try again (UTC, naive), as the desk's clock shows it: '19:17 PST'."""
    return shown(until, "%H:%M", desk_zone())


def _minutes(delta) -> str:
    minutes = max(1, round(delta.total_seconds() / 60))
    return f"{minutes} minute{'' if minutes == 1 else 's'}"


def expired_login():
    form = LoginForm(formdata=request.form, meta={"csrf": False})
    form.password.data = ""
    return _render(form, notice="expired", status=400)


# The idle sign-out's warning (static/session.js): a page counts down the time the server gives it,
# asks again before warning (another tab may have been in use), and "Stay signed in" extends the
# session without leaving the page, so nothing typed is lost (WCAG 2.2.1 Timing Adjustable).


@bp.app_template_global()
def session_timeout() -> dict:
    """What a signed-in page's warning needs; called by coordinator/_layout.html only when signed in."""
    return {
        "seconds_left": sessions.seconds_left(),
        "warn_seconds": sessions.warning_seconds(),
        "idle": sessions.idle_words(),
    }


@bp.get("/session")
def session_state():
    """Seconds left before the idle sign-out. Only reads: asking is not activity (no current_user,
    whose loading would count the request as activity)."""
    resp = jsonify(seconds_left=sessions.seconds_left(), warn_seconds=sessions.warning_seconds())
    resp.headers["Cache-Control"] = "no-store"
    return resp


@bp.post("/session/extend")
def extend_session():
    """"Stay signed in": activity without a page load. CSRF-protected like every form (the token
    comes in the X-CSRFToken header)."""
    if not current_user.is_authenticated:
        return jsonify(seconds_left=0), 401
    return jsonify(seconds_left=sessions.extend(), warn_seconds=sessions.warning_seconds())


def extend_expired():
    """A stale token (signed out and in again in another tab): say so in JSON, not a page."""
    return jsonify(seconds_left=sessions.seconds_left(), error="expired"), 400
