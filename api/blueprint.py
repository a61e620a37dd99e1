"""The `api` blueprint object and what its views share; api/__init__.py imports the views onto it."""

from flask import Blueprint, current_app

from core.extensions import limiter
from web.access import rate_key

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# CSRF: the app's one rule (web/access.py install_csrf), a bearer call needs no token, a cookie session does.
limiter.limit(lambda: current_app.config["API_RATE_LIMIT"], key_func=rate_key)(bp)
