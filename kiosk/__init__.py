"""Customer kiosk (/kiosk), reception desk (/recepcion) and the ticket's live status page (/t/<token>)."""

from flask import Blueprint

bp = Blueprint("kiosk", __name__)

from kiosk import routes  # noqa: E402,F401
