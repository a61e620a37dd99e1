"""The history of Smartflex imports (accounts, damage reports, cancellations): one row per file brought in."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import db
from core.models.base import UTCDateTime

IMPORT_STATUSES = {"queued": "En cola", "reading": "Leyendo el archivo", "writing": "Guardando",
                   "done": "Importado", "rejected": "Rechazado", "failed": "Falló"}
RUNNING = ("queued", "reading", "writing")


class ImportBatch(db.Model):
    """One import (upload, command or demo): who brought which file, how far it got, what it changed, and,
    for a rejected file, the row errors. A background import moves queued → reading → writing → done."""

    __tablename__ = "import_batch"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(10), default="queued")
    rows: Mapped[int] = mapped_column(Integer, default=0)  # data rows of an accepted file
    rows_read: Mapped[int] = mapped_column(Integer, default=0)  # progress while reading
    created: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, nullable=True)  # [{row, column, message}]
    message: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    actor_name: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    @property
    def running(self) -> bool:
        return self.status in RUNNING

    @property
    def status_label(self) -> str:
        return IMPORT_STATUSES.get(self.status, self.status)

    @property
    def rows_seen(self) -> int | None:
        """The file's data rows as far as known: an imported file's, else those read before it was rejected or
        failed (or so far, while it runs); None when none was read (a file refused for its header). A rejected
        file's `rows` stays 0, which the history showed as if the file had been empty."""
        if self.status == "done":
            return self.rows
        return self.rows_read or None


class ImportMapping(db.Model):
    """A source's saved column mapping (issue 12): for each of the engine's columns of one export kind, the
    header that source's files use when it is not one the column already recognises."""

    __tablename__ = "import_mapping"
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    headers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # column field → header in the file
    actor_name: Mapped[str] = mapped_column(String(120), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
