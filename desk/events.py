"""Desk console socket events (filled by the desk console work)."""
