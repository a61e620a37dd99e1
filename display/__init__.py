"""Waiting-room panels (/display/<area>)."""

from display import routes  # noqa: F401
from display.blueprint import bp

__all__ = ["bp"]
