"""Tickets, their append-only event log, the daily counters and the per-room event sequence."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models.base import UTCDateTime
from core.models.org import Desk, Queue

PREFERENTIAL = {
    "adulto_mayor": "Adulto mayor",
    "discapacidad": "Persona con discapacidad",
    "embarazada": "Embarazada",
}
# ok | pending_requirements | debt | unverified (lookup down: "verificación pendiente") | override | none
VERIFICATIONS = ("none", "ok", "pending_requirements", "debt", "unverified", "override")


class Ticket(db.Model):
    __tablename__ = "ticket"
    __table_args__ = (
        UniqueConstraint("branch_id", "origin_queue_id", "day", "number", name="uq_ticket_number"),
        # A key is the caller's own: the same key from another kiosk or user is another request.
        UniqueConstraint("idempotency_scope", "idempotency_key", name="uq_ticket_idempotency"),
        # Waiting tickets by arrival; the target desk and the type ride along so a desk's next ticket and the
        # tickets after a customer's are found from the index alone (core/tickets/positions.py).
        Index("ix_ticket_waiting", "status", "queue_id", "arrival_at", "target_desk_id", "preferential"),
        Index("ix_ticket_day", "branch_id", "day"),
        # Today's tickets of a queue without walking the history (issue 13): the estimate's recent services,
        # the panels' last calls and the monitor's movements filter on the business day. Through
        # ix_ticket_waiting they read every finished ticket ever, and an issue cost ~4× more after 60 days.
        Index("ix_ticket_day_queue", "day", "queue_id", "status"),
        # People ahead counts the waiting tickets of a desk's queues by target desk and preferential type from
        # this index alone (core/tickets/positions.py): through ix_ticket_waiting each row was read from the table.
        Index("ix_ticket_waiting_class", "status", "queue_id", "target_desk_id", "preferential"),
        # The panels' last calls, newest first, read from the index until the list is full (every call and finish,
        # twice): through ix_ticket_day_queue every ticket of the day was read and sorted.
        Index("ix_ticket_day_called", "day", "last_called_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"))
    # The queue the number was issued in: the number keeps its prefix after a transfer.
    origin_queue_id: Mapped[int] = mapped_column(ForeignKey("queue.id"))
    queue_id: Mapped[int] = mapped_column(ForeignKey("queue.id"))
    day: Mapped[date] = mapped_column(Date)
    number: Mapped[int] = mapped_column(Integer)
    prefix: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(12), default="waiting")
    transaction_code: Mapped[str] = mapped_column(String(48))
    transaction_label: Mapped[str] = mapped_column(String(160))
    preferential: Mapped[str | None] = mapped_column(String(16), nullable=True)
    account_ref: Mapped[str | None] = mapped_column(String(32), nullable=True)
    verification: Mapped[str] = mapped_column(String(24), default="none")
    verification_note: Mapped[str] = mapped_column(Text, default="")
    desk_id: Mapped[int | None] = mapped_column(ForeignKey("desk.id"), nullable=True)
    # Set by a transfer to a specific desk: only that desk may call the ticket.
    target_desk_id: Mapped[int | None] = mapped_column(ForeignKey("desk.id"), nullable=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Call order: equal to issued_at unless a transfer reset it.
    arrival_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Since when the customer waits now: the issue, or the transfer that sent them on after a desk had them. What
    # «Espera más larga» reads (the monitor, the consoles); the call order keeps `arrival_at`.
    waiting_since: Mapped[datetime] = mapped_column(UTCDateTime)
    called_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)  # first call
    last_called_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)  # latest call/recall
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    outcome: Mapped[str] = mapped_column(String(200), default="")
    recalls: Mapped[int] = mapped_column(Integer, default=0)
    channel: Mapped[str] = mapped_column(String(12), default="kiosk")  # kiosk | reception | api
    token: Mapped[str] = mapped_column(String(48), unique=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(80), nullable=True)
    # Who sent the key: "device:<id>", "user:<id>" or "system:" (core/tickets/engine.py::idempotency_scope).
    idempotency_scope: Mapped[str | None] = mapped_column(String(40), nullable=True)

    queue: Mapped[Queue] = relationship(foreign_keys=[queue_id])
    desk: Mapped[Desk | None] = relationship(foreign_keys=[desk_id])
    target_desk: Mapped[Desk | None] = relationship(foreign_keys=[target_desk_id])

    @property
    def label(self) -> str:
        return self.label_of(self.prefix, self.number)

    @staticmethod
    def label_of(prefix: str, number: int) -> str:
        """The number as screens, printouts and the voice give it: «A-012»."""
        return f"{prefix}-{number:03d}"


class TicketEvent(db.Model):
    """Append-only: who did what to a ticket, when, from which state to which."""

    __tablename__ = "ticket_event"
    # The audit's newest-first page walks this instead of sorting every event ever (29 ms at 72,000 events, ~0.4 s
    # a year, with one gevent worker answering nothing else meanwhile); it costs a call ~3 % more CPU.
    __table_args__ = (Index("ix_ticket_event_at", "at", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    action: Mapped[str] = mapped_column(String(24))
    from_status: Mapped[str | None] = mapped_column(String(12), nullable=True)
    to_status: Mapped[str] = mapped_column(String(12))
    from_queue_id: Mapped[int | None] = mapped_column(ForeignKey("queue.id"), nullable=True)
    to_queue_id: Mapped[int | None] = mapped_column(ForeignKey("queue.id"), nullable=True)
    desk_id: Mapped[int | None] = mapped_column(ForeignKey("desk.id"), nullable=True)
    # A transfer to a desk: where it sent the ticket (desk_id is the desk it left).
    to_desk_id: Mapped[int | None] = mapped_column(ForeignKey("desk.id"), nullable=True)
    actor_kind: Mapped[str] = mapped_column(String(8))  # user | device | system
    actor_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    actor_name: Mapped[str] = mapped_column(String(120), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    ticket: Mapped[Ticket] = relationship()


class DailyCounter(db.Model):
    """Last number given per branch, queue and business day; incremented under a row lock."""

    __tablename__ = "daily_counter"
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), primary_key=True)
    queue_id: Mapped[int] = mapped_column(ForeignKey("queue.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class RoomSequence(db.Model):
    """The sequence number of the last event sent to a Socket.IO room (a panel's area, a desk, staff)."""

    __tablename__ = "room_sequence"
    room: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class SurveyAnswer(db.Model):
    """The P01 indicator: one answer per ticket."""

    __tablename__ = "survey_answer"
    __table_args__ = (UniqueConstraint("ticket_id", name="uq_survey_ticket"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"))
    desk_id: Mapped[int | None] = mapped_column(ForeignKey("desk.id"), nullable=True)
    satisfied: Mapped[bool] = mapped_column()
    score: Mapped[int | None] = mapped_column(Integer, nullable=True)  # optional 1–5 faces
    source: Mapped[str] = mapped_column(String(12))  # tablet | status_page
    at: Mapped[datetime] = mapped_column(UTCDateTime)
