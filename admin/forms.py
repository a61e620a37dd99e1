"""Small helpers for the admin pages: read the posted form, refill it after an error, report the outcome.

The rules themselves live in core (one place, Spanish messages); these only move values in and out.
"""

from __future__ import annotations

from typing import Any

from flask import flash, render_template, request
from werkzeug.datastructures import MultiDict

from core import validation
from core.errors import DomainError


def values(**fields: Any) -> MultiDict:
    """Form values from an object being edited; lists become repeated keys (checkbox groups)."""
    data: MultiDict = MultiDict()
    for key, value in fields.items():
        if isinstance(value, list | tuple | set):
            for item in value:
                data.add(key, str(item))
        elif isinstance(value, bool):
            if value:
                data.add(key, "1")
        elif value is not None:
            data.add(key, str(value))
    return data


def text(name: str) -> str:
    return request.form.get(name, "").strip()


def flag(name: str) -> bool:
    return request.form.get(name) in ("1", "on", "true", "y")


def many(name: str) -> list[str]:
    return [v for v in request.form.getlist(name) if v.strip()]


def optional_int(raw: str | None) -> int | None:
    """A row id chosen in a form (a technician, an agent); None when empty or not an id."""
    return validation.record_id(raw)


def refill(error: DomainError, template: str, **context: Any) -> tuple[str, int]:
    """Show the error above the form and keep what the user typed."""
    flash(error.message, "error")
    return render_template(template, values=request.form, **context), error.status
