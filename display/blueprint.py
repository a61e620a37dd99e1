"""The `display` blueprint object and what its views share; display/__init__.py imports the views onto it."""

from flask import Blueprint

bp = Blueprint("display", __name__)
