"""The scheduled Top 10 import (issue 12): `flask --app wsgi import-folder`, run by cron or a systemd timer,
imports every new Smartflex export dropped in TOP10_IMPORT_DIR, through the one engine (so each file leaves
its ImportBatch row in the admin's import history, and a source's saved column mapping applies).

    TOP10_IMPORT_DIR/reportes/   damage reports      → reportes/procesados/ or reportes/rechazados/
    TOP10_IMPORT_DIR/bajas/      cancellations       → bajas/procesados/ or bajas/rechazados/

Files are taken in name order; hidden files and names ending .part or .tmp (a copy still being written: copy,
then rename) are left alone. One run at a time, across every host sharing the database: a run holds the
«import-folder» lease (core/jobs/lease.py, renewed while it works); a second run finds it taken and does
nothing. A run killed mid-way leaves the lease to expire (JOB_LEASE_SECONDS), then the next run goes ahead.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from core import clock
from core.actors import Actor
from core.errors import DomainError, Invalid
from core.imports import engine
from core.imports.kinds import KINDS
from core.jobs import lease

logger = logging.getLogger(__name__)

FOLDERS = {"reportes": "damage_reports", "bajas": "cancellations"}  # subfolder → the export kind
DONE, REJECTED = "procesados", "rechazados"
SKIPPED_SUFFIXES = (".part", ".tmp")
# Who the history names for these batches; passes the importers' role check like the other commands.
SCHEDULED = Actor("system", None, "importación programada", frozenset({"admin"}))


Busy = lease.Busy  # another run holds the «import-folder» lease


@dataclass(frozen=True)
class Outcome:
    filename: str
    kind: str  # the kind's label: «Reportes de daño»
    ok: bool
    message: str
    moved_to: Path


def configured_dir() -> Path:
    folder = current_app.config.get("TOP10_IMPORT_DIR")
    if not folder:
        raise Invalid("Configure TOP10_IMPORT_DIR con la carpeta de importación del Top 10.", code="no_import_dir")
    path = Path(folder)
    if not path.is_dir():
        raise Invalid(f"La carpeta de importación «{path}» no existe.", code="no_import_dir")
    return path


def pending(root: Path) -> list[tuple[str, Path]]:
    """The files waiting in each subfolder, as (kind name, path)."""
    found = []
    for sub, kind in FOLDERS.items():
        folder = root / sub
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.is_file() and not path.name.startswith(".") and not path.name.endswith(SKIPPED_SUFFIXES):
                found.append((kind, path))
    return found


def _move(path: Path, to: str) -> Path:
    """Into `to/` beside the file, never over an earlier file of the same name."""
    target_dir = path.parent / to
    target_dir.mkdir(exist_ok=True)
    target = target_dir / path.name
    stamp = f"{clock.local(clock.now()):%Y%m%d-%H%M%S}"
    number = 0
    while target.exists():
        number += 1
        target = target_dir / f"{path.stem}-{stamp}{f'-{number}' if number > 1 else ''}{path.suffix}"
    return path.rename(target)


def import_folder(root: Path | None = None) -> list[Outcome]:
    """Import every pending file, each all or nothing; raises Busy when another run holds the lease."""
    root = root or configured_dir()
    outcomes = []
    with lease.held(lease.IMPORT_FOLDER):
        for kind_name, path in pending(root):
            kind = KINDS[kind_name]
            try:
                result = engine.import_file(kind, path, actor=SCHEDULED, now=clock.now())
                ok, message = True, result.message()
            except DomainError as error:  # rejected or unreadable: its batch row holds the row errors
                ok, message = False, error.message
            except Exception:  # the batch row says «falló»; the file is set aside so the next run goes on
                logger.exception("scheduled import of %s failed", path)
                ok, message = False, "Error interno durante la importación: avise al administrador."
            try:
                moved = _move(path, DONE if ok else REJECTED)
            except OSError as error:  # left in place: the next run tries again, and says why now
                logger.error("scheduled import could not move %s: %s", path, error)
                ok, message, moved = False, f"{message} No se pudo mover el archivo: {error.strerror}.", path
            logger.info("scheduled import %s (%s): %s", path.name, kind.name, message)
            outcomes.append(Outcome(path.name, kind.label, ok, message, moved))
    return outcomes
