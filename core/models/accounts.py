"""Customer accounts imported from Smartflex exports (the local account-lookup source)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import db
from core.models.base import UTCDateTime


class Account(db.Model):
    __tablename__ = "account"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    ci: Mapped[str] = mapped_column(String(20), default="", index=True)
    holder_name: Mapped[str] = mapped_column(String(160), default="")
    debt_amount: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=Decimal("0"))
    # One pending requirement per line.
    pending_requirements: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
