"""What a column of a Smartflex export is: the header names it answers to, and how one of its cells becomes a
value or a Spanish message for that cell (raised as ValueError, reported as {row, column, message})."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from core import clock, validation

Parser = Callable[[str, datetime], Any]  # (the cell's text, now) → value; ValueError(Spanish message) if bad

# Words dropped before matching a header, so "Nro. de Reporte" and "Número Reporte" both read "reporte".
STOP_WORDS = {"de", "del", "la", "el", "los", "las", "nro", "no", "n", "num", "numero"}
DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M",
                "%d/%m/%Y", "%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y", "%d/%m/%y %H:%M", "%d/%m/%y")
UNREADABLE = "La celda tiene caracteres que no se pueden leer: guarde el archivo como «CSV UTF-8»."
CLOCK_SKEW = timedelta(minutes=10)  # how far ahead of ours Smartflex's clock may run
_UNDECODED = re.compile("[\udc80-\udcff]")  # bytes the CSV decoder could not read (surrogateescape)


def header_key(value: Any) -> str:
    """A header without case, accents, punctuation or numbering words: "Nro. de Cuenta" → "cuenta"."""
    return " ".join(word for word in validation.folded(value).split() if word not in STOP_WORDS)


def as_text(raw: str, now: datetime) -> str:
    return raw


def code(pattern: str, hint: str) -> Parser:
    """A Smartflex number or account code matching `pattern`; `hint` says in Spanish what is allowed."""
    compiled = re.compile(pattern)

    def parse(raw: str, now: datetime) -> str:
        if not compiled.match(raw):
            raise ValueError(f"«{raw[:40]}» no es un código válido ({hint}).")
        return raw

    return parse


def parse_datetime(raw: str) -> datetime:
    """A La Paz date or date-time as Smartflex and spreadsheets write it → aware UTC."""
    text = raw.strip().replace("T", " ")
    text = re.sub(r"(\.\d+)?([+-]\d{2}:?\d{2}|Z)?$", "", text) if re.match(r"^\d{4}-", text) else text
    if re.fullmatch(r"\d{5}(\.\d+)?", text):  # an Excel serial day number left as a number
        value = datetime(1899, 12, 30) + timedelta(days=float(text))
    else:
        for fmt in DATE_FORMATS:
            try:
                value = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        else:
            raise ValueError(raw)
    return value.replace(tzinfo=clock.tz()).astimezone(UTC)


def as_datetime(raw: str, now: datetime) -> datetime:
    """A past La Paz date-time: what Smartflex recorded cannot be later than the import, so a future date is an
    error of the export, not data. CLOCK_SKEW allows for a source whose clock runs slightly ahead."""
    try:
        value = parse_datetime(raw)
    except ValueError:
        raise ValueError(f"La fecha «{raw[:40]}» no es válida (use DD/MM/AAAA HH:MM o AAAA-MM-DD).") from None
    if value > now + CLOCK_SKEW:
        raise ValueError(f"La fecha «{raw[:40]}» está en el futuro.")
    return value


def as_amount(raw: str, now: datetime) -> Decimal:
    """Bolivianos as written in La Paz or by a spreadsheet: "Bs 1.234,50", "1,234.50", "80.5" → 2 decimals."""
    text = raw.replace("Bs", "").replace(" ", "").strip() or "0"
    if "," in text and "." in text:  # 1.234,50 (Bolivia) or 1,234.50
        text = text.replace(".", "").replace(",", ".") if text.rfind(",") > text.rfind(".") else text.replace(",", "")
    else:
        text = text.replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"«{raw[:40]}» no es un monto válido (por ejemplo 1.234,50).")
    return amount.quantize(Decimal("0.01"))


def as_lines(raw: str, now: datetime) -> str:
    """A list written in one cell, separated by «;», «|» or line breaks → one item per line."""
    return "\n".join(part.strip() for part in re.split(r"[;|\n]", raw) if part.strip())


@dataclass(frozen=True)
class Column:
    field: str  # the model attribute
    label: str  # the header named in error messages and on the admin page
    aliases: tuple[str, ...]  # other headers, as header_key() writes them
    parse: Parser = as_text
    required: bool = False
    max_len: int = 2000
    empty: Any = ""  # the value of an empty optional cell
    truncate: bool = False  # cut an over-long cell to max_len instead of refusing it

    def matches(self, key: str) -> bool:
        return key == header_key(self.label) or key in self.aliases

    def read(self, raw: str, now: datetime) -> Any:
        if not raw:
            if self.required:
                raise ValueError(f"Falta «{self.label}».")
            return self.empty
        if _UNDECODED.search(raw):
            raise ValueError(UNREADABLE)
        if len(raw) > self.max_len:
            if not self.truncate:
                raise ValueError(f"«{self.label}» no puede pasar de {self.max_len} caracteres.")
            raw = raw[:self.max_len]
        return self.parse(raw, now)
