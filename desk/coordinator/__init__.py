from flask import Blueprint
from flask_login import current_user

bp = Blueprint("coordinator", __name__, url_prefix="/coordinator")


def delay_for_coordinators(held: tuple[str, str] | None) -> dict | None:
    """The job queue's delay (jobs.delay: its cause and notice) said for a coordinator, who may not
    run servers: what is held up, that nothing is lost, and whom to tell. The notice's technical
    words (the command to start a worker) stay, for the administrator, under "Details for the
    desk's administrator"."""
    if not held:
        return None
    cause, notice = held
    if cause == "worker":
        cause = "the desk's background worker, which does this work, seems not to be running"
        ask = "Tell the desk's administrator, so they can check the background worker."
    else:
        cause = "the desk could not reach its job queue; the work is kept and goes out when it is back"
        ask = "If this lasts, tell the desk's administrator, so they can check the job queue."
    summary = (f"Scans of reported pages and e-mails to requesters are delayed: {cause}. "
               f"You can carry on working. {ask}")
    return {"summary": summary, "details": notice}


@bp.context_processor
def queue_delay():
    """Every coordinator page says when scans and e-mail are held up (the public is not told)."""
    from .. import jobs

    return {"queue_delay": delay_for_coordinators(jobs.delay()) if current_user.is_authenticated else None}


from . import scan_views, views  # noqa: E402,F401 - registers the routes
