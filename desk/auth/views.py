"""Coordinator sign-in and sign-out. Session cookie only: there is no "remember me"."""
from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from .. import audit
from ..extensions import db, limiter, login_manager, rate
from ..forms import EmptyForm, LoginForm, error_list
from ..models import User
from . import bp

login_manager.login_view = "auth.login"
login_manager.login_message = "Sign in to see the request queue."
login_manager.login_message_category = "info"
# "strong" would clear a remember-me cookie we never set on every anonymous visit.
login_manager.session_protection = "basic"

# Checked against when the address is unknown, so both failures take the same time.
_DUMMY_HASH = None


@login_manager.user_loader
def load_user(user_id: str):
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


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
    global _DUMMY_HASH
    user = User.query.filter(db.func.lower(User.email) == form.email.data.lower()).first()
    if user is None:
        if _DUMMY_HASH is None:
            _DUMMY_HASH = User(email="", password_hash="")
            _DUMMY_HASH.set_password("not-a-password")
        _DUMMY_HASH.check_password(form.password.data)
    ok = user is not None and user.active and user.check_password(form.password.data)
    if not ok:
        audit.record("login_failed", actor="anonymous")
        db.session.commit()
        return _render(form, failed=True)
    next_url = _safe_next(request.args.get("next"))
    session.clear()  # a fresh session on sign-in (no fixation)
    login_user(user, remember=False)
    audit.record("login", actor=user.email)
    db.session.commit()
    return redirect(next_url)


@bp.post("/logout")
@login_required
def logout():
    form = EmptyForm()
    if form.validate():
        audit.record("logout")
        db.session.commit()
        logout_user()
        session.clear()
        flash("You have signed out.", "info")
    return redirect(url_for("auth.login"))


def expired_login():
    form = LoginForm(formdata=request.form, meta={"csrf": False})
    form.password.data = ""
    return _render(form, notice="expired", status=400)
