"""The import engine: one export of one `Kind`, all or nothing, with an ImportBatch row for every attempt.

Rows stream from core/imports/reader.py; each cell is read by its column (core/imports/columns.py). Any bad
row rejects the whole file with `ImportRejected`, whose details are [{row, column, message}] in Spanish, rows
numbered as the spreadsheet shows them (the first 50, then "… y N errores más"). An accepted file is upserted
by its key in one transaction: a new key is created, a changed row updated, an identical row left alone, so
importing the same export twice changes nothing. The batch row says who, when, which file, how far reading
got, the counts and the outcome (done, rejected with its errors, or failed).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import IntegrityError

from core import clock
from core.actors import Actor
from core.errors import DomainError, ImportRejected, Invalid
from core.extensions import db
from core.formatting import plural
from core.imports import mappings, reader
from core.imports.columns import Column, header_key
from core.models import ImportBatch
from core.roles import require
from core.sqlite import may_yield_while_writing
from core.tx import unit_of_work

logger = logging.getLogger(__name__)

MAX_ERRORS = 50
CHUNK = 500  # keys per query: under SQLite's bound-parameter limit
YIELD_EVERY = 500  # rows between two pauses that let other requests run (gevent greenlets, threads)
SAVE_EVERY = 2_000  # rows between two progress writes of a background import


@dataclass(frozen=True)
class Kind:
    """One Smartflex file type: its columns, the model and key it upserts, and who may import it."""

    name: str  # stored on the batch: "accounts", "damage_reports"…
    label: str  # "Cuentas"
    imported: str  # "Cuentas importadas"
    model: type
    columns: tuple[Column, ...]
    roles: tuple[str, ...]
    # Fields written with every created or changed row: (batch id, now, is_demo) → {field: value}.
    stamp: Callable[[int, datetime, bool], dict[str, Any]]
    key: str = "number"
    # Checks across the columns of one parsed row → [(column label, message)].
    check: Callable[[dict[str, Any]], list[tuple[str, str]]] = lambda record: []
    # Inside the write transaction, what the import means for the rest of the domain; returns a clause for the
    # summary ("" when there is nothing to add).
    after_write: Callable[[Written], str] = lambda written: ""

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.field == name)


@dataclass(frozen=True)
class Written:
    """What one import wrote, handed to its kind's `after_write`."""

    kind: Kind
    created: list[dict[str, Any]]  # the records of the rows it created
    actor: Actor
    now: datetime


@dataclass
class ImportResult:
    kind: Kind
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    batch_id: int | None = None
    also: str = ""  # what after_write added: «1 reporte sumado a casos en seguimiento»

    def summary(self) -> str:
        text = (f"{self.rows} {plural(self.rows, 'fila', 'filas')}: {self.created} "
                f"{plural(self.created, 'nueva', 'nuevas')}, {self.updated} "
                f"{plural(self.updated, 'actualizada', 'actualizadas')}, {self.unchanged} sin cambios")
        return text + (f"; {self.also}." if self.also else ".")

    def message(self) -> str:
        return f"{self.kind.imported}: {self.summary()}"


@dataclass
class Progress:
    """Rows read so far; a background import saves it on its batch every SAVE_EVERY rows."""

    batch_id: int | None = None
    rows: int = 0

    def tick(self) -> None:
        self.rows += 1
        if self.rows % YIELD_EVERY == 0:
            time.sleep(0)  # under gevent this is the hub's turn; with threads it releases the GIL
        if self.batch_id is not None and self.rows % SAVE_EVERY == 0:
            with unit_of_work():
                db.session.execute(update(ImportBatch).where(ImportBatch.id == self.batch_id)
                                   .values(rows_read=self.rows))


@dataclass
class _Errors:
    shown: list[dict[str, Any]] = field(default_factory=list)
    count: int = 0

    def add(self, row: int | None, column: str, message: str) -> None:
        self.count += 1
        if len(self.shown) < MAX_ERRORS:
            self.shown.append({"row": row, "column": column, "message": message})

    def rejection(self) -> ImportRejected:
        details = list(self.shown)
        if self.count > MAX_ERRORS:
            details.append({"row": None, "column": "", "message": f"… y {self.count - MAX_ERRORS} errores más."})
        counted = f"{self.count} error" + ("es" if self.count != 1 else "")
        return ImportRejected(f"El archivo fue rechazado ({counted}): no se importó ninguna fila.", details=details)


