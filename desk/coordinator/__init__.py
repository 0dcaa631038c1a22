from flask import Blueprint

bp = Blueprint("coordinator", __name__, url_prefix="/coordinator")

from . import scan_views, views  # noqa: E402,F401 - registers the routes
