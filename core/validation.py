"""Checks shared by the admin operations, each failing with a Spanish `Invalid` that names the field."""

from __future__ import annotations

import re
import unicodedata
from datetime import time

from core.errors import Invalid

CODE_RE = re.compile(r"^[A-Z0-9_]+$")
# What CODE_RE admits, in the words of the error and of the admin forms' hint (the same example in both).
CODE_ALLOWED = "letras sin tilde, números y guion bajo (ej.: BOC_2)"


def text(value: str | None, label: str, *, max_len: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        # «Falta …» agrees with every label («Falta «Observación».»); an adjective would need each label's gender.
        raise Invalid(f"Falta «{label}».", code="missing_field")
    if len(value) > max_len:
        raise Invalid(f"«{label}» no puede pasar de {max_len} caracteres.", code="too_long")
    return value


def code(value: str | None, label: str = "Código", *, max_len: int = 24) -> str:
    """Upper-case letters, digits and underscores: codes appear in URLs, rooms and exports."""
    value = text(value, label, max_len=max_len).upper()
    if not CODE_RE.match(value):
        raise Invalid(f"«{label}» solo admite {CODE_ALLOWED}.", code="invalid_code")
    return value


def integer(value: int | str | None, label: str, *, low: int, high: int) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise Invalid(f"«{label}» debe ser un número entero.", code="invalid_number") from None
    if not low <= number <= high:
        raise Invalid(f"«{label}» debe estar entre {low} y {high}.", code="out_of_range")
    return number


TIME_RE = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def optional_integer(value: int | str | None, label: str, *, low: int, high: int) -> int | None:
    """`integer`, or None when left blank."""
    if value is None or str(value).strip() == "":
        return None
    return integer(value, label, low=low, high=high)


def clock_time(value: str | None, label: str) -> time | None:
    """A wall-clock time typed as HH:MM (24 h), or None when left blank."""
    value = (value or "").strip()
    if not value:
        return None
    found = TIME_RE.match(value)
    if found is None:
        raise Invalid(f"«{label}» debe ser una hora como 08:00 o 17:30.", code="invalid_time")
    return time(int(found.group(1)), int(found.group(2)))


# Row ids are INTEGER columns (PostgreSQL int4); a larger number names no row, and SQLite cannot even bind
# one past 2**63. Every id read from a URL, a form or JSON goes through `record_id`.
MAX_ID = 2**31 - 1
# Dates people type or pick: far enough from the calendar's ends that the week or month before and after exist.
FIRST_YEAR, LAST_YEAR = 2000, 2999


def record_id(value: object) -> int | None:
    """A row id (1…MAX_ID) from a URL, form or JSON value; None when it cannot be one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        number = int(value.strip())
    else:
        return None
    return number if 1 <= number <= MAX_ID else None


def in_years(value: int) -> bool:
    return FIRST_YEAR <= value <= LAST_YEAR


def year(value: int, label: str = "La fecha") -> int:
    if not in_years(value):
        raise Invalid(f"{label} debe estar entre los años {FIRST_YEAR} y {LAST_YEAR}.", code="out_of_range")
    return value


# How a customer is identified (kiosk keypad, reception, API): a Smartflex account number, or a CI, which may
# carry SEGIP's complemento after one dash (1234567-1A). Letters and digits in groups joined by single dashes.
CUSTOMER_ID_RE = re.compile(r"^[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*$")
CI_COMPLEMENTO_RE = re.compile(r"^\d{4,12}-[0-9A-Za-z]{1,2}$")


def customer_id(raw: str | None) -> str:
    """An account number or a CI (with or without complemento), without spaces or dots; a complemento is
    upper-case, as SEGIP writes it (1234567-1a is 1234567-1A)."""
    value = re.sub(r"[\s.]", "", raw or "")
    if CI_COMPLEMENTO_RE.match(value):
        value = value.upper()
    if not (3 <= len(value) <= 20 and CUSTOMER_ID_RE.match(value)):
        raise Invalid("Ingrese un número de cuenta o de CI válido: de 3 a 20 dígitos, o el CI con su complemento "
                      "(ej.: 1234567-1A).", code="invalid_account")
    return value


def name_order(name: str) -> tuple[tuple[int, str], ...]:
    """The order a person expects of names they read: accents and case aside, numbers by value («Mesón 2» before
    «Mesón 10» and «Mesón 19»)."""
    return tuple((int(w), "") if w.isdigit() else (-1, w) for w in re.split(r"(\d+)", folded(name)))


def folded(value: object) -> str:
    """Lower-case words without accents or punctuation: «Nro. de Reporte» → "nro de reporte". How Smartflex
    headers and product names are compared."""
    plain = unicodedata.normalize("NFKD", str(value or "")).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())
