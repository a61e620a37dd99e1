"""The `api` blueprint object and what its views share; api/__init__.py imports the views onto it."""

from flask import Blueprint, current_app

from core.extensions import csrf, limiter
from web.access import bearer_token, rate_key

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
limiter.limit(lambda: current_app.config["API_RATE_LIMIT"], key_func=rate_key)(bp)


@bp.before_request
def _csrf_for_cookie_sessions() -> None:
    # A browser page calling with its session cookie must send the CSRF token (X-CSRFToken header);
    # a bearer token cannot be sent by another site, so it needs none.
    if bearer_token() is None:
        csrf.protect()
