"""The `kiosk` blueprint object and what its views share; kiosk/__init__.py imports the views onto it."""

from flask import Blueprint

bp = Blueprint("kiosk", __name__)
