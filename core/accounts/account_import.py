"""Import of Smartflex account exports (CSV or XLSX): all or nothing, upsert by account number.

Every row is validated first; one bad row rejects the whole file with the list of row errors (in Spanish,
numbered as the spreadsheet shows them). A valid file is written in one transaction, so a re-import of
the same file changes nothing and a newer export updates the accounts it lists.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import select

from core import clock
from core.actors import Actor
from core.errors import ImportRejected, Invalid
from core.extensions import db
from core.models import Account
from core.roles import SUPERVISORS, require
from core.tx import unit_of_work

logger = logging.getLogger(__name__)

MAX_ROWS = 200_000
MAX_ERRORS = 50
# Column name in the export (lower case, without accents or punctuation) → field.
HEADERS = {
    "cuenta": "number", "nro cuenta": "number", "numero cuenta": "number", "numero de cuenta": "number",
    "n cuenta": "number", "cod cuenta": "number", "codigo cuenta": "number", "account": "number",
    "ci": "ci", "nro ci": "ci", "documento": "ci", "nro documento": "ci", "numero documento": "ci",
    "cedula": "ci", "carnet": "ci",
    "nombre": "holder_name", "titular": "holder_name", "cliente": "holder_name", "nombre cliente": "holder_name",
    "nombre titular": "holder_name", "razon social": "holder_name",
    "deuda": "debt_amount", "saldo": "debt_amount", "saldo deudor": "debt_amount", "monto deuda": "debt_amount",
    "deuda bs": "debt_amount", "saldo pendiente": "debt_amount",
    "requisitos pendientes": "pending", "requisitos": "pending", "pendientes": "pending",
    "observaciones": "notes", "notas": "notes", "observacion": "notes",
}
ACCOUNT_RE = re.compile(r"^[0-9A-Za-z-]{3,32}$")


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def _header_key(value: Any) -> str:
    text = unicodedata.normalize("NFKD", str(value or "")).encode("ascii", "ignore").decode().lower()
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9]+", " ", text)).strip()


def _cell(value: Any) -> str:
    """Spreadsheets turn account numbers into numbers: 100200.0 → "100200"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _amount(raw: str) -> Decimal:
    text = raw.replace("Bs", "").replace(" ", "").strip() or "0"
    if "," in text and "." in text:  # 1.234,50 (Bolivia) or 1,234.50
        text = text.replace(".", "").replace(",", ".") if text.rfind(",") > text.rfind(".") else text.replace(",", "")
    else:
        text = text.replace(",", ".")
    amount = Decimal(text)
    if not amount.is_finite() or amount < 0:
        raise InvalidOperation
    return amount.quantize(Decimal("0.01"))


def _read_csv(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ("\t" if "\t" in first else ",")
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several unrelated types for a broken file
        raise Invalid("El archivo XLSX no se puede leer: ¿es una planilla válida?", code="unreadable_file") from error
    try:
        sheet = workbook.worksheets[0]
        return [[_cell(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def read_rows(data: bytes, filename: str) -> list[list[str]]:
    suffix = Path(filename).suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(data)
    if suffix in (".csv", ".txt"):
        return _read_csv(data)
    raise Invalid("Formato no admitido: suba un archivo CSV o XLSX exportado de Smartflex.", code="unsupported_file")


def _columns(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        target = HEADERS.get(_header_key(name))
        if target and target not in columns:
            columns[target] = index
    if "number" not in columns:
        raise ImportRejected("El archivo no tiene la columna del número de cuenta («Cuenta»).",
                             details=["Fila 1: falta la columna «Cuenta» (número de cuenta)."])
    return columns


def parse(data: bytes, filename: str) -> list[dict[str, Any]]:
    """Validate every row; raise ImportRejected listing the row errors, or return the clean records."""
    rows = read_rows(data, filename)
    while rows and not any(cell.strip() for cell in rows[0]):
        rows.pop(0)
    if not rows:
        raise ImportRejected("El archivo está vacío.", details=["El archivo no tiene filas."])
    columns = _columns(rows[0])
    if len(rows) - 1 > MAX_ROWS:
        raise ImportRejected(details=[f"El archivo tiene más de {MAX_ROWS} filas."])
    records: list[dict[str, Any]] = []
    errors: list[str] = []
    seen: dict[str, int] = {}

    def get(row: list[str], key: str) -> str:
        index = columns.get(key)
        return _cell(row[index]) if index is not None and index < len(row) else ""

    for line, row in enumerate(rows[1:], start=2):
        if not any(_cell(cell) for cell in row):
            continue
        number = get(row, "number")
        if not number:
            errors.append(f"Fila {line}: falta el número de cuenta.")
            continue
        if not ACCOUNT_RE.match(number):
            errors.append(f"Fila {line}: el número de cuenta «{number[:40]}» no es válido.")
            continue
        if number in seen:
            errors.append(f"Fila {line}: la cuenta {number} ya aparece en la fila {seen[number]}.")
            continue
        seen[number] = line
        try:
            debt = _amount(get(row, "debt_amount"))
        except (InvalidOperation, ValueError):
            errors.append(f"Fila {line}: la deuda «{get(row, 'debt_amount')[:40]}» no es un monto válido.")
            continue
        ci = get(row, "ci")
        if len(ci) > 20:
            errors.append(f"Fila {line}: el CI «{ci[:40]}» es demasiado largo.")
            continue
        pending = [part.strip() for part in re.split(r"[;|\n]", get(row, "pending")) if part.strip()]
        records.append({"number": number, "ci": ci, "holder_name": get(row, "holder_name")[:160],
                        "debt_amount": debt, "pending_requirements": "\n".join(pending),
                        "notes": get(row, "notes")})
    if errors:
        shown = errors[:MAX_ERRORS]
        if len(errors) > MAX_ERRORS:
            shown.append(f"… y {len(errors) - MAX_ERRORS} errores más.")
        raise ImportRejected(details=shown)
    if not records:
        raise ImportRejected("El archivo no tiene cuentas.", details=["El archivo no tiene filas de datos."])
    return records


def import_accounts(data: bytes, filename: str, *, actor: Actor) -> ImportReport:
    """Parse, validate and upsert by account number in one transaction (nothing is written on rejection)."""
    require(actor, SUPERVISORS)
    records = parse(data, filename)
    report = ImportReport(rows=len(records))
    now = clock.now()
    with unit_of_work():
        numbers = [r["number"] for r in records]
        existing: dict[str, Account] = {}
        for start in range(0, len(numbers), 500):  # stay under SQLite's bound-parameter limit
            chunk = numbers[start:start + 500]
            existing.update((row.number, row) for row in db.session.scalars(
                select(Account).where(Account.number.in_(chunk))))
        for record in records:
            row = existing.get(record["number"])
            if row is None:
                db.session.add(Account(**record, updated_at=now, is_demo=False))
                report.created += 1
                continue
            changed = any(getattr(row, key) != value for key, value in record.items())
            if changed:
                for key, value in record.items():
                    setattr(row, key, value)
                row.updated_at = now
                row.is_demo = False
                report.updated += 1
            else:
                report.unchanged += 1
    logger.info("accounts import %s by %s: %s rows", filename, actor.name, report.rows)
    return report


def import_file(path: str | Path, *, actor: Actor) -> ImportReport:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise Invalid(f"No se puede leer el archivo «{path}»: {error.strerror}.", code="unreadable_file") from error
    return import_accounts(data, path.name, actor=actor)
