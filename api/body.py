"""Reading JSON bodies with Spanish errors."""

from __future__ import annotations

from typing import Any

from flask import request

from core import validation
from core.errors import Invalid


def json_body(required: bool = True) -> dict[str, Any]:
    if not request.data and not required:
        return {}
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise Invalid("El cuerpo de la solicitud debe ser un objeto JSON válido.", code="malformed_json")
    return data


def text(data: dict[str, Any], key: str, *, required: bool = False, max_len: int = 200) -> str | None:
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise Invalid(f"Falta el campo «{key}».", code="missing_field")
        return None
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise Invalid(f"El campo «{key}» debe ser texto.", code="invalid_field")
    value = str(value).strip()
    if len(value) > max_len:
        raise Invalid(f"El campo «{key}» es demasiado largo.", code="invalid_field")
    return value


def flag(data: dict[str, Any], key: str, default: bool) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise Invalid(f"El campo «{key}» debe ser true o false.", code="invalid_field")
    return value


def integer(data: dict[str, Any], key: str) -> int:
    number = validation.record_id(data.get(key))
    if number is None:
        raise Invalid(f"El campo «{key}» debe ser un número de ficha.", code="invalid_field")
    return number
