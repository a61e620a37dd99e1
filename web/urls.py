"""URLs as the current request should hand them out (core/urls.py holds the rule)."""

from __future__ import annotations

from flask import request

from core import urls


def public_base_url() -> str:
    """PUBLIC_BASE_URL, or this request's host when none is configured."""
    return urls.public_base(request.host_url)
