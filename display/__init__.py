"""Waiting-room panels (/display/<area>)."""

from flask import Blueprint

bp = Blueprint("display", __name__)

from display import routes  # noqa: E402,F401
