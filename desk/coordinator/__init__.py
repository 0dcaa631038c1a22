from flask import Blueprint
from flask_login import current_user

bp = Blueprint("coordinator", __name__, url_prefix="/coordinator")


@bp.context_processor
def queue_delay():
    """Every coordinator page says when scans and e-mail are held up (the public is not told)."""
    from .. import jobs

    return {"queue_delay": jobs.delay_notice() if current_user.is_authenticated else None}


from . import scan_views, views  # noqa: E402,F401 - registers the routes
