"""flask --app desk init-db | create-coordinator | disable-coordinator | purge-expired."""
from __future__ import annotations

import os

import click
from email_validator import EmailNotValidError, validate_email
from flask import Flask, current_app
from flask_migrate import upgrade

from .auth import sessions
from .coordinator import drafts
from .extensions import db
from .models import ROLES, User


def _account(email: str) -> User | None:
    return User.query.filter(db.func.lower(User.email) == email).first()


def register(app: Flask) -> None:
    @app.cli.command("init-db")
    def init_db():
        """Create or upgrade the database tables (applies the Alembic migrations)."""
        upgrade(directory=current_app.extensions["migrate"].directory)
        click.echo("Database is ready.")

    @app.cli.command("create-coordinator")
    @click.option("--email", required=True, help="Sign-in address.")
    @click.option("--role", type=click.Choice(ROLES), default="coordinator", show_default=True)
    def create_coordinator(email: str, role: str):
        """Add a coordinator (password from DESK_PASSWORD, or asked for)."""
        password = os.environ.get("DESK_PASSWORD") or click.prompt(
            "Password", hide_input=True, confirmation_prompt=True
        )
        if len(password) < 12:
            raise click.ClickException("Use a password of at least 12 characters.")
        email = email.strip().lower()
        try:  # the address people sign in with: a typo here locks them out
            validate_email(email, check_deliverability=False, test_environment=True)
        except EmailNotValidError as exc:
            raise click.ClickException(f"{email} is not an e-mail address ({exc}). "
                                       "Give the address the person signs in with, like name@agency.gov.") from None
        user = _account(email)
        ended = 0
        if user is None:
            user = User(email=email)
            db.session.add(user)
        else:
            ended = sessions.end_all(user)  # a password reset signs the account out everywhere
        user.role = role
        user.active = True
        user.set_password(password)
        db.session.commit()
        click.echo(f"{role} {email} can sign in." + (f" Ended {ended} session(s)." if ended else ""))

    @app.cli.command("disable-coordinator")
    @click.option("--email", required=True, help="Sign-in address.")
    def disable_coordinator(email: str):
        """Stop an account from signing in, and end every session it has open."""
        user = _account(email.strip().lower())
        if user is None:
            raise click.ClickException(f"No account {email.strip()}. Check the address "
                                       "(create-coordinator adds or re-enables one).")
        user.active = False
        ended = sessions.end_all(user)
        db.session.commit()
        click.echo(f"{user.email} can no longer sign in. Ended {ended} session(s).")

    @app.cli.command("worker")
    def worker():
        """Run one background worker (scans of reported pages, mail); stop it with Ctrl-C or SIGTERM."""
        from .worker import run

        run(current_app._get_current_object())

    @app.cli.command("purge-expired")
    @click.option("--older-than-days", type=click.IntRange(min=0), default=None,
                  help="Retention period; default DESK_RETENTION_DAYS.")
    def purge_expired(older_than_days: int | None):
        """Destroy closed or resolved requests past retention (except those on legal hold)."""
        from .purge import purge

        days = older_than_days if older_than_days is not None else current_app.config["DESK_RETENTION_DAYS"]
        refs = purge(days)
        sessions.end_idle()
        drafts.end_old()
        db.session.commit()
        click.echo(f"Destroyed {len(refs)} request(s) closed more than {days} day(s) ago.")
