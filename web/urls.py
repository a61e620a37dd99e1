"""URLs as the current request should hand them out (core/urls.py holds the rule)."""

from __future__ import annotations

from typing import Any

from flask import request
from werkzeug.routing import IntegerConverter, Map

from core import urls, validation


def public_base_url() -> str:
    """PUBLIC_BASE_URL, or this request's host when none is configured."""
    return urls.public_base(request.host_url)


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: a number past the id range matches no route (404) instead of reaching the
    database, which cannot bind it (SQLite) or compares it in vain."""

    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", validation.MAX_ID)
        super().__init__(url_map, *args, **kwargs)
