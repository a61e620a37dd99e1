"""The `auth` blueprint object and what its views share; auth/__init__.py imports the views onto it."""

from flask import Blueprint

bp = Blueprint("auth", __name__)
