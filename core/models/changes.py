"""The configuration change log (Administración → Auditoría → «Cambios de configuración»): one row per change an
admin or supervisor made, written by core/org/changes.py in the same transaction as the change itself."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import db
from core.models.base import UTCDateTime


class ConfigChange(db.Model):
    """Who (the actor's kind, id and name as they were), when (UTC), which object (its kind, code and name) and
    what: the action and a Spanish summary, one «Campo: antes → después» line per field that changed. Never a
    password, a token or a hash."""

    __tablename__ = "config_change"
    __table_args__ = (Index("ix_config_change_at", "at"), Index("ix_config_change_kind_at", "kind", "at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_kind: Mapped[str] = mapped_column(String(16))  # user | device | system
    actor_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    actor_name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(24))  # core/org/changes.py KINDS
    action: Mapped[str] = mapped_column(String(24))  # core/org/changes.py ACTIONS
    object_code: Mapped[str] = mapped_column(String(64), default="")
    object_name: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
