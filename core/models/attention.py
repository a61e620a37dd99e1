"""Every customer attended at the entrance (COM-DSC-P01 act. 1–8), and their answer to the P01 question.

An attention is one customer informed (act. 2), located and directed (act. 3–4) or given a ticket (act. 8),
at reception or at the kiosk. Info-only and locate-only visits leave no ticket, so without this row P01 could
not count them. Its `token` is the short public link printed as a QR on the brochure and the directions slip.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models.base import UTCDateTime
from core.models.tickets import Ticket

# «pending»: act. 7, a customer told what to settle first (pending requirements or a debt), with no ticket.
ATTENTION_KINDS = {"info": "Información", "locate": "Ubicación", "ticket": "Ficha",
                   "pending": "Requisitos o deuda pendientes"}


class Attention(db.Model):
    __tablename__ = "attention"
    __table_args__ = (Index("ix_attention_at", "at"), Index("ix_attention_day_customer", "day", "customer_key"))
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # info | locate | ticket | pending
    channel: Mapped[str] = mapped_column(String(12))  # reception | kiosk
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    day: Mapped[date] = mapped_column(Date)
    # The topic, directory entry or transaction, as it read then (the catalogue may change later).
    node_code: Mapped[str] = mapped_column(String(48), default="")
    topic: Mapped[str] = mapped_column(String(160), default="")
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"), nullable=True, unique=True)
    actor_kind: Mapped[str] = mapped_column(String(8))  # user | device | system
    actor_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    actor_name: Mapped[str] = mapped_column(String(120), default="")
    token: Mapped[str] = mapped_column(String(32), unique=True)
    # «pending» only: a keyed digest of the account or CI the check was for (never the reference itself), so a
    # ticket the same customer takes later that day follows it up (core/tickets/follow_up.py).
    customer_key: Mapped[str | None] = mapped_column(String(32), nullable=True)

    ticket: Mapped[Ticket | None] = relationship()


class InfoAnswer(db.Model):
    """The P01 question («¿La información y la orientación que recibió fueron claras?»): one per attention."""

    __tablename__ = "info_answer"
    __table_args__ = (UniqueConstraint("attention_id", name="uq_info_answer_attention"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    attention_id: Mapped[int] = mapped_column(ForeignKey("attention.id"))
    satisfied: Mapped[bool] = mapped_column()
    source: Mapped[str] = mapped_column(String(12))  # reception | status_page | slip
    at: Mapped[datetime] = mapped_column(UTCDateTime)