def _columns(header: list[str], kind: Kind) -> dict[str, int]:
    """Map each field to its column index, first by the source's saved mapping (core/imports/mappings.py), then
    by each column's own name; fail naming every required column that is missing."""
    found: dict[str, int] = {}
    mapped = mappings.by_header(kind)
    keys = [header_key(name) for name in header]
    for index, key in enumerate(keys):
        if key in mapped and mapped[key] not in found:
            found[mapped[key]] = index
    for index, key in enumerate(keys):
        if index in found.values():
            continue
        column = next((c for c in kind.columns if c.field not in found and c.matches(key)), None)
        if column is not None:
            found[column.field] = index
    missing = [c for c in kind.columns if c.required and c.field not in found]
    if missing:
        raise ImportRejected(
            "El archivo no tiene las columnas obligatorias: " + ", ".join(f"«{c.label}»" for c in missing) + ".",
            details=[{"row": 1, "column": c.label, "message": f"Falta la columna «{c.label}»."} for c in missing])
    return found


def _record(kind: Kind, columns: dict[str, int], cells: list[str], number: int, now: datetime, errors: _Errors,
            seen: dict[Any, int]) -> dict[str, Any] | None:
    """One row's clean record, or None after adding its errors."""
    before = errors.count
    record: dict[str, Any] = {}
    for column in kind.columns:
        index = columns.get(column.field)
        raw = cells[index] if index is not None and index < len(cells) else ""
        try:
            record[column.field] = column.read(raw, now)
        except ValueError as error:
            errors.add(number, column.label, str(error))
    key = record.get(kind.key)
    if key and key in seen:
        errors.add(number, kind.column(kind.key).label, f"El número {key} ya aparece en la fila {seen[key]}.")
    elif key:
        seen[key] = number
    for label, message in kind.check(record):
        errors.add(number, label, message)
    return record if errors.count == before else None


def parse(kind: Kind, data: bytes, filename: str, *, now: datetime, progress: Progress | None = None,
          ) -> list[dict[str, Any]]:
    """Validate every row; raise ImportRejected listing the row errors, or return the clean records."""
    progress = progress or Progress()
    limits = reader.limits()
    errors = _Errors()
    records: list[dict[str, Any]] = []
    seen: dict[Any, int] = {}
    columns: dict[str, int] | None = None
    try:
        for number, cells in reader.rows(data, filename, limits):
            if columns is None and any(cells):  # the first row with text is the header
                columns = _columns(cells, kind)
                continue
            progress.tick()
            if progress.rows > limits.max_rows:  # stop here: the rest of the file is never read
                errors.add(number, "", f"El archivo tiene más de {limits.max_rows} filas: divídalo en partes.")
                break
            if columns is not None and any(cells):
                record = _record(kind, columns, cells, number, now, errors, seen)
                if record is not None:
                    records.append(record)
    except reader.RowUnreadable as problem:
        errors.add(problem.row, "", problem.message)
    if errors.count:
        raise errors.rejection()
    if columns is None:
        raise ImportRejected("El archivo está vacío.", details=[{"row": 1, "column": "", "message": "No hay filas."}])
    if not records:
        raise ImportRejected("El archivo no tiene filas de datos.",
                             details=[{"row": 2, "column": "", "message": "No hay filas de datos."}])
    return records


@dataclass
class _Plan:
    """What writing the records will do: rows to create, rows to change (with their id), rows left alone."""

    new: list[dict[str, Any]] = field(default_factory=list)
    changed: list[dict[str, Any]] = field(default_factory=list)
    unchanged: int = 0


def _plan(kind: Kind, records: list[dict[str, Any]]) -> _Plan:
    """Compare the records with the stored rows by key. Plain reads, done before the write transaction so the
    write lock (all of SQLite's) is held only for the statements themselves."""
    model, fields = kind.model, [c.field for c in kind.columns]
    key = getattr(model, kind.key)
    plan = _Plan()
    for start in range(0, len(records), CHUNK):
        chunk = records[start:start + CHUNK]
        existing = {row[1]: row for row in db.session.execute(
            select(model.id, key, *(getattr(model, name) for name in fields))
            .where(key.in_([r[kind.key] for r in chunk])))}
        for record in chunk:
            row = existing.get(record[kind.key])
            if row is None:
                plan.new.append(record)
            elif any(getattr(row, name) != record[name] for name in fields):
                plan.changed.append({**record, "row_id": row.id})
            else:
                plan.unchanged += 1
        time.sleep(0)
    return plan


