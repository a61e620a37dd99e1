"""The office: branch, waiting areas, queues and desks."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models.base import UTCDateTime


class Branch(db.Model):
    __tablename__ = "branch"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(120))


class WaitingArea(db.Model):
    __tablename__ = "waiting_area"
    __table_args__ = (UniqueConstraint("branch_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"))
    code: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(80))
    directions: Mapped[str] = mapped_column(Text, default="")

    branch: Mapped[Branch] = relationship()


class Queue(db.Model):
    __tablename__ = "queue"
    # Named: the naming convention would call both "uq_queue_branch_id" (it uses only the first column).
    __table_args__ = (
        UniqueConstraint("branch_id", "code", name="uq_queue_branch_id_code"),
        UniqueConstraint("branch_id", "prefix", name="uq_queue_branch_id_prefix"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"))
    code: Mapped[str] = mapped_column(String(24))
    prefix: Mapped[str] = mapped_column(String(3))
    name: Mapped[str] = mapped_column(String(120))
    area_id: Mapped[int] = mapped_column(ForeignKey("waiting_area.id"))
    sla_minutes: Mapped[int] = mapped_column(Integer, default=15)
    default_service_minutes: Mapped[int] = mapped_column(Integer, default=8)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Daily limits (issue 11, after ZMS): at most this many tickets a day; no ticket that cannot be served before
    # `closes_at`; `opens_at` is what the kiosk says the trámite opens at. La Paz wall-clock times; None = no limit.
    daily_quota: Mapped[int | None] = mapped_column(Integer, nullable=True)
    opens_at: Mapped[time | None] = mapped_column(Time, nullable=True)
    closes_at: Mapped[time | None] = mapped_column(Time, nullable=True)

    area: Mapped[WaitingArea] = relationship()
    # The desks serving it, to read (edited through Desk.queue_links): the estimate's desks that may call a ticket.
    desks: Mapped[list[Desk]] = relationship(secondary="desk_queue", viewonly=True, order_by="Desk.id")


class Desk(db.Model):
    __tablename__ = "desk"
    __table_args__ = (UniqueConstraint("branch_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"))
    code: Mapped[str] = mapped_column(String(24))
    name: Mapped[str] = mapped_column(String(80))
    # How the panel voice says the name ("Mezanine B O C"); empty = the name itself.
    spoken_name: Mapped[str] = mapped_column(String(120), default="")
    area_id: Mapped[int] = mapped_column(ForeignKey("waiting_area.id"))
    # open | paused | closed
    state: Mapped[str] = mapped_column(String(12), default="closed")
    # Since when it is in that state (desk_shifts.set_state): the monitor's «En pausa desde 10:32». Nothing else
    # records a pause; None for a desk that has not changed state since this column came.
    state_since: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    current_ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("ticket.id", use_alter=True, name="fk_desk_current_ticket"), nullable=True
    )
    # Consecutive preferential calls, for the N:1 preferential policy.
    pref_streak: Mapped[int] = mapped_column(Integer, default=0)
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    area: Mapped[WaitingArea] = relationship()
    queue_links: Mapped[list[DeskQueue]] = relationship(
        order_by="DeskQueue.position", cascade="all, delete-orphan", back_populates="desk"
    )

    @property
    def queues(self) -> list[Queue]:
        return [link.queue for link in self.queue_links]


class DeskQueue(db.Model):
    """The queues a desk serves, in display order."""

    __tablename__ = "desk_queue"
    desk_id: Mapped[int] = mapped_column(ForeignKey("desk.id"), primary_key=True)
    queue_id: Mapped[int] = mapped_column(ForeignKey("queue.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    desk: Mapped[Desk] = relationship(back_populates="queue_links")
    queue: Mapped[Queue] = relationship()
