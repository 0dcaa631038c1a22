"""Error pages: every error is a full page with a way forward, never a bare status line."""
from __future__ import annotations

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError

from .security import from_another_site


def _staff() -> bool:
    """A signed-in coordinator in the coordinator's area: their layout and words, not the public's."""
    if not request.path.startswith("/coordinator"):
        return False
    try:
        from flask_login import current_user

        return bool(current_user.is_authenticated)
    except Exception:  # noqa: BLE001 - an error page must not fail (the database may be the error)
        return False


def _page(code: int, title: str, message: str, staff_message: str | None = None):
    staff = _staff()
    return render_template("errors/error.html", code=code, title=title, staff=staff,
                           message=staff_message if staff and staff_message else message), code


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        if from_another_site(request):
            # Nobody here typed this: show none of it back (a pre-filled form with a fresh
            # token would let another site put words in a requester's mouth).
            return render_template("errors/another_site.html"), 400
        # The form's security token expired or is missing: show the same form again with
        # everything the person typed, and ask them to send it again.
        if request.endpoint == "public.new_request":
            from .public.views import expired_form

            return expired_form()
        if request.endpoint == "auth.logout":
            from .auth.views import expired_logout

            return expired_logout()
        if request.endpoint == "auth.login":
            from .auth.views import expired_login

            return expired_login()
        if request.endpoint == "auth.extend_session":
            from .auth.views import extend_expired

            return extend_expired()
        if request.endpoint == "coordinator.export_csv":
            from .coordinator.views import expired_export

            return expired_export()
        if request.endpoint and request.endpoint.startswith("coordinator.act_"):
            from .coordinator.views import expired_action

            return expired_action()
        return _page(
            400,
            "This page has expired",
            "For your security, the form you sent had expired. Go back, reload the page "
            "and try again.",
        )

    @app.errorhandler(400)
    def bad_request(exc):
        return _page(400, "Something was wrong with that request", "Go back and try again.")

    @app.errorhandler(403)
    def forbidden(exc):
        return _page(403, "You do not have access to this page",
                     "Your account does not allow this action. Ask an administrator.")

    @app.errorhandler(404)
    def not_found(exc):
        return _page(
            404,
            "Page not found",
            "If you typed the web address, check it is correct. If you followed a status "
            "link, use the whole link from your confirmation page or e-mail.",
            staff_message="There is no request or page at this address. If you typed a request's "
                          "reference, check it, or search for it in the request queue.",
        )

    @app.errorhandler(405)
    def not_allowed(exc):
        return _page(405, "That action is not available here", "Go back and try again.",
                     staff_message="This address only takes a form sent from a request's page. Go back "
                                   "to the request and use its button.")

    @app.errorhandler(413)
    def too_large(exc):
        from .config import MAX_REQUEST_BYTES

        return _page(
            413,
            "What you sent is too long",
            f"The desk accepts up to {MAX_REQUEST_BYTES // (1024 * 1024)} MB of text in one form, and "
            "what you sent was more. Your answers are not lost: use your browser's Back button to "
            "return to the form with them, shorten the longest answer (a description can be up to "
            "5,000 characters), and send it again. Or contact us another way.",
        )

    @app.errorhandler(429)
    def too_many(exc):
        if request.endpoint == "auth.login":
            from .auth.views import login_rate_limited

            return login_rate_limited()
        return _page(
            429,
            "Too many attempts",
            "You have asked for this page too many times in a short while. Wait a minute, "
            "then try again.",
        )

    @app.errorhandler(500)
    def server_error(exc):
        return _page(
            500,
            "Sorry, there is a problem with the service",
            "Try again later, or contact us by phone or post.",
            staff_message="Something went wrong on the desk's side, so what you asked for may not have "
                          "been done. Try again in a few minutes. If it happens again, tell the desk's "
                          "administrator what you were doing and when: the details are in the desk's log.",
        )
