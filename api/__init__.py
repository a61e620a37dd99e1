"""/api/v1: thin JSON views over core (API.md). Bearer-token calls skip CSRF; cookie calls do not."""

from flask import Blueprint

from core.access import bearer_token
from core.extensions import csrf, limiter

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
limiter.limit("600 per minute")(bp)


@bp.before_request
def _csrf_for_cookie_sessions() -> None:
    # A browser page calling with its session cookie must send the CSRF token (X-CSRFToken header);
    # a bearer token cannot be sent by another site, so it needs none.
    if bearer_token() is None:
        csrf.protect()


from api import accounts, catalogue, desks, display, queues, tickets  # noqa: E402,F401
