"""The `desk` blueprint object and what its views share; desk/__init__.py imports the views onto it."""

from flask import Blueprint

bp = Blueprint("desk", __name__)