def _apply(kind: Kind, plan: _Plan, batch: ImportBatch, actor: Actor, now: datetime, is_demo: bool,
           ) -> ImportResult:
    """Run the plan with Core executemany statements (no ORM object per row), in the caller's transaction."""
    table = kind.model.__table__
    stamp = kind.stamp(batch.id, now, is_demo)
    # Between chunks other requests may run, unless SQLite waits for its lock in C (core/sqlite.py): then a
    # greenlet that wants to write while this transaction holds the lock would wait with the whole gevent loop.
    pause = (lambda: time.sleep(0)) if may_yield_while_writing(db.engine) else (lambda: None)
    by_id = table.update().where(table.c.id == bindparam("row_id"))
    try:
        for start in range(0, len(plan.new), CHUNK):
            db.session.execute(table.insert(), [{**r, **stamp} for r in plan.new[start:start + CHUNK]])
            pause()
        for start in range(0, len(plan.changed), CHUNK):
            db.session.execute(by_id, [{**r, **stamp} for r in plan.changed[start:start + CHUNK]])
            pause()
    except IntegrityError as error:  # another import wrote one of these keys after _plan read them
        raise Invalid("Otra importación cambió estas filas mientras se leía el archivo: vuelva a importarlo.",
                      code="import_conflict") from error
    result = ImportResult(kind=kind, rows=len(plan.new) + len(plan.changed) + plan.unchanged, created=len(plan.new),
                          updated=len(plan.changed), unchanged=plan.unchanged, batch_id=batch.id)
    batch.status, batch.rows, batch.finished_at = "done", result.rows, clock.now()
    batch.created, batch.updated, batch.unchanged = result.created, result.updated, result.unchanged
    result.also = batch.message = kind.after_write(Written(kind=kind, created=plan.new, actor=actor, now=now))
    return result


def _new_batch(kind: Kind, filename: str, actor: Actor, now: datetime, status: str) -> ImportBatch:
    batch = ImportBatch(kind=kind.name, filename=filename[:255], status=status, rows=0, rows_read=0, created=0,
                        updated=0, unchanged=0, message="", user_id=actor.id if actor.kind == "user" else None,
                        actor_name=actor.name, at=now)
    db.session.add(batch)
    db.session.flush()
    return batch


def open_batch(kind: Kind, filename: str, *, actor: Actor, now: datetime, status: str = "queued") -> int:
    with unit_of_work():
        return _new_batch(kind, filename, actor, now, status).id


def _finish(batch_id: int, status: str, rows_read: int, message: str, errors: list | None = None) -> None:
    with unit_of_work():
        db.session.execute(update(ImportBatch).where(ImportBatch.id == batch_id).values(
            status=status, rows_read=rows_read, message=message, errors=errors, finished_at=clock.now()))


def upsert(kind: Kind, records: list[dict[str, Any]], *, filename: str, actor: Actor, now: datetime,
           is_demo: bool = False) -> ImportResult:
    """Write records built in code (the demo) with their batch row, in the caller's unit of work."""
    batch = _new_batch(kind, filename, actor, now, "writing")
    batch.rows_read = len(records)
    return _apply(kind, _plan(kind, records), batch, actor, now, is_demo)


def run(kind: Kind, data: bytes, filename: str, *, actor: Actor, now: datetime, batch_id: int | None = None,
        ) -> ImportResult:
    """Parse, validate and upsert one export (nothing is written on rejection). A background job passes the
    batch it opened, and then the batch shows the rows read so far."""
    require(actor, kind.roles)  # checked in the domain: the CLI, admin and background jobs alike
    background = batch_id is not None
    if batch_id is None:
        batch_id = open_batch(kind, filename, actor=actor, now=now, status="reading")
    else:
        with unit_of_work():
            db.session.execute(update(ImportBatch).where(ImportBatch.id == batch_id).values(status="reading"))
    progress = Progress(batch_id if background else None)
    try:
        records = parse(kind, data, filename, now=now, progress=progress)
        if background:
            with unit_of_work():
                db.session.execute(update(ImportBatch).where(ImportBatch.id == batch_id)
                                   .values(status="writing", rows_read=progress.rows))
        plan = _plan(kind, records)
        with unit_of_work():
            batch = db.session.get(ImportBatch, batch_id)
            batch.rows_read = progress.rows
            result = _apply(kind, plan, batch, actor, now, is_demo=False)
    except DomainError as error:
        _finish(batch_id, "rejected", progress.rows, error.message,
                error.details if isinstance(error.details, list) else None)
        raise
    except Exception:
        _finish(batch_id, "failed", progress.rows, "Error interno durante la importación: avise al administrador.")
        raise
    logger.info("import %s %s by %s: %s", kind.name, filename, actor.name, result.summary())
    return result


def import_file(kind: Kind, path: str | Path, *, actor: Actor, now: datetime) -> ImportResult:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise Invalid(f"No se puede leer el archivo «{path}»: {error.strerror}.", code="unreadable_file") from error
    return run(kind, data, path.name, actor=actor, now=now)
