"""Desk console (/desk) and the customer satisfaction survey (/encuesta/<desk>)."""

from flask import Blueprint

bp = Blueprint("desk", __name__)

from desk import routes  # noqa: E402,F401
