"""Receipt printers (configuration, device binding, health) and the print job queue."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models.base import UTCDateTime
from core.models.users import Device

HEALTH_STATES = ("online", "offline", "paper_out", "paper_near_end", "unknown")
JOB_KINDS = ("ticket", "brochure", "directions", "test")
JOB_STATUSES = ("pending", "printing", "done", "failed")


class Printer(db.Model):
    __tablename__ = "printer"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    # printers.config.PrinterConfig.to_dict(): backend, address, profile, code page, paper width, logo, FS .
    config: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Reception staff have no device: their tickets go to this printer.
    reception_default: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(16), default="unknown")
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_error_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    bindings: Mapped[list[PrinterBinding]] = relationship(back_populates="printer", cascade="all, delete-orphan")

    @property
    def backend(self) -> str:
        return str((self.config or {}).get("backend", "network"))


class PrinterBinding(db.Model):
    """A kiosk or reception device prints to exactly one printer; a printer may serve several devices."""

    __tablename__ = "printer_binding"
    device_id: Mapped[int] = mapped_column(ForeignKey("device.id"), primary_key=True)
    printer_id: Mapped[int] = mapped_column(ForeignKey("printer.id"), index=True)

    printer: Mapped[Printer] = relationship(back_populates="bindings")
    device: Mapped[Device] = relationship()


class PrintJob(db.Model):
    __tablename__ = "print_job"
    __table_args__ = (Index("ix_print_job_due", "status", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    printer_id: Mapped[int] = mapped_column(ForeignKey("printer.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    reference: Mapped[str] = mapped_column(String(64), default="")  # ticket id or catalogue code
    # The document's fields, fixed at enqueue time: a reprint comes out exactly the same.
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    printed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_by: Mapped[str] = mapped_column(String(120), default="")
    reprint_of_id: Mapped[int | None] = mapped_column(ForeignKey("print_job.id"), nullable=True)
    # The kiosk that asked for it, told when it is printed or has failed (`print_job` to its device room).
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id", ondelete="SET NULL"), nullable=True)
    # Virtual printers: the ESC/POS bytes produced, drawn as PNG under «Últimas impresiones».
    output: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)

    printer: Mapped[Printer] = relationship()
