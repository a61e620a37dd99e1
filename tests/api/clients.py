"""Kept for imports: the isolated client now lives in tests/clients.py and is every app's test client."""

from tests.clients import IsolatedClient

__all__ = ["IsolatedClient"]
