"""Desk console (/desk) and the customer satisfaction survey (/encuesta/<desk>)."""

from desk import routes  # noqa: F401
from desk.blueprint import bp

__all__ = ["bp"]
