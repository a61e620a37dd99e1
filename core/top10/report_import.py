"""Import of Smartflex damage reports and product cancellations (CSV or XLSX): all or nothing, idempotent.

Every row is validated first; one bad row rejects the whole file with `ImportRejected`, whose `details` list
{row, column, message} in Spanish, rows numbered as the spreadsheet shows them. An accepted file is upserted
by the Smartflex number in one transaction: a new number is created, a changed row updated, an identical row
left alone, so importing the same export twice changes nothing.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from core import clock, validation
from core.accounts.account_import import read_rows
from core.actors import Actor
from core.errors import ImportRejected, Invalid
from core.extensions import db
from core.formatting import plural
from core.models import Cancellation, DamageReport, ImportBatch
from core.realtime import outbox
from core.top10 import followup
from core.tx import unit_of_work

logger = logging.getLogger(__name__)

MAX_ROWS = 200_000
MAX_ERRORS = 50
NUMBER_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z./_-]{0,39}$")
# Words dropped before matching a header, so "Nro. de Reporte" and "Número Reporte" both read "reporte".
STOP_WORDS = {"de", "del", "la", "el", "los", "las", "nro", "no", "n", "num", "numero"}
DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M",
                "%d/%m/%Y", "%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y", "%d/%m/%y %H:%M", "%d/%m/%y")
CUSTOMER = ("cuenta", "cod cliente", "codigo cliente", "id cliente", "cuenta cliente", "cod cuenta",
            "codigo cuenta", "contrato", "suscriptor", "abonado")
PRODUCT = ("producto", "servicio", "tipo producto", "tipo servicio")


@dataclass(frozen=True)
class Column:
    field: str
    label: str  # the header named in error messages
    required: bool
    kind: str  # code | text | datetime
    max_len: int
    aliases: tuple[str, ...]


DAMAGE_COLUMNS = (
    Column("number", "Nro Reporte", True, "code", 40,
           ("reporte", "reporte dano", "reporte danos", "id reporte", "cod reporte", "codigo reporte", "rd",
            "id dano", "cod dano")),
    Column("customer_code", "Cuenta", True, "code", 40, CUSTOMER),
    Column("customer_name", "Cliente", False, "text", 160,
           ("cliente", "nombre", "nombre cliente", "razon social", "titular", "nombre titular")),
    Column("segment", "Segmento", False, "text", 60,
           ("segmento", "nivel facturacion", "segmento nivel facturacion", "categoria", "segmento cliente")),
    Column("product", "Producto", False, "text", 60, PRODUCT),
    Column("reported_at", "Fecha Reporte", True, "datetime", 0,
           ("fecha reporte", "fecha", "fecha registro", "fecha creacion", "fecha reporte dano", "fecha dano")),
    Column("closed_at", "Fecha Cierre", False, "datetime", 0,
           ("fecha cierre", "fecha atencion", "fecha solucion", "cierre")),
    Column("work_order", "Orden de Trabajo", False, "text", 40, ("orden trabajo", "ot", "orden")),
    Column("description", "Descripción", False, "text", 2000,
           ("descripcion", "detalle", "observacion", "observaciones", "tipo dano", "falla")),
)
# Contact data (issue 12): who fidelización calls (step 9) and where USM plans the visit (step 14). Kept as its own
# list so the tabular-import engine can take it over as is.
CONTACT_COLUMNS = (
    Column("phone", "Teléfono", False, "text", 80,
           ("telefono", "telefonos", "celular", "telefono contacto", "telefono cliente", "movil", "fono")),
    Column("address", "Dirección", False, "text", 300,
           ("direccion", "domicilio", "direccion instalacion", "direccion cliente")),
    Column("zone", "Zona / Centro de Operaciones", False, "text", 120,
           ("zona", "centro operaciones", "zona centro operaciones", "co", "centro", "zona co")),
    Column("contact_person", "Persona de contacto", False, "text", 160,
           ("contacto", "persona contacto", "nombre contacto")),
)
DAMAGE_COLUMNS = DAMAGE_COLUMNS + CONTACT_COLUMNS
CANCELLATION_COLUMNS = (
    Column("number", "Nro Baja", True, "code", 40,
           ("baja", "solicitud", "solicitud baja", "cod baja", "id baja", "tramite", "orden baja")),
    Column("customer_code", "Cuenta", True, "code", 40, CUSTOMER),
    Column("product", "Producto", False, "text", 60, PRODUCT),
    Column("cancelled_at", "Fecha Baja", True, "datetime", 0,
           ("fecha baja", "fecha", "fecha retiro", "fecha solicitud", "fecha cancelacion")),
    Column("reason", "Motivo", False, "text", 2000,
           ("motivo", "motivo baja", "causa", "causal", "observacion", "observaciones")),
)
KINDS: dict[str, tuple[type, tuple[Column, ...]]] = {
    "damage_reports": (DamageReport, DAMAGE_COLUMNS),
    "cancellations": (Cancellation, CANCELLATION_COLUMNS),
}


# The flash after an import, in agreement: «Reportes de daño importados», «Bajas de productos importadas».
IMPORTED = {"damage_reports": "Reportes de daño importados", "cancellations": "Bajas de productos importadas"}


@dataclass
class ImportResult:
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    batch_id: int | None = None
    followed: int = 0  # new reports attached to an open (or reopened) case

    def summary(self) -> str:
        text = (f"{self.rows} {plural(self.rows, 'fila', 'filas')}: {self.created} "
                f"{plural(self.created, 'nueva', 'nuevas')}, {self.updated} "
                f"{plural(self.updated, 'actualizada', 'actualizadas')}, {self.unchanged} sin cambios")
        if self.followed:
            text += (f"; {self.followed} {plural(self.followed, 'reporte sumado', 'reportes sumados')} "
                     "a casos en seguimiento")
        return text + "."


def header_key(value: Any) -> str:
    return " ".join(word for word in validation.folded(value).split() if word not in STOP_WORDS)


def _columns(header: list[str], spec: tuple[Column, ...]) -> dict[str, int]:
    """Map each field to its column index; fail naming every required column that is missing."""
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        key = header_key(name)
        for column in spec:
            if column.field not in found and key in column.aliases:
                found[column.field] = index
                break
    missing = [c for c in spec if c.required and c.field not in found]
    if missing:
        raise ImportRejected(
            "El archivo no tiene las columnas obligatorias: " + ", ".join(f"«{c.label}»" for c in missing) + ".",
            details=[{"row": 1, "column": c.label, "message": f"Falta la columna «{c.label}»."} for c in missing])
    return found


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


def _value(column: Column, raw: str, now: datetime) -> Any:
    """Clean one cell or raise ValueError with the Spanish message for that cell."""
    if not raw:
        if column.required:
            raise ValueError(f"Falta «{column.label}».")
        return None if column.kind == "datetime" else ""
    if column.kind == "datetime":
        try:
            value = parse_datetime(raw)
        except ValueError:
            raise ValueError(f"La fecha «{raw[:40]}» no es válida (use DD/MM/AAAA HH:MM o AAAA-MM-DD).") from None
        if value > now + timedelta(days=1):
            raise ValueError(f"La fecha «{raw[:40]}» está en el futuro.")
        return value
    if len(raw) > column.max_len:
        raise ValueError(f"«{column.label}» no puede pasar de {column.max_len} caracteres.")
    if column.kind == "code" and not NUMBER_RE.match(raw):
        raise ValueError(f"«{raw[:40]}» no es un código válido (letras, números, «-», «/», «.» o «_»).")
    return raw


def parse(kind: str, data: bytes, filename: str, *, now: datetime) -> list[dict[str, Any]]:
    """Validate every row; raise ImportRejected listing the row errors, or return the clean records."""
    _model, spec = KINDS[kind]
    rows = read_rows(data, filename)
    while rows and not any(str(cell).strip() for cell in rows[0]):
        rows.pop(0)
    if not rows:
        raise ImportRejected("El archivo está vacío.", details=[{"row": 1, "column": "", "message": "No hay filas."}])
    columns = _columns(rows[0], spec)
    if len(rows) - 1 > MAX_ROWS:
        raise ImportRejected(details=[{"row": MAX_ROWS + 2, "column": "",
                                       "message": f"El archivo tiene más de {MAX_ROWS} filas."}])
    by_field = {c.field: c for c in spec}
    errors: list[dict[str, Any]] = []
    records: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows[1:], start=2):
        cells = {field: (str(row[index]).strip() if index < len(row) and row[index] is not None else "")
                 for field, index in columns.items()}
        if not any(str(cell).strip() for cell in row):
            continue
        record: dict[str, Any] = {}
        row_errors = []
        for field, column in by_field.items():
            try:
                record[field] = _value(column, cells.get(field, ""), now)
            except ValueError as error:
                row_errors.append({"row": line, "column": column.label, "message": str(error)})
        number = record.get("number")
        if number and number in seen:
            row_errors.append({"row": line, "column": by_field["number"].label,
                               "message": f"El número {number} ya aparece en la fila {seen[number]}."})
        elif number:
            seen[number] = line
        if kind == "damage_reports" and record.get("closed_at") and record.get("reported_at") \
                and record["closed_at"] < record["reported_at"]:
            row_errors.append({"row": line, "column": "Fecha Cierre",
                               "message": "La fecha de cierre es anterior a la fecha del reporte."})
        if row_errors:
            errors.extend(row_errors)
        else:
            records.append(record)
    if errors:
        shown = errors[:MAX_ERRORS]
        if len(errors) > MAX_ERRORS:
            shown.append({"row": None, "column": "", "message": f"… y {len(errors) - MAX_ERRORS} errores más."})
        counted = f"{len(errors)} error" + ("es" if len(errors) != 1 else "")
        raise ImportRejected(f"El archivo fue rechazado ({counted}): no se importó ninguna fila.",
                             details=shown)
    if not records:
        raise ImportRejected("El archivo no tiene filas de datos.",
                             details=[{"row": 2, "column": "", "message": "No hay filas de datos."}])
    return records


def _existing(model: type, numbers: list[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for start in range(0, len(numbers), 500):  # stay under SQLite's bound-parameter limit
        chunk = numbers[start:start + 500]
        found.update((row.number, row) for row in db.session.scalars(select(model).where(model.number.in_(chunk))))
    return found


def upsert(kind: str, records: list[dict[str, Any]], *, filename: str, actor: Actor, now: datetime,
           is_demo: bool = False) -> ImportResult:
    """Write validated records (upsert by Smartflex number) and the batch row, in the caller's unit of work."""
    model, _spec = KINDS[kind]
    result = ImportResult(kind=kind, rows=len(records))
    batch = ImportBatch(kind=kind, filename=filename[:255], rows=len(records),
                        user_id=actor.id if actor.kind == "user" else None, actor_name=actor.name, at=now)
    db.session.add(batch)
    db.session.flush()
    existing = _existing(model, [r["number"] for r in records])
    fresh = []
    for record in records:
        row = existing.get(record["number"])
        if row is None:
            fresh.append(model(**record, batch_id=batch.id, is_demo=is_demo))
            db.session.add(fresh[-1])
            result.created += 1
        elif any(getattr(row, key) != value for key, value in record.items()):
            for key, value in record.items():
                setattr(row, key, value)
            row.batch_id, row.is_demo = batch.id, is_demo
            result.updated += 1
        else:
            result.unchanged += 1
    batch.created, batch.updated, batch.unchanged = result.created, result.updated, result.unchanged
    result.batch_id = batch.id
    if kind == "damage_reports" and fresh:
        db.session.flush()
        result.followed = followup.absorb(fresh, actor=actor, now=now)
    outbox.queue("top10_changed", "top10", {"what": "import", "kind": kind}, sequenced=False)
    return result


