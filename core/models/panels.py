"""The last health report of each waiting-room panel (core/panels/health.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import db
from core.models.base import UTCDateTime


class PanelHealth(db.Model):
    """One row per panel device, overwritten by each report. In the database, not in a process's memory: with
    several instances behind Redis a panel's socket and the supervisor's monitor may live on different ones."""

    __tablename__ = "panel_health"
    device_id: Mapped[int] = mapped_column(ForeignKey("device.id", ondelete="CASCADE"), primary_key=True)
    connected: Mapped[bool] = mapped_column(Boolean, default=True)
    seq: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the last event seq the panel applied
    audio: Mapped[str] = mapped_column(String(8), default="unknown")  # ok, muted, unknown
    version: Mapped[str] = mapped_column(String(40), default="")
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime)
