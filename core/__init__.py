"""Turnero's domain: models and every state change, plus the app factory that wires the areas together."""

from core.app import create_app

__all__ = ["create_app"]
