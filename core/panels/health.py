"""Waiting-room panel health: each panel reports, every 30 s and whenever it changes, that it is connected, the
last event sequence number it applied, whether its browser lets it play sound, and the release it runs. A
disconnect is recorded too. The admin monitor lists every panel and raises an alert for a muted one, a silent
one (no report for more than SILENT_AFTER_S) and a disconnected one.

The last report lives in the database (core/models/panels.py), not in a process's memory: with several
instances behind Redis the panel's socket and the supervisor's monitor may be served by different instances.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from core import clock
from core.extensions import db
from core.models import Device, PanelHealth
from core.people import users
from core.realtime import broadcast, outbox
from core.tx import unit_of_work

AUDIO_STATES = ("ok", "muted", "unknown")
REPORT_EVERY_S = 30  # the panel page reads it (data-report-every)
SILENT_AFTER_S = 90  # three reports missed
NEVER_REPORTED = datetime(1970, 1, 1, tzinfo=UTC)  # the `last_report` of a socket that sent none


def _entry(device: Device, row: PanelHealth | None) -> dict[str, Any]:
    """A panel as the monitor shows it (no report yet: not connected, audio unknown)."""
    return {
        "device": device.id, "name": device.name,
        "area": device.area.code if device.area else broadcast.ALL_AREAS,
        "area_name": device.area.name if device.area else "Todas las salas",
        "connected": bool(row and row.connected), "seq": row.seq if row else None,
        "audio": row.audio if row else "unknown", "version": row.version if row else "",
        "reported_at": clock.iso(row.reported_at) if row else None,
    }


def _seq(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def report(device_id: int, *, connected: bool, seq: object = None, audio: object = None, version: object = None,
           last_report: datetime | None = None, now: datetime | None = None) -> dict[str, Any] | None:
    """Record a panel's report and send it to the monitors (`panel_health`, staff rooms). Values a panel cannot
    mean are stored as unknown. None, and nothing recorded, for a device that is not (or no longer) a panel.
    A disconnect keeps the last seq, audio and version: the monitor shows what the panel was doing.

    A socket's disconnect names its `last_report` (NEVER_REPORTED when it sent none). A panel whose connection
    dropped comes back on a new socket at once, while the server notices the old one gone only at its ping
    timeout, seconds later; when the panel has reported connected since (its new socket), that late disconnect is
    not recorded, or the monitor would show a connected panel as disconnected until its next report."""
    now = now or clock.now()
    with unit_of_work():
        device = db.session.get(Device, device_id)
        if device is None or device.kind != "panel" or device.revoked_at is not None:
            return None
        row = db.session.get(PanelHealth, device_id)
        if (not connected and last_report is not None and row is not None and row.connected
                and row.reported_at is not None and clock.as_utc(row.reported_at) > clock.as_utc(last_report)):
            return _entry(device, row)  # another socket of this panel reported after this one
        if row is None:
            row = PanelHealth(device_id=device_id, audio="unknown", version="")
            db.session.add(row)
        row.connected = connected
        if connected:
            row.seq = _seq(seq)
            row.audio = audio if isinstance(audio, str) and audio in AUDIO_STATES else "unknown"
            row.version = str(version)[:40] if isinstance(version, str | int) else ""
        row.reported_at = now
        if connected and users.seen_due(device, now):  # a panel on all day on one socket is seen by its reports
            device.last_seen_at = now
        entry = _entry(device, row)
        outbox.to_staff("panel_health", entry, sequenced=False)
    return entry


def panels() -> list[dict[str, Any]]:
    """Every panel device not revoked, with its last report, for the monitor's snapshot."""
    devices = list(db.session.scalars(
        select(Device).where(Device.kind == "panel", Device.revoked_at.is_(None)).order_by(Device.name)))
    rows = {r.device_id: r for r in db.session.scalars(
        select(PanelHealth).where(PanelHealth.device_id.in_([d.id for d in devices])))}
    return [_entry(d, rows.get(d.id)) for d in devices]
