"""Leases of the scheduled jobs (core/jobs/lease.py): which process runs each one now."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import db
from core.models.base import UTCDateTime


class JobLease(db.Model):
    """One row per job name, taken over by another process once `expires_at` has passed."""

    __tablename__ = "job_lease"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))  # host:pid:random of the process holding it
    acquired_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
