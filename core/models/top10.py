"""Seguimiento Top 10 (seeds/001_…): Smartflex damage reports and cancellations, the weekly cases and the
append-only trail of what each role did with them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models.base import UTCDateTime
from core.models.users import User


class DamageReport(db.Model):
    """A Smartflex damage report (reporte de daño); the Smartflex number is the upsert key."""

    __tablename__ = "top10_damage_report"
    __table_args__ = (Index("ix_top10_damage_customer_time", "customer_code", "reported_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    customer_code: Mapped[str] = mapped_column(String(40))
    customer_name: Mapped[str] = mapped_column(String(160), default="")
    segment: Mapped[str] = mapped_column(String(60), default="")  # billing level
    product: Mapped[str] = mapped_column(String(60), default="")
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    work_order: Mapped[str] = mapped_column(String(40), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    # Contact data for fidelización's call (step 9) and USM's visit (step 14).
    phone: Mapped[str] = mapped_column(String(80), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    zone: Mapped[str] = mapped_column(String(120), default="")  # zone / operations centre
    contact_person: Mapped[str] = mapped_column(String(160), default="")
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"), nullable=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)


class Cancellation(db.Model):
    """A product cancellation (baja) from Smartflex: the input of the monthly indicator."""

    __tablename__ = "top10_cancellation"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    customer_code: Mapped[str] = mapped_column(String(40))
    product: Mapped[str] = mapped_column(String(60), default="")
    cancelled_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"), nullable=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)


class Top10Case(db.Model):
    """One Top 10 customer of one ISO week (La Paz), followed through the procedure's steps."""

    __tablename__ = "top10_case"
    __table_args__ = (UniqueConstraint("week", "customer_code", name="uq_top10_case_week_customer"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    week: Mapped[str] = mapped_column(String(8), index=True)  # "2026-W48"
    customer_code: Mapped[str] = mapped_column(String(40), index=True)
    customer_name: Mapped[str] = mapped_column(String(160), default="")
    segment: Mapped[str] = mapped_column(String(60), default="")
    rank: Mapped[int] = mapped_column(Integer)
    repeat_count: Mapped[int] = mapped_column(Integer)
    report_numbers: Mapped[str] = mapped_column(Text, default="")  # the reports behind the detection, "R1, R2"
    last_report_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20), index=True)
    assigned_role: Mapped[str] = mapped_column(String(20), default="")
    assigned_user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    distribution: Mapped[str] = mapped_column(String(20), default="")  # fidelizacion | calidad
    management: Mapped[str] = mapped_column(String(20), default="")  # fidelización's 9.1 type
    satisfied: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    priority: Mapped[bool] = mapped_column(Boolean, default=False)  # step 18
    visit_mode: Mapped[str] = mapped_column(String(20), default="")
    visit_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    work_order: Mapped[str] = mapped_column(String(40), default="")
    # Contact data for fidelización's call (step 9) and USM's visit (step 14).
    phone: Mapped[str] = mapped_column(String(80), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    zone: Mapped[str] = mapped_column(String(120), default="")  # zone / operations centre
    contact_person: Mapped[str] = mapped_column(String(160), default="")
    reopened: Mapped[int] = mapped_column(Integer, default=0)  # repeats after closing, within the window
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    assigned_user: Mapped[User | None] = relationship()
    actions: Mapped[list[Top10Action]] = relationship(back_populates="case", order_by="Top10Action.id")

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def prioritised(self) -> bool:
        """Step 18's priority, which matters while the case is open (a closed case keeps the flag for its record)."""
        return self.priority and self.is_open


class Top10Action(db.Model):
    """Append-only: what was done at which step of the procedure, by whom and when."""

    __tablename__ = "top10_action"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("top10_case.id"), index=True)
    step: Mapped[int] = mapped_column(Integer)  # 1–19, as numbered in the procedure
    substep: Mapped[str] = mapped_column(String(8), default="")  # "9.1", "15.1"…
    action: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(Text, default="")
    from_status: Mapped[str] = mapped_column(String(20), default="")
    to_status: Mapped[str] = mapped_column(String(20), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    actor_name: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime] = mapped_column(UTCDateTime)

    case: Mapped[Top10Case] = relationship(back_populates="actions")

    @property
    def step_label(self) -> str:
        return self.substep or str(self.step)
