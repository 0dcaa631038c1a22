"""flask --app desk init-db | create-coordinator | purge-expired."""
from __future__ import annotations

import os

import click
from flask import Flask, current_app
from flask_migrate import upgrade

from .extensions import db
from .models import ROLES, User


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
        user = User.query.filter(db.func.lower(User.email) == email).first()
        if user is None:
            user = User(email=email)
            db.session.add(user)
        user.role = role
        user.active = True
        user.set_password(password)
        db.session.commit()
        click.echo(f"{role} {email} can sign in.")

    @app.cli.command("purge-expired")
    @click.option("--older-than-days", type=click.IntRange(min=0), default=None,
                  help="Retention period; default DESK_RETENTION_DAYS.")
    def purge_expired(older_than_days: int | None):
        """Destroy closed or resolved requests past retention (except those on legal hold)."""
        from .purge import purge

        days = older_than_days if older_than_days is not None else current_app.config["DESK_RETENTION_DAYS"]
        refs = purge(days)
        click.echo(f"Destroyed {len(refs)} request(s) closed more than {days} day(s) ago.")
