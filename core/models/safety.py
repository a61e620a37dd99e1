"""Staff safety: an «Emergencia» raised from a desk console, kept until a supervisor acknowledges it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models.base import UTCDateTime
from core.models.org import Desk


class EmergencyAlert(db.Model):
    """One alert: which desk, which agent, when; who acknowledged it and when (the audit trail)."""

    __tablename__ = "emergency_alert"
    id: Mapped[int] = mapped_column(primary_key=True)
    desk_id: Mapped[int] = mapped_column(ForeignKey("desk.id"))
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    agent_name: Mapped[str] = mapped_column(String(120))
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    acknowledged_by: Mapped[str] = mapped_column(String(120), default="")

    desk: Mapped[Desk] = relationship()
