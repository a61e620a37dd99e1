"""Whether a desk can call a queue's customers now: the one rule behind the kiosk's and the status page's
«Ningún mesón atiende…» / «… están en pausa» and the live monitor's flags on its queues."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from core.extensions import db
from core.models import Desk, DeskQueue

# Who may call now: the active desks that are not closed (open or paused), with the queues they serve.
NOT_CLOSED = (select(Desk.id, DeskQueue.queue_id, Desk.state).join(DeskQueue, DeskQueue.desk_id == Desk.id)
              .where(Desk.state != "closed", Desk.active.is_(True)))


def availability(states: Iterable[str]) -> str:
    """How the desks that may call a ticket stand, from their states: "open" when one of them is open, "paused"
    when every one not closed pauses, "none" when all are closed (or there are none)."""
    working = set(states) - {"closed"}
    if not working:
        return "none"
    return "paused" if working == {"paused"} else "open"


def by_queue() -> dict[int, str]:
    """queue id → `availability` of the desks that serve it now; a queue no open or paused desk serves is absent
    ("none")."""
    states: dict[int, set[str]] = {}
    for _desk, queue_id, state in db.session.execute(NOT_CLOSED):
        states.setdefault(queue_id, set()).add(state)
    return {queue_id: availability(found) for queue_id, found in states.items()}
