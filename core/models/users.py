"""Staff users, their API tokens, and devices (kiosks, panels, printers, survey tablets)."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models.base import UTCDateTime
from core.models.org import Desk, WaitingArea
from core.roles import holds

DEVICE_KINDS = ("kiosk", "panel", "printer", "survey")


class User(UserMixin, db.Model):
    __tablename__ = "user"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(256))
    roles_csv: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    # The Centro de Operaciones the person works for (Top 10: «el Centro de Operaciones correspondiente»), as the
    # damage reports name it in «Zona / Centro de Operaciones»; "" = every centre (and every central role).
    operations_centre: Mapped[str] = mapped_column(String(120), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Part of the session's user id: raising it (sign-out, password reset, disabling) ends every session.
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    def get_id(self) -> str:  # Flask-Login stores this in the session and the remember-me cookie
        return f"{self.id}:{self.session_version}"

    @property
    def roles(self) -> set[str]:
        return {r for r in self.roles_csv.split(",") if r}

    def has_role(self, *roles: str) -> bool:
        """Admin can do everything; otherwise any of the given roles."""
        return holds(self.roles, roles)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class ApiToken(db.Model):
    __tablename__ = "api_token"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    user: Mapped[User] = relationship()


class Device(db.Model):
    __tablename__ = "device"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    name: Mapped[str] = mapped_column(String(80), unique=True)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("waiting_area.id"), nullable=True)
    desk_id: Mapped[int | None] = mapped_column(ForeignKey("desk.id"), nullable=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Remembered in a page's session with the device id: a new token (or a revocation) raises it, which ends
    # the sessions opened with the old token.
    token_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    area: Mapped[WaitingArea | None] = relationship()
    desk: Mapped[Desk | None] = relationship()

    @property
    def display_name(self) -> str:
        """How a ticket's history names the device (the audit adds «(dispositivo)»): its own name, which admins
        give in Spanish («kiosco-entrada»). The English kind code («kiosk:») showed on the Spanish audit page."""
        return self.name
