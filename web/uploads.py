"""Per-view upload caps below the app-wide MAX_CONTENT_LENGTH (which fits a panel video).

`@upload_limit("IMPORT_MAX_BYTES")` on a view sets `request.max_content_length` (Flask 3.1) before anything
reads the body: the hook is installed ahead of the CSRF check (web/access.py), which parses the form. Werkzeug
then answers 413 from the Content-Length alone, and web/errors.py words it in Spanish."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import Flask, current_app, request

View = TypeVar("View", bound=Callable)


def upload_limit(config_key: str) -> Callable[[View], View]:
    def mark(view: View) -> View:
        view.upload_limit = config_key  # type: ignore[attr-defined]
        return view

    return mark


def _apply() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    key = getattr(view, "upload_limit", None)
    if key:
        request.max_content_length = int(current_app.config[key])


def install(app: Flask) -> None:
    """Call before `access.install_csrf(app)`: before-request hooks run in the order they were added."""
    app.before_request(_apply)