def import_data(kind: str, data: bytes, filename: str, *, actor: Actor, now: datetime) -> ImportResult:
    """Parse, validate and upsert one export in one transaction (nothing is written on rejection)."""
    if kind not in KINDS:
        raise Invalid("Tipo de importación desconocido.", code="unknown_import")
    records = parse(kind, data, filename, now=now)
    with unit_of_work():
        result = upsert(kind, records, filename=filename, actor=actor, now=now)
    logger.info("top10 import %s %s by %s: %s", kind, filename, actor.name, result.summary())
    return result


def import_damage_reports(data: bytes, filename: str, *, actor: Actor, now: datetime) -> ImportResult:
    return import_data("damage_reports", data, filename, actor=actor, now=now)


def import_cancellations(data: bytes, filename: str, *, actor: Actor, now: datetime) -> ImportResult:
    return import_data("cancellations", data, filename, actor=actor, now=now)


def import_file(kind: str, path: str | Path, *, actor: Actor, now: datetime) -> ImportResult:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise Invalid(f"No se puede leer el archivo «{path}»: {error.strerror}.", code="unreadable_file") from error
    return import_data(kind, data, path.name, actor=actor, now=now)


def recent_batches(limit: int = 20) -> list[ImportBatch]:
    return list(db.session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc()).limit(limit)))
