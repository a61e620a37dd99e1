"""Staff safety (issue 11): a discreet «Emergencia» on the desk console alerts every supervisor's monitor at once,
with desk, agent and time, and stays there until a supervisor acknowledges it. Off unless the `desk_emergency`
setting is on. Each alert is a row (who raised it, when, who acknowledged it, when), listed in Admin → Auditoría.

Only the `staff:supervisors` room hears it (core/realtime/rooms.py): not the desks, not reception.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy import select

from core import clock, lookups, settings, validation
from core.actors import Actor
from core.errors import Forbidden, NotFound
from core.extensions import db
from core.models import EmergencyAlert
from core.realtime import outbox, rooms
from core.roles import SUPERVISORS, require
from core.tickets import desk_shifts
from core.tx import unit_of_work

logger = logging.getLogger(__name__)
RECENT = 50


def enabled() -> bool:
    return settings.get("desk_emergency") == "on"


def brief(alert: EmergencyAlert) -> dict[str, Any]:
    return {"id": alert.id, "desk": alert.desk.code, "desk_name": alert.desk.name, "agent": alert.agent_name,
            "raised_at": clock.iso(alert.raised_at), "acknowledged_at": clock.iso(alert.acknowledged_at),
            "acknowledged_by": alert.acknowledged_by}


def raise_alert(desk_code: str, *, actor: Actor, now: datetime | None = None) -> EmergencyAlert:
    """The agent working `desk_code` asks for help: supervisors' monitors show and sound it after commit."""
    now = now or clock.now()
    if not enabled():
        raise Forbidden("El botón «Emergencia» no está activado en esta oficina.", code="emergency_disabled")
    with unit_of_work():
        desk = lookups.desk(desk_code)
        desk_shifts.check_operator(desk, actor)  # the agent at that desk (or a supervisor), never someone elsewhere
        alert = EmergencyAlert(desk_id=desk.id, agent_id=actor.id if actor.kind == "user" else None,
                               agent_name=actor.name, raised_at=now, acknowledged_by="")
        db.session.add(alert)
        db.session.flush()
        outbox.queue("emergency", rooms.SUPERVISORS, brief(alert), sequenced=False)
        outbox.log_after_commit(logger, "EMERGENCY raised at desk %s by %s", desk.code, actor.name)
    return alert


def acknowledge(alert_id: int, *, actor: Actor, now: datetime | None = None) -> EmergencyAlert:
    """A supervisor has it in hand: it leaves every monitor (acknowledging twice keeps the first)."""
    now = now or clock.now()
    require(actor, SUPERVISORS, "Solo supervisión puede dar por atendida una emergencia.")
    with unit_of_work():
        found = validation.record_id(alert_id)
        alert = db.session.get(EmergencyAlert, found, with_for_update=True) if found else None
        if alert is None:
            raise NotFound("La alerta de emergencia no existe.")
        if alert.acknowledged_at is None:
            alert.acknowledged_at, alert.acknowledged_by = now, actor.name
            outbox.queue("emergency_acknowledged", rooms.SUPERVISORS, brief(alert), sequenced=False)
            outbox.log_after_commit(logger, "emergency %s at desk %s acknowledged by %s", alert.id,
                                    alert.desk.code, actor.name)
    return alert


def open_alerts() -> list[dict[str, Any]]:
    """Alerts nobody acknowledged yet, oldest first: a monitor opened later still shows them."""
    return [brief(a) for a in db.session.scalars(
        select(EmergencyAlert).where(EmergencyAlert.acknowledged_at.is_(None)).order_by(EmergencyAlert.id))]


def recent() -> list[dict[str, Any]]:
    """The latest alerts, newest first, for the audit page (with the times as datetimes for its filters)."""
    return [{**brief(a), "raised": a.raised_at, "acknowledged": a.acknowledged_at} for a in db.session.scalars(
        select(EmergencyAlert).order_by(EmergencyAlert.id.desc()).limit(RECENT))]
